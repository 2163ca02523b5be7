package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// The public side's rows of the authorization matrix
// (authz_matrix_test.go). They follow publish.Rights and DeskRights:
// every member sees an incident's statements and listing; comms, leads,
// admins and the incident lead write statements (only their own are
// edited), change the listing, publish an approved statement and
// withdraw one; leads, admins and the incident lead approve one they did
// not write (four eyes). Desk-wide, everyone signed in sees the systems
// status; admins, leads, comms and responders change it; admins and leads
// change the page settings and upload the password list.

// The public side's rights of this file.
const (
	rightStatements  right = "write public statements"
	rightApproveText right = "approve public statements"
	rightComponents  right = "change the systems status"
	rightPublicPage  right = "change the public site's settings"
)

func init() {
	write := func(role auth.Role, leadsIncident bool) bool {
		return leadsIncident || role == auth.RoleAdmin || role == auth.RoleLead || role == auth.RoleComms
	}
	moreIncidentRights[rightStatements] = write
	moreIncidentRights[rightApproveText] = func(role auth.Role, leadsIncident bool) bool {
		return leadsIncident || role == auth.RoleAdmin || role == auth.RoleLead
	}
	moreDeskRights[rightComponents] = func(role auth.Role) bool {
		return role == auth.RoleAdmin || role == auth.RoleLead || role == auth.RoleComms || role == auth.RoleResponder
	}
	moreDeskRights[rightPublicPage] = func(role auth.Role) bool { return role == auth.RoleAdmin || role == auth.RoleLead }
	for route, vs := range publishMatrixRules {
		if _, dup := matrixRules[route]; dup {
			panic("publishMatrixRules repeats " + route)
		}
		matrixRules[route] = vs
	}
}

// matrixDraft is a complete statement in both languages.
func matrixDraft() publish.StatementDraft {
	return publish.StatementDraft{Kind: publish.PressRelease, Phase: publish.Investigating, Texts: map[string]publish.Text{
		"de": {Title: "Angriff auf unsere Systeme", Body: "Wir untersuchen einen Angriff."},
		"en": {Title: "Attack on our systems", Body: "We are investigating an attack."},
	}}
}

// matrixStatementForm is the statement form of matrixDraft.
func matrixStatementForm(*matrixCase) url.Values {
	return matrixForm("kind", "press_release", "phase", "identified",
		"texts.de.title", "Angriff auf unsere Systeme", "texts.de.body", "Wir haben die Ursache gefunden.",
		"texts.en.title", "Attack on our systems", "texts.en.body", "We have found the cause.")
}

// withStatement gives the case's incident (and the other incident's, when
// the path names its objects) a statement ({stid}) in state: written by
// the caller when own is set and they may write, else by the desk's lead;
// approved by the desk's admin.
func withStatement(state publish.State, own bool) func(*matrixCase) {
	return func(x *matrixCase) {
		for _, c := range []*matrixCase{x, x.foreign} {
			if c != nil {
				c.statementFixture(x, state, own)
			}
		}
	}
}

func (x *matrixCase) statementFixture(caller *matrixCase, state publish.State, own bool) {
	x.t.Helper()
	ctx, id := context.Background(), x.inc.ID
	author := x.d.actor(auth.RoleLead)
	if own && caller == x && x.user != nil {
		if r, err := x.d.publish.Rights(ctx, x.callerActor(), id); err == nil && r.Write {
			author = x.callerActor()
		}
	}
	fail := func(what string, err error) {
		if err != nil {
			x.t.Fatalf("statement fixture: %s: %v", what, err)
		}
	}
	st, err := x.d.publish.CreateStatement(ctx, author, id, matrixDraft())
	fail("create", err)
	if state == publish.Approved {
		_, err = x.d.publish.ApproveStatement(ctx, x.d.actor(auth.RoleAdmin), id, st.ID)
		fail("approve", err)
	}
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	x.ids["stid"] = st.ID
}

// publishState is a fingerprint of the case's statements and listing.
func (x *matrixCase) publishState() string {
	if x.d.publish == nil || x.inc == nil {
		return ""
	}
	ctx, cli := context.Background(), auth.CLI()
	list, err := x.d.publish.Statements(ctx, cli, x.inc.ID)
	if err != nil {
		x.t.Fatalf("publish state: %v", err)
	}
	var b strings.Builder
	for _, st := range list {
		fmt.Fprintf(&b, " statement %d %s %s %q %q;", st.ID, st.State, st.Phase, st.Texts["de"].Body, st.Texts["en"].Body)
	}
	l, err := x.d.publish.Listing(ctx, cli, x.inc.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		x.t.Fatalf("publish state: %v", err)
	}
	if l != nil {
		fmt.Fprintf(&b, " listing %q %s %v;", l.Titles, l.Impact, l.Public)
	}
	return b.String()
}

// publishDeskState is a fingerprint of the public side's desk-wide objects
// the case names: its component and the one it would add. The page
// settings are one for the desk, which every case shares, and the password
// list is not read back but by the range endpoint of the page: their
// routes are marked keeps and publish_pages_test.go checks them.
func (x *matrixCase) publishDeskState() string {
	if x.d.publish == nil {
		return ""
	}
	ctx, cli := context.Background(), auth.CLI()
	comps, err := x.d.publish.Components(ctx, cli)
	if err != nil {
		x.t.Fatalf("publish desk state: %v", err)
	}
	var b strings.Builder
	for _, c := range comps {
		if c.ID == x.ids["comp"] || c.Names["en"] == x.newComponentName() {
			fmt.Fprintf(&b, " component %d %q %d %s %v;", c.ID, c.Names, c.Position, c.Status, c.Hidden)
		}
	}
	return b.String()
}

func (x *matrixCase) newComponentName() string { return fmt.Sprintf("Matrix portal %d", x.n) }

// withComponent adds a component of the case ({comp}).
func withComponent(x *matrixCase) {
	x.t.Helper()
	c, err := x.d.publish.AddComponent(context.Background(), x.d.actor(auth.RoleLead), publish.ComponentEdit{
		Names: map[string]string{"de": fmt.Sprintf("Portal %d", x.n), "en": fmt.Sprintf("Portal %d", x.n)}})
	if err != nil {
		x.t.Fatalf("component fixture: %v", err)
	}
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	x.ids["comp"] = c.ID
}

// withPasswordIncident opens an incident whose password list the case
// uploads: the caller's own when they may open one, so that they see it.
func withPasswordIncident(x *matrixCase) {
	x.t.Helper()
	opener := x.d.actor(auth.RoleLead)
	if x.user != nil && (x.role == auth.RoleAdmin || x.role == auth.RoleLead) {
		opener = x.callerActor()
	}
	inc, err := x.d.incidents.Create(context.Background(), opener, incident.NewIncident{Title: fmt.Sprintf("Password incident %d", x.n),
		Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, AwareAt: x.d.now.Add(-30 * time.Hour), Summary: "Passwords."})
	if err != nil {
		x.t.Fatalf("password incident: %v", err)
	}
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	x.ids["pwinc"] = inc.ID
}

// uploadPasswords posts the case's password list as a multipart form.
func uploadPasswords(x *matrixCase, c *client, path string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", c.csrf)
	_ = mw.WriteField("incident", fmt.Sprint(x.ids["pwinc"]))
	fw, _ := mw.CreateFormFile("passwords", "passwords.txt")
	_, _ = fw.Write([]byte("123456\npassword\n5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n"))
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

var publishMatrixRules = map[string][]matrixVariant{
	"GET /incidents/{id}/public": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withStatement(publish.Draft, false)}},
	"POST /incidents/{id}/public/statements": {{need: rightStatements, ok: 303, goes: "/incidents/",
		form: matrixStatementForm}},
	"GET /incidents/{id}/public/statements/{stid}": {{need: rightView, ok: 200, ctype: htmlAnswer,
		setup: withStatement(publish.Draft, false)}},
	"POST /incidents/{id}/public/statements/{stid}": {{need: rightStatements, ok: 303, goes: "/incidents/",
		setup: withStatement(publish.Draft, true), form: matrixStatementForm}},
	"POST /incidents/{id}/public/statements/{stid}/approve": {{need: rightApproveText, ok: 303, goes: "/incidents/",
		setup: withStatement(publish.Draft, false)}},
	"POST /incidents/{id}/public/statements/{stid}/publish": {{need: rightStatements, ok: 303, goes: "/incidents/",
		setup: withStatement(publish.Approved, false)}},
	"POST /incidents/{id}/public/statements/{stid}/withdraw": {{need: rightStatements, ok: 303, goes: "/incidents/",
		setup: withStatement(publish.Draft, false)}},
	"POST /incidents/{id}/public/listing": {{need: rightStatements, ok: 303, goes: "/incidents/",
		form: fixedForm("titles.de", "Angriff auf die Beispiel GmbH", "titles.en", "Attack on Beispiel GmbH", "impact", "major", "public", "1")}},

	"GET /public/status": {{need: rightLogin, ok: 200, ctype: htmlAnswer, setup: withComponent}},
	"POST /public/components": {{need: rightComponents, ok: 303, goes: "/public/status",
		form: func(x *matrixCase) url.Values {
			return matrixForm("names.de", x.newComponentName(), "names.en", x.newComponentName(), "position", "3")
		}}},
	"POST /public/components/{comp}": {{need: rightComponents, ok: 303, goes: "/public/status", setup: withComponent,
		form: fixedForm("names.de", "Kundenportal", "names.en", "Customer portal", "position", "2")}},
	"POST /public/components/{comp}/status": {{need: rightComponents, ok: 303, goes: "/public/status", setup: withComponent,
		form: fixedForm("status", "major_outage")}},
	"GET /public/settings": {{need: rightPublicPage, ok: 200, ctype: htmlAnswer}},
	"POST /public/settings": {{need: rightPublicPage, ok: 303, goes: "/public/settings", keeps: true,
		form: fixedForm("names.de", "Beispiel GmbH", "names.en", "Beispiel Ltd", "default_lang", "de",
			"press_email", "presse@beispiel.example", "hotline_phone", "+49 511 1234560")}},
	"POST /public/settings/passwords": {{need: rightPublicPage, ok: 200, ctype: htmlAnswer, keeps: true, setup: withPasswordIncident,
		request: uploadPasswords}},
}
