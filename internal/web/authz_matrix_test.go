package web

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// The authorization matrix: every route the server registers, called by
// nobody and by every desk role, and for routes about an incident by a
// caller outside its team, on it as a member, as its incident lead and as
// the owner of its task. Then by an admin with a forged CSRF token, with a
// session still waiting for the second factor, after being disabled, and
// after being made a viewer; and with the path naming an object of another
// incident. Each route is classified below by the right it needs; the
// expected answer follows from the desk's rules (internal/incident/access.go,
// the service checks), written out again in mayDo so that a change of the
// rules shows up here as a decision.
//
// Every request is valid, so an allowed call truly succeeds (and must
// change the desk, unless it is a GET, which must not); a refused call must
// change nothing, and a caller who may not see an incident must find
// nothing of it in the answer.
//
// A route missing from matrixRules fails TestAuthorizationMatrixClassifiesEveryRoute:
// whoever adds a route says here who may call it.

// right is what a route needs from its caller.
type right string

const (
	rightOpen      right = "open"            // nothing: login page, static files, health
	rightLogin     right = "login"           // any logged-in user
	rightCreate    right = "create incident" // desk admins and leads
	rightImport    right = "import playbook" // desk admins and leads
	rightAdmin     right = "admin"           // desk admins
	rightView      right = "view"            // the team, and admins
	rightWrite     right = "write"           // the team but viewers: timeline entries
	rightEditTasks right = "edit tasks"      // admins, leads, responders, comms, incident leads: tasks, contacts
	rightManage    right = "manage"          // admins, leads, incident leads: the incident, its team, playbooks
	rightProgress  right = "progress task"   // who edits tasks, and the task's owner unless a viewer
	rightRegister  right = "read register"   // desk admins and leads: the breach register
	rightCampaigns right = "edit campaigns"  // admins, leads, comms, incident leads: templates, campaigns, letters
	rightApprove   right = "approve"         // leads, comms, incident leads who did not create the campaign
	rightNobody    right = "nobody"          // no one: a campaign's creator approving it (four eyes)
)

// canView says whether a caller sees the incident at all: admins always,
// everyone else only from its team.
func canView(role auth.Role, m membership) bool {
	return role == auth.RoleAdmin || (m != nonMember && m != noIncident)
}

// mayDo is the desk's rule of who may do what.
func mayDo(need right, role auth.Role, m membership) bool {
	oneOf := func(roles ...auth.Role) bool {
		for _, r := range roles {
			if r == role {
				return true
			}
		}
		return false
	}
	// A viewer named incident lead still only reads.
	leadsIncident := m == asIncLead && role != auth.RoleViewer
	switch need {
	case rightOpen, rightLogin:
		return true
	case rightCreate, rightImport, rightRegister:
		return oneOf(auth.RoleAdmin, auth.RoleLead)
	case rightAdmin:
		return role == auth.RoleAdmin
	}
	if may, ok := moreDeskRights[need]; ok {
		return may(role)
	}
	if !canView(role, m) {
		return false
	}
	editTasks := oneOf(auth.RoleAdmin, auth.RoleLead, auth.RoleResponder, auth.RoleComms) || leadsIncident
	switch need {
	case rightView:
		return true
	case rightWrite:
		return role != auth.RoleViewer
	case rightEditTasks:
		return editTasks
	case rightManage:
		return oneOf(auth.RoleAdmin, auth.RoleLead) || leadsIncident
	case rightProgress:
		return editTasks || (m == asTaskOwner && role != auth.RoleViewer)
	case rightCampaigns:
		return oneOf(auth.RoleAdmin, auth.RoleLead, auth.RoleComms) || leadsIncident
	case rightApprove:
		return oneOf(auth.RoleLead, auth.RoleComms) || leadsIncident
	case rightNobody:
		return false
	}
	if may, ok := moreIncidentRights[need]; ok {
		return may(role, leadsIncident)
	}
	if ok, known := mayDoInRegister(need, role, leadsIncident); known {
		return ok
	}
	panic("unknown right " + string(need))
}

// moreIncidentRights are the rights of further areas of an incident (the
// hotline's), each written out again beside its routes' rules: whether
// role may, leadsIncident telling whether the caller leads the incident
// (and is not a viewer).
var moreIncidentRights = map[right]func(role auth.Role, leadsIncident bool) bool{}

// moreDeskRights are the rights of further desk-wide areas (the public
// side's components and settings) by desk role, each written out again
// beside its routes' rules.
var moreDeskRights = map[right]func(role auth.Role) bool{}

// matrixVariant is one request on a route, valid in every way, so that only
// the caller's rights decide whether it is refused.
type matrixVariant struct {
	name  string // tells several requests on one route apart
	need  right
	ok    int    // the status of an allowed call (for open routes: of an anonymous one)
	ctype string // the Content-Type prefix of an allowed 2xx answer
	goes  string // the Location prefix of an allowed redirect

	setup func(x *matrixCase) // prepares what the request needs
	path  func(x *matrixCase) string
	form  func(x *matrixCase) url.Values
	files []string // uploaded as "attachments"
	json  func(x *matrixCase) any
	// request, when set, makes the request itself (uploads in fields of
	// their own, bodies that are not JSON) as c, the case's browser or
	// program.
	request func(x *matrixCase, c *client, path string) *httptest.ResponseRecorder

	// lists: the answer lists the case's incident, to those who may view it.
	lists bool
	// keeps: an allowed call changes nothing the state fingerprints see.
	keeps bool
}

// Content types of allowed answers.
const (
	htmlAnswer = "text/html"
	jsonAnswer = "application/json"
)

// matrixForm is a form of name, value pairs.
func matrixForm(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// fixedForm is the same form for every case.
func fixedForm(kv ...string) func(*matrixCase) url.Values {
	return func(*matrixCase) url.Values { return matrixForm(kv...) }
}

// fixedJSON is the same JSON body for every case.
func fixedJSON(v any) func(*matrixCase) any { return func(*matrixCase) any { return v } }

// matrixRules classifies every route: "METHOD /pattern" -> its requests.
var matrixRules = map[string][]matrixVariant{
	// Open routes: answered without a login.
	"GET /static/":                 {{need: rightOpen, ok: 200, ctype: "text/css", path: func(*matrixCase) string { return "/static/app.css" }}},
	"GET /healthz":                 {{need: rightOpen, ok: 200, ctype: jsonAnswer}},
	"GET /metrics":                 {{need: rightOpen, ok: 200, ctype: "text/plain"}},
	"GET /{$}":                     {{need: rightOpen, ok: 303, goes: "/incidents"}},
	"GET /login":                   {{need: rightOpen, ok: 200, ctype: htmlAnswer}},
	"POST /login":                  {{need: rightOpen, ok: 403, form: fixedForm("email", "nobody@matrix.test", "password", "wrong")}},
	"GET /login/totp":              {{need: rightOpen, ok: 303, goes: "/login"}},
	"POST /login/totp":             {{need: rightOpen, ok: 403, form: fixedForm("code", "000000")}},
	"GET /api/v1/openapi.json":     {{need: rightOpen, ok: 200, ctype: jsonAnswer}},
	"POST /logout":                 {{need: rightLogin, ok: 303, goes: "/login", keeps: true}},
	"GET /playbooks":               {{need: rightLogin, ok: 200, ctype: htmlAnswer}},
	"GET /playbooks/{name}":        {{need: rightLogin, ok: 200, ctype: htmlAnswer}},
	"GET /playbooks/{name}/source": {{need: rightLogin, ok: 200, ctype: "application/yaml"}},
	"GET /playbooks/import":        {{need: rightImport, ok: 200, ctype: htmlAnswer}},
	"POST /playbooks/import": {{need: rightImport, ok: 303, goes: "/playbooks/matrix-", form: func(x *matrixCase) url.Values {
		return matrixForm("source", strings.Replace(supplierPlaybook, "name: supplier-leak", "name: "+x.newPlaybookName(), 1))
	}}},

	// The caller's own account.
	"GET /account": {{need: rightLogin, ok: 200, ctype: htmlAnswer}},
	"POST /account/language": {{need: rightLogin, ok: 303, goes: "/account",
		form: fixedForm("language", "de", "next", "/account")}},
	"POST /account/profile": {{need: rightLogin, ok: 303, goes: "/account?done=",
		form: fixedForm("name", "Renamed Caller", "language", "en", "time_zone", "Europe/Berlin")}},
	"POST /account/password": {{need: rightLogin, ok: 303, goes: "/account?done=", form: fixedForm(
		"current_password", matrixPassword, "new_password", "a new matrix passphrase", "new_password2", "a new matrix passphrase")}},
	"POST /account/totp/start": {{need: rightLogin, ok: 303, goes: "/account/totp"}},
	"GET /account/totp":        {{need: rightLogin, ok: 200, ctype: htmlAnswer, setup: (*matrixCase).startTOTP}},
	"POST /account/totp/confirm": {{need: rightLogin, ok: 303, goes: "/account?done=", setup: (*matrixCase).startTOTP,
		form: func(x *matrixCase) url.Values { return matrixForm("code", x.totpCode()) }}},
	"POST /account/totp/disable": {{need: rightLogin, ok: 303, goes: "/account?done=", setup: (*matrixCase).enableTOTP,
		form: fixedForm("totp_password", matrixPassword)}},
	"POST /account/tokens":             {{need: rightLogin, ok: 200, ctype: htmlAnswer, form: fixedForm("token_name", "Matrix export")}},
	"POST /account/tokens/{id}/revoke": {{need: rightLogin, ok: 303, goes: "/account?done=", setup: (*matrixCase).newToken}},

	// Admin pages.
	"GET /admin/users":     {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"GET /admin/users/new": {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"POST /admin/users": {{need: rightAdmin, ok: 303, goes: "/admin/users?done=", form: func(x *matrixCase) url.Values {
		return matrixForm("email", x.newUserEmail(), "name", "New User", "role", "viewer", "language", "en",
			"password", "a long enough password", "password2", "a long enough password")
	}}},
	"POST /admin/users/{id}/role":    {{need: rightAdmin, ok: 303, goes: "/admin/users?done=", setup: (*matrixCase).newSpare, form: fixedForm("role", "comms")}},
	"POST /admin/users/{id}/disable": {{need: rightAdmin, ok: 303, goes: "/admin/users?done=", setup: (*matrixCase).newSpare}},
	"POST /admin/users/{id}/enable": {{need: rightAdmin, ok: 303, goes: "/admin/users?done=", setup: func(x *matrixCase) {
		x.newSpare()
		if err := x.d.auth.SetDisabled(x.t.Context(), auth.CLI(), x.spare.ID, true); err != nil {
			x.t.Fatalf("disable spare: %v", err)
		}
	}}},
	"POST /admin/users/{id}/password": {{need: rightAdmin, ok: 303, goes: "/admin/users?done=", setup: (*matrixCase).newSpare,
		form: fixedForm("password", "another long password", "password2", "another long password")}},
	"GET /admin/audit":     {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"GET /admin/audit.csv": {{need: rightAdmin, ok: 200, ctype: "text/csv"}},

	// The regulator clock. The state fingerprints do not see rule files
	// or the authority directory, so the writes are marked keeps;
	// obligation_admin_pages_test.go checks that they change what they
	// should, and that a refused one changes nothing.
	"GET /register":         {{need: rightRegister, ok: 200, ctype: htmlAnswer, lists: true}},
	"GET /register.csv":     {{need: rightRegister, ok: 200, ctype: "text/csv", lists: true}},
	"GET /admin/rules":      {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"GET /admin/rules.yaml": {{need: rightAdmin, ok: 200, ctype: "application/yaml"}},
	// The active rule file loaded again: valid, and the same rules for
	// every case running beside it.
	"POST /admin/rules": {{need: rightAdmin, ok: 303, goes: "/admin/rules?done=", keeps: true, form: func(x *matrixCase) url.Values {
		return matrixForm("source", x.activeRulesSource())
	}}},
	"GET /admin/authorities":     {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"GET /admin/authorities/new": {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"POST /admin/authorities": {{need: rightAdmin, ok: 303, goes: "/admin/authorities?done=", keeps: true, form: func(x *matrixCase) url.Values {
		return matrixForm("id", x.authorityID(), "country", "DE", "region", "NI", "kind", "dpa", "name", "Matrix authority",
			"website", "https://authority.example.test/", "zone", "Europe/Berlin")
	}}},
	"GET /admin/authorities/{id}/edit": {{need: rightAdmin, ok: 200, ctype: htmlAnswer, setup: (*matrixCase).newAuthority}},
	"POST /admin/authorities/{id}": {{need: rightAdmin, ok: 303, goes: "/admin/authorities?done=", keeps: true,
		setup: (*matrixCase).newAuthority, form: fixedForm("country", "DE", "region", "NI", "kind", "dpa",
			"name", "Matrix authority, renamed", "website", "https://authority.example.test/", "zone", "Europe/Berlin")}},

	// Incidents.
	"GET /incidents":     {{need: rightLogin, ok: 200, ctype: htmlAnswer, lists: true}},
	"GET /incidents/new": {{need: rightCreate, ok: 200, ctype: htmlAnswer}},
	"POST /incidents": {{need: rightCreate, ok: 303, goes: "/incidents/", form: func(x *matrixCase) url.Values {
		aware := x.d.now.Add(-2 * time.Hour)
		return matrixForm("title", x.newIncidentTitle(), "kind", "ransomware", "severity", "critical",
			"aware_at", formInputTime(&aware, time.UTC), "summary", "Files encrypted.")
	}}},
	"GET /incidents/{id}":      {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"GET /incidents/{id}/edit": {{need: rightManage, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}": {
		{name: "facts", need: rightManage, ok: 303, goes: "/incidents/", form: fixedForm("title", "Renamed incident", "severity", "critical", "summary", "New facts.")},
		{name: "status", need: rightManage, ok: 303, goes: "/incidents/", form: fixedForm("status", "investigating")},
	},
	"GET /incidents/{id}/timeline": {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/timeline": {
		{name: "note", need: rightWrite, ok: 303, goes: "/incidents/", form: fixedForm("kind", "note", "text", "Seen by the matrix.")},
		{name: "correction", need: rightWrite, ok: 303, goes: "/incidents/", form: func(x *matrixCase) url.Values {
			return matrixForm("corrects", fmt.Sprint(x.entry.ID), "text", "Corrected by the matrix.")
		}},
		{name: "attachment", need: rightWrite, ok: 303, goes: "/incidents/", files: []string{"log.txt"},
			form: fixedForm("kind", "evidence", "text", "A log file.")},
	},
	"GET /incidents/{id}/attachments/{att}": {{need: rightView, ok: 200, ctype: "text/plain"}},
	"POST /incidents/{id}/tasks": {{need: rightEditTasks, ok: 303, goes: "/incidents/",
		form: fixedForm("title", "Call the police", "due_kind", "aware", "due_offset", "72h", "checklist", "Find the case number")}},
	"GET /incidents/{id}/tasks/{task}/edit": {{need: rightEditTasks, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/tasks/{task}": {{need: rightEditTasks, ok: 303, goes: "/incidents/", form: func(x *matrixCase) url.Values {
		return matrixForm("title", "Renamed task", "due_kind", "none", "status", "doing", "checklist", x.task.Checklist[0].Text)
	}}},
	"POST /incidents/{id}/tasks/{task}/progress": {
		{name: "status", need: rightProgress, ok: 303, goes: "/incidents/", form: fixedForm("status", "doing")},
		{name: "tick", need: rightProgress, ok: 303, goes: "/incidents/", form: fixedForm("tick", "0:1")},
	},
	"POST /incidents/{id}/team": {{need: rightManage, ok: 303, goes: "/incidents/", form: func(x *matrixCase) url.Values {
		return matrixForm("user_id", fmt.Sprint(x.newcomer.ID), "role", "scribe")
	}}},
	"POST /incidents/{id}/team/{user}/remove": {{need: rightManage, ok: 303, goes: "/incidents/"}},
	"POST /incidents/{id}/contacts": {{need: rightEditTasks, ok: 303, goes: "/incidents/",
		form: fixedForm("role", "police", "label", "Police cyber unit", "phone", "+49 30 0000")}},
	"POST /incidents/{id}/contacts/{contact}": {{need: rightEditTasks, ok: 303, goes: "/incidents/",
		form: fixedForm("role", "insurer", "label", "Cyber insurer", "name", "Claims desk")}},
	"POST /incidents/{id}/playbooks": {{need: rightManage, ok: 303, goes: "/incidents/", form: fixedForm("playbook", "data-theft", "language", "en")}},

	// The regulator clock.
	"GET /incidents/{id}/obligations": {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"GET /incidents/{id}/facts":       {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/facts": {{need: rightManage, ok: 303, goes: "/incidents/",
		form: fixedForm("establishment_country", "DE", "de_land", "NI", "breach_types", "confidentiality", "persons_total", "40")}},
	"GET /incidents/{id}/risk": {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/risk": {{need: rightManage, ok: 303, goes: "/incidents/",
		form: fixedForm("dpc_base", "2", "dpc_adjust", "0", "ei", "1", "cb_confidentiality", "0.5", "cb_integrity", "0",
			"cb_availability", "0.25", "cb_malicious", "on", "decision", "individuals")}},
	"POST /incidents/{id}/obligations/{rule}/filings": {{need: rightManage, ok: 303, goes: "/incidents/",
		form: fixedForm("channel", "portal", "reference", "LfD-2026-0042", "draft_lang", "en")}},
	"POST /incidents/{id}/obligations/{rule}/waiver": {{need: rightManage, ok: 303, goes: "/incidents/",
		form: fixedForm("reason", "Unlikely to result in a risk: the data was encrypted and the key is safe.")}},
	"POST /incidents/{id}/filings/{filing}/ack": {{need: rightManage, ok: 303, goes: "/incidents/", setup: fileGDPR33,
		form: fixedForm("ack_note", "Receipt confirmed by mail.")}},
	"GET /incidents/{id}/filings/{filing}/document": {{need: rightView, ok: 200, ctype: "application/octet-stream", setup: fileGDPR33}},
	"GET /incidents/{id}/obligations/{rule}/draft":  {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/obligations/{rule}/draft": {{need: rightEditTasks, ok: 303, goes: "/incidents/", keeps: true,
		form: fixedForm("lang", "en", "body", "# Notification\n\nWhat happened.")}},
	"GET /incidents/{id}/obligations/{rule}/draft.md":  {{need: rightView, ok: 200, ctype: "text/markdown"}},
	"GET /incidents/{id}/obligations/{rule}/draft.pdf": {{need: rightView, ok: 200, ctype: "application/pdf"}},

	// The API.
	"GET /api/v1/incidents": {{need: rightLogin, ok: 200, ctype: jsonAnswer, lists: true}},
	"POST /api/v1/incidents": {{need: rightCreate, ok: 201, ctype: jsonAnswer, json: func(x *matrixCase) any {
		return map[string]any{"title": x.newIncidentTitle(), "kind": "data_theft", "severity": "high",
			"aware_at": x.d.now.Add(-time.Hour).Format(time.RFC3339)}
	}}},
	"GET /api/v1/incidents/{id}":          {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"PATCH /api/v1/incidents/{id}":        {{need: rightManage, ok: 200, ctype: jsonAnswer, json: fixedJSON(map[string]any{"status": "investigating", "title": "Renamed"})}},
	"GET /api/v1/incidents/{id}/timeline": {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"POST /api/v1/incidents/{id}/timeline": {
		{name: "note", need: rightWrite, ok: 201, ctype: jsonAnswer, json: fixedJSON(map[string]any{"kind": "note", "text": "Seen."})},
		{name: "correction", need: rightWrite, ok: 201, ctype: jsonAnswer, json: func(x *matrixCase) any {
			return map[string]any{"text": "Corrected.", "corrects": x.entry.ID}
		}},
		{name: "attachment", need: rightWrite, ok: 201, ctype: jsonAnswer, json: fixedJSON(map[string]any{"kind": "evidence", "text": "A log file.",
			"attachments": []map[string]string{{"name": "log.txt", "content_type": "text/plain", "data_base64": base64.StdEncoding.EncodeToString([]byte("log"))}}})},
	},
	"GET /api/v1/incidents/{id}/tasks":       {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"GET /api/v1/incidents/{id}/obligations": {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"GET /api/v1/incidents/{id}/facts":       {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"PATCH /api/v1/incidents/{id}/facts": {{need: rightManage, ok: 200, ctype: jsonAnswer,
		json: fixedJSON(map[string]any{"establishment_country": "DE", "de_land": "NI", "persons_by_country": map[string]int{"DE": 40}})}},
	"POST /api/v1/incidents/{id}/obligations/{rule}/filings": {{need: rightManage, ok: 201, ctype: jsonAnswer,
		json: fixedJSON(map[string]any{"channel": "portal", "reference": "LfD-2026-0042",
			"document": map[string]any{"name": "notification.pdf", "content_type": "application/pdf", "data_base64": "JVBERi0xLjQK"}})}},
	"POST /api/v1/incidents/{id}/tasks": {{need: rightEditTasks, ok: 201, ctype: jsonAnswer, json: fixedJSON(map[string]any{"title": "Call the police", "due_after_aware": "aware+72h"})}},
	"PATCH /api/v1/incidents/{id}/tasks/{task}": {
		{name: "status", need: rightProgress, ok: 200, ctype: jsonAnswer, json: fixedJSON(map[string]any{"status": "doing"})},
		{name: "check", need: rightProgress, ok: 200, ctype: jsonAnswer, json: fixedJSON(map[string]any{"check": map[string]bool{"0": true}})},
		{name: "edit", need: rightEditTasks, ok: 200, ctype: jsonAnswer, json: fixedJSON(map[string]any{"title": "Renamed task"})},
	},
	"GET /api/v1/playbooks":                        {{need: rightLogin, ok: 200, ctype: jsonAnswer}},
	"POST /api/v1/incidents/{id}/playbooks/{name}": {{need: rightManage, ok: 201, ctype: jsonAnswer, json: fixedJSON(map[string]any{"language": "de"})}},
}

// namesIncidentObject reports whether a route's path names an object of
// the incident besides the incident.
func namesIncidentObject(path string) bool {
	if !aboutIncident(path) {
		return false
	}
	for _, w := range []string{"{task}", "{att}", "{contact}", "{user}", "{pid}", "{seg}", "{tid}", "{cid}", "{batch}", "{person}", "{iid}", "{aid}", "{stid}"} {
		if strings.Contains(path, w) {
			return true
		}
	}
	return false
}

// aboutIncident reports whether a route is about one incident, which
// outsiders must not learn exists.
func aboutIncident(path string) bool {
	return strings.HasPrefix(path, "/incidents/{id}") || strings.HasPrefix(path, "/api/v1/incidents/{id}")
}

func TestAuthorizationMatrixClassifiesEveryRoute(t *testing.T) {
	d := newTestDesk(t)
	registered := map[string]Route{}
	for _, r := range d.srv.Routes() {
		key := r.Method + " " + r.Path
		registered[key] = r
		vs, ok := matrixRules[key]
		if !ok {
			t.Errorf("route %s (%s) is not in matrixRules: add it there with the right it needs and a valid request, "+
				"so that its authorization is reviewed and tested", key, r.Kind)
			continue
		}
		for _, v := range vs {
			if v.ok/100 == 2 && v.ctype == "" {
				t.Errorf("route %s: say what Content-Type its answer has (ctype), so that the matrix checks it", key)
			}
			if (r.Kind == KindOpen) != (v.need == rightOpen) {
				t.Errorf("route %s is registered as %s but classified as %q", key, r.Kind, v.need)
			}
			if aboutIncident(r.Path) != (v.need == rightView || v.need == rightWrite || v.need == rightEditTasks ||
				v.need == rightManage || v.need == rightProgress || registerRights[v.need] || moreIncidentRights[v.need] != nil || v.need == rightCampaigns || v.need == rightApprove ||
				v.need == rightNobody) {
				t.Errorf("route %s: an incident's route needs an incident right and only it may; it is classified as %q", key, v.need)
			}
		}
	}
	for key := range matrixRules {
		if _, ok := registered[key]; !ok {
			t.Errorf("matrixRules classifies %s, which the server does not register; remove it", key)
		}
	}
}

// matrixCell is one case of the matrix.
type matrixCell struct {
	route   Route
	variant *matrixVariant
	role    auth.Role // "" for nobody logged in
	member  membership
	state   callerState
}

// callerState is what else than role and membership sets a cell apart.
type callerState string

const (
	ordinary callerState = ""
	// The form carries a wrong CSRF token.
	forgedCSRF callerState = "forged-csrf"
	// The session still waits for the second factor.
	pendingTOTP callerState = "pending-second-factor"
	// An admin has disabled the caller since they logged in or made
	// their token.
	disabledAccount callerState = "disabled-account"
	// An admin has made the caller a viewer since they logged in or made
	// their token: the session and the token carry the new role at once.
	demotedToViewer callerState = "demoted-to-viewer"
	// The path names the caller's incident but an object (task,
	// attachment, contact, member) of another incident, which the caller
	// does not see or which does not belong there.
	foreignObject callerState = "object-of-another-incident"
)

func (c matrixCell) routeName() string {
	name := c.route.Method + " " + c.route.Path
	if c.variant.name != "" {
		name += " (" + c.variant.name + ")"
	}
	return name
}

func (c matrixCell) name() string {
	who := string(c.role)
	if who == "" {
		who = "anonymous"
	}
	name := c.routeName() + "/" + who
	if c.member != noIncident {
		name += "/" + string(c.member)
	}
	if c.state != ordinary {
		name += "/" + string(c.state)
	}
	return name
}

// want is the status the cell must answer with.
func (c matrixCell) want() int {
	v := c.variant
	switch {
	case v.need == rightOpen:
		if c.role == "" {
			return v.ok
		}
		return 0 // anything but a server error
	case c.loggedOut() && c.route.Kind == KindAPI:
		return http.StatusUnauthorized
	case c.loggedOut():
		return http.StatusSeeOther // to the login
	case aboutIncident(c.route.Path) && !canView(c.actsAs(), c.member), c.state == foreignObject:
		return http.StatusNotFound
	case c.state == forgedCSRF:
		return http.StatusForbidden
	case !mayDo(v.need, c.actsAs(), c.member):
		return http.StatusForbidden
	}
	return v.ok
}

// allowed reports whether the cell's caller may make the call.
func (c matrixCell) allowed() bool {
	return c.role != "" && (c.state == ordinary || c.state == demotedToViewer) && c.variant.need != rightOpen &&
		mayDo(c.variant.need, c.actsAs(), c.member)
}

// actsAs is the role the caller has when they call.
func (c matrixCell) actsAs() auth.Role {
	if c.state == demotedToViewer {
		return auth.RoleViewer
	}
	return c.role
}

// loggedOut reports whether the cell's caller is, for the desk, nobody.
func (c matrixCell) loggedOut() bool {
	return c.role == "" || c.state == pendingTOTP || c.state == disabledAccount
}

// cells lists the cases of one request on a route.
func cells(r Route, v *matrixVariant) []matrixCell {
	out := []matrixCell{{route: r, variant: v}}
	memberships := []membership{noIncident}
	if aboutIncident(r.Path) || v.lists {
		memberships = incidentMemberships
		out[0].member = nonMember
	}
	for _, role := range auth.Roles {
		for _, m := range memberships {
			out = append(out, matrixCell{route: r, variant: v, role: role, member: m})
		}
	}
	if v.need == rightOpen {
		return out
	}
	// The most powerful caller, without the form's token, half logged in,
	// disabled, or made a viewer since logging in.
	admin := func(state callerState) matrixCell {
		return matrixCell{route: r, variant: v, role: auth.RoleAdmin, member: memberships[0], state: state}
	}
	if r.Kind == KindForm {
		out = append(out, admin(forgedCSRF))
	}
	if r.Kind != KindAPI {
		out = append(out, admin(pendingTOTP))
	}
	out = append(out, admin(disabledAccount), admin(demotedToViewer))
	if namesIncidentObject(r.Path) {
		// The incident's lead, and an admin who sees every incident: the
		// object is still not one of this incident.
		out = append(out,
			matrixCell{route: r, variant: v, role: auth.RoleLead, member: asIncLead, state: foreignObject},
			matrixCell{route: r, variant: v, role: auth.RoleAdmin, member: nonMember, state: foreignObject})
	}
	return out
}

// matrixResult is what one cell answered.
type matrixResult struct {
	cell      matrixCell
	got, want int
	problem   string // the first failed expectation besides the status
}

func TestAuthorizationMatrix(t *testing.T) {
	start := time.Now()
	// One desk for all cases: each has a caller and an incident of its
	// own, and looks at nothing else, so the cases run in parallel.
	md := newMatrixDesk(t)
	routes := md.srv.Routes()
	sort.SliceStable(routes, func(i, j int) bool { return routes[i].Path < routes[j].Path })
	var mu sync.Mutex
	var results []matrixResult
	// Cleanup runs once every parallel case has finished.
	t.Cleanup(func() {
		var failed []matrixResult
		for _, res := range results {
			if res.got != res.want && res.want != 0 || res.problem != "" {
				failed = append(failed, res)
			}
		}
		sort.Slice(failed, func(i, j int) bool { return failed[i].cell.name() < failed[j].cell.name() })
		t.Logf("authorization matrix: %d cases over %d routes in %v", len(results), len(routes), time.Since(start).Round(time.Millisecond))
		if len(failed) > 0 {
			t.Errorf("authorization matrix: %d of %d cases differ from the rules:\n%s", len(failed), len(results), matrixTable(failed))
		}
	})
	for _, r := range routes {
		vs := matrixRules[r.Method+" "+r.Path]
		if len(vs) == 0 {
			continue // TestAuthorizationMatrixClassifiesEveryRoute names it
		}
		for i := range vs {
			for _, cell := range cells(r, &vs[i]) {
				t.Run(cell.name(), func(t *testing.T) {
					t.Parallel()
					res := runCell(t, md, cell)
					mu.Lock()
					results = append(results, res)
					mu.Unlock()
				})
			}
		}
	}
}

// runCell calls the route as the cell says and checks the answer.
func runCell(t *testing.T, md *matrixDesk, cell matrixCell) matrixResult {
	v := cell.variant
	spec := caseSpec{kind: cell.route.Kind, role: cell.role, member: cell.member, incident: aboutIncident(cell.route.Path) || v.lists}
	if path := cell.route.Path; aboutIncident(path) {
		// A GET may show anything of the incident; a write names one
		// object at most.
		all := cell.route.Method == http.MethodGet
		spec.entry = all || strings.Contains(path, "{att}") || v.name == "correction"
		spec.task = all || strings.Contains(path, "{task}")
		spec.contact = all || strings.Contains(path, "{contact}")
		spec.teammate = strings.Contains(path, "{user}")
	}
	x := md.newCase(t, spec)
	if cell.state == foreignObject {
		// Another incident, with a member of its own, that the caller is not on.
		other := spec
		other.role, other.member = auth.RoleViewer, asMember
		x.foreign = md.newCase(t, other)
	}
	x.opens = cell.route.Method == http.MethodPost && (cell.route.Path == "/incidents" || cell.route.Path == "/api/v1/incidents")
	if v.setup != nil {
		v.setup(x)
	}
	switch cell.state {
	case pendingTOTP:
		x.loginWithSecondFactorPending(md)
	case disabledAccount:
		x.disable()
	case demotedToViewer:
		x.demote()
	}
	// The routes of an incident change only it; the others, the desk.
	state := x.deskState
	if aboutIncident(cell.route.Path) {
		state = func() string {
			if x.foreign != nil {
				return x.state() + "\nforeign: " + x.foreign.state()
			}
			return x.state()
		}
	}
	before := state()
	csrf := ""
	if cell.state == forgedCSRF {
		csrf = "forged"
	}
	rec := x.send(cell.route, v, csrf)
	res := matrixResult{cell: cell, got: rec.Code, want: cell.want()}
	problem := func(format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		t.Error(msg)
		if res.problem == "" {
			res.problem = firstLine(msg)
		}
	}
	if res.want != 0 && res.got != res.want {
		t.Errorf("status = %d, want %d (needs %q); answer:\n%s", res.got, res.want, v.need, truncate(rec.Body.String(), 1500))
	}
	if res.got >= 500 {
		problem("server error %d", res.got)
	}
	bodyText := rec.Body.String()
	// Whoever may not view the incident, and every "not found", learns
	// nothing of it; nor of the other incident whose object the path names.
	hidden := cell.loggedOut() || !canView(cell.actsAs(), cell.member) || res.want == http.StatusNotFound
	if hidden && x.inc != nil {
		for _, secret := range x.secretBits {
			if strings.Contains(bodyText, secret) {
				problem("the answer to a caller who may not view the incident holds %q", secret)
			}
		}
	}
	if x.foreign != nil && (hidden || cell.actsAs() != auth.RoleAdmin) {
		for _, secret := range x.foreign.secretBits {
			if strings.Contains(bodyText, secret) {
				problem("the answer holds %q of an incident the caller is not on", secret)
			}
		}
	}
	if v.lists && res.got == http.StatusOK && canView(cell.actsAs(), cell.member) && !strings.Contains(bodyText, x.inc.Title) {
		problem("the list does not show the incident to a caller who may view it")
	}
	checkMatrixHeaders(t, x, cell, rec, problem)
	after := state()
	allowed := cell.allowed()
	switch {
	case !allowed && after != before:
		problem("a refused call changed the desk:\nbefore %s\nafter  %s", before, after)
	case allowed && cell.route.Method == http.MethodGet && after != before:
		problem("a GET changed the desk:\nbefore %s\nafter  %s", before, after)
	case allowed && cell.route.Method != http.MethodGet && !v.keeps && after == before:
		problem("an allowed %s answered %d but changed nothing", cell.route.Method, res.got)
	}
	return res
}

// checkMatrixHeaders checks what every answer of its kind must carry.
func checkMatrixHeaders(t *testing.T, x *matrixCase, cell matrixCell, rec *httptest.ResponseRecorder, problem func(string, ...any)) {
	t.Helper()
	v, h := cell.variant, rec.Header()
	ctype, csp := h.Get("Content-Type"), h.Get("Content-Security-Policy")
	if !strings.HasPrefix(csp, "default-src 'none'") {
		problem("Content-Security-Policy = %q", csp)
	}
	if strings.HasPrefix(ctype, htmlAnswer) && csp != contentSecurityPolicy && !ownPolicy(cell.route.Path, csp) {
		problem("an HTML answer has the Content-Security-Policy %q, want the desk's", csp)
	}
	allowed := cell.allowed() || cell.role == "" && v.need == rightOpen
	if allowed && rec.Code < 300 && v.ctype != "" && !strings.HasPrefix(ctype, v.ctype) {
		problem("Content-Type = %q, want %s", ctype, v.ctype)
	}
	if allowed && rec.Code == http.StatusSeeOther && v.goes != "" && !strings.HasPrefix(h.Get("Location"), v.goes) {
		problem("Location = %q, want prefix %q", h.Get("Location"), v.goes)
	}
	if cell.loggedOut() && v.need != rightOpen && cell.route.Kind != KindAPI {
		want := "/login"
		if cell.route.Method == http.MethodGet {
			want = "/login?next=" + url.QueryEscape(x.sentPath)
		}
		if got := h.Get("Location"); rec.Code == http.StatusSeeOther && got != want {
			problem("Location = %q, want %q", got, want)
		}
	}
	if cell.route.Kind == KindAPI && rec.Code >= 400 {
		// apiCall has checked the error shape; the code must match the status.
		var answer struct {
			Error struct{ Code string } `json:"error"`
		}
		_ = json.Unmarshal(rec.Body.Bytes(), &answer)
		if want := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[rec.Code]; want != "" && answer.Error.Code != want {
			problem("error code %q with status %d, want %q", answer.Error.Code, rec.Code, want)
		}
		if rec.Code == http.StatusUnauthorized && !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
			problem("401 without a Bearer challenge")
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// matrixTable writes the failed cells one a line.
func matrixTable(results []matrixResult) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "route\tcaller\tmembership\tgot\twant\tproblem")
	for _, res := range results {
		c := res.cell
		who, m := string(c.role), string(c.member)
		if who == "" {
			who = "anonymous"
		}
		if c.state != ordinary {
			who += " (" + string(c.state) + ")"
		}
		if m == "" {
			m = "-"
		}
		want := fmt.Sprint(res.want)
		if res.want == 0 {
			want = "<500"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", c.routeName(), who, m, res.got, want, res.problem)
	}
	_ = tw.Flush()
	return b.String()
}

// TestAuthorizationMatrixCatchAllOfTheAPI covers what Routes does not list:
// the API's catch-all, which answers every other path under /api/v1/
// without asking for a token. Its answer must be the same whether an
// incident exists or not, and hold nothing of it.
func TestAuthorizationMatrixCatchAllOfTheAPI(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Catch-all incident under embargo")
	existing, missing := fmt.Sprintf("/api/v1/incidents/%d", inc.ID), "/api/v1/incidents/99999"
	for _, tc := range []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"an unknown API path is not found", http.MethodGet, "/api/v1/nothing-here", 404, "not_found"},
		{"an unknown path below an incident is not found", http.MethodGet, existing + "/secrets", 404, "not_found"},
		{"the same below an incident that does not exist", http.MethodGet, missing + "/secrets", 404, "not_found"},
		{"another method on an incident is not allowed", http.MethodPut, existing, 405, "method_not_allowed"},
		{"the same on an incident that does not exist", http.MethodPut, missing, 405, "method_not_allowed"},
	} {
		for _, who := range []auth.Role{"", auth.RoleViewer, auth.RoleAdmin} {
			name := string(who)
			if who == "" {
				name = "anonymous"
			}
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				c := d.as("")
				if who != "" {
					c = d.apiAs(who)
				}
				rec := c.call(tc.method, tc.path, nil)
				checkAnswer(t, rec, scenario{status: tc.status, contains: []string{`"code": "` + tc.code + `"`},
					notContains: []string{inc.Title}})
				checkErrorShape(t, rec)
			})
		}
	}
}

// fileGDPR33 records a filing of the GDPR Art. 33 duty, as the desk's CLI.
func fileGDPR33(x *matrixCase) {
	f, err := x.d.oblig.File(context.Background(), auth.CLI(), x.inc.ID, "gdpr.33", obligation.NewFiling{
		Channel: "portal", Reference: "LfD-2026-0001", DocName: "notification.pdf", DocType: "application/pdf", Doc: []byte("%PDF-1.4\n"),
	})
	if err != nil {
		x.t.Fatalf("file gdpr.33: %v", err)
	}
	x.filingID = f.ID
}
