package hotline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// desk is the hotline over a real SQLite database, with a user per role
// on the team of one incident, a clock the test moves, and a register
// with a few persons.
type desk struct {
	t       testing.TB
	ctx     context.Context
	db      *sqlite.DB
	people  *people.Service
	svc     *hotline.Service
	authSvc *auth.Service
	users   map[string]*auth.User
	inc     *incident.Incident
	clock   *clock
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
	{"hotline", auth.RoleHotline, incident.RoleMember},
	{"viewer", auth.RoleViewer, incident.RoleMember},
	{"outsider", auth.RoleComms, ""},
	{"inclead", auth.RoleComms, incident.RoleIncidentLead},
	{"dpo", auth.RoleResponder, incident.RoleDPO},
	{"lead2", auth.RoleLead, incident.RoleMember},
}

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
	d := &desk{t: t, ctx: ctx, db: db, people: ppl, authSvc: authSvc, users: map[string]*auth.User{}, clock: clk,
		svc: hotline.NewService(db.Hotline(), incSvc, ppl, ntf, db.Auth(), keys, hotline.Options{Now: clk.Now})}
	for _, u := range deskUsers {
		user, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: u.key + "@desk.test", Name: "Test " + u.key,
			Role: u.role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		d.users[u.key] = user
	}
	d.inc, err = incSvc.Create(ctx, d.actor("lead"), incident.NewIncident{Title: "Leak", Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: clk.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range deskUsers {
		if u.member == "" {
			continue
		}
		if err := incSvc.SetMember(ctx, d.actor("lead"), d.inc.ID, d.users[u.key].ID, u.member); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func (d *desk) actor(key string) auth.Actor {
	return auth.ActorFor(d.users[key], auth.ViaWeb, "192.0.2.1")
}

// The register: Erika with a phone number and an IBAN, Max with an e-mail
// and an ID card number.
const (
	erikaPhone = "+4915112345678"
	erikaIBAN  = "DE89370400440532013000"
	maxEmail   = "max.mustermann@example.org"
	maxIDCard  = "T22000129"
)

func (d *desk) importRegister() {
	d.t.Helper()
	line := func(row int, category, kind, value string) string {
		b, _ := json.Marshal(map[string]string{"file": "crm.csv", "record": fmt.Sprintf("crm.csv:row %d", row),
			"category": category, "kind": kind, "value": value})
		return string(b) + "\n"
	}
	data := line(1, "phone", "", erikaPhone) + line(1, "iban", "", erikaIBAN) + line(1, "name", "", "Erika Mustermann") +
		line(2, "email", "", maxEmail) + line(2, "national_id", "de_id_card", maxIDCard)
	if _, err := d.people.ImportFindings(d.ctx, d.actor("responder"), d.inc.ID, "findings", "crm.jsonl", strings.NewReader(data)); err != nil {
		d.t.Fatalf("import: %v", err)
	}
}

// approveDefault has comms write the default script and the lead approve
// it.
func (d *desk) approveDefault() *hotline.Script {
	d.t.Helper()
	sc := &hotline.Script{}
	if err := d.svc.SaveScript(d.ctx, d.actor("comms"), d.inc.ID, sc); err != nil {
		d.t.Fatal(err)
	}
	if err := d.svc.ApproveScript(d.ctx, d.actor("lead"), d.inc.ID, sc.ID); err != nil {
		d.t.Fatal(err)
	}
	return sc
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
