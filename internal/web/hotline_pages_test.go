package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// hotlineDesk is the register's desk with an approved script: comms wrote
// the default draft, the lead approved it.
type hotlineDesk struct {
	*peopleDesk
	hbase string // /incidents/{id}/hotline
}

func newHotlineDesk(t *testing.T) *hotlineDesk {
	t.Helper()
	pd := newPeopleDesk(t)
	pd.importFindings()
	ctx := context.Background()
	sc := &hotline.Script{}
	if err := pd.hotline.SaveScript(ctx, pd.actor(auth.RoleComms), pd.inc.ID, sc); err != nil {
		t.Fatalf("save script: %v", err)
	}
	if err := pd.hotline.ApproveScript(ctx, pd.actor(auth.RoleLead), pd.inc.ID, sc.ID); err != nil {
		t.Fatalf("approve script: %v", err)
	}
	return &hotlineDesk{peopleDesk: pd, hbase: fmt.Sprintf("/incidents/%d/hotline", pd.inc.ID)}
}

// wangSecrets are what must not show of Wang Wei where he is masked.
var wangSecrets = []string{wangWei.email, wangWei.phone, wangWei.phoneE164, wangWei.name}

func TestHotlineConsoleFindsCallersMaskedAndSaysNotFoundHonestly(t *testing.T) {
	hd := newHotlineDesk(t)
	pid := hd.personID(wangWei)
	lookup := func(q string) url.Values { return url.Values{"q": {q}} }
	runScenarios(t, hd.testDesk, []scenario{
		{name: "the console shows the approved script", as: auth.RoleHotline, path: hd.hbase, status: 200,
			contains: []string{`id="lookup-form"`, `id="script"`, `name="script_version" value="1"`}},
		{name: "the incident page links the console", as: auth.RoleViewer, path: fmt.Sprintf("/incidents/%d", hd.inc.ID), status: 200,
			contains: []string{`class="hotline-link" href="` + hd.hbase + `"`}},
		{name: "by e-mail: affected, masked", as: auth.RoleHotline, method: http.MethodPost, path: hd.hbase + "/lookup",
			form: lookup(wangWei.email), status: 200,
			contains:    []string{`id="caller"`, fmt.Sprintf(`data-person="%d"`, pid), "Affected", `id="reveal-form"`, `name="match" value="affected"`},
			notContains: wangSecrets},
		{name: "by phone in international format", as: auth.RoleHotline, method: http.MethodPost, path: hd.hbase + "/lookup",
			form: lookup("0086 138 0013 8000"), status: 200, contains: []string{fmt.Sprintf(`data-person="%d"`, pid)}, notContains: wangSecrets},
		{name: "by phone as E.164", as: auth.RoleHotline, method: http.MethodPost, path: hd.hbase + "/lookup",
			form: lookup(wangWei.phoneE164), status: 200, contains: []string{fmt.Sprintf(`data-person="%d"`, pid)}, notContains: wangSecrets},
		{name: "by name", as: auth.RoleHotline, method: http.MethodPost, path: hd.hbase + "/lookup",
			form: lookup(wangWei.name), status: 200, contains: []string{fmt.Sprintf(`data-person="%d"`, pid)}},
		{name: "nobody: not found in the data analysed so far", as: auth.RoleHotline, method: http.MethodPost, path: hd.hbase + "/lookup",
			form: lookup("nobody@example.org"), status: 200,
			contains: []string{`id="not-found"`, "Not found in the data analysed so far", `name="match" value="not_found"`, `id="suggestions"`}},
		{name: "a viewer sees the console without the forms", as: auth.RoleViewer, path: hd.hbase + fmt.Sprintf("?person=%d", pid), status: 200,
			contains: []string{`id="caller"`}, notContains: append([]string{`id="log-form"`, `id="reveal-form"`}, wangSecrets...)},
		{name: "a viewer may not reveal", as: auth.RoleViewer, method: http.MethodPost, path: hd.hbase + "/reveal",
			form: url.Values{"person": {fmt.Sprint(pid)}}, status: 403, notContains: wangSecrets},
		{name: "a viewer may not log", as: auth.RoleViewer, method: http.MethodPost, path: hd.hbase + "/inquiries",
			form: url.Values{"channel": {"phone"}, "outcome": {"answered"}}, status: 403},
		{name: "an outsider hears not found", as: auth.RoleResponder, path: hd.hbase, status: 404, notContains: []string{hd.inc.Title}},
	})
	hd.checkNoSecretsLogged(t)
}

func TestHotlineRevealIsAnAuditedPostStoredByNoOne(t *testing.T) {
	hd := newHotlineDesk(t)
	pid := hd.personID(wangWei)
	rec := hd.as(auth.RoleHotline).post(hd.hbase+"/reveal", url.Values{"person": {fmt.Sprint(pid)}})
	checkAnswer(t, rec, scenario{status: 200, contains: []string{wangWei.email, `id="revealed"`}})
	if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	entries, err := hd.auth.Audit(context.Background(), auth.CLI(), auth.AuditFilter{IncidentID: hd.inc.ID, Action: "person.reveal"})
	if err != nil {
		t.Fatalf("audit: %v", err)
	}
	if len(entries) != 1 || entries[0].ObjectID != pid {
		t.Errorf("audit has %d person.reveal entries, want one for person %d", len(entries), pid)
	}
	hd.checkNoSecretsLogged(t)
}

func TestHotlineAgentLogsAnInquiryAndFindsItInTheList(t *testing.T) {
	hd := newHotlineDesk(t)
	pid := hd.personID(wangWei)
	agent := hd.as(auth.RoleHotline)
	form := url.Values{"channel": {"phone"}, "person_id": {fmt.Sprint(pid)}, "match": {"affected"}, "lang": {"en"},
		"topic": {"what_leaked"}, "questions": {"am_i_affected", "what_leaked"}, "answer": {"what_leaked"},
		"outcome": {"callback"}, "callback_due": {"2030-01-02T10:00"}, "script_version": {"1"},
		"caller_phone": {wangWei.phone}, "notes": {"Wants a call back tomorrow morning."}}
	rec := agent.post(hd.hbase+"/inquiries", form)
	checkAnswer(t, rec, scenario{status: 303, location: hd.hbase + "/inquiries?done=inquiry_logged#inquiry-"})
	iid := idAfter(t, rec.Header().Get("Location"), "#inquiry-")

	list := agent.get(hd.hbase + "/inquiries?callbacks=1")
	checkAnswer(t, list, scenario{status: 200, contains: []string{fmt.Sprintf(`id="inquiry-%d"`, iid), "What was taken"}, notContains: wangSecrets})
	page := agent.get(fmt.Sprintf("%s/inquiries/%d", hd.hbase, iid))
	checkAnswer(t, page, scenario{status: 200, contains: []string{"v1", "Call back", "Wants a call back"}, notContains: wangSecrets})
	// The one inquiry's view shows the notes and is on the audit trail.
	views, err := hd.auth.Audit(context.Background(), auth.CLI(), auth.AuditFilter{IncidentID: hd.inc.ID, Action: "inquiry.view"})
	if err != nil || len(views) == 0 {
		t.Errorf("the inquiry's view is not audited: %d entries, %v", len(views), err)
	}
	revealed := agent.post(fmt.Sprintf("%s/inquiries/%d/reveal", hd.hbase, iid), nil)
	checkAnswer(t, revealed, scenario{status: 200, contains: []string{`id="revealed"`, strings.TrimPrefix(wangWei.phoneE164, "+")}})
	if cc := revealed.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("revealed inquiry: Cache-Control = %q, want no-store", cc)
	}

	missing := url.Values{"channel": {"phone"}, "outcome": {"callback"}, "match": {"not_found"}}
	checkAnswer(t, agent.post(hd.hbase+"/inquiries", missing), scenario{status: 422, contains: []string{`id="log-callback-due"`, "This field is required."}})

	api := hd.apiAs(auth.RoleHotline).call(http.MethodGet, fmt.Sprintf("/api/v1/incidents/%d/inquiries", hd.inc.ID), nil)
	checkAnswer(t, api, scenario{status: 200, contains: []string{fmt.Sprintf(`"id": %d`, iid), `"outcome": "callback"`}, notContains: wangSecrets})
	hd.checkNoSecretsLogged(t)
}
