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
	// PublicReady, if set, receives the public site's address once open.
	PublicReady func(addr string)
	// Ready, if set, receives the address actually listened on (useful with
	// port 0 in tests) once the listener is open.
	Ready func(addr string)
}

// shutdownGrace is how long running requests get to finish on SIGTERM.
const shutdownGrace = 15 * time.Second

// Serve runs the desk until ctx ends, then shuts down gracefully.
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
	sendCtx, stopSending := context.WithCancel(ctx)
	waitSending := StartSending(sendCtx, svc, c.Send, log)
	defer waitSending()
	defer stopSending()
	waitHotline := StartHotline(sendCtx, svc, c.Hotline, log)
	defer waitHotline()
	waitPublishing := StartPublishing(sendCtx, svc, log)
	defer waitPublishing()
	publicErr := make(chan error, 1)
	if c.PublicAddr != "" {
		go func() { publicErr <- servePublic(sendCtx, svc, c, log) }()
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads of evidence on slow links
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if c.Ready != nil {
		c.Ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if c.TLSCert != "" {
			errc <- srv.ServeTLS(ln, c.TLSCert, c.TLSKey)
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return err
	case err := <-publicErr:
		srv.Close()
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
