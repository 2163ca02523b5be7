package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// publishDesk is the test desk with an incident whose team holds comms,
// a responder and a viewer.
type publishDesk struct {
	*testDesk
	inc  int64
	base string
}

func newPublishDesk(t *testing.T) *publishDesk {
	t.Helper()
	d := newTestDesk(t)
	inc := d.newIncident("Interner Titel des Vorfalls", auth.RoleComms, auth.RoleResponder, auth.RoleViewer)
	return &publishDesk{testDesk: d, inc: inc.ID, base: fmt.Sprintf("/incidents/%d/public", inc.ID)}
}

func (pd *publishDesk) statement(as auth.Role) *publish.Statement {
	pd.t.Helper()
	st, err := pd.publish.CreateStatement(context.Background(), pd.actor(as), pd.inc, matrixDraft())
	if err != nil {
		pd.t.Fatalf("statement: %v", err)
	}
	return st
}

func TestPublishStatementFormsNameTheFieldThatWasWrong(t *testing.T) {
	pd := newPublishDesk(t)
	own := pd.statement(auth.RoleComms)
	onlyGerman := matrixForm("kind", "faq", "phase", "investigating", "texts.de.title", "Fragen", "texts.de.body", "")
	runScenarios(t, pd.testDesk, []scenario{
		{name: "the incident page links the public side", as: auth.RoleViewer, path: fmt.Sprintf("/incidents/%d", pd.inc), status: 200,
			contains: []string{`class="public-link" href="` + pd.base + `"`}},
		{name: "a viewer reads the statements but has no form or button", as: auth.RoleViewer, path: pd.base, status: 200,
			contains:    []string{`id="statement-` + fmt.Sprint(own.ID) + `"`, "Attack on our systems"},
			notContains: []string{`id="statement-form"`, `class="primary approve"`, `id="listing-form"`}},
		{name: "comms sees the form but may not approve its own statement", as: auth.RoleComms, path: pd.base, status: 200,
			contains: []string{`id="statement-form"`, `id="listing-form"`, `class="button edit"`}, notContains: []string{`class="primary approve"`}},
		{name: "the lead may approve it and not edit it", as: auth.RoleLead, path: pd.base, status: 200,
			contains: []string{`class="primary approve"`}, notContains: []string{fmt.Sprintf(`class="button edit" href="%s/statements/%d"`, pd.base, own.ID)}},
		{name: "a body without a title", as: auth.RoleComms, method: http.MethodPost, path: pd.base + "/statements", form: onlyGerman,
			status: 400, contains: []string{`class="field-error"`, `name="texts.de.title" id="st-title-de" maxlength="200" value="Fragen"`, "This field is required."}},
		{name: "a kind that does not exist", as: auth.RoleComms, method: http.MethodPost, path: pd.base + "/statements",
			form: matrixForm("kind", "rumour", "phase", "investigating", "texts.de.title", "T", "texts.de.body", "B"), status: 400,
			contains: []string{"Please choose one of the offered values."}},
		{name: "approving one's own statement is refused on the page", as: auth.RoleLead, method: http.MethodPost,
			path: fmt.Sprintf("%s/statements/%d/approve", pd.base, pd.statement(auth.RoleLead).ID), status: 403},
		{name: "a listing without titles", as: auth.RoleComms, method: http.MethodPost, path: pd.base + "/listing",
			form: matrixForm("titles.de", "", "titles.en", "Attack", "impact", "minor"), status: 400,
			contains: []string{`name="titles.en" maxlength="200" value="Attack"`, "This field is required."}},
		{name: "a responder may not write", as: auth.RoleResponder, method: http.MethodPost, path: pd.base + "/statements",
			form: matrixStatementForm(nil), status: 403},
	})
	// An approval needs both languages: the refusal says which is missing.
	half, err := pd.publish.CreateStatement(context.Background(), pd.actor(auth.RoleComms), pd.inc, publish.StatementDraft{
		Kind: publish.FAQ, Phase: publish.Investigating, Texts: map[string]publish.Text{"de": {Title: "Fragen", Body: "Antworten"}}})
	if err != nil {
		t.Fatalf("half statement: %v", err)
	}
	rec := pd.as(auth.RoleLead).post(fmt.Sprintf("%s/statements/%d/approve", pd.base, half.ID), nil)
	if rec.Code != http.StatusBadRequest || !bytes.Contains(rec.Body.Bytes(), []byte("texts.en")) {
		t.Errorf("approving a statement without English: %d\n%s", rec.Code, truncate(rec.Body.String(), 1500))
	}
}

func TestPublishStatusPageChangesComponentsAndShowsTheirHistory(t *testing.T) {
	pd := newPublishDesk(t)
	ctx := context.Background()
	mail, err := pd.publish.AddComponent(ctx, pd.actor(auth.RoleLead), publish.ComponentEdit{Names: map[string]string{"de": "E-Mail", "en": "E-mail"}})
	if err != nil {
		t.Fatalf("component: %v", err)
	}
	if _, err := pd.publish.SetComponentStatus(ctx, pd.actor(auth.RoleLead), mail.ID, publish.MajorOutage); err != nil {
		t.Fatalf("status: %v", err)
	}
	compPath := fmt.Sprintf("/public/components/%d", mail.ID)
	runScenarios(t, pd.testDesk, []scenario{
		{name: "a hotline agent sees the status without forms", as: auth.RoleHotline, path: "/public/status", status: 200,
			contains:    []string{"E-mail", `pub-status-major_outage`, `class="pub-days"`},
			notContains: []string{`action="/public/components"`}},
		{name: "a responder restores the system", as: auth.RoleResponder, method: http.MethodPost, path: compPath + "/status",
			form: matrixForm("status", "operational"), status: 303, location: "/public/status?done=publish_component_status_set"},
		{name: "a status that does not exist", as: auth.RoleResponder, method: http.MethodPost, path: compPath + "/status",
			form: matrixForm("status", "on_fire"), status: 400, contains: []string{"Please choose one of the offered values."}},
		{name: "a rename without an English name", as: auth.RoleComms, method: http.MethodPost, path: compPath,
			form: matrixForm("names.de", "Post", "names.en", ""), status: 400,
			contains: []string{`<details class="pub-comp-edit" open>`, `value="Post"`, "This field is required."}},
		{name: "a viewer may not add one", as: auth.RoleViewer, method: http.MethodPost, path: "/public/components",
			form: matrixForm("names.de", "Portal", "names.en", "Portal"), status: 403},
	})
	rec := pd.as(auth.RoleViewer).get("/public/status")
	// Today's cell shows the outage of today, though the status is back.
	if !bytes.Contains(rec.Body.Bytes(), []byte(`pub-status-major_outage" title=`)) || !bytes.Contains(rec.Body.Bytes(), []byte(`data-status="operational"`)) {
		t.Errorf("the status page does not show today's outage in the history of a restored system:\n%s", truncate(rec.Body.String(), 3000))
	}
}

func TestPublishSettingsAreForAdminsAndLeadsAndShowNumbersOnly(t *testing.T) {
	pd := newPublishDesk(t)
	runScenarios(t, pd.testDesk, []scenario{
		{name: "comms may not see them", as: auth.RoleComms, path: "/public/settings", status: 403},
		{name: "a URL that is none", as: auth.RoleLead, method: http.MethodPost, path: "/public/settings",
			form: matrixForm("url", "status.beispiel", "press_email", "presse@beispiel.example"), status: 400,
			contains: []string{`id="page-url" placeholder="https://status.example.com" value="status.beispiel"`, "This value is not valid."}},
		{name: "a press address that is none", as: auth.RoleLead, method: http.MethodPost, path: "/public/settings",
			form: matrixForm("press_email", "presse at beispiel"), status: 400, contains: []string{"This is not a valid e-mail address."}},
		{name: "saved", as: auth.RoleLead, method: http.MethodPost, path: "/public/settings",
			form: matrixForm("names.de", "Beispiel GmbH", "url", "https://status.beispiel.example", "self_check", "1",
				"hotline_phone", "+49 511 1234560", "range_incident_id", fmt.Sprint(pd.inc)),
			status: 303, location: "/public/settings?done=publish_settings_saved"},
		{name: "the page shows them and the counts", as: auth.RoleLead, path: "/public/settings", status: 200,
			contains: []string{`value="https://status.beispiel.example"`, `id="self-check" checked`, `id="subscriber-counts"`, `id="mail-counts"`}},
	})
	page, err := pd.publish.Page(context.Background(), pd.actor(auth.RoleLead))
	if err != nil || !page.SelfCheck || page.RangeIncidentID != pd.inc || page.Names["de"] != "Beispiel GmbH" {
		t.Errorf("the page settings are %+v, %v", page, err)
	}

	upload := func(as auth.Role, incident string, data string) *httptest.ResponseRecorder {
		c := pd.as(as)
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf", c.csrf)
		_ = mw.WriteField("incident", incident)
		if data != "" {
			fw, _ := mw.CreateFormFile("passwords", "pw.txt")
			_, _ = fw.Write([]byte(data))
		}
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/public/settings/passwords", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return c.do(req)
	}
	rec := upload(auth.RoleLead, fmt.Sprint(pd.inc), "123456\npassword\n5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:3\n")
	if rec.Code != 200 || !bytes.Contains(rec.Body.Bytes(), []byte(`id="pw-imported">2 distinct hashes stored.`)) {
		t.Errorf("upload: %d\n%s", rec.Code, truncate(rec.Body.String(), 2000))
	}
	rows, err := pd.publish.PasswordRange(context.Background(), "5BAA6")
	if err != nil || len(rows) != 1 || rows[0].Count != 4 {
		t.Errorf("range 5BAA6 after the upload: %+v, %v; want password's hash counted 4 times", rows, err)
	}
	if rec := upload(auth.RoleLead, fmt.Sprint(pd.inc), ""); rec.Code != 400 || !bytes.Contains(rec.Body.Bytes(), []byte("This field is required.")) {
		t.Errorf("upload without a file: %d", rec.Code)
	}
	if rec := upload(auth.RoleComms, fmt.Sprint(pd.inc), "123456\n"); rec.Code != 403 {
		t.Errorf("comms uploads: %d", rec.Code)
	}
}
