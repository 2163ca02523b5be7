package hotline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestSettingsMaskTheInboxPassword(t *testing.T) {
	d := newDesk(t)
	id := d.inc.ID
	st := hotline.Settings{Inbox: "imaps://hotline%40breach.example:s3cret-pass@imap.breach.example/INBOX", InboxAddress: "hotline@breach.example",
		SLA: map[hotline.Channel]time.Duration{hotline.ByMail: 8 * time.Hour}, Acknowledge: true, Press: "press office"}
	if err := d.svc.SaveSettings(d.ctx, d.actor("lead"), id, st); err != nil {
		t.Fatal(err)
	}
	got, err := d.svc.Settings(d.ctx, d.actor("hotline"), id)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.Inbox, "s3cret") || !strings.Contains(got.Inbox, hotline.MaskedPassword) {
		t.Errorf("inbox shown as %q", got.Inbox)
	}
	if got.SLA[hotline.ByMail] != 8*time.Hour || got.SLA[hotline.ByWeb] != 24*time.Hour {
		t.Errorf("SLA = %v", got.SLA)
	}
	// Saved back masked, the password stays.
	got.Press = "new press office"
	if err := d.svc.SaveSettings(d.ctx, d.actor("lead"), id, *got); err != nil {
		t.Fatal(err)
	}
	stored, err := d.svc.StoredInbox(d.ctx, id)
	if err != nil || !strings.Contains(stored, ":s3cret-pass@") {
		t.Errorf("stored inbox after saving masked = %q, %v; want the password kept", stored, err)
	}
	// A new host needs its password: the stored one never goes elsewhere.
	moved := *got
	moved.Inbox = strings.Replace(got.Inbox, "imap.breach.example", "evil.example", 1)
	if err := d.svc.SaveSettings(d.ctx, d.actor("lead"), id, moved); errs.FieldsOf(err)["inbox"] != errs.Required {
		t.Errorf("masked password to another host: err = %v, want inbox required", err)
	}
	raw, err := d.db.Hotline().Settings(d.ctx, id)
	if err != nil || strings.Contains(string(raw), "s3cret") || strings.Contains(string(raw), "press office") {
		t.Errorf("settings stored in the clear (%v)", err)
	}
	if ids, err := d.db.Hotline().InboxIncidents(d.ctx); err != nil || len(ids) != 1 || ids[0] != id {
		t.Errorf("inbox incidents = %v, %v", ids, err)
	}
}

func TestSettingsChecked(t *testing.T) {
	d := newDesk(t)
	cases := []struct {
		name  string
		st    hotline.Settings
		field string
	}{
		{"pop3 scheme", hotline.Settings{Inbox: "pop3://u:p@host/INBOX"}, "inbox"},
		{"https scheme", hotline.Settings{Inbox: "https://u:p@host/"}, "inbox"},
		{"no password", hotline.Settings{Inbox: "imaps://u@host/INBOX"}, "inbox"},
		{"no host", hotline.Settings{Inbox: "imaps://u:p@/INBOX"}, "inbox"},
		{"masked without a stored one", hotline.Settings{Inbox: "imaps://u:" + hotline.MaskedPassword + "@host/INBOX"}, "inbox"},
		{"address", hotline.Settings{InboxAddress: "not an address"}, "inbox_address"},
		{"negative SLA", hotline.Settings{SLA: map[hotline.Channel]time.Duration{hotline.ByMail: -time.Hour}}, "sla.mail"},
		{"SLA over a month", hotline.Settings{SLA: map[hotline.Channel]time.Duration{hotline.ByWeb: 40 * 24 * time.Hour}}, "sla.web"},
		{"unknown channel", hotline.Settings{SLA: map[hotline.Channel]time.Duration{"fax": time.Hour}}, "sla"},
		{"DPO nobody", hotline.Settings{DPOUserID: 4242}, "dpo_user_id"},
		{"from name header injection", hotline.Settings{FromName: "Hotline\r\nBcc: x@example.org"}, "from_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := d.svc.SaveSettings(d.ctx, d.actor("lead"), d.inc.ID, c.st)
			if errs.FieldsOf(err)[c.field] == "" {
				t.Errorf("err = %v, want an error for %s", err, c.field)
			}
		})
	}
}

func TestCTIToken(t *testing.T) {
	d := newDesk(t)
	tok, err := d.svc.NewCTIToken(d.ctx, d.actor("lead"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 43 || strings.ContainsAny(tok, "+/=") {
		t.Errorf("token %q is not 32 bytes of base64url", tok)
	}
	got, err := d.db.Hotline().IncidentByCTIToken(d.ctx, hotline.CTITokenHash(tok))
	if err != nil || got != d.inc.ID {
		t.Errorf("incident by token = %d, %v", got, err)
	}
	again, err := d.svc.NewCTIToken(d.ctx, d.actor("lead"), d.inc.ID)
	if err != nil || again == tok {
		t.Fatalf("second token %q, %v", again, err)
	}
	if _, err := d.db.Hotline().IncidentByCTIToken(d.ctx, hotline.CTITokenHash(tok)); !errs.Is(err, errs.NotFound) {
		t.Errorf("the old token still works: %v", err)
	}
	for _, e := range d.audits("hotline.cti_token") {
		if strings.Contains(e.Detail, tok) || strings.Contains(e.Detail, again) {
			t.Errorf("the audit holds the token")
		}
	}
}
