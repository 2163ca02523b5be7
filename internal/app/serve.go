package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/breachdesk/breachdesk/internal/web"
)

// ServeConfig is how the desk listens.
type ServeConfig struct {
	Addr          string
	TLSCert       string
	TLSKey        string
	SecureCookies bool
	TrustProxy    bool
	MaxUpload     int64
	Location      *time.Location
	// Send is the sending of notifications in the background.
	Send SendConfig
	// Hotline is the hotline's inbox polling and outbox in the background.
	Hotline HotlineConfig
	// PublicAddr, when set (--public-addr), serves the public site there.
	PublicAddr string
	// PublicURL (--public-url) is where the public site is reached from
	// outside, for links in mails when the page's settings name no URL;
	// http:// and the address listened on when empty.
	PublicURL string
	// PublicReady, if set, receives the public site's address once open.
	PublicReady func(addr string)
	// Ready, if set, receives the address actually listened on (useful with
	// port 0 in tests) once the listener is open.
	Ready func(addr string)
}

// shutdownGrace is how long running requests get to finish on SIGTERM.
const shutdownGrace = 15 * time.Second

// Serve runs the desk, and with c.PublicAddr the public site beside it,
// until ctx ends, then shuts both down gracefully. The two live and die
// together: when one listener fails, the other is shut down too, and
// Serve returns only after both have stopped.
func Serve(ctx context.Context, svc *Services, c ServeConfig, log *slog.Logger) error {
	handler, err := web.New(web.Config{
		Auth: svc.Auth, Incidents: svc.Incidents, Obligations: svc.Obligations, DraftPDF: DraftPDF, Logger: log, Location: c.Location,
		People: svc.People, Notify: svc.Notify, Hotline: svc.Hotline, Publish: svc.Publish, Letters: svc.Letters,
		MaxUpload: c.MaxUpload, SecureCookies: c.SecureCookies, TrustProxy: c.TrustProxy,
		Health: svc.Store.Ping, Version: Version,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	var pub *publicSite
	if c.PublicAddr != "" {
		if pub, err = openPublic(svc, c, log); err != nil {
			ln.Close()
			return err
		}
	}
	parent := ctx
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() {
		<-ctx.Done()
		if parent.Err() != nil {
			log.Info("shutting down", "grace", shutdownGrace.String())
		}
	}()
	waitSending := StartSending(ctx, svc, c.Send, log)
	defer waitSending()
	waitHotline := StartHotline(ctx, svc, c.Hotline, log)
	defer waitHotline()
	waitPublishing := StartPublishing(ctx, svc, log)
	defer waitPublishing()
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of evidence on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 2)
	running := 1
	if pub != nil {
		running++
		go func() { errc <- pub.serve(ctx, log) }()
		if c.PublicReady != nil {
			c.PublicReady(pub.addr())
		}
	}
	if c.Ready != nil {
		c.Ready(ln.Addr().String())
	}
	go func() {
		errc <- runServer(ctx, srv, func() error {
			if c.TLSCert != "" {
				return srv.ServeTLS(ln, c.TLSCert, c.TLSKey)
			}
			return srv.Serve(ln)
		}, "desk")
	}()
	// The first to return ends the other: either ctx ended (both shut
	// down gracefully) or a listener failed.
	var errsSeen []error
	for ; running > 0; running-- {
		if err := <-errc; err != nil {
			errsSeen = append(errsSeen, err)
		}
		stop()
	}
	return errors.Join(errsSeen...)
}

// runServer runs serve (srv's Serve or ServeTLS) until it fails or ctx
// ends; then it gives the running requests shutdownGrace to finish.
func runServer(ctx context.Context, srv *http.Server, serve func() error, what string) error {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("%s shutdown: %w", what, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
