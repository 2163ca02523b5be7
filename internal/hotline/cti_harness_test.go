package hotline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// ctiDesk is the hotline over a real SQLite database: an incident whose
// register holds a caller with a Berlin number, a user per role on its
// team (the outsider is a comms user who is not), a clock the test moves,
// and the incident's phone system token.
type ctiDesk struct {
	t         testing.TB
	svc       *hotline.Service
	incidents *incident.Service
	people    *people.Service
	users     map[string]*auth.User
	inc       *incident.Incident
	token     string
	personID  int64
	clock     *testClock
}

// The caller the register knows, and the number the desk's own line has.
const (
	callerName  = "Jana Nowak"
	callerE164  = "+4930609854180"
	callerEmail = "jana.nowak@example.de"
	hotlineLine = "+4951112345678"
)

// testClock is a clock a test sets.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newCTIDesk(t testing.TB) *ctiDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &testClock{now: time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)}
	fast := auth.FastArgon2
	authSvc := auth.NewService(db.Auth(), auth.Options{Argon2: &fast})
	incSvc, err := incident.NewService(db.Incidents(), nil)
	if err != nil {
		t.Fatal(err)
	}
	oblSvc, err := obligation.NewService(ctx, db.Obligations(), incSvc, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{9}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	ppl := people.NewService(db.People(), incSvc, oblSvc, keys, nil)
	ntf := notify.NewService(db.Notify(), incSvc, ppl, keys, notify.Options{})
	d := &ctiDesk{t: t, incidents: incSvc, people: ppl, users: map[string]*auth.User{}, clock: clock,
		svc: hotline.NewService(db.Hotline(), incSvc, ppl, ntf, db.Auth(), keys, hotline.Options{Now: clock.Now})}
	for _, who := range []string{"admin", "lead", "comms", "hotline", "viewer", "outsider"} {
		role := auth.Role(who)
		if who == "outsider" {
			role = auth.RoleComms
		}
		u, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: who + "@desk.test", Name: "Test " + who,
			Role: role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		d.users[who] = u
	}
	d.inc, err = incSvc.Create(ctx, d.actor("lead"), incident.NewIncident{Title: "Leak", Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: incSvc.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"comms", "hotline", "viewer"} {
		if err := incSvc.SetMember(ctx, d.actor("lead"), d.inc.ID, d.users[who].ID, incident.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	var findings strings.Builder
	for _, f := range []map[string]string{
		{"category": "name", "value": callerName}, {"category": "phone", "value": "+49 30 609854180"},
		{"category": "email", "value": callerEmail}, {"category": "iban", "value": "DE89370400440532013000"},
	} {
		f["file"], f["record"] = "crm/customers.csv", "crm/customers.csv:row 7"
		b, _ := json.Marshal(f)
		findings.Write(append(b, '\n'))
	}
	if _, err := ppl.ImportFindings(ctx, d.actor("lead"), d.inc.ID, "findings", "findings.jsonl", strings.NewReader(findings.String())); err != nil {
		t.Fatal(err)
	}
	found, err := ppl.Lookup(ctx, d.actor("lead"), d.inc.ID, callerE164)
	if err != nil || len(found) != 1 {
		t.Fatalf("the register should know the caller: %v, %d found", err, len(found))
	}
	d.personID = found[0].ID
	if d.token, err = d.svc.NewCTIToken(ctx, d.actor("lead"), d.inc.ID); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d *ctiDesk) actor(who string) auth.Actor {
	return auth.ActorFor(d.users[who], auth.ViaWeb, "192.0.2.1")
}

// event posts ev with the desk's token and fails the test on an error.
func (d *ctiDesk) event(ev hotline.CTIEvent) *hotline.Call {
	d.t.Helper()
	c, err := d.svc.CTIEvent(context.Background(), d.token, ev)
	if err != nil {
		d.t.Fatalf("%s %s: %v", ev.Event, ev.CallID, err)
	}
	return c
}

// inbound is an inbound call's event from the caller to the hotline.
func inbound(event, callID, from string) hotline.CTIEvent {
	return hotline.CTIEvent{Event: event, From: from, To: hotlineLine[1:], Direction: "in", CallID: callID}
}
