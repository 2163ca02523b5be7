package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// env is a desk on a real SQLite database with an incident, its team, a
// register of affected persons and a real SMTP relay on loopback.
type env struct {
	t         testing.TB
	db        storage
	incidents *incident.Service
	people    *people.Service
	svc       *notify.Service
	relay     *relay
	dialer    *dialer
	// realMail sends through the mail adapter (MIME, text and HTML)
	// instead of the tests' plain-text client.
	realMail bool
	relayCfg *notify.SMTPConfig
	id       int64 // the incident
	users    map[string]auth.Actor
	segment  int64 // everyone
	template int64
	logs     lockedBuffer // what the runners log
	dir      string       // the data directory
}

// lockedBuffer collects log lines from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// storage is the database, SQLite or PostgreSQL.
type storage interface {
	Auth() auth.Store
	Incidents() incident.Store
	Obligations() obligation.Store
	People() people.Store
	Notify() notify.Store
	Close() error
}

// team is who works on the incident: name -> desk role.
var team = map[string]auth.Role{
	"lead": auth.RoleLead, "comms": auth.RoleComms, "comms2": auth.RoleComms, "responder": auth.RoleResponder,
	"hotline": auth.RoleHotline, "admin": auth.RoleAdmin,
}

// person i of the register: every seventh has no e-mail (a letter), the
// rest e-mail; all have a postal address and a name.
func personEmail(i int) string { return fmt.Sprintf("p%05d@example.org", i) }

func newEnv(t testing.TB, persons int, configure ...func(*notify.SMTPConfig)) *env {
	t.Helper()
	dir := t.TempDir()
	e := openEnv(t, dir, startRelay(t), configure...)
	e.makeTeam()
	e.fillRegister(persons)
	e.makeSegmentAndTemplate()
	return e
}

// openEnv builds the services over the database in dir, sending to rel;
// it adds nothing to the database.
func openEnv(t testing.TB, dir string, rel *relay, configure ...func(*notify.SMTPConfig)) *env {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return envOn(t, db, dir, rel, configure...)
}

// envOn builds the services over db.
func envOn(t testing.TB, db storage, dir string, rel *relay, configure ...func(*notify.SMTPConfig)) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: db, users: map[string]auth.Actor{}, dir: dir}
	var err error
	e.incidents, err = incident.NewService(db.Incidents(), nil)
	if err != nil {
		t.Fatal(err)
	}
	obligations, err := obligation.NewService(ctx, db.Obligations(), e.incidents, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	e.people = people.NewService(db.People(), e.incidents, obligations, keys, nil)
	e.relay = rel
	host, port, _ := net.SplitHostPort(rel.addr)
	portNo, _ := strconv.Atoi(port)
	e.relayCfg = &notify.SMTPConfig{Host: host, Port: portNo, TLS: "none", From: "notice@acme.example",
		FromName: "ACME", Concurrency: 4}
	for _, c := range configure {
		c(e.relayCfg)
	}
	e.dialer = &dialer{addr: rel.addr}
	e.svc = notify.NewService(db.Notify(), e.incidents, e.people, keys, notify.Options{
		Dial: func(cfg notify.SMTPConfig) (notify.Dialer, error) {
			if e.realMail {
				d, err := mail.NewDialer(cfg)
				if err != nil {
					return nil, err
				}
				return d, nil
			}
			return e.dialer, nil
		},
		SMTPOverride: e.relayCfg,
	})
	return e
}

func (e *env) makeTeam() {
	ctx := context.Background()
	for name, role := range team {
		u := &auth.User{Email: name + "@desk.example", Name: name, Role: role,
			PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", CreatedAt: time.Now().UTC()}
		err := e.db.Auth().Update(ctx, func(tx auth.Tx) error { return tx.CreateUser(ctx, u) })
		if err != nil {
			e.t.Fatal(err)
		}
		e.users[name] = auth.ActorFor(u, auth.ViaWeb, "")
	}
	inc, err := e.incidents.Create(ctx, e.users["lead"], incident.NewIncident{Title: "Customer data leak",
		Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, AwareAt: time.Now().Add(-time.Hour)})
	if err != nil {
		e.t.Fatal(err)
	}
	e.id = inc.ID
	for name := range team {
		if name == "lead" || name == "admin" {
			continue
		}
		if err := e.incidents.SetMember(ctx, e.users["lead"], e.id, e.users[name].UserID, incident.RoleMember); err != nil {
			e.t.Fatal(err)
		}
	}
}

// fillRegister imports n persons from a CRM export: names, customer
// numbers, postal addresses, languages, and e-mail for all but every
// seventh.
func (e *env) fillRegister(n int) {
	var b bytes.Buffer
	b.WriteString("customer_no,email,name,street,postcode,city,country,language\n")
	for i := 1; i <= n; i++ {
		email := personEmail(i)
		if i%7 == 0 {
			email = ""
		}
		lang := "de"
		if i%2 == 0 {
			lang = "en"
		}
		fmt.Fprintf(&b, "K%06d,%s,Person Nummer %d,Hauptstraße %d,30159,Hannover,DE,%s\n", i, email, i, i, lang)
	}
	m := people.Mapping{Match: []people.IndexKind{people.IndexCustomerNo}, CustomerNo: "customer_no", Email: "email",
		Name: "name", Address: []string{"street"}, Postcode: "postcode", City: "city", Country: "country",
		Language: "language", AddUnmatched: true}
	res, err := e.people.ImportCRM(context.Background(), e.users["comms"], e.id, "crm.csv", b.Bytes(), m)
	if err != nil {
		e.t.Fatal(err)
	}
	if res.Import.Created != int64(n) {
		e.t.Fatalf("the CRM import created %d persons, want %d (problems: %v)", res.Import.Created, n, res.Problems)
	}
}

func (e *env) makeSegmentAndTemplate() {
	ctx := context.Background()
	seg := &people.Segment{Name: "Everyone"}
	if err := e.people.SaveSegment(ctx, e.users["comms"], e.id, seg); err != nil {
		e.t.Fatal(err)
	}
	e.segment = seg.ID
	tpl := &notify.Template{Name: "Notice", Fallback: "en", Company: "ACME GmbH", Hotline: "+49 511 1234",
		Inbox: "help@acme.example", UpdatesURL: "https://acme.example/updates",
		Contents: []notify.Content{
			{Lang: "de", Subject: "Wichtiger Hinweis zu Ihren Daten", Body: "{{salutation}}\n\nBei {{company}} ist etwas passiert.\n\nFragen: {{hotline}}"},
			{Lang: "en", Subject: "Important notice about your data", Body: "{{salutation}}\n\nSomething happened at {{company}}.\n\nQuestions: {{hotline}}"},
		}}
	if err := e.svc.SaveTemplate(ctx, e.users["comms"], e.id, tpl); err != nil {
		e.t.Fatal(err)
	}
	e.template = tpl.ID
}

// campaign creates, approves (by comms2) and starts an e-mail campaign.
func (e *env) campaign(fallback bool) *notify.Campaign {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.svc.CreateCampaign(ctx, e.users["comms"], e.id, notify.NewCampaign{Name: "Everyone by e-mail",
		SegmentID: e.segment, TemplateID: e.template, Channel: notify.ByEmail, LetterFallback: fallback})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.Approve(ctx, e.users["comms2"], e.id, c.ID); err != nil {
		e.t.Fatal(err)
	}
	if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) view(cid int64) *notify.CampaignView {
	e.t.Helper()
	v, err := e.svc.Campaign(context.Background(), e.users["comms"], e.id, cid)
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// ledger reads every row of the campaign.
func (e *env) ledger(cid int64) []notify.Delivery {
	e.t.Helper()
	var out []notify.Delivery
	after := int64(0)
	for {
		page, err := e.db.Notify().Deliveries(context.Background(), cid, "", after, 1000)
		if err != nil {
			e.t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].ID
	}
}

// runner returns a runner with short waits, for tests.
func (e *env) runner(id string, lease time.Duration) *notify.Runner {
	return e.svc.NewRunner(notify.RunnerOptions{ID: id, Lease: lease, Poll: 20 * time.Millisecond,
		Logger:  slog.New(slog.NewTextHandler(&e.logs, nil)),
		Backoff: []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 30 * time.Millisecond, 40 * time.Millisecond}})
}

// runUntilIdle runs a fresh runner until nothing is left, bounded.
func (e *env) runUntilIdle(id string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := e.runner(id, time.Minute).RunUntilIdle(ctx); err != nil {
		e.t.Fatal(err)
	}
}
