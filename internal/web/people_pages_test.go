package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The findings body of an import is JSON lines, which the OpenAPI
// validator reads as plain text.
func init() {
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
}

// logBuffer collects the server's log lines; tests read it to prove that
// no affected person's data was logged.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestKeyring is a register key of 32 random bytes.
func newTestKeyring(t testing.TB) *people.Keyring {
	t.Helper()
	master := make([]byte, 32)
	_, _ = rand.Read(master)
	k, err := people.NewKeyring(master)
	if err != nil {
		t.Fatalf("keyring: %v", err)
	}
	return k
}

// testPerson is an affected person of the fixture, with every value the
// findings hold of them.
type testPerson struct {
	name, email, phone, phoneE164, idKind, id, address string
}

// The fixture's persons: Wang Wei (registered user: e-mail and phone),
// Anna Schmidt (car owner: e-mail, ID card, vehicle) and Jörg Müller (car
// owner by letter: ID card and postal address, no e-mail).
var (
	wangWei      = testPerson{name: "Wang Wei", email: "wang.wei@163.com", phone: "+86 138 0013 8000", phoneE164: "+8613800138000"}
	annaSchmidt  = testPerson{name: "Anna Schmidt", email: "anna.schmidt@example.de", idKind: "de_id_card", id: "T22000129"}
	joergMueller = testPerson{name: "Jörg Müller", idKind: "de_id_card", id: "L01X00T47",
		address: "Lindenstraße 12, 30159 Hannover"}
)

var testPersons = []testPerson{wangWei, annaSchmidt, joergMueller}

// secrets are the values of every test person that must never show where
// the register is masked, nor in any log line.
func (p testPerson) secrets() []string {
	var out []string
	for _, v := range []string{p.name, p.email, p.phone, p.phoneE164, p.id, p.address} {
		if v != "" {
			out = append(out, v)
		}
	}
	if p.address != "" {
		out = append(out, strings.Split(p.address, ", ")...)
	}
	if p.phoneE164 != "" {
		// Pages write "+" as "&#43;": the digits catch the number however
		// it is escaped or spaced.
		out = append(out, p.phoneE164[1:], "138 0013 8000")
	}
	return out
}

func allSecrets() []string {
	var out []string
	for _, p := range testPersons {
		out = append(out, p.secrets()...)
	}
	return out
}

// findingLine is one line of a findings file, as the scanner writes it.
func findingLine(file, record, category, kind, value string) string {
	b, _ := json.Marshal(map[string]string{"file": file, "record": file + ":" + record, "category": category, "kind": kind, "value": value})
	return string(b) + "\n"
}

// testFindings is the findings file of the fixture, with one broken line
// (line 4) that the import must report by its number.
func testFindings() string {
	const users, owners = "users/registered_users.csv", "owners/car_owners.csv"
	var b strings.Builder
	b.WriteString(findingLine(users, "row 2", "email", "", wangWei.email))
	b.WriteString(findingLine(users, "row 2", "phone", "", wangWei.phone))
	b.WriteString(findingLine(users, "row 2", "name", "", wangWei.name))
	b.WriteString("this line is not JSON\n")
	b.WriteString(findingLine(owners, "row 5", "email", "", annaSchmidt.email))
	b.WriteString(findingLine(owners, "row 5", "name", "", annaSchmidt.name))
	b.WriteString(findingLine(owners, "row 5", "national_id", annaSchmidt.idKind, annaSchmidt.id))
	b.WriteString(findingLine(owners, "row 5", "vin", "", "WVWZZZ1JZXW000001"))
	b.WriteString(findingLine(owners, "row 9", "national_id", joergMueller.idKind, joergMueller.id))
	b.WriteString(findingLine(owners, "row 9", "name", "", joergMueller.name))
	b.WriteString(findingLine(owners, "row 9", "postal_address", "", joergMueller.address))
	return b.String()
}

// peopleDesk is a desk with an incident whose register holds the test
// persons; lead, comms, hotline and viewer are on its team, responder
// is not.
type peopleDesk struct {
	*testDesk
	inc  *incident.Incident
	base string // /incidents/{id}/people
}

func newPeopleDesk(t *testing.T) *peopleDesk {
	t.Helper()
	d := newTestDesk(t)
	inc := d.newIncident("Customer database stolen", auth.RoleComms, auth.RoleHotline, auth.RoleViewer)
	pd := &peopleDesk{testDesk: d, inc: inc, base: fmt.Sprintf("/incidents/%d/people", inc.ID)}
	return pd
}

// importFindings imports the fixture's findings as the lead.
func (pd *peopleDesk) importFindings() *people.ImportResult {
	pd.t.Helper()
	res, err := pd.people.ImportFindings(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID, "findings", "findings.jsonl", strings.NewReader(testFindings()))
	if err != nil {
		pd.t.Fatalf("import findings: %v", err)
	}
	return res
}

// personID finds a test person's ID through the register's lookup.
func (pd *peopleDesk) personID(p testPerson) int64 {
	pd.t.Helper()
	key := p.email
	if key == "" {
		key = p.id
	}
	found, err := pd.people.Lookup(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID, key)
	if err != nil || len(found) != 1 {
		pd.t.Fatalf("lookup %s: %d found, %v", p.name, len(found), err)
	}
	return found[0].ID
}

// checkNoSecretsLogged fails when a log line holds a test person's value.
func (pd *peopleDesk) checkNoSecretsLogged(t *testing.T) {
	t.Helper()
	logs := pd.logs.String()
	if !strings.Contains(logs, "route=") {
		t.Fatalf("the server logged no requests: the log capture does not work")
	}
	for _, s := range allSecrets() {
		if strings.Contains(logs, s) {
			t.Errorf("the server's log holds %q of an affected person", s)
		}
	}
}

// postFile posts a multipart form with one file in input field.
func (c *client) postFile(path, field string, fields url.Values, name string, data []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if c.csrf != "" && fields.Get("csrf") == "" {
		_ = mw.WriteField("csrf", c.csrf)
	}
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// The register, a person's page and the search as each role sees them:
// masked for everyone, contact data only after "Show contact data" by a
// role that writes to the persons, nothing for those off the team, and
// not one value in the logs.
func TestPeopleRegisterIsMaskedForEveryRole(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	wang, joerg := pd.personID(wangWei), pd.personID(joergMueller)
	person := func(id int64) string { return fmt.Sprintf("%s/%d", pd.base, id) }
	secrets := allSecrets()
	othersThanWang := append(annaSchmidt.secrets(), joergMueller.secrets()...)

	runScenarios(t, pd.testDesk, []scenario{
		{name: "lead sees the register masked, with counts and the facts preview", as: auth.RoleLead, path: pd.base, status: 200,
			contains: []string{`id="count-persons">3<`, `id="count-postal">1<`, "<svg", "Identity numbers", `data-fact="persons_total"`,
				"Write the counts into the facts", "w***@163.com"},
			notContains: secrets},
		{name: "hotline sees the register masked, without the facts button", as: auth.RoleHotline, path: pd.base, status: 200,
			contains: []string{`id="count-persons">3<`, "Affected people"}, notContains: append([]string{`data-fact=`}, secrets...)},
		{name: "viewer on the team sees the masked register", as: auth.RoleViewer, path: pd.base, status: 200,
			contains: []string{`id="count-persons">3<`}, notContains: secrets},
		{name: "responder off the team finds no incident", as: auth.RoleResponder, path: pd.base, status: 404,
			notContains: append([]string{"Customer database stolen"}, secrets...)},
		{name: "nobody logged in goes to the login", path: pd.base, status: 303, location: "/login"},
		{name: "hotline sees a person masked, without the unmask button", as: auth.RoleHotline, path: person(wang), status: 200,
			contains:    []string{`data-unmasked="false"`, "E-mail addresses", "users/registered_users.csv:row 2"},
			notContains: append([]string{"unmask-form"}, secrets...)},
		{name: "comms sees a person masked, with the unmask button", as: auth.RoleComms, path: person(wang), status: 200,
			contains: []string{`data-unmasked="false"`, `id="unmask-form"`}, notContains: secrets},
		{name: "comms unmasks a person", as: auth.RoleComms, method: "POST", path: person(wang) + "/unmask", status: 200,
			contains: []string{`data-unmasked="true"`, wangWei.email, wangWei.phoneE164[1:], wangWei.name}, notContains: othersThanWang},
		{name: "hotline may not unmask", as: auth.RoleHotline, method: "POST", path: person(wang) + "/unmask", status: 403,
			notContains: secrets},
		{name: "viewer may not unmask", as: auth.RoleViewer, method: "POST", path: person(wang) + "/unmask", status: 403,
			notContains: secrets},
		{name: "unmasking without the form's token is refused", as: auth.RoleComms, method: "POST", path: person(wang) + "/unmask",
			form: url.Values{"csrf": {"forged"}}, status: 403, notContains: secrets},
		{name: "a person of the register is not found under another ID", as: auth.RoleComms, path: person(joerg + 1000), status: 404,
			notContains: secrets},
		{name: "hotline finds a caller by e-mail, masked", as: auth.RoleHotline, method: "POST", path: pd.base + "/search",
			form: url.Values{"q": {wangWei.email}}, status: 200,
			contains: []string{fmt.Sprintf(`id="person-%d"`, wang), "86 ***"}, notContains: append([]string{wangWei.name, wangWei.phoneE164[1:]}, othersThanWang...)},
		{name: "hotline finds a caller by phone in another format", as: auth.RoleHotline, method: "POST", path: pd.base + "/search",
			form: url.Values{"q": {"0086 138-0013-8000"}}, status: 200,
			contains: []string{fmt.Sprintf(`id="person-%d"`, wang)}, notContains: secrets},
		{name: "a search for someone else finds nobody", as: auth.RoleHotline, method: "POST", path: pd.base + "/search",
			form: url.Values{"q": {"nobody@example.test"}}, status: 200,
			contains: []string{"Nobody in the register matches."}, notContains: secrets},
		{name: "the person without e-mail is the letter group", as: auth.RoleHotline, path: person(joerg), status: 200,
			contains: []string{"owners/car_owners.csv", "Identity numbers", "Postal addresses"}, notContains: secrets},
	})

	// The unmasking is on the audit trail, by whom and of whom.
	entries, err := pd.auth.Audit(context.Background(), pd.actor(auth.RoleAdmin), auth.AuditFilter{Action: "person.view", IncidentID: pd.inc.ID})
	if err != nil {
		t.Fatal(err)
	}
	var byComms bool
	for _, e := range entries {
		byComms = byComms || (e.ActorID == pd.users[auth.RoleComms].ID && e.ObjectID == wang)
		for _, s := range secrets {
			if strings.Contains(e.Detail, s) {
				t.Errorf("an audit entry's detail holds %q", s)
			}
		}
	}
	if !byComms {
		t.Errorf("no audit entry records that comms unmasked person %d (%d person.view entries)", wang, len(entries))
	}
	pd.checkNoSecretsLogged(t)
}

// The unmasked page must not be kept by the browser or a proxy.
func TestPeopleUnmaskedPageIsNotStored(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	rec := pd.as(auth.RoleLead).post(fmt.Sprintf("%s/%d/unmask", pd.base, pd.personID(annaSchmidt)), nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), annaSchmidt.email) {
		t.Fatalf("unmask: %d", rec.Code)
	}
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
}

// A findings file uploaded through the page: the result with the broken
// line named, the register filled, and the same file again changing
// nothing.
func TestPeopleImportFindingsPage(t *testing.T) {
	pd := newPeopleDesk(t)
	comms := pd.as(auth.RoleComms)
	rec := comms.postFile(pd.base+"/import/findings", "findings", url.Values{}, "findings.jsonl", []byte(testFindings()))
	checkAnswer(t, rec, scenario{status: 200, contains: []string{`id="result-created">3<`, `id="result-problems">1<`, "line 4", "import-history"},
		notContains: allSecrets()})
	rec = comms.postFile(pd.base+"/import/findings", "findings", url.Values{}, "findings.jsonl", []byte(testFindings()))
	checkAnswer(t, rec, scenario{status: 200, contains: []string{`id="result-created">0<`, `id="result-unchanged">3<`}})
	counts, err := pd.people.Counts(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID)
	if err != nil || counts.Persons != 3 {
		t.Fatalf("after two imports the register holds %v persons (%v), want 3", counts, err)
	}
	runScenarios(t, pd.testDesk, []scenario{
		{name: "the history lists both imports", as: auth.RoleHotline, path: pd.base + "/import", status: 200,
			contains: []string{"findings.jsonl", "Findings"}, notContains: append([]string{`id="form-findings"`}, allSecrets()...)},
		{name: "hotline may not import", as: auth.RoleHotline, method: "POST", path: pd.base + "/import/findings", status: 403},
	})
	if rec := comms.postFile(pd.base+"/import/findings", "other", url.Values{}, "x.jsonl", []byte("{}")); rec.Code != http.StatusBadRequest ||
		!strings.Contains(rec.Body.String(), "Choose a file to import.") {
		t.Errorf("an upload without the file: %d", rec.Code)
	}
	pd.checkNoSecretsLogged(t)
}

// testCRM is a CRM export that knows Wang Wei by e-mail, with his address
// and language, and a customer who was not affected.
const testCRM = "Kundennummer,E-Mail,Vorname,Nachname,Strasse,PLZ,Ort,Land,Sprache\n" +
	"K-1001,wang.wei@163.com,Wei,Wang,Hauptstraße 1,10115,Berlin,DE,zh\n" +
	"K-1002,not.affected@example.de,Eva,Klein,Ringweg 3,20095,Hamburg,DE,de\n"

// The CRM export: upload, the mapping dialog with the guessed columns, the
// import, and the dialog refusing another user's held file.
func TestPeopleImportCRMWithMappingDialog(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	comms := pd.as(auth.RoleComms)
	rec := comms.postFile(pd.base+"/import/crm", "crm", url.Values{}, "crm.csv", []byte(testCRM))
	checkAnswer(t, rec, scenario{status: 200, contains: []string{`id="form-mapping"`, `<option value="E-Mail" selected>`, `name="match"`, `name="add_unmatched"`},
		notContains: []string{wangWei.email, "not.affected@example.de", "Hauptstraße"}})
	token := regexp.MustCompile(`name="token" value="([0-9a-f]+)"`).FindStringSubmatch(rec.Body.String())
	if token == nil {
		t.Fatalf("the mapping dialog holds no token")
	}
	mapping := url.Values{"token": {token[1]}, "email": {"E-Mail"}, "customer_no": {"Kundennummer"}, "first_name": {"Vorname"},
		"last_name": {"Nachname"}, "address_1": {"Strasse"}, "postcode": {"PLZ"}, "city": {"Ort"}, "country": {"Land"},
		"language": {"Sprache"}, "match": {"email", "customer_no"}, "region": {"DE"}}

	// Another user cannot use the held file, even knowing its token.
	again := func() url.Values {
		v := url.Values{}
		for k, vs := range mapping {
			v[k] = vs
		}
		return v
	}
	if rec := pd.as(auth.RoleLead).post(pd.base+"/import/mapping", again()); rec.Code != http.StatusGone {
		t.Errorf("another user's token: %d, want 410", rec.Code)
	}
	rec = comms.post(pd.base+"/import/mapping", again())
	checkAnswer(t, rec, scenario{status: 200, contains: []string{`id="result-updated">1<`, `id="result-created">0<`, `id="result-unmatched">1<`},
		notContains: allSecrets()})
	if rec := comms.post(pd.base+"/import/mapping", again()); rec.Code != http.StatusGone {
		t.Errorf("the held file is used twice: %d, want 410 after the import", rec.Code)
	}
	p, err := pd.people.Person(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID, pd.personID(wangWei), true)
	if err != nil || !p.FromCRM || p.Language != "zh" {
		t.Fatalf("after the CRM import Wang Wei is %+v (%v), want from the CRM with language zh", p, err)
	}
	pd.checkNoSecretsLogged(t)
}

// Segments: created by comms with the rules the form offers, listed with
// their member counts, changed, refused without a name, deleted; other
// roles see them but cannot change them.
func TestPeopleSegmentsPages(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	comms := pd.as(auth.RoleComms)
	rec := comms.post(pd.base+"/segments", url.Values{"name": {"Car owners with ID numbers"}, "all_categories": {"national_id"},
		"files": {"owners/car_owners.csv"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create segment: %d\n%s", rec.Code, truncate(rec.Body.String(), 1500))
	}
	rec = comms.post(pd.base+"/segments", url.Values{"name": {"No e-mail: letter"}, "reach": {"postal_only"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create segment: %d", rec.Code)
	}
	segs, err := pd.people.Segments(context.Background(), pd.actor(auth.RoleComms), pd.inc.ID)
	if err != nil || len(segs) != 2 {
		t.Fatalf("segments: %d, %v", len(segs), err)
	}
	owners := segs[0]
	if owners.Name != "Car owners with ID numbers" {
		owners = segs[1]
	}
	segPath := fmt.Sprintf("%s/segments/%d", pd.base, owners.ID)
	runScenarios(t, pd.testDesk, []scenario{
		{name: "the list shows each segment's members", as: auth.RoleComms, path: pd.base + "/segments", status: 200,
			contains: []string{`data-segment="Car owners with ID numbers"`, `<td class="num segment-members">2</td>`, `<td class="num segment-members">1</td>`,
				`id="form-segment"`, "Identity numbers"}},
		{name: "hotline sees the segments without the form", as: auth.RoleHotline, path: pd.base + "/segments", status: 200,
			contains: []string{"Car owners with ID numbers"}, notContains: []string{`id="form-segment"`}},
		{name: "a segment's members in the register", as: auth.RoleHotline, path: fmt.Sprintf("%s?segment=%d", pd.base, owners.ID), status: 200,
			contains: []string{"Members of “Car owners with ID numbers”"}, notContains: allSecrets()},
		{name: "comms opens the segment's form", as: auth.RoleComms, path: segPath, status: 200,
			contains: []string{`value="national_id" checked`, `value="owners/car_owners.csv" checked`}},
		{name: "hotline may not change segments", as: auth.RoleHotline, path: segPath, status: 403},
		{name: "hotline may not create a segment", as: auth.RoleHotline, method: "POST", path: pd.base + "/segments",
			form: url.Values{"name": {"Mine"}}, status: 403},
		{name: "a segment without a name is refused with the field marked", as: auth.RoleComms, method: "POST", path: pd.base + "/segments",
			form: url.Values{"countries": {"DE"}}, status: 400, contains: []string{`id="seg-name"`, `aria-invalid="true"`, `value="DE"`}},
		{name: "comms narrows the segment to Germany", as: auth.RoleComms, method: "POST", path: segPath + "/save",
			form: url.Values{"name": {"Car owners with ID numbers"}, "all_categories": {"national_id"}, "countries": {"de"}}, status: 303,
			location: pd.base + "/segments?done=segment_saved"},
	})
	seg, err := pd.people.Segment(context.Background(), pd.actor(auth.RoleComms), pd.inc.ID, owners.ID)
	if err != nil || len(seg.Rules.Countries) != 1 || seg.Rules.Countries[0] != "DE" {
		t.Fatalf("after the change the rules are %+v (%v)", seg, err)
	}
	// The person page names the segments the person is in.
	rec = pd.as(auth.RoleHotline).get(fmt.Sprintf("%s/%d", pd.base, pd.personID(joergMueller)))
	if !strings.Contains(rec.Body.String(), "No e-mail: letter") {
		t.Errorf("the person page does not name the letter segment")
	}
	if rec := comms.post(segPath+"/delete", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", rec.Code)
	}
	if _, err := pd.people.Segment(context.Background(), pd.actor(auth.RoleComms), pd.inc.ID, owners.ID); err == nil {
		t.Errorf("the deleted segment is still there")
	}
	pd.checkNoSecretsLogged(t)
}

// Erasing a person on request: only leads, only with a reason and the
// confirmation; afterwards the page says when, and nothing else.
func TestPeopleErase(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	joerg := pd.personID(joergMueller)
	erase := fmt.Sprintf("%s/%d/erase", pd.base, joerg)
	runScenarios(t, pd.testDesk, []scenario{
		{name: "comms may not erase", as: auth.RoleComms, method: "POST", path: erase, form: url.Values{"reason": {"Ticket 4711"}, "confirm": {"yes"}}, status: 403},
		{name: "without a reason nothing is erased", as: auth.RoleLead, method: "POST", path: erase, form: url.Values{"confirm": {"yes"}}, status: 400},
		{name: "without the confirmation nothing is erased", as: auth.RoleLead, method: "POST", path: erase, form: url.Values{"reason": {"Ticket 4711"}}, status: 400},
		{name: "the lead erases on request", as: auth.RoleLead, method: "POST", path: erase,
			form: url.Values{"reason": {"Ticket 4711"}, "confirm": {"yes"}}, status: 303, location: fmt.Sprintf("%s/%d?done=person_erased", pd.base, joerg)},
		{name: "the erased person's page says when only", as: auth.RoleLead, path: fmt.Sprintf("%s/%d", pd.base, joerg), status: 200,
			contains: []string{`id="person-erased"`, "on request"}, notContains: append([]string{"owners/car_owners.csv", "unmask-form"}, joergMueller.secrets()...)},
		{name: "the register counts the erased person", as: auth.RoleLead, path: pd.base, status: 200,
			contains: []string{`id="count-persons">2<`, `id="count-erased">1<`}},
	})
	pd.checkNoSecretsLogged(t)
}

// The counts go into the facts after the lead has seen what changes.
func TestPeopleApplyCountsToFacts(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	lead := pd.as(auth.RoleLead)
	body := lead.get(pd.base).Body.String()
	for _, want := range []string{`data-fact="persons_total"`, `data-fact="data_categories"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %s", want)
		}
	}
	if rec := pd.as(auth.RoleComms).post(pd.base+"/facts", nil); rec.Code != http.StatusForbidden {
		t.Errorf("comms writes the facts: %d, want 403", rec.Code)
	}
	rec := lead.post(pd.base+"/facts", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("apply: %d\n%s", rec.Code, truncate(rec.Body.String(), 1000))
	}
	v, err := pd.oblig.View(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.Facts.PersonsTotal != 3 {
		t.Errorf("persons_total = %d, want 3", v.Facts.PersonsTotal)
	}
	body = lead.get(pd.base).Body.String()
	if strings.Contains(body, `data-fact="persons_total"`) || !strings.Contains(body, "The facts already hold these counts.") {
		t.Errorf("after applying, the preview still lists changes")
	}
}

// The API: lookup and counts masked, imports of both kinds, segments.
func TestPeopleAPI(t *testing.T) {
	pd := newPeopleDesk(t)
	api := fmt.Sprintf("/api/v1/incidents/%d", pd.inc.ID)
	var crm bytes.Buffer
	mw := multipart.NewWriter(&crm)
	fw, _ := mw.CreateFormFile("file", "crm.csv")
	_, _ = fw.Write([]byte(testCRM))
	_ = mw.WriteField("mapping", `{"match":["email"],"email":"E-Mail","language":"Sprache","country":"Land"}`)
	_ = mw.Close()
	runAPIScenarios(t, pd.testDesk, []apiScenario{
		{name: "comms imports findings", as: auth.RoleComms, method: "POST", path: api + "/people/imports?name=leak.jsonl", body: testFindings(),
			header: map[string]string{"Content-Type": "application/x-ndjson"}, status: 201,
			contains: []string{`"created": 3`, `"where": "line 4"`, `"name": "leak.jsonl"`}, notContains: allSecrets()},
		{name: "hotline may not import", as: auth.RoleHotline, method: "POST", path: api + "/people/imports", body: testFindings(),
			header: map[string]string{"Content-Type": "application/x-ndjson"}, status: 403},
		{name: "comms imports a CRM export with its mapping", as: auth.RoleComms, method: "POST", path: api + "/people/imports", body: crm.String(),
			header: map[string]string{"Content-Type": mw.FormDataContentType()}, status: 201, contains: []string{`"updated": 1`, `"kind": "crm"`, `"unmatched": 1`}},
		{name: "an import of another kind is refused", as: auth.RoleComms, method: "POST", path: api + "/people/imports", body: "a,b\n",
			header: map[string]string{"Content-Type": "text/csv"}, status: 400},
		{name: "hotline looks a caller up, masked", as: auth.RoleHotline, path: api + "/persons?q=" + url.QueryEscape(wangWei.email), status: 200,
			contains: []string{`"persons"`, `"w***@163.com"`, `"language": "zh"`}, notContains: allSecrets()},
		{name: "a lookup without q is refused", as: auth.RoleHotline, path: api + "/persons", status: 400, contains: []string{`"q"`}},
		{name: "the counts", as: auth.RoleViewer, path: api + "/people/counts", status: 200,
			contains: []string{`"persons": 3`, `"postal_only": 1`, `"national_id": 2`}},
		{name: "responder off the team sees no counts", as: auth.RoleResponder, path: api + "/people/counts", status: 404},
		{name: "comms creates a segment", as: auth.RoleComms, method: "POST", path: api + "/segments",
			body:   map[string]any{"name": "Registered users with e-mail", "rules": map[string]any{"files": []string{"users/"}, "reach": "email"}},
			status: 201, contains: []string{`"members": 1`}},
		{name: "a segment with an unknown reach is refused", as: auth.RoleComms, method: "POST", path: api + "/segments",
			body: map[string]any{"name": "Odd", "rules": map[string]any{"reach": "pigeon"}}, status: 400},
		{name: "viewer may not create segments", as: auth.RoleViewer, method: "POST", path: api + "/segments",
			body: map[string]any{"name": "Mine", "rules": map[string]any{}}, status: 403},
		{name: "the segments with their members", as: auth.RoleHotline, path: api + "/segments", status: 200,
			contains: []string{`"Registered users with e-mail"`, `"members": 1`}},
	})
	pd.checkNoSecretsLogged(t)
}

// Every page of the register, in English and German, without a key the
// catalogs lack.
func TestPeoplePagesAreFullyTranslated(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	seg := &people.Segment{IncidentID: pd.inc.ID, Name: "Letters", Rules: people.SegmentRules{Reach: people.ReachPostalOnly, AnyCategories: []string{"national_id"}}}
	if err := pd.people.SaveSegment(context.Background(), pd.actor(auth.RoleLead), pd.inc.ID, seg); err != nil {
		t.Fatal(err)
	}
	joerg := fmt.Sprintf("%s/%d", pd.base, pd.personID(joergMueller))
	missing := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]|\{[a-z]+\}`)
	mainOf := func(body string) string {
		if i := strings.Index(body, "<main"); i >= 0 {
			return body[i:]
		}
		return body
	}
	for _, lang := range []string{"en", "de"} {
		pd.speaks(auth.RoleLead, lang)
		lead := pd.as(auth.RoleLead)
		answers := map[string]*httptest.ResponseRecorder{
			"register":     lead.get(pd.base + "?done=people_counts_applied"),
			"person":       lead.get(joerg),
			"unmasked":     lead.post(joerg+"/unmask", nil),
			"imports":      lead.get(pd.base + "/import"),
			"import":       lead.postFile(pd.base+"/import/findings", "findings", url.Values{}, "f.jsonl", []byte(testFindings())),
			"mapping":      lead.postFile(pd.base+"/import/crm", "crm", url.Values{}, "crm.csv", []byte(testCRM)),
			"segments":     lead.get(pd.base + "/segments?done=segment_saved"),
			"segment":      lead.get(fmt.Sprintf("%s/segments/%d", pd.base, seg.ID)),
			"segment form": lead.post(pd.base+"/segments", url.Values{"name": {""}}),
			"search":       lead.post(pd.base+"/search", url.Values{"q": {"nobody@example.test"}}),
		}
		for name, rec := range answers {
			if rec.Code >= 500 || (rec.Code >= 300 && name != "segment form") {
				t.Errorf("%s %s: status %d", lang, name, rec.Code)
			}
			if m := missing.FindString(mainOf(rec.Body.String())); m != "" {
				t.Errorf("%s %s shows the untranslated %s", lang, name, m)
			}
			if !strings.Contains(rec.Body.String(), `<html lang="`+lang+`">`) {
				t.Errorf("%s %s is not in %s", lang, name, lang)
			}
		}
	}
}

// A page answering a POST (a search, an unmasked person) sends the
// language switch back to the page it stands for, never to the POST.
func TestPeoplePostAnswersSwitchLanguageToTheirPage(t *testing.T) {
	pd := newPeopleDesk(t)
	pd.importFindings()
	wang := fmt.Sprintf("%s/%d", pd.base, pd.personID(wangWei))
	comms := pd.as(auth.RoleComms)
	for path, want := range map[string]string{pd.base + "/search": pd.base, wang + "/unmask": wang} {
		rec := comms.post(path, url.Values{"q": {wangWei.email}})
		if !strings.Contains(rec.Body.String(), `name="next" value="`+want+`"`) {
			t.Errorf("POST %s: the language switch does not return to %s", path, want)
		}
	}
}
