package public

import (
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

var testNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// sampleSite is a site with one incident of two statements (the second
// replacing the first) and two components.
func sampleSite() *publish.Site {
	at := testNow.Add(-48 * time.Hour)
	later := testNow.Add(-2 * time.Hour)
	return &publish.Site{
		Page: publish.Page{Names: map[string]string{"de": "ACME Status", "en": "ACME status"}, URL: "https://status.example.com/",
			PressName: "Press Office", PressEmail: "press@example.com", PressPhone: "+49 30 1234",
			HotlinePhone: "+49 800 5555", HotlineEmail: "help@example.com", SelfCheck: true},
		Components: []publish.SiteComponent{
			{PublicID: "c1portal0000", Names: map[string]string{"de": "Kundenportal", "en": "Customer portal"}, Status: publish.PartialOutage,
				CreatedAt: testNow.AddDate(0, 0, -30), UpdatedAt: later,
				History: []publish.SiteChange{{Status: publish.PartialOutage, At: later}, {Status: publish.MajorOutage, At: at}}},
			{PublicID: "c2mail000000", Names: map[string]string{"de": "E-Mail", "en": "E-mail"}, Status: publish.Operational,
				CreatedAt: testNow.AddDate(0, 0, -200), UpdatedAt: testNow.AddDate(0, 0, -200)},
		},
		Incidents: []publish.SiteIncident{{
			PublicID: "inc000000001", Titles: map[string]string{"de": "Datenabfluss", "en": "Data theft"},
			Impact: publish.ImpactMajor, Phase: publish.Identified, CreatedAt: at, UpdatedAt: later,
			Components: []string{"c1portal0000"},
			Statements: []publish.SiteStatement{
				{PublicID: "st0000000002", Kind: publish.PressRelease, Phase: publish.Identified, Replaces: "st0000000001",
					Texts: map[string]publish.Text{"de": {Title: "Neue Fassung", Body: "Wir haben **alles** geprüft.\n\n- Punkt eins\n- https://example.com/info"},
						"en": {Title: "New version", Body: "We checked <script>everything</script>."}},
					Components: []string{"c1portal0000"}, PublishedAt: later},
				{PublicID: "st0000000001", Kind: publish.PressRelease, Phase: publish.Investigating, SupersededBy: "st0000000002",
					Texts:       map[string]publish.Text{"de": {Title: "Erste Fassung", Body: "Erst."}, "en": {Title: "First version", Body: "First."}},
					PublishedAt: at},
			},
		}},
		Version: "v7", Updated: later,
	}
}

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Config{Publish: &publish.Service{}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.render(sampleSite())
	if err != nil {
		t.Fatal(err)
	}
	s.current.Store(snap)
	return s
}

func get(s *Server, path string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestPagesRenderInBothLanguages(t *testing.T) {
	s := newTestServer(t)
	cases := []struct {
		path   string
		status int
		want   []string
		not    []string
	}{
		{"/", 200, []string{`lang="de"`, "Neue Fassung", "<strong>alles</strong>", "Press Office", "800 5555", "help@example.com", `href="/en/"`, "Teilweiser Systemausfall"}, []string{"Erste Fassung"}},
		{"/en/", 200, []string{`lang="en"`, "New version", "&lt;script&gt;", "Partial System Outage", `href="#main"`}, []string{"<script>everything"}},
		{"/de/statements/st0000000002", 200, []string{"Neue Fassung", "Frühere Fassungen", "Erste Fassung", `href="https://example.com/info"`}, nil},
		{"/en/statements/st0000000001", 200, []string{"First version", `href="/en/statements/st0000000002"`}, nil},
		{"/en/status", 200, []string{"Customer portal", "Partial outage", "day st-major_outage", "day st-operational", "day st-none"}, nil},
		{"/de/history", 200, []string{"Erste Fassung", "Neue Fassung"}, nil},
		{"/en/check", 200, []string{`<label for="email">`, `action="/en/check"`, "/static/pow.js"}, nil},
		{"/de/subscribe", 200, []string{`action="/de/subscribe"`}, nil},
		{"/fr/", 404, []string{"Seite nicht gefunden"}, nil},
		{"/en/nothing", 404, []string{"Page not found", "help@example.com"}, nil},
		{"/login", 404, []string{"Seite nicht gefunden"}, nil},
		{"/static/site.css", 200, []string{":focus-visible"}, nil},
	}
	for _, c := range cases {
		w := get(s, c.path)
		body := w.Body.String()
		if w.Code != c.status {
			t.Errorf("%s: status %d, want %d", c.path, w.Code, c.status)
		}
		for _, want := range c.want {
			if !strings.Contains(body, want) {
				t.Errorf("%s: missing %q", c.path, want)
			}
		}
		for _, not := range c.not {
			if strings.Contains(body, not) {
				t.Errorf("%s: holds %q", c.path, not)
			}
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
	}
}

func TestCachedAnswersHonourETagAndLastModified(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/en/", "/api/v2/summary.json", "/history.atom"} {
		w := get(s, path)
		etag, mod := w.Header().Get("ETag"), w.Header().Get("Last-Modified")
		if etag == "" || mod == "" || w.Header().Get("Cache-Control") != "public, max-age=30" {
			t.Fatalf("%s: headers %v", path, w.Header())
		}
		if w := get(s, path, "If-None-Match", etag); w.Code != 304 || w.Body.Len() != 0 {
			t.Errorf("%s: If-None-Match gave %d", path, w.Code)
		}
		if w := get(s, path, "If-None-Match", `"other"`, "If-Modified-Since", mod); w.Code != 200 {
			t.Errorf("%s: a different ETag gave %d", path, w.Code)
		}
		if w := get(s, path, "If-Modified-Since", mod); w.Code != 304 {
			t.Errorf("%s: If-Modified-Since gave %d", path, w.Code)
		}
	}
}

func TestJSONHasTheStatuspageShape(t *testing.T) {
	s := newTestServer(t)
	var sum struct {
		Page       apiPage        `json:"page"`
		Status     apiStatus      `json:"status"`
		Components []apiComponent `json:"components"`
		Incidents  []apiIncident  `json:"incidents"`
		Scheduled  []any          `json:"scheduled_maintenances"`
	}
	w := get(s, "/api/v2/summary.json")
	if err := json.Unmarshal(w.Body.Bytes(), &sum); err != nil {
		t.Fatal(err)
	}
	if w.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header")
	}
	if sum.Status.Indicator != "major" || sum.Page.URL != "https://status.example.com" || len(sum.Components) != 2 || len(sum.Incidents) != 1 || sum.Scheduled == nil {
		t.Fatalf("summary %+v", sum)
	}
	inc := sum.Incidents[0]
	if inc.ID != "inc000000001" || len(inc.IncidentUpdates) != 2 || inc.IncidentUpdates[0].IncidentID != inc.ID || len(inc.Components) != 1 {
		t.Errorf("incident %+v", inc)
	}
	if a := inc.IncidentUpdates[0].AffectedComponents; len(a) != 1 || a[0].NewStatus != "partial_outage" || a[0].OldStatus != "major_outage" {
		t.Errorf("affected %+v", a)
	}
	for _, p := range []string{"/api/v2/status.json", "/api/v2/components.json", "/api/v2/incidents.json", "/api/v2/incidents/unresolved.json"} {
		if w := get(s, p); w.Code != 200 || !json.Valid(w.Body.Bytes()) {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
}

func TestFeedsAreWellFormed(t *testing.T) {
	s := newTestServer(t)
	var feed atomFeed
	if err := xml.Unmarshal(get(s, "/history.atom").Body.Bytes(), &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Link.Href != "https://status.example.com/de/statements/st0000000002" {
		t.Errorf("atom %+v", feed)
	}
	var r rss
	if err := xml.Unmarshal(get(s, "/history.rss").Body.Bytes(), &r); err != nil || len(r.Channel.Items) != 2 {
		t.Errorf("rss %v %+v", err, r)
	}
}

func TestProofOfWork(t *testing.T) {
	now := testNow
	p := newPowIssuer([]byte("k"), 8, func() time.Time { return now })
	c := p.issue()
	sol := solve(c, 8)
	if p.verify(c, "x") {
		t.Error("a wrong solution passed")
	}
	if !p.verify(c, sol) {
		t.Fatal("the solution failed")
	}
	if p.verify(c, sol) {
		t.Error("a challenge was taken twice")
	}
	c2 := p.issue()
	now = now.Add(3 * time.Minute)
	if p.verify(c2, solve(c2, 8)) {
		t.Error("an old challenge passed")
	}
	other := newPowIssuer([]byte("other key"), 8, func() time.Time { return now })
	c3 := other.issue()
	if p.verify(c3, solve(c3, 8)) {
		t.Error("a foreign challenge passed")
	}
}

// solve does what pow.js does.
func solve(challenge string, bits int) string {
	for i := 0; ; i++ {
		s := strconv.Itoa(i)
		sum := sha256.Sum256([]byte(challenge + ":" + s))
		if leadingZeroBits(sum[:]) >= bits {
			return s
		}
	}
}

func FuzzParseChallenge(f *testing.F) {
	p := newPowIssuer([]byte("k"), 4, func() time.Time { return testNow })
	f.Add(p.issue())
	f.Add("1.1.2.3.4")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseChallenge(s)
		if err != nil {
			return
		}
		if c.bits < 1 || c.bits > 32 || len(c.nonce) != 32 || len(c.mac) != 32 {
			t.Fatalf("accepted %q as %+v", s, c)
		}
		p.verify(s, "1")
	})
}

func TestEveryTextInEveryLanguage(t *testing.T) {
	for _, l := range publish.Languages {
		for k := range texts["en"] {
			if _, ok := texts[l][k]; !ok {
				t.Errorf("%s: no %q", l, k)
			}
		}
		if len(texts[l]) != len(texts["en"]) {
			t.Errorf("%s has %d texts, en %d", l, len(texts[l]), len(texts["en"]))
		}
	}
}

func TestClientAddrTakesTheProxysEntry(t *testing.T) {
	s := &Server{cfg: Config{TrustProxy: true}}
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Forwarded-For", "203.0.113.9, 198.51.100.7")
	if got := s.clientAddr(r); got != "198.51.100.7" {
		t.Errorf("got %q", got)
	}
	s.cfg.TrustProxy = false
	if got := s.clientAddr(r); got != "192.0.2.1" {
		t.Errorf("without trust got %q", got)
	}
}
