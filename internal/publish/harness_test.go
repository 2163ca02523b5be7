package publish_test

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// desk is the public side over a real SQLite database, with a user per
// role on the team of one incident, a clock the test moves, and the
// register's keyring. Its services are the real ones: helpers of other
// parts (mail, ui) build on it.
type desk struct {
	t        testing.TB
	ctx      context.Context
	db       *sqlite.DB
	keys     *people.Keyring
	auth     *auth.Service
	inc      *incident.Service
	people   *people.Service
	notify   *notify.Service
	hotline  *hotline.Service
	svc      *publish.Service
	users    map[string]*auth.User
	incident *incident.Incident
	clock    *clock
	// changes counts the OnChange calls.
	changes *counter
}

type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// counter counts calls from other goroutines (OnChange runs each watcher
// in its own).
type counter struct {
	mu sync.Mutex
	n  int
	ch chan struct{}
}

func (c *counter) inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	select {
	case c.ch <- struct{}{}:
	default:
	}
}

// Wait waits for one more call (at most 10 s, then fails): OnChange
// runs its watchers asynchronously.
func (c *counter) Wait(t testing.TB) {
	t.Helper()
	select {
	case <-c.ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no OnChange call")
	}
}

var testKey = bytes.Repeat([]byte{9}, people.KeySize)

// deskUsers: the desk roles, plus an outsider (comms, not on the team),
// an incident lead (comms by desk role) and the DPO (a responder).
var deskUsers = []struct {
	key    string
	role   auth.Role
	member incident.MemberRole // "" not on the team
}{
	{"admin", auth.RoleAdmin, ""},
	{"lead", auth.RoleLead, ""}, // creates the incident: its incident lead
	{"responder", auth.RoleResponder, incident.RoleMember},
	{"comms", auth.RoleComms, incident.RoleMember},
	{"comms2", auth.RoleComms, incident.RoleMember},
	{"hotline", auth.RoleHotline, incident.RoleMember},
	{"viewer", auth.RoleViewer, incident.RoleMember},
	{"outsider", auth.RoleComms, ""},
	{"inclead", auth.RoleComms, incident.RoleIncidentLead},
	{"dpo", auth.RoleResponder, incident.RoleDPO},
	{"lead2", auth.RoleLead, incident.RoleMember},
}

// deskTitle is the incident's desk title: it must never reach the Site.
const deskTitle = "Leak-INTERNAL-codename-Bluebird"

// newDesk opens a fresh database with the users and one incident
// (created by "lead", so "lead" is its incident lead until "inclead" is
// set; both remain on the team).
func newDesk(t testing.TB) *desk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{at: time.Date(2025, 1, 31, 9, 0, 0, 0, time.UTC)}
	fast := auth.FastArgon2
	authSvc := auth.NewService(db.Auth(), auth.Options{Argon2: &fast, Now: clk.Now})
	incSvc, err := incident.NewService(db.Incidents(), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	oblSvc, err := obligation.NewService(ctx, db.Obligations(), incSvc, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(testKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	ppl := people.NewService(db.People(), incSvc, oblSvc, keys, clk.Now)
	ntf := notify.NewService(db.Notify(), incSvc, ppl, keys, notify.Options{Now: clk.Now})
	hl := hotline.NewService(db.Hotline(), incSvc, ppl, ntf, db.Auth(), keys, hotline.Options{Now: clk.Now})
	svc := publish.NewService(db.Publish(), incSvc, ppl, hl, ntf, keys, publish.Options{Now: clk.Now, Domain: "desk.test"})
	d := &desk{t: t, ctx: ctx, db: db, keys: keys, auth: authSvc, inc: incSvc, people: ppl, notify: ntf, hotline: hl,
		svc: svc, users: map[string]*auth.User{}, clock: clk, changes: &counter{ch: make(chan struct{}, 1000)}}
	svc.OnChange(d.changes.inc)
	for _, u := range deskUsers {
		user, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: u.key + "@desk.test", Name: "Test " + u.key,
			Role: u.role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		d.users[u.key] = user
	}
	d.incident = d.newIncident(deskTitle)
	return d
}

// newIncident creates another incident (lead is its incident lead) with
// every deskUsers member on its team.
func (d *desk) newIncident(title string) *incident.Incident {
	d.t.Helper()
	inc, err := d.inc.Create(d.ctx, d.actor("lead"), incident.NewIncident{Title: title, Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: d.clock.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		d.t.Fatal(err)
	}
	for _, u := range deskUsers {
		if u.member == "" {
			continue
		}
		if err := d.inc.SetMember(d.ctx, d.actor("lead"), inc.ID, d.users[u.key].ID, u.member); err != nil {
			d.t.Fatal(err)
		}
	}
	return inc
}

// id is the incident's ID.
func (d *desk) id() int64 { return d.incident.ID }

func (d *desk) actor(key string) auth.Actor {
	u, ok := d.users[key]
	if !ok {
		d.t.Fatalf("no user %q", key)
	}
	return auth.ActorFor(u, auth.ViaWeb, "192.0.2.1")
}

// texts returns statement texts in every language.
func texts(title, body string) map[string]publish.Text {
	m := map[string]publish.Text{}
	for _, l := range publish.Languages {
		m[l] = publish.Text{Title: title + " (" + l + ")", Body: body + " (" + l + ")"}
	}
	return m
}

// draft is a valid statement draft in every language.
func draft(title string) publish.StatementDraft {
	return publish.StatementDraft{Kind: publish.PressRelease, Phase: publish.Investigating,
		Texts: texts(title, "We are investigating.")}
}

// published has comms draft a statement, lead2 approve and comms publish
// it; d.svc's errors fail the test.
func (d *desk) published(id int64, dr publish.StatementDraft) *publish.Statement {
	d.t.Helper()
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), id, dr)
	if err != nil {
		d.t.Fatalf("create: %v", err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), id, st.ID); err != nil {
		d.t.Fatalf("approve: %v", err)
	}
	st, err = d.svc.PublishStatement(d.ctx, d.actor("comms"), id, st.ID)
	if err != nil {
		d.t.Fatalf("publish: %v", err)
	}
	return st
}

// subscriber adds a subscriber in state straight through the store (the
// subscription flow is the mail part's); address is sealed and indexed as
// the service does.
func (d *desk) subscriber(address, lang string, state publish.SubscriberState) *publish.SubscriberRow {
	d.t.Helper()
	emailKey := d.keys.Index("publish-subscriber", address).Hash
	now := d.clock.Now()
	row := &publish.SubscriberRow{EmailKey: emailKey, Sealed: d.keys.Seal([]byte(address), emailKey), Lang: lang,
		State: state, UnsubKey: d.keys.Index("publish-unsubscribe", address).Hash, CreatedAt: now}
	if state == publish.Confirmed {
		row.ConfirmedAt = &now
	}
	if err := d.db.Publish().Update(d.ctx, func(tx publish.Tx) error { return tx.AddSubscriber(d.ctx, row) }); err != nil {
		d.t.Fatal(err)
	}
	return row
}

// audits returns the audit entries with the action.
func (d *desk) audits(action string) []auth.AuditEntry {
	d.t.Helper()
	es, err := d.db.Auth().AuditEntries(d.ctx, auth.AuditFilter{Action: action})
	if err != nil {
		d.t.Fatal(err)
	}
	return es
}

// timeline returns the incident's system events named name, newest
// first.
func (d *desk) timeline(id int64, name string) []incident.Entry {
	d.t.Helper()
	es, err := d.db.Incidents().Timeline(d.ctx, id, incident.TimelinePage{Limit: incident.MaxTimelinePage})
	if err != nil {
		d.t.Fatal(err)
	}
	var out []incident.Entry
	for _, e := range es {
		if e.Event != nil && e.Event.Name == name {
			out = append(out, e)
		}
	}
	return out
}
