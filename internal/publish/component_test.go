package publish_test

import (
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

func names(de, en string) map[string]string { return map[string]string{"de": de, "en": en} }

func TestComponentStatusHistory(t *testing.T) {
	d := newDesk(t)
	for _, tc := range []struct {
		user string
		code errs.Code
	}{{"hotline", errs.Forbidden}, {"viewer", errs.Forbidden}} {
		if _, err := d.svc.AddComponent(d.ctx, d.actor(tc.user), publish.ComponentEdit{Names: names("Portal", "Portal")}); !errs.Is(err, tc.code) {
			t.Errorf("%s adds a component: %v", tc.user, err)
		}
	}
	c, err := d.svc.AddComponent(d.ctx, d.actor("comms"), publish.ComponentEdit{Names: names("Kundenportal", "Customer portal"), Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	d.changes.Wait(t)
	if c.Status != publish.Operational || len(c.PublicID) != 12 {
		t.Errorf("added %+v", c)
	}
	steps := []struct {
		user   string
		status publish.ComponentStatus
		code   errs.Code
		field  string
	}{
		{"responder", publish.MajorOutage, "", ""},
		{"hotline", publish.Operational, errs.Forbidden, ""},
		{"viewer", publish.Operational, errs.Forbidden, ""},
		{"lead", "broken", errs.Invalid, "status"},
		{"comms", publish.Degraded, "", ""},
		{"comms", publish.Degraded, "", ""}, // the same again: no change recorded
		{"admin", publish.Operational, "", ""},
	}
	for _, s := range steps {
		d.clock.Add(time.Hour)
		got, err := d.svc.SetComponentStatus(d.ctx, d.actor(s.user), c.ID, s.status)
		if errs.CodeOf(err) != s.code || (s.field != "" && errs.FieldsOf(err)[s.field] == "") {
			t.Errorf("%s sets %s: %v, want %q", s.user, s.status, err, s.code)
			continue
		}
		if err == nil && got.Status != s.status {
			t.Errorf("%s sets %s: %+v", s.user, s.status, got)
		}
	}
	if _, err := d.svc.SetComponentStatus(d.ctx, d.actor("lead"), 9999, publish.Operational); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown component: %v", err)
	}
	hist, err := d.svc.ComponentHistory(d.ctx, d.actor("viewer"), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []publish.ComponentStatus{publish.Operational, publish.Degraded, publish.MajorOutage, publish.Operational}
	if len(hist) != len(want) {
		t.Fatalf("history %+v", hist)
	}
	for i, h := range hist {
		if h.Status != want[i] || h.ComponentID != c.ID || (i > 0 && h.At.After(hist[i-1].At)) {
			t.Errorf("history[%d] = %+v, want %s (newest first)", i, h, want[i])
		}
	}
	if hist[0].ActorID != d.users["admin"].ID {
		t.Errorf("the change does not name its actor: %+v", hist[0])
	}
	// Ninety days on, the old changes drop out of the public history.
	d.clock.Add(91 * 24 * time.Hour)
	site, err := d.svc.Site(d.ctx)
	if err != nil || len(site.Components) != 1 || len(site.Components[0].History) != 0 || site.Components[0].Status != publish.Operational {
		t.Errorf("site after 91 days: %+v, %v", site.Components, err)
	}
	if n := len(d.audits("publish.component.status")); n != 3 {
		t.Errorf("%d status audits, want 3", n)
	}
}

func TestComponentEditAndHide(t *testing.T) {
	d := newDesk(t)
	a, err := d.svc.AddComponent(d.ctx, d.actor("lead"), publish.ComponentEdit{Names: names("Mail", "E-mail"), Position: 2})
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.svc.AddComponent(d.ctx, d.actor("lead"), publish.ComponentEdit{Names: names("Telefon", "Phone"), Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		edit  publish.ComponentEdit
		field string
	}{
		{publish.ComponentEdit{Names: map[string]string{"de": "Nur Deutsch"}}, "names.en"},
		{publish.ComponentEdit{Names: map[string]string{"de": "x", "en": "y", "fr": "z"}}, "names"},
		{publish.ComponentEdit{Names: names("a\tb", "ok")}, "names.de"},
		{publish.ComponentEdit{Names: names("ok", "ok"), Position: -1}, "position"},
	} {
		if _, err := d.svc.EditComponent(d.ctx, d.actor("lead"), a.ID, tc.edit); errs.FieldsOf(err)[tc.field] == "" {
			t.Errorf("%+v: %v, want a %s error", tc.edit, err, tc.field)
		}
	}
	comps, err := d.svc.Components(d.ctx, d.actor("hotline"))
	if err != nil || len(comps) != 2 || comps[0].ID != b.ID {
		t.Fatalf("components by position: %+v, %v", comps, err)
	}
	if _, err := d.svc.EditComponent(d.ctx, d.actor("comms"), a.ID, publish.ComponentEdit{Names: names("Mail", "Mail"), Position: 2, Hidden: true}); err != nil {
		t.Fatal(err)
	}
	site, err := d.svc.Site(d.ctx)
	if err != nil || len(site.Components) != 1 || site.Components[0].PublicID != b.PublicID {
		t.Errorf("hidden component on the site: %+v, %v", site.Components, err)
	}
}
