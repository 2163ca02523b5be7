package main

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/mail"
)

// inboxFlags are serve's --inbox and --inbox-incident: the hotline's
// inquiry inbox given on the command line.
type inboxFlags struct {
	url      string
	incident int
	interval time.Duration
}

func (b *inboxFlags) define(f *flagSet) {
	f.secretVar(&b.url, "inbox", "URL",
		"The hotline's inquiry inbox: imaps://USER:PASSWORD@HOST:993/INBOX, or imap://USER:PASSWORD@HOST:143/INBOX with STARTTLS. "+
			"Every new mail becomes an inquiry of the incident named by --inbox-incident. Wins over the inbox set on that incident's hotline settings page.")
	f.intVar(&b.incident, "inbox-incident", "N", 0, "The incident whose inbox --inbox is; 0 is the newest open incident.")
	f.hiddenDurationVar(&b.interval, "inbox-interval", time.Minute)
}

// config checks the URL now, so that a typo stops the start rather than
// being logged every minute.
func (b *inboxFlags) config(cmd string) (app.HotlineConfig, error) {
	c := app.HotlineConfig{Inbox: b.url, IncidentID: int64(b.incident), Interval: b.interval}
	if b.incident < 0 {
		return c, usageErrorf(cmd, "--inbox-incident must be an incident number, or 0 for the newest open incident")
	}
	if b.url == "" {
		if b.incident != 0 {
			return c, usageErrorf(cmd, "--inbox-incident needs --inbox")
		}
		return c, nil
	}
	if _, err := mail.NewInboxSource(b.url); err != nil {
		return c, usageErrorf(cmd, "--inbox: %v", err)
	}
	if b.interval < time.Second {
		return c, usageErrorf(cmd, "--inbox-interval must be at least 1s")
	}
	return c, nil
}
