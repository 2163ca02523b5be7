package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// The breach register and the admin pages of the regulator clock. Until the
// engine (rule parser, evaluation, directory) is merged, the obligation
// package holds placeholders: tests that need the real engine say so and
// skip; everything else runs now and must keep passing after the merge.

func (d *testDesk) obligations() *obligation.Service { return d.srv.cfg.Obligations }

// realRuleParser reports whether the obligation package parses rule files
// yet (the placeholder accepts anything).
func realRuleParser() bool {
	_, err := obligation.ParseRules([]byte("version: [unclosed\nrules: 7\n"))
	return err != nil
}

// realRules reports whether the engine's embedded rules are there.
func realRules() bool { return len(obligation.BuiltinRules().Rules) > 0 }

// activeRulesSource is the active rule file, for the matrix to load again:
// valid, and the same rules for every case beside it. The placeholder
// engine has no file; any text does for it.
func (x *matrixCase) activeRulesSource() string {
	if src := x.d.obligations().Rules().Source; len(src) > 0 {
		return string(src)
	}
	return "version: matrix\n"
}

// authorityID is the directory entry the case creates or edits.
func (x *matrixCase) authorityID() string { return fmt.Sprintf("matrix-%d", x.n) }

// newAuthority adds the case's entry to the directory.
func (x *matrixCase) newAuthority() {
	x.t.Helper()
	saveAuthority(x.t, x.d, &obligation.Authority{ID: x.authorityID(), Country: "DE", Region: "NI", Kind: "dpa",
		Name: "Matrix authority", Website: "https://authority.example.test/", Zone: "Europe/Berlin"})
}

func saveAuthority(t testing.TB, d *testDesk, a *obligation.Authority) {
	t.Helper()
	if err := d.obligations().SaveAuthority(context.Background(), auth.CLI(), a); err != nil {
		t.Fatalf("save authority %s: %v", a.ID, err)
	}
}

// setFacts sets facts of an incident through the service, as its lead.
func (d *testDesk) setFacts(id int64, change func(*obligation.Facts)) {
	d.t.Helper()
	_, err := d.obligations().SetFacts(context.Background(), d.actor(auth.RoleLead), id, func(f *obligation.Facts) error {
		f.EstablishmentCountry, f.DELand = "DE", "NI"
		f.BreachTypes = []string{"confidentiality"}
		change(f)
		return nil
	})
	if err != nil {
		d.t.Fatalf("set facts: %v", err)
	}
}

// postRules uploads a rule file in the form's file field "rules".
func (c *client) postRules(name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", c.csrf)
	fw, err := mw.CreateFormFile("rules", name)
	if err != nil {
		c.d.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/rules", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var missingText = regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`)

// inLanguage switches the user of role r to lang through the page.
func inLanguage(t *testing.T, c *client, lang string) {
	t.Helper()
	checkAnswer(t, c.post("/account/language", url.Values{"language": {lang}}), scenario{status: http.StatusSeeOther})
}

func TestRegisterListsWhatTheReaderMaySeeInBothLanguages(t *testing.T) {
	d := newTestDesk(t)
	ctx := context.Background()
	inc := d.newIncident("Supplier leak of the CRM")
	d.setFacts(inc.ID, func(f *obligation.Facts) {
		f.DataCategories = []string{"email", "health"}
		f.PersonsTotal = 4321
	})
	// An incident the lead is not on: an admin's.
	hidden, err := d.incidents.Create(ctx, d.actor(auth.RoleAdmin), incident.NewIncident{
		Title: "Board laptop stolen under embargo", Kind: incident.KindDataTheft, Severity: incident.SeverityLow,
		AwareAt: d.now.Add(-2 * time.Hour), Summary: "Only the board knows.",
	})
	if err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf(`href="/incidents/%d"`, inc.ID)
	lead := d.as(auth.RoleLead)
	for _, tc := range []struct {
		lang     string
		contains []string
	}{
		{"en", []string{`<html lang="en">`, "Breach register", "Supplier leak of the CRM", link, "e-mail addresses", "health data",
			"4321", "Notification", `href="/register.csv"`, `<a href="/register" aria-current="page">`}},
		{"de", []string{`<html lang="de">`, "Verzeichnis der Datenpannen", "Supplier leak of the CRM", link, "E-Mail-Adressen",
			"Gesundheitsdaten", "4321", "Meldung", "Als CSV herunterladen"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, lead, tc.lang)
			rec := lead.get("/register")
			checkAnswer(t, rec, scenario{status: http.StatusOK, contains: tc.contains, notContains: []string{hidden.Title}})
			if m := missingText.FindString(rec.Body.String()); m != "" {
				t.Errorf("the register shows the missing text %s", m)
			}
		})
	}
	// An admin sees every incident.
	checkAnswer(t, d.as(auth.RoleAdmin).get("/register"), scenario{status: http.StatusOK, contains: []string{inc.Title, hidden.Title}})
	// Nobody else reads the register.
	for _, role := range []auth.Role{auth.RoleResponder, auth.RoleComms, auth.RoleHotline, auth.RoleViewer} {
		for _, path := range []string{"/register", "/register.csv"} {
			checkAnswer(t, d.as(role).get(path), scenario{status: http.StatusForbidden, notContains: []string{inc.Title}})
		}
	}
	checkAnswer(t, d.as("").get("/register"), scenario{status: http.StatusSeeOther, location: "/login"})
}

func TestRegisterShowsTheDecisionReasonOnlyWhenItDiffersFromTheAdvice(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Assessed incident")
	d.setFacts(inc.ID, func(f *obligation.Facts) { f.DataCategories = []string{"email"} })
	const reason = "The list was public on the website already."
	as, err := d.obligations().Assess(context.Background(), d.actor(auth.RoleLead), inc.ID, obligation.Assessment{
		DPCBase: 1, EI: 0.25, Decision: obligation.AdviceDocument, DecisionReason: reason,
	})
	if err != nil {
		t.Fatalf("assess: %v", err)
	}
	rec := d.as(auth.RoleLead).get("/register")
	checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{"document only"}})
	if differs := as.Decision != as.Advice; differs != strings.Contains(rec.Body.String(), reason) {
		t.Errorf("decision %q, advice %q: the reason shown is %v", as.Decision, as.Advice, !differs)
	}
}

func TestRegisterCSVHasThePageColumnsAndDisarmsFormulas(t *testing.T) {
	d := newTestDesk(t)
	titles := []string{`=HYPERLINK("http://evil.example/","x")`, "+49 hotline leak", "-1 day", "@SUM(A1)", "Plain title"}
	ids := map[string]int64{}
	for _, title := range titles {
		ids[title] = d.newIncident(title).ID
	}
	d.setFacts(ids["Plain title"], func(f *obligation.Facts) {
		f.DataCategories = []string{"email", "phone"}
		f.PersonsTotal = 17
	})
	rec := d.as(auth.RoleLead).get("/register.csv")
	checkAnswer(t, rec, scenario{status: http.StatusOK})
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	records, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatalf("the export is no CSV: %v", err)
	}
	want := []string{"incident_id", "incident", "aware_at", "kind", "categories", "persons", "risk_level",
		"decision", "decision_reason", "notification", "notification_detail", "filings"}
	if strings.Join(records[0], ",") != strings.Join(want, ",") {
		t.Fatalf("header = %v, want %v", records[0], want)
	}
	if len(records) != len(titles)+1 {
		t.Fatalf("%d rows, want %d", len(records)-1, len(titles))
	}
	byTitle := map[string][]string{}
	for _, r := range records[1:] {
		if len(r) != len(want) {
			t.Fatalf("row %v has %d cells, want %d", r, len(r), len(want))
		}
		for i, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %s = %q starts a formula", want[i], cell)
			}
		}
		byTitle[strings.TrimPrefix(r[1], "'")] = r
	}
	for _, title := range titles[:4] {
		if got := byTitle[title]; got == nil || got[1] != "'"+title {
			t.Errorf("title %q is exported as %v", title, got)
		}
	}
	plain := byTitle["Plain title"]
	if plain[0] != fmt.Sprint(ids["Plain title"]) || plain[3] != "data_theft" || plain[4] != "email phone" || plain[5] != "17" || plain[11] != "0" {
		t.Errorf("plain row = %v", plain)
	}
	if _, err := time.Parse(time.RFC3339, plain[2]); err != nil {
		t.Errorf("aware_at %q is not RFC 3339", plain[2])
	}
}

func TestAdminRulesPageInBothLanguages(t *testing.T) {
	d := newTestDesk(t)
	admin := d.as(auth.RoleAdmin)
	version := d.obligations().Rules().Version
	for _, tc := range []struct {
		lang     string
		contains []string
	}{
		{"en", []string{`<html lang="en">`, "Notification rules", "<code>" + version + "</code>", "embedded in this program",
			`action="/admin/rules"`, `enctype="multipart/form-data"`, `name="rules" type="file"`, `href="/admin/rules.yaml"`,
			"No file has been loaded", `<a href="/admin/rules" aria-current="page">`}},
		{"de", []string{`<html lang="de">`, "Meldevorschriften", "in dieses Programm eingebaut", "Prüfen und laden", "Geladene Dateien"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, admin, tc.lang)
			rec := admin.get("/admin/rules")
			checkAnswer(t, rec, scenario{status: http.StatusOK, contains: tc.contains})
			if m := missingText.FindString(rec.Body.String()); m != "" {
				t.Errorf("the rules page shows the missing text %s", m)
			}
		})
	}
	rec := admin.get("/admin/rules.yaml")
	checkAnswer(t, rec, scenario{status: http.StatusOK})
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="breachdesk-rules`) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if !bytes.Equal(rec.Body.Bytes(), d.obligations().Rules().Source) {
		t.Error("the download is not the active rule file")
	}
}

// TestAdminRulesTableShowsEveryRule needs the engine's embedded rules.
func TestAdminRulesTableShowsEveryRule(t *testing.T) {
	if !realRules() {
		t.Skip("needs the embedded rules of the obligation engine (placeholder until its merge)")
	}
	d := newTestDesk(t)
	rec := d.as(auth.RoleAdmin).get("/admin/rules")
	checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{`rel="noopener noreferrer"`}})
	for _, r := range d.obligations().Rules().Rules {
		if !strings.Contains(rec.Body.String(), `id="rule-`+r.ID+`"`) {
			t.Errorf("rule %s is not in the table", r.ID)
		}
	}
	if m := missingText.FindString(rec.Body.String()); m != "" {
		t.Errorf("the rules table shows the missing text %s", m)
	}
}

func TestAdminRulesUploadIsForAdminsAndNeedsAFile(t *testing.T) {
	d := newTestDesk(t)
	before := d.obligations().Rules().Version
	for _, role := range []auth.Role{auth.RoleLead, auth.RoleResponder, auth.RoleViewer} {
		checkAnswer(t, d.as(role).postRules("rules.yaml", []byte("version: hijack\n")), scenario{status: http.StatusForbidden})
	}
	checkAnswer(t, d.as(auth.RoleAdmin).postRules("rules.yaml", []byte("  \n")), scenario{status: http.StatusBadRequest,
		contains: []string{"This field is required.", `aria-invalid="true"`}})
	files, err := d.obligations().RuleFiles(context.Background(), auth.CLI())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 || d.obligations().Rules().Version != before {
		t.Errorf("a refused upload changed the rules: %d files, version %q", len(files), d.obligations().Rules().Version)
	}
}

// TestAdminRulesPageListsTheProblemsOfARefusedFile shows a refused file's
// problems as the parser reports them; it runs without the engine.
func TestAdminRulesPageListsTheProblemsOfARefusedFile(t *testing.T) {
	d := newTestDesk(t)
	login, err := d.auth.Login(context.Background(), testEmail(auth.RoleAdmin), testPassword, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/admin/rules", nil)
	c := d.srv.callerFor(req, d.users[auth.RoleAdmin], login.Session, login.Token)
	rec := httptest.NewRecorder()
	refused := &obligation.RuleError{Problems: []obligation.Problem{
		{Line: 12, Field: "rules[0].deadline.unit", Message: `unknown unit "weeks"`},
		{Line: 40, Field: "rules[3].recipient", Message: "<script>alert(1)</script> is no authority"},
	}}
	if err := d.srv.renderAdminRules(rec, req, c, http.StatusBadRequest, refused); err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, rec, scenario{status: http.StatusBadRequest,
		contains: []string{"The file was refused: 2 problems.", "Line 12", "rules[0].deadline.unit", "unknown unit &#34;weeks&#34;",
			"Line 40", "&lt;script&gt;"},
		notContains: []string{"<script>alert"}})
}

// TestAdminRulesUploadRefusesABadFileByLine needs the engine's parser.
func TestAdminRulesUploadRefusesABadFileByLine(t *testing.T) {
	if !realRuleParser() {
		t.Skip("needs the rule parser of the obligation engine (placeholder until its merge)")
	}
	d := newTestDesk(t)
	before := d.obligations().Rules()
	bad := "version: broken\nrules:\n  - id: [unclosed\n"
	rec := d.as(auth.RoleAdmin).postRules("rules.yaml", []byte(bad))
	checkAnswer(t, rec, scenario{status: http.StatusBadRequest, contains: []string{"The file was refused", "Line 3"}})
	files, err := d.obligations().RuleFiles(context.Background(), auth.CLI())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 0 || d.obligations().Rules() != before {
		t.Errorf("a refused file changed the rules: %d files stored", len(files))
	}
}

func TestAdminRulesUploadOfAnAmendedFileIsUsedAndShown(t *testing.T) {
	d := newTestDesk(t)
	admin := d.as(auth.RoleAdmin)
	src := d.obligations().Rules().Source
	if len(src) == 0 {
		src = []byte("version: 2026-amended\n") // the placeholder engine ships no file
	}
	amended := regexp.MustCompile(`(?m)^version:.*$`).ReplaceAll(src, []byte(`version: "2026-amended"`))
	rec := admin.postRules("rules.yaml", amended)
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/admin/rules?done=rules_loaded"})
	rec = admin.get("/admin/rules?done=rules_loaded")
	checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{"The rule file was loaded", "loaded by Test admin"},
		notContains: []string{"No file has been loaded", "embedded in this program"}})
	files, err := d.obligations().RuleFiles(context.Background(), auth.CLI())
	if err != nil || len(files) != 1 {
		t.Fatalf("rule files %v, %v; want one", files, err)
	}
	if !strings.Contains(rec.Body.String(), files[0].SHA256) {
		t.Error("the page does not show the loaded file's SHA-256")
	}
	if realRuleParser() {
		if v := d.obligations().Rules().Version; v != "2026-amended" {
			t.Errorf("version in use = %q", v)
		}
		checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{"<code>2026-amended</code>"}})
	}
	dl := admin.get("/admin/rules.yaml")
	if !bytes.Equal(dl.Body.Bytes(), amended) {
		t.Error("the download is not the loaded file")
	}
}

// seedAuthorities adds entries of several countries, in no order.
func seedAuthorities(t *testing.T, d *testDesk) {
	t.Helper()
	for _, a := range []obligation.Authority{
		{ID: "test-us-ca-ag", Country: "US", Region: "CA", Kind: "attorney_general", Name: "Test California Attorney General",
			Website: "https://oag.example.test/", Zone: "America/Los_Angeles"},
		{ID: "test-cn-cac", Country: "CN", Kind: "cyberspace", Name: "Test Cyberspace Administration", Zone: "Asia/Shanghai"},
		{ID: "test-edpb", Country: "EU", Kind: "dpa", Name: "Test European Data Protection Board", NameDE: "Test Europäischer Datenschutzausschuss", Zone: "Europe/Brussels"},
		{ID: "test-de-ni", Country: "DE", Region: "NI", Kind: "dpa", Name: "Test Lower Saxony DPA", NameDE: "Test LfD Niedersachsen",
			Website: "https://lfd.example.test/", Portal: "https://portal.example.test/meldung", Email: "poststelle@lfd.example.test",
			Phone: "+49 511 000000", Zone: "Europe/Berlin"},
	} {
		saveAuthority(t, d, &a)
	}
}

func TestAdminAuthoritiesByCountryInBothLanguages(t *testing.T) {
	d := newTestDesk(t)
	seedAuthorities(t, d)
	admin := d.as(auth.RoleAdmin)
	for _, tc := range []struct {
		lang      string
		countries []string
		contains  []string
	}{
		{"en", []string{"Germany", "European Union", "China", "United States"},
			[]string{"Test Lower Saxony DPA", "data-protection authority", `<a href="https://lfd.example.test/" rel="noopener noreferrer">`,
				`<a href="https://portal.example.test/meldung" rel="noopener noreferrer">`, "poststelle@lfd.example.test", "&#43;49 511 000000",
				`href="/admin/authorities/test-de-ni/edit"`, `<a href="/admin/authorities" aria-current="page">`}},
		{"de", []string{"Deutschland", "Europäische Union", "China", "Vereinigte Staaten"},
			[]string{"Test LfD Niedersachsen", "Test Europäischer Datenschutzausschuss", "Datenschutzaufsicht", "Behörde hinzufügen"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, admin, tc.lang)
			rec := admin.get("/admin/authorities")
			checkAnswer(t, rec, scenario{status: http.StatusOK, contains: tc.contains})
			body, last := rec.Body.String(), -1
			for _, country := range tc.countries {
				i := strings.Index(body, ">"+country+"</h2>")
				if i < last {
					t.Errorf("%s is not after the country before it (at %d, before %d)", country, i, last)
				}
				last = i
			}
			if m := missingText.FindString(body); m != "" {
				t.Errorf("the directory shows the missing text %s", m)
			}
			for _, path := range []string{"/admin/authorities/new", "/admin/authorities/test-de-ni/edit"} {
				rec := admin.get(path)
				checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{`<html lang="` + tc.lang + `">`}})
				if m := missingText.FindString(rec.Body.String()); m != "" {
					t.Errorf("%s shows the missing text %s", path, m)
				}
			}
		})
	}
}

func TestAdminAuthoritiesAreForAdminsOnly(t *testing.T) {
	d := newTestDesk(t)
	seedAuthorities(t, d)
	form := url.Values{"country": {"DE"}, "kind": {"dpa"}, "name": {"Hijacked"}}
	for _, role := range []auth.Role{auth.RoleLead, auth.RoleResponder, auth.RoleComms, auth.RoleHotline, auth.RoleViewer} {
		runScenarios(t, d, []scenario{
			{name: string(role) + " list", as: role, path: "/admin/authorities", status: http.StatusForbidden, notContains: []string{"Test Lower Saxony DPA"}},
			{name: string(role) + " edit form", as: role, path: "/admin/authorities/test-de-ni/edit", status: http.StatusForbidden},
			{name: string(role) + " new form", as: role, path: "/admin/authorities/new", status: http.StatusForbidden},
			{name: string(role) + " save", as: role, method: http.MethodPost, path: "/admin/authorities/test-de-ni", form: form, status: http.StatusForbidden},
			{name: string(role) + " add", as: role, method: http.MethodPost, path: "/admin/authorities",
				form: url.Values{"id": {"hijack"}, "country": {"DE"}, "kind": {"dpa"}, "name": {"Hijacked"}}, status: http.StatusForbidden},
			{name: string(role) + " rules", as: role, path: "/admin/rules", status: http.StatusForbidden},
			{name: string(role) + " rules file", as: role, path: "/admin/rules.yaml", status: http.StatusForbidden},
		})
	}
	a, err := d.obligations().Authority(context.Background(), "test-de-ni")
	if err != nil || a.Name != "Test Lower Saxony DPA" {
		t.Errorf("a refused save changed the entry: %+v, %v", a, err)
	}
	if _, err := d.obligations().Authority(context.Background(), "hijack"); err == nil {
		t.Error("a refused add created an entry")
	}
}

func TestAdminAuthorityEditRoundTrip(t *testing.T) {
	d := newTestDesk(t)
	seedAuthorities(t, d)
	admin := d.as(auth.RoleAdmin)
	rec := admin.get("/admin/authorities/test-de-ni/edit")
	checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{
		`action="/admin/authorities/test-de-ni"`, `value="Test Lower Saxony DPA"`, `value="https://portal.example.test/meldung"`,
		`value="Europe/Berlin"`, `<option value="dpa" selected>`, `readonly`}})
	form := url.Values{"country": {"de"}, "region": {"ni"}, "kind": {"dpa"}, "name": {"Test Lower Saxony DPA"},
		"name_de": {"Test LfD Niedersachsen"}, "website": {"https://lfd.example.test/"}, "portal": {"https://portal.example.test/neu"},
		"email": {"meldung@lfd.example.test"}, "phone": {"+49 511 123456"}, "zone": {"Europe/Berlin"}, "notes": {"Portal moved in 2026."},
		"id": {"someone-else"}} // the path names the entry, not the form
	checkAnswer(t, admin.post("/admin/authorities/test-de-ni", form), scenario{status: http.StatusSeeOther,
		location: "/admin/authorities?done=authority_saved#authority-test-de-ni"})
	a, err := d.obligations().Authority(context.Background(), "test-de-ni")
	if err != nil {
		t.Fatal(err)
	}
	if a.Portal != "https://portal.example.test/neu" || a.Phone != "+49 511 123456" || a.Country != "DE" || a.Region != "NI" ||
		a.Notes != "Portal moved in 2026." || a.UpdatedBy != d.users[auth.RoleAdmin].ID {
		t.Errorf("saved entry = %+v", a)
	}
	if _, err := d.obligations().Authority(context.Background(), "someone-else"); err == nil {
		t.Error("the form's id created another entry")
	}
	checkAnswer(t, admin.get("/admin/authorities?done=authority_saved"), scenario{status: http.StatusOK,
		contains: []string{"The authority was saved.", "&#43;49 511 123456", "edited"}})
	checkAnswer(t, admin.get("/admin/authorities/nobody/edit"), scenario{status: http.StatusNotFound})
	checkAnswer(t, admin.post("/admin/authorities/nobody", form), scenario{status: http.StatusNotFound})
}

func TestAdminAuthorityEditRefusesABadURL(t *testing.T) {
	d := newTestDesk(t)
	seedAuthorities(t, d)
	admin := d.as(auth.RoleAdmin)
	for _, bad := range []string{"javascript:alert(1)", "lfd.example.test", "https://"} {
		form := url.Values{"country": {"DE"}, "region": {"NI"}, "kind": {"dpa"}, "name": {"Renamed"}, "website": {bad},
			"zone": {"Europe/Berlin"}}
		rec := admin.post("/admin/authorities/test-de-ni", form)
		checkAnswer(t, rec, scenario{status: http.StatusBadRequest, contains: []string{
			"This value is not valid.", `name="website" type="url"`, `aria-invalid="true"`, `value="Renamed"`}})
	}
	rec := admin.post("/admin/authorities/test-de-ni", url.Values{"country": {"Germany"}, "kind": {"court"}, "name": {""},
		"email": {"not an address"}, "zone": {"Mars/Olympus"}})
	checkAnswer(t, rec, scenario{status: http.StatusBadRequest, contains: []string{"This field is required.", "This value is not valid."}})
	for _, field := range []string{"country", "kind", "name", "email", "zone"} {
		if !regexp.MustCompile(`id="` + field + `"[^>]*aria-invalid="true"`).MatchString(rec.Body.String()) {
			t.Errorf("field %s is not marked invalid", field)
		}
	}
	a, err := d.obligations().Authority(context.Background(), "test-de-ni")
	if err != nil || a.Name != "Test Lower Saxony DPA" || a.Website != "https://lfd.example.test/" {
		t.Errorf("a refused edit changed the entry: %+v, %v", a, err)
	}
}

func TestAdminAuthorityAdd(t *testing.T) {
	d := newTestDesk(t)
	seedAuthorities(t, d)
	admin := d.as(auth.RoleAdmin)
	form := url.Values{"id": {"test-de-by-baylda"}, "country": {"DE"}, "region": {"BY"}, "kind": {"dpa"},
		"name": {"Test Bavarian DPA"}, "website": {"https://baylda.example.test/"}, "zone": {"Europe/Berlin"}}
	checkAnswer(t, admin.post("/admin/authorities", form), scenario{status: http.StatusSeeOther, location: "/admin/authorities?done=authority_saved"})
	if _, err := d.obligations().Authority(context.Background(), "test-de-by-baylda"); err != nil {
		t.Fatalf("the new entry is not in the directory: %v", err)
	}
	form.Set("id", "test-de-ni")
	checkAnswer(t, admin.post("/admin/authorities", form), scenario{status: http.StatusBadRequest, contains: []string{"This is already taken."}})
	form.Set("id", "Not An ID!")
	checkAnswer(t, admin.post("/admin/authorities", form), scenario{status: http.StatusBadRequest, contains: []string{"This value is not valid."}})
	if a, _ := d.obligations().Authority(context.Background(), "test-de-ni"); a == nil || a.Name != "Test Lower Saxony DPA" {
		t.Errorf("adding a taken ID overwrote the entry: %+v", a)
	}
}

func TestNavigationLinksTheRegisterAndTheRuleAdmin(t *testing.T) {
	d := newTestDesk(t)
	register, rules, authorities := `href="/register"`, `href="/admin/rules"`, `href="/admin/authorities"`
	runScenarios(t, d, []scenario{
		{name: "admin", as: auth.RoleAdmin, path: "/incidents", status: http.StatusOK, contains: []string{register, rules, authorities}},
		{name: "lead", as: auth.RoleLead, path: "/incidents", status: http.StatusOK, contains: []string{register}, notContains: []string{rules, authorities}},
		{name: "responder", as: auth.RoleResponder, path: "/incidents", status: http.StatusOK, notContains: []string{register, rules, authorities}},
		{name: "viewer", as: auth.RoleViewer, path: "/incidents", status: http.StatusOK, notContains: []string{register, rules, authorities}},
	})
}

// TestIncidentListShowsOverdueDuties needs the engine: with the
// placeholder no duty is ever evaluated.
func TestIncidentListShowsOverdueDuties(t *testing.T) {
	if !realRules() {
		t.Skip("needs the rules and the evaluation of the obligation engine (placeholder until its merge)")
	}
	d := newTestDesk(t)
	ctx := context.Background()
	inc, err := d.incidents.Create(ctx, d.actor(auth.RoleLead), incident.NewIncident{
		Title: "Breach known for five days", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh,
		AwareAt: d.now.Add(-120 * time.Hour), Summary: "Nobody told the authority.",
	})
	if err != nil {
		t.Fatal(err)
	}
	d.setFacts(inc.ID, func(f *obligation.Facts) {
		f.DataCategories = []string{"email", "health"}
		f.PersonsTotal = 5000
		f.PersonsByCountry = map[string]int64{"DE": 5000}
	})
	counts, err := d.obligations().OverdueDuties(ctx, []*incident.Incident{inc})
	if err != nil {
		t.Fatal(err)
	}
	if counts[inc.ID] == 0 {
		t.Fatal("a breach of health data known for five days has no overdue duty: the rules changed?")
	}
	runScenarios(t, d, []scenario{
		{name: "en", as: auth.RoleLead, path: "/incidents", status: http.StatusOK,
			contains: []string{fmt.Sprintf("Duties overdue: %d", counts[inc.ID]), "duties-overdue"}},
	})
	checkAnswer(t, d.as(auth.RoleLead).get("/register"), scenario{status: http.StatusOK, contains: []string{"class=\"overdue\"", "Open"}})
}

func TestTimelineShowsDutyTimesAndRiskDecisionsInTheReadersLanguage(t *testing.T) {
	d := newTestDesk(t)
	due := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		lang, event, arg, value, want string
	}{
		{"en", "duty_applies", "due", due.Format(time.RFC3339), "27 Nov 2026, 09:30 UTC"},
		{"de", "duty_applies", "due", due.Format(time.RFC3339), "27.11.2026, 09:30 UTC"},
		{"en", "duty_applies", "due", "", "as soon as possible"},
		{"de", "duty_due_moved", "from", "", "unverzüglich"},
		{"de", "duty_due_moved", "to", due.Format(time.RFC3339), "27.11.2026, 09:30 UTC"},
		{"en", "risk_decided", "level", "very_high", "very high"},
		{"de", "risk_decided", "level", "high", "hoch"},
		{"de", "risk_decided", "advice", "individuals", "Aufsichtsbehörde und betroffene Personen benachrichtigen"},
		{"en", "risk_decided", "decision", "document", "document only (Art. 33(5))"},
		{"en", "risk_decided", "score", "3.25", "3.25"},
		{"en", "aware_changed", "from", "", ""},
	} {
		p := &page{Lang: tc.lang, cat: d.srv.cat, loc: time.UTC}
		if got := eventArg(p, tc.event, tc.arg, tc.value); got != tc.want {
			t.Errorf("%s %s.%s=%q: got %q, want %q", tc.lang, tc.event, tc.arg, tc.value, got, tc.want)
		}
	}
}
