package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/web"
)

// flagSet is a subcommand's options over the standard flag package, with
// two additions: every option not given on the command line is read from
// its environment twin BREACHDESK_<NAME> (secrets also from a file named in
// BREACHDESK_<NAME>_FILE), and --help prints a usage text written for
// people who are not engineers.
type flagSet struct {
	fs     *flag.FlagSet
	cmd    string // "user add"
	args   string // what follows the command: "EMAIL --role ROLE [options]"
	about  string // what the command does, in a paragraph or two
	specs  []flagSpec
	getenv func(string) string
	stdout io.Writer
}

type flagSpec struct {
	name      string
	valueName string // what the value is in the help: "DIR", "URL"; "" for a switch
	def       string // the default as shown; "" shows none
	help      string
	secret    bool // also read from BREACHDESK_<NAME>_FILE; never echoed
	hidden    bool // for tests and experts; not in the help
}

func (p *program) newFlags(cmd, args, about string) *flagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{fs: fs, cmd: cmd, args: args, about: about, getenv: p.getenv, stdout: p.stdout}
}

// envName is the environment twin of a flag: --tls-cert is BREACHDESK_TLS_CERT.
func envName(flagName string) string {
	return "BREACHDESK_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flagSet) stringVar(p *string, name, valueName, def, help string) {
	f.fs.StringVar(p, name, def, help)
	f.specs = append(f.specs, flagSpec{name: name, valueName: valueName, def: def, help: help})
}

// secretVar is a string option that holds a secret (a database URL with its
// password): it may come from a file, and is never echoed in a message.
func (f *flagSet) secretVar(p *string, name, valueName, help string) {
	f.fs.StringVar(p, name, "", help)
	f.specs = append(f.specs, flagSpec{name: name, valueName: valueName, help: help, secret: true})
}

// durationVar is an option that takes a duration such as 30s or 5m.
func (f *flagSet) durationVar(p *time.Duration, name string, def time.Duration, help string) {
	f.fs.DurationVar(p, name, def, help)
	f.specs = append(f.specs, flagSpec{name: name, valueName: "DURATION", def: def.String(), help: help})
}

// hiddenDurationVar is a duration option left out of the help: a knob for
// tests, not for the people running the desk.
func (f *flagSet) hiddenDurationVar(p *time.Duration, name string, def time.Duration) {
	f.fs.DurationVar(p, name, def, "")
	f.specs = append(f.specs, flagSpec{name: name, hidden: true})
}

func (f *flagSet) boolVar(p *bool, name, help string) {
	f.fs.BoolVar(p, name, false, help)
	f.specs = append(f.specs, flagSpec{name: name, def: "off", help: help})
}

func (f *flagSet) intVar(p *int, name, valueName string, def int, help string) {
	f.fs.IntVar(p, name, def, help)
	f.specs = append(f.specs, flagSpec{name: name, valueName: valueName, def: strconv.Itoa(def), help: help})
}

// parse reads args: options and positional arguments in any order ("--"
// ends the options), then the environment twins of the options not given.
// It returns the positional arguments. After --help it returns errHelpShown.
func (f *flagSet) parse(args []string) ([]string, error) {
	var positional []string
	rest := args
	for {
		before := len(rest)
		if err := f.fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				f.usage(f.stdout)
				return nil, errHelpShown
			}
			return nil, &usageError{msg: flagMessage(err), cmd: f.cmd}
		}
		rest = f.fs.Args()
		if len(rest) == 0 {
			break
		}
		if consumed := before - len(rest); consumed > 0 && args[len(args)-len(rest)-1] == "--" {
			positional = append(positional, rest...)
			break
		}
		positional = append(positional, rest[0])
		rest = rest[1:]
	}
	if err := f.applyEnv(); err != nil {
		return nil, err
	}
	return positional, nil
}

// flagMessage rewrites the flag package's errors with the double dashes
// that the usage text shows.
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown option " + dashes(name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "option " + dashes(name) + " needs a value"
	}
	return strings.ReplaceAll(strings.ReplaceAll(msg, "flag -", "option --"), "for flag -", "for option --")
}

func dashes(name string) string { return "--" + strings.TrimLeft(name, "-") }

// applyEnv sets every option not given on the command line from its
// environment twin.
func (f *flagSet) applyEnv() error {
	given := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, s := range f.specs {
		if given[s.name] {
			continue
		}
		env := envName(s.name)
		value, source := f.getenv(env), env
		if value == "" && s.secret {
			if file := f.getenv(env + "_FILE"); file != "" {
				source = env + "_FILE"
				b, err := os.ReadFile(file)
				if err != nil {
					return usageErrorf(f.cmd, "%s: cannot read the file it names: %v", source, errors.Unwrap(err))
				}
				if value = strings.TrimSpace(string(b)); value == "" {
					return usageErrorf(f.cmd, "%s: the file it names is empty", source)
				}
			}
		}
		if value == "" {
			continue
		}
		if err := f.fs.Set(s.name, value); err != nil {
			if s.secret {
				return usageErrorf(f.cmd, "%s does not hold a valid value for --%s", source, s.name)
			}
			return usageErrorf(f.cmd, "%s=%q is not a valid value for --%s", source, value, s.name)
		}
	}
	return nil
}

// usage prints the help text of the command.
func (f *flagSet) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: breachdesk %s %s\n\n", f.cmd, f.args)
	fmt.Fprint(w, wrap(f.about, 78, ""))
	if len(f.specs) == 0 {
		return
	}
	fmt.Fprint(w, "\nOptions:\n")
	for _, s := range f.specs {
		if s.hidden {
			continue
		}
		head := "  --" + s.name
		if s.valueName != "" {
			head += " " + s.valueName
		}
		fmt.Fprintln(w, head)
		fmt.Fprint(w, wrap(s.help, 78, "      "))
		env := "Environment: " + envName(s.name)
		if s.secret {
			env += ", or the file named in " + envName(s.name) + "_FILE"
		}
		if s.def != "" {
			env = "Default: " + s.def + ".  " + env
		}
		fmt.Fprint(w, wrap(env, 78, "      "))
	}
	fmt.Fprint(w, "\n"+wrap("Every option can also be set in the environment, as shown; an option on the command line wins.", 78, ""))
}

// wrap breaks text into lines of at most width characters, each starting
// with indent; blank lines in text start new paragraphs.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			b.WriteString("\n")
		}
		line := indent
		for _, word := range strings.Fields(para) {
			if len(line) > len(indent) && len(line)+1+len(word) > width {
				b.WriteString(line + "\n")
				line = indent
			}
			if len(line) > len(indent) {
				line += " "
			}
			line += word
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// storeFlags say which desk a command works on: --data DIR or --db URL.
type storeFlags struct {
	data    string
	db      string
	migrate bool
}

// define adds --data and --db, and with withMigrate --migrate.
func (s *storeFlags) define(f *flagSet, defaultData string, withMigrate bool) {
	f.stringVar(&s.data, "data", "DIR", defaultData,
		"The folder that holds the desk's embedded database (SQLite). It is created on the first start. "+
			"Not used when --db is given.")
	f.secretVar(&s.db, "db", "URL",
		"Use a PostgreSQL database instead of the folder, for a team sharing one desk: "+
			"postgres://USER:PASSWORD@HOST:5432/DATABASE. Keep the password out of shell history with the _FILE variable.")
	if !withMigrate {
		return
	}
	f.boolVar(&s.migrate, "migrate",
		"With --db: bring the database's tables up to date before starting (otherwise run 'breachdesk migrate' first). "+
			"SQLite is always brought up to date by itself.")
}

func (s *storeFlags) config() app.StoreConfig {
	return app.StoreConfig{DataDir: s.data, DBURL: s.db, Migrate: s.migrate}
}

// where names the desk for a message, without the database password.
func (s *storeFlags) where() string { return s.config().Describe() }

// flagsForHint repeats the store options for a command suggested to the
// user, without the database password.
func (s *storeFlags) flagsForHint() string {
	if s.db != "" {
		return "--db URL"
	}
	return "--data " + s.data
}

// open opens the desk without its register of affected persons. With
// create, a missing data folder is created (serve, demo, the first user);
// without, a missing folder is an error, so that a mistyped --data never
// creates an empty desk beside the real one.
func (s *storeFlags) open(ctx context.Context, create bool) (*app.Services, error) {
	return s.openWith(ctx, create, nil)
}

func (s *storeFlags) openWith(ctx context.Context, create bool, reg *app.RegisterConfig) (*app.Services, error) {
	c := s.config()
	if !c.UsesPostgres() {
		if create {
			if err := os.MkdirAll(s.data, 0o700); err != nil {
				return nil, fmt.Errorf("create the data folder: %w", err)
			}
		} else if _, err := os.Stat(s.data); errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("there is no desk in %s (the folder does not exist); give the desk's folder with --data, "+
				"or start a new desk with 'breachdesk init'", s.data)
		}
	}
	return app.Open(ctx, c, reg)
}

// keyFlags say where the register's key is.
type keyFlags struct {
	file string
}

func (k *keyFlags) define(f *flagSet) {
	f.stringVar(&k.file, "key-file", "FILE", "",
		"The register key: it seals the contact data of the affected persons. Default: register.key in the --data folder; "+
			"required with --db. Instead of a file, the key itself (base64) may be given in BREACHDESK_REGISTER_KEY.")
}

// config is the key's configuration; create allows a new key for a desk
// whose register has none yet.
func (k *keyFlags) config(p *program, create bool) app.KeyConfig {
	return app.KeyConfig{File: k.file, Base64: p.getenv("BREACHDESK_REGISTER_KEY"), Create: create}
}

// openRegister opens the desk with its register of affected persons and
// the campaigns. A key created on the way is announced on standard error
// with the warning to back it up.
func (p *program) openRegister(ctx context.Context, st *storeFlags, k *keyFlags, create bool, smtp *notify.SMTPConfig) (*app.Services, error) {
	svc, err := st.openWith(ctx, create, &app.RegisterConfig{Key: k.config(p, create), SMTP: smtp})
	if err != nil {
		return nil, err
	}
	if svc.Key.Created {
		fmt.Fprint(p.stderr, app.KeyWarning(svc.Key.Path))
	}
	return svc, nil
}

// logFlags say how the desk logs.
type logFlags struct {
	format string
	level  string
}

func (l *logFlags) define(f *flagSet) {
	f.stringVar(&l.format, "log-format", "FORMAT", "text",
		"How log lines look: text (for people) or json (for log collectors).")
	f.stringVar(&l.level, "log-level", "LEVEL", "info",
		"How much to log: debug, info, warn or error.")
}

func (l *logFlags) logger(cmd string, w io.Writer) (*slog.Logger, error) {
	log, err := app.Logger(l.format, l.level, w)
	if err != nil {
		return nil, &usageError{msg: err.Error(), cmd: cmd}
	}
	return log, nil
}

// serveFlags say how the desk listens.
type serveFlags struct {
	addr          string
	tlsCert       string
	tlsKey        string
	secureCookies bool
	trustProxy    bool
	maxUpload     int
	timezone      string
	publicAddr    string
	publicURL     string
}

// maxUploadLimit bounds --max-upload (MiB).
const maxUploadLimit = 10 << 10

// define adds the listening options; publicAddr is the default of
// --public-addr ("" leaves the public site off).
func (s *serveFlags) define(f *flagSet, publicAddr string) {
	f.stringVar(&s.addr, "addr", "ADDRESS", ":8080",
		"Where the desk listens, as host:port. :8080 answers on every network of this computer; "+
			"127.0.0.1:8080 only on this computer itself; port 0 picks a free port.")
	f.stringVar(&s.tlsCert, "tls-cert", "FILE", "",
		"Certificate file (PEM) to serve HTTPS directly, together with --tls-key. "+
			"Leave both empty behind a reverse proxy that does HTTPS.")
	f.stringVar(&s.tlsKey, "tls-key", "FILE", "", "Private key file (PEM) belonging to --tls-cert.")
	f.boolVar(&s.secureCookies, "secure-cookies",
		"Send login cookies over HTTPS only, even though the desk itself speaks plain HTTP: "+
			"turn this on behind a reverse proxy that does HTTPS.")
	f.boolVar(&s.trustProxy, "trust-proxy",
		"Believe the visitor's address and protocol that a reverse proxy passes on (X-Forwarded-For, X-Forwarded-Proto). "+
			"Only turn this on behind such a proxy: without one, anybody could pretend to be anybody.")
	f.intVar(&s.maxUpload, "max-upload", "MIB", int(web.DefaultMaxUpload>>20),
		"The largest upload (evidence files on a timeline entry), in MiB.")
	f.stringVar(&s.timezone, "timezone", "ZONE", "",
		"The time zone for showing times to people who have not chosen their own, "+
			"as a name such as Europe/Berlin or America/New_York. Default: the computer's time zone.")
	f.stringVar(&s.publicAddr, "public-addr", "ADDRESS", publicAddr,
		"Where the public site listens, as host:port, such as :8081: the statements, the systems status, "+
			"the subscriptions and the \"am I affected?\" form for customers, the press and status widgets. "+
			"Nothing of the desk is reachable there, so this is the one port to let the internet reach "+
			"(through a reverse proxy that does HTTPS; it speaks plain HTTP itself). Empty leaves the public site off.")
	f.stringVar(&s.publicURL, "public-url", "URL", "",
		"Where people reach the public site from outside, such as https://status.example.com: the links in the mails "+
			"to subscribers and in the self-check's answers start with it. The URL set on the desk's public-side settings "+
			"page wins over this one. Default: http:// and the address --public-addr listens on.")
}

func (s *serveFlags) config(cmd string) (app.ServeConfig, error) {
	c := app.ServeConfig{
		Addr: s.addr, TLSCert: s.tlsCert, TLSKey: s.tlsKey, SecureCookies: s.secureCookies,
		TrustProxy: s.trustProxy, MaxUpload: int64(s.maxUpload) << 20, Location: time.Local,
	}
	if (s.tlsCert == "") != (s.tlsKey == "") {
		return c, usageErrorf(cmd, "--tls-cert and --tls-key go together: give both, or neither")
	}
	if s.maxUpload < 1 || s.maxUpload > maxUploadLimit {
		return c, usageErrorf(cmd, "--max-upload must be between 1 and %d (MiB)", maxUploadLimit)
	}
	if _, _, err := net.SplitHostPort(s.addr); err != nil {
		return c, usageErrorf(cmd, "--addr %q is not host:port, such as :8080 or 127.0.0.1:8080", s.addr)
	}
	if s.publicAddr != "" {
		if _, _, err := net.SplitHostPort(s.publicAddr); err != nil {
			return c, usageErrorf(cmd, "--public-addr %q is not host:port, such as :8081 or 127.0.0.1:8081", s.publicAddr)
		}
		if _, port, _ := net.SplitHostPort(s.addr); s.publicAddr == s.addr && port != "0" {
			return c, usageErrorf(cmd, "--public-addr and --addr are both %s: the public site needs a port of its own", s.addr)
		}
	}
	if s.publicURL != "" {
		if s.publicAddr == "" {
			return c, usageErrorf(cmd, "--public-url needs --public-addr: the public site is off")
		}
		if err := app.CheckPublicURL(s.publicURL); err != nil {
			return c, usageErrorf(cmd, "--public-url %q: %v", s.publicURL, err)
		}
	}
	c.PublicAddr, c.PublicURL = s.publicAddr, strings.TrimSuffix(s.publicURL, "/")
	if s.timezone != "" {
		loc, err := time.LoadLocation(s.timezone)
		if err != nil || s.timezone == "Local" {
			return c, usageErrorf(cmd, "--timezone %q is not a time zone name such as Europe/Berlin", s.timezone)
		}
		c.Location = loc
	}
	return c, nil
}

// publicURL is the address to open in a browser for the public site at
// addr (plain HTTP: the public listener leaves HTTPS to a reverse proxy).
func (s *serveFlags) publicSiteURL(addr string) string { return app.ListenURL(addr) + "/" }

// deskURL is the address to open in a browser for the listener at addr.
func (s *serveFlags) deskURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	scheme := "http"
	if s.tlsCert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}
