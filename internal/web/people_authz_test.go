package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The register's rows of the authorization matrix (authz_matrix_test.go).
// Its rights follow people.Rights: every member sees the register masked;
// leads, comms and admins unmask; responders, comms, leads and admins
// import; comms, leads and admins define segments; leads and admins
// erase. An incident lead who is not a viewer may do all of it.

// The register's rights.
const (
	rightUnmask        right = "unmask persons"
	rightImportPersons right = "import persons"
	rightSegments      right = "define segments"
	rightErase         right = "erase persons"
)

// registerRights are the rights about one incident's register.
var registerRights = map[right]bool{rightUnmask: true, rightImportPersons: true, rightSegments: true, rightErase: true}

// mayDoInRegister is people.Rights written out again; known is false for
// a right that is not the register's.
func mayDoInRegister(need right, role auth.Role, leadsIncident bool) (ok, known bool) {
	if !registerRights[need] {
		return false, false
	}
	if leadsIncident {
		return true, true
	}
	switch need {
	case rightUnmask, rightSegments:
		return role == auth.RoleAdmin || role == auth.RoleLead || role == auth.RoleComms, true
	case rightImportPersons:
		return role == auth.RoleAdmin || role == auth.RoleLead || role == auth.RoleComms || role == auth.RoleResponder, true
	}
	return role == auth.RoleAdmin || role == auth.RoleLead, true
}

// matrixPeople are the register's objects of a case.
type matrixPeople struct {
	personID, segmentID int64
	token               string // a CRM export held for the caller
}

// matrixRegisters holds each case's register objects, by case.
var matrixRegisters sync.Map // *matrixCase -> *matrixPeople

// fillRegister imports the test persons and one segment into the case's
// incident as the desk's lead (its incident lead), and does the same for
// the other incident when the path names that one's objects.
func fillRegister(x *matrixCase) {
	x.t.Helper()
	for _, c := range []*matrixCase{x, x.foreign} {
		if c == nil {
			continue
		}
		ctx, lead := context.Background(), x.d.actor(auth.RoleLead)
		if _, err := x.d.people.ImportFindings(ctx, lead, c.inc.ID, "findings", "matrix.jsonl", strings.NewReader(testFindings())); err != nil {
			x.t.Fatalf("import findings: %v", err)
		}
		page, err := x.d.people.List(ctx, lead, c.inc.ID, people.ListQuery{})
		if err != nil || len(page.Persons) == 0 {
			x.t.Fatalf("the register is empty: %v", err)
		}
		seg := &people.Segment{IncidentID: c.inc.ID, Name: "Matrix segment", Rules: people.SegmentRules{Reach: people.ReachEmail}}
		if err := x.d.people.SaveSegment(ctx, lead, c.inc.ID, seg); err != nil {
			x.t.Fatalf("segment: %v", err)
		}
		mp := &matrixPeople{personID: page.Persons[0].ID, segmentID: seg.ID, token: "none"}
		if c == x && x.user != nil {
			mp.token = x.d.srv.heldCRM.put(x.user.ID, x.inc.ID, "crm.csv", []byte(testCRM))
		}
		matrixRegisters.Store(c, mp)
	}
}

// registerObjectID is the ID of the case's person ({pid}) or segment
// ({seg}).
func (x *matrixCase) registerObjectID(name string) int64 {
	mp, ok := matrixRegisters.Load(x)
	if !ok {
		x.t.Fatalf("the route names {%s}: its setup must call fillRegister", name)
	}
	if name == "pid" {
		return mp.(*matrixPeople).personID
	}
	return mp.(*matrixPeople).segmentID
}

// heldToken is the CRM export held for the case's caller.
func (x *matrixCase) heldToken() string {
	mp, ok := matrixRegisters.Load(x)
	if !ok {
		x.t.Fatalf("the route needs a held export: its setup must call fillRegister")
	}
	return mp.(*matrixPeople).token
}

// uploadAs posts one file in the form field the route reads.
func uploadAs(field, name, data string) func(*matrixCase, *client, string) *httptest.ResponseRecorder {
	return func(_ *matrixCase, c *client, path string) *httptest.ResponseRecorder {
		return c.postFile(path, field, url.Values{}, name, []byte(data))
	}
}

// peopleState is a fingerprint of the case's register: persons, erased,
// segments and imports.
func (x *matrixCase) peopleState() string {
	if x.d.people == nil {
		return ""
	}
	ctx, cli, id := context.Background(), auth.CLI(), x.inc.ID
	counts, err := x.d.people.Counts(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("people state: %v", err)
	}
	segs, err := x.d.people.Segments(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("people state: %v", err)
	}
	imports, err := x.d.people.Imports(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("people state: %v", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, " persons %d erased %d imports %d;", counts.Persons, counts.Erased, len(imports))
	for _, s := range segs {
		fmt.Fprintf(&b, " segment %d %q %+v;", s.ID, s.Name, s.Rules)
	}
	return b.String()
}

func init() {
	for route, variants := range peopleMatrixRules {
		matrixRules[route] = variants
	}
}

// peopleMatrixRules classify the register's routes.
var peopleMatrixRules = map[string][]matrixVariant{
	"GET /incidents/{id}/people": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: fillRegister}},
	"POST /incidents/{id}/people/search": {{need: rightView, ok: 200, ctype: htmlAnswer, keeps: true, setup: fillRegister,
		form: fixedForm("q", wangWei.email)}},
	"POST /incidents/{id}/people/facts": {{need: rightManage, ok: 303, goes: "/incidents/", setup: fillRegister}},
	"GET /incidents/{id}/people/{pid}":  {{need: rightView, ok: 200, ctype: htmlAnswer, setup: fillRegister}},
	// Unmasking changes nothing but the audit trail, which
	// TestPeopleRegisterIsMaskedForEveryRole checks.
	"POST /incidents/{id}/people/{pid}/unmask": {{need: rightUnmask, ok: 200, ctype: htmlAnswer, keeps: true, setup: fillRegister}},
	"POST /incidents/{id}/people/{pid}/erase": {{need: rightErase, ok: 303, goes: "/incidents/", setup: fillRegister,
		form: fixedForm("reason", "Request by letter, ticket 4711", "confirm", "yes")}},
	"GET /incidents/{id}/people/import": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: fillRegister}},
	"POST /incidents/{id}/people/import/findings": {{need: rightImportPersons, ok: 200, ctype: htmlAnswer,
		request: uploadAs("findings", "findings.jsonl", testFindings())}},
	// The export is held in memory for the mapping dialog: nothing the
	// state sees changes yet.
	"POST /incidents/{id}/people/import/crm": {{need: rightImportPersons, ok: 200, ctype: htmlAnswer, keeps: true, setup: fillRegister,
		request: uploadAs("crm", "crm.csv", testCRM)}},
	"POST /incidents/{id}/people/import/mapping": {{need: rightImportPersons, ok: 200, ctype: htmlAnswer, setup: fillRegister,
		form: func(x *matrixCase) url.Values {
			return matrixForm("token", x.heldToken(), "email", "E-Mail", "language", "Sprache", "match", "email")
		}}},
	"GET /incidents/{id}/people/segments": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: fillRegister}},
	"POST /incidents/{id}/people/segments": {{need: rightSegments, ok: 303, goes: "/incidents/", setup: fillRegister,
		form: fixedForm("name", "Car owners with ID numbers", "all_categories", "national_id")}},
	"GET /incidents/{id}/people/segments/{seg}":         {{need: rightSegments, ok: 200, ctype: htmlAnswer, setup: fillRegister}},
	"POST /incidents/{id}/people/segments/{seg}/save":   {{need: rightSegments, ok: 303, goes: "/incidents/", setup: fillRegister, form: fixedForm("name", "Renamed segment", "reach", "postal_only")}},
	"POST /incidents/{id}/people/segments/{seg}/delete": {{need: rightSegments, ok: 303, goes: "/incidents/", setup: fillRegister}},

	"GET /api/v1/incidents/{id}/persons": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: fillRegister,
		path: func(x *matrixCase) string {
			return fmt.Sprintf("/api/v1/incidents/%d/persons?q=%s", x.inc.ID, url.QueryEscape(wangWei.email))
		}}},
	"GET /api/v1/incidents/{id}/people/counts": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: fillRegister}},
	"POST /api/v1/incidents/{id}/people/imports": {{need: rightImportPersons, ok: 201, ctype: jsonAnswer,
		request: func(x *matrixCase, c *client, path string) *httptest.ResponseRecorder {
			return apiCall(x.t, c, http.MethodPost, path, testFindings(), map[string]string{"Content-Type": "application/x-ndjson"})
		}}},
	"GET /api/v1/incidents/{id}/segments": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: fillRegister}},
	"POST /api/v1/incidents/{id}/segments": {{need: rightSegments, ok: 201, ctype: jsonAnswer,
		json: fixedJSON(map[string]any{"name": "No e-mail: letter", "rules": map[string]any{"reach": "postal_only"}})}},
}
