package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var playbookScenarios = []scenario{
	{"playbooks/an imported playbook comes back as parsed from its source", testPlaybookRoundTrip},
	{"playbooks/saving under a taken name replaces the playbook", testPlaybookReplace},
	{"playbooks/applying one twice to an incident is a conflict", testPlaybookAppliedTwice},
}

// playbookSource is a small valid playbook.
func playbookSource(name string, version int) string {
	return fmt.Sprintf(`name: %s
version: %d
kind: ransomware
title:
  en: Test plan %[1]s
  de: Testplan %[1]s
contacts:
  - role: police
    label: Police
phases:
  - name: First hours
    tasks:
      - title: Isolate the servers
        role: incident_lead
        due: aware+4h
        checklist: [Pull the cables, Photograph the screens]
      - title: Call the insurer
`, name, version)
}

func parsedPlaybook(t *testing.T, src string, by int64, when time.Time) *incident.Playbook {
	t.Helper()
	p := must(incident.ParsePlaybook([]byte(src)))(t)
	p.ImportedBy, p.ImportedAt = by, when
	return p
}

func savePlaybook(t *testing.T, s Stores, p *incident.Playbook) {
	t.Helper()
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.SavePlaybook(ctx, p) })
}

func testPlaybookRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	p := parsedPlaybook(t, playbookSource("test-plan", 3), u.ID, at(time.Hour))
	savePlaybook(t, s, p)
	wantEqual(t, "Playbook", must(s.Incidents.Playbook(ctx, "test-plan"))(t), p)
	byCLI := parsedPlaybook(t, playbookSource("another-plan", 1), 0, t0)
	savePlaybook(t, s, byCLI)
	wantEqual(t, "Playbooks by name", must(s.Incidents.Playbooks(ctx))(t), []incident.Playbook{*byCLI, *p})
}

func testPlaybookReplace(t *testing.T, s Stores) {
	ctx := t.Context()
	savePlaybook(t, s, parsedPlaybook(t, playbookSource("test-plan", 1), 0, t0))
	v2 := parsedPlaybook(t, playbookSource("test-plan", 2), 0, at(time.Hour))
	savePlaybook(t, s, v2)
	wantEqual(t, "replaced playbook", must(s.Incidents.Playbook(ctx, "test-plan"))(t), v2)
	if n := len(must(s.Incidents.Playbooks(ctx))(t)); n != 1 {
		t.Errorf("%d playbooks, want 1", n)
	}
}

func testPlaybookAppliedTwice(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	inc := newIncident(t, s, "applied")
	other := newIncident(t, s, "other")
	apply := func(id int64, name string, when time.Time) error {
		return s.Incidents.Update(ctx, func(tx incident.Tx) error {
			return tx.RecordPlaybookApplied(ctx, id, name, 1, u.ID, when)
		})
	}
	for _, step := range []struct {
		id   int64
		name string
		when time.Time
		want errs.Code
	}{
		{inc.ID, "ransomware", at(time.Hour), ""},
		{inc.ID, "data-theft", t0, ""},
		{other.ID, "ransomware", t0, ""}, // another incident may have it too
		{inc.ID, "ransomware", at(2 * time.Hour), errs.Conflict},
	} {
		wantCode(t, apply(step.id, step.name, step.when), step.want)
	}
	wantEqual(t, "applied playbooks, in the order applied", must(s.Incidents.AppliedPlaybooks(ctx, inc.ID))(t),
		[]string{"data-theft", "ransomware"})
}
