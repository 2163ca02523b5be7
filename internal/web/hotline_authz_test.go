package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// The console's and the inquiries' rows of the authorization matrix
// (authz_matrix_test.go). They follow hotline.Rights: every member sees
// the console, the inquiries (masked) and the calls; hotline agents,
// comms, leads, admins and the incident lead log and answer inquiries,
// resend notifications and reveal a caller, one at a time (audited).
// Nobody exports: there is no route that would.

// The hotline's rights of this file.
const (
	rightHotlineAnswer right = "answer inquiries"
	rightHotlineReveal right = "reveal a caller"
)

func init() {
	answer := func(role auth.Role, leadsIncident bool) bool {
		return leadsIncident || role == auth.RoleAdmin || role == auth.RoleLead || role == auth.RoleComms || role == auth.RoleHotline
	}
	moreIncidentRights[rightHotlineAnswer] = answer
	moreIncidentRights[rightHotlineReveal] = answer
	for route, vs := range hotlineMatrixRules {
		if _, dup := matrixRules[route]; dup {
			panic("hotlineMatrixRules repeats " + route)
		}
		matrixRules[route] = vs
	}
}

// hotlineMail is a mail to the hotline's inbox with an attachment that
// holds an IBAN.
const hotlineMail = "From: Wang Wei <wang.wei@163.com>\r\nTo: hilfe@beispiel.example\r\nSubject: Meine Daten\r\n" +
	"Message-ID: <matrix-%d@163.com>\r\nDate: Mon, 2 Mar 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
	"Bin ich betroffen?\r\n--b1\r\nContent-Type: text/plain; name=konto.txt\r\nContent-Disposition: attachment; filename=konto.txt\r\n\r\n" +
	"IBAN DE89 3704 0044 0532 0130 00\r\n--b1--\r\n"

// withHotline fills the case's incident (and the other incident's, when
// the path names its objects) with the register, an approved script, an
// inquiry logged by the lead ({iid}) and a mail inquiry with an attachment
// ({aid}).
func withHotline(x *matrixCase) {
	for _, c := range []*matrixCase{x, x.foreign} {
		if c != nil {
			c.hotlineFixture()
		}
	}
}

func (x *matrixCase) hotlineFixture() {
	x.t.Helper()
	ctx, lead, id := context.Background(), x.d.actor(auth.RoleLead), x.inc.ID
	if x.ids == nil {
		x.ids = map[string]int64{}
	}
	fail := func(what string, err error) {
		if err != nil {
			x.t.Fatalf("hotline fixture: %s: %v", what, err)
		}
	}
	_, err := x.d.people.ImportFindings(ctx, lead, id, "findings", "matrix.jsonl", strings.NewReader(testFindings()))
	fail("findings", err)
	found, err := x.d.people.Lookup(ctx, lead, id, wangWei.email)
	fail("lookup", err)
	x.ids["pid"] = found[0].ID
	q, err := x.d.hotline.LogInquiry(ctx, lead, id, hotline.NewInquiry{Channel: hotline.ByPhone, PersonID: found[0].ID,
		Outcome: hotline.Answered, Lang: "de", Private: hotline.Private{Notes: "Matrix notes"}})
	fail("log inquiry", err)
	x.ids["iid"] = q.ID
	res, err := x.d.hotline.IngestMail(ctx, id, []byte(fmt.Sprintf(hotlineMail, x.n)))
	fail("ingest mail", err)
	x.ids["mail"] = res.InquiryID
	v, err := x.d.hotline.Inquiry(ctx, lead, id, res.InquiryID)
	fail("mail inquiry", err)
	for _, as := range v.Attachments {
		for _, a := range as {
			x.ids["aid"] = a.ID
		}
	}
}

// hotlineState is a fingerprint of the case's inquiries.
func (x *matrixCase) hotlineState() string {
	if x.d.hotline == nil {
		return ""
	}
	list, err := x.d.hotline.Inquiries(context.Background(), auth.CLI(), x.inc.ID, hotline.Filter{Limit: 500})
	if err != nil {
		x.t.Fatalf("hotline state: %v", err)
	}
	var b strings.Builder
	for _, q := range list {
		fmt.Fprintf(&b, " inquiry %d %s %s %s %q %d %v %s;", q.ID, q.Status, q.Outcome, q.Request, q.Topic, q.AssigneeID,
			q.CallbackDue, q.UpdatedAt.Format("2006-01-02T15:04:05.999999"))
	}
	return b.String()
}

// inquiryPath is a path below the case's mail inquiry.
func mailInquiryPath(suffix string) func(*matrixCase) string {
	return func(x *matrixCase) string {
		objects := x
		if x.foreign != nil {
			objects = x.foreign
		}
		return fmt.Sprintf("/incidents/%d/hotline/inquiries/%d%s", x.inc.ID, objects.ids["mail"], suffix)
	}
}

func personForm(x *matrixCase) url.Values {
	return matrixForm("person", fmt.Sprint(x.ids["pid"]))
}

var hotlineMatrixRules = map[string][]matrixVariant{
	"GET /incidents/{id}/hotline": {
		{need: rightView, ok: 200, ctype: htmlAnswer, setup: withHotline},
		{name: "a person", need: rightView, ok: 200, ctype: htmlAnswer, setup: withHotline,
			path: func(x *matrixCase) string {
				return fmt.Sprintf("/incidents/%d/hotline?person=%d", x.inc.ID, x.ids["pid"])
			}},
	},
	// Looking up and revealing change only the audit trail.
	"POST /incidents/{id}/hotline/lookup": {{need: rightView, ok: 200, ctype: htmlAnswer, keeps: true, setup: withHotline,
		form: fixedForm("q", wangWei.phone)}},
	"POST /incidents/{id}/hotline/reveal": {{need: rightHotlineReveal, ok: 200, ctype: htmlAnswer, keeps: true, setup: withHotline,
		form: personForm}},
	// The ledger is notify's; notify_pages_test.go and the hotline's
	// tests check what a resend queues. Only a message that went out can
	// be sent again.
	"POST /incidents/{id}/hotline/resend": {{need: rightHotlineAnswer, ok: 303, goes: "/incidents/", keeps: true,
		setup: withCampaign(stageSent), form: func(x *matrixCase) url.Values {
			return matrixForm("person", fmt.Sprint(x.ids["mailed"]), "campaign", fmt.Sprint(x.ids["cid"]))
		}}},
	"GET /incidents/{id}/hotline/inquiries": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withHotline}},
	"POST /incidents/{id}/hotline/inquiries": {{need: rightHotlineAnswer, ok: 303, goes: "/incidents/", setup: withHotline,
		form: fixedForm("channel", "phone", "match", "not_found", "lang", "en", "outcome", "answered", "notes", "Asked whether affected.")}},
	"POST /incidents/{id}/hotline/bulk-reply": {{need: rightHotlineAnswer, ok: 303, goes: "/incidents/", keeps: true, setup: withHotline,
		form: fixedForm("topic", "affected", "text", "We will write to everyone affected.")}},
	"GET /incidents/{id}/hotline/inquiries/{iid}": {{need: rightView, ok: 200, ctype: htmlAnswer, setup: withHotline}},
	"POST /incidents/{id}/hotline/inquiries/{iid}": {{need: rightHotlineAnswer, ok: 303, goes: "/incidents/", setup: withHotline,
		form: fixedForm("outcome", "callback", "callback_due", "2030-01-02T10:00", "notes", "Call back tomorrow.")}},
	"POST /incidents/{id}/hotline/inquiries/{iid}/reveal": {{need: rightHotlineReveal, ok: 200, ctype: htmlAnswer, keeps: true, setup: withHotline}},
	"POST /incidents/{id}/hotline/inquiries/{iid}/reply": {{need: rightHotlineAnswer, ok: 303, goes: "/incidents/", setup: withHotline,
		path: mailInquiryPath("/reply"), form: fixedForm("text", "You are not affected as far as we know.", "close", "1")}},
	"GET /incidents/{id}/hotline/attachments/{aid}": {{need: rightHotlineReveal, ok: 200, ctype: "text/plain", setup: withHotline}},

	"GET /api/v1/incidents/{id}/inquiries": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: withHotline}},
	"POST /api/v1/incidents/{id}/inquiries": {{need: rightHotlineAnswer, ok: 201, ctype: jsonAnswer, setup: withHotline,
		json: fixedJSON(map[string]any{"channel": "web", "outcome": "answered", "lang": "en", "match": "not_found"})}},
	"GET /api/v1/incidents/{id}/inquiries/{iid}": {{need: rightView, ok: 200, ctype: jsonAnswer, setup: withHotline}},
	"PATCH /api/v1/incidents/{id}/inquiries/{iid}": {{need: rightHotlineAnswer, ok: 200, ctype: jsonAnswer, setup: withHotline,
		json: func(x *matrixCase) any {
			return map[string]any{"outcome": "escalated", "assignee_id": x.d.users[auth.RoleLead].ID, "notes": "For the lead."}
		}}},
}
