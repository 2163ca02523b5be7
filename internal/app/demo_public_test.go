package app

import (
	"context"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// With the register's key, the demo company has a public site: its
// settings, four systems (the portal degraded, each with a past), the
// incident listed under its public name, and three statements written by
// comms, approved by the lead and published, with an FAQ waiting for
// approval.
func TestDemoPublicSite(t *testing.T) {
	ctx := context.Background()
	svc := openRegisterDesk(t)
	login, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), "en")
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	user := func(key string) *auth.User {
		u, err := svc.Auth.UserByEmail(ctx, auth.System(), key+"@"+demoDomain)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	lead, comms := user("lead"), user("comms")
	a := auth.ActorFor(lead, auth.ViaWeb, "")

	page, err := svc.Publish.Page(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if page.Names["de"] != demoCompany || page.Names["en"] != demoCompany || page.URL != "" || !page.SelfCheck ||
		page.HotlinePhone != demoHotlinePhone || page.HotlineEmail != "hotline@"+demoDomain ||
		page.PressEmail == "" || page.PressPhone == "" || page.RangeIncidentID != 0 {
		t.Errorf("page settings = %+v", page)
	}

	comps, err := svc.Publish.Components(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]publish.ComponentStatus{}
	for _, c := range comps {
		statuses[c.Names["en"]] = c.Status
	}
	want := map[string]publish.ComponentStatus{"Customer portal": publish.Degraded, "Support phone line": publish.Operational,
		"E-mail": publish.Operational, "Vehicle app": publish.Operational}
	if len(comps) != 4 || len(statuses) != 4 {
		t.Errorf("%d components: %v; want 4", len(comps), statuses)
	}
	for name, st := range want {
		if statuses[name] != st {
			t.Errorf("%s is %q, want %q", name, statuses[name], st)
		}
	}
	history, err := svc.Publish.ComponentHistory(ctx, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	changed := map[int64]int{}
	for _, ch := range history {
		changed[ch.ComponentID]++
	}
	for _, c := range comps {
		if changed[c.ID] < 3 {
			t.Errorf("%s has %d changes in its history, want its creation and a past", c.Names["en"], changed[c.ID])
		}
	}

	list, err := svc.Publish.Listing(ctx, a, login.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	if !list.Public || list.Titles["en"] != "Unauthorised access to customer data" || list.Titles["de"] == "" || list.Impact != publish.ImpactMajor {
		t.Errorf("listing = %+v", list)
	}

	sts, err := svc.Publish.Statements(ctx, a, login.IncidentID)
	if err != nil {
		t.Fatal(err)
	}
	published := map[publish.Kind]bool{}
	for _, st := range sts {
		if st.AuthorID != comms.ID {
			t.Errorf("%s statement written by %d, want comms %d", st.Kind, st.AuthorID, comms.ID)
		}
		switch st.State {
		case publish.Published:
			published[st.Kind] = true
			if st.ApprovedBy != lead.ID || st.PublishedBy != comms.ID || st.Texts["de"].Body == "" || st.Texts["en"].Body == "" {
				t.Errorf("%s: approved by %d, published by %d, texts %v; want the lead, comms, de and en",
					st.Kind, st.ApprovedBy, st.PublishedBy, st.Texts)
			}
		case publish.Draft:
			if st.Kind != publish.FAQ {
				t.Errorf("a %s draft; want only the FAQ waiting", st.Kind)
			}
		default:
			t.Errorf("a %s statement in state %s", st.Kind, st.State)
		}
	}
	if len(sts) != 4 || !published[publish.PressRelease] || !published[publish.WhatToDo] || !published[publish.Update] {
		t.Errorf("%d statements, published %v; want the press release, what to do and an update published, and the FAQ", len(sts), published)
	}

	// What the public listener shows: the listed incident with its public
	// title and three statements, never the desk's title.
	site, err := svc.Publish.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Incidents) != 1 || len(site.Incidents[0].Statements) != 3 || len(site.Components) != 4 {
		t.Fatalf("site holds %d incidents, %d components", len(site.Incidents), len(site.Components))
	}
	for _, st := range site.Incidents[0].Statements {
		for lang, txt := range st.Texts {
			if strings.Contains(txt.Title+txt.Body, login.IncidentTitle) {
				t.Errorf("a public statement (%s) holds the desk's title", lang)
			}
		}
	}
}
