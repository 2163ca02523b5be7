package hotline_test

import (
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// No error message names what a caller or an agent typed: the web layer
// shows messages and the log keeps internal ones.
func TestNoPersonalDataInErrors(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	id := d.inc.ID
	secrets := []string{"Erika", "Mustermann", "erika@", "0151", "2345678", "DE89", "T22000129", "s3cret", "Geheim"}
	long := strings.Repeat("Erika Mustermann Geheim ", 2000)
	hot, lead := d.actor("hotline"), d.actor("lead")
	cases := []struct {
		name string
		call func() error
	}{
		{"bad e-mail", func() error {
			_, err := d.svc.LogInquiry(d.ctx, hot, id, hotline.NewInquiry{Channel: hotline.ByPhone, Private: hotline.Private{CallerEmail: "Erika Mustermann erika@"}})
			return err
		}},
		{"bad phone", func() error {
			_, err := d.svc.LogInquiry(d.ctx, hot, id, hotline.NewInquiry{Channel: hotline.ByPhone, Private: hotline.Private{CallerPhone: "0151 2345678 Erika"}})
			return err
		}},
		{"notes too long", func() error {
			_, err := d.svc.LogInquiry(d.ctx, hot, id, hotline.NewInquiry{Channel: hotline.ByPhone, Private: hotline.Private{Notes: long}})
			return err
		}},
		{"name too long", func() error {
			_, err := d.svc.LogInquiry(d.ctx, hot, id, hotline.NewInquiry{Channel: hotline.ByPhone, Private: hotline.Private{CallerName: long}})
			return err
		}},
		{"topic with a name", func() error {
			_, err := d.svc.LogInquiry(d.ctx, hot, id, hotline.NewInquiry{Channel: hotline.ByPhone, Topic: "Erika Mustermann"})
			return err
		}},
		{"query too long", func() error { _, err := d.svc.Lookup(d.ctx, hot, id, long, "en"); return err }},
		{"lookup by an outsider", func() error { _, err := d.svc.Lookup(d.ctx, d.actor("outsider"), id, "0151 2345678", "en"); return err }},
		{"reveal by a viewer", func() error { _, err := d.svc.Reveal(d.ctx, d.actor("viewer"), id, 1); return err }},
		{"reveal of nobody", func() error { _, err := d.svc.Reveal(d.ctx, hot, id, 999); return err }},
		{"notes on nothing", func() error {
			_, err := d.svc.UpdateInquiry(d.ctx, hot, id, 999, hotline.InquiryChange{Notes: "Erika Mustermann DE89"})
			return err
		}},
		{"inbox URL", func() error {
			return d.svc.SaveSettings(d.ctx, lead, id, hotline.Settings{Inbox: "pop3://Erika:s3cret@host"})
		}},
		{"inbox URL too long", func() error {
			return d.svc.SaveSettings(d.ctx, lead, id, hotline.Settings{Inbox: "imaps://u:s3cret@host/" + long})
		}},
		{"press too long", func() error { return d.svc.SaveSettings(d.ctx, lead, id, hotline.Settings{Press: long}) }},
		{"script with a name", func() error {
			c := hotline.DefaultContents()
			c[0].FAQ[0].Key = "Erika Mustermann"
			return d.svc.SaveScript(d.ctx, d.actor("comms"), id, &hotline.Script{Contents: c})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error() + " " + errs.MessageOf(err)
			for _, s := range secrets {
				if strings.Contains(msg, s) {
					t.Errorf("the error %q names %q", msg, s)
				}
			}
		})
	}
}
