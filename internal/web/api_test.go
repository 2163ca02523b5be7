package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// apiScenario is one API exchange and what its answer must and must not
// hold. Every answer is also checked against openapi.json, and every error
// answer for the {"error":{"code","message"}} shape.
type apiScenario struct {
	name        string
	as          auth.Role // "" sends no token
	method      string
	path        string
	body        any               // marshalled unless a string
	header      map[string]string // extra or replaced request headers
	status      int
	contains    []string
	notContains []string
	wantHeader  map[string]string // answer header -> required prefix
	check       func(t *testing.T, rec *httptest.ResponseRecorder)
}

func runAPIScenarios(t *testing.T, d *testDesk, scenarios []apiScenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			c := d.as("")
			if sc.as != "" {
				c = d.apiAs(sc.as)
			}
			rec := apiCall(t, c, sc.method, sc.path, sc.body, sc.header)
			checkAnswer(t, rec, scenario{status: sc.status, contains: sc.contains, notContains: sc.notContains})
			for name, want := range sc.wantHeader {
				if got := rec.Header().Get(name); !strings.HasPrefix(got, want) {
					t.Errorf("header %s = %q, want prefix %q", name, got, want)
				}
			}
			if sc.check != nil {
				sc.check(t, rec)
			}
		})
	}
}

// apiCall sends an API request as c and checks the answer against the
// OpenAPI document and, for an error, the error shape.
func apiCall(t *testing.T, c *client, method, path string, body any, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	if method == "" {
		method = http.MethodGet
	}
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for name, value := range header {
		if value == "" {
			req.Header.Del(name)
		} else {
			req.Header.Set(name, value)
		}
	}
	rec := c.do(req)
	if rec.Code >= 400 {
		checkErrorShape(t, rec)
	}
	if rec.Code != http.StatusMethodNotAllowed {
		checkAgainstOpenAPI(t, req, rec)
	}
	if rec.Code < 300 {
		checkRequestAgainstOpenAPI(t, req, raw)
	}
	return rec
}

// checkErrorShape requires {"error":{"code":"...","message":"..."}}.
func checkErrorShape(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error answer has Content-Type %q, want JSON", ct)
	}
	var body struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error == nil || body.Error.Code == "" || body.Error.Message == "" {
		t.Errorf("error answer is not {\"error\":{\"code\",\"message\"}}: %s", truncate(rec.Body.String(), 500))
	}
}

// decodeAnswer reads a JSON answer into v.
func decodeAnswer(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, truncate(rec.Body.String(), 500))
	}
}

// apiFixture is an incident with a lead, a responder and a viewer on its
// team, one task and one note; hotline and comms are not on it.
type apiFixture struct {
	d     *testDesk
	inc   *incident.Incident
	task  *incident.Task
	entry *incident.Entry
}

const fixtureTitle = "Mail server taken over"

func newAPIFixture(t *testing.T) *apiFixture {
	t.Helper()
	d := newTestDesk(t)
	ctx := context.Background()
	inc := d.newIncident(fixtureTitle, auth.RoleResponder, auth.RoleViewer)
	task, err := d.incidents.CreateTask(ctx, d.actor(auth.RoleLead), inc.ID, incident.TaskInput{Title: "Isolate the mail server"})
	if err != nil {
		t.Fatalf("create task: %v", err)
	}
	entry, err := d.incidents.AddEntry(ctx, d.actor(auth.RoleLead), inc.ID, incident.NewEntry{Kind: incident.EntryNote, Text: "Ransom mail forwarded to the police."})
	if err != nil {
		t.Fatalf("add entry: %v", err)
	}
	return &apiFixture{d: d, inc: inc, task: task, entry: entry}
}

func (f *apiFixture) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/incidents/%d", f.inc.ID) + fmt.Sprintf(format, args...)
}

func TestAPIRoutesAnswerWithTheirDocumentedShapes(t *testing.T) {
	f := newAPIFixture(t)
	aware := f.inc.AwareAt.Add(time.Hour).Format(time.RFC3339)
	runAPIScenarios(t, f.d, []apiScenario{
		{name: "the incident list holds the incidents of the caller's team with task counts",
			as: auth.RoleResponder, path: "/api/v1/incidents", status: 200,
			contains: []string{`"incidents": [`, fixtureTitle, `"open_tasks": 1`, `"overdue_tasks": 0`, `"my_role": "member"`}},
		{name: "the closed incident list is empty while the incident is open",
			as: auth.RoleLead, path: "/api/v1/incidents?closed=true", status: 200,
			contains: []string{`"incidents": []`}, notContains: []string{fixtureTitle}},
		{name: "the incident list matches the title with q",
			as: auth.RoleLead, path: "/api/v1/incidents?q=mail+server", status: 200, contains: []string{fixtureTitle}},
		{name: "a lead opens an incident and is told where it lives",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", status: 201,
			body: map[string]any{"title": "Customer database leaked", "kind": "data_theft", "severity": "critical",
				"aware_at": aware, "summary": "Dump offered on a forum.", "affected_systems": "CRM"},
			contains:   []string{`"title": "Customer database leaked"`, `"status": "triage"`, `"detected_at": null`, `"closed_at": null`},
			wantHeader: map[string]string{"Location": "/api/v1/incidents/"}},
		{name: "an incident shows all its fields",
			as: auth.RoleViewer, path: f.path(""), status: 200,
			contains: []string{fixtureTitle, `"kind": "data_theft"`, `"severity": "high"`, `"aware_at": "`, `"summary": "Extortion mail received."`}},
		{name: "a lead changes the severity",
			as: auth.RoleLead, method: "PATCH", path: f.path(""), body: map[string]any{"severity": "critical"}, status: 200,
			contains: []string{`"severity": "critical"`, fixtureTitle}},
		{name: "the timeline lists entries newest first with the total",
			as: auth.RoleViewer, path: f.path("/timeline"), status: 200,
			contains: []string{`"entries": [`, "Ransom mail forwarded to the police.", `"next_before": null`, `"total": `}},
		{name: "a responder adds a note",
			as: auth.RoleResponder, method: "POST", path: f.path("/timeline"), status: 201,
			body:     map[string]any{"kind": "detection", "text": "Web shell found on the mail server."},
			contains: []string{`"kind": "detection"`, `"author_name": "Test responder"`, `"attachments": []`, `"event": null`}},
		{name: "the task list holds the incident's tasks",
			as: auth.RoleViewer, path: f.path("/tasks"), status: 200,
			contains: []string{`"tasks": [`, "Isolate the mail server", `"status": "open"`, `"overdue": false`}},
		{name: "a responder creates a task and is told where it lives",
			as: auth.RoleResponder, method: "POST", path: f.path("/tasks"), status: 201,
			body:       map[string]any{"title": "Reset all mailbox passwords", "checklist": []string{"Admins", "Everyone else"}},
			contains:   []string{"Reset all mailbox passwords", `"text": "Admins"`, `"done": false`, `"due_at": null`},
			wantHeader: map[string]string{"Location": f.path("/tasks/")}},
		{name: "a responder starts a task",
			as: auth.RoleResponder, method: "PATCH", path: f.path("/tasks/%d", f.task.ID), body: map[string]any{"status": "doing"}, status: 200,
			contains: []string{`"status": "doing"`, "Isolate the mail server"}},
		{name: "the playbook library lists the built-in playbooks in every language",
			as: auth.RoleViewer, path: "/api/v1/playbooks", status: 200,
			contains: []string{`"playbooks": [`, `"name": "data-theft"`, `"name": "ransomware"`, `"built_in": true`, "Datendiebstahl mit Erpressung"}},
		{name: "a lead applies a playbook and learns what it created",
			as: auth.RoleLead, method: "POST", path: f.path("/playbooks/data-theft"), body: map[string]any{"language": "de"}, status: 201,
			contains: []string{`"tasks_created": `, `"contacts_created": 8`, `"name": "data-theft"`}},
		{name: "the OpenAPI document needs no token",
			path: "/api/v1/openapi.json", status: 200, contains: []string{`"openapi": "3.0.3"`}},
	})
}

func TestAPIRefusesCallersWithoutAValidToken(t *testing.T) {
	f := newAPIFixture(t)
	ctx := context.Background()
	revoked, tok, err := f.d.auth.CreateToken(ctx, auth.CLI(), f.d.users[auth.RoleLead].ID, "old")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.d.auth.RevokeToken(ctx, auth.CLI(), f.d.users[auth.RoleLead].ID, tok.ID); err != nil {
		t.Fatal(err)
	}
	session := f.d.as(auth.RoleLead)
	for _, sc := range []struct {
		name   string
		client *client
		header map[string]string
	}{
		{name: "no token at all", client: f.d.as("")},
		{name: "a revoked token", client: &client{d: f.d, token: revoked}},
		{name: "a malformed token", client: &client{d: f.d, token: "not-a-token"}},
		{name: "basic instead of bearer", client: f.d.as(""), header: map[string]string{"Authorization": "Basic bGVhZDpzZWNyZXQ="}},
		{name: "a session cookie alone", client: &client{d: f.d, cookie: session.cookie}},
	} {
		for _, route := range []struct{ method, path string }{
			{"GET", "/api/v1/incidents"}, {"GET", f.path("")}, {"PATCH", f.path("")}, {"POST", f.path("/timeline")},
			{"GET", "/api/v1/playbooks"},
		} {
			t.Run(sc.name+" is refused by "+route.method+" "+route.path, func(t *testing.T) {
				var body any
				if route.method != "GET" {
					body = map[string]any{"title": "changed"}
				}
				rec := apiCall(t, sc.client, route.method, route.path, body, sc.header)
				checkAnswer(t, rec, scenario{status: 401, contains: []string{`"code": "unauthorized"`}, notContains: []string{fixtureTitle}})
				if got := rec.Header().Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
				}
			})
		}
	}
}

// incidentRoutes are every route about one incident, with a valid body.
func (f *apiFixture) incidentRoutes() []apiScenario {
	return []apiScenario{
		{method: "GET", path: f.path("")},
		{method: "PATCH", path: f.path(""), body: map[string]any{"status": "investigating"}},
		{method: "GET", path: f.path("/timeline")},
		{method: "POST", path: f.path("/timeline"), body: map[string]any{"kind": "note", "text": "Seen."}},
		{method: "GET", path: f.path("/tasks")},
		{method: "POST", path: f.path("/tasks"), body: map[string]any{"title": "Look around"}},
		{method: "PATCH", path: f.path("/tasks/%d", f.task.ID), body: map[string]any{"status": "done"}},
		{method: "POST", path: f.path("/playbooks/ransomware")},
	}
}

func TestAPIIncidentsDoNotExistForCallersOutsideTheTeam(t *testing.T) {
	f := newAPIFixture(t)
	var scenarios []apiScenario
	for _, route := range f.incidentRoutes() {
		route.name = "a hotline agent outside the team gets 404 from " + route.method + " " + route.path
		route.as, route.status = auth.RoleHotline, 404
		route.contains = []string{`"code": "not_found"`}
		route.notContains = []string{fixtureTitle, "Isolate the mail server", "Ransom mail"}
		scenarios = append(scenarios, route)
	}
	scenarios = append(scenarios,
		apiScenario{name: "the incident list of a caller outside the team is empty",
			as: auth.RoleComms, path: "/api/v1/incidents", status: 200, contains: []string{`"incidents": []`}, notContains: []string{fixtureTitle}},
		apiScenario{name: "an incident that does not exist looks the same as one outside the team",
			as: auth.RoleHotline, path: "/api/v1/incidents/999999", status: 404, contains: []string{`"message": "no such incident"`}},
		apiScenario{name: "an admin outside the team sees the incident",
			as: auth.RoleAdmin, path: f.path(""), status: 200, contains: []string{fixtureTitle}},
	)
	runAPIScenarios(t, f.d, scenarios)
}

func TestAPIViewerReadsButDoesNotWrite(t *testing.T) {
	f := newAPIFixture(t)
	var scenarios []apiScenario
	for _, route := range f.incidentRoutes() {
		route.as = auth.RoleViewer
		if route.method == "GET" {
			route.name, route.status = "a viewer reads "+route.path, 200
		} else {
			route.name, route.status = "a viewer may not "+route.method+" "+route.path, 403
			route.contains = []string{`"code": "forbidden"`}
		}
		scenarios = append(scenarios, route)
	}
	runAPIScenarios(t, f.d, scenarios)
}

func TestAPIRejectsBadRequestsSayingWhatAndWhere(t *testing.T) {
	f := newAPIFixture(t)
	valid := `{"title":"T","kind":"ransomware","severity":"low","aware_at":"2020-01-01T00:00:00Z"}`
	runAPIScenarios(t, f.d, []apiScenario{
		{name: "malformed JSON names the byte offset",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: `{"title": "T", "kind" "ransomware"}`, status: 400,
			contains: []string{`"code": "invalid"`, "invalid JSON at byte 23"}},
		{name: "JSON that ends too early says so",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: `{"title": "T"`, status: 400, contains: []string{"ends too early"}},
		{name: "an unknown field is named",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: `{"title":"T","severty":"low"}`, status: 400,
			contains: []string{`field \"severty\" is not known`}},
		{name: "a field of the wrong type is named with the type expected",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: `{"title":42}`, status: 400,
			contains: []string{`field \"title\": expected a string`}},
		{name: "a PATCH field of the wrong type is named too",
			as: auth.RoleLead, method: "PATCH", path: f.path(""), body: `{"aware_at":17}`, status: 400,
			contains: []string{`field \"aware_at\": expected a string`}},
		{name: "a nested field of the wrong type is named with its path",
			as: auth.RoleResponder, method: "POST", path: f.path("/timeline"), body: `{"kind":"note","text":"x","attachments":[{"name":1}]}`, status: 400,
			contains: []string{`field \"attachments.name\": expected a string`}},
		{name: "a body that is not an object is refused",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: `["T"]`, status: 400, contains: []string{"body: expected an object"}},
		{name: "data after the JSON value is refused",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: valid + `{}`, status: 400, contains: []string{"after the JSON value"}},
		{name: "an empty body is refused",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: " ", status: 400, contains: []string{"body: empty"}},
		{name: "a body that is not declared as JSON is refused",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: valid, header: map[string]string{"Content-Type": "text/plain"},
			status: 400, contains: []string{"Content-Type: application/json"}},
		{name: "an invalid time is a field error of that field",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", status: 400,
			body:     map[string]any{"title": "T", "kind": "ransomware", "severity": "low", "aware_at": "yesterday at noon"},
			contains: []string{`"aware_at": "is not a valid time`}},
		{name: "missing fields are field errors",
			as: auth.RoleLead, method: "POST", path: "/api/v1/incidents", body: map[string]any{"kind": "flood"}, status: 400,
			contains: []string{`"title": "is required"`, `"kind": "is not one of the allowed values"`, `"aware_at": "is required"`}},
		{name: "null for a field that cannot be cleared is refused",
			as: auth.RoleLead, method: "PATCH", path: f.path(""), body: `{"title":null}`, status: 400, contains: []string{`"title": "is required"`}},
		{name: "an unknown language is refused",
			as: auth.RoleLead, method: "POST", path: f.path("/playbooks/data-theft"), body: `{"language":"fr"}`, status: 400,
			contains: []string{`"language": "is not one of the allowed values"`}},
		{name: "a responder may not open incidents",
			as: auth.RoleResponder, method: "POST", path: "/api/v1/incidents", body: valid, status: 403, contains: []string{`"code": "forbidden"`}},
		{name: "an incident ID that is not a number is not found",
			as: auth.RoleLead, path: "/api/v1/incidents/abc", status: 404, contains: []string{"no such incident"}},
		{name: "a task ID that is not a number is not found",
			as: auth.RoleLead, method: "PATCH", path: f.path("/tasks/x1"), body: `{}`, status: 404, contains: []string{"no such task"}},
		{name: "a task that does not exist is not found",
			as: auth.RoleLead, method: "PATCH", path: f.path("/tasks/999999"), body: `{"status":"done"}`, status: 404},
		{name: "a playbook that does not exist is not found",
			as: auth.RoleLead, method: "POST", path: f.path("/playbooks/flood"), status: 404},
		{name: "a timeline page size out of range is a field error",
			as: auth.RoleLead, path: f.path("/timeline?limit=0"), status: 400, contains: []string{`"limit": "is not valid"`}},
		{name: "a timeline cursor that is not a number is a field error",
			as: auth.RoleLead, path: f.path("/timeline?before=newest"), status: 400, contains: []string{`"before": "is not valid"`}},
		{name: "closed must be true or false",
			as: auth.RoleLead, path: "/api/v1/incidents?closed=maybe", status: 400, contains: []string{`"closed": "is not valid"`}},
		{name: "an unknown API path is a JSON 404",
			as: auth.RoleLead, path: "/api/v1/nothing-here", status: 404, contains: []string{`"code": "not_found"`}},
		{name: "a known path with another method is a JSON 405 naming the allowed ones",
			as: auth.RoleLead, method: "DELETE", path: f.path(""), status: 405, contains: []string{`"code": "method_not_allowed"`},
			wantHeader: map[string]string{"Allow": "GET, PATCH"}},
	})
}

func TestAPIRefusesBodiesOverTheLimitWithJSON(t *testing.T) {
	f := newAPIFixture(t)
	c := f.d.apiAs(auth.RoleResponder)
	huge := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte("A"), int(f.d.srv.cfg.MaxUpload)))
	body := `{"kind":"evidence","text":"dump","attachments":[{"name":"dump.bin","data_base64":"` + huge + `"}]}`
	t.Run("declared length", func(t *testing.T) {
		rec := apiCall(t, c, "POST", f.path("/timeline"), body, nil)
		checkAnswer(t, rec, scenario{status: 413, contains: []string{`"code": "too_large"`}})
	})
	t.Run("unknown length", func(t *testing.T) {
		req := httptest.NewRequest("POST", f.path("/timeline"), io.MultiReader(strings.NewReader(body)))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		rec := c.do(req)
		checkErrorShape(t, rec)
		checkAnswer(t, rec, scenario{status: 413, contains: []string{`"code": "too_large"`}})
	})
	t.Run("a plain route has the form limit", func(t *testing.T) {
		big := `{"title":"` + strings.Repeat("x", maxFormBody) + `"}`
		rec := apiCall(t, c, "POST", f.path("/tasks"), big, nil)
		checkAnswer(t, rec, scenario{status: 413, contains: []string{`"code": "too_large"`}})
	})
}

func TestAPIPatchIncident(t *testing.T) {
	f := newAPIFixture(t)
	lead := f.d.apiAs(auth.RoleLead)
	detected := f.inc.AwareAt.Add(-2 * time.Hour).UTC().Truncate(time.Second)

	rec := apiCall(t, lead, "PATCH", f.path(""), map[string]any{"detected_at": detected.Format(time.RFC3339)}, nil)
	var inc apiIncident
	decodeAnswer(t, rec, &inc)
	if rec.Code != 200 || inc.DetectedAt == nil || !inc.DetectedAt.Equal(detected) {
		t.Fatalf("setting detected_at: status %d, detected_at %v, want %v", rec.Code, inc.DetectedAt, detected)
	}

	t.Run("fields left out stay as they are", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", f.path(""), map[string]any{"summary": "Web shell on the mail server."}, nil)
		var got apiIncident
		decodeAnswer(t, rec, &got)
		if got.Summary != "Web shell on the mail server." || got.Title != fixtureTitle || got.DetectedAt == nil {
			t.Errorf("after patching the summary: %+v", got)
		}
	})
	t.Run("null for detected_at clears it", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", f.path(""), `{"detected_at": null}`, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"detected_at": null`}})
	})
	t.Run("a status change shows up on the timeline as a status entry", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", f.path(""), map[string]any{"status": "containing"}, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"status": "containing"`}})
		rec = apiCall(t, lead, "GET", f.path("/timeline?limit=1"), nil, nil)
		var page apiTimeline
		decodeAnswer(t, rec, &page)
		if len(page.Entries) != 1 {
			t.Fatalf("entries = %d, want 1", len(page.Entries))
		}
		e := page.Entries[0]
		if e.Kind != "status" || e.Event == nil || e.Event.Name != "status_changed" ||
			e.Event.Args["from"] != "triage" || e.Event.Args["to"] != "containing" {
			t.Errorf("newest entry = %+v, event %+v; want a status entry status_changed triage -> containing", e, e.Event)
		}
	})
	t.Run("closing sets closed_at and moves it to the closed list", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", f.path(""), map[string]any{"status": "closed"}, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"closed_at": "`}})
		rec = apiCall(t, lead, "GET", "/api/v1/incidents?closed=true", nil, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{fixtureTitle}})
	})
}

func TestAPITimeline(t *testing.T) {
	f := newAPIFixture(t)
	responder := f.d.apiAs(auth.RoleResponder)

	t.Run("a correction names the corrected entry, which then names its correction", func(t *testing.T) {
		rec := apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{"corrects": f.entry.ID, "text": "It was forwarded to the insurer, not the police."}, nil)
		var corr apiEntry
		decodeAnswer(t, rec, &corr)
		if rec.Code != 201 || corr.Kind != "correction" || corr.Corrects == nil || *corr.Corrects != f.entry.ID {
			t.Fatalf("correction: status %d, %+v", rec.Code, corr)
		}
		rec = apiCall(t, responder, "GET", f.path("/timeline"), nil, nil)
		var page apiTimeline
		decodeAnswer(t, rec, &page)
		for _, e := range page.Entries {
			if e.ID == f.entry.ID && (e.CorrectedBy == nil || *e.CorrectedBy != corr.ID) {
				t.Errorf("corrected entry has corrected_by %v, want %d", e.CorrectedBy, corr.ID)
			}
		}
	})
	t.Run("an entry of the desk cannot be corrected", func(t *testing.T) {
		rec := apiCall(t, responder, "GET", f.path("/timeline?limit=1000"), nil, nil)
		var page apiTimeline
		decodeAnswer(t, rec, &page)
		opened := page.Entries[len(page.Entries)-1]
		rec = apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{"corrects": opened.ID, "text": "No."}, nil)
		checkAnswer(t, rec, scenario{status: 400, contains: []string{`"corrects": "is not valid"`}})
	})
	t.Run("attachments travel as base64 and come back with their hash", func(t *testing.T) {
		data := []byte("From: extortionist@example.invalid\nPay 10 BTC.")
		sum := sha256.Sum256(data)
		rec := apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{
			"kind": "evidence", "text": "The extortion mail.", "occurred_at": f.inc.AwareAt.Format(time.RFC3339),
			"attachments": []map[string]any{{"name": "mail.eml", "content_type": "message/rfc822", "data_base64": base64.StdEncoding.EncodeToString(data)}},
		}, nil)
		checkAnswer(t, rec, scenario{status: 201, contains: []string{
			`"name": "mail.eml"`, `"content_type": "message/rfc822"`, fmt.Sprintf(`"size": %d`, len(data)), hex.EncodeToString(sum[:]),
		}, notContains: []string{"Pay 10 BTC"}})
	})
	t.Run("attachment data that is not base64 is a field error", func(t *testing.T) {
		rec := apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{
			"kind": "evidence", "text": "x", "attachments": []map[string]any{{"name": "a.txt", "data_base64": "%%%"}},
		}, nil)
		checkAnswer(t, rec, scenario{status: 400, contains: []string{"attachments[0].data_base64 is not valid base64"}})
	})
	t.Run("a time in the future is refused", func(t *testing.T) {
		rec := apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{
			"kind": "note", "text": "x", "occurred_at": f.d.now.Add(48 * time.Hour).Format(time.RFC3339),
		}, nil)
		checkAnswer(t, rec, scenario{status: 400, contains: []string{`"occurred_at": "lies in the future"`}})
	})
	t.Run("pages follow next_before to the end without gaps or repeats", func(t *testing.T) {
		for i := range 5 {
			rec := apiCall(t, responder, "POST", f.path("/timeline"), map[string]any{"kind": "note", "text": fmt.Sprintf("Note %d", i)}, nil)
			if rec.Code != 201 {
				t.Fatalf("add note: %d %s", rec.Code, rec.Body.String())
			}
		}
		seen := map[int64]bool{}
		total, before := -1, ""
		for pages := 0; pages < 100; pages++ {
			rec := apiCall(t, responder, "GET", f.path("/timeline?limit=3%s", before), nil, nil)
			var page apiTimeline
			decodeAnswer(t, rec, &page)
			total = page.Total
			for _, e := range page.Entries {
				if seen[e.ID] {
					t.Fatalf("entry %d is on two pages", e.ID)
				}
				seen[e.ID] = true
			}
			if page.NextBefore == nil {
				break
			}
			before = fmt.Sprintf("&before=%d", *page.NextBefore)
		}
		if len(seen) != total {
			t.Errorf("paged through %d entries, total says %d", len(seen), total)
		}
	})
}

func TestAPITasks(t *testing.T) {
	f := newAPIFixture(t)
	lead := f.d.apiAs(auth.RoleLead)

	rec := apiCall(t, lead, "POST", f.path("/tasks"), map[string]any{
		"title": "Notify the supervisory authority", "role": "dpo", "due_after_aware": "aware+72h",
		"checklist": []string{"Draft", "Legal review", "Send"},
	}, nil)
	var task apiTask
	decodeAnswer(t, rec, &task)
	if rec.Code != 201 {
		t.Fatalf("create task: %d %s", rec.Code, rec.Body.String())
	}
	taskPath := f.path("/tasks/%d", task.ID)
	t.Run("due after awareness is aware_at plus the offset", func(t *testing.T) {
		want := f.inc.AwareAt.Add(72 * time.Hour)
		if task.DueAt == nil || !task.DueAt.Equal(want) {
			t.Errorf("due_at = %v, want %v", task.DueAt, want)
		}
		if task.DueAfterAware == nil || *task.DueAfterAware != "aware+3d" {
			t.Errorf("due_after_aware = %v, want aware+3d", task.DueAfterAware)
		}
	})
	runAPIScenarios(t, f.d, []apiScenario{
		{name: "an unreadable relative due is a field error",
			as: auth.RoleLead, method: "POST", path: f.path("/tasks"), body: map[string]any{"title": "x", "due_after_aware": "in three days"}, status: 400,
			contains: []string{`"due_after_aware": "is not a valid due time"`}},
		{name: "an absolute and a relative due at once are refused",
			as: auth.RoleLead, method: "POST", path: f.path("/tasks"), status: 400,
			body:     map[string]any{"title": "x", "due_after_aware": "aware+1d", "due_at": "2030-01-01T00:00:00Z"},
			contains: []string{`"due_after_aware": "is not a valid due time"`}},
		{name: "an owner outside the team is refused",
			as: auth.RoleLead, method: "POST", path: f.path("/tasks"), body: map[string]any{"title": "x", "owner_id": f.d.users[auth.RoleHotline].ID}, status: 400,
			contains: []string{`"owner_id": "is not one of the allowed values"`}},
		{name: "dropping a task needs a reason",
			as: auth.RoleLead, method: "PATCH", path: taskPath, body: map[string]any{"status": "dropped"}, status: 400,
			contains: []string{`"drop_reason": "is required"`}},
		{name: "a checklist index that does not exist is refused",
			as: auth.RoleLead, method: "PATCH", path: taskPath, body: `{"check":{"7":true}}`, status: 400, contains: []string{`"checklist": "is not valid"`}},
		{name: "a checklist key that is not an index is refused",
			as: auth.RoleLead, method: "PATCH", path: taskPath, body: `{"check":{"first":true}}`, status: 400, contains: []string{`"check": "is not valid"`}},
		{name: "a viewer may not change a task",
			as: auth.RoleViewer, method: "PATCH", path: taskPath, body: map[string]any{"status": "done"}, status: 403},
	})
	t.Run("ticking an item records who and when", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", taskPath, `{"check":{"0":true}}`, nil)
		var got apiTask
		decodeAnswer(t, rec, &got)
		item := got.Checklist[0]
		if !item.Done || item.DoneBy == nil || *item.DoneBy != f.d.users[auth.RoleLead].ID || item.DoneAt == nil {
			t.Errorf("first item after ticking: %+v", item)
		}
	})
	t.Run("an owner without task rights completes their own task", func(t *testing.T) {
		hotline := f.d.users[auth.RoleHotline]
		if err := f.d.incidents.SetMember(context.Background(), f.d.actor(auth.RoleLead), f.inc.ID, hotline.ID, incident.RoleMember); err != nil {
			t.Fatal(err)
		}
		rec := apiCall(t, lead, "PATCH", taskPath, map[string]any{"owner_id": hotline.ID}, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"owner_name": "Test hotline"`}})
		agent := f.d.apiAs(auth.RoleHotline)
		rec = apiCall(t, agent, "PATCH", taskPath, map[string]any{"title": "Renamed"}, nil)
		checkAnswer(t, rec, scenario{status: 403})
		rec = apiCall(t, agent, "PATCH", taskPath, map[string]any{"status": "done"}, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"status": "done"`, `"done_at": "`}})
	})
	t.Run("null removes the owner and the due time", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", taskPath, `{"owner_id":null,"due_after_aware":null}`, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"owner_id": null`, `"due_at": null`, `"due_after_aware": null`}})
	})
	t.Run("a dropped task keeps its reason", func(t *testing.T) {
		rec := apiCall(t, lead, "PATCH", taskPath, map[string]any{"status": "dropped", "drop_reason": "The authority was notified by the parent company."}, nil)
		checkAnswer(t, rec, scenario{status: 200, contains: []string{`"status": "dropped"`, "notified by the parent company"}})
	})
	t.Run("a relative due moves when aware_at is corrected", func(t *testing.T) {
		rec := apiCall(t, lead, "POST", f.path("/tasks"), map[string]any{"title": "Report", "due_after_aware": "aware+72h"}, nil)
		var created apiTask
		decodeAnswer(t, rec, &created)
		newAware := f.inc.AwareAt.Add(-24 * time.Hour)
		rec = apiCall(t, lead, "PATCH", f.path(""), map[string]any{"aware_at": newAware.Format(time.RFC3339Nano)}, nil)
		checkAnswer(t, rec, scenario{status: 200})
		rec = apiCall(t, lead, "GET", f.path("/tasks"), nil, nil)
		var list apiTaskList
		decodeAnswer(t, rec, &list)
		for _, tk := range list.Tasks {
			if tk.ID == created.ID && (tk.DueAt == nil || !tk.DueAt.Equal(newAware.Add(72*time.Hour))) {
				t.Errorf("due_at after correcting aware_at = %v, want %v", tk.DueAt, newAware.Add(72*time.Hour))
			}
		}
	})
}

func TestAPIPlaybookIsAppliedOnce(t *testing.T) {
	f := newAPIFixture(t)
	lead := f.d.apiAs(auth.RoleLead)
	rec := apiCall(t, lead, "POST", f.path("/playbooks/ransomware"), nil, nil)
	var applied apiApplied
	decodeAnswer(t, rec, &applied)
	if rec.Code != 201 || applied.TasksCreated == 0 || applied.Playbook.Name != "ransomware" {
		t.Fatalf("first apply: %d %+v", rec.Code, applied)
	}
	rec = apiCall(t, lead, "GET", f.path("/tasks"), nil, nil)
	var list apiTaskList
	decodeAnswer(t, rec, &list)
	if len(list.Tasks) != applied.TasksCreated+1 {
		t.Errorf("tasks after applying = %d, want %d", len(list.Tasks), applied.TasksCreated+1)
	}
	rec = apiCall(t, lead, "POST", f.path("/playbooks/ransomware"), nil, nil)
	checkAnswer(t, rec, scenario{status: 409, contains: []string{`"code": "conflict"`, "already applied"}})
}

func TestAPIErrorsNeverCarryTheTypedValue(t *testing.T) {
	f := newAPIFixture(t)
	secret := "erika.mustermann@example.org"
	runAPIScenarios(t, f.d, []apiScenario{
		{name: "a bad time is not quoted", as: auth.RoleLead, method: "PATCH", path: f.path(""), body: map[string]any{"aware_at": secret},
			status: 400, notContains: []string{secret}},
		{name: "a bad relative due is not quoted", as: auth.RoleLead, method: "POST", path: f.path("/tasks"),
			body: map[string]any{"title": "x", "due_after_aware": "aware+" + secret}, status: 400, notContains: []string{secret}},
		{name: "a value that is not JSON is not quoted", as: auth.RoleLead, method: "PATCH", path: f.path(""),
			body: `{"summary": ` + secret + `}`, status: 400, contains: []string{"invalid JSON at byte 13"}, notContains: []string{secret}},
		{name: "a value of the wrong type is not quoted", as: auth.RoleLead, method: "PATCH", path: f.path(""),
			body: `{"severity":["` + secret + `"]}`, status: 400, notContains: []string{secret}},
	})
}

// Authorization comes before the body: an outsider learns nothing from a
// broken body, and a member without the right hears "forbidden".
func TestAPIChecksAccessBeforeTheBody(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Ransomware on the file servers", auth.RoleViewer)
	p := fmt.Sprintf("/api/v1/incidents/%d", inc.ID)
	broken := `{"title": `
	var cases []scenario
	for _, route := range []struct{ method, path string }{
		{http.MethodPatch, p}, {http.MethodPost, p + "/timeline"}, {http.MethodPost, p + "/tasks"},
		{http.MethodPatch, p + "/tasks/1"}, {http.MethodPost, p + "/playbooks/data-theft"},
	} {
		cases = append(cases,
			scenario{name: route.method + " " + route.path + " by an outsider", as: auth.RoleResponder, api: true,
				method: route.method, path: route.path, json: broken, status: http.StatusNotFound, notContains: []string{inc.Title}},
			scenario{name: route.method + " " + route.path + " by a viewer member", as: auth.RoleViewer, api: true,
				method: route.method, path: route.path, json: broken, status: http.StatusForbidden},
		)
	}
	runScenarios(t, d, cases)
}
