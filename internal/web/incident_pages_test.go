package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// incidentTitle is the title of the fixture's incident; pages for people
// outside its team must never show it.
const incidentTitle = "Ransom mail about customer data"

// incidentFixture is a desk with one incident (aware 30 hours ago) whose
// team is the lead (incident lead), a viewer and a hotline agent. The
// responder and the comms user are not on it.
type incidentFixture struct {
	d    *testDesk
	inc  *incident.Incident
	path string // /incidents/{id}
}

func newIncidentFixture(t *testing.T) *incidentFixture {
	t.Helper()
	d := newTestDesk(t)
	inc := d.newIncident(incidentTitle, auth.RoleViewer, auth.RoleHotline)
	return &incidentFixture{d: d, inc: inc, path: incidentURL(inc.ID)}
}

// join puts the user of role r on the team.
func (f *incidentFixture) join(r auth.Role, role incident.MemberRole) {
	f.d.t.Helper()
	if err := f.d.incidents.SetMember(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, f.d.users[r].ID, role); err != nil {
		f.d.t.Fatalf("add %s: %v", r, err)
	}
}

// addEntry writes a timeline entry as the lead.
func (f *incidentFixture) addEntry(text string, occurred time.Time) *incident.Entry {
	f.d.t.Helper()
	e, err := f.d.incidents.AddEntry(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID,
		incident.NewEntry{Kind: incident.EntryNote, Text: text, OccurredAt: occurred})
	if err != nil {
		f.d.t.Fatalf("add entry: %v", err)
	}
	return e
}

// addTask creates a task as the lead.
func (f *incidentFixture) addTask(in incident.TaskInput) *incident.Task {
	f.d.t.Helper()
	task, err := f.d.incidents.CreateTask(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, in)
	if err != nil {
		f.d.t.Fatalf("create task: %v", err)
	}
	return task
}

// timeline reads the newest entries through the service.
func (f *incidentFixture) timeline() []incident.Entry {
	f.d.t.Helper()
	entries, err := f.d.incidents.Timeline(context.Background(), auth.CLI(), f.inc.ID, incident.TimelinePage{Limit: 1000})
	if err != nil {
		f.d.t.Fatalf("timeline: %v", err)
	}
	return entries
}

// speaks sets the language of the user of role r.
func (d *testDesk) speaks(r auth.Role, lang string) {
	d.t.Helper()
	u := d.users[r]
	if err := d.auth.UpdateProfile(context.Background(), d.actor(r), auth.Profile{Name: u.Name, Language: lang}); err != nil {
		d.t.Fatalf("language of %s: %v", r, err)
	}
}

// upload is a file sent with a multipart form.
type upload struct {
	name string
	data []byte
}

// postFiles sends a multipart form with the client's CSRF token and files
// in the "attachments" input.
func (c *client) postFiles(path string, fields url.Values, files ...upload) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, multipartBody(c, fields, files))
	req.Header.Set("Content-Type", multipartType)
	return c.do(req)
}

const multipartBoundary = "incident-pages-test-boundary"

var multipartType = "multipart/form-data; boundary=" + multipartBoundary

func multipartBody(c *client, fields url.Values, files []upload) *bytes.Buffer {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.SetBoundary(multipartBoundary)
	_ = mw.WriteField("csrf", c.csrf)
	for name, values := range fields {
		for _, v := range values {
			_ = mw.WriteField(name, v)
		}
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile("attachments", f.name)
		if err != nil {
			c.d.t.Fatal(err)
		}
		_, _ = fw.Write(f.data)
	}
	_ = mw.Close()
	return &body
}

// fillPath puts IDs into a route pattern's wildcards.
func fillPath(pattern string, ids map[string]int64) string {
	return regexp.MustCompile(`\{([a-z]+)\}`).ReplaceAllStringFunc(pattern, func(w string) string {
		if id, ok := ids[strings.Trim(w, "{}")]; ok {
			return strconv.FormatInt(id, 10)
		}
		return "1"
	})
}

// richIncident gives the fixture's incident one of everything its routes
// name: a task with a checklist owned by the hotline agent, a contact, and
// an entry with an attachment. It returns the IDs for the wildcards.
func (f *incidentFixture) richIncident() map[string]int64 {
	f.d.t.Helper()
	ctx := context.Background()
	task := f.addTask(incident.TaskInput{Title: "Call the insurer", OwnerID: f.d.users[auth.RoleHotline].ID, Checklist: []string{"Find the policy number"}})
	contact, err := f.d.incidents.SaveContact(ctx, f.d.actor(auth.RoleLead), f.inc.ID, incident.Contact{Label: "Insurer", Role: "insurer"})
	if err != nil {
		f.d.t.Fatal(err)
	}
	e, err := f.d.incidents.AddEntry(ctx, f.d.actor(auth.RoleLead), f.inc.ID, incident.NewEntry{Kind: incident.EntryEvidence, Text: "Mail headers",
		Attachments: []incident.NewAttachment{{Name: "headers.txt", Data: []byte("Received: from x")}}})
	if err != nil {
		f.d.t.Fatal(err)
	}
	return map[string]int64{"id": f.inc.ID, "task": task.ID, "contact": contact.ID, "att": e.Attachments[0].ID,
		"user": f.d.users[auth.RoleHotline].ID}
}

// incidentRoutes are the registered routes about one incident.
func incidentRoutes(d *testDesk) []Route {
	var out []Route
	for _, r := range d.srv.Routes() {
		if strings.HasPrefix(r.Path, "/incidents/{id}") {
			out = append(out, r)
		}
	}
	return out
}

func TestIncidentDoesNotExistForUsersOutsideItsTeam(t *testing.T) {
	f := newIncidentFixture(t)
	ids := f.richIncident()
	routes := incidentRoutes(f.d)
	if len(routes) < 15 {
		t.Fatalf("only %d incident routes registered", len(routes))
	}
	for _, outsider := range []auth.Role{auth.RoleResponder, auth.RoleComms} {
		c := f.d.as(outsider)
		for _, r := range routes {
			path := fillPath(r.Path, ids)
			t.Run(string(outsider)+" "+r.Method+" "+r.Path, func(t *testing.T) {
				var rec *httptest.ResponseRecorder
				if r.Method == http.MethodGet {
					rec = c.get(path)
				} else {
					rec = c.post(path, url.Values{"title": {"x"}, "text": {"x"}, "status": {"closed"}, "user_id": {"1"}, "role": {"member"}})
				}
				checkAnswer(t, rec, scenario{status: http.StatusNotFound, notContains: []string{incidentTitle, "Insurer", "headers.txt"}})
			})
		}
	}
	// An incident that does not exist looks the same.
	checkAnswer(t, f.d.as(auth.RoleResponder).get("/incidents/99999"), scenario{status: http.StatusNotFound})
	checkAnswer(t, f.d.as(auth.RoleResponder).get("/incidents/not-a-number"), scenario{status: http.StatusNotFound})
}

func TestMembersWithoutTheRightAreRefusedBeforeTheirInputIsRead(t *testing.T) {
	f := newIncidentFixture(t)
	ids := f.richIncident()
	// The hotline agent owns the fixture's task; a task of someone else
	// is what they may not move along.
	ids["task"] = f.addTask(incident.TaskInput{Title: "Someone else's task"}).ID
	// Who of a viewer and a hotline agent on the team may use each route;
	// the other gets 403.
	matrix := []struct {
		route           string
		viewer, hotline bool
	}{
		{"GET /incidents/{id}", true, true},
		{"GET /incidents/{id}/timeline", true, true},
		{"GET /incidents/{id}/attachments/{att}", true, true},
		{"POST /incidents/{id}/timeline", false, true},
		{"GET /incidents/{id}/edit", false, false},
		{"POST /incidents/{id}", false, false},
		{"POST /incidents/{id}/tasks", false, false},
		{"GET /incidents/{id}/tasks/{task}/edit", false, false},
		{"POST /incidents/{id}/tasks/{task}", false, false},
		{"POST /incidents/{id}/tasks/{task}/progress", false, false},
		{"POST /incidents/{id}/team", false, false},
		{"POST /incidents/{id}/team/{user}/remove", false, false},
		{"POST /incidents/{id}/contacts", false, false},
		{"POST /incidents/{id}/contacts/{contact}", false, false},
		{"POST /incidents/{id}/playbooks", false, false},
	}
	registered := map[string]bool{}
	for _, r := range f.d.srv.Routes() {
		registered[r.Method+" "+r.Path] = true
	}
	for _, row := range matrix {
		if !registered[row.route] {
			t.Errorf("%s is not registered", row.route)
			continue
		}
		method, pattern, _ := strings.Cut(row.route, " ")
		for role, ok := range map[auth.Role]bool{auth.RoleViewer: row.viewer, auth.RoleHotline: row.hotline} {
			if ok {
				continue
			}
			t.Run(string(role)+" "+row.route, func(t *testing.T) {
				c, path := f.d.as(role), fillPath(pattern, ids)
				var rec *httptest.ResponseRecorder
				if method == http.MethodGet {
					rec = c.get(path)
				} else {
					// Invalid input on purpose: the refusal must come first.
					rec = c.post(path, url.Values{"title": {""}, "aware_at": {"garbage"}, "status": {"nonsense"}, "tick": {"x"}})
				}
				checkAnswer(t, rec, scenario{status: http.StatusForbidden, notContains: []string{"Please correct the marked fields"}})
			})
		}
	}
}

func TestViewerReadsTheIncidentButSeesNoForms(t *testing.T) {
	f := newIncidentFixture(t)
	f.richIncident()
	p := f.path
	runScenarios(t, f.d, []scenario{
		{
			name: "viewer sees timeline, tasks, team and contacts", as: auth.RoleViewer, path: p, status: http.StatusOK,
			contains: []string{incidentTitle, "Mail headers", "headers.txt", "Call the insurer", "Find the policy number", "Insurer", "Test lead", "data-since="},
			notContains: []string{
				`action="` + p + `/timeline"`, `action="` + p + `/tasks"`, "/edit", `action="` + p + `"`, `value="dropped"`, `name="tick"`,
				`action="` + p + `/team"`, "/remove", `action="` + p + `/contacts`, `action="` + p + `/playbooks"`, "Correct",
			},
		},
		{
			name: "hotline agent writes on the timeline and moves their own task, nothing else", as: auth.RoleHotline, path: p, status: http.StatusOK,
			contains:    []string{`action="` + p + `/timeline"`, `name="tick"`, `name="status" value="done"`, `value="dropped"`, ">Correct<"},
			notContains: []string{"/edit", `action="` + p + `/tasks"`, `action="` + p + `/team"`, `action="` + p + `/contacts`, `action="` + p + `/playbooks"`},
		},
		{
			name: "lead has every form", as: auth.RoleLead, path: p, status: http.StatusOK,
			contains: []string{`action="` + p + `/timeline"`, `action="` + p + `/tasks"`, p + "/edit", `action="` + p + `"`, `action="` + p + `/team"`,
				"/remove", `action="` + p + `/contacts"`, `action="` + p + `/playbooks"`},
		},
		{
			name: "admin outside the team sees it too", as: auth.RoleAdmin, path: p, status: http.StatusOK, contains: []string{incidentTitle},
		},
	})
}

func TestOpeningAnIncident(t *testing.T) {
	d := newTestDesk(t)
	awareAt := d.now.Add(-2 * time.Hour).UTC().Format(inputTimeLayout)
	valid := url.Values{
		"title": {"Customer database offered for sale"}, "kind": {"data_theft"}, "severity": {"critical"},
		"aware_at": {awareAt}, "summary": {"A mail demands 50 BTC."}, "affected_systems": {"crm-db-01"}, "language": {"en"},
	}
	with := func(changes ...string) url.Values {
		v := url.Values{}
		for k, vs := range valid {
			v[k] = append([]string(nil), vs...)
		}
		for i := 0; i+1 < len(changes); i += 2 {
			v.Set(changes[i], changes[i+1])
		}
		v.Del("csrf") // runScenarios adds the token of its own client
		return v
	}
	runScenarios(t, d, []scenario{
		{name: "lead gets the form with the clock start preset to now", as: auth.RoleLead, path: "/incidents/new", status: http.StatusOK,
			contains: []string{`action="/incidents"`, `name="aware_at" type="datetime-local" required value="` + d.now.UTC().Format("2006-01-02T")}},
		{name: "a playbook can be chosen in advance", as: auth.RoleLead, path: "/incidents/new?playbook=ransomware", status: http.StatusOK,
			contains: []string{`<option value="ransomware" selected>`, `<option value="ransomware" selected>Ransomware</option>`}},
		{name: "viewer may not open incidents", as: auth.RoleViewer, path: "/incidents/new", status: http.StatusForbidden},
		{name: "responder may not post one either", as: auth.RoleResponder, method: http.MethodPost, path: "/incidents", form: valid, status: http.StatusForbidden},
		{name: "viewer has no New incident button", as: auth.RoleViewer, path: "/incidents", status: http.StatusOK, notContains: []string{"New incident", "/incidents/new"}},
		{name: "lead has the button", as: auth.RoleLead, path: "/incidents", status: http.StatusOK, contains: []string{`href="/incidents/new"`}},
		{name: "invalid form keeps the input and marks every field at once", as: auth.RoleLead, method: http.MethodPost, path: "/incidents",
			form:   with("title", "  ", "severity", "apocalyptic", "aware_at", "yesterday-ish", "detected_at", "2026-13-45T99:99"),
			status: http.StatusBadRequest,
			contains: []string{"Please correct the marked fields.", "This field is required.", "Please choose one of the offered values.",
				"This is not a valid date and time.", `value="yesterday-ish"`, `value="2026-13-45T99:99"`,
				"A mail demands 50 BTC.", "crm-db-01", `aria-invalid="true"`, `<option value="data_theft" selected>`},
		},
		{name: "a German date typed by hand is read", as: auth.RoleLead, method: http.MethodPost, path: "/incidents",
			form: with("title", "", "aware_at", "24.11.2025 09:30"), status: http.StatusBadRequest,
			contains: []string{"This field is required."}, notContains: []string{"This is not a valid date and time."}},
		{name: "awareness in the future is refused", as: auth.RoleLead, method: http.MethodPost, path: "/incidents",
			form: with("aware_at", d.now.Add(48*time.Hour).UTC().Format(inputTimeLayout)), status: http.StatusBadRequest,
			contains: []string{"This lies in the future."}},
		{name: "an unknown playbook is a field error", as: auth.RoleLead, method: http.MethodPost, path: "/incidents",
			form: with("playbook", "no-such-plan"), status: http.StatusBadRequest, contains: []string{"Please choose one of the offered values."}},
	})

	if list, _ := d.incidents.List(context.Background(), auth.CLI(), false, ""); len(list) != 0 {
		t.Fatalf("refused forms opened %d incidents", len(list))
	}
	lead := d.as(auth.RoleLead)
	rec := lead.post("/incidents", with("playbook", "data-theft", "language", "de"))
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/incidents/"})
	page := lead.get(rec.Header().Get("Location"))
	checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{
		"Customer database offered for sale", "The incident is open and its clock is running.", `class="clock-value">T+<time`,
		`data-since="` + awareAt[:13], "Critical", "crm-db-01", "A mail demands 50 BTC.",
		"Erpresser-E-Mail unverändert sichern", // a task of the playbook, in the chosen language
	}})
}

func TestTimesAreReadAndShownInTheReadersZone(t *testing.T) {
	d := newTestDesk(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no zone database: %v", err)
	}
	// The desk's zone stands for users who chose none.
	srv, err := New(Config{Auth: d.auth, Incidents: d.incidents, Location: berlin, Version: "test",
		Logger: d.srv.log, MaxUpload: d.srv.cfg.MaxUpload})
	if err != nil {
		t.Fatal(err)
	}
	d.srv = srv
	c := d.as(auth.RoleLead)
	rec := c.post("/incidents", url.Values{"title": {"Zone test"}, "kind": {"other"}, "severity": {"low"}, "aware_at": {"2026-01-15T10:00"}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther})
	id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(rec.Header().Get("Location"), "?")[0], "/incidents/"), 10, 64)
	inc, _, err := d.incidents.Get(context.Background(), auth.CLI(), id)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC); !inc.AwareAt.Equal(want) {
		t.Errorf("aware_at = %s, want %s (10:00 in Berlin)", inc.AwareAt, want)
	}
	checkAnswer(t, c.get(incidentURL(id)), scenario{status: http.StatusOK, contains: []string{"15 Jan 2026, 10:00 CET"}})
	checkAnswer(t, c.get(incidentURL(id)+"/edit"), scenario{status: http.StatusOK, contains: []string{`value="2026-01-15T10:00"`, "(CET)"}})

	// A zone of one's own wins over the desk's.
	u := d.users[auth.RoleLead]
	if err := d.auth.UpdateProfile(context.Background(), d.actor(auth.RoleLead), auth.Profile{Name: u.Name, TimeZone: "Asia/Tokyo"}); err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, d.as(auth.RoleLead).get(incidentURL(id)), scenario{status: http.StatusOK, contains: []string{"15 Jan 2026, 18:00 JST"}})
}

func TestTimelineEntriesAndCorrections(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleScribe)
	c := f.d.as(auth.RoleResponder)

	rec := c.postFiles(f.path+"/timeline", url.Values{"kind": {"detection"}, "text": {"Servers encrypted at 10:05."}, "occurred_at": {""}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: f.path + "?done=entry_added#entry-"})
	original := f.timeline()[0]
	if original.Text != "Servers encrypted at 10:05." || original.Kind != incident.EntryDetection {
		t.Fatalf("newest entry = %+v", original)
	}
	entryPath := fmt.Sprint(original.ID)

	runScenarios(t, f.d, []scenario{
		{name: "an entry needs a text and a readable time; the input stays", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"kind": {"decision"}, "text": {" "}, "occurred_at": {"soon"}}, status: http.StatusBadRequest,
			contains: []string{"This field is required.", "This is not a valid date and time.", `value="soon"`, `<option value="decision" selected>`, `href="#form-entry"`}},
		{name: "a time that cannot be read stores nothing", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"kind": {"decision"}, "text": {"Pay nothing."}, "occurred_at": {"soon"}}, status: http.StatusBadRequest,
			contains: []string{"This is not a valid date and time.", `value="soon"`, "Pay nothing."}},
		{name: "an entry of an unknown kind is refused", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"kind": {"gossip"}, "text": {"x"}}, status: http.StatusBadRequest, contains: []string{"Please choose one of the offered values."}},
		{name: "the correction form opens without the script", as: auth.RoleResponder, path: f.path + "?correct=" + entryPath, status: http.StatusOK,
			contains: []string{`id="form-correct-` + entryPath + `">`}},
		{name: "correction forms are closed otherwise", as: auth.RoleResponder, path: f.path, status: http.StatusOK,
			contains: []string{`id="form-correct-` + entryPath + `" hidden>`, `data-toggle="form-correct-` + entryPath + `"`}},
	})

	if entries := f.timeline(); entries[0].ID != original.ID {
		t.Fatalf("refused entries were stored: %+v", entries[0])
	}
	rec = c.post(f.path+"/timeline", url.Values{"corrects": {entryPath}, "text": {"Servers encrypted at 09:40."},
		"occurred_at": {original.OccurredAt.UTC().Format(inputTimeLayout)}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: f.path + "#entry-"})
	var correction incident.Entry
	for _, e := range f.timeline() {
		if e.Corrects != nil {
			correction = e
		}
	}
	if correction.Corrects == nil || *correction.Corrects != original.ID || correction.Kind != incident.EntryCorrection {
		t.Fatalf("correction = %+v", correction)
	}
	if !correction.OccurredAt.Equal(original.OccurredAt) {
		t.Errorf("the correction happened at %s, the original at %s", correction.OccurredAt, original.OccurredAt)
	}
	page := c.get(f.path)
	if body := page.Body.String(); strings.Index(body, fmt.Sprintf(`id="entry-%d"`, correction.ID)) > strings.Index(body, `id="entry-`+entryPath+`"`) {
		t.Error("the correction is not shown right above the entry it corrects")
	}
	checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{
		`<li id="entry-` + entryPath + `" class="kind-detection corrected">`,
		fmt.Sprintf(`href="#entry-%d">corrected by #%d</a>`, correction.ID, correction.ID),
		fmt.Sprintf(`href="#entry-%d">corrects #%d</a>`, original.ID, original.ID),
		"Servers encrypted at 09:40.",
		fmt.Sprintf(`data-toggle="form-correct-%d"`, correction.ID),
	}, notContains: []string{`data-toggle="form-correct-` + entryPath + `"`}})
	// Written about half an hour after the time it corrects: "recorded later".
	f.d.incidents.AddEntry(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, incident.NewEntry{Kind: incident.EntryNote, Text: "Backfilled", OccurredAt: f.d.now.Add(-3 * time.Hour)})
	checkAnswer(t, c.get(f.path), scenario{status: http.StatusOK, contains: []string{"recorded later, on"}})

	var system incident.Entry
	for _, e := range f.timeline() {
		if e.Event != nil {
			system = e
		}
	}
	runScenarios(t, f.d, []scenario{
		{name: "an entry the desk wrote cannot be corrected", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"corrects": {fmt.Sprint(system.ID)}, "text": {"It was not opened."}}, status: http.StatusBadRequest,
			contains: []string{"This entry cannot be corrected: only entries written by people can be."}},
		{name: "nor an entry that does not exist", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"corrects": {"987654"}, "text": {"x"}}, status: http.StatusBadRequest,
			contains: []string{"This entry cannot be corrected"}},
		{name: "a refused correction shows its form again with the text", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/timeline",
			form: url.Values{"corrects": {entryPath}, "text": {"Fixed text"}, "occurred_at": {"bad"}}, status: http.StatusBadRequest,
			contains: []string{`id="form-correct-` + entryPath + `">`, "Fixed text", `value="bad"`}},
		{name: "system entries have no correct button", as: auth.RoleResponder, path: f.path, status: http.StatusOK,
			notContains: []string{"form-correct-" + fmt.Sprint(system.ID)}},
	})
}

func TestStatusChangeIsOnTheTimelineInTheReadersLanguage(t *testing.T) {
	f := newIncidentFixture(t)
	lead := f.d.as(auth.RoleLead)
	checkAnswer(t, lead.post(f.path, url.Values{"status": {"investigating"}}),
		scenario{status: http.StatusSeeOther, location: f.path + "?done=incident_saved"})
	inc, _, _ := f.d.incidents.Get(context.Background(), auth.CLI(), f.inc.ID)
	if inc.Status != incident.StatusInvestigating || inc.Title != incidentTitle || !inc.AwareAt.Equal(f.inc.AwareAt) {
		t.Fatalf("after the status form: %+v", inc)
	}
	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{
		`class="kind-status system"`, "Status changed from Triage to Investigating.", `<span class="status status-investigating">`,
	}})
	f.d.speaks(auth.RoleViewer, "de")
	checkAnswer(t, f.d.as(auth.RoleViewer).get(f.path), scenario{status: http.StatusOK, contains: []string{
		`<html lang="de">`, "Status geändert von Ersteinschätzung auf Untersuchung.", "Vorfall eröffnet.", "Seit Kenntniserlangung",
	}, notContains: []string{"Status changed"}})
}

func TestEditingAnIncident(t *testing.T) {
	f := newIncidentFixture(t)
	detected := f.d.now.Add(-40 * time.Hour)
	if _, err := f.d.incidents.Update(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, incident.Patch{DetectedAt: &detected}); err != nil {
		t.Fatal(err)
	}
	relative := 72 * time.Hour
	task := f.addTask(incident.TaskInput{Title: "Report to the authority", Due: incident.Due{AfterAware: &relative}})
	lead := f.d.as(auth.RoleLead)
	edit := lead.get(f.path + "/edit")
	checkAnswer(t, edit, scenario{status: http.StatusOK, contains: []string{
		`value="` + incidentTitle + `"`, "moves every due time counted from awareness", `<option value="high" selected>`, "Extortion mail received.",
	}})
	form := formValues(t, edit.Body.String())
	before := len(f.timeline())

	// Saving the form unchanged changes nothing, although the inputs show
	// minutes only and the stored times have seconds.
	checkAnswer(t, lead.post(f.path, form), scenario{status: http.StatusSeeOther})
	if n := len(f.timeline()); n != before {
		t.Fatalf("saving an unchanged form wrote %d timeline entries", n-before)
	}

	form.Set("aware_at", f.inc.AwareAt.Add(-2*time.Hour).UTC().Format(inputTimeLayout))
	form.Set("detected_at", "")
	form.Set("severity", "critical")
	checkAnswer(t, lead.post(f.path, form), scenario{status: http.StatusSeeOther})
	inc, _, _ := f.d.incidents.Get(context.Background(), auth.CLI(), f.inc.ID)
	if inc.DetectedAt != nil || inc.Severity != incident.SeverityCritical {
		t.Errorf("detected_at = %v, severity = %s", inc.DetectedAt, inc.Severity)
	}
	moved, _ := f.d.incidents.Task(context.Background(), auth.CLI(), f.inc.ID, task.ID)
	if want := inc.AwareAt.Add(relative); moved.Due.At == nil || !moved.Due.At.Equal(want) {
		t.Errorf("relative due = %v, want %s", moved.Due.At, want)
	}
	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{
		"Time of awareness corrected from", "Severity changed from High to Critical."}})

	form.Set("title", "")
	form.Set("summary", "Kept while the title is missing")
	form.Del("csrf")
	runScenarios(t, f.d, []scenario{
		{name: "an invalid edit keeps the input", as: auth.RoleLead, method: http.MethodPost, path: f.path, form: form,
			status: http.StatusBadRequest, contains: []string{"This field is required.", "Kept while the title is missing"}},
		{name: "a responder on the team may not edit", as: auth.RoleHotline, path: f.path + "/edit", status: http.StatusForbidden},
	})
}

// formValues reads the inputs, selects and textareas of the first form
// with method post in page, as a browser would send it.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	start := strings.Index(page, `<form method="post" action="/incidents/`)
	end := strings.Index(page[start:], "</form>")
	if start < 0 || end < 0 {
		t.Fatal("no form on the page")
	}
	form := page[start : start+end]
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	v.Del("csrf") // each client sends its own
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)".*?</select>`).FindAllStringSubmatch(form, -1) {
		if sel := regexp.MustCompile(`<option value="([^"]*)" selected`).FindStringSubmatch(m[0]); sel != nil {
			v.Set(m[1], sel[1])
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&quot;", `"`).Replace(s)
}

func TestTasksOnTheIncidentPage(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleMember)
	resp := f.d.as(auth.RoleResponder)
	hotlineID := fmt.Sprint(f.d.users[auth.RoleHotline].ID)

	rec := resp.post(f.path+"/tasks", url.Values{
		"title": {"Notify the cyber insurer"}, "owner_id": {hotlineID}, "role": {"legal"},
		"due_kind": {"aware"}, "due_offset": {"1h"}, "checklist": {"Find the policy number\r\n\r\nNote the claim number"},
	})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: f.path + "?done=task_created#task-"})
	tasks, _ := f.d.incidents.Tasks(context.Background(), auth.CLI(), f.inc.ID)
	task := tasks[len(tasks)-1]
	if task.Due.AfterAware == nil || *task.Due.AfterAware != time.Hour || len(task.Checklist) != 2 || task.OwnerID != f.d.users[auth.RoleHotline].ID {
		t.Fatalf("task = %+v", task)
	}
	tp := fmt.Sprintf("%s/tasks/%d", f.path, task.ID)
	progress := tp + "/progress"
	f.d.speaks(auth.RoleViewer, "de")

	runScenarios(t, f.d, []scenario{
		{name: "a task due an hour after awareness, 30 hours ago, stands out as overdue", as: auth.RoleResponder, path: f.path, status: http.StatusOK,
			contains: []string{fmt.Sprintf(`<li class="task is-overdue" id="task-%d">`, task.ID), "1 overdue", "overdue by <span data-since=", "Test hotline", "Legal"}},
		{name: "a German reader sees it overdue in German", as: auth.RoleViewer, path: f.path, status: http.StatusOK,
			contains: []string{"seit <span data-since=", "1 überfällig", "Verantwortlich: Test hotline"}},
		{name: "an invalid task keeps the input", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/tasks",
			form: url.Values{"title": {""}, "description": {"Kept description"}, "due_kind": {"aware"}, "due_offset": {"later"}}, status: http.StatusBadRequest,
			contains: []string{"This field is required.", "Enter a due time such as aware", "Kept description", `value="later"`, `<option value="aware" selected>`,
				"<details class=\"inc-newtask\" id=\"form-task-new\" open>"}},
		{name: "a due time that cannot be read is named", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/tasks",
			form: url.Values{"title": {"Call the bank"}, "due_kind": {"aware"}, "due_offset": {"soon"}}, status: http.StatusBadRequest,
			contains: []string{"Enter a due time such as aware", `value="soon"`, `value="Call the bank"`}},
		{name: "an owner outside the team is refused", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/tasks",
			form: url.Values{"title": {"x"}, "owner_id": {fmt.Sprint(f.d.users[auth.RoleComms].ID)}}, status: http.StatusBadRequest,
			contains: []string{"Please choose one of the offered values."}},
		{name: "dropping needs a reason", as: auth.RoleResponder, method: http.MethodPost, path: progress,
			form: url.Values{"status": {"dropped"}, "drop_reason": {""}}, status: http.StatusBadRequest,
			contains: []string{"This field is required.", fmt.Sprintf(`aria-describedby="reason-%d-error"`, task.ID), `<details class="inc-drop" open>`}},
		{name: "the owner may not edit the title", as: auth.RoleHotline, method: http.MethodPost, path: tp,
			form: url.Values{"title": {"Renamed"}}, status: http.StatusForbidden},
		{name: "nor open the edit page", as: auth.RoleHotline, path: tp + "/edit", status: http.StatusForbidden},
		{name: "a viewer may not tick", as: auth.RoleViewer, method: http.MethodPost, path: progress, form: url.Values{"tick": {"0:1"}}, status: http.StatusForbidden},
		{name: "a tick of an item that does not exist", as: auth.RoleHotline, method: http.MethodPost, path: progress,
			form: url.Values{"tick": {"7:1"}}, status: http.StatusBadRequest, contains: []string{"This value is not valid."}},
	})

	// The owner, a hotline agent, ticks an item and starts the task.
	hotline := f.d.as(auth.RoleHotline)
	checkAnswer(t, hotline.post(progress, url.Values{"tick": {"1:1"}}), scenario{status: http.StatusSeeOther, location: f.path + "#task-"})
	checkAnswer(t, hotline.post(progress, url.Values{"tick": {"1:1"}}), scenario{status: http.StatusSeeOther}) // sent twice: still ticked
	checkAnswer(t, hotline.post(progress, url.Values{"status": {"doing"}}), scenario{status: http.StatusSeeOther})
	got, _ := f.d.incidents.Task(context.Background(), auth.CLI(), f.inc.ID, task.ID)
	if got.Status != incident.TaskDoing || got.Checklist[0].Done || !got.Checklist[1].Done || got.Title != "Notify the cyber insurer" {
		t.Fatalf("after the owner's progress: %+v", got)
	}
	checkAnswer(t, resp.get(f.path), scenario{status: http.StatusOK, contains: []string{
		`value="1:0"`, `<li class="inc-ticked"><button class="inc-tick" name="tick" value="1:0"><span class="visually-hidden">Mark as not done: </span><span>Note the claim number</span>`, `value="0:1"`}})

	// A responder completes it; it is no longer overdue.
	checkAnswer(t, resp.post(progress, url.Values{"status": {"done"}}), scenario{status: http.StatusSeeOther})
	checkAnswer(t, resp.get(f.path), scenario{status: http.StatusOK,
		contains:    []string{fmt.Sprintf(`<li class="task is-done" id="task-%d">`, task.ID), "0 open"},
		notContains: []string{"is-overdue", "1 overdue"}})

	// Dropped with a reason, the reason shows.
	checkAnswer(t, resp.post(progress, url.Values{"status": {"dropped"}, "drop_reason": {"Insurer already informed by phone"}}), scenario{status: http.StatusSeeOther})
	checkAnswer(t, resp.get(f.path), scenario{status: http.StatusOK, contains: []string{"Dropped because: Insurer already informed by phone"}})
}

func TestTaskEditPage(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleMember)
	relative := 36 * time.Hour
	task := f.addTask(incident.TaskInput{Title: "Report to the authority", Due: incident.Due{AfterAware: &relative},
		Checklist: []string{"Fill in the form", "Send it"}})
	if _, err := f.d.incidents.UpdateTask(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, task.ID, incident.TaskPatch{Check: map[int]bool{0: true}}); err != nil {
		t.Fatal(err)
	}
	tp := fmt.Sprintf("%s/tasks/%d", f.path, task.ID)
	resp := f.d.as(auth.RoleResponder)
	page := resp.get(tp + "/edit")
	checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{
		`value="Report to the authority"`, `<option value="aware" selected>`, `value="1d12h"`, "Fill in the form\nSend it", "Ticked checklist items stay ticked",
	}})
	form := formValues(t, page.Body.String())
	form.Set("title", "Report to the data-protection authority")
	form.Set("checklist", "Fill in the form\nAttach the timeline\nSend it")
	form.Set("due_kind", "at")
	form.Set("due_at", "2026-02-01T12:30")
	checkAnswer(t, resp.post(tp, form), scenario{status: http.StatusSeeOther, location: f.path + "?done=task_saved#task-"})
	got, _ := f.d.incidents.Task(context.Background(), auth.CLI(), f.inc.ID, task.ID)
	if got.Title != "Report to the data-protection authority" || len(got.Checklist) != 3 || !got.Checklist[0].Done || got.Checklist[1].Done ||
		got.Due.AfterAware != nil || got.Due.At == nil || !got.Due.At.Equal(time.Date(2026, 2, 1, 12, 30, 0, 0, time.UTC)) {
		t.Fatalf("after the edit: %+v", got)
	}
	form.Set("status", "dropped")
	form.Set("drop_reason", "")
	form.Set("title", "Renamed in a refused form")
	form.Set("due_at", "")
	checkAnswer(t, resp.post(tp, form), scenario{status: http.StatusBadRequest, contains: []string{
		"This field is required.", "Enter a due time such as aware", `value="Renamed in a refused form"`, `<option value="dropped" selected>`}})
	if again, _ := f.d.incidents.Task(context.Background(), auth.CLI(), f.inc.ID, task.ID); again.Title != got.Title || again.Status != got.Status {
		t.Errorf("a refused edit changed the task: %+v", again)
	}
	checkAnswer(t, resp.get(fmt.Sprintf("%s/tasks/%d/edit", f.path, 999999)), scenario{status: http.StatusNotFound})
}

func TestDueOffsetsAreReadAsPeopleTypeThem(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"72", 72 * time.Hour, true},
		{"72h", 72 * time.Hour, true},
		{"3d", 72 * time.Hour, true},
		{"1d 12h", 36 * time.Hour, true},
		{"1 T 12 Std", 36 * time.Hour, true},
		{"1 Tg. 12 Std.", 36 * time.Hour, true},
		{"90 Min", 90 * time.Minute, true},
		{"aware+2w", 14 * 24 * time.Hour, true},
		{"aware", 0, true},
		{"0", 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-3h", 0, false},
		{"3x", 0, false},
	} {
		got, ok := parseDueOffset(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parseDueOffset(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, d := range []time.Duration{0, 90 * time.Minute, 36 * time.Hour, 14 * 24 * time.Hour} {
		if got, ok := parseDueOffset(formatDueOffset(d)); !ok || got != d {
			t.Errorf("%v does not survive the form: %q reads as %v", d, formatDueOffset(d), got)
		}
	}
}

func TestAttachmentsRoundTrip(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleMember)
	c := f.d.as(auth.RoleResponder)
	mail := []byte("Received: from mx.example\r\nSubject: Your data\r\n\r\nPay 50 BTC.")
	binary := bytes.Repeat([]byte{0, 1, 2, 250, 251}, 50_000)
	rec := c.postFiles(f.path+"/timeline", url.Values{"kind": {"evidence"}, "text": {"The extortion mail"}},
		upload{"erpressung-äöü.eml", mail}, upload{`C:\Users\x\dump "1".bin`, binary}, upload{"", nil})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther})
	entry := f.timeline()[0]
	if len(entry.Attachments) != 2 {
		t.Fatalf("attachments = %+v", entry.Attachments)
	}
	page := c.get(f.path)
	for _, a := range entry.Attachments {
		checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{
			fmt.Sprintf(`href="%s/attachments/%d"`, f.path, a.ID), a.SHA256[:12], `title="` + a.SHA256 + `"`}})
	}
	checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{"erpressung-äöü.eml", "244.1 KiB", "dump 1.bin"}})

	for i, want := range [][]byte{mail, binary} {
		a := entry.Attachments[i]
		dl := f.d.as(auth.RoleViewer).get(fmt.Sprintf("%s/attachments/%d", f.path, a.ID))
		if dl.Code != http.StatusOK || !bytes.Equal(dl.Body.Bytes(), want) {
			t.Fatalf("download %s: status %d, %d bytes, want %d", a.Name, dl.Code, dl.Body.Len(), len(want))
		}
		h := dl.Header()
		if h.Get("Content-Type") != "application/octet-stream" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.HasPrefix(h.Get("Content-Disposition"), "attachment; filename=") {
			t.Errorf("download headers: %v", h)
		}
	}
	dl := f.d.as(auth.RoleViewer).get(fmt.Sprintf("%s/attachments/%d", f.path, entry.Attachments[0].ID))
	if got := dl.Header().Get("Content-Disposition"); got != `attachment; filename=erpressung-___.eml; filename*=utf-8''erpressung-%C3%A4%C3%B6%C3%BC.eml` {
		t.Errorf("Content-Disposition = %s", got)
	}

	audit, err := f.d.auth.Audit(context.Background(), auth.CLI(), auth.AuditFilter{Action: "attachment.view", IncidentID: f.inc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 3 || audit[0].ActorID != f.d.users[auth.RoleViewer].ID || audit[0].ObjectID != entry.Attachments[0].ID {
		t.Errorf("audit of downloads = %+v", audit)
	}
	runScenarios(t, f.d, []scenario{
		{name: "an attachment of another incident is not found", as: auth.RoleLead,
			path: fmt.Sprintf("%s/attachments/%d", incidentURL(f.d.newIncident("Other").ID), entry.Attachments[0].ID), status: http.StatusNotFound},
	})
}

func TestUploadsOverTheLimitsAreRefused(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleMember)
	c := f.d.as(auth.RoleResponder)
	big := upload{"dump.sql", bytes.Repeat([]byte("x"), 3<<20)} // the test desk takes 2 MiB

	rec := c.postFiles(f.path+"/timeline", url.Values{"kind": {"evidence"}, "text": {"Too big"}}, big)
	checkAnswer(t, rec, scenario{status: http.StatusRequestEntityTooLarge})

	// Without a declared length the body is cut at the limit while it is read.
	req := httptest.NewRequest(http.MethodPost, f.path+"/timeline", io.MultiReader(multipartBody(c, url.Values{"text": {"x"}}, []upload{big})))
	req.ContentLength = -1
	req.Header.Set("Content-Type", multipartType)
	checkAnswer(t, c.do(req), scenario{status: http.StatusRequestEntityTooLarge})

	before := len(f.timeline())
	many := make([]upload, incident.MaxAttachments+1)
	for i := range many {
		many[i] = upload{fmt.Sprintf("f%d.txt", i), []byte("x")}
	}
	rec = c.postFiles(f.path+"/timeline", url.Values{"kind": {"evidence"}, "text": {"Many files"}}, many...)
	checkAnswer(t, rec, scenario{status: http.StatusBadRequest, contains: []string{
		"Too many files for one entry", "Many files", "please choose them again"}})
	if n := len(f.timeline()); n != before {
		t.Errorf("refused uploads left %d entries", n-before)
	}
}

func TestApplyingAPlaybook(t *testing.T) {
	f := newIncidentFixture(t)
	lead := f.d.as(auth.RoleLead)
	checkAnswer(t, lead.post(f.path+"/playbooks", url.Values{"playbook": {"data-theft"}, "language": {"en"}}),
		scenario{status: http.StatusSeeOther, location: f.path + "?done=playbook_applied#tasks"})
	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{
		"Secure the extortion mail unchanged", `<h3 class="phase-title">Mobilise</h3>`,
		"Police cyber crime unit", "to fill in", `Playbook “Data theft with extortion” (version 1) applied:`,
	}})
	runScenarios(t, f.d, []scenario{
		{name: "a second application is refused with a message", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/playbooks",
			form: url.Values{"playbook": {"data-theft"}, "language": {"de"}}, status: http.StatusConflict,
			contains: []string{"This playbook has already been applied to the incident"}},
		{name: "an unknown playbook is a field error", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/playbooks",
			form: url.Values{"playbook": {"nope"}}, status: http.StatusBadRequest, contains: []string{"Please choose one of the offered values."}},
		{name: "choosing none is a field error", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/playbooks",
			form: url.Values{"playbook": {""}}, status: http.StatusBadRequest, contains: []string{"This field is required."}},
		{name: "a hotline agent may not apply playbooks", as: auth.RoleHotline, method: http.MethodPost, path: f.path + "/playbooks",
			form: url.Values{"playbook": {"ransomware"}}, status: http.StatusForbidden},
	})
	f.d.speaks(auth.RoleLead, "de")
	checkAnswer(t, f.d.as(auth.RoleLead).post(f.path+"/playbooks", url.Values{"playbook": {"data-theft"}}), scenario{
		status: http.StatusConflict, contains: []string{"Dieses Playbook wurde auf den Vorfall bereits angewendet"}})
}

func TestTeamChanges(t *testing.T) {
	f := newIncidentFixture(t)
	lead := f.d.as(auth.RoleLead)
	comms := fmt.Sprint(f.d.users[auth.RoleComms].ID)
	leadID := fmt.Sprint(f.d.users[auth.RoleLead].ID)

	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{`<option value="` + comms + `">Test comms · Communications</option>`}})
	checkAnswer(t, lead.post(f.path+"/team", url.Values{"user_id": {comms}, "role": {"comms_lead"}}),
		scenario{status: http.StatusSeeOther, location: f.path + "?done=team_saved#team"})
	checkAnswer(t, f.d.as(auth.RoleComms).get(f.path), scenario{status: http.StatusOK, contains: []string{
		incidentTitle, "Test comms joined the team as Comms lead."}})
	checkAnswer(t, lead.post(f.path+"/team", url.Values{"user_id": {comms}, "role": {"dpo"}, "change": {"1"}}), scenario{status: http.StatusSeeOther})
	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{"Test comms is now Data-protection officer."}})

	runScenarios(t, f.d, []scenario{
		{name: "the last incident lead cannot be removed", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/team/" + leadID + "/remove",
			status: http.StatusConflict, contains: []string{"The incident needs an incident lead."}},
		{name: "nor made something else", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/team",
			form: url.Values{"user_id": {leadID}, "role": {"member"}, "change": {"1"}}, status: http.StatusConflict,
			contains: []string{"The incident needs an incident lead.", `id="form-member-` + leadID + `"`}},
		{name: "adding needs a person", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/team",
			form: url.Values{"user_id": {""}, "role": {"member"}}, status: http.StatusBadRequest, contains: []string{"This field is required."}},
		{name: "and a known role", as: auth.RoleLead, method: http.MethodPost, path: f.path + "/team",
			form: url.Values{"user_id": {comms}, "role": {"boss"}}, status: http.StatusBadRequest, contains: []string{"Please choose one of the offered values."}},
		{name: "removing asks first", as: auth.RoleLead, path: f.path, status: http.StatusOK,
			contains: []string{`data-confirm="Remove Test comms from the incident team?"`}},
	})

	checkAnswer(t, lead.post(f.path+"/team/"+comms+"/remove", nil), scenario{status: http.StatusSeeOther, location: f.path + "?done=team_removed#team"})
	checkAnswer(t, f.d.as(auth.RoleComms).get(f.path), scenario{status: http.StatusNotFound, notContains: []string{incidentTitle}})
	checkAnswer(t, lead.get(f.path), scenario{status: http.StatusOK, contains: []string{"Test comms left the team."}})
}

func TestContacts(t *testing.T) {
	f := newIncidentFixture(t)
	f.join(auth.RoleResponder, incident.RoleMember)
	if _, err := f.d.incidents.ApplyPlaybook(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, "data-theft", "en"); err != nil {
		t.Fatal(err)
	}
	contacts, _ := f.d.incidents.Contacts(context.Background(), auth.CLI(), f.inc.ID)
	police := contacts[0]
	c := f.d.as(auth.RoleResponder)
	checkAnswer(t, c.get(f.path), scenario{status: http.StatusOK, contains: []string{"8 to fill in", `class="inc-contact inc-empty"`}})

	rec := c.post(fmt.Sprintf("%s/contacts/%d", f.path, police.ID), url.Values{
		"role": {police.Role}, "label": {police.Label}, "name": {"KHK Weber"}, "organization": {"LKA ZAC"}, "phone": {"+49 711 5401 2444"}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: fmt.Sprintf("%s?done=contact_saved#contact-%d", f.path, police.ID)})
	checkAnswer(t, c.get(f.path), scenario{status: http.StatusOK, contains: []string{
		"7 to fill in", "KHK Weber", `href="tel:&#43;49%20711%205401%202444"`}})

	runScenarios(t, f.d, []scenario{
		{name: "a new contact", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/contacts",
			form: url.Values{"label": {"Bank (ransom account)"}, "name": {"Ms Meyer"}}, status: http.StatusSeeOther},
		{name: "a contact needs a label; the input stays", as: auth.RoleResponder, method: http.MethodPost, path: f.path + "/contacts",
			form: url.Values{"label": {""}, "name": {"Someone"}}, status: http.StatusBadRequest,
			contains: []string{"This field is required.", `value="Someone"`, `<details class="inc-contactedit" open>`}},
		{name: "a contact of another incident is not found", as: auth.RoleLead, method: http.MethodPost,
			path:   fmt.Sprintf("%s/contacts/%d", incidentURL(f.d.newIncident("Other").ID), police.ID),
			form:   url.Values{"label": {"x"}},
			status: http.StatusNotFound},
		{name: "a hotline agent may not change contacts", as: auth.RoleHotline, method: http.MethodPost, path: f.path + "/contacts",
			form: url.Values{"label": {"x"}}, status: http.StatusForbidden},
	})
}

func TestTimelinePagesThroughThousandsOfEntries(t *testing.T) {
	f := newIncidentFixture(t)
	base := f.d.now.Add(-20 * time.Hour)
	for i := range 250 {
		f.addEntry(fmt.Sprintf("Entry number %03d.", i), base.Add(time.Duration(i)*time.Minute))
	}
	total := len(f.timeline())
	c := f.d.as(auth.RoleViewer)
	entryID := regexp.MustCompile(`<li id="entry-(\d+)"`)
	olderLink := regexp.MustCompile(`<a href="(/incidents/\d+/timeline\?before=\d+)" rel="next">`)

	path := f.path
	var seen []string
	for page := 1; path != ""; page++ {
		rec := c.get(path)
		body := rec.Body.String()
		checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{fmt.Sprintf("%d entries", total)}})
		ids := entryID.FindAllStringSubmatch(body, -1)
		want := min(100, total-len(seen))
		if len(ids) != want {
			t.Fatalf("page %d shows %d entries, want %d", page, len(ids), want)
		}
		for _, m := range ids {
			seen = append(seen, m[1])
		}
		if page == 1 && !strings.Contains(body, "Entry number 249.") {
			t.Error("the first page does not start with the newest entry")
		}
		if page > 1 && !strings.Contains(body, `href="`+f.path+`#timeline">← Newest entries</a>`) {
			t.Errorf("page %d has no way back to the newest entries", page)
		}
		path = ""
		if m := olderLink.FindStringSubmatch(body); m != nil {
			path = m[1]
		}
	}
	if len(seen) != total {
		t.Fatalf("the pages showed %d entries, the timeline has %d", len(seen), total)
	}
	unique := map[string]bool{}
	for _, id := range seen {
		unique[id] = true
	}
	if len(unique) != total {
		t.Errorf("%d entries were shown twice", total-len(unique))
	}
	runScenarios(t, f.d, []scenario{
		{name: "a cursor that is no number is not found", as: auth.RoleViewer, path: f.path + "/timeline?before=abc", status: http.StatusNotFound},
		{name: "a cursor from another incident is not found", as: auth.RoleLead,
			path: incidentURL(f.d.newIncident("Other").ID) + "/timeline?before=" + seen[5], status: http.StatusNotFound},
	})
}

func TestCorrectionOnAnOlderPageReturnsThere(t *testing.T) {
	f := newIncidentFixture(t)
	base := f.d.now.Add(-20 * time.Hour)
	var old *incident.Entry
	for i := range 120 {
		e := f.addEntry(fmt.Sprintf("Entry %d", i), base.Add(time.Duration(i)*time.Minute))
		if i == 0 {
			old = e
		}
	}
	page1 := f.d.as(auth.RoleLead).get(f.path).Body.String()
	cursor := regexp.MustCompile(`/timeline\?before=(\d+)`).FindStringSubmatch(page1)[1]
	olderPath := f.path + "/timeline?before=" + cursor
	lead := f.d.as(auth.RoleLead)
	checkAnswer(t, lead.get(olderPath), scenario{status: http.StatusOK, contains: []string{
		fmt.Sprintf(`href="%s&amp;correct=%d#form-correct-%d"`, olderPath, old.ID, old.ID), `name="before" value="` + cursor + `"`}})

	form := url.Values{"corrects": {fmt.Sprint(old.ID)}, "before": {cursor}, "text": {"Entry 0, corrected"}, "occurred_at": {"nonsense"}}
	checkAnswer(t, lead.post(f.path+"/timeline", form), scenario{status: http.StatusBadRequest, contains: []string{
		"Timeline: older entries", fmt.Sprintf(`id="form-correct-%d">`, old.ID), "Entry 0, corrected"}})
	form.Set("occurred_at", old.OccurredAt.UTC().Format(inputTimeLayout))
	checkAnswer(t, lead.post(f.path+"/timeline", form), scenario{status: http.StatusSeeOther, location: olderPath + "#entry-"})
}

func TestIncidentPagesAreFullyTranslated(t *testing.T) {
	f := newIncidentFixture(t)
	ids := f.richIncident()
	ctx := context.Background()
	lead := f.d.actor(auth.RoleLead)
	if _, err := f.d.incidents.ApplyPlaybook(ctx, lead, f.inc.ID, "ransomware", "de"); err != nil {
		t.Fatal(err)
	}
	status, severity, kind := incident.StatusContaining, incident.SeverityCritical, incident.KindRansomware
	aware := f.inc.AwareAt.Add(-time.Hour)
	if _, err := f.d.incidents.Update(ctx, lead, f.inc.ID, incident.Patch{Status: &status, Severity: &severity, Kind: &kind, AwareAt: &aware}); err != nil {
		t.Fatal(err)
	}
	f.join(auth.RoleComms, incident.RoleCommsLead)
	if err := f.d.incidents.RemoveMember(ctx, lead, f.inc.ID, f.d.users[auth.RoleComms].ID); err != nil {
		t.Fatal(err)
	}
	pages := []string{
		f.path, f.path + "?done=incident_opened", f.path + "/edit", f.path + "/timeline?before=" + fmt.Sprint(f.timeline()[2].ID),
		fmt.Sprintf("%s/tasks/%d/edit", f.path, ids["task"]), "/incidents/new", "/incidents/new?playbook=data-theft",
	}
	missing := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]|\{[a-z]+\}`)
	mainOf := func(body string) string { // the body tag carries duration patterns on purpose
		if i := strings.Index(body, "<main"); i >= 0 {
			return body[i:]
		}
		return body
	}
	for _, lang := range []string{"en", "de"} {
		f.d.speaks(auth.RoleLead, lang)
		c := f.d.as(auth.RoleLead)
		for _, path := range pages {
			rec := c.get(path)
			if rec.Code != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, path, rec.Code)
			}
			if m := missing.FindString(mainOf(rec.Body.String())); m != "" {
				t.Errorf("%s %s shows the untranslated %s", lang, path, m)
			}
			if !strings.Contains(rec.Body.String(), `<html lang="`+lang+`">`) {
				t.Errorf("%s %s is not in %s", lang, path, lang)
			}
		}
		for _, post := range []struct {
			path string
			form url.Values
		}{
			{f.path + "/timeline", url.Values{"text": {""}, "occurred_at": {"x"}}},
			{f.path + "/tasks", url.Values{"title": {""}, "due_kind": {"at"}}},
			{f.path, url.Values{"title": {""}}},
			{"/incidents", url.Values{}},
			{f.path + "/team/" + fmt.Sprint(f.d.users[auth.RoleLead].ID) + "/remove", nil},
		} {
			rec := c.post(post.path, post.form)
			if m := missing.FindString(mainOf(rec.Body.String())); m != "" || rec.Code < 400 {
				t.Errorf("%s POST %s: status %d, untranslated %q", lang, post.path, rec.Code, m)
			}
		}
	}
	body := f.d.as(auth.RoleLead).get(f.path).Body.String()
	for _, want := range []string{
		"Status geändert von Ersteinschätzung auf Eindämmung.", "Schweregrad geändert von Hoch auf Kritisch.",
		"Art des Vorfalls geändert von Datendiebstahl auf Ransomware.", "Zeitpunkt der Kenntniserlangung korrigiert von",
		"Test comms wurde als Kommunikationsleitung ins Team aufgenommen.", "Test comms gehört nicht mehr zum Team.",
		"Playbook „Ransomware", "Aufgaben", "Zeitleiste", "seit <span data-since=",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the German page lacks %q", want)
		}
	}
}

func TestContentDispositionKeepsTheNameSafe(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"report.pdf", `attachment; filename=report.pdf`},
		{"mail headers.txt", `attachment; filename="mail headers.txt"`},
		{"Übersicht.xlsx", `attachment; filename=_bersicht.xlsx; filename*=utf-8''%C3%9Cbersicht.xlsx`},
		{`a";b\c.txt`, `attachment; filename="a\";b\\c.txt"`},
		{"Ü\";x.txt", `attachment; filename="_\";x.txt"; filename*=utf-8''%C3%9C%22%3Bx.txt`},
		{"", "attachment"},
	} {
		if got := contentDisposition(tc.name); got != tc.want {
			t.Errorf("contentDisposition(%q) = %s, want %s", tc.name, got, tc.want)
		}
	}
	for ct, want := range map[string]string{
		"application/pdf": "application/pdf", "text/html": "application/octet-stream", "image/svg+xml": "application/octet-stream",
		"text/plain; charset=utf-8": "text/plain; charset=utf-8", "garbage/": "application/octet-stream", "": "application/octet-stream",
	} {
		if got := downloadType(&incident.Attachment{ContentType: ct}); got != want {
			t.Errorf("downloadType(%q) = %s, want %s", ct, got, want)
		}
	}
}

func TestEveryValueTheIncidentPagesShowIsTranslated(t *testing.T) {
	cat := i18n.MustLoad()
	var keys []string
	for _, name := range incident.SystemEventNames() {
		keys = append(keys, "event."+name)
	}
	for _, k := range append(incident.EntryKinds, incident.EntryCorrection, incident.EntryStatus, incident.EntrySystem) {
		keys = append(keys, "entry.kind."+string(k))
	}
	for _, st := range incident.TaskStatuses {
		keys = append(keys, "task.status."+string(st))
	}
	for _, k := range (incidentChoices{}).DueKinds() {
		keys = append(keys, "task.due_kind."+k)
	}
	for _, k := range []string{errTooManyFiles, errFileTooLarge} {
		keys = append(keys, "err."+k)
	}
	for _, lang := range i18n.Languages {
		for _, key := range keys {
			if !cat.Has(lang, key) {
				t.Errorf("%s lacks %s", lang, key)
			}
		}
	}
	// The placeholders of each event are the arguments the domain gives it.
	for _, name := range incident.SystemEventNames() {
		english := incident.SystemEvent{Name: name}.English()
		for _, lang := range i18n.Languages {
			text := cat.T(lang, "event."+name)
			for _, ph := range regexp.MustCompile(`\{[a-z]+\}`).FindAllString(text, -1) {
				if !strings.Contains(english, ph) {
					t.Errorf("%s event.%s uses %s, which the event does not carry", lang, name, ph)
				}
			}
		}
	}
}
