package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/mail"
)

// serve runs the desk until Ctrl-C or SIGTERM.
func (p *program) serve(ctx context.Context, args []string) error {
	f := p.newFlags("serve", "[options]",
		"Runs the desk for your team: the web pages for the crisis team and the API for scripts. "+
			"It keeps running until you press Ctrl-C (or the service manager stops it); running work is finished before it stops.\n\n"+
			"Without options the desk keeps its data in the folder ./breachdesk-data, created on the first start, "+
			"and answers on port 8080. Create the first admin with 'breachdesk user add EMAIL --role admin'.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, true)
	var sv serveFlags
	sv.define(f, "")
	var keys keyFlags
	keys.define(f)
	var relay smtpFlag
	relay.define(f)
	var bounce bounceFlags
	bounce.define(f, true)
	var inbox inboxFlags
	inbox.define(f)
	var lg logFlags
	lg.define(f)
	var lease time.Duration
	f.hiddenDurationVar(&lease, "claim-lease", defaultClaimLease)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("serve", "serve takes no arguments, but got %q", rest[0])
	}
	log, err := lg.logger("serve", p.stderr)
	if err != nil {
		return err
	}
	cfg, err := sv.config("serve")
	if err != nil {
		return err
	}
	if cfg.Send, err = sendConfig("serve", &relay, &bounce, lease); err != nil {
		return err
	}
	if cfg.Hotline, err = inbox.config("serve"); err != nil {
		return err
	}
	smtp, err := relay.config("serve")
	if err != nil {
		return err
	}
	svc, err := p.openRegister(ctx, &st, &keys, true, smtp)
	if err != nil {
		return err
	}
	defer svc.Close()
	if svc.Key.Created {
		log.Warn("a new register key was created; back it up apart from the database: without it the register cannot be read, "+
			"with it and a copy of the database everyone in it is exposed", "key_file", svc.Key.Path)
	}
	users, err := svc.Auth.Users(ctx, auth.CLI())
	if err != nil {
		return err
	}
	storage := st.config().Describe()
	publicURL := ""
	cfg.PublicReady = func(addr string) { publicURL = sv.publicSiteURL(addr) }
	cfg.Ready = func(addr string) {
		fmt.Fprintf(p.stdout, "breachdesk is running.\n\n  Open:     %s\n", sv.deskURL(addr))
		if publicURL != "" {
			fmt.Fprintf(p.stdout, "  Public:   %s\n", publicURL)
		}
		fmt.Fprintf(p.stdout, "  Storage:  %s\n\n", storage)
		if len(users) == 0 {
			fmt.Fprintf(p.stdout, "Nobody can log in yet. Create the first admin in another terminal with:\n  breachdesk user add you@example.com --role admin %s\n\n", st.flagsForHint())
		}
		fmt.Fprint(p.stdout, "Stop the desk with Ctrl-C.\n")
	}
	log.Info("desk starting", "version", app.Version, "storage", storage, "users", len(users))
	if err := app.Serve(ctx, svc, cfg, log); err != nil {
		return serveError(err, cfg)
	}
	log.Info("desk stopped")
	return nil
}

// sendConfig is the background sending of serve (and demo).
func sendConfig(cmd string, relay *smtpFlag, bounce *bounceFlags, lease time.Duration) (app.SendConfig, error) {
	c := app.SendConfig{ClaimLease: lease, BounceInterval: bounce.interval}
	if lease <= 0 {
		return c, usageErrorf(cmd, "--claim-lease must be longer than 0")
	}
	if bounce.url == "" {
		return c, nil
	}
	if bounce.interval < time.Second {
		return c, usageErrorf(cmd, "--bounce-interval must be at least 1s, such as 5m")
	}
	src, err := mail.NewBounceSource(bounce.url)
	if err != nil {
		return c, usageErrorf(cmd, "--bounce-imap: %v", err)
	}
	c.Bounces = src
	return c, nil
}

// serveError adds what to do when a port is taken, the most common reason
// a desk does not start.
func serveError(err error, c app.ServeConfig) error {
	if !errors.Is(err, syscall.EADDRINUSE) {
		return err
	}
	if strings.Contains(err.Error(), "--public-addr") {
		return fmt.Errorf("%w\nAnother program (perhaps another desk) uses %s; stop it, or choose another port with --public-addr, such as --public-addr :8082", err, c.PublicAddr)
	}
	return fmt.Errorf("%w\nAnother program (perhaps another desk) uses %s; stop it, or choose another port with --addr, such as --addr :8090", err, c.Addr)
}
