package people_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
)

// wantTallied checks that the counts read from the store's tallies equal
// a count of every row, and that the segments' cached member counts equal
// a count of their members.
func (d *desk) wantTallied(t *testing.T, step string) *people.Counts {
	t.Helper()
	ctx := context.Background()
	lead := d.actor(auth.RoleLead)
	got, err := d.svc.Counts(ctx, lead, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, err := d.svc.Recount(ctx, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	bySegment := got.BySegment
	got.BySegment, want.BySegment = nil, nil
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Fatalf("%s: tallied counts\n%+v\nrecounted\n%+v", step, got, want)
	}
	views, err := d.svc.Segments(ctx, lead, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		var n int64
		if err := d.svc.EachMember(ctx, d.inc.ID, v.Rules, func(*people.Person) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if v.Members != n || bySegment[v.ID] != n {
			t.Fatalf("%s: segment %q has %d members, counted %d and %d", step, v.Name, n, v.Members, bySegment[v.ID])
		}
	}
	return got
}

// The counts come from tallies the store keeps with every change; they
// stay exact through imports, re-imports, merges, CRM enrichment, erasure
// and segment changes.
func TestTalliesFollowEveryChange(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	comms := d.actor(auth.RoleComms)
	if c := d.wantTallied(t, "empty"); c.Persons != 0 {
		t.Fatalf("an empty register counts %+v", c)
	}
	for _, seg := range []*people.Segment{
		{Name: "e-mail", Rules: people.SegmentRules{Reach: people.ReachEmail}},
		{Name: "germany", Rules: people.SegmentRules{Countries: []string{"DE"}}},
		{Name: "users", Rules: people.SegmentRules{Files: []string{"users.csv"}}},
	} {
		if err := d.svc.SaveSegment(ctx, comms, d.inc.ID, seg); err != nil {
			t.Fatal(err)
		}
	}
	d.importFindings("leak.jsonl", leak...)
	first := d.wantTallied(t, "first import")
	d.importFindings("leak.jsonl", leak...)
	if again := d.wantTallied(t, "re-import"); fmt.Sprint(again) != fmt.Sprint(first) {
		t.Fatalf("a re-import changed the counts: %+v, then %+v", first, again)
	}
	// Two persons of the leak turn out to be one: a record with both
	// their addresses merges them.
	d.importFindings("joined.jsonl",
		line("orders.csv", 70, "email", "", "wang.wei@163.com"),
		line("orders.csv", 70, "email", "", "anna@example.de"),
		line("orders.csv", 70, "iban", "", "DE89370400440532013000"),
		line("letters.csv", 80, "phone", "", "+49 170 1234567"),
		line("letters.csv", 80, "postal_address", "", "Hauptstraße 5, 30159 Hannover"))
	if merged := d.wantTallied(t, "merge"); merged.Persons != first.Persons-1 {
		t.Fatalf("persons %d after the merge, %d before", merged.Persons, first.Persons)
	}
	_, m, err := d.svc.CRMColumns(ctx, comms, d.inc.ID, "kunden.csv", []byte(crmCSV))
	if err != nil {
		t.Fatal(err)
	}
	m.AddUnmatched = true
	if _, err := d.svc.ImportCRM(ctx, comms, d.inc.ID, "kunden.csv", []byte(crmCSV), m); err != nil {
		t.Fatal(err)
	}
	d.wantTallied(t, "crm")
	wang := byEmail(t, d.all(), "wang.wei@163.com")
	if err := d.svc.Erase(ctx, d.actor(auth.RoleLead), d.inc.ID, wang.ID, "Art. 17 request"); err != nil {
		t.Fatal(err)
	}
	if c := d.wantTallied(t, "erasure"); c.Erased != 1 {
		t.Fatalf("erased %d", c.Erased)
	}
	d.importFindings("leak.jsonl", leak...)
	d.wantTallied(t, "re-import after erasure")
	views, err := d.svc.Segments(ctx, comms, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	seg := views[0].Segment
	seg.Rules = people.SegmentRules{Reach: people.ReachNone}
	if err := d.svc.SaveSegment(ctx, comms, d.inc.ID, &seg); err != nil {
		t.Fatal(err)
	}
	d.wantTallied(t, "changed segment")
}
