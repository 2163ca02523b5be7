package public_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
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
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
	"github.com/breachdesk/breachdesk/internal/web"
	"github.com/breachdesk/breachdesk/internal/web/public"
)

// What must never reach the public listener: the desk's incident title,
// the staff's names and addresses.
const (
	deskTitle     = "Leak-INTERNAL-codename-Bluebird"
	staffName     = "Staffer Q. Internal"
	staffDomain   = "@desk-staff.test"
	affectedEmail = "max.mustermann@example.org"
	strangerEmail = "nobody.here@example.net"
)

// site is a desk with published content on a real SQLite database, the
// desk's own server (for its route list) and the public site.
type site struct {
	t      testing.TB
	ctx    context.Context
	db     *sqlite.DB
	keys   *people.Keyring
	svc    *publish.Service
	ppl    *people.Service
	desk   *web.Server
	pub    *public.Server
	inc    *incident.Incident
	users  map[auth.Role]*auth.User
	now    time.Time
	portal *publish.Component
}

type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.at }

func newSite(t testing.TB, limits public.Limits) *site {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clk := &clock{at: time.Now().UTC().Truncate(time.Second)}
	fast := auth.FastArgon2
	authSvc := auth.NewService(db.Auth(), auth.Options{Argon2: &fast, Now: clk.Now})
	incSvc, err := incident.NewService(db.Incidents(), clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	obl, err := obligation.NewService(ctx, db.Obligations(), incSvc, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{7}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	ppl := people.NewService(db.People(), incSvc, obl, keys, clk.Now)
	ntf := notify.NewService(db.Notify(), incSvc, ppl, keys, notify.Options{Now: clk.Now})
	hl := hotline.NewService(db.Hotline(), incSvc, ppl, ntf, db.Auth(), keys, hotline.Options{Now: clk.Now})
	svc := publish.NewService(db.Publish(), incSvc, ppl, hl, ntf, keys, publish.Options{Now: clk.Now})
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	desk, err := web.New(web.Config{Auth: authSvc, Incidents: incSvc, Obligations: obl, People: ppl, Notify: ntf,
		Hotline: hl, Publish: svc, Logger: quiet, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	s := &site{t: t, ctx: ctx, db: db, keys: keys, svc: svc, ppl: ppl, desk: desk, users: map[auth.Role]*auth.User{}, now: clk.Now()}
	for _, r := range auth.Roles {
		u, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: string(r) + staffDomain, Name: staffName + " " + string(r),
			Role: r, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		s.users[r] = u
	}
	s.inc, err = incSvc.Create(ctx, s.actor(auth.RoleLead), incident.NewIncident{Title: deskTitle, Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: s.now.Add(-time.Hour), Summary: "Customer data stolen."})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []auth.Role{auth.RoleComms, auth.RoleResponder} {
		if err := incSvc.SetMember(ctx, s.actor(auth.RoleLead), s.inc.ID, s.users[r].ID, incident.RoleMember); err != nil {
			t.Fatal(err)
		}
	}
	s.content()
	s.pub, err = public.New(public.Config{Publish: svc, Logger: quiet, Now: clk.Now, BaseURL: "http://public.test", Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	if err := s.pub.Start(runCtx); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *site) actor(r auth.Role) auth.Actor {
	return auth.ActorFor(s.users[r], auth.ViaWeb, "192.0.2.1")
}

func (s *site) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatal(err)
	}
}

// content sets up what the site shows: the page, two components (one
// down), a press release and its correction, a what-to-do, and Max in
// the incident's register.
func (s *site) content() {
	lead := s.actor(auth.RoleLead)
	_, err := s.svc.SavePage(s.ctx, s.actor(auth.RoleAdmin), publish.Page{Names: map[string]string{"de": "ACME Status", "en": "ACME status"},
		PressName: "Petra Presse", PressEmail: "presse@acme.example", PressPhone: "+49 30 1234567",
		HotlinePhone: "+49 800 1234567", HotlineEmail: "hotline@acme.example", SelfCheck: true})
	s.must(err)
	s.portal, err = s.svc.AddComponent(s.ctx, lead, publish.ComponentEdit{Names: map[string]string{"de": "Kundenportal", "en": "Customer portal"}, Position: 1})
	s.must(err)
	_, err = s.svc.AddComponent(s.ctx, lead, publish.ComponentEdit{Names: map[string]string{"de": "Hotline", "en": "Phone line"}, Position: 2})
	s.must(err)
	_, err = s.svc.SetComponentStatus(s.ctx, lead, s.portal.ID, publish.MajorOutage)
	s.must(err)
	first := s.publish(publish.StatementDraft{Kind: publish.PressRelease, Phase: publish.Investigating, Components: []int64{s.portal.ID},
		Texts: texts("Cyber attack on ACME", "We are investigating an attack.")})
	s.publish(publish.StatementDraft{Kind: publish.PressRelease, Phase: publish.Identified, Replaces: first.ID, Components: []int64{s.portal.ID},
		Texts: texts("Cyber attack on ACME (corrected)", "Customer data was **copied**.")})
	s.publish(publish.StatementDraft{Kind: publish.WhatToDo, Phase: publish.Identified,
		Texts: texts("What to do now", "- Change your password\n- Call the hotline")})
	line := func(category, value string) string {
		b, _ := json.Marshal(map[string]string{"file": "crm.csv", "record": "crm.csv:row 2", "category": category, "value": value})
		return string(b) + "\n"
	}
	_, err = s.ppl.ImportFindings(s.ctx, s.actor(auth.RoleResponder), s.inc.ID, "findings", "crm.jsonl", strings.NewReader(line("email", affectedEmail)))
	s.must(err)
}

func texts(title, body string) map[string]publish.Text {
	return map[string]publish.Text{"de": {Title: title + " (de)", Body: body + " (de)"}, "en": {Title: title + " (en)", Body: body + " (en)"}}
}

func (s *site) publish(d publish.StatementDraft) *publish.Statement {
	s.t.Helper()
	st, err := s.svc.CreateStatement(s.ctx, s.actor(auth.RoleComms), s.inc.ID, d)
	s.must(err)
	_, err = s.svc.ApproveStatement(s.ctx, s.actor(auth.RoleLead), s.inc.ID, st.ID)
	s.must(err)
	st, err = s.svc.PublishStatement(s.ctx, s.actor(auth.RoleComms), s.inc.ID, st.ID)
	s.must(err)
	return st
}

// do sends a request to the public site from client address ip.
func (s *site) do(method, path string, body url.Values, ip string, hdr ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(body.Encode())
	}
	r := httptest.NewRequest(method, path, rd)
	if body != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if ip != "" {
		r.RemoteAddr = ip + ":40000"
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.pub.ServeHTTP(w, r)
	return w
}

func (s *site) get(path string, hdr ...string) *httptest.ResponseRecorder {
	return s.do("GET", path, nil, "", hdr...)
}

// publicPaths are every page and document the site serves, found by
// following the JSON to the statements.
func (s *site) publicPaths() []string {
	paths := []string{"/", "/api/v2/summary.json", "/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json",
		"/api/v2/incidents/unresolved.json", "/history.atom", "/history.rss", "/healthz", "/nope"}
	var inc struct {
		Incidents []struct {
			Updates []struct{ ID string } `json:"incident_updates"`
		} `json:"incidents"`
	}
	s.must(json.Unmarshal(s.get("/api/v2/incidents.json").Body.Bytes(), &inc))
	for _, l := range publish.Languages {
		paths = append(paths, "/"+l+"/", "/"+l+"/status", "/"+l+"/history", "/"+l+"/check", "/"+l+"/subscribe")
		for _, i := range inc.Incidents {
			for _, u := range i.Updates {
				paths = append(paths, "/"+l+"/statements/"+u.ID)
			}
		}
	}
	return paths
}

// Every route of the desk answers 404 on the public listener, whatever
// its method, with real IDs in its path; "/" and "/healthz" are the
// public site's own.
func TestNoDeskRouteOnThePublicListener(t *testing.T) {
	s := newSite(t, public.Limits{})
	param := regexp.MustCompile(`\{[^}]*\}`)
	routes := s.desk.Routes()
	if len(routes) < 100 {
		t.Fatalf("only %d desk routes", len(routes))
	}
	for _, r := range routes {
		path := strings.ReplaceAll(r.Path, "{$}", "")
		path = param.ReplaceAllString(path, strconv.FormatInt(s.inc.ID, 10))
		w := s.do(r.Method, path, url.Values{"email": {strangerEmail}}, "198.51.100.1")
		if path == "/" || path == "/healthz" {
			if r.Method != "GET" || strings.Contains(w.Body.String(), "/login") {
				t.Errorf("%s %s: the desk's answer", r.Method, path)
			}
			continue
		}
		if w.Code != http.StatusNotFound {
			t.Errorf("%s %s (desk route %s): %d on the public listener", r.Method, path, r.Path, w.Code)
		}
	}
}

var publicID = regexp.MustCompile(`^[a-z0-9]{12}$`)

// No page, feed or document holds the desk's title, a staff member's name
// or address, or an internal ID; every ID in the JSON is a public one.
func TestNoInternalFieldInAnyPublicAnswer(t *testing.T) {
	s := newSite(t, public.Limits{})
	internal := []string{deskTitle, staffName, staffDomain, "/incidents/" + strconv.FormatInt(s.inc.ID, 10)}
	numericID := regexp.MustCompile(`"(id|incident_id|page_id|code)":\s*\d`)
	answers := map[string][]byte{}
	for _, p := range s.publicPaths() {
		answers[p] = s.get(p).Body.Bytes()
	}
	answers["POST check"] = s.do("POST", "/en/check", url.Values{"email": {affectedEmail}}, "198.51.100.2").Body.Bytes()
	answers["POST subscribe"] = s.do("POST", "/de/subscribe", url.Values{"email": {affectedEmail}}, "198.51.100.3").Body.Bytes()
	if len(answers) < 25 {
		t.Fatalf("only %d answers", len(answers))
	}
	for p, b := range answers {
		for _, bad := range internal {
			if bytes.Contains(b, []byte(bad)) {
				t.Errorf("%s holds %q", p, bad)
			}
		}
		if numericID.Match(b) {
			t.Errorf("%s holds a numeric ID: %s", p, numericID.Find(b))
		}
		if strings.HasSuffix(p, ".json") {
			checkIDs(t, p, decode(t, b))
		}
	}
	if !bytes.Contains(answers["/en/"], []byte("Cyber attack on ACME (corrected) (en)")) {
		t.Error("the home page misses the statement")
	}
}

func decode(t *testing.T, b []byte) any {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// checkIDs walks a JSON value: every ID-like field is a public ID.
func checkIDs(t *testing.T, where string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "id" || k == "incident_id" || k == "page_id" || k == "code" {
				if s, ok := x.(string); !ok || !publicID.MatchString(s) {
					t.Errorf("%s: %s = %v is not a public ID", where, k, x)
				}
				continue
			}
			checkIDs(t, where, x)
		}
	case []any:
		for _, x := range v {
			checkIDs(t, where, x)
		}
	}
}

// answer is a response without its Date: what a visitor could compare.
func answer(w *httptest.ResponseRecorder) string {
	h := w.Header().Clone()
	h.Del("Date")
	var b strings.Builder
	h.Write(&b)
	return strconv.Itoa(w.Code) + "\n" + b.String() + "\n" + w.Body.String()
}

// The self-check answers the same bytes for an affected address, one not
// in the data and one asked twice: the answer goes only by mail.
func TestSelfCheckAnswersTheSameForAffectedAndNotAffected(t *testing.T) {
	s := newSite(t, public.Limits{})
	var first string
	for i, addr := range []string{affectedEmail, strangerEmail, "MAX.Mustermann@example.org", strangerEmail} {
		w := s.do("POST", "/en/check", url.Values{"email": {addr}}, "198.51.100."+strconv.Itoa(10+i))
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "If this address is in our records") {
			t.Fatalf("%d: %d %s", i, w.Code, w.Body.String())
		}
		if i == 0 {
			first = answer(w)
		} else if answer(w) != first {
			t.Errorf("answer %d differs:\n%s\n---\n%s", i, answer(w), first)
		}
	}
	w := s.do("POST", "/de/check", url.Values{"email": {"not an address"}}, "198.51.100.20")
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "vollständige E-Mail-Adresse") ||
		!strings.Contains(w.Body.String(), `value="not an address"`) {
		t.Errorf("malformed: %d %s", w.Code, w.Body.String())
	}
}

// Subscribing answers the same for a new address, the same again, and one
// that is pending already.
func TestSubscribeAnswersTheSameForEveryAddress(t *testing.T) {
	s := newSite(t, public.Limits{})
	var first string
	for i, addr := range []string{affectedEmail, strangerEmail, affectedEmail, "new.one@example.com"} {
		w := s.do("POST", "/en/subscribe", url.Values{"email": {addr}}, "198.51.100."+strconv.Itoa(30+i))
		if w.Code != http.StatusOK {
			t.Fatalf("%d: %d", i, w.Code)
		}
		if i == 0 {
			first = answer(w)
		} else if answer(w) != first {
			t.Errorf("answer %d differs", i)
		}
	}
}

// Confirm and unsubscribe links show a button on GET and act on POST;
// a made-up token is a 404 page.
func TestUnsubscribeLinkShowsAButtonAndThePostActs(t *testing.T) {
	s := newSite(t, public.Limits{})
	s.must(s.svc.Subscribe(s.ctx, strangerEmail, "en"))
	token := base64.RawURLEncoding.EncodeToString(s.keys.Index("publish-unsubscribe", strangerEmail).Hash)
	path := "/en/unsubscribe/" + token
	w := s.get(path)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `action="`+path+`"`) || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("GET: %d %s", w.Code, w.Body.String())
	}
	one := url.Values{"List-Unsubscribe": {"One-Click"}}
	if w := s.do("POST", path, one, "198.51.100.40"); w.Code != 200 || !strings.Contains(w.Body.String(), "You are unsubscribed") {
		t.Errorf("POST: %d %s", w.Code, w.Body.String())
	}
	bogus := base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{1}, 16))
	for _, p := range []string{"/en/unsubscribe/" + bogus, "/de/confirm/" + bogus} {
		if w := s.do("POST", p, one, "198.51.100.41"); w.Code != 404 {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
	if w := s.get("/de/confirm/" + bogus); w.Code != 200 || !strings.Contains(w.Body.String(), "Abonnement bestätigen") {
		t.Errorf("confirm GET: %d", w.Code)
	}
	if w := s.get("/de/confirm/short"); w.Code != 404 {
		t.Errorf("short token: %d", w.Code)
	}
}

// A client that posts too often gets 429 with Retry-After, another client
// is still served; above the global load a proof of work is asked, and a
// solved one passes once.
func TestRateLimitsAndProofOfWork(t *testing.T) {
	s := newSite(t, public.Limits{FormBurst: 2, FormsPerMinute: 1, GlobalBurst: 3, GlobalPerSecond: 0.001, PowBits: 6,
		RangeBurst: 1, RangePerSecond: 0.01})
	post := func(ip string, v url.Values) *httptest.ResponseRecorder {
		return s.do("POST", "/en/subscribe", v, ip)
	}
	mail := url.Values{"email": {strangerEmail}}
	for i := 0; i < 2; i++ {
		if w := post("198.51.100.50", mail); w.Code != 200 {
			t.Fatalf("post %d: %d", i, w.Code)
		}
	}
	w := post("198.51.100.50", mail)
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" || !strings.Contains(w.Body.String(), "try again in a minute") {
		t.Fatalf("third post: %d %v", w.Code, w.Header())
	}
	if w := post("198.51.100.51", mail); w.Code != 200 {
		t.Fatalf("another client: %d", w.Code)
	}
	// The global bucket (3) is spent: the next client is asked for work.
	w = post("198.51.100.52", mail)
	ch := regexp.MustCompile(`data-pow="([^"]+)"`).FindStringSubmatch(w.Body.String())
	if w.Code != http.StatusTooManyRequests || ch == nil || !strings.Contains(w.Body.String(), "/static/pow.js") {
		t.Fatalf("busy: %d %s", w.Code, w.Body.String())
	}
	solved := url.Values{"email": {strangerEmail}, "pow_challenge": {ch[1]}, "pow_solution": {solve(ch[1], 6)}}
	if w := post("198.51.100.52", solved); w.Code != 200 {
		t.Fatalf("solved: %d", w.Code)
	}
	if w := post("198.51.100.53", solved); w.Code != http.StatusTooManyRequests {
		t.Errorf("a challenge used twice: %d", w.Code)
	}
	// /range is limited per client too (it is off: 404, then 429).
	if w := s.do("GET", "/range/5BAA6", nil, "198.51.100.54"); w.Code != 404 {
		t.Errorf("range off: %d", w.Code)
	}
	if w := s.do("GET", "/range/5BAA6", nil, "198.51.100.54"); w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("range limit: %d", w.Code)
	}
	// Cached pages are never limited.
	for i := 0; i < 20; i++ {
		if w := s.do("GET", "/en/", nil, "198.51.100.50"); w.Code != 200 {
			t.Fatalf("page %d: %d", i, w.Code)
		}
	}
}

func solve(challenge string, bits int) string {
	for i := 0; ; i++ {
		sum := sha256.Sum256([]byte(challenge + ":" + strconv.Itoa(i)))
		n := 0
		for _, b := range sum {
			if b == 0 {
				n += 8
				continue
			}
			for m := byte(0x80); m != 0 && b&m == 0; m >>= 1 {
				n++
			}
			break
		}
		if n >= bits {
			return strconv.Itoa(i)
		}
	}
}

// A form posted from another site is refused (http.CrossOriginProtection).
func TestCrossSiteFormPostIsRefused(t *testing.T) {
	s := newSite(t, public.Limits{})
	w := s.do("POST", "/en/check", url.Values{"email": {strangerEmail}}, "198.51.100.60", "Sec-Fetch-Site", "cross-site")
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-site post: %d", w.Code)
	}
}

// The JSON, feeds and pages carry validators; a client holding the same
// version gets 304; the JSON is open to every site's scripts.
func TestETagsAnd304AndCORS(t *testing.T) {
	s := newSite(t, public.Limits{})
	for _, p := range []string{"/en/", "/de/status", "/api/v2/summary.json", "/history.rss"} {
		w := s.get(p)
		etag := w.Header().Get("ETag")
		if w.Code != 200 || etag == "" || w.Header().Get("Last-Modified") == "" || w.Header().Get("Cache-Control") != "public, max-age=30" {
			t.Fatalf("%s: %d %v", p, w.Code, w.Header())
		}
		if w := s.get(p, "If-None-Match", etag); w.Code != http.StatusNotModified {
			t.Errorf("%s: %d for its own ETag", p, w.Code)
		}
		if h := s.do("HEAD", p, nil, ""); h.Code != 200 || h.Body.Len() != 0 || h.Header().Get("Content-Length") != strconv.Itoa(w.Body.Len()) {
			t.Errorf("%s: HEAD %d len %s", p, h.Code, h.Header().Get("Content-Length"))
		}
	}
	w := s.get("/api/v2/status.json", "Origin", "https://widget.example")
	if w.Header().Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(w.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("CORS: %v", w.Header())
	}
	if w := s.get("/en/"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("a page is open to other sites' scripts")
	}
	pre := s.do("OPTIONS", "/api/v2/summary.json", nil, "", "Origin", "https://widget.example", "Access-Control-Request-Method", "GET")
	if pre.Code != http.StatusNoContent || pre.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("preflight: %d %v", pre.Code, pre.Header())
	}
}

// Statuspage's v2 shapes, written from its public API documentation: the
// documents decode into them with no field left over.
type spPage struct {
	ID, Name, URL string
	TimeZone      string `json:"time_zone"`
	UpdatedAt     string `json:"updated_at"`
}
type spStatus struct{ Indicator, Description string }
type spComponent struct {
	ID, Name, Status   string
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`
	Position           int     `json:"position"`
	Description        *string `json:"description"`
	Showcase           bool    `json:"showcase"`
	StartDate          *string `json:"start_date"`
	GroupID            *string `json:"group_id"`
	PageID             string  `json:"page_id"`
	Group              bool    `json:"group"`
	OnlyShowIfDegraded bool    `json:"only_show_if_degraded"`
}
type spUpdate struct {
	ID, Status, Body   string
	IncidentID         string `json:"incident_id"`
	CreatedAt          string `json:"created_at"`
	UpdatedAt          string `json:"updated_at"`
	DisplayAt          string `json:"display_at"`
	AffectedComponents []struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		OldStatus string `json:"old_status"`
		NewStatus string `json:"new_status"`
	} `json:"affected_components"`
	DeliverNotifications bool    `json:"deliver_notifications"`
	CustomTweet          *string `json:"custom_tweet"`
	TweetID              *string `json:"tweet_id"`
}
type spIncident struct {
	ID, Name, Status, Impact, Shortlink string
	CreatedAt                           string        `json:"created_at"`
	UpdatedAt                           string        `json:"updated_at"`
	MonitoringAt                        *string       `json:"monitoring_at"`
	ResolvedAt                          *string       `json:"resolved_at"`
	StartedAt                           string        `json:"started_at"`
	PageID                              string        `json:"page_id"`
	IncidentUpdates                     []spUpdate    `json:"incident_updates"`
	Components                          []spComponent `json:"components"`
}
type spSummary struct {
	Page                  spPage
	Status                spStatus
	Components            []spComponent
	Incidents             []spIncident
	ScheduledMaintenances []spIncident `json:"scheduled_maintenances"`
}

func strict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode: %v in %s", err, b)
	}
}

func TestV2JSONDecodesIntoStatuspageShapes(t *testing.T) {
	s := newSite(t, public.Limits{})
	var sum spSummary
	strict(t, s.get("/api/v2/summary.json").Body.Bytes(), &sum)
	if sum.Status.Indicator != "major" || sum.Page.TimeZone == "" || sum.Page.URL != "http://public.test" || sum.ScheduledMaintenances == nil {
		t.Errorf("page/status: %+v %+v", sum.Page, sum.Status)
	}
	if len(sum.Components) != 2 || sum.Components[0].Name != "Kundenportal" || sum.Components[0].Status != "major_outage" {
		t.Errorf("components: %+v", sum.Components)
	}
	if len(sum.Incidents) != 1 {
		t.Fatalf("incidents: %+v", sum.Incidents)
	}
	inc := sum.Incidents[0]
	if inc.Status != "identified" || len(inc.IncidentUpdates) != 3 || len(inc.Components) != 1 || inc.Name == "" || inc.PageID != sum.Page.ID {
		t.Errorf("incident: %+v", inc)
	}
	for _, u := range inc.IncidentUpdates {
		if u.IncidentID != inc.ID || u.Body == "" || u.DisplayAt == "" {
			t.Errorf("update: %+v", u)
		}
		if _, err := time.Parse(time.RFC3339, u.CreatedAt); err != nil {
			t.Errorf("update time: %v", err)
		}
	}
	var st struct {
		Page   spPage
		Status spStatus
	}
	strict(t, s.get("/api/v2/status.json").Body.Bytes(), &st)
	var comps struct {
		Page       spPage
		Components []spComponent
	}
	strict(t, s.get("/api/v2/components.json").Body.Bytes(), &comps)
	for _, p := range []string{"/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"} {
		var incs struct {
			Page      spPage
			Incidents []spIncident
		}
		strict(t, s.get(p).Body.Bytes(), &incs)
		if len(incs.Incidents) != 1 {
			t.Errorf("%s: %d incidents", p, len(incs.Incidents))
		}
	}
}

// The range endpoint is off until the page names an incident; then it
// answers in the Pwned Passwords format, padded on request.
func TestPasswordRange(t *testing.T) {
	s := newSite(t, public.Limits{RangeBurst: 100, RangePerSecond: 100})
	if w := s.get("/range/5BAA6"); w.Code != 404 {
		t.Fatalf("off: %d", w.Code)
	}
	_, err := s.svc.ImportPasswords(s.ctx, s.actor(auth.RoleAdmin), s.inc.ID, strings.NewReader("password\n"))
	s.must(err)
	p, err := s.svc.Page(s.ctx, s.actor(auth.RoleAdmin))
	s.must(err)
	p.RangeIncidentID = s.inc.ID
	_, err = s.svc.SavePage(s.ctx, s.actor(auth.RoleAdmin), *p)
	s.must(err)
	w := s.get("/range/5baa6")
	if w.Code != 200 || !strings.Contains(w.Body.String(), "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1") {
		t.Fatalf("range: %d %q", w.Code, w.Body.String())
	}
	w = s.get("/range/5BAA6", "Add-Padding", "true")
	lines := strings.Split(w.Body.String(), "\r\n")
	if len(lines) < 800 || len(lines) > 1000 || !strings.Contains(w.Body.String(), "1E4C9B93F3F0682250B6CF8331B7EE68FD8:1") {
		t.Errorf("padded: %d lines", len(lines))
	}
	for _, bad := range []string{"/range/5BAA", "/range/5BAAG", "/range/5BAA6F"} {
		if w := s.get(bad); w.Code != 400 {
			t.Errorf("%s: %d", bad, w.Code)
		}
	}
}

// A statement published after the start is on the site without a restart
// (OnChange).
func TestSiteFollowsPublishing(t *testing.T) {
	s := newSite(t, public.Limits{})
	s.publish(publish.StatementDraft{Kind: publish.Update, Phase: publish.Monitoring, Texts: texts("Portal back", "The portal works again.")})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.get("/en/").Body.String(), "Portal back (en)") {
		if time.Now().After(deadline) {
			t.Fatal("the new statement never appeared")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
