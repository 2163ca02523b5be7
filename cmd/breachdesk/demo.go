package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/scan/synthleak"
)

// demo fills a desk of its own with a demo team and incident and serves it.
func (p *program) demo(ctx context.Context, args []string) error {
	f := p.newFlags("demo", "[options]",
		"Shows what breachdesk does: creates a desk in its own folder (./breachdesk-demo) with a demo crisis team "+
			"and an extortion incident in full swing, 30 hours into its 72-hour clock, and serves it. "+
			"It prints the address to open and the admin's e-mail address and password.\n\n"+
			"Beside the desk it writes a synthetic leak (folder demo-leak: made-up customer lists, a database dump, "+
			"mails, letters and backups) to try 'breachdesk scan' on, and prints the command that imports the people in it "+
			"into the demo incident's register of affected persons. The register key is created beside the database "+
			"(register.key), with the warning a real desk gets.\n\n"+
			"Started again on the same folder, the demo keeps its data and prints a new password. "+
			"It never touches a desk that is not a demo.")
	var st storeFlags
	st.define(f, app.DefaultDemoDataDir, true)
	var sv serveFlags
	sv.define(f, demoPublicAddr)
	var keys keyFlags
	keys.define(f)
	var relay smtpFlag
	relay.define(f)
	var inbox inboxFlags
	inbox.define(f)
	var lg logFlags
	lg.define(f)
	var lang string
	f.stringVar(&lang, "lang", "LANGUAGE", "en", "The language of the demo incident, its tasks and its users: en (English) or de (German).")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf("demo", "demo takes no arguments, but got %q", rest[0])
	}
	if !auth.ValidLanguage(lang) {
		return usageErrorf("demo", "--lang %q is not en or de", lang)
	}
	log, err := lg.logger("demo", p.stderr)
	if err != nil {
		return err
	}
	cfg, err := sv.config("demo")
	if err != nil {
		return err
	}
	if cfg.Send, err = sendConfig("demo", &relay, &bounceFlags{}, defaultClaimLease); err != nil {
		return err
	}
	if cfg.Hotline, err = inbox.config("demo"); err != nil {
		return err
	}
	smtp, err := relay.config("demo")
	if err != nil {
		return err
	}
	svc, err := p.openRegister(ctx, &st, &keys, true, smtp)
	if err != nil {
		return err
	}
	defer svc.Close()
	storage := st.config().Describe()
	login, err := app.PrepareDemo(ctx, svc, svc.Incidents.Now(), lang)
	if errors.Is(err, app.ErrNotDemoDesk) {
		return fmt.Errorf("the desk (%s) is not a demo desk: it has users but no demo admin. "+
			"The demo never changes a real desk; give it a folder of its own with --data", st.where())
	}
	if err != nil {
		return err
	}
	leak := ""
	if !st.config().UsesPostgres() {
		if leak, err = writeDemoLeak(st.data); err != nil {
			log.Warn("the synthetic leak for 'breachdesk scan' could not be written; the demo runs without it", "err", err)
		}
	}
	scanHint := ""
	if leak != "" && login.IncidentID != 0 {
		scanHint = "breachdesk scan --incident " + strconv.FormatInt(login.IncidentID, 10) + " --region CN " + st.flagsForHint()
		if keys.file != "" {
			scanHint += " --key-file " + shellWord(keys.file)
		}
		scanHint += " " + shellWord(leak)
	}
	publicURL := ""
	cfg.PublicReady = func(addr string) { publicURL = sv.publicSiteURL(addr) }
	cfg.Ready = func(addr string) { p.demoBanner(sv.deskURL(addr), publicURL, storage, login, leak, scanHint) }
	log.Info("demo starting", "version", app.Version, "storage", storage, "seeded", login.Seeded)
	if err := app.Serve(ctx, svc, cfg, log); err != nil {
		return serveError(err, cfg)
	}
	log.Info("demo stopped")
	return nil
}

// demoPublicAddr is where the demo's public site listens: the port beside
// the desk's (:8080), so that `make run` shows both.
const demoPublicAddr = ":8081"

// demoLeakDir is the folder in the demo's data folder that holds the
// synthetic leak.
const demoLeakDir = "demo-leak"

// writeDemoLeak writes the synthetic leak into the demo's data folder and
// returns its folder. A leak written by an earlier start is kept, like the
// desk. The leak is written beside its final place and renamed into it, so
// that an interrupted start never leaves half a leak that would be kept.
func writeDemoLeak(dataDir string) (string, error) {
	dir := filepath.Join(dataDir, demoLeakDir)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return dir, nil
	}
	partial := dir + ".partial"
	if err := os.RemoveAll(partial); err != nil {
		return "", err
	}
	if _, err := synthleak.DemoLeak(partial); err != nil {
		os.RemoveAll(partial)
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil { // an empty folder left behind
		return "", err
	}
	if err := os.Rename(partial, dir); err != nil {
		return "", err
	}
	return dir, nil
}

// shellWord quotes s for a POSIX shell when it holds anything but the
// characters of ordinary paths, so that a printed command can be pasted.
func shellWord(s string) string {
	plain := s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:,@%", r))
	}) < 0
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func (p *program) demoBanner(url, publicURL, storage string, login *app.DemoLogin, leak, scanHint string) {
	w := p.stdout
	fmt.Fprintf(w, "The breachdesk demo is running.\n\n")
	fmt.Fprintf(w, "  Open:      %s\n", url)
	if publicURL != "" {
		fmt.Fprintf(w, "  Public:    %s\n", publicURL)
	}
	fmt.Fprintf(w, "  E-mail:    %s\n", login.Email)
	fmt.Fprintf(w, "  Password:  %s\n", login.Password)
	fmt.Fprintf(w, "  Storage:   %s\n\n", storage)
	fmt.Fprintf(w, "Log in there with this e-mail address and password.\n")
	if login.IncidentTitle != "" {
		fmt.Fprintf(w, "The incident %q is waiting for you, its 72-hour clock running.\n", login.IncidentTitle)
	}
	if publicURL != "" {
		fmt.Fprintf(w, "The public site (statements, systems status, subscriptions, \"am I affected?\") is at %s;\n"+
			"it is what customers, the press and status widgets see, and nothing of the desk is reachable there.\n", publicURL)
	}
	if !login.Seeded {
		fmt.Fprintf(w, "This demo desk was there already: its data is kept, the passwords are new.\n")
	}
	if len(login.Notifiers) > 0 {
		fmt.Fprintf(w, "\nMore logins: comms writes a campaign or a public statement and the lead approves it; the hotline agent answers calls and mails:\n")
		for _, a := range login.Notifiers {
			fmt.Fprintf(w, "  %-8s %s  password %s\n", a.Role, a.Email, a.Password)
		}
	}
	if leak != "" {
		fmt.Fprintf(w, "\nTry the scanner on a synthetic leak:  breachdesk scan --region CN %s\n", shellWord(leak))
	}
	if scanHint != "" {
		fmt.Fprintf(w, "Import the people in it into the incident's register (in another terminal):\n  %s\n", scanHint)
	}
	fmt.Fprintf(w, "Stop the demo with Ctrl-C.\n")
}
