package notify_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/pdfdoc"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// tenv is a desk on a fresh SQLite database with one incident, a register
// of three persons and a mail relay on loopback.
type tenv struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlite.DB
	auth    *auth.Service
	people  *people.Service
	svc     *notify.Service
	users   map[string]*auth.User
	id      int64
	persons map[string]int64 // by e-mail
	relay   *authRelay
}

const relayPassword = "relay-Passw0rd-never-shown"

func newTemplatesEnv(t *testing.T) *tenv {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fast := auth.FastArgon2
	e := &tenv{t: t, ctx: ctx, db: db, auth: auth.NewService(db.Auth(), auth.Options{Argon2: &fast}), users: map[string]*auth.User{}, persons: map[string]int64{}}
	incSvc, err := incident.NewService(db.Incidents(), nil)
	if err != nil {
		t.Fatal(err)
	}
	oblSvc, err := obligation.NewService(ctx, db.Obligations(), incSvc, nil)
	if err != nil {
		t.Fatal(err)
	}
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	keys, err := people.NewKeyring(master)
	if err != nil {
		t.Fatal(err)
	}
	e.people = people.NewService(db.People(), incSvc, oblSvc, keys, nil)
	letters, err := pdfdoc.NewLetterRenderer()
	if err != nil {
		t.Fatal(err)
	}
	e.relay = startAuthRelay(t)
	e.svc = notify.NewService(db.Notify(), incSvc, e.people, keys, notify.Options{Letters: letters, Dial: dialSMTP})
	for _, name := range []string{"admin", "lead", "comms", "responder", "hotline", "viewer", "outsider", "deputy"} {
		role := auth.Role(name)
		switch name {
		case "outsider":
			role = auth.RoleComms
		case "deputy":
			role = auth.RoleResponder
		}
		u, err := e.auth.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: name + "@example.test", Name: "Test " + name, Role: role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		e.users[name] = u
	}
	inc, err := incSvc.Create(ctx, e.actor("lead"), incident.NewIncident{Title: "Leak", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh,
		AwareAt: time.Now().Add(-time.Hour), Summary: "Extortion mail."})
	if err != nil {
		t.Fatal(err)
	}
	e.id = inc.ID
	for name, role := range map[string]incident.MemberRole{"comms": incident.RoleMember, "responder": incident.RoleMember, "hotline": incident.RoleMember,
		"viewer": incident.RoleMember, "deputy": incident.RoleIncidentLead} {
		if err := incSvc.SetMember(ctx, e.actor("lead"), e.id, e.users[name].ID, role); err != nil {
			t.Fatal(err)
		}
	}
	e.fillRegister()
	return e
}

func (e *tenv) actor(name string) auth.Actor {
	return auth.ActorFor(e.users[name], auth.ViaWeb, "192.0.2.1")
}

// fillRegister imports three persons: Anna (German, letter-ready), Wang
// (Chinese, e-mail only) and a person whose name is a spreadsheet formula.
func (e *tenv) fillRegister() {
	findings := strings.Join([]string{
		`{"file":"crm.csv","record":"row 1","category":"email","value":"anna@example.net"}`,
		`{"file":"crm.csv","record":"row 1","category":"name","value":"Anna Müller"}`,
		`{"file":"crm.csv","record":"row 1","category":"postal_address","value":"Königsallee 5, 40212 Düsseldorf"}`,
		`{"file":"crm.csv","record":"row 1","category":"iban","value":"DE89370400440532013000"}`,
		`{"file":"crm.csv","record":"row 2","category":"email","value":"wang@example.cn"}`,
		`{"file":"crm.csv","record":"row 2","category":"name","value":"王小明"}`,
		`{"file":"crm.csv","record":"row 3","category":"email","value":"eve@example.org"}`,
		`{"file":"crm.csv","record":"row 3","category":"name","value":"=HYPERLINK(\"http://x\")"}`,
		`{"file":"crm.csv","record":"row 3","category":"postal_address","value":"-Street 1, @Town"}`,
	}, "\n")
	if _, err := e.people.ImportFindings(e.ctx, e.actor("lead"), e.id, "findings", "f.jsonl", strings.NewReader(findings)); err != nil {
		e.t.Fatal(err)
	}
	crm := "email,language\nanna@example.net,de\nwang@example.cn,zh\neve@example.org,en\n"
	m := people.Mapping{Match: []people.IndexKind{people.IndexEmail}, Email: "email", Language: "language"}
	if _, err := e.people.ImportCRM(e.ctx, e.actor("lead"), e.id, "crm.csv", []byte(crm), m); err != nil {
		e.t.Fatal(err)
	}
	for _, email := range []string{"anna@example.net", "wang@example.cn", "eve@example.org"} {
		found, err := e.people.Lookup(e.ctx, e.actor("lead"), e.id, email)
		if err != nil || len(found) != 1 {
			e.t.Fatalf("lookup: %d, %v", len(found), err)
		}
		e.persons[email] = found[0].ID
	}
}

// readyTemplate is the default template with its notes written out.
func readyTemplate() *notify.Template {
	t := &notify.Template{Name: "Customers", Company: "Müller & Söhne GmbH", Hotline: "+49 30 1234-567", Inbox: "hilfe@example.de",
		UpdatesURL: "https://example.de/vorfall", Letterhead: []string{"Müller & Söhne GmbH", "Hauptstraße 1", "10115 Berlin"}}
	for _, c := range notify.DefaultContents() {
		c.Body = strings.NewReplacer("[[", "", "]]", "").Replace(c.Body)
		t.Contents = append(t.Contents, c)
	}
	return t
}

func (e *tenv) saveTemplate(t *notify.Template) *notify.Template {
	e.t.Helper()
	if err := e.svc.SaveTemplate(e.ctx, e.actor("comms"), e.id, t); err != nil {
		e.t.Fatalf("SaveTemplate: %v", err)
	}
	return t
}

// audit returns the audit entries with action, newest first.
func (e *tenv) audit(action string) []auth.AuditEntry {
	e.t.Helper()
	entries, err := e.db.Auth().AuditEntries(e.ctx, auth.AuditFilter{Action: action, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

func TestRightsFollowRoleAndTeam(t *testing.T) {
	e := newTemplatesEnv(t)
	for _, tc := range []struct {
		user string
		want notify.Rights
	}{
		{"admin", notify.Rights{View: true, Edit: true, Resend: true}},
		{"lead", notify.Rights{View: true, Edit: true, Approve: true, Resend: true}},
		{"comms", notify.Rights{View: true, Edit: true, Approve: true, Resend: true}},
		{"responder", notify.Rights{View: true}},
		{"hotline", notify.Rights{View: true, Resend: true}},
		{"viewer", notify.Rights{View: true}},
		{"deputy", notify.Rights{View: true, Edit: true, Approve: true, Resend: true}}, // a responder as incident lead
	} {
		t.Run(tc.user, func(t *testing.T) {
			got, err := e.svc.Rights(e.ctx, e.actor(tc.user), e.id)
			if err != nil || got != tc.want {
				t.Errorf("Rights = %+v, %v; want %+v", got, err, tc.want)
			}
		})
	}
	if _, err := e.svc.Rights(e.ctx, e.actor("outsider"), e.id); !errs.Is(err, errs.NotFound) {
		t.Errorf("outsider: %v, want not found", err)
	}
}

func TestSaveTemplateValidatesAndAudits(t *testing.T) {
	e := newTemplatesEnv(t)
	draft := &notify.Template{Name: "Draft", Contents: notify.DefaultContents()}
	e.saveTemplate(draft) // notes to the authors may be saved
	if draft.ID == 0 || draft.Fallback != "en" || draft.IncidentID != e.id {
		t.Fatalf("saved %+v", draft)
	}
	draft.Name = "Draft 2"
	e.saveTemplate(draft)
	got, err := e.svc.Template(e.ctx, e.actor("viewer"), e.id, draft.ID)
	if err != nil || got.Name != "Draft 2" || len(got.Contents) != 3 {
		t.Fatalf("Template = %+v, %v", got, err)
	}
	list, err := e.svc.Templates(e.ctx, e.actor("hotline"), e.id)
	if err != nil || len(list) != 1 {
		t.Fatalf("Templates = %d, %v", len(list), err)
	}
	entries := e.audit("template.save")
	if len(entries) != 2 || entries[0].ObjectID != draft.ID || !strings.Contains(entries[1].Detail, `"created":true`) {
		t.Errorf("audit: %+v", entries)
	}
	for _, tc := range []struct {
		name   string
		change func(*notify.Template)
		field  string // or a message part
	}{
		{"no name", func(t *notify.Template) { t.Name = " " }, "name"},
		{"no content", func(t *notify.Template) { t.Contents = nil }, "contents"},
		{"an unknown language", func(t *notify.Template) { t.Contents[0].Lang = "xx" }, "contents[0].lang"},
		{"a fallback without text", func(t *notify.Template) { t.Contents = t.Contents[:1]; t.Fallback = "zh" }, "fallback"},
		{"an inbox that is no address", func(t *notify.Template) { t.Inbox = "hotline" }, "inbox"},
		{"an updates page over http", func(t *notify.Template) { t.UpdatesURL = "http://example.de" }, "updates_url"},
		{"an unknown placeholder", func(t *notify.Template) { t.Contents[1].Body = "Hi\n\n{{nmae}}" }, "the en text, line 3: unknown placeholder {{nmae}}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm := readyTemplate()
			tc.change(tm)
			err := e.svc.SaveTemplate(e.ctx, e.actor("comms"), e.id, tm)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want invalid", err)
			}
			if _, ok := errs.FieldsOf(err)[tc.field]; !ok && !strings.Contains(err.Error(), tc.field) {
				t.Errorf("error %q does not name %q", err, tc.field)
			}
		})
	}
	if err := e.svc.SaveTemplate(e.ctx, e.actor("responder"), e.id, readyTemplate()); !errs.Is(err, errs.Forbidden) {
		t.Errorf("responder saving: %v, want forbidden", err)
	}
	other := readyTemplate()
	other.ID = draft.ID + 100
	if err := e.svc.SaveTemplate(e.ctx, e.actor("comms"), e.id, other); !errs.Is(err, errs.NotFound) {
		t.Errorf("saving a template that does not exist: %v", err)
	}
}

func TestPreviewRendersARealPersonAndAuditsTheView(t *testing.T) {
	e := newTemplatesEnv(t)
	tm := e.saveTemplate(&notify.Template{Name: "Draft", Contents: notify.DefaultContents(), Company: "ACME", Hotline: "0800 123", Inbox: "help@acme.example", UpdatesURL: "https://acme.example/news"})
	anna := e.persons["anna@example.net"]
	r, err := e.svc.Preview(e.ctx, e.actor("comms"), e.id, tm.ID, anna, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Lang != "de" || r.Message.To != "anna@example.net" || !strings.Contains(r.Message.Text, "Guten Tag Anna Müller,") ||
		!strings.Contains(r.Message.Text, "- Bankverbindung (IBAN)") || r.Letter.Address[0] != "Anna Müller" {
		t.Errorf("preview: lang %s to %s\n%s\n%+v", r.Lang, r.Message.To, r.Message.Text, r.Letter.Address)
	}
	if len(r.Missing) != 1 || r.Missing[0] != "editor_note" {
		t.Errorf("Missing = %v", r.Missing)
	}
	zh, err := e.svc.Preview(e.ctx, e.actor("lead"), e.id, tm.ID, e.persons["wang@example.cn"], "")
	if err != nil || zh.Lang != "zh" || !strings.Contains(zh.Message.Text, "尊敬的王小明：") {
		t.Errorf("zh preview: %v", err)
	}
	if en, err := e.svc.Preview(e.ctx, e.actor("comms"), e.id, tm.ID, anna, "en"); err != nil || !strings.Contains(en.Message.Text, "Dear Anna Müller,") {
		t.Errorf("preview in English: %v", err)
	}
	entries := e.audit("person.view")
	if len(entries) != 3 || entries[2].ObjectID != anna || entries[2].IncidentID != e.id || !strings.Contains(entries[2].Detail, `"purpose":"preview"`) {
		t.Fatalf("audit: %+v", entries)
	}
	for _, en := range entries {
		for _, pd := range []string{"anna", "Anna", "Müller", "王", "wang"} {
			if strings.Contains(en.Detail, pd) {
				t.Errorf("audit detail %q holds personal data", en.Detail)
			}
		}
	}
	for _, user := range []string{"hotline", "responder", "viewer"} {
		if _, err := e.svc.Preview(e.ctx, e.actor(user), e.id, tm.ID, anna, ""); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s previewing: %v, want forbidden", user, err)
		}
	}
	if _, err := e.svc.Preview(e.ctx, e.actor("outsider"), e.id, tm.ID, anna, ""); !errs.Is(err, errs.NotFound) {
		t.Errorf("outsider previewing: %v, want not found", err)
	}
	if len(e.audit("person.view")) != 3 {
		t.Errorf("a refused preview was audited as a view")
	}
}

func TestTestSendGoesToTheActorThroughTheRelay(t *testing.T) {
	e := newTemplatesEnv(t)
	tm := e.saveTemplate(readyTemplate())
	anna := e.persons["anna@example.net"]
	err := e.svc.TestSend(e.ctx, e.actor("comms"), e.id, tm.ID, anna, "")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "no mail relay") {
		t.Fatalf("without a relay: %v", err)
	}
	e.saveRelay(relayPassword)
	if err := e.svc.TestSend(e.ctx, e.actor("comms"), e.id, tm.ID, anna, ""); err != nil {
		t.Fatalf("TestSend: %v", err)
	}
	got := e.relay.messages()
	if len(got) != 1 || got[0].to != "comms@example.test" || got[0].from != "notice@example.de" {
		t.Fatalf("relay got %+v", got)
	}
	if !strings.Contains(got[0].data, "Subject: [TEST] Sicherheitsvorfall bei") || strings.Contains(got[0].data, "anna@example.net") {
		t.Errorf("message:\n%s", got[0].data)
	}
	entries := e.audit("person.view")
	if len(entries) != 1 || !strings.Contains(entries[0].Detail, `"purpose":"test_send"`) {
		t.Errorf("audit %+v", entries)
	}
	if err := e.svc.TestSend(e.ctx, auth.CLI(), e.id, tm.ID, anna, ""); !errs.Is(err, errs.Invalid) {
		t.Errorf("an actor without address: %v", err)
	}
}

func (e *tenv) saveRelay(password string) {
	e.t.Helper()
	cfg := notify.SMTPConfig{Host: "127.0.0.1", Port: e.relay.port, TLS: "none", Username: "desk", Password: password, From: "notice@example.de", FromName: "ACME"}
	if err := e.svc.SaveSMTP(e.ctx, e.actor("admin"), cfg); err != nil {
		e.t.Fatalf("SaveSMTP: %v", err)
	}
}

func TestRelaySettingsAreSealedAtRestAndKeptWhenLeftEmpty(t *testing.T) {
	e := newTemplatesEnv(t)
	cfg, overridden, err := e.svc.SMTP(e.ctx, e.actor("admin"))
	if err != nil || overridden || cfg.Port != 587 || cfg.TLS != "starttls" || cfg.Host != "" {
		t.Fatalf("defaults: %+v %v %v", cfg, overridden, err)
	}
	e.saveRelay(relayPassword)
	raw, err := e.db.Notify().Setting(e.ctx, "notify.smtp")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(relayPassword)) || !bytes.Contains(raw, []byte("password_sealed")) || !bytes.Contains(raw, []byte("127.0.0.1")) {
		t.Errorf("stored setting: %s", raw)
	}
	cfg, _, err = e.svc.SMTP(e.ctx, e.actor("admin"))
	if err != nil || cfg.Password != "" || cfg.Host != "127.0.0.1" || cfg.Username != "desk" {
		t.Errorf("SMTP = %+v, %v", cfg, err)
	}
	// Saved again without a password: the relay still takes the login.
	e.saveRelay("")
	tm := e.saveTemplate(readyTemplate())
	if err := e.svc.TestSend(e.ctx, e.actor("lead"), e.id, tm.ID, e.persons["wang@example.cn"], ""); err != nil {
		t.Fatalf("TestSend after keeping the password: %v", err)
	}
	e.saveRelay("wrong-password")
	err = e.svc.TestSend(e.ctx, e.actor("lead"), e.id, tm.ID, e.persons["wang@example.cn"], "")
	if !errs.Is(err, errs.Invalid) || strings.Contains(err.Error(), "wrong-password") {
		t.Errorf("a refused login: %v", err)
	}
	for _, user := range []string{"lead", "comms"} {
		if _, _, err := e.svc.SMTP(e.ctx, e.actor(user)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s reading the relay: %v", user, err)
		}
		if err := e.svc.SaveSMTP(e.ctx, e.actor(user), notify.SMTPConfig{Host: "x.example", From: "a@x.example"}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s saving the relay: %v", user, err)
		}
	}
	for _, tc := range []struct {
		cfg   notify.SMTPConfig
		field string
	}{
		{notify.SMTPConfig{From: "a@x.example"}, "host"},
		{notify.SMTPConfig{Host: "mail.example.com", TLS: "none", From: "a@x.example"}, "tls"},
		{notify.SMTPConfig{Host: "mail.example.com", From: "nobody"}, "from"},
		{notify.SMTPConfig{Host: "mail.example.com", Port: 70000, From: "a@x.example"}, "port"},
		{notify.SMTPConfig{Host: "mail.example.com", From: "a@x.example", DKIMDomain: "x.example", DKIMSelector: "s", DKIMKey: "not a key"}, "dkim_key"},
	} {
		err := e.svc.SaveSMTP(e.ctx, e.actor("admin"), tc.cfg)
		if _, ok := errs.FieldsOf(err)[tc.field]; !ok {
			t.Errorf("%+v: %v, want a problem with %s", tc.cfg, err, tc.field)
		}
	}
	if n := len(e.audit("settings.smtp")); n != 3 {
		t.Errorf("%d settings.smtp audit entries, want 3", n)
	}
}

func TestLettersRenderAsPDFAndTheAddressListIsSafeInASpreadsheet(t *testing.T) {
	e := newTemplatesEnv(t)
	tm := e.saveTemplate(readyTemplate())
	campaign := &notify.Campaign{IncidentID: e.id, Name: "Letters", Kind: notify.Individual, TemplateID: tm.ID, Channel: notify.ByLetter,
		State: notify.Running, Snapshot: tm, CreatedBy: e.users["comms"].ID, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
	var batch notify.LetterBatch
	err := e.db.Notify().Update(e.ctx, func(tx notify.Tx) error {
		if err := tx.AddCampaign(e.ctx, campaign); err != nil {
			return err
		}
		var ds []notify.Delivery
		for _, email := range []string{"anna@example.net", "eve@example.org"} {
			pid := e.persons[email]
			ds = append(ds, notify.Delivery{CampaignID: campaign.ID, IncidentID: e.id, PersonID: pid, Channel: notify.ByLetter, State: notify.Pending,
				MessageID: fmt.Sprintf("<c%d.p%d.x@example.de>", campaign.ID, pid), QueuedAt: time.Now().UTC(), NextAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()})
		}
		if _, err := tx.QueueDeliveries(e.ctx, ds); err != nil {
			return err
		}
		batch = notify.LetterBatch{CampaignID: campaign.ID, IncidentID: e.id, CreatedBy: e.users["comms"].ID, CreatedAt: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		return tx.AddLetterBatch(e.ctx, &batch, 10)
	})
	if err != nil || batch.Letters != 2 {
		t.Fatalf("set up a batch: %v (%d letters)", err, batch.Letters)
	}
	pdf, err := e.svc.BatchPDF(e.ctx, e.actor("comms"), e.id, campaign.ID, batch.ID)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Fatalf("BatchPDF: %d bytes, %v", len(pdf), err)
	}
	one, err := e.svc.LetterPDF(e.ctx, e.actor("lead"), e.id, campaign.ID, e.persons["anna@example.net"])
	if err != nil || !bytes.HasPrefix(one, []byte("%PDF")) {
		t.Fatalf("LetterPDF: %v", err)
	}
	if _, err := e.svc.LetterPDF(e.ctx, e.actor("lead"), e.id, campaign.ID, e.persons["wang@example.cn"]); !errs.Is(err, errs.Invalid) {
		t.Errorf("a letter to a person without address: %v", err)
	}
	out, err := e.svc.BatchCSV(e.ctx, e.actor("comms"), e.id, campaign.ID, batch.ID)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"reference", "name", "address_1", "address_2", "country"},
		{notify.Reference(campaign.ID, e.persons["anna@example.net"]), "Anna Müller", "Königsallee 5", "40212 Düsseldorf", ""},
		{notify.Reference(campaign.ID, e.persons["eve@example.org"]), `'=HYPERLINK("http://x")`, "'-Street 1", "'@Town", ""},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("CSV:\n%q\nwant\n%q", rows, want)
	}
	for _, action := range []string{"letter.batch_pdf", "letter.batch_csv"} {
		if got := e.audit(action); len(got) != 1 || !strings.Contains(got[0].Detail, `"letters":2`) {
			t.Errorf("%s audit: %+v", action, got)
		}
	}
	for _, user := range []string{"hotline", "viewer"} {
		if _, err := e.svc.BatchCSV(e.ctx, e.actor(user), e.id, campaign.ID, batch.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: %v", user, err)
		}
	}
}

// relay is a go-smtp server on loopback that takes mail from the user
// "desk" with relayPassword.
type authRelay struct {
	port int
	mu   sync.Mutex
	got  []received
}

type received struct{ from, to, data string }

func (r *authRelay) messages() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func startAuthRelay(t *testing.T) *authRelay {
	r := &authRelay{}
	srv := smtp.NewServer(r)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r.port = l.Addr().(*net.TCPAddr).Port
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { srv.Close() })
	return r
}

func (r *authRelay) NewSession(*smtp.Conn) (smtp.Session, error) { return &authRelaySession{r: r}, nil }

type authRelaySession struct {
	r        *authRelay
	authed   bool
	from, to string
}

func (s *authRelaySession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *authRelaySession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "desk" || pass != relayPassword {
			return errors.New("bad login")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *authRelaySession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return &smtp.SMTPError{Code: 530, Message: "authentication required"}
	}
	s.from = from
	return nil
}

func (s *authRelaySession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }

func (s *authRelaySession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.r.mu.Lock()
	s.r.got = append(s.r.got, received{s.from, s.to, string(b)})
	s.r.mu.Unlock()
	return nil
}

func (s *authRelaySession) Reset()        {}
func (s *authRelaySession) Logout() error { return nil }

// dialSMTP is a plain SMTP client as the Dialer, for the relay on
// loopback; the mail adapter is the real one in production.
func dialSMTP(cfg notify.SMTPConfig) (notify.Dialer, error) { return smtpDialer{cfg}, nil }

type smtpDialer struct{ cfg notify.SMTPConfig }

func (d smtpDialer) Dial(context.Context) (notify.Conn, error) {
	c, err := smtp.Dial(net.JoinHostPort(d.cfg.Host, fmt.Sprint(d.cfg.Port)))
	if err != nil {
		return nil, &notify.SendError{Text: "connection failed"}
	}
	if err := c.Auth(sasl.NewPlainClient("", d.cfg.Username, d.cfg.Password)); err != nil {
		c.Close()
		return nil, &notify.SendError{Permanent: true, Code: 535, Text: "authentication failed"}
	}
	return smtpConn{c, d.cfg}, nil
}

type smtpConn struct {
	c   *smtp.Client
	cfg notify.SMTPConfig
}

func (c smtpConn) Send(_ context.Context, m *notify.Message) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Message-ID: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s", m.MessageID, m.From, m.To, m.Subject,
		strings.ReplaceAll(m.Text, "\n", "\r\n"))
	if err := c.c.SendMail(m.From, []string{m.To}, strings.NewReader(b.String())); err != nil {
		return &notify.SendError{Text: "refused"}
	}
	return nil
}

func (c smtpConn) Close() error { return c.c.Quit() }

func TestRelaySettingsSealedWithAnotherKeyCanBeSeenAndReplaced(t *testing.T) {
	e := newTemplatesEnv(t)
	e.saveRelay(relayPassword)
	tm := e.saveTemplate(readyTemplate())
	otherKeys, err := people.NewKeyring(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	incSvc, err := incident.NewService(e.db.Incidents(), nil)
	if err != nil {
		t.Fatal(err)
	}
	svc := notify.NewService(e.db.Notify(), incSvc, e.people, otherKeys, notify.Options{Dial: dialSMTP})
	cfg, _, err := svc.SMTP(e.ctx, e.actor("admin"))
	if err != nil || cfg.Host != "127.0.0.1" {
		t.Fatalf("SMTP with another key: %+v, %v", cfg, err)
	}
	err = svc.TestSend(e.ctx, e.actor("comms"), e.id, tm.ID, e.persons["anna@example.net"], "")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "another register key") {
		t.Errorf("sending with another key: %v", err)
	}
	cfg.Password = relayPassword
	if err := svc.SaveSMTP(e.ctx, e.actor("admin"), *cfg); err != nil {
		t.Fatalf("saving the password again: %v", err)
	}
	if err := svc.TestSend(e.ctx, e.actor("comms"), e.id, tm.ID, e.persons["anna@example.net"], ""); err != nil {
		t.Errorf("sending after saving again: %v", err)
	}
}
