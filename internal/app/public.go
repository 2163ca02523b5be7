package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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

// servePublic serves the public site on addr until ctx ends; ready gets
// the address listened on. It returns when the listener has shut down.
func servePublic(ctx context.Context, svc *Services, c ServeConfig, log *slog.Logger) error {
	if svc.Publish == nil {
		return fmt.Errorf("--public-addr: the public site needs the register's key")
	}
	site, err := public.New(public.Config{Publish: svc.Publish, Logger: log, TrustProxy: c.TrustProxy})
	if err != nil {
		return err
	}
	if err := site.Start(ctx); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.PublicAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (--public-addr): %w", c.PublicAddr, err)
	}
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
	if c.PublicReady != nil {
		c.PublicReady(ln.Addr().String())
	}
	log.Info("public site listening", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("public site shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
