package people_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// desk is a register over a real SQLite database, with a user per role,
// all of them on the team of one incident.
type desk struct {
	t         testing.TB
	db        *sqlite.DB
	incidents *incident.Service
	oblig     *obligation.Service
	svc       *people.Service
	keys      *people.Keyring
	users     map[auth.Role]*auth.User
	inc       *incident.Incident
}

// testKey is a fixed master key, so failures reproduce.
var testKey = bytes.Repeat([]byte{7}, people.KeySize)

func newDesk(t testing.TB) *desk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
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
	keys, err := people.NewKeyring(testKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	d := &desk{t: t, db: db, incidents: incSvc, oblig: oblSvc, keys: keys, users: map[auth.Role]*auth.User{},
		svc: people.NewService(db.People(), incSvc, oblSvc, keys, nil)}
	for _, role := range append(auth.Roles, "outsider") {
		r := role
		if role == "outsider" {
			r = auth.RoleComms
		}
		u, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: string(role) + "@desk.test", Name: "Test " + string(role),
			Role: r, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		d.users[role] = u
	}
	d.inc, err = incSvc.Create(ctx, d.actor(auth.RoleLead), incident.NewIncident{Title: "Leak", Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: incSvc.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range auth.Roles {
		if role == auth.RoleLead || role == auth.RoleAdmin {
			continue
		}
		if err := incSvc.SetMember(ctx, d.actor(auth.RoleLead), d.inc.ID, d.users[role].ID, incident.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func (d *desk) actor(r auth.Role) auth.Actor {
	return auth.ActorFor(d.users[r], auth.ViaWeb, "192.0.2.1")
}

// line is one line of a findings file.
func line(file string, row int, category, kind, value string) string {
	b, _ := json.Marshal(map[string]string{"file": file, "record": fmt.Sprintf("%s:row %d", file, row),
		"category": category, "kind": kind, "value": value})
	return string(b) + "\n"
}

func (d *desk) importFindings(name string, lines ...string) *people.ImportResult {
	d.t.Helper()
	res, err := d.svc.ImportFindings(context.Background(), d.actor(auth.RoleResponder), d.inc.ID, "findings", name,
		strings.NewReader(strings.Join(lines, "")))
	if err != nil {
		d.t.Fatalf("import %s: %v", name, err)
	}
	return res
}

// all returns the register unsealed, by ID.
func (d *desk) all() []*people.Person {
	d.t.Helper()
	var out []*people.Person
	err := d.svc.EachMember(context.Background(), d.inc.ID, people.SegmentRules{}, func(p *people.Person) error {
		out = append(out, p)
		return nil
	})
	if err != nil {
		d.t.Fatal(err)
	}
	return out
}

// rows returns the stored rows, to compare states byte for byte.
func (d *desk) rows() []people.Row {
	d.t.Helper()
	var out []people.Row
	err := d.db.People().EachPerson(context.Background(), d.inc.ID, func(r *people.Row) error {
		out = append(out, *r)
		return nil
	})
	if err != nil {
		d.t.Fatal(err)
	}
	return out
}

// byEmail finds the person holding an address in all.
func byEmail(t *testing.T, all []*people.Person, email string) *people.Person {
	t.Helper()
	for _, p := range all {
		for _, e := range p.Contact.Emails {
			if e == email {
				return p
			}
		}
	}
	t.Fatalf("nobody has the address %s", email)
	return nil
}

// auditAndTimeline is every stored audit detail and timeline text of the
// desk, for checks that no personal data is in them.
func (d *desk) auditAndTimeline() string {
	d.t.Helper()
	ctx := context.Background()
	var b strings.Builder
	entries, err := d.db.Auth().AuditEntries(ctx, auth.AuditFilter{Limit: auth.MaxAuditPage})
	if err != nil {
		d.t.Fatal(err)
	}
	for _, e := range entries {
		fmt.Fprintf(&b, "%s %s %s\n", e.Action, e.ObjectType, e.Detail)
	}
	tl, err := d.db.Incidents().Timeline(ctx, d.inc.ID, incident.TimelinePage{Limit: 1000})
	if err != nil {
		d.t.Fatal(err)
	}
	for _, e := range tl {
		b.WriteString(e.Text + "\n")
		if e.Event != nil {
			ev, _ := json.Marshal(e.Event)
			b.Write(ev)
		}
	}
	return b.String()
}
