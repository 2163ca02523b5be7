package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/pdfdoc"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// testDesk is a whole desk on a fresh SQLite database in a temp dir, with
// one user per role. Tests drive its handler directly; the browser test
// puts it behind a real listener.
type testDesk struct {
	t         testing.TB
	srv       *Server
	auth      *auth.Service
	incidents *incident.Service
	oblig     *obligation.Service
	people    *people.Service
	notify    *notify.Service
	hotline   *hotline.Service
	publish   *publish.Service
	relay     *testRelay // the SMTP relay notify's mails go to
	users     map[auth.Role]*auth.User
	// logs holds everything the server logged, to prove what is not in it.
	logs *logBuffer
	now  time.Time
}

const testPassword = "correct horse battery staple"

// testEmail is the address of the test user with role r.
func testEmail(r auth.Role) string { return string(r) + "@example.test" }

func newTestDesk(t testing.TB) *testDesk {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	fast := auth.FastArgon2
	authSvc := auth.NewService(db.Auth(), auth.Options{Argon2: &fast})
	incSvc, err := incident.NewService(db.Incidents(), nil)
	if err != nil {
		t.Fatalf("incident service: %v", err)
	}
	oblSvc, err := obligation.NewService(ctx, db.Obligations(), incSvc, nil)
	if err != nil {
		t.Fatalf("obligation service: %v", err)
	}
	logs := &logBuffer{}
	peopleSvc, notifySvc, hotlineSvc, relay, publishSvc := newTestRegister(t, db, incSvc, oblSvc)
	srv, err := New(Config{
		Auth: authSvc, Incidents: incSvc, Obligations: oblSvc, People: peopleSvc, DraftPDF: testDraftPDF, Location: time.UTC, Version: "test",
		Notify: notifySvc, Hotline: hotlineSvc, Publish: publishSvc, Letters: testLetters(t),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})), MaxUpload: 2 << 20, Health: db.Ping,
	})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	d := &testDesk{t: t, srv: srv, auth: authSvc, incidents: incSvc, oblig: oblSvc, people: peopleSvc, notify: notifySvc, hotline: hotlineSvc, publish: publishSvc, relay: relay,
		users: map[auth.Role]*auth.User{}, now: incSvc.Now(), logs: logs}
	for _, role := range auth.Roles {
		u, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{
			Email: testEmail(role), Name: "Test " + string(role), Role: role, Password: testPassword, Language: "en",
		})
		if err != nil {
			t.Fatalf("create %s: %v", role, err)
		}
		d.users[role] = u
	}
	return d
}

// actor is the web actor of the test user with role r.
func (d *testDesk) actor(r auth.Role) auth.Actor {
	return auth.ActorFor(d.users[r], auth.ViaWeb, "192.0.2.1")
}

// newIncident opens an incident as the lead and adds the users of roles as
// members, so that they may see it.
func (d *testDesk) newIncident(title string, roles ...auth.Role) *incident.Incident {
	d.t.Helper()
	ctx := context.Background()
	inc, err := d.incidents.Create(ctx, d.actor(auth.RoleLead), incident.NewIncident{
		Title: title, Kind: incident.KindDataTheft, Severity: incident.SeverityHigh,
		AwareAt: d.now.Add(-30 * time.Hour), Summary: "Extortion mail received.",
	})
	if err != nil {
		d.t.Fatalf("create incident: %v", err)
	}
	for _, r := range roles {
		if r == auth.RoleLead {
			continue
		}
		if err := d.incidents.SetMember(ctx, d.actor(auth.RoleLead), inc.ID, d.users[r].ID, incident.RoleMember); err != nil {
			d.t.Fatalf("add %s: %v", r, err)
		}
	}
	return inc
}

// client is a logged-in browser (cookie and CSRF token) or an API caller
// (bearer token) of the test desk.
type client struct {
	d      *testDesk
	cookie string
	csrf   string
	token  string
}

// as logs the test user with role r in, through the real login service.
func (d *testDesk) as(r auth.Role) *client {
	d.t.Helper()
	if r == "" {
		return &client{d: d}
	}
	login, err := d.auth.Login(context.Background(), testEmail(r), testPassword, "192.0.2.1")
	if err != nil {
		d.t.Fatalf("login %s: %v", r, err)
	}
	return &client{d: d, cookie: login.Token, csrf: login.Session.CSRF}
}

// apiAs returns an API client with a fresh token of the user with role r.
func (d *testDesk) apiAs(r auth.Role) *client {
	d.t.Helper()
	token, _, err := d.auth.CreateToken(context.Background(), auth.CLI(), d.users[r].ID, "test")
	if err != nil {
		d.t.Fatalf("token %s: %v", r, err)
	}
	return &client{d: d, token: token}
}

func (c *client) do(req *http.Request) *httptest.ResponseRecorder {
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.cookie})
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	req.RemoteAddr = "192.0.2.1:40000"
	rec := httptest.NewRecorder()
	c.d.srv.ServeHTTP(rec, req)
	return rec
}

func (c *client) get(path string) *httptest.ResponseRecorder {
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the client's CSRF token added.
func (c *client) post(path string, form url.Values) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	if c.csrf != "" && form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// call sends a JSON API request; body is marshalled unless it is a string.
func (c *client) call(method, path string, body any) *httptest.ResponseRecorder {
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			c.d.t.Fatalf("marshal: %v", err)
		}
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req)
}

// scenario is one HTTP exchange and what its answer must and must not hold.
type scenario struct {
	name        string
	as          auth.Role // "" for nobody logged in
	api         bool      // use a bearer token instead of a session
	method      string
	path        string
	form        url.Values
	json        any
	status      int
	contains    []string
	notContains []string
	location    string // expected redirect target prefix
}

func runScenarios(t *testing.T, d *testDesk, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			var c *client
			if sc.api {
				c = d.apiAs(sc.as)
			} else {
				c = d.as(sc.as)
			}
			method := sc.method
			if method == "" {
				method = http.MethodGet
			}
			var rec *httptest.ResponseRecorder
			switch {
			case sc.api:
				rec = c.call(method, sc.path, sc.json)
			case method == http.MethodGet:
				rec = c.get(sc.path)
			default:
				rec = c.post(sc.path, sc.form)
			}
			checkAnswer(t, rec, sc)
		})
	}
}

func checkAnswer(t *testing.T, rec *httptest.ResponseRecorder, sc scenario) {
	t.Helper()
	body := rec.Body.String()
	if rec.Code != sc.status {
		t.Fatalf("status = %d, want %d; body:\n%s", rec.Code, sc.status, truncate(body, 2000))
	}
	for _, want := range sc.contains {
		if !strings.Contains(body, want) {
			t.Errorf("answer lacks %q; body:\n%s", want, truncate(body, 2000))
		}
	}
	for _, bad := range sc.notContains {
		if strings.Contains(body, bad) {
			t.Errorf("answer must not contain %q", bad)
		}
	}
	if sc.location != "" && !strings.HasPrefix(rec.Header().Get("Location"), sc.location) {
		t.Errorf("Location = %q, want prefix %q", rec.Header().Get("Location"), sc.location)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// testDraftPDF renders drafts as the binary does.
func testDraftPDF(md string, m DraftMeta) ([]byte, error) {
	return pdfdoc.Render(md, pdfdoc.Meta{Title: m.Title, Subject: m.Subject, Author: m.Author, Footer: m.Footer, Lang: m.Lang, Created: m.Created})
}
