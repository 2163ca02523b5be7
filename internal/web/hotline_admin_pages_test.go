package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// hlAdminDesk is a desk with an incident whose register holds the test
// persons (Wang Wei has a phone number), comms, hotline and viewer on its
// team, and a phone system token.
type hlAdminDesk struct {
	*testDesk
	inc   *incident.Incident
	token string
	base  string // /incidents/{id}/hotline
}

func newHLAdminDesk(t *testing.T) *hlAdminDesk {
	t.Helper()
	d := newTestDesk(t)
	inc := d.newIncident("Customer database stolen", auth.RoleComms, auth.RoleHotline, auth.RoleViewer)
	ctx := context.Background()
	if _, err := d.people.ImportFindings(ctx, d.actor(auth.RoleLead), inc.ID, "findings", "findings.jsonl", strings.NewReader(testFindings())); err != nil {
		t.Fatalf("import: %v", err)
	}
	token, err := d.hotline.NewCTIToken(ctx, d.actor(auth.RoleLead), inc.ID)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	return &hlAdminDesk{testDesk: d, inc: inc, token: token, base: fmt.Sprintf("/incidents/%d/hotline", inc.ID)}
}

// zammadPost posts a form as Zammad's generic CTI integration does:
// urlencoded, user[] repeated.
func (d *hlAdminDesk) zammadPost(token string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/api/v1/cti/"+token, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = "198.51.100.7:5060"
	rec := httptest.NewRecorder()
	d.srv.ServeHTTP(rec, req)
	return rec
}

func zammadForm(event, callID string, kv ...string) url.Values {
	f := url.Values{"event": {event}, "from": {wangWei.phoneE164[1:]}, "to": {"4951112345678"}, "direction": {"in"}, "callId": {callID}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

func TestCTIWebhookTakesZammadShapedFormPosts(t *testing.T) {
	d := newHLAdminDesk(t)
	for _, step := range []struct {
		form  url.Values
		state hotline.CallState
	}{
		{zammadForm("newCall", "zammad-1", "user[]", "Alice Agent", "user[]", "Bob Agent", "queue", "helpdesk"), hotline.Ringing},
		{zammadForm("answer", "zammad-1", "user[]", "Alice Agent", "answeringNumber", "42"), hotline.Talking},
		{zammadForm("answer", "zammad-1", "user[]", "Alice Agent", "answeringNumber", "42"), hotline.Talking}, // again: no change
		{zammadForm("hangup", "zammad-1", "cause", "normalClearing", "answeringNumber", "42"), hotline.HungUp},
	} {
		rec := d.zammadPost(d.token, step.form)
		if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "{}" ||
			!strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("%s: %d %q (%s)", step.form.Get("event"), rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
		}
		calls, err := d.hotline.Calls(context.Background(), d.actor(auth.RoleHotline), d.inc.ID)
		if err != nil || len(calls) != 1 {
			t.Fatalf("calls: %v, %d", err, len(calls))
		}
		c := calls[0]
		if c.State != step.state || !c.Affected || c.Person == nil {
			t.Fatalf("after %s: state %s, affected %v", step.form.Get("event"), c.State, c.Affected)
		}
		if step.form.Get("event") == "answer" && c.Private.User != "Alice Agent" {
			t.Fatalf("the answering agent is %q", c.Private.User)
		}
	}
	// A hangup of a call nobody answered: rejected, as Zammad's missed call.
	d.zammadPost(d.token, zammadForm("newCall", "zammad-2"))
	d.zammadPost(d.token, zammadForm("hangup", "zammad-2", "cause", "cancel"))
	calls, _ := d.hotline.Calls(context.Background(), d.actor(auth.RoleHotline), d.inc.ID)
	if len(calls) != 2 || calls[0].CallID != "zammad-2" || calls[0].State != hotline.Rejected {
		t.Fatalf("the missed call: %+v", calls)
	}
	for _, secret := range append(wangWei.secrets(), d.token) {
		if strings.Contains(d.logs.String(), secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

func TestCTIWebhookTakesJSON(t *testing.T) {
	d := newHLAdminDesk(t)
	post := func(body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/cti/"+d.token, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
		rec := httptest.NewRecorder()
		d.srv.ServeHTTP(rec, req)
		checkAgainstOpenAPI(t, req, rec)
		return rec
	}
	// Numbers unquoted, user as a list (Zammad's JSON) and as a string.
	for _, body := range []string{
		`{"event":"newCall","from":8613800138000,"to":"4951112345678","direction":"in","callId":"json-1","user":["Alice"]}`,
		`{"event":"answer","from":"8613800138000","to":"4951112345678","direction":"in","callId":"json-1","user":"Alice","answeringNumber":"42"}`,
	} {
		if rec := post(body); rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != "{}" {
			t.Fatalf("%s: %d %s", body, rec.Code, rec.Body.String())
		}
	}
	calls, _ := d.hotline.Calls(context.Background(), d.actor(auth.RoleHotline), d.inc.ID)
	if len(calls) != 1 || calls[0].State != hotline.Talking || !calls[0].Affected {
		t.Fatalf("calls %+v", calls)
	}
	if rec := post(`{"event":`); rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "callId") {
		t.Fatalf("broken JSON: %d %s", rec.Code, rec.Body.String())
	}
}

func TestCTIWebhookRefusesBadEventsAndUnknownTokens(t *testing.T) {
	d := newHLAdminDesk(t)
	rec := d.zammadPost(d.token, url.Values{"event": {"newCall"}, "from": {wangWei.phoneE164}})
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "callId is missing") {
		t.Fatalf("no callId: %d %s", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), wangWei.phoneE164[1:]) {
		t.Fatalf("the error quotes the number: %s", rec.Body.String())
	}
	rec = d.zammadPost(d.token, zammadForm("ringing", "x-1"))
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "newCall, answer, hangup") {
		t.Fatalf("unknown event: %d %s", rec.Code, rec.Body.String())
	}
	wrong := "not-the-token-0123456789"
	rec = d.zammadPost(wrong, zammadForm("newCall", "x-2"))
	if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), wrong) {
		t.Fatalf("unknown token: %d %s", rec.Code, rec.Body.String())
	}
	var answer jsonError
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil || answer.Error.Code != "not_found" {
		t.Fatalf("unknown token answer %s: %v", rec.Body.String(), err)
	}
	// Guessing tokens is held back like guessing passwords.
	var held int
	for range 30 {
		if rec := d.zammadPost(wrong, zammadForm("newCall", "x-3")); rec.Code == http.StatusTooManyRequests {
			held++
			if rec.Header().Get("Retry-After") == "" {
				t.Fatal("429 without Retry-After")
			}
		}
	}
	if held == 0 {
		t.Fatal("30 wrong tokens from one address were never held back")
	}
	if strings.Contains(d.logs.String(), wrong) {
		t.Fatal("the log holds the wrong token")
	}
}

func TestCallEventsStreamToTheConsole(t *testing.T) {
	d := newHLAdminDesk(t)
	// A write timeout far shorter than a console stays open: the stream
	// pushes its deadline on, so the server's timeout meant for pages
	// does not cut it.
	srv := httptest.NewUnstartedServer(d.srv)
	srv.Config.WriteTimeout = 300 * time.Millisecond
	srv.Start()
	defer srv.Close()
	viewer := d.as(auth.RoleViewer)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+d.base+"/calls/events", nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: viewer.cookie})
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		if !lines.Scan() {
			t.Fatalf("the stream ended: %v", lines.Err())
		}
		return lines.Text()
	}
	for next() != ": connected" {
	}
	time.Sleep(3 * srv.Config.WriteTimeout) // past the server's write timeout
	d.zammadPost(d.token, zammadForm("newCall", "sse-1"))
	var event, data string
	for event == "" || data == "" {
		line := next()
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			event = v
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			data = v
		}
	}
	var got callEvent
	if err := json.Unmarshal([]byte(data), &got); err != nil {
		t.Fatal(err)
	}
	if event != "call" || got.CallID != "sse-1" || got.State != "ringing" {
		t.Fatalf("event %q data %s", event, data)
	}
	for _, secret := range []string{wangWei.phoneE164[1:], "13800138000", wangWei.name} {
		if strings.Contains(data, secret) {
			t.Fatalf("the event holds %q", secret)
		}
	}
	// The console closes: the server's handler ends and lets go of the
	// subscription (the broker then has no listener; see the service test).
	cancel()
	resp.Body.Close()

	// An outsider gets no stream.
	rec := d.as(auth.RoleResponder).get(d.base + "/calls/events")
	if rec.Code != http.StatusNotFound {
		t.Fatalf("a responder off the team: %d", rec.Code)
	}
}

func TestDashboardDrawsInquiriesPerHourAsSVG(t *testing.T) {
	d := newHLAdminDesk(t)
	ctx, agent := context.Background(), d.actor(auth.RoleHotline)
	for _, n := range []hotline.NewInquiry{
		{Channel: hotline.ByPhone, Topic: "bank", Questions: []string{"bank-what-to-do"}, Outcome: hotline.Answered},
		{Channel: hotline.ByPhone, Topic: "bank", Questions: []string{"bank-what-to-do"}, Outcome: hotline.Answered},
		{Channel: hotline.ByWeb, Topic: "press", Outcome: hotline.DataRequest, Request: hotline.AccessRequest,
			Private: hotline.Private{CallerName: "Erika Mustermann", CallerPhone: "+49 170 1234567"}},
	} {
		if _, err := d.hotline.LogInquiry(ctx, agent, d.inc.ID, n); err != nil {
			t.Fatalf("log: %v", err)
		}
	}
	rec := d.as(auth.RoleViewer).get(d.base + "/dashboard")
	checkAnswer(t, rec, scenario{status: 200, contains: []string{
		`<svg class="hl-chart"`, `class="hl-bar hl-phone"`, `class="hl-bar hl-web"`, ", Phone: 2</title>",
		`id="hl-open">1<`, `id="hl-requests">1<`, "Access request", "Top questions", `data-key="bank-what-to-do"`,
		`/static/hotline_admin.js`,
	}, notContains: []string{"Erika", "Mustermann", "1234567", "<script>"}})
	if !strings.Contains(rec.Body.String(), "bank") {
		t.Error("the topic chart does not name the topic")
	}
	rec = d.as(auth.RoleViewer).get(d.base + "/dashboard?hours=5")
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("an unknown window: %d", rec.Code)
	}
}

func TestPerHourChartStacksChannels(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	p := &page{Lang: "en", cat: cat, loc: time.UTC}
	start := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	hours := []hotline.Hour{
		{Start: start, ByChannel: map[hotline.Channel]int64{}},
		{Start: start.Add(time.Hour), ByChannel: map[hotline.Channel]int64{hotline.ByPhone: 3, hotline.ByMail: 1}},
	}
	svg := string(perHourChart(p, hours, func(ch hotline.Channel) string { return string(ch) }))
	// The busiest hour fills the plot: phone 3/4 of it, mail on top.
	plotH := float64(hourChartHeight - hourChartTop - hourChartBottom)
	heights := map[string]float64{}
	for _, m := range regexp.MustCompile(`class="hl-bar hl-(\w+)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"`).FindAllStringSubmatch(svg, -1) {
		h, _ := strconv.ParseFloat(m[2], 64)
		heights[m[1]] = h
	}
	if len(heights) != 2 || heights["phone"] != roundTenth(plotH*3/4) || heights["mail"] != roundTenth(plotH/4) {
		t.Fatalf("bar heights %v, want phone %.1f mail %.1f\n%s", heights, plotH*3/4, plotH/4, svg)
	}
	if !strings.Contains(svg, "08:00") || !strings.Contains(svg, "09:00") {
		t.Fatalf("the axis lacks the hours: %s", svg)
	}
	empty := string(perHourChart(p, hours[:1], func(ch hotline.Channel) string { return string(ch) }))
	if !strings.Contains(empty, "No inquiries in this window.") || strings.Contains(empty, "hl-bar") {
		t.Fatalf("an empty window: %s", empty)
	}
}

func roundTenth(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 1, 64), 64)
	return v
}

// scriptForm writes contents as the script editor's form.
func scriptForm(contents []hotline.ScriptContent) url.Values {
	f := url.Values{"langs": {strconv.Itoa(len(contents))}}
	for l, c := range contents {
		key := func(name string) string { return fmt.Sprintf("%s.%d", name, l) }
		f.Set(key("lang"), c.Lang)
		f.Set(key("script"), c.Script)
		var topics []string
		for _, t := range c.Topics {
			topics = append(topics, t.Key+" | "+t.Label)
		}
		f.Set(key("topics"), strings.Join(topics, "\n"))
		f.Set(key("ack_subject"), c.AckSubject)
		f.Set(key("ack_body"), c.AckBody)
		f.Set(fmt.Sprintf("rows.%d", l), strconv.Itoa(len(c.FAQ)+1))
		for i, e := range c.FAQ {
			row := func(name string) string { return fmt.Sprintf("faq.%d.%d.%s", l, i, name) }
			f.Set(row("key"), e.Key)
			f.Set(row("question"), e.Question)
			f.Set(row("answer"), e.Answer)
			for _, s := range e.Situations {
				f.Add(row("sit"), string(s))
			}
		}
	}
	return f
}

func TestScriptEditorAndFourEyesApproval(t *testing.T) {
	d := newHLAdminDesk(t)
	ctx := context.Background()
	comms, lead := d.as(auth.RoleComms), d.as(auth.RoleLead)
	rec := comms.post(d.base+"/scripts", nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("new draft: %d %s", rec.Code, truncate(rec.Body.String(), 500))
	}
	draftURL, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
	sid, _ := strconv.ParseInt(draftURL[strings.LastIndexByte(draftURL, '/')+1:], 10, 64)
	sc, err := d.hotline.Script(ctx, d.actor(auth.RoleComms), d.inc.ID, sid)
	if err != nil {
		t.Fatal(err)
	}
	// The author sees the editor, and cannot approve: four eyes.
	checkAnswer(t, comms.get(draftURL), scenario{status: 200, contains: []string{`id="script-editor"`, `name="faq.0.0.question"`,
		`id="approve" disabled`, "Only a lead, an admin or the incident lead"}})
	// Edit: the first FAQ row goes, a new one comes through the empty row.
	form := scriptForm(sc.Contents)
	form.Set("faq.0.0.remove", "1")
	n := len(sc.Contents[0].FAQ)
	form.Set(fmt.Sprintf("faq.0.%d.question", n), "Muss ich meine Karte sperren?")
	form.Set(fmt.Sprintf("faq.0.%d.answer", n), "Nur wenn Sie verdächtige Buchungen sehen.")
	form.Add(fmt.Sprintf("faq.0.%d.sit", n), string(hotline.AffectedBank))
	if rec := comms.post(draftURL, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", rec.Code, truncate(rec.Body.String(), 1500))
	}
	saved, _ := d.hotline.Script(ctx, d.actor(auth.RoleComms), d.inc.ID, sid)
	faq := saved.Contents[0].FAQ
	if len(faq) != n || faq[n-1].Key != "muss-ich-meine-karte-sperren" || faq[n-1].Situations[0] != hotline.AffectedBank ||
		faq[0].Key == sc.Contents[0].FAQ[0].Key {
		t.Fatalf("the FAQ after the edit: %+v", faq)
	}
	// A broken row comes back with the reason, nothing stored.
	bad := scriptForm(saved.Contents)
	bad.Set(fmt.Sprintf("faq.0.%d.question", len(faq)), "A question without an answer")
	checkAnswer(t, comms.post(draftURL, bad), scenario{status: 400, contains: []string{"row " + strconv.Itoa(len(faq)+1), "needs its text and an answer"}})

	// The lead did not write it: approves.
	checkAnswer(t, lead.get(draftURL), scenario{status: 200, contains: []string{`id="approve">`}, notContains: []string{`id="script-editor"`}})
	if rec := comms.post(draftURL+"/approve", nil); rec.Code != http.StatusForbidden {
		t.Fatalf("comms approved: %d", rec.Code)
	}
	if rec := lead.post(draftURL+"/approve", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("lead approve: %d %s", rec.Code, truncate(rec.Body.String(), 800))
	}
	if got, _ := d.hotline.ApprovedScript(ctx, d.actor(auth.RoleLead), d.inc.ID); got == nil || got.ID != sid {
		t.Fatalf("approved %+v, want version %d", got, sid)
	}
	// The lead's own draft: the page says why the button is off, and the
	// service refuses.
	rec = lead.post(d.base+"/scripts", nil)
	own, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
	checkAnswer(t, lead.get(own), scenario{status: 200, contains: []string{`id="approve" disabled`, "You wrote this version"}})
	checkAnswer(t, lead.post(own+"/approve", nil), scenario{status: 403, contains: []string{"four eyes"}})
	// Comms may not edit the lead's draft, but may start a new version from it.
	checkAnswer(t, comms.get(own), scenario{status: 200, contains: []string{`id="copy-script"`}, notContains: []string{`id="script-editor"`}})
	checkAnswer(t, d.as(auth.RoleHotline).get(d.base+"/scripts"), scenario{status: 200, contains: []string{"Version 1", "Version 2"},
		notContains: []string{`id="new-draft"`}})
}

func TestHotlineSettingsMaskTheInboxPasswordAndShowTheTokenOnce(t *testing.T) {
	d := newHLAdminDesk(t)
	lead := d.as(auth.RoleLead)
	form := url.Values{"sla_phone": {"0"}, "sla_mail": {"12"}, "sla_web": {"24"}, "inbox": {"imaps://hotline:s3cret-pass@mail.example.test/INBOX"},
		"inbox_address": {"hotline@example.test"}, "from_name": {"Hotline"}, "acknowledge": {"1"},
		"dpo": {strconv.FormatInt(d.users[auth.RoleLead].ID, 10)}, "press": {"Press office"}}
	if rec := lead.post(d.base+"/settings", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", rec.Code, truncate(rec.Body.String(), 1500))
	}
	page := lead.get(d.base + "/settings")
	checkAnswer(t, page, scenario{status: 200, contains: []string{hotline.MaskedPassword, `value="12"`, "Press office"},
		notContains: []string{"s3cret-pass"}})
	// Saved back with the mask, the password stays.
	form.Set("inbox", "imaps://hotline:"+hotline.MaskedPassword+"@mail.example.test/INBOX")
	form.Set("sla_mail", "6")
	if rec := lead.post(d.base+"/settings", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("save with the mask: %d %s", rec.Code, truncate(rec.Body.String(), 1500))
	}
	st, _ := d.hotline.Settings(context.Background(), d.actor(auth.RoleLead), d.inc.ID)
	if u, err := url.Parse(st.Inbox); err != nil || st.SLA[hotline.ByMail] != 6*time.Hour || u.User == nil {
		t.Fatalf("settings %+v (%v)", st, err)
	} else if pw, _ := u.User.Password(); pw != hotline.MaskedPassword {
		t.Fatalf("settings %+v", st)
	}
	checkAnswer(t, lead.post(d.base+"/settings", url.Values{"sla_mail": {"soon"}}), scenario{status: 400, contains: []string{"problem"}})
	checkAnswer(t, d.as(auth.RoleComms).get(d.base+"/settings"), scenario{status: 403})

	// A new token: shown once with the webhook URL, and it works.
	rec := lead.post(d.base+"/settings/cti-token", nil)
	m := regexp.MustCompile(`/api/v1/cti/([A-Za-z0-9_-]{20,})`).FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("token page: %d %s", rec.Code, truncate(rec.Body.String(), 1500))
	}
	if r := d.zammadPost(m[1], zammadForm("newCall", "after-token")); r.Code != http.StatusOK {
		t.Fatalf("the new token: %d %s", r.Code, r.Body.String())
	}
	if r := d.zammadPost(d.token, zammadForm("newCall", "old-token")); r.Code != http.StatusNotFound {
		t.Fatalf("the old token: %d", r.Code)
	}
	if strings.Contains(lead.get(d.base+"/settings").Body.String(), m[1]) {
		t.Fatal("the token shows again")
	}
}
