package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The SME case through the desk's forms: facts, risk decision, filing of
// the Art. 33 notification with its reference, and the breach register.
func TestObligationPagesFileTheArt33Notification(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Mail server taken over", auth.RoleViewer)
	lead := d.as(auth.RoleLead)
	base := fmt.Sprintf("/incidents/%d", inc.ID)

	page := lead.get(base + "/obligations")
	if page.Code != http.StatusOK {
		t.Fatalf("obligations view: %d\n%s", page.Code, page.Body)
	}
	body := page.Body.String()
	for _, want := range []string{`data-rule="gdpr.33"`, "data-until=", "Obligations"} {
		if !strings.Contains(body, want) {
			t.Errorf("obligations view lacks %q", want)
		}
	}

	res := lead.post(base+"/facts", url.Values{
		"establishment_country": {"DE"}, "de_land": {"NI"}, "breach_types": {"confidentiality", "availability"},
		"malicious": {"yes"}, "persons_total": {"1.200"}, "persons_by_country": {"DE: 1200"},
		"data_categories": {"email", "name", "postal_address"}, "contact_point": {"Datenschutz, dsb@example.test"},
	})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("save facts: %d\n%s", res.Code, res.Body)
	}
	res = lead.post(base+"/facts", url.Values{"establishment_country": {"DE"}, "persons_total": {"10"}, "persons_by_country": {"DE: 11"}})
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), `id="persons_by_country"`) {
		t.Fatalf("contradicting counts: %d, want 400 with the field marked", res.Code)
	}

	res = lead.post(base+"/risk", url.Values{"dpc_base": {"2"}, "dpc_adjust": {"0"}, "ei": {"1"}, "cb_confidentiality": {"0.5"},
		"cb_integrity": {"0"}, "cb_availability": {"0.25"}, "cb_malicious": {"on"}, "decision": {"authority"}})
	if res.Code != http.StatusBadRequest {
		t.Fatalf("a decision below the advice without a reason: %d, want 400", res.Code)
	}
	res = lead.post(base+"/risk", url.Values{"dpc_base": {"2"}, "dpc_adjust": {"0"}, "ei": {"1"}, "cb_confidentiality": {"0.5"},
		"cb_integrity": {"0"}, "cb_availability": {"0.25"}, "cb_malicious": {"on"}, "decision": {"individuals"}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("risk decision: %d\n%s", res.Code, res.Body)
	}

	viewer := d.as(auth.RoleViewer)
	if res := viewer.post(base+"/obligations/gdpr.33/waiver", url.Values{"reason": {"no"}}); res.Code != http.StatusForbidden {
		t.Fatalf("viewer waives: %d, want 403", res.Code)
	}

	res = lead.postDocument(base+"/obligations/gdpr.33/filings", url.Values{"channel": {"portal"}, "reference": {"LfD-NI 2026/4711"}},
		upload{name: "meldung.pdf", data: []byte("%PDF-1.4 the form as sent")})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("file gdpr.33: %d\n%s", res.Code, res.Body)
	}
	body = lead.get(base + "/obligations").Body.String()
	if !strings.Contains(body, "LfD-NI 2026/4711") || !strings.Contains(body, "duty-filed") {
		t.Errorf("the filed duty does not show its reference and status")
	}
	timeline := lead.get(base).Body.String()
	if !strings.Contains(timeline, "LfD-NI 2026/4711") {
		t.Errorf("the filing is not on the timeline")
	}
	reg := lead.get("/register")
	if reg.Code == http.StatusOK && !strings.Contains(reg.Body.String(), "Mail server taken over") {
		t.Errorf("the breach register does not list the incident")
	}
}

// The API: obligations in the documented shape, facts patched and refused
// with the field named, a filing recorded.
func TestObligationAPI(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Ransomware", auth.RoleViewer)
	api := d.apiAs(auth.RoleLead)
	path := fmt.Sprintf("/api/v1/incidents/%d", inc.ID)

	res := apiCall(t, api, http.MethodPatch, path+"/facts", map[string]any{
		"establishment_country": "DE", "de_land": "NI", "persons_total": 40, "persons_by_country": map[string]int{"DE": 40},
	}, nil)
	if res.Code != http.StatusOK {
		t.Fatalf("patch facts: %d %s", res.Code, res.Body)
	}
	res = apiCall(t, api, http.MethodPatch, path+"/facts", map[string]any{"persons_by_country": map[string]int{"DE": 41}}, nil)
	if res.Code != http.StatusBadRequest || !strings.Contains(res.Body.String(), "persons_by_country") {
		t.Fatalf("contradicting facts: %d %s, want 400 naming persons_by_country", res.Code, res.Body)
	}
	res = apiCall(t, api, http.MethodPatch, path+"/facts", map[string]any{"establishment_contry": "DE"}, nil)
	if res.Code != http.StatusBadRequest {
		t.Fatalf("unknown field: %d, want 400", res.Code)
	}

	var obs []map[string]any
	res = apiCall(t, api, http.MethodGet, path+"/obligations", nil, nil)
	if err := json.Unmarshal(res.Body.Bytes(), &obs); err != nil || res.Code != http.StatusOK {
		t.Fatalf("obligations: %d %v", res.Code, err)
	}
	var gdpr map[string]any
	for _, o := range obs {
		for _, key := range []string{"rule", "regime", "recipient", "due_at", "deadline_kind", "status", "applies", "reason", "basis"} {
			if _, ok := o[key]; !ok {
				t.Fatalf("obligation %v lacks %q", o["rule"], key)
			}
		}
		if o["rule"] == "gdpr.33" {
			gdpr = o
		}
	}
	if gdpr == nil || gdpr["applies"] != true || gdpr["status"] != "open" || gdpr["due_at"] == nil {
		t.Fatalf("gdpr.33 = %v, want an open applying duty with a due time", gdpr)
	}
	due := inc.AwareAt.Add(72 * time.Hour).UTC().Format(time.RFC3339Nano)
	if gdpr["due_at"] != due {
		t.Errorf("gdpr.33 due_at = %v, want %s (72 h after awareness)", gdpr["due_at"], due)
	}

	res = apiCall(t, api, http.MethodPost, path+"/obligations/gdpr.33/filings", map[string]any{
		"channel": "portal", "reference": "NI-2026-1",
		"document": map[string]any{"name": "meldung.pdf", "content_type": "application/pdf", "data_base64": "JVBERi0xLjQK"},
	}, nil)
	if res.Code != http.StatusCreated || !strings.Contains(res.Body.String(), `"document_sha256"`) {
		t.Fatalf("file: %d %s", res.Code, res.Body)
	}
	viewer := d.apiAs(auth.RoleViewer)
	if res := apiCall(t, viewer, http.MethodPost, path+"/obligations/gdpr.33/filings", map[string]any{"channel": "portal"}, nil); res.Code != http.StatusForbidden {
		t.Fatalf("viewer files: %d, want 403", res.Code)
	}
	entries, err := d.incidents.Timeline(context.Background(), d.actor(auth.RoleLead), inc.ID, incident.TimelinePage{})
	if err != nil {
		t.Fatal(err)
	}
	var filed bool
	for _, e := range entries {
		filed = filed || (e.Event != nil && e.Event.Name == "duty_filed")
	}
	if !filed {
		t.Errorf("no duty_filed entry on the timeline")
	}
}

// postDocument posts a multipart form with one file in the "document" input.
func (c *client) postDocument(path string, fields url.Values, f upload) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", c.csrf)
	for name, values := range fields {
		for _, v := range values {
			_ = mw.WriteField(name, v)
		}
	}
	fw, _ := mw.CreateFormFile("document", f.name)
	_, _ = fw.Write(f.data)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}
