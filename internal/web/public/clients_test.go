package public_test

// Real third-party clients against the public listener: Atlassian's
// Statuspage status widget (npm @statuspage/status-widget) in a headless
// Chromium, embedded on a page of another origin and pointed at our
// /api/v2, and the npm hibp package's pwnedPassword with its baseUrl at
// our /range. Their code is pinned in testdata/npm (package-lock.json) and
// installed with `npm ci --prefix internal/web/public/testdata/npm`; .ci/run
// does that and sets BREACHDESK_REQUIRE_NPM=1, so CI never skips them.

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
	"github.com/breachdesk/breachdesk/internal/web/public"
)

// clientsNPMDir holds the pinned clients and the scripts that drive them.
const clientsNPMDir = "testdata/npm"

// clientsMissing skips the test saying what to install, or fails it when
// BREACHDESK_REQUIRE_NPM=1 (CI provides everything, so a missing client
// there is a broken CI, not a reason to pass).
func clientsMissing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("BREACHDESK_REQUIRE_NPM") == "1" {
		t.Fatalf("%s (BREACHDESK_REQUIRE_NPM=1: .ci/run provides it)", msg)
	}
	t.Skipf("%s; .ci/run installs it (set BREACHDESK_REQUIRE_NPM=1 to fail instead of skipping)", msg)
}

// clientsModule returns the path of an installed npm package's file,
// or skips when `npm ci` has not run.
func clientsModule(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(clientsNPMDir, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		clientsMissing(t, "%s is not installed: run `npm ci --prefix internal/web/public/testdata/npm`", rel)
	}
	return p
}

// clientsNode returns the node binary, or skips.
func clientsNode(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		clientsMissing(t, "no node found: install Debian's nodejs and npm")
	}
	return p
}

// clientsChromium returns the browser, or skips (BREACHDESK_CHROMIUM as in
// the desk's browser test).
func clientsChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BREACHDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	clientsMissing(t, "no Chromium found: install Debian's chromium or set BREACHDESK_CHROMIUM")
	return ""
}

// clientsBrowser starts a headless Chromium with a fresh profile that makes
// no connections of its own.
func clientsBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(cd.DefaultExecAllocatorOptions[:],
		cd.ExecPath(clientsChromium(t)), cd.NoSandbox, cd.DisableGPU, cd.UserDataDir(t.TempDir()),
		cd.Flag("disable-background-networking", true), cd.Flag("disable-component-update", true),
		cd.Flag("disable-sync", true), cd.Flag("disable-quic", true), cd.WindowSize(1024, 768),
	)
	actx, cancelAlloc := cd.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := cd.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := cd.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// clientsDesk is a public side over a real SQLite database, seeded through
// the publish service as the desk would: a page, two components (one
// degraded), a listed incident with a published statement, and a leaked
// password list behind /range. URL is the public listener's.
type clientsDesk struct {
	URL       string
	Component map[string]string // the degraded component's names by language
	Leaked    string            // a password in the uploaded list
	LeakCount int               // its count there
}

// clientsKey is the register's key in these tests.
var clientsKey = bytes.Repeat([]byte{7}, people.KeySize)

func newClientsDesk(t *testing.T) *clientsDesk {
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
	keys, err := people.NewKeyring(clientsKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := people.CheckKey(ctx, db.People(), keys); err != nil {
		t.Fatal(err)
	}
	ppl := people.NewService(db.People(), incSvc, oblSvc, keys, nil)
	ntf := notify.NewService(db.Notify(), incSvc, ppl, keys, notify.Options{})
	hl := hotline.NewService(db.Hotline(), incSvc, ppl, ntf, db.Auth(), keys, hotline.Options{})
	svc := publish.NewService(db.Publish(), incSvc, ppl, hl, ntf, keys, publish.Options{Domain: "desk.test"})

	actor := func(role auth.Role, name string) auth.Actor {
		u, err := authSvc.CreateUser(ctx, auth.CLI(), auth.NewUser{Email: name + "@desk.test", Name: "Test " + name,
			Role: role, Password: "correct horse battery staple", Language: "en"})
		if err != nil {
			t.Fatal(err)
		}
		return auth.ActorFor(u, auth.ViaWeb, "192.0.2.1")
	}
	lead, comms := actor(auth.RoleLead, "lead"), actor(auth.RoleComms, "comms")
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	inc, err := incSvc.Create(ctx, lead, incident.NewIncident{Title: "Leak-INTERNAL-codename-Heron", Kind: incident.KindDataTheft,
		Severity: incident.SeverityHigh, AwareAt: time.Now().Add(-time.Hour), Summary: "Customer data stolen."})
	must("create the incident", err)
	must("add comms to the team", incSvc.SetMember(ctx, lead, inc.ID, comms.UserID, incident.RoleMember))

	d := &clientsDesk{
		Component: map[string]string{"en": "Customer portal", "de": "Kundenportal"},
		Leaked:    "Heron-leaked-Passw0rd!",
		LeakCount: 42,
	}
	_, err = svc.SavePage(ctx, lead, publish.Page{Names: map[string]string{"en": "ACME Status", "de": "ACME Status"},
		DefaultLang: "en", PressName: "Press office", PressEmail: "press@acme.test", HotlinePhone: "+49 30 1234567",
		HotlineEmail: "hotline@acme.test", RangeIncidentID: inc.ID})
	must("save the page", err)
	portal, err := svc.AddComponent(ctx, lead, publish.ComponentEdit{Names: d.Component, Position: 1})
	must("add a component", err)
	_, err = svc.AddComponent(ctx, lead, publish.ComponentEdit{Names: map[string]string{"en": "Support line", "de": "Support-Hotline"}, Position: 2})
	must("add a component", err)
	_, err = svc.SetComponentStatus(ctx, lead, portal.ID, publish.Degraded)
	must("degrade a component", err)
	_, err = svc.SaveListing(ctx, comms, inc.ID, publish.ListingChange{Impact: publish.ImpactMajor,
		Titles: map[string]string{"en": "Unauthorised access to customer data", "de": "Unbefugter Zugriff auf Kundendaten"}})
	must("save the listing", err)
	texts := map[string]publish.Text{}
	for _, l := range publish.Languages {
		texts[l] = publish.Text{Title: "Press release (" + l + ")", Body: "We are investigating (" + l + ")."}
	}
	st, err := svc.CreateStatement(ctx, comms, inc.ID, publish.StatementDraft{Kind: publish.PressRelease,
		Phase: publish.Investigating, Texts: texts, Components: []int64{portal.ID}})
	must("draft a statement", err)
	_, err = svc.ApproveStatement(ctx, lead, inc.ID, st.ID)
	must("approve the statement", err)
	_, err = svc.PublishStatement(ctx, comms, inc.ID, st.ID)
	must("publish the statement", err)
	list := fmt.Sprintf("%s:%d\npassword\n", clientsSHA1Hex(d.Leaked), d.LeakCount)
	_, err = svc.ImportPasswords(ctx, lead, inc.ID, strings.NewReader(list))
	must("upload the leaked passwords", err)

	site, err := public.New(public.Config{Publish: svc})
	must("build the public site", err)
	sctx, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	must("start the public site", site.Start(sctx))
	ts := httptest.NewServer(site)
	t.Cleanup(ts.Close)
	d.URL = ts.URL
	return d
}

// clientsSummary is the part of /api/v2/summary.json the tests compare.
type clientsSummary struct {
	Status struct {
		Indicator   string `json:"indicator"`
		Description string `json:"description"`
	} `json:"status"`
	Components []struct {
		Name   string `json:"name"`
		Status string `json:"status"`
	} `json:"components"`
}

// summary reads /api/v2/summary.json as the widget would, waiting (10 s
// at most) until it shows the seeded degraded component: the site renders
// after changes asynchronously.
func (d *clientsDesk) summary(t *testing.T) clientsSummary {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var s clientsSummary
		res, err := http.Get(d.URL + "/api/v2/summary.json")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusOK && json.Unmarshal(body, &s) == nil {
			for _, c := range s.Components {
				if (c.Name == d.Component["en"] || c.Name == d.Component["de"]) && c.Status == string(publish.Degraded) {
					return s
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("summary.json never showed the degraded component: %d %s", res.StatusCode, truncateClients(string(body), 2000))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// clientsEmbedPage is a third party's page on another origin embedding
// the status widget twice (both of its appearances) and, in a script of
// its own, listing the components from the same cross-origin JSON (the
// widget itself shows only the overall status).
var clientsEmbedPage = template.Must(template.New("embed").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's intranet</title>
<script src="/status-widget.js"></script></head>
<body>
<h1>Our supplier's status</h1>
<statuspage-widget id="basic" src="{{.Src}}"></statuspage-widget>
<statuspage-widget id="badge" src="{{.Src}}" appearance="badge" title="ACME"></statuspage-widget>
<pre id="components">loading</pre>
<script>
fetch({{.Summary}})
  .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
  .then(function (s) {
    document.getElementById("components").textContent =
      s.components.map(function (c) { return c.name + "=" + c.status; }).join("\n");
  })
  .catch(function (e) { document.getElementById("components").textContent = "error: " + e; });
</script>
</body></html>`))

// TestStatusWidgetShowsTheSummaryCrossOrigin embeds Atlassian's status
// widget on a page of another origin, points its src at the public
// listener and checks that it shows the status the listener publishes:
// the widget fetches {src's origin}/api/v2/summary.json with a plain
// cross-origin fetch, so it shows anything only if the CORS header is
// right and the JSON has Statuspage's shape.
func TestStatusWidgetShowsTheSummaryCrossOrigin(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	widgetJS := clientsModule(t, "@statuspage/status-widget/dist/index.js")
	ctx := clientsBrowser(t)
	d := newClientsDesk(t)
	want := d.summary(t)
	if want.Status.Indicator == "" || want.Status.Indicator == "none" || want.Status.Description == "" {
		t.Fatalf("summary.json says %+v with a degraded component and a major incident listed, want an indicator other than none and a description", want.Status)
	}

	embed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/status-widget.js":
			http.ServeFile(w, r, widgetJS)
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			err := clientsEmbedPage.Execute(w, map[string]string{"Src": d.URL + "/", "Summary": d.URL + "/api/v2/summary.json"})
			if err != nil {
				t.Error(err)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(embed.Close)
	if strings.EqualFold(embed.URL, d.URL) {
		t.Fatal("the embedding page must be on another origin")
	}

	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	shadow := func(id, sel string) string {
		return fmt.Sprintf(`(function () { var w = document.getElementById(%q);
			var e = w && w.shadowRoot && w.shadowRoot.querySelector(%q); return e ? e.textContent.trim() : ""; })()`, id, sel)
	}
	if err := cd.Do(sctx,
		cd.Navigate(embed.URL+"/"),
		cd.Poll[cd.Void](`document.getElementById("badge").shadowRoot && document.getElementById("badge").shadowRoot.querySelector(".status-indicator") &&
			document.getElementById("basic").shadowRoot.querySelector(".status-text") &&
			document.getElementById("components").textContent !== "loading"`),
	); err != nil {
		text, _ := cd.Run(ctx, cd.Evaluate[string]("document.body.innerText"))
		t.Fatalf("the widgets never showed a status (CORS or the JSON's shape?): %v\npage:\n%s", err, text)
	}
	evalS := func(js string) string {
		t.Helper()
		s, err := cd.Run(sctx, cd.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return s
	}
	if got := evalS(shadow("basic", ".status-text")); got != want.Status.Description {
		t.Errorf("the basic widget reads %q, want the listener's description %q", got, want.Status.Description)
	}
	if got := evalS(shadow("badge", ".status-indicator")); got != want.Status.Description {
		t.Errorf("the badge widget reads %q, want the listener's description %q", got, want.Status.Description)
	}
	cls := evalS(`document.getElementById("basic").shadowRoot.querySelector(".status-indicator").className`)
	if !strings.Contains(" "+cls+" ", " "+want.Status.Indicator+" ") {
		t.Errorf("the widget's indicator has class %q, want the listener's indicator %q (its colour)", cls, want.Status.Indicator)
	}
	if href := evalS(`document.getElementById("basic").shadowRoot.querySelector("a").href`); href != d.URL+"/" {
		t.Errorf("the widget links to %q, want the public site %q", href, d.URL+"/")
	}
	comps := evalS(`document.getElementById("components").textContent`)
	if !strings.Contains(comps, d.Component["en"]+"="+string(publish.Degraded)) && !strings.Contains(comps, d.Component["de"]+"="+string(publish.Degraded)) {
		t.Errorf("the page's cross-origin fetch lists %q, want the degraded %q", comps, d.Component["en"])
	}
}

// TestHIBPPwnedPasswordReadsTheRange runs the npm hibp package's
// pwnedPassword in node with its baseUrl at the public listener: it
// hashes the password itself, asks /range/{first five hex digits} (with
// ?mode=sha1, and Add-Padding: true when asked) and finds the suffix in
// the answer's lines.
func TestHIBPPwnedPasswordReadsTheRange(t *testing.T) {
	node := clientsNode(t)
	clientsModule(t, "hibp/package.json")
	d := newClientsDesk(t)
	d.summary(t) // the site has rendered what was seeded

	type check struct {
		Password   string `json:"password"`
		AddPadding bool   `json:"addPadding"`
	}
	checks := []check{
		{d.Leaked, false}, {d.Leaked, true},
		{"password", false},
		{"Heron-never-leaked-9f2c", false}, {"Heron-never-leaked-9f2c", true},
	}
	// A plain password in the uploaded list counts at least once.
	want := []func(n int) bool{
		func(n int) bool { return n == d.LeakCount }, func(n int) bool { return n == d.LeakCount },
		func(n int) bool { return n > 0 },
		func(n int) bool { return n == 0 }, func(n int) bool { return n == 0 },
	}
	wantText := []string{fmt.Sprint(d.LeakCount), fmt.Sprint(d.LeakCount), "> 0", "0", "0"}
	in, err := json.Marshal(checks)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "pwned.mjs", d.URL)
	cmd.Dir = clientsNPMDir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node pwned.mjs: %v\n%s", err, stderr.String())
	}
	var got []struct {
		Count *int   `json:"count"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(checks) {
		t.Fatalf("node pwned.mjs answered %q (%v), want %d results", out, err, len(checks))
	}
	for i, c := range checks {
		switch {
		case got[i].Error != "":
			t.Errorf("check %d (padding %v): hibp failed: %s", i, c.AddPadding, got[i].Error)
		case got[i].Count == nil:
			t.Errorf("check %d (padding %v): hibp gave no count", i, c.AddPadding)
		case !want[i](*got[i].Count):
			t.Errorf("check %d (padding %v): hibp counts %d, want %s", i, c.AddPadding, *got[i].Count, wantText[i])
		}
	}
}

// clientsSHA1Hex is the upper-case hex SHA-1 of s, as in Pwned Passwords lists.
func clientsSHA1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

func truncateClients(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
