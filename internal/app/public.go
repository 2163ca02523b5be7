package app

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/web/public"
)

// StartPublishing runs the public side's outbox (subscription
// confirmations, updates to subscribers, self-check answers) until ctx
// ends. The returned wait blocks until it has stopped.
func StartPublishing(ctx context.Context, svc *Services, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	if svc.Publish == nil {
		return wg.Wait
	}
	p := svc.Publish
	wg.Go(func() {
		keepRunning(ctx, log, "public outbox", func(ctx context.Context) error {
			return p.RunOutbox(ctx, relayDialer{svc.Notify}, log)
		})
	})
	return wg.Wait
}

// publicSite is the public listener, opened but not yet serving.
type publicSite struct {
	site *public.Server
	ln   net.Listener
	srv  *http.Server
}

// openPublic builds the public site and opens its listener on
// c.PublicAddr, so that a port already taken stops the start before
// anything runs. It sets the publish service's fallback URL for links in
// mails (and the site's for links in its JSON and feeds): c.PublicURL,
// else the address listened on.
func openPublic(svc *Services, c ServeConfig, log *slog.Logger) (*publicSite, error) {
	if svc.Publish == nil {
		return nil, fmt.Errorf("--public-addr: the public site needs the register's key")
	}
	ln, err := net.Listen("tcp", c.PublicAddr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (--public-addr): %w", c.PublicAddr, err)
	}
	base := c.PublicURL
	if base == "" {
		base = ListenURL(ln.Addr().String())
	}
	base = strings.TrimSuffix(base, "/")
	site, err := public.New(public.Config{Publish: svc.Publish, Logger: log, TrustProxy: c.TrustProxy, BaseURL: base})
	if err != nil {
		ln.Close()
		return nil, err
	}
	svc.Publish.SetFallbackURL(base)
	// Short timeouts: the public side faces the internet and serves small
	// pages from memory; a slow client must not hold a connection long.
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return &publicSite{site: site, ln: ln, srv: srv}, nil
}

// addr is the address listened on.
func (p *publicSite) addr() string { return p.ln.Addr().String() }

// serve renders the site, keeps it current and serves it until ctx ends
// or the listener fails; it returns once the listener has shut down.
func (p *publicSite) serve(ctx context.Context, log *slog.Logger) error {
	if err := p.site.Start(ctx); err != nil {
		p.ln.Close()
		return fmt.Errorf("public site: %w", err)
	}
	log.Info("public site listening", "addr", p.addr())
	return runServer(ctx, p.srv, func() error { return p.srv.Serve(p.ln) }, "public site")
}

// ListenURL is the http URL of a listener at addr, as a browser on this
// computer opens it: an address on every network (":8081", "[::]:8081")
// becomes localhost.
func ListenURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// CheckPublicURL says what is wrong with a --public-url: it must be an
// absolute http or https URL without query or fragment, as links in mails
// are built by appending paths to it.
func CheckPublicURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("not an absolute http or https URL such as https://status.example.com")
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("must not hold a query, a fragment or a user name")
	}
	return nil
}
