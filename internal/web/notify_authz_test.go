package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The campaign routes in the authorization matrix (authz_matrix_test.go).
// Everyone on the team sees templates and campaigns; comms, leads, admins
// and the incident lead write and run them; a lead, comms or the incident
// lead who did not create a campaign approves it, and its creator never
// does, whatever their role. Template saves, letter batches, test sends
// and the relay settings leave the incident's fingerprint as it is (they
// are audited, not on the timeline), so they are marked keeps;
// notify_pages_test.go checks what they change.

func init() {
	for route, vs := range notifyMatrixRules {
		if _, dup := matrixRules[route]; dup {
			panic("notifyMatrixRules repeats " + route)
		}
		matrixRules[route] = vs
	}
}

// campaignStage is how far a case's campaign has come before the call.
type campaignStage int

const (
	stageTemplate campaignStage = iota // a template, no campaign
	stageDraft                         // a draft created by the desk's lead
	stageOwnDraft                      // a draft created by the caller when they may
	stageApproved
	stageRunning
	stagePaused
	stageBatch // running, with a letter batch
	stageSent  // running, and every e-mail sent (the desk's other running campaigns too)
)

// withCampaign is a setup that brings the case's incident (and the other
// incident's, for cases whose path names its objects) to stage.
func withCampaign(stage campaignStage) func(*matrixCase) {
	return func(x *matrixCase) {
		for _, c := range []*matrixCase{x, x.foreign} {
			if c != nil {
				c.campaignFixture(stage)
			}
		}
	}
}

// withRelay sets the desk's relay to the test relay; every case sets the
// same.
func withRelay(x *matrixCase) {
	if err := x.d.notify.SaveSMTP(context.Background(), x.d.actor(auth.RoleAdmin), x.d.relay.config()); err != nil {
		x.t.Fatalf("relay: %v", err)
	}
}

func (x *matrixCase) campaignFixture(stage campaignStage) {
	x.t.Helper()
	ctx, lead, id := context.Background(), x.d.actor(auth.RoleLead), x.inc.ID
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	fail := func(what string, err error) {
		if err != nil {
			x.t.Fatalf("campaign fixture: %s: %v", what, err)
		}
	}
	tpl := &notify.Template{Name: "Matrix template", Fallback: "en", Company: "Matrix GmbH", Hotline: "+49 511 123456", Contents: []notify.Content{
		{Lang: "de", Subject: "Information", Body: deBody}, {Lang: "en", Subject: "Information", Body: enBody}}}
	fail("template", x.d.notify.SaveTemplate(ctx, lead, id, tpl))
	x.ids["tid"] = tpl.ID
	if stage == stageTemplate {
		return
	}
	_, err := x.d.people.ImportFindings(ctx, lead, id, "findings", "matrix.jsonl", strings.NewReader(testFindings()))
	fail("findings", err)
	seg := &people.Segment{Name: "Everyone"}
	fail("segment", x.d.people.SaveSegment(ctx, lead, id, seg))
	x.ids["seg"] = seg.ID
	found, err := x.d.people.Lookup(ctx, lead, id, joergMueller.id)
	fail("lookup", err)
	x.ids["person"] = found[0].ID
	mailed, err := x.d.people.Lookup(ctx, lead, id, annaSchmidt.email)
	fail("lookup", err)
	x.ids["mailed"] = mailed[0].ID // has an e-mail address: her message goes out by mail
	creator := lead
	if stage == stageOwnDraft && x.user != nil {
		if r, err := x.d.notify.Rights(ctx, x.callerActor(), id); err == nil && r.Edit {
			creator = x.callerActor()
		}
	}
	cp, err := x.d.notify.CreateCampaign(ctx, creator, id, notify.NewCampaign{Name: "Matrix campaign", Kind: notify.Individual,
		SegmentID: seg.ID, TemplateID: tpl.ID, Channel: notify.ByEmail, LetterFallback: true})
	fail("campaign", err)
	x.ids["cid"] = cp.ID
	if stage <= stageOwnDraft {
		return
	}
	second := x.d.users[auth.RoleComms]
	fail("team", x.d.incidents.SetMember(ctx, lead, id, second.ID, incident.RoleMember))
	fail("approve", x.d.notify.Approve(ctx, x.d.actor(auth.RoleComms), id, cp.ID))
	if stage == stageApproved {
		return
	}
	withRelay(x)
	fail("start", x.d.notify.Start(ctx, lead, id, cp.ID))
	switch stage {
	case stagePaused:
		fail("pause", x.d.notify.Pause(ctx, lead, id, cp.ID))
	case stageBatch:
		b, err := x.d.notify.CreateLetterBatch(ctx, lead, id, cp.ID, 10)
		fail("batch", err)
		x.ids["batch"] = b.ID
	case stageSent:
		fail("send", x.d.notify.NewRunner(notify.RunnerOptions{ID: "matrix"}).RunUntilIdle(ctx))
	}
}

// personQuery is a preview's path for the case's letter person, or for
// the other incident's template and person when the case names those.
func personQuery(suffix string) func(*matrixCase) string {
	return func(x *matrixCase) string {
		objects := x
		if x.foreign != nil {
			objects = x.foreign
		}
		return fmt.Sprintf("/incidents/%d/templates/%d/preview%s?person=%d", x.inc.ID, objects.ids["tid"], suffix, objects.ids["person"])
	}
}

func matrixTemplateForm(*matrixCase) url.Values {
	return templateForm("Matrix template", deBody, enBody)
}

func matrixRelayForm(x *matrixCase) url.Values {
	cfg := x.d.relay.config()
	return matrixForm("host", cfg.Host, "port", fmt.Sprint(cfg.Port), "tls", "none", "from", cfg.From, "from_name", cfg.FromName,
		"password", "matrix relay password")
}

// ownPolicy reports whether an HTML answer may carry a policy of its own:
// the preview page frames the e-mail's HTML, which comes sandboxed.
func ownPolicy(path, csp string) bool {
	return strings.HasSuffix(path, "/preview") && csp == previewPageCSP ||
		strings.HasSuffix(path, "/preview.html") && csp == mailPreviewCSP
}

var notifyMatrixRules = map[string][]matrixVariant{
	"GET /incidents/{id}/templates":     {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"GET /incidents/{id}/templates/new": {{need: rightCampaigns, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/templates": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		form: matrixTemplateForm}},
	"GET /incidents/{id}/templates/{tid}": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withCampaign(stageTemplate)}},
	"POST /incidents/{id}/templates/{tid}": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		setup: withCampaign(stageTemplate), form: matrixTemplateForm}},
	"GET /incidents/{id}/templates/{tid}/preview": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withCampaign(stageTemplate)}},
	"POST /incidents/{id}/templates/{tid}/preview": {{need: rightView, ok: 200, ctype: htmlAnswer, keeps: true,
		setup: withCampaign(stageDraft), form: fixedForm("q", annaSchmidt.email)}},
	"GET /incidents/{id}/templates/{tid}/preview.html": {{need: rightCampaigns, ok: 200, ctype: htmlAnswer,
		setup: withCampaign(stageDraft), path: personQuery(".html")}},
	"GET /incidents/{id}/templates/{tid}/preview.pdf": {{need: rightCampaigns, ok: 200, ctype: "application/pdf",
		setup: withCampaign(stageDraft), path: personQuery(".pdf")}},
	"POST /incidents/{id}/templates/{tid}/test": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		setup: func(x *matrixCase) { withCampaign(stageDraft)(x); withRelay(x) },
		form:  func(x *matrixCase) url.Values { return matrixForm("person", fmt.Sprint(x.ids["person"])) }}},

	"GET /incidents/{id}/campaigns":     {{need: rightView, ok: 200, ctype: htmlAnswer}},
	"GET /incidents/{id}/campaigns/new": {{need: rightCampaigns, ok: 200, ctype: htmlAnswer}},
	"POST /incidents/{id}/campaigns": {{need: rightCampaigns, ok: 303, goes: "/incidents/", setup: withCampaign(stageDraft),
		form: func(x *matrixCase) url.Values {
			return matrixForm("name", "Second campaign", "kind", "individual", "segment", fmt.Sprint(x.ids["seg"]),
				"template", fmt.Sprint(x.ids["tid"]), "channel", "letter")
		}}},
	"GET /incidents/{id}/campaigns/{cid}": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withCampaign(stageRunning)}},
	"POST /incidents/{id}/campaigns/{cid}/approve": {
		{name: "second person", need: rightApprove, ok: 303, goes: "/incidents/", setup: withCampaign(stageDraft)},
		{name: "its creator", need: rightNobody, ok: 303, goes: "/incidents/", setup: withCampaign(stageOwnDraft)},
	},
	"POST /incidents/{id}/campaigns/{cid}/start":  {{need: rightCampaigns, ok: 303, goes: "/incidents/", setup: withCampaign(stageApproved)}},
	"POST /incidents/{id}/campaigns/{cid}/pause":  {{need: rightCampaigns, ok: 303, goes: "/incidents/", setup: withCampaign(stageRunning)}},
	"POST /incidents/{id}/campaigns/{cid}/resume": {{need: rightCampaigns, ok: 303, goes: "/incidents/", setup: withCampaign(stagePaused)}},
	"POST /incidents/{id}/campaigns/{cid}/cancel": {{need: rightCampaigns, ok: 303, goes: "/incidents/", setup: withCampaign(stageDraft)}},
	"POST /incidents/{id}/campaigns/{cid}/batches": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		setup: withCampaign(stageRunning), form: fixedForm("size", "10")}},
	"GET /incidents/{id}/campaigns/{cid}/batches/{batch}/letters.pdf": {{need: rightCampaigns, ok: 200, ctype: "application/pdf",
		setup: withCampaign(stageBatch)}},
	"GET /incidents/{id}/campaigns/{cid}/batches/{batch}/addresses.csv": {{need: rightCampaigns, ok: 200, ctype: "text/csv",
		setup: withCampaign(stageBatch)}},
	"POST /incidents/{id}/campaigns/{cid}/batches/{batch}/posted": {{need: rightCampaigns, ok: 303, goes: "/incidents/", keeps: true,
		setup: withCampaign(stageBatch)}},
	"GET /incidents/{id}/campaigns/{cid}/persons/{person}/letter.pdf": {{need: rightCampaigns, ok: 200, ctype: "application/pdf",
		setup: withCampaign(stageRunning)}},

	"GET /admin/smtp":       {{need: rightAdmin, ok: 200, ctype: htmlAnswer}},
	"POST /admin/smtp":      {{need: rightAdmin, ok: 303, goes: "/admin/smtp?done=", keeps: true, form: matrixRelayForm}},
	"POST /admin/smtp/test": {{need: rightAdmin, ok: 303, goes: "/admin/smtp?done=", keeps: true, setup: withRelay}},

	"GET /api/v1/incidents/{id}/templates": {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"POST /api/v1/incidents/{id}/templates": {{need: rightCampaigns, ok: 201, ctype: jsonAnswer, keeps: true,
		json: fixedJSON(map[string]any{"name": "API template", "standard": true})}},
	"GET /api/v1/incidents/{id}/campaigns": {{need: rightView, ok: 200, ctype: jsonAnswer}},
	"POST /api/v1/incidents/{id}/campaigns": {{need: rightCampaigns, ok: 201, ctype: jsonAnswer, setup: withCampaign(stageDraft),
		json: func(x *matrixCase) any {
			return map[string]any{"name": "API campaign", "segment_id": x.ids["seg"], "template_id": x.ids["tid"], "channel": "email"}
		}}},
	"GET /api/v1/incidents/{id}/campaigns/{cid}": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageRunning)}},
	"POST /api/v1/incidents/{id}/campaigns/{cid}/approve": {
		{name: "second person", need: rightApprove, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageDraft)},
		{name: "its creator", need: rightNobody, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageOwnDraft)},
	},
	"POST /api/v1/incidents/{id}/campaigns/{cid}/start":  {{need: rightCampaigns, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageApproved)}},
	"POST /api/v1/incidents/{id}/campaigns/{cid}/pause":  {{need: rightCampaigns, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageRunning)}},
	"POST /api/v1/incidents/{id}/campaigns/{cid}/resume": {{need: rightCampaigns, ok: 200, ctype: jsonAnswer, setup: withCampaign(stagePaused)}},
	"POST /api/v1/incidents/{id}/campaigns/{cid}/cancel": {{need: rightCampaigns, ok: 200, ctype: jsonAnswer, setup: withCampaign(stageDraft)}},
}
