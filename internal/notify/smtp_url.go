package notify

import (
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// ParseSMTPURL reads --smtp: smtp://user:pass@host:587 (STARTTLS),
// smtps://user:pass@host:465 (implicit TLS), smtp://host:25?tls=none
// (plain, only to a relay on this machine). User and password are
// percent-decoded (write %40 for @ in a user name, %2F for / and %23 for #
// in a password). The port defaults to 587, 465, or 25 with tls=none.
// Query parameters: from=, from_name=, reply_to=, helo=, concurrency=,
// per_second=, per_hour=, dkim_domain=, dkim_selector=, dkim_key_file=,
// tls= (starttls, tls, none), insecure_skip_verify=true.
//
// The sender is from=, else the user name when it is an address, else,
// for a relay on this machine, breachdesk@localhost.localdomain. No error
// ever holds the password.
func ParseSMTPURL(s string) (SMTPConfig, error) {
	var cfg SMTPConfig
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		// url's own error quotes the whole URL, password and all.
		return cfg, smtpURLError("it is not a URL like smtp://user:password@host:587 (percent-encode /, # and ? in the password)")
	}
	switch u.Scheme {
	case "smtp":
		cfg.TLS = TLSStart
	case "smtps":
		cfg.TLS = TLSImplicit
	default:
		return cfg, smtpURLError("it must start with smtp:// or smtps://")
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return cfg, smtpURLError("the host is missing")
	}
	if u.Path != "" && u.Path != "/" || u.Fragment != "" {
		return cfg, smtpURLError("there is something after the host and port (percent-encode /, # and ? in the password)")
	}
	cfg.Host = u.Hostname()
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	if err := smtpURLQuery(&cfg, u.RawQuery); err != nil {
		return cfg, err
	}
	if err := smtpURLPort(&cfg, u.Port()); err != nil {
		return cfg, err
	}
	if err := smtpURLSender(&cfg); err != nil {
		return cfg, err
	}
	if err := validateSMTP(&cfg); err != nil {
		return cfg, smtpURLError("%s", strings.TrimPrefix(err.Error(), "some fields are not valid "))
	}
	return cfg, nil
}

func smtpURLError(format string, args ...any) error {
	return errs.E(errs.Invalid, "--smtp: "+format, args...)
}

// smtpURLQuery applies the query parameters.
func smtpURLQuery(cfg *SMTPConfig, rawQuery string) error {
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return smtpURLError("the parameters after ? cannot be read")
	}
	for key, vals := range q {
		if len(vals) != 1 {
			return smtpURLError("parameter %s is given more than once", paramName(key))
		}
		if err := smtpURLParam(cfg, key, vals[0]); err != nil {
			return err
		}
	}
	return nil
}

func smtpURLParam(cfg *SMTPConfig, key, val string) error {
	switch key {
	case "from":
		cfg.From = val
	case "from_name":
		cfg.FromName = val
	case "reply_to":
		cfg.ReplyTo = val
	case "helo":
		cfg.HeloName = val
	case "dkim_domain":
		cfg.DKIMDomain = val
	case "dkim_selector":
		cfg.DKIMSelector = val
	case "dkim_key_file":
		pemKey, err := os.ReadFile(val)
		if err != nil {
			return smtpURLError("dkim_key_file cannot be read")
		}
		if !validDKIMKey(string(pemKey)) {
			return smtpURLError("dkim_key_file holds no RSA or Ed25519 private key in PEM")
		}
		cfg.DKIMKey = string(pemKey)
	case "tls":
		return smtpURLTLS(cfg, val)
	case "insecure_skip_verify":
		b, err := strconv.ParseBool(val)
		if err != nil {
			return smtpURLError("insecure_skip_verify must be true or false")
		}
		cfg.InsecureSkipVerify = b
	case "concurrency", "per_second", "per_hour":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 {
			return smtpURLError("%s must be a whole number, 0 or more", key)
		}
		switch key {
		case "concurrency":
			cfg.Concurrency = n
		case "per_second":
			cfg.PerSecond = n
		default:
			cfg.PerHour = n
		}
	default:
		return smtpURLError("unknown parameter %s", paramName(key))
	}
	return nil
}

// paramName shows a parameter name when it looks like one.
func paramName(key string) string {
	if len(key) > 30 || strings.Trim(key, "abcdefghijklmnopqrstuvwxyz_") != "" {
		return "(a name with other characters than a-z and _)"
	}
	return key
}

func smtpURLTLS(cfg *SMTPConfig, val string) error {
	switch val {
	case TLSStart, TLSNone:
		if cfg.TLS == TLSImplicit {
			return smtpURLError("smtps:// always uses TLS; use smtp:// for tls=%s", val)
		}
	case TLSImplicit:
	default:
		return smtpURLError("tls must be starttls, tls or none")
	}
	cfg.TLS = val
	return nil
}

func smtpURLPort(cfg *SMTPConfig, port string) error {
	if port == "" {
		cfg.Port = defaultPort(cfg.TLS)
		return nil
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return smtpURLError("the port must be a number from 1 to 65535")
	}
	cfg.Port = n
	return nil
}

// smtpURLSender fills the sender when from= is not given.
func smtpURLSender(cfg *SMTPConfig) error {
	switch {
	case cfg.From != "":
	case auth.ValidEmail(auth.NormalizeEmail(cfg.Username)):
		cfg.From = cfg.Username
	case isLoopback(strings.ToLower(cfg.Host)):
		cfg.From = "breachdesk@localhost.localdomain"
	default:
		return smtpURLError("add from=sender@your-domain: the relay needs a sender address")
	}
	if cfg.TLS == TLSNone && !isLoopback(strings.ToLower(cfg.Host)) {
		return smtpURLError("tls=none is only allowed for a relay on this machine (localhost)")
	}
	return nil
}
