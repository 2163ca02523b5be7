package storetest

import (
	"context"
	"errors"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var transactionScenarios = []scenario{
	{"transactions/an error rolls back everything, audit entry included", testRollbackOnError},
	{"transactions/a panic rolls back and the store stays usable", testRollbackOnPanic},
	{"transactions/an error of fn is returned as it is", testUpdateReturnsError},
}

// halfWrite stores an incident, an entry, a user and an audit entry, and
// reports the incident's ID.
func halfWrite(ctx context.Context, tx incident.Tx, id *int64) error {
	inc := &incident.Incident{Title: "half", Kind: incident.KindOther, Severity: incident.SeverityLow,
		Status: incident.StatusTriage, AwareAt: t0, CreatedAt: t0, UpdatedAt: t0}
	if err := tx.CreateIncident(ctx, inc); err != nil {
		return err
	}
	*id = inc.ID
	e := &incident.Entry{IncidentID: inc.ID, OccurredAt: t0, RecordedAt: t0, Kind: incident.EntryNote, Text: "x"}
	if err := tx.AppendEntry(ctx, e, nil); err != nil {
		return err
	}
	return tx.AppendAudit(ctx, audit(t0, auth.Event{Action: "incident.create", IncidentID: inc.ID}))
}

// wantNothingStored fails if any incident or audit entry exists.
func wantNothingStored(t *testing.T, s Stores, id int64) {
	t.Helper()
	ctx := t.Context()
	_, err := s.Incidents.Incident(ctx, id)
	wantCode(t, err, errs.NotFound)
	for _, closed := range []bool{false, true} {
		if got := must(s.Incidents.Incidents(ctx, incident.ListFilter{Closed: closed}))(t); len(got) != 0 {
			t.Errorf("%d incidents (closed %v) after the rollback", len(got), closed)
		}
	}
	if got := must(s.Auth.AuditEntries(ctx, auth.AuditFilter{}))(t); len(got) != 0 {
		t.Errorf("%d audit entries after the rollback", len(got))
	}
	if n := must(s.Incidents.TimelineCount(ctx, id))(t); n != 0 {
		t.Errorf("%d timeline entries after the rollback", n)
	}
}

func testRollbackOnError(t *testing.T, s Stores) {
	ctx := t.Context()
	var id int64
	err := s.Incidents.Update(ctx, func(tx incident.Tx) error {
		if err := halfWrite(ctx, tx, &id); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("Update returned %v, want the error of fn", err)
	}
	wantNothingStored(t, s, id)
}

func testRollbackOnPanic(t *testing.T, s Stores) {
	ctx := t.Context()
	var id int64
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not come through")
			}
		}()
		_ = s.Incidents.Update(ctx, func(tx incident.Tx) error {
			if err := halfWrite(ctx, tx, &id); err != nil {
				return err
			}
			panic("storetest: panic in a transaction")
		})
	}()
	wantNothingStored(t, s, id)
	// The connection went back to the pool rolled back: a single writer
	// that was left in a transaction would hang here.
	newIncident(t, s, "after the panic")
}

func testUpdateReturnsError(t *testing.T, s Stores) {
	ctx := t.Context()
	want := errs.E(errs.Forbidden, "no")
	err := s.Auth.Update(ctx, func(auth.Tx) error { return want })
	if err != want {
		t.Fatalf("auth Update returned %v, want the very error of fn", err)
	}
	err = s.Incidents.Update(ctx, func(incident.Tx) error { return want })
	if err != want {
		t.Fatalf("incident Update returned %v, want the very error of fn", err)
	}
}
