package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The campaign pages over the real register and campaign services on
// SQLite: templates written in the editor, a campaign created by comms,
// approved by a second person, started, paused, resumed, with letters in
// batches; and everywhere the register's data of the persons stays off
// the campaign pages and out of the log.

// campaignDesk is a people desk (see people_pages_test.go) whose register
// holds the fixture's persons and one segment of everyone.
type campaignDesk struct {
	*peopleDesk
	segment int64
	nbase   string // /incidents/{id}
}

func newCampaignDesk(t *testing.T) *campaignDesk {
	t.Helper()
	pd := newPeopleDesk(t)
	pd.importFindings()
	seg := &people.Segment{Name: "Everyone affected"}
	if err := pd.people.SaveSegment(context.Background(), pd.actor(auth.RoleComms), pd.inc.ID, seg); err != nil {
		t.Fatalf("segment: %v", err)
	}
	return &campaignDesk{peopleDesk: pd, segment: seg.ID, nbase: fmt.Sprintf("/incidents/%d", pd.inc.ID)}
}

// setRelay points the desk's relay settings at the test's SMTP relay.
func (cd *campaignDesk) setRelay() {
	cd.t.Helper()
	if err := cd.notify.SaveSMTP(context.Background(), cd.actor(auth.RoleAdmin), cd.relay.config()); err != nil {
		cd.t.Fatalf("relay settings: %v", err)
	}
}

// templateForm is the editor's form with a German and an English text.
func templateForm(name, deBody, enBody string) url.Values {
	return url.Values{
		"name": {name}, "company": {"Beispiel GmbH"}, "hotline": {"+49 511 123456"}, "inbox": {"hilfe@beispiel.example"},
		"updates_url": {"https://beispiel.example/vorfall"}, "letterhead": {"Beispiel GmbH\nHauptstraße 1\n30159 Hannover"},
		"fallback": {"en"}, "langs": {"de", "en"},
		"subject_de": {"Wichtige Information zu Ihren Daten"}, "body_de": {deBody},
		"subject_en": {"Important information about your data"}, "body_en": {enBody},
	}
}

const (
	deBody = "{{salutation}}\n\nbei einem Angriff auf {{company}} wurden Daten kopiert.\n\n## Welche Ihrer Daten betroffen sind\n\n{{categories}}\n\nFragen beantwortet unsere Hotline unter {{hotline}}."
	enBody = "{{salutation}}\n\nan attack on {{company}} copied data.\n\n## Which of your data was involved\n\n{{categories}}\n\nOur hotline answers questions at {{hotline}}."
)

// saveTemplate writes a template through the editor as comms and returns
// its ID.
func (cd *campaignDesk) saveTemplate(form url.Values) int64 {
	cd.t.Helper()
	res := cd.as(auth.RoleComms).post(cd.nbase+"/templates", form)
	if res.Code != http.StatusSeeOther {
		cd.t.Fatalf("save template: %d\n%s", res.Code, truncate(res.Body.String(), 2000))
	}
	return idAfter(cd.t, res.Header().Get("Location"), "/templates/")
}

// newCampaign creates a campaign through the form as comms and returns
// its ID.
func (cd *campaignDesk) newCampaign(tid int64, channel string, fallback bool) int64 {
	cd.t.Helper()
	form := url.Values{"name": {"Kunden informieren"}, "kind": {"individual"}, "segment": {strconv.FormatInt(cd.segment, 10)},
		"template": {strconv.FormatInt(tid, 10)}, "channel": {channel}}
	if fallback {
		form.Set("letter_fallback", "1")
	}
	res := cd.as(auth.RoleComms).post(cd.nbase+"/campaigns", form)
	if res.Code != http.StatusSeeOther {
		cd.t.Fatalf("create campaign: %d\n%s", res.Code, truncate(res.Body.String(), 2000))
	}
	return idAfter(cd.t, res.Header().Get("Location"), "/campaigns/")
}

// idAfter reads the ID that follows marker in a redirect target.
func idAfter(t testing.TB, location, marker string) int64 {
	t.Helper()
	_, rest, ok := strings.Cut(location, marker)
	m := regexp.MustCompile(`^\d+`).FindString(rest)
	id, err := strconv.ParseInt(m, 10, 64)
	if !ok || err != nil {
		t.Fatalf("no ID after %s in %q", marker, location)
	}
	return id
}

func TestTemplateEditorSavesLanguagesAndShowsCompileErrorsAtTheField(t *testing.T) {
	cd := newCampaignDesk(t)
	tid := cd.saveTemplate(templateForm("Erstinformation", deBody, enBody))
	tpath := fmt.Sprintf("%s/templates/%d", cd.nbase, tid)
	bad := templateForm("Erstinformation", deBody+"\n\nIhre Kundennummer: {{kundennummer}}", enBody)
	runScenarios(t, cd.testDesk, []scenario{
		{name: "the list shows the template with its languages", as: auth.RoleViewer, path: cd.nbase + "/templates", status: 200,
			contains: []string{"Erstinformation", `lang="de"`, `lang="en"`}, notContains: []string{`href="/incidents/` + fmt.Sprint(cd.inc.ID) + `/templates/new"`}},
		{name: "the editor has a section per language and the placeholders beside it", as: auth.RoleComms, path: tpath, status: 200,
			contains: []string{`id="lang-de"`, `id="lang-en"`, `name="body_de"`, "Wichtige Information zu Ihren Daten", "{{categories}}",
				"The person&#39;s own data that was found", "Beispiel GmbH", "Replace with the standard text"}},
		{name: "a viewer reads the texts without a form", as: auth.RoleViewer, path: tpath, status: 200,
			contains: []string{"Important information about your data"}, notContains: []string{`id="form-template"`}},
		{name: "the standard text fills the new editor in three languages", as: auth.RoleComms, path: cd.nbase + "/templates/new?standard=all", status: 200,
			contains: []string{`id="lang-de"`, `id="lang-en"`, `id="lang-zh"`, "{{categories}}"}},
		{name: "an unknown placeholder is refused at its language with the line", as: auth.RoleComms, method: "POST", path: tpath, form: bad, status: 400,
			contains: []string{`class="card nt-lang nt-haserror" id="lang-de"`, "line 11", "kundennummer"}},
		{name: "hotline may not write templates", as: auth.RoleHotline, method: "POST", path: tpath, form: templateForm("X", deBody, enBody), status: 403},
		{name: "responder is not on the team", as: auth.RoleResponder, path: tpath, status: 404, notContains: []string{"Erstinformation"}},
	})
	// The refused save changed nothing.
	tpl, err := cd.notify.Template(context.Background(), cd.actor(auth.RoleLead), cd.inc.ID, tid)
	if err != nil || strings.Contains(tpl.Contents[0].Body+tpl.Contents[1].Body, "kundennummer") {
		t.Fatalf("the refused text was stored: %v", err)
	}
}

func TestTemplatePreviewShowsOnePersonInASandbox(t *testing.T) {
	cd := newCampaignDesk(t)
	tid := cd.saveTemplate(templateForm("Erstinformation", deBody, enBody))
	anna := cd.personID(annaSchmidt)
	base := fmt.Sprintf("%s/templates/%d/preview", cd.nbase, tid)
	comms := cd.as(auth.RoleComms)

	res := comms.get(fmt.Sprintf("%s?person=%d&lang=de", base, anna))
	body := res.Body.String()
	if res.Code != 200 || !strings.Contains(body, "Wichtige Information zu Ihren Daten") || !strings.Contains(body, annaSchmidt.email) {
		t.Fatalf("preview: %d, want the German subject and the recipient\n%s", res.Code, truncate(body, 3000))
	}
	if !strings.Contains(body, `<iframe class="nt-mailframe"`) || !strings.Contains(body, " sandbox ") {
		t.Errorf("the e-mail's HTML is not in a sandboxed frame")
	}
	if csp := res.Header().Get("Content-Security-Policy"); csp != previewPageCSP {
		t.Errorf("preview page CSP %q", csp)
	}
	if strings.Contains(body, "<script") && strings.Count(body, "<script") > 1 {
		t.Errorf("the preview page has inline scripts")
	}
	frame := comms.get(fmt.Sprintf("%s.html?person=%d&lang=de", base, anna))
	if frame.Code != 200 || !strings.Contains(frame.Body.String(), "Beispiel GmbH") {
		t.Fatalf("preview HTML: %d", frame.Code)
	}
	if csp := frame.Header().Get("Content-Security-Policy"); csp != mailPreviewCSP || frame.Header().Get("X-Frame-Options") != "SAMEORIGIN" {
		t.Errorf("the framed e-mail has CSP %q and X-Frame-Options %q", csp, frame.Header().Get("X-Frame-Options"))
	}
	pdf := comms.get(fmt.Sprintf("%s.pdf?person=%d", base, cd.personID(joergMueller)))
	if pdf.Code != 200 || !strings.HasPrefix(pdf.Body.String(), "%PDF") {
		t.Fatalf("letter preview: %d %q", pdf.Code, truncate(pdf.Body.String(), 100))
	}
	found := comms.post(base, url.Values{"q": {annaSchmidt.email}})
	if found.Code != 200 || !strings.Contains(found.Body.String(), fmt.Sprintf("/preview?person=%d", anna)) {
		t.Errorf("searching the register by e-mail does not offer the person")
	}
	runScenarios(t, cd.testDesk, []scenario{
		{name: "the preview form without a person shows no one", as: auth.RoleViewer, path: base, status: 200,
			contains: []string{`id="form-person"`}, notContains: allSecrets()},
		{name: "a viewer may not see a person's letter", as: auth.RoleViewer, path: fmt.Sprintf("%s?person=%d", base, anna), status: 403,
			notContains: allSecrets()},
		{name: "an unknown person is named as such", as: auth.RoleComms, path: base + "?person=999999", status: 404, notContains: allSecrets()},
		{name: "a test send without a relay says so", as: auth.RoleComms, method: "POST", path: fmt.Sprintf("%s/templates/%d/test", cd.nbase, tid),
			form: url.Values{"person": {strconv.FormatInt(anna, 10)}}, status: 400, contains: []string{"no mail relay is set up"}, notContains: allSecrets()},
	})
	cd.setRelay()
	res = comms.post(fmt.Sprintf("%s/templates/%d/test", cd.nbase, tid), url.Values{"person": {strconv.FormatInt(anna, 10)}, "lang": {"en"}})
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "done=test_sent") {
		t.Fatalf("test send: %d %s", res.Code, truncate(res.Body.String(), 1500))
	}
	got := cd.relay.mails()
	if len(got) != 1 || got[0].To != testEmail(auth.RoleComms) || got[0].Subject != "[TEST] Important information about your data" {
		t.Fatalf("the relay got %+v, want one test mail to the comms user", got)
	}
	cd.checkNoSecretsLogged(t)
}

// The whole life of a campaign through the pages: four eyes, start,
// sending through a real relay, pause, resume, letters in a batch posted;
// the creator is refused the approval.
func TestCampaignLifecycleWithFourEyes(t *testing.T) {
	cd := newCampaignDesk(t)
	cd.setRelay()
	tid := cd.saveTemplate(templateForm("Erstinformation", deBody, enBody))
	cid := cd.newCampaign(tid, "email", true)
	page := fmt.Sprintf("%s/campaigns/%d", cd.nbase, cid)
	comms, lead := cd.as(auth.RoleComms), cd.as(auth.RoleLead)
	secrets := allSecrets()

	runScenarios(t, cd.testDesk, []scenario{
		{name: "the creator waits for a second person", as: auth.RoleComms, path: page, status: 200,
			contains:    []string{"Waiting for a second person", "3 recipients", "Every recipient has what the template needs"},
			notContains: append([]string{`id="approve"`}, secrets...)},
		{name: "the creator may not approve", as: auth.RoleComms, method: "POST", path: page + "/approve", status: 403},
		{name: "hotline may not approve", as: auth.RoleHotline, method: "POST", path: page + "/approve", status: 403},
		{name: "a viewer sees no buttons", as: auth.RoleViewer, path: page, status: 200,
			notContains: append([]string{`id="approve"`, `id="start"`, `id="cancel"`}, secrets...)},
		{name: "the lead sees the approve button", as: auth.RoleLead, path: page, status: 200, contains: []string{`id="approve"`}, notContains: secrets},
		{name: "nothing starts before the approval", as: auth.RoleComms, method: "POST", path: page + "/start", status: 409},
	})
	step := func(c *client, action, wantState string) {
		t.Helper()
		res := c.post(page+"/"+action, nil)
		if res.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d\n%s", action, res.Code, truncate(res.Body.String(), 2000))
		}
		body := comms.get(page).Body.String()
		if !strings.Contains(body, `nt-state-`+wantState+`" id="campaign-state"`) {
			t.Fatalf("after %s the page does not show the state %s", action, wantState)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Fatalf("after %s the campaign page shows %q of the register", action, s)
			}
		}
	}
	step(lead, "approve", "approved")
	step(comms, "start", "running")
	body := comms.get(page).Body.String()
	for _, want := range []string{`id="pause"`, `id="count-remaining">3<`, "<svg class=\"nt-chart\"", fmt.Sprintf(`/incidents/%d/people/%d"`, cd.inc.ID, cd.personID(annaSchmidt)),
		"&lt;c" + strconv.FormatInt(cid, 10) + ".p"} {
		if !strings.Contains(body, want) {
			t.Errorf("running campaign page lacks %q", want)
		}
	}
	// The runner sends the two e-mails through the relay; the letter waits.
	if err := cd.notify.NewRunner(notify.RunnerOptions{ID: "web-test"}).RunUntilIdle(context.Background()); err != nil {
		t.Fatalf("runner: %v", err)
	}
	sent := cd.relay.mails()
	if len(sent) != 2 {
		t.Fatalf("the relay got %d mails, want 2", len(sent))
	}
	body = comms.get(page + "?state=sent").Body.String()
	for _, want := range []string{`id="count-sent">2<`, `id="count-remaining">1<`, html.EscapeString(sent[0].MessageID), "nt-bar"} {
		if !strings.Contains(body, want) {
			t.Errorf("after sending the page lacks %q", want)
		}
	}
	step(comms, "pause", "paused")
	step(comms, "resume", "running")

	// Jörg Müller has no e-mail: his letter is the fallback.
	joerg := cd.personID(joergMueller)
	if res := comms.post(page+"/batches", url.Values{"size": {"abc"}}); res.Code != http.StatusBadRequest {
		t.Errorf("a batch size that is no number: %d, want 400", res.Code)
	}
	res := comms.post(page+"/batches", url.Values{"size": {"100"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("batch: %d\n%s", res.Code, truncate(res.Body.String(), 1500))
	}
	batch := idAfter(t, res.Header().Get("Location"), "#batch-")
	pdf := comms.get(fmt.Sprintf("%s/batches/%d/letters.pdf", page, batch))
	if pdf.Code != 200 || !strings.HasPrefix(pdf.Body.String(), "%PDF") || pdf.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("batch PDF: %d %s", pdf.Code, pdf.Header().Get("Content-Type"))
	}
	csv := comms.get(fmt.Sprintf("%s/batches/%d/addresses.csv", page, batch))
	if csv.Code != 200 || !strings.Contains(csv.Body.String(), "Hannover") {
		t.Fatalf("batch CSV: %d", csv.Code)
	}
	if one := comms.get(fmt.Sprintf("%s/persons/%d/letter.pdf", page, joerg)); one.Code != 200 || !strings.HasPrefix(one.Body.String(), "%PDF") {
		t.Fatalf("one person's letter: %d", one.Code)
	}
	if res := cd.as(auth.RoleViewer).post(fmt.Sprintf("%s/batches/%d/posted", page, batch), nil); res.Code != http.StatusForbidden {
		t.Errorf("viewer marks posted: %d, want 403", res.Code)
	}
	if res := comms.post(fmt.Sprintf("%s/batches/%d/posted", page, batch), nil); res.Code != http.StatusSeeOther {
		t.Fatalf("mark posted: %d\n%s", res.Code, truncate(res.Body.String(), 1500))
	}
	if body := comms.get(page + "?state=posted").Body.String(); !strings.Contains(body, `id="count-posted">1<`) || !strings.Contains(body, "nt-dstate-posted") {
		t.Errorf("the posted letter is not counted and listed")
	}

	var got map[string]any
	api := apiCall(t, cd.apiAs(auth.RoleViewer), http.MethodGet, fmt.Sprintf("/api/v1/incidents/%d/campaigns/%d", cd.inc.ID, cid), nil, nil)
	if err := json.Unmarshal(api.Body.Bytes(), &got); err != nil || api.Code != 200 {
		t.Fatalf("API campaign: %d %v", api.Code, err)
	}
	progress := got["progress"].(map[string]any)
	byState := progress["by_state"].(map[string]any)
	if got["state"] != "done" || progress["total"].(float64) != 3 || byState["posted"].(float64) != 1 || byState["sent"].(float64) != 2 {
		t.Errorf("API campaign: state %v, progress %v", got["state"], progress)
	}
	for _, s := range secrets {
		if strings.Contains(api.Body.String(), s) {
			t.Errorf("the API's campaign holds %q of the register", s)
		}
	}
	cd.checkNoSecretsLogged(t)
}

func TestApprovalIsRefusedWhileTheCheckerFindsProblems(t *testing.T) {
	cd := newCampaignDesk(t)
	// Nobody in the register has a customer number.
	tid := cd.saveTemplate(templateForm("Mit Kundennummer", deBody+"\n\nKundennummer: {{customer_no}}", enBody+"\n\nCustomer number: {{customer_no}}"))
	cid := cd.newCampaign(tid, "email", false)
	page := fmt.Sprintf("%s/campaigns/%d", cd.nbase, cid)
	runScenarios(t, cd.testDesk, []scenario{
		{name: "the checker names the placeholder and how many lack it", as: auth.RoleLead, path: page, status: 200,
			contains: []string{"{{customer_no}}", "cannot be approved", `id="approve" disabled`, "1 unreachable"}, notContains: allSecrets()},
		{name: "the approval is refused", as: auth.RoleLead, method: "POST", path: page + "/approve", status: 400, contains: []string{"customer_no"}},
	})
	v, err := cd.notify.Campaign(context.Background(), cd.actor(auth.RoleLead), cd.inc.ID, cid)
	if err != nil || v.State != notify.Draft {
		t.Fatalf("campaign after the refused approval: %v %v", v, err)
	}
}

func TestCampaignFormRefusesWhatIsMissing(t *testing.T) {
	cd := newCampaignDesk(t)
	runScenarios(t, cd.testDesk, []scenario{
		{name: "the form offers segments and templates", as: auth.RoleComms, path: cd.nbase + "/campaigns/new", status: 200,
			contains: []string{"Everyone affected", "3 persons", `name="letter_fallback"`}},
		{name: "viewer may not create", as: auth.RoleViewer, path: cd.nbase + "/campaigns/new", status: 403},
		{name: "no template chosen", as: auth.RoleComms, method: "POST", path: cd.nbase + "/campaigns", status: 400,
			form:     url.Values{"name": {"X"}, "kind": {"individual"}, "segment": {strconv.FormatInt(cd.segment, 10)}, "channel": {"email"}},
			contains: []string{`id="template" name="template" aria-invalid="true"`}},
		{name: "the list is empty at first", as: auth.RoleViewer, path: cd.nbase + "/campaigns", status: 200, contains: []string{"No campaigns yet."}},
	})
}

// The relay's password is written, never read: not on the page, not in a
// refused form, not in the log.
func TestRelaySettingsNeverShowThePassword(t *testing.T) {
	cd := newCampaignDesk(t)
	const password = "relay-Pa55word-never-shown"
	const dkim = "-----BEGIN PRIVATE KEY-----"
	form := url.Values{"host": {"smtp.example.test"}, "port": {"587"}, "tls": {"starttls"}, "username": {"breachdesk"},
		"password": {password}, "from": {"benachrichtigung@beispiel.example"}, "from_name": {"Beispiel GmbH"},
		"concurrency": {"4"}, "per_second": {"50"}, "per_hour": {"20000"}}
	bad := cloneForm(form)
	bad.Set("port", "nine")
	bad.Set("dkim_key", dkim+"\nnot a key\n")
	runScenarios(t, cd.testDesk, []scenario{
		{name: "only admins see the settings", as: auth.RoleLead, path: "/admin/smtp", status: 403},
		{name: "only admins save them", as: auth.RoleComms, method: "POST", path: "/admin/smtp", form: cloneForm(form), status: 403},
		{name: "the admin saves them", as: auth.RoleAdmin, method: "POST", path: "/admin/smtp", form: cloneForm(form), status: 303, location: "/admin/smtp?done=smtp_saved"},
		{name: "the page shows them without the password", as: auth.RoleAdmin, path: "/admin/smtp", status: 200,
			contains: []string{"smtp.example.test", "Leave empty to keep the stored one."}, notContains: []string{password}},
		{name: "a refused form comes back without the password", as: auth.RoleAdmin, method: "POST", path: "/admin/smtp", form: bad, status: 400,
			contains: []string{`id="port" name="port"`, "aria-invalid"}, notContains: []string{password, dkim}},
	})
	cfg, _, err := cd.notify.SMTP(context.Background(), cd.actor(auth.RoleAdmin))
	if err != nil || cfg.Host != "smtp.example.test" || cfg.PerHour != 20000 {
		t.Fatalf("stored settings: %+v %v", cfg, err)
	}
	// Saving again with an empty password keeps the stored one.
	form.Set("password", "")
	if res := cd.as(auth.RoleAdmin).post("/admin/smtp", form); res.Code != http.StatusSeeOther {
		t.Fatalf("save without password: %d", res.Code)
	}
	// The test button sends through the relay in use.
	if err := cd.notify.SaveSMTP(context.Background(), cd.actor(auth.RoleAdmin), cd.relay.config()); err != nil {
		t.Fatal(err)
	}
	if res := cd.as(auth.RoleLead).post("/admin/smtp/test", nil); res.Code != http.StatusForbidden {
		t.Errorf("a lead sends the relay test: %d, want 403", res.Code)
	}
	if res := cd.as(auth.RoleAdmin).post("/admin/smtp/test", nil); res.Code != http.StatusSeeOther {
		t.Fatalf("relay test: %d %s", res.Code, truncate(res.Body.String(), 1500))
	}
	if got := cd.relay.mails(); len(got) != 1 || got[0].To != testEmail(auth.RoleAdmin) || strings.Contains(got[0].Raw, password) {
		t.Errorf("the relay got %+v, want one test mail to the admin", got)
	}
	if logs := cd.logs.String(); strings.Contains(logs, password) || !strings.Contains(logs, "route=") {
		t.Errorf("the log holds the relay password (or logged nothing)")
	}
}

// cloneForm copies a form: posting one adds the client's CSRF token to it.
func cloneForm(f url.Values) url.Values {
	out := url.Values{}
	for k, v := range f {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// The API: templates and campaigns as openapi.json says, four eyes there
// too.
func TestCampaignAPI(t *testing.T) {
	cd := newCampaignDesk(t)
	cd.setRelay()
	comms, lead := cd.apiAs(auth.RoleComms), cd.apiAs(auth.RoleLead)
	base := fmt.Sprintf("/api/v1/incidents/%d", cd.inc.ID)
	res := apiCall(t, comms, http.MethodPost, base+"/templates", map[string]any{"name": "API", "fallback": "en",
		"company": "Beispiel GmbH", "hotline": "+49 511 123456",
		"contents": []map[string]string{{"lang": "de", "subject": "Information", "body": deBody}, {"lang": "en", "subject": "Information", "body": enBody}}}, nil)
	if res.Code != http.StatusCreated {
		t.Fatalf("create template: %d %s", res.Code, res.Body)
	}
	var tpl struct{ ID int64 }
	_ = json.Unmarshal(res.Body.Bytes(), &tpl)
	if res := apiCall(t, comms, http.MethodPost, base+"/templates", map[string]any{"name": "Bad",
		"contents": []map[string]string{{"lang": "de", "subject": "S", "body": "{{nope}}"}}}, nil); res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), "line 1") {
		t.Errorf("an unknown placeholder: %d %s, want 400 with the line", res.Code, res.Body)
	}
	if res := apiCall(t, cd.apiAs(auth.RoleViewer), http.MethodGet, base+"/templates", nil, nil); res.Code != 200 || !strings.Contains(res.Body.String(), `"API"`) {
		t.Errorf("list templates: %d", res.Code)
	}
	res = apiCall(t, comms, http.MethodPost, base+"/campaigns", map[string]any{"name": "API campaign", "segment_id": cd.segment,
		"template_id": tpl.ID, "channel": "email", "letter_fallback": true}, nil)
	if res.Code != http.StatusCreated {
		t.Fatalf("create campaign: %d %s", res.Code, res.Body)
	}
	var c struct {
		ID         int64
		State      string
		CanApprove bool `json:"can_approve"`
	}
	_ = json.Unmarshal(res.Body.Bytes(), &c)
	if c.State != "draft" || c.CanApprove {
		t.Errorf("new campaign %+v: want a draft its creator cannot approve", c)
	}
	path := fmt.Sprintf("%s/campaigns/%d", base, c.ID)
	if res := apiCall(t, comms, http.MethodPost, path+"/approve", nil, nil); res.Code != http.StatusForbidden {
		t.Errorf("the creator approves: %d, want 403", res.Code)
	}
	for _, step := range []struct {
		c      *client
		action string
		want   string
	}{{lead, "approve", "approved"}, {comms, "start", "running"}, {comms, "pause", "paused"}, {lead, "resume", "running"}, {comms, "cancel", "cancelled"}} {
		res := apiCall(t, step.c, http.MethodPost, path+"/"+step.action, nil, nil)
		if res.Code != 200 || !strings.Contains(res.Body.String(), `"state": "`+step.want+`"`) {
			t.Fatalf("%s: %d %s", step.action, res.Code, res.Body)
		}
	}
	if res := apiCall(t, comms, http.MethodPost, path+"/start", nil, nil); res.Code != http.StatusConflict {
		t.Errorf("starting a cancelled campaign: %d, want 409", res.Code)
	}
	res = apiCall(t, cd.apiAs(auth.RoleHotline), http.MethodGet, base+"/campaigns", nil, nil)
	if res.Code != 200 || !strings.Contains(res.Body.String(), `"API campaign"`) {
		t.Fatalf("list campaigns: %d", res.Code)
	}
	for _, s := range allSecrets() {
		if strings.Contains(res.Body.String(), s) {
			t.Errorf("the campaign list holds %q", s)
		}
	}
	if res := apiCall(t, cd.apiAs(auth.RoleResponder), http.MethodGet, path, nil, nil); res.Code != http.StatusNotFound {
		t.Errorf("a non-member reads the campaign: %d, want 404", res.Code)
	}
}
