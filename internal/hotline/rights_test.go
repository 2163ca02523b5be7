package hotline_test

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestRightsPerRole(t *testing.T) {
	d := newDesk(t)
	all := hotline.Rights{View: true, Answer: true, Reveal: true, WriteScripts: true, ApproveScripts: true, Settings: true}
	cases := []struct {
		user string
		want hotline.Rights
	}{
		{"admin", all},
		{"lead", all}, // the incident lead as well
		{"inclead", all},
		{"lead2", all},
		{"comms", hotline.Rights{View: true, Answer: true, Reveal: true, WriteScripts: true}},
		{"hotline", hotline.Rights{View: true, Answer: true, Reveal: true}},
		{"responder", hotline.Rights{View: true}},
		{"dpo", hotline.Rights{View: true}},
		{"viewer", hotline.Rights{View: true}},
	}
	for _, c := range cases {
		t.Run(c.user, func(t *testing.T) {
			got, err := d.svc.Rights(d.ctx, d.actor(c.user), d.inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("rights = %+v, want %+v", got, c.want)
			}
		})
	}
	t.Run("outsider", func(t *testing.T) {
		if _, err := d.svc.Rights(d.ctx, d.actor("outsider"), d.inc.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("outsider: err = %v, want not_found", err)
		}
		if _, err := d.svc.Inquiries(d.ctx, d.actor("outsider"), d.inc.ID, hotline.Filter{}); !errs.Is(err, errs.NotFound) {
			t.Errorf("outsider lists inquiries: err = %v, want not_found", err)
		}
	})
}

// The rights hold at the methods, not only in the Rights value.
func TestRightsEnforced(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	id := d.inc.ID
	for _, user := range []string{"viewer", "responder"} {
		a := d.actor(user)
		if _, err := d.svc.LogInquiry(d.ctx, a, id, hotline.NewInquiry{Channel: hotline.ByPhone}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s logs an inquiry: err = %v, want forbidden", user, err)
		}
		if _, err := d.svc.Reveal(d.ctx, a, id, 1); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s reveals: err = %v, want forbidden", user, err)
		}
	}
	for _, user := range []string{"hotline", "viewer"} {
		if err := d.svc.SaveScript(d.ctx, d.actor(user), id, &hotline.Script{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s writes the script: err = %v, want forbidden", user, err)
		}
	}
	for _, user := range []string{"hotline", "comms"} {
		if err := d.svc.SaveSettings(d.ctx, d.actor(user), id, hotline.Settings{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s changes the settings: err = %v, want forbidden", user, err)
		}
		if _, err := d.svc.NewCTIToken(d.ctx, d.actor(user), id); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s makes a CTI token: err = %v, want forbidden", user, err)
		}
	}
}
