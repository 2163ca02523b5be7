package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The hotline's admin routes in the authorization matrix
// (authz_matrix_test.go). Every member sees the dashboard, the scripts and
// the call events; comms, leads, admins and the incident lead write
// scripts (hotline.Rights.WriteScripts, the campaigns' rule); leads,
// admins and the incident lead change the settings and approve a script
// (the manage rule) — never its author (four eyes). Script saves,
// settings and tokens are audited, not on the timeline, so they are
// marked keeps; hotline_admin_pages_test.go checks what they change. The
// phone system's webhook is open: its token is its credential.

func init() {
	for route, vs := range hotlineAdminMatrixRules {
		if _, dup := matrixRules[route]; dup {
			panic("hotlineAdminMatrixRules repeats " + route)
		}
		matrixRules[route] = vs
	}
}

// withScript gives the case's incident a draft script: the caller's own
// when own is set and they may write scripts, else the desk lead's.
func withScript(own bool) func(*matrixCase) {
	return func(x *matrixCase) {
		x.t.Helper()
		ctx, id := context.Background(), x.inc.ID
		author := x.d.actor(auth.RoleLead)
		if own && x.user != nil {
			if r, err := x.d.hotline.Rights(ctx, x.callerActor(), id); err == nil && r.WriteScripts {
				author = x.callerActor()
			}
		}
		sc := &hotline.Script{IncidentID: id}
		if err := x.d.hotline.SaveScript(ctx, author, id, sc); err != nil {
			x.t.Fatalf("script fixture: %v", err)
		}
		if x.ids == nil {
			x.ids = map[string]int64{}
		}
		x.ids["sid"] = sc.ID
	}
}

// matrixCTITokens holds each case's phone system token, by case.
var matrixCTITokens sync.Map // *matrixCase -> string

// withCTIToken opens an incident of the desk's lead with a phone system
// token for the case; the webhook's path names it.
func withCTIToken(x *matrixCase) {
	x.t.Helper()
	ctx, lead := context.Background(), x.d.actor(auth.RoleLead)
	inc, err := x.d.incidents.Create(ctx, lead, incident.NewIncident{Title: fmt.Sprintf("Phone system incident %d", x.n),
		Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, AwareAt: x.d.now.Add(-30 * time.Hour), Summary: "Calls."})
	if err != nil {
		x.t.Fatalf("incident for the token: %v", err)
	}
	token, err := x.d.hotline.NewCTIToken(ctx, lead, inc.ID)
	if err != nil {
		x.t.Fatalf("token: %v", err)
	}
	matrixCTITokens.Store(x, token)
	// The path's {token} is no ID: fill finds a stand-in through the
	// case's incident and ids, and ctiPath writes the real path.
	x.inc = inc
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	x.ids["token"] = -1
}

func ctiPath(x *matrixCase) string {
	token, _ := matrixCTITokens.Load(x)
	return "/api/v1/cti/" + token.(string)
}

// streamOnce requests an event stream and ends it after the first bytes,
// as a browser that closes the console would.
func streamOnce(x *matrixCase, c *client, path string) *httptest.ResponseRecorder {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, path, nil)
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: c.cookie})
	}
	req.RemoteAddr = "192.0.2.1:40000"
	w := &cancelOnWrite{ResponseRecorder: httptest.NewRecorder(), cancel: cancel}
	x.d.srv.ServeHTTP(w, req)
	return w.ResponseRecorder
}

// cancelOnWrite cancels a request once the answer's first bytes are
// written.
type cancelOnWrite struct {
	*httptest.ResponseRecorder
	cancel func()
}

func (w *cancelOnWrite) Write(b []byte) (int, error) {
	n, err := w.ResponseRecorder.Write(b)
	w.cancel()
	return n, err
}

// matrixScriptForm is the editor's form of the default script.
func matrixScriptForm(*matrixCase) url.Values { return scriptForm(hotline.DefaultContents()) }

var hotlineAdminMatrixRules = map[string][]matrixVariant{
	"POST /api/v1/cti/{token}": {{need: rightOpen, ok: 200, ctype: jsonAnswer, setup: withCTIToken, path: ctiPath,
		form: fixedForm("event", "newCall", "from", "4930609854180", "to", "4951112345678", "direction", "in", "callId", "matrix-call", "user[]", "Agent")}},
	"GET /incidents/{id}/hotline/calls/events":  {{need: rightView, ok: 200, ctype: "text/event-stream", request: streamOnce}},
	"GET /incidents/{id}/hotline/dashboard":     {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"GET /incidents/{id}/hotline/scripts":       {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withScript(false)}},
	"POST /incidents/{id}/hotline/scripts":      {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true}},
	"GET /incidents/{id}/hotline/scripts/{sid}": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withScript(false)}},
	"POST /incidents/{id}/hotline/scripts/{sid}": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		setup: withScript(true), form: matrixScriptForm}},
	"POST /incidents/{id}/hotline/scripts/{sid}/approve": {
		{name: "second person", need: rightManage, ok: 303, goes: "/incidents/", setup: withScript(false)},
		{name: "its author", need: rightNobody, ok: 303, goes: "/incidents/", setup: withScript(true)},
	},
	"GET /incidents/{id}/hotline/settings": {{need: rightManage, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/hotline/settings": {{need: rightManage, ok: 303, goes: "/incidents/", keeps: true,
		form: fixedForm("sla_phone", "0", "sla_mail", "12", "sla_web", "24", "inbox_address", "hotline@matrix.test",
			"from_name", "Matrix hotline", "acknowledge", "1", "press", "Press office, +49 511 000")}},
	"POST /incidents/{id}/hotline/settings/cti-token": {{need: rightManage, ok: 200, ctype: htmlAnswer, keeps: true}},
}
