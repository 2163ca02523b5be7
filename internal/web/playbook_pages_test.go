package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// supplierPlaybook is a valid playbook for import tests, in two languages.
const supplierPlaybook = `name: supplier-leak
version: 2
kind: data_theft
title:
  en: Leak at a supplier
  de: Datenleck bei einem Dienstleister
description:
  en: When a service provider loses our customers' data.
  de: Wenn ein Dienstleister Daten unserer Kunden verliert.
contacts:
  - role: supplier
    label:
      en: Supplier's security contact
      de: Sicherheitskontakt des Dienstleisters
phases:
  - name:
      en: Mobilise
      de: Mobilisieren
    tasks:
      - title:
          en: Call the supplier
          de: Dienstleister anrufen
        role: incident_lead
        due: aware+2h
        checklist:
          - en: Ask which systems were affected
            de: Nach betroffenen Systemen fragen
      - title:
          en: Report to the authority
          de: Meldung an die Aufsicht
        role: dpo
        due: aware+72h
`

// brokenPlaybook has three mistakes on known lines.
const brokenPlaybook = `name: Supplier_Leak
title: Leak at a supplier
kind: datatheft
phases:
  - name: Mobilise
    tasks:
      - title: Call the supplier
        due: aware+2std
`

func TestPlaybookLibraryIsReadByEveryoneLoggedIn(t *testing.T) {
	d := newTestDesk(t)
	var scenarios []scenario
	for _, role := range auth.Roles {
		scenarios = append(scenarios, scenario{
			name: string(role) + " reads the library", as: role, path: "/playbooks", status: http.StatusOK,
			contains: []string{"Data theft with extortion", `href="/playbooks/data-theft"`, "Built in", `aria-current="page"`},
		})
		scenarios = append(scenarios, scenario{
			name: string(role) + " reads a playbook", as: role, path: "/playbooks/data-theft", status: http.StatusOK,
			contains: []string{"<h1", "Data theft with extortion", "Phases and tasks", "after awareness", "Contacts to find", "/playbooks/data-theft/source"},
		})
	}
	scenarios = append(scenarios,
		scenario{name: "anonymous is sent to log in", path: "/playbooks", status: http.StatusSeeOther, location: "/login?next=%2Fplaybooks"},
		scenario{name: "anonymous cannot read a playbook", path: "/playbooks/data-theft", status: http.StatusSeeOther, location: "/login"},
		scenario{name: "anonymous cannot download a playbook", path: "/playbooks/data-theft/source", status: http.StatusSeeOther, location: "/login"},
		scenario{name: "a lead may import and use playbooks", as: auth.RoleLead, path: "/playbooks", status: http.StatusOK,
			contains: []string{`href="/playbooks/import"`, `href="/incidents/new?playbook=data-theft"`}},
		scenario{name: "a viewer neither imports nor opens incidents", as: auth.RoleViewer, path: "/playbooks", status: http.StatusOK,
			notContains: []string{`href="/playbooks/import"`, `/incidents/new`}},
		scenario{name: "a German reader sees the German texts", as: auth.RoleLead, path: "/playbooks/data-theft?lang=de", status: http.StatusOK,
			contains: []string{"Datendiebstahl mit Erpressung", `lang="de"`}},
		scenario{name: "an unknown content language falls back to the reader's", as: auth.RoleLead, path: "/playbooks/data-theft?lang=xx", status: http.StatusOK,
			contains: []string{"Data theft with extortion"}},
		scenario{name: "an unknown playbook is not found", as: auth.RoleLead, path: "/playbooks/no-such-plan", status: http.StatusNotFound},
	)
	runScenarios(t, d, scenarios)
}

func TestPlaybookSourceIsTheYAMLFile(t *testing.T) {
	d := newTestDesk(t)
	rec := d.as(auth.RoleViewer).get("/playbooks/data-theft/source")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="data-theft.yaml"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if !strings.Contains(rec.Body.String(), "name: data-theft") {
		t.Errorf("body is not the playbook's YAML:\n%s", truncate(rec.Body.String(), 500))
	}
}

func TestPlaybookImportIsForLeadsAndAdmins(t *testing.T) {
	d := newTestDesk(t)
	form := url.Values{"source": {supplierPlaybook}}
	var scenarios []scenario
	for _, role := range []auth.Role{auth.RoleResponder, auth.RoleComms, auth.RoleHotline, auth.RoleViewer} {
		scenarios = append(scenarios,
			scenario{name: string(role) + " may not see the import form", as: role, path: "/playbooks/import", status: http.StatusForbidden},
			scenario{name: string(role) + " may not import", as: role, method: http.MethodPost, path: "/playbooks/import", form: form,
				status: http.StatusForbidden, notContains: []string{"supplier-leak"}},
		)
	}
	for _, role := range []auth.Role{auth.RoleAdmin, auth.RoleLead} {
		scenarios = append(scenarios, scenario{name: string(role) + " sees the import form", as: role, path: "/playbooks/import",
			status: http.StatusOK, contains: []string{`enctype="multipart/form-data"`, `name="file"`, `name="source"`, `name="csrf"`}})
	}
	scenarios = append(scenarios,
		scenario{name: "anonymous is sent to log in", path: "/playbooks/import", status: http.StatusSeeOther, location: "/login"},
		scenario{name: "a form without the CSRF token is refused", as: auth.RoleLead, method: http.MethodPost, path: "/playbooks/import",
			form: url.Values{"source": {supplierPlaybook}, "csrf": {"forged"}}, status: http.StatusForbidden},
	)
	runScenarios(t, d, scenarios)
	if _, err := d.incidents.Playbook(t.Context(), "supplier-leak"); err == nil {
		t.Error("a refused import stored the playbook")
	}
}

func TestPlaybookImportShowsEveryProblemWithItsLine(t *testing.T) {
	d := newTestDesk(t)
	runScenarios(t, d, []scenario{
		{
			name: "a broken playbook lists each problem and keeps the text", as: auth.RoleLead, method: http.MethodPost,
			path: "/playbooks/import", form: url.Values{"source": {brokenPlaybook}}, status: http.StatusBadRequest,
			contains: []string{
				"Line 1", "<code>name</code>", "use lower-case letters",
				"Line 3", "<code>kind</code>",
				"Line 8", "phases[0].tasks[0].due", "unknown unit",
				"3 problem(s)", "name: Supplier_Leak", `aria-invalid="true"`,
			},
		},
		{
			name: "YAML that does not parse names its line", as: auth.RoleLead, method: http.MethodPost,
			path: "/playbooks/import", form: url.Values{"source": {"name: x\ntitle: [unclosed\nphases: []\n"}}, status: http.StatusBadRequest,
			contains: []string{"Line ", "not valid YAML"},
		},
		{
			name: "an empty form asks for a playbook", as: auth.RoleLead, method: http.MethodPost,
			path: "/playbooks/import", form: url.Values{"source": {"  "}}, status: http.StatusBadRequest,
			contains: []string{"This field is required."},
		},
		{
			name: "the name of a built-in playbook is taken", as: auth.RoleAdmin, method: http.MethodPost, path: "/playbooks/import",
			form:   url.Values{"source": {strings.Replace(supplierPlaybook, "name: supplier-leak", "name: data-theft", 1)}},
			status: http.StatusConflict, contains: []string{"a built-in playbook is called", "choose another name", "Leak at a supplier"},
		},
	})
	if _, err := d.incidents.Playbook(t.Context(), "supplier-leak"); err == nil {
		t.Error("a failed import stored the playbook")
	}
}

func TestImportedPlaybookCanBeReadAndDownloaded(t *testing.T) {
	d := newTestDesk(t)
	lead := d.as(auth.RoleLead)
	rec := lead.post("/playbooks/import", url.Values{"source": {strings.ReplaceAll(supplierPlaybook, "\n", "\r\n")}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/playbooks/supplier-leak?done=playbook_imported"})

	runScenarios(t, d, []scenario{
		{name: "the page confirms the import", as: auth.RoleLead, path: "/playbooks/supplier-leak?done=playbook_imported",
			status: http.StatusOK, contains: []string{"The playbook has been imported.", "Leak at a supplier"}},
		{name: "the page shows phases, roles, due times and checklists", as: auth.RoleViewer, path: "/playbooks/supplier-leak",
			status: http.StatusOK, contains: []string{
				"<title>Leak at a supplier", "When a service provider loses", "Mobilise", "Call the supplier",
				"Incident lead", "2 h after awareness", "72 h after awareness", "Data-protection officer",
				"Ask which systems were affected", "Supplier&#39;s security contact", "Imported by Test lead", "Version",
			}},
		{name: "the library lists it as imported", as: auth.RoleViewer, path: "/playbooks", status: http.StatusOK,
			contains: []string{"Leak at a supplier", "Imported by Test lead", "1 phases, 2 tasks, 1 contacts"}},
		{name: "it reads in German on request", as: auth.RoleViewer, path: "/playbooks/supplier-leak?lang=de", status: http.StatusOK,
			contains: []string{"Datenleck bei einem Dienstleister", "Dienstleister anrufen"}},
	})

	src := d.as(auth.RoleViewer).get("/playbooks/supplier-leak/source")
	if src.Code != http.StatusOK || !strings.Contains(src.Body.String(), "name: supplier-leak\nversion: 2") {
		t.Errorf("download: status %d, body:\n%s", src.Code, truncate(src.Body.String(), 300))
	}
	if strings.Contains(src.Body.String(), "\r") {
		t.Error("the stored source kept the browser's CRLF line ends")
	}
}

func TestPlaybookImportTakesAnUploadedFile(t *testing.T) {
	d := newTestDesk(t)
	lead := d.as(auth.RoleLead)
	upload := func(content string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf", lead.csrf)
		_ = mw.WriteField("source", "")
		fw, err := mw.CreateFormFile("file", "playbook.yaml")
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
		_ = mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/playbooks/import", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return lead.do(req)
	}
	checkAnswer(t, upload(brokenPlaybook), scenario{status: http.StatusBadRequest,
		contains: []string{"Line 8", "unknown unit", "name: Supplier_Leak"}})
	checkAnswer(t, upload(supplierPlaybook), scenario{status: http.StatusSeeOther, location: "/playbooks/supplier-leak"})
	if _, err := d.incidents.Playbook(t.Context(), "supplier-leak"); err != nil {
		t.Fatalf("the uploaded playbook is not in the library: %v", err)
	}
}
