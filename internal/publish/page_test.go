package publish_test

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

func TestPageDefaultsAndRights(t *testing.T) {
	d := newDesk(t)
	p, err := d.svc.Page(d.ctx, d.actor("lead"))
	if err != nil || p.DefaultLang != "de" || p.URL != "" || p.SelfCheck || p.RangeIncidentID != 0 {
		t.Fatalf("defaults: %+v, %v", p, err)
	}
	for _, u := range []string{"comms", "responder", "inclead", "viewer"} {
		if _, err := d.svc.Page(d.ctx, d.actor(u)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s reads the settings: %v", u, err)
		}
		if _, err := d.svc.SavePage(d.ctx, d.actor(u), publish.Page{}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s saves the settings: %v", u, err)
		}
	}
}

func TestSavePageValidates(t *testing.T) {
	d := newDesk(t)
	for _, tc := range []struct {
		name  string
		page  publish.Page
		field string
		key   string
	}{
		{"relative URL", publish.Page{URL: "status.example.com"}, "url", errs.InvalidValue},
		{"ftp URL", publish.Page{URL: "ftp://status.example.com"}, "url", errs.InvalidValue},
		{"URL with path", publish.Page{URL: "https://example.com/status"}, "url", errs.InvalidValue},
		{"URL with query", publish.Page{URL: "https://example.com/?a=b"}, "url", errs.InvalidValue},
		{"URL with fragment", publish.Page{URL: "https://example.com/#x"}, "url", errs.InvalidValue},
		{"URL with user", publish.Page{URL: "https://u:p@example.com"}, "url", errs.InvalidValue},
		{"javascript URL", publish.Page{URL: "javascript:alert(1)"}, "url", errs.InvalidValue},
		{"press e-mail", publish.Page{PressEmail: "press at example.com"}, "press_email", errs.InvalidEmail},
		{"hotline e-mail", publish.Page{HotlineEmail: "@example.com"}, "hotline_email", errs.InvalidEmail},
		{"sender e-mail", publish.Page{SenderEmail: "Status <s@example.com>"}, "sender_email", errs.InvalidEmail},
		{"phone", publish.Page{HotlinePhone: "call us"}, "hotline_phone", errs.InvalidValue},
		{"default language", publish.Page{DefaultLang: "fr"}, "default_lang", errs.InvalidChoice},
		{"name language", publish.Page{Names: map[string]string{"fr": "Statut"}}, "names", errs.InvalidChoice},
		{"range incident", publish.Page{RangeIncidentID: 9999}, "range_incident_id", errs.InvalidChoice},
	} {
		_, err := d.svc.SavePage(d.ctx, d.actor("admin"), tc.page)
		if got := errs.FieldsOf(err)[tc.field]; got != tc.key {
			t.Errorf("%s: %v; want %s: %s", tc.name, err, tc.field, tc.key)
		}
	}
	in := publish.Page{URL: "https://status.example.com/", Names: map[string]string{"de": " ACME Status ", "en": "ACME status"},
		DefaultLang: "en", PressName: "Press office", PressEmail: " Press@Example.com ", PressPhone: "+49 30 1234-5",
		HotlinePhone: "0800 123 456", HotlineEmail: "hotline@example.com", SelfCheck: true, RangeIncidentID: d.id()}
	out, err := d.svc.SavePage(d.ctx, d.actor("lead"), in)
	if err != nil {
		t.Fatal(err)
	}
	d.changes.Wait(t)
	back, err := d.svc.Page(d.ctx, d.actor("admin"))
	if err != nil {
		t.Fatal(err)
	}
	if back.URL != "https://status.example.com" || back.Names["de"] != "ACME Status" || back.PressEmail != "press@example.com" ||
		back.DefaultLang != "en" || !back.SelfCheck || back.RangeIncidentID != d.id() || back.UpdatedAt.IsZero() ||
		out.URL != back.URL {
		t.Errorf("stored %+v", back)
	}
	if n := len(d.audits("publish.page.save")); n != 1 {
		t.Errorf("%d audits", n)
	}
}
