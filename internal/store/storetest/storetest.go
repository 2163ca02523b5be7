// Package storetest is the conformance suite of the desk's stores: one set
// of scenarios that every database must pass, so SQLite and PostgreSQL
// behave alike. The store packages run it from their tests:
//
//	storetest.Run(t, func(t *testing.T) storetest.Stores { ... a fresh database ... })
package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// Stores is one fresh, empty, migrated database as the suite sees it.
type Stores struct {
	Auth      auth.Store
	Incidents incident.Store
	// Obligations is the store of the regulator clock.
	Obligations obligation.Store
	// People is the register of affected persons.
	People people.Store
	// Notify is the store of campaigns and the delivery ledger.
	Notify notify.Store
	// Hotline is the store of inquiries, their mails, calls and scripts.
	Hotline hotline.Store
	// Publish is the store of the public side.
	Publish publish.Store
	// SQL reaches the same database directly, for guarantees below the
	// interfaces such as the append-only triggers. On SQLite it must be
	// the writer.
	SQL *sql.DB
}

// scenario is one behaviour every store must show.
type scenario struct {
	name string
	run  func(t *testing.T, s Stores)
}

// Run runs every scenario against a fresh database from open. open is
// called once per scenario and must clean up after itself (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) Stores) {
	var all []scenario
	for _, group := range [][]scenario{
		userScenarios, sessionScenarios, tokenScenarios, auditScenarios, transactionScenarios,
		incidentScenarios, memberScenarios, timelineScenarios, taskScenarios, contactScenarios,
		playbookScenarios, notFoundScenarios, obligationScenarios, peopleScenarios, notifyScenarios,
		hotlineScenarios, publishScenarios,
	} {
		all = append(all, group...)
	}
	for _, sc := range all {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, open(t)) })
	}
}

// t0 has microseconds, the finest both databases keep, so a round trip
// that loses precision shows.
var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func ptr[T any](v T) *T { return &v }

// updateAuth and updateIncidents run fn in a transaction and fail the test
// on an error.
func updateAuth(t *testing.T, s Stores, fn func(ctx context.Context, tx auth.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Auth.Update(ctx, func(tx auth.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("auth update: %v", err)
	}
}

func updateIncidents(t *testing.T, s Stores, fn func(ctx context.Context, tx incident.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Incidents.Update(ctx, func(tx incident.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("incident update: %v", err)
	}
}

// newUser stores a user with the given address, name and role.
func newUser(t *testing.T, s Stores, email, name string, role auth.Role) *auth.User {
	t.Helper()
	u := &auth.User{Email: email, Name: name, Role: role, PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", CreatedAt: t0}
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.CreateUser(ctx, u) })
	return u
}

// newIncident stores an incident; change adjusts it before.
func newIncident(t *testing.T, s Stores, title string, change ...func(*incident.Incident)) *incident.Incident {
	t.Helper()
	inc := &incident.Incident{
		Title: title, Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, Status: incident.StatusTriage,
		AwareAt: t0, CreatedAt: t0, UpdatedAt: t0,
	}
	for _, c := range change {
		c(inc)
	}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.CreateIncident(ctx, inc) })
	return inc
}

// newEntry appends a note to incident id.
func newEntry(t *testing.T, s Stores, id int64, occurred time.Time, text string) *incident.Entry {
	t.Helper()
	e := &incident.Entry{IncidentID: id, OccurredAt: occurred, RecordedAt: t0, Kind: incident.EntryNote, Text: text}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.AppendEntry(ctx, e, nil) })
	return e
}

// newTask stores a task in incident id; change adjusts it before.
func newTask(t *testing.T, s Stores, id int64, title string, change ...func(*incident.Task)) *incident.Task {
	t.Helper()
	task := &incident.Task{IncidentID: id, Title: title, Status: incident.TaskOpen, CreatedAt: t0, UpdatedAt: t0}
	for _, c := range change {
		c(task)
	}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.CreateTask(ctx, task) })
	return task
}

// audit is an audit entry for an event by the command line at time when.
func audit(when time.Time, ev auth.Event) auth.AuditEntry {
	return auth.NewAuditEntry(auth.CLI(), when, ev)
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, err error, code errs.Code) {
	t.Helper()
	if got := errs.CodeOf(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

// wantEqual fails unless got and want are deeply equal, and shows both as
// JSON, which prints times and pointers readably.
func wantEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got %s\nwant %s", what, show(got), show(want))
	}
}

func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// must returns v once the test has checked err, as in
// must(s.Auth.User(ctx, id))(t); Go passes a call's two results on only as
// a call's whole argument list.
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

var errRollback = errors.New("storetest: roll back")
