package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var auditScenarios = []scenario{
	{"audit/an entry is sealed after the newest and survives a round trip", testAuditRoundTrip},
	{"audit/50 concurrent transactions append seq 1 to 50 and the chain verifies", testAuditConcurrent},
	{"audit/entries are filtered, newest first, and paged by seq", testAuditFilters},
	{"audit/walk streams in seq order and stops at the first error", testAuditWalk},
	{"audit/the database refuses to change or delete audit and timeline rows", testAppendOnly},
}

func appendAudit(t *testing.T, s Stores, e auth.AuditEntry) {
	t.Helper()
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.AppendAudit(ctx, e) })
}

func testAuditRoundTrip(t *testing.T, s Stores) {
	a := auth.Actor{UserID: 7, Email: "ada@example.org", Role: auth.RoleLead, Via: auth.ViaWeb, Addr: "192.0.2.1"}
	first := auth.NewAuditEntry(a, t0, auth.Event{Action: "incident.create", ObjectType: "incident", ObjectID: 3,
		IncidentID: 3, Detail: map[string]any{"title_len": 12, "ümlaut": "ä"}})
	// Nanoseconds are more than a database keeps: the store drops them
	// before sealing, so the hash still verifies after the round trip.
	second := auth.NewAuditEntry(auth.CLI(), t0, auth.Event{Action: "backup"})
	second.At = at(time.Second + 999)
	appendAudit(t, s, first)
	appendAudit(t, s, second)

	first.Seal(0, auth.GenesisHash)
	second.At = at(time.Second)
	second.Seal(1, first.Hash)
	got := must(s.Auth.AuditEntries(t.Context(), auth.AuditFilter{}))(t)
	wantEqual(t, "audit entries", got, []auth.AuditEntry{second, first})
	v := auth.NewChainVerifier()
	for _, e := range []auth.AuditEntry{got[1], got[0]} {
		v.Add(e)
	}
	if r := v.Report(); !r.OK() {
		t.Fatalf("chain broken: %s", r.Reason)
	}
}

func testAuditConcurrent(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "concurrent")
	const n = 50
	var wg sync.WaitGroup
	errc := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev := auth.Event{Action: "test.append", ObjectID: int64(i), IncidentID: inc.ID}
			// Half through each store: both transactions share one chain.
			if i%2 == 0 {
				errc <- s.Auth.Update(ctx, func(tx auth.Tx) error { return tx.AppendAudit(ctx, audit(at(time.Duration(i)), ev)) })
				return
			}
			errc <- s.Incidents.Update(ctx, func(tx incident.Tx) error {
				e := &incident.Entry{IncidentID: inc.ID, OccurredAt: t0, RecordedAt: t0, Kind: incident.EntryNote, Text: fmt.Sprint(i)}
				if err := tx.AppendEntry(ctx, e, nil); err != nil {
					return err
				}
				return tx.AppendAudit(ctx, audit(at(time.Duration(i)), ev))
			})
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("concurrent append: %v", err)
		}
	}
	v := auth.NewChainVerifier()
	var seqs []int64
	if err := s.Auth.WalkAudit(ctx, func(e auth.AuditEntry) error {
		seqs = append(seqs, e.Seq)
		v.Add(e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, seq := range seqs {
		if seq != int64(i+1) {
			t.Fatalf("seq %d at position %d, want %d (all: %v)", seq, i, i+1, seqs)
		}
	}
	if len(seqs) != n {
		t.Fatalf("%d entries, want %d", len(seqs), n)
	}
	if r := v.Report(); !r.OK() || r.Entries != n {
		t.Fatalf("chain report %+v, want %d intact entries", r, n)
	}
}

func testAuditFilters(t *testing.T, s Stores) {
	entries := []struct {
		actor    int64
		action   string
		incident int64
		at       time.Duration
	}{
		{1, "incident.create", 10, 0},             // seq 1
		{2, "incident.update", 10, time.Hour},     // seq 2
		{1, "login.failed", 0, 2 * time.Hour},     // seq 3
		{1, "incidents.export", 0, 3 * time.Hour}, // seq 4
		{3, "attachment.view", 11, 4 * time.Hour}, // seq 5
	}
	for _, e := range entries {
		appendAudit(t, s, auth.NewAuditEntry(auth.Actor{UserID: e.actor, Email: "x@example.org", Via: auth.ViaAPI},
			at(e.at), auth.Event{Action: e.action, IncidentID: e.incident}))
	}
	cases := []struct {
		name   string
		filter auth.AuditFilter
		want   []int64
	}{
		{"no filter lists every entry newest first", auth.AuditFilter{}, []int64{5, 4, 3, 2, 1}},
		{"by actor", auth.AuditFilter{ActorID: 1}, []int64{4, 3, 1}},
		{"action is a prefix", auth.AuditFilter{Action: "incident."}, []int64{2, 1}},
		{"action prefix can be a whole action", auth.AuditFilter{Action: "login.failed"}, []int64{3}},
		{"action prefix has no wildcards", auth.AuditFilter{Action: "incident_"}, nil},
		{"action prefix is case-sensitive", auth.AuditFilter{Action: "Incident."}, nil},
		{"by incident", auth.AuditFilter{IncidentID: 10}, []int64{2, 1}},
		{"from is inclusive", auth.AuditFilter{From: at(time.Hour)}, []int64{5, 4, 3, 2}},
		{"to is exclusive", auth.AuditFilter{To: at(2 * time.Hour)}, []int64{2, 1}},
		{"from and to make a window", auth.AuditFilter{From: at(time.Hour), To: at(3 * time.Hour)}, []int64{3, 2}},
		{"before seq pages backwards", auth.AuditFilter{BeforeSeq: 4}, []int64{3, 2, 1}},
		{"limit keeps the newest", auth.AuditFilter{Limit: 2}, []int64{5, 4}},
		{"the next page starts before the last seq", auth.AuditFilter{Limit: 2, BeforeSeq: 4}, []int64{3, 2}},
		{"filters combine", auth.AuditFilter{ActorID: 1, IncidentID: 10}, []int64{1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, e := range must(s.Auth.AuditEntries(t.Context(), tc.filter))(t) {
				got = append(got, e.Seq)
			}
			wantEqual(t, "seqs", got, tc.want)
		})
	}
}

func testAuditWalk(t *testing.T, s Stores) {
	for i := range 5 {
		appendAudit(t, s, audit(at(time.Duration(i)*time.Second), auth.Event{Action: "test.walk"}))
	}
	var seqs []int64
	stop := errors.New("stop")
	err := s.Auth.WalkAudit(t.Context(), func(e auth.AuditEntry) error {
		seqs = append(seqs, e.Seq)
		if e.Seq == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("WalkAudit returned %v, want the error of fn", err)
	}
	wantEqual(t, "seqs walked", seqs, []int64{1, 2, 3})
}

func testAppendOnly(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "append-only")
	newEntry(t, s, inc.ID, t0, "first")
	appendAudit(t, s, audit(t0, auth.Event{Action: "test.append_only"}))
	for _, stmt := range []string{
		`UPDATE audit_log SET actor = 'mallory'`,
		`DELETE FROM audit_log`,
		`UPDATE timeline_entries SET text = 'rewritten'`,
		`DELETE FROM timeline_entries`,
	} {
		t.Run(stmt, func(t *testing.T) {
			_, err := s.SQL.ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("the database answered %v, want a refusal naming the table append-only", err)
			}
		})
	}
	if n := len(must(s.Auth.AuditEntries(ctx, auth.AuditFilter{}))(t)); n != 1 {
		t.Errorf("%d audit entries, want 1", n)
	}
	wantEqual(t, "entry text", must(s.Incidents.Timeline(ctx, inc.ID, incident.TimelinePage{}))(t)[0].Text, "first")
}
