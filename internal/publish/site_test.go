package publish_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// The Site is what the public listener shows: nothing internal may be in
// it. Its JSON form holds every field, so a walk over it finds any.
func TestSiteHoldsNoInternalData(t *testing.T) {
	d := newDesk(t)
	comp, err := d.svc.AddComponent(d.ctx, d.actor("lead"), publish.ComponentEdit{Names: names("Portal", "Portal")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.SetComponentStatus(d.ctx, d.actor("responder"), comp.ID, publish.PartialOutage); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.SavePage(d.ctx, d.actor("admin"), publish.Page{RangeIncidentID: d.id(), SelfCheck: true}); err != nil {
		t.Fatal(err)
	}
	dr := draft("Attack")
	dr.Components = []int64{comp.ID}
	first := d.published(d.id(), dr)
	fix := draft("Attack, corrected")
	fix.Replaces, fix.Phase = first.ID, publish.Resolved
	d.published(d.id(), fix)
	// A draft and an unlisted incident stay off the site.
	if _, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("Secret draft")); err != nil {
		t.Fatal(err)
	}
	other := d.newIncident("Other-INTERNAL-title")
	if _, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), other.ID, draft("Other draft")); err != nil {
		t.Fatal(err)
	}

	site, err := d.svc.Site(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Incidents) != 1 || len(site.Incidents[0].Statements) != 2 || len(site.Components) != 1 {
		t.Fatalf("site: %+v", site)
	}
	in := site.Incidents[0]
	if in.Phase != publish.Resolved || in.ResolvedAt == nil || len(in.Components) != 1 || in.Components[0] != comp.PublicID ||
		site.Page.RangeIncidentID != 0 || !site.Page.SelfCheck {
		t.Errorf("incident %+v, page %+v", in, site.Page)
	}

	b, err := json.Marshal(site)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	forbidden := []string{deskTitle, "INTERNAL", "Secret draft", "Other draft", "Customer data stolen"}
	for _, u := range d.users {
		forbidden = append(forbidden, u.Name, u.Email)
	}
	for _, s := range forbidden {
		if strings.Contains(text, s) {
			t.Errorf("the site holds %q", s)
		}
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	walkSite(t, "site", tree)
}

// walkSite fails for any field that may carry an internal ID or a user:
// the only numbers in a Site are positions, and the only identifiers
// public IDs.
func walkSite(t *testing.T, at string, v any) {
	t.Helper()
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			lower := strings.ToLower(k)
			switch {
			case k == "RangeIncidentID":
				if x != float64(0) {
					t.Errorf("%s.%s = %v", at, k, x)
				}
				continue
			case strings.HasSuffix(lower, "id") || strings.HasSuffix(lower, "by") || strings.Contains(lower, "author") ||
				strings.Contains(lower, "actor") || strings.Contains(lower, "user"):
				if _, ok := x.(string); !ok && k != "Components" {
					t.Errorf("%s.%s is %T, not a public ID", at, k, x)
				}
			case k == "Replaces":
				if _, ok := x.(string); !ok {
					t.Errorf("%s.%s is %T", at, k, x)
				}
			}
			if n, ok := x.(float64); ok && k != "Position" {
				t.Errorf("%s.%s is the number %v", at, k, n)
			}
			walkSite(t, at+"."+k, x)
		}
	case []any:
		for _, x := range v {
			walkSite(t, at+"[]", x)
		}
	}
}

func TestSiteVersionFollowsContent(t *testing.T) {
	d := newDesk(t)
	a, err := d.svc.Site(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	d.clock.Add(time.Hour)
	b, err := d.svc.Site(d.ctx)
	if err != nil || b.Version != a.Version || a.Version == "" {
		t.Errorf("unchanged site has versions %q and %q (%v)", a.Version, b.Version, err)
	}
	st := d.published(d.id(), draft("News"))
	c, err := d.svc.Site(d.ctx)
	if err != nil || c.Version == b.Version || !c.Updated.Equal(*st.PublishedAt) {
		t.Errorf("after publishing: version %q (was %q), updated %v, want %v (%v)", c.Version, b.Version, c.Updated, st.PublishedAt, err)
	}
}
