package hotline_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestSLAAndOverdue(t *testing.T) {
	d := newDesk(t)
	id := d.inc.ID
	st, err := d.svc.Settings(d.ctx, d.actor("lead"), id)
	if err != nil {
		t.Fatal(err)
	}
	if st.SLA[hotline.ByMail] != 24*time.Hour || !st.Acknowledge {
		t.Fatalf("default settings = %+v", st)
	}
	st.SLA[hotline.ByWeb] = 2 * time.Hour
	if err := d.svc.SaveSettings(d.ctx, d.actor("lead"), id, *st); err != nil {
		t.Fatal(err)
	}
	start := d.clock.Now()
	call, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByPhone, Topic: "affected"})
	if err != nil {
		t.Fatal(err)
	}
	if call.FirstResponseAt == nil || !call.FirstResponseAt.Equal(start) {
		t.Errorf("a call is answered on the call: first response %v, want %v", call.FirstResponseAt, start)
	}
	letter, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByMail, Topic: "other"})
	if err != nil {
		t.Fatal(err)
	}
	web, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByWeb, Topic: "other"})
	if err != nil {
		t.Fatal(err)
	}
	if !letter.FirstResponseDue.Equal(start.Add(24*time.Hour)) || letter.FirstResponseAt != nil {
		t.Errorf("mail: due %v, answered %v; want due in 24 h, unanswered", letter.FirstResponseDue, letter.FirstResponseAt)
	}
	if !web.FirstResponseDue.Equal(start.Add(2 * time.Hour)) {
		t.Errorf("web: due %v, want the 2 h set", web.FirstResponseDue)
	}
	due := start.Add(30 * time.Minute)
	cb, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Callback, CallbackDue: &due})
	if err != nil {
		t.Fatal(err)
	}
	if cb.Status != hotline.Open {
		t.Errorf("a callback is %s, want open", cb.Status)
	}
	overdue := func() []int64 {
		t.Helper()
		qs, err := d.svc.Inquiries(d.ctx, d.actor("viewer"), id, hotline.Filter{Overdue: true})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, q := range qs {
			ids = append(ids, q.ID)
		}
		slices.Sort(ids)
		return ids
	}
	if got := overdue(); len(got) != 0 {
		t.Errorf("overdue at the start: %v", got)
	}
	d.clock.Add(time.Hour)
	if got := overdue(); !slices.Equal(got, []int64{cb.ID}) {
		t.Errorf("overdue after 1 h: %v, want the callback %d", got, cb.ID)
	}
	d.clock.Add(2 * time.Hour)
	if got := overdue(); !slices.Equal(got, []int64{web.ID, cb.ID}) {
		t.Errorf("overdue after 3 h: %v, want web %d and callback %d", got, web.ID, cb.ID)
	}
	d.clock.Add(22 * time.Hour)
	if got := overdue(); !slices.Equal(got, []int64{letter.ID, web.ID, cb.ID}) {
		t.Errorf("overdue after 25 h: %v, want mail, web, callback", got)
	}
	// Answering ends it.
	answered := hotline.Answered
	q, err := d.svc.UpdateInquiry(d.ctx, d.actor("hotline"), id, letter.ID, hotline.InquiryChange{Outcome: &answered, Notes: "called back"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != hotline.Closed || q.FirstResponseAt == nil || q.ClosedAt == nil {
		t.Errorf("answered: %s, first response %v, closed %v", q.Status, q.FirstResponseAt, q.ClosedAt)
	}
	if got := overdue(); !slices.Equal(got, []int64{web.ID, cb.ID}) {
		t.Errorf("overdue after answering the mail: %v", got)
	}
	cbs, err := d.svc.Inquiries(d.ctx, d.actor("hotline"), id, hotline.Filter{Callbacks: true})
	if err != nil || len(cbs) != 1 || cbs[0].ID != cb.ID {
		t.Errorf("callback queue = %v, %v; want the one callback", cbs, err)
	}
}

func TestMonthClamp(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2025-01-31T10:00:00Z", "2025-02-28T10:00:00Z"},
		{"2024-01-31T10:00:00Z", "2024-02-29T10:00:00Z"},
		{"2025-03-31T23:59:00Z", "2025-04-30T23:59:00Z"},
		{"2025-12-31T08:00:00Z", "2026-01-31T08:00:00Z"},
		{"2025-08-15T12:30:00Z", "2025-09-15T12:30:00Z"},
		{"2025-02-28T00:00:00Z", "2025-03-28T00:00:00Z"},
	}
	for _, c := range cases {
		in, _ := time.Parse(time.RFC3339, c.in)
		if got := hotline.MonthLater(in).Format(time.RFC3339); got != c.want {
			t.Errorf("month after %s = %s, want %s", c.in, got, c.want)
		}
	}
	// Through the service: the desk's clock stands at Jan 31.
	d := newDesk(t)
	q, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByWeb,
		Outcome: hotline.DataRequest, Request: hotline.ErasureReq})
	if err != nil {
		t.Fatal(err)
	}
	if q.RequestDue == nil || q.RequestDue.Format("2006-01-02") != "2025-02-28" || q.Status != hotline.Open {
		t.Errorf("erasure request of Jan 31: due %v, status %s; want Feb 28, open", q.RequestDue, q.Status)
	}
	d.clock.Add(29 * 24 * time.Hour)
	qs, err := d.svc.Inquiries(d.ctx, d.actor("hotline"), d.inc.ID, hotline.Filter{Overdue: true})
	if err != nil || len(qs) != 1 || qs[0].ID != q.ID {
		t.Errorf("overdue on Mar 1: %v, %v; want the request", qs, err)
	}
}

func TestEscalationQueuesMailWithoutPersonalData(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	id := d.inc.ID
	st, _ := d.svc.Settings(d.ctx, d.actor("lead"), id)
	st.DPOUserID = d.users["dpo"].ID
	st.InboxAddress = "hotline@breach.example"
	if err := d.svc.SaveSettings(d.ctx, d.actor("lead"), id, *st); err != nil {
		t.Fatal(err)
	}
	res, _ := d.svc.Lookup(d.ctx, d.actor("hotline"), id, maxEmail, "en")
	pid := res.Callers[0].Person.ID
	priv := hotline.Private{CallerName: "Max Mustermann", CallerEmail: maxEmail, CallerPhone: "+49 170 7654321",
		Notes: "Says a loan was taken out in his name with ID T22000129."}
	q, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByPhone, PersonID: pid,
		Topic: "id_documents", Outcome: hotline.Escalated, Private: priv})
	if err != nil {
		t.Fatal(err)
	}
	if q.AssigneeID != d.users["dpo"].ID || q.Status != hotline.Open || q.Match != hotline.Affected {
		t.Errorf("escalated: assignee %d, %s, %s; want the DPO %d, open, affected", q.AssigneeID, q.Status, q.Match, d.users["dpo"].ID)
	}
	v, err := d.svc.RevealInquiry(d.ctx, d.actor("lead"), id, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Mails) != 1 {
		t.Fatalf("%d mails, want the escalation", len(v.Mails))
	}
	m := v.Mails[0]
	if m.Direction != hotline.Outbound || m.Kind != hotline.Escalation || m.State != hotline.Queued ||
		!strings.HasPrefix(m.MessageID, "<") || !strings.HasSuffix(m.MessageID, "@breach.example>") {
		t.Errorf("mail = %+v", m)
	}
	if m.Private.To != d.users["dpo"].Email || !strings.Contains(m.Private.Text, hotline.InquiryPath(id, q.ID)) {
		t.Errorf("mail to %q with text %q; want the DPO and the inquiry's page", m.Private.To, m.Private.Text)
	}
	all := m.Private.Subject + m.Private.Text + m.Private.HTML + strings.Join(m.Private.AttachmentNames, "")
	for _, secret := range []string{"Max", "Mustermann", maxEmail, "7654321", "T22000129", "loan"} {
		if strings.Contains(all, secret) {
			t.Errorf("the escalation mail holds %q", secret)
		}
	}
	if v.Private.CallerEmail != maxEmail || v.Private.Notes != priv.Notes {
		t.Errorf("the revealed inquiry = %+v", v.Private)
	}
	if n := len(d.audits("inquiry.reveal")); n != 1 {
		t.Errorf("%d inquiry reveals audited, want 1", n)
	}
	// The assignee's list, masked.
	mine, err := d.svc.Inquiries(d.ctx, d.actor("dpo"), id, hotline.Filter{AssigneeID: d.users["dpo"].ID})
	if err != nil || len(mine) != 1 {
		t.Fatalf("assigned to the DPO: %v, %v", mine, err)
	}
	if mine[0].Private.CallerEmail == maxEmail || mine[0].Private.Notes != "" || mine[0].Private.CallerName == priv.CallerName {
		t.Errorf("the list shows %+v unmasked", mine[0].Private)
	}
	// The masked view shows the notes, masks the addresses.
	view, err := d.svc.Inquiry(d.ctx, d.actor("hotline"), id, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if view.Private.CallerEmail == maxEmail || view.Mails[0].Private.To == d.users["dpo"].Email || view.Person == nil {
		t.Errorf("the view = %+v, mail to %q", view.Private, view.Mails[0].Private.To)
	}
	// Re-escalating to the same person queues nothing new; to another does.
	escalated := hotline.Escalated
	if _, err := d.svc.UpdateInquiry(d.ctx, d.actor("hotline"), id, q.ID, hotline.InquiryChange{Outcome: &escalated}); err != nil {
		t.Fatal(err)
	}
	lead := d.users["lead"].ID
	if _, err := d.svc.UpdateInquiry(d.ctx, d.actor("hotline"), id, q.ID, hotline.InquiryChange{AssigneeID: &lead}); err != nil {
		t.Fatal(err)
	}
	v, _ = d.svc.RevealInquiry(d.ctx, d.actor("lead"), id, q.ID)
	if len(v.Mails) != 2 || v.Mails[1].Private.To != d.users["lead"].Email {
		t.Errorf("after re-assigning: %d mails", len(v.Mails))
	}
	// Without a DPO set, an escalation needs an assignee.
	d2 := newDesk(t)
	_, err = d2.svc.LogInquiry(d2.ctx, d2.actor("hotline"), d2.inc.ID, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Escalated})
	if errs.FieldsOf(err)["assignee_id"] != errs.Required {
		t.Errorf("escalation without anyone: err = %v, want assignee_id required", err)
	}
	// An outsider cannot be the assignee.
	out := d2.users["outsider"].ID
	_, err = d2.svc.LogInquiry(d2.ctx, d2.actor("hotline"), d2.inc.ID, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Escalated, AssigneeID: out})
	if errs.FieldsOf(err)["assignee_id"] != errs.InvalidChoice {
		t.Errorf("escalation to an outsider: err = %v, want assignee_id invalid", err)
	}
}

func TestInquiryValidationNamesEachField(t *testing.T) {
	d := newDesk(t)
	_, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{
		Channel: "fax", Outcome: hotline.Callback, Lang: "deutsch", Topic: "Bad Topic!", Questions: []string{"ok", "NOT OK"},
		PersonID: 999, Private: hotline.Private{CallerEmail: "not-an-address", CallerPhone: "12"},
	})
	want := map[string]string{
		"channel": errs.InvalidChoice, "callback_due": errs.Required, "lang": errs.InvalidChoice, "topic": errs.InvalidChoice,
		"questions": errs.InvalidChoice, "person_id": errs.InvalidChoice, "caller_email": errs.InvalidEmail, "caller_phone": errs.InvalidValue,
	}
	got := errs.FieldsOf(err)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("field %s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
	_, err = d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByWeb, Outcome: hotline.DataRequest})
	if errs.FieldsOf(err)["request"] != errs.Required {
		t.Errorf("a data request without its kind: %v", err)
	}
	future := d.clock.Now().Add(time.Hour)
	_, err = d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByMail, ReceivedAt: &future})
	if errs.FieldsOf(err)["received_at"] != errs.InFuture {
		t.Errorf("received in the future: %v", err)
	}
	if _, err := d.svc.UpdateInquiry(d.ctx, d.actor("hotline"), d.inc.ID, 12345, hotline.InquiryChange{}); !errs.Is(err, errs.NotFound) {
		t.Errorf("updating nothing: %v, want not_found", err)
	}
}
