package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

var hotlineScenarios = []scenario{
	{"hotline/inquiries survive a round trip and a change; another incident's is not found", testInquiryRoundTrip},
	{"hotline/inquiries filter by status, channel, topic, person, caller, assignee, overdue and callbacks", testInquiryFilters},
	{"hotline/a mail fetched twice is stored once; the transaction goes on after the conflict", testMailsStoredOnce},
	{"hotline/attachments list without content and load with it", testHotlineAttachments},
	{"hotline/the outbox claims the lowest due mail of any incident; an abandoned lease is taken over", testMailClaims},
	{"hotline/two senders at once never claim the same mail", testConcurrentMailClaims},
	{"hotline/script versions count up per incident; one is approved at a time", testScripts},
	{"hotline/calls are saved once per call ID and listed newest first", testCalls},
	{"hotline/settings, the phone system's token and the inbox cursor", testHotlineSettings},
	{"hotline/the dashboard counts per hour, open, overdue, top questions and first responses", testHotlineDashboard},
}

func updateHotline(t *testing.T, s Stores, fn func(ctx context.Context, tx hotline.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Hotline.Update(ctx, func(tx hotline.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("hotline update: %v", err)
	}
}

// hotlineErr runs fn in a transaction and returns its error.
func hotlineErr(t *testing.T, s Stores, fn func(ctx context.Context, tx hotline.Tx) error) error {
	t.Helper()
	ctx := t.Context()
	return s.Hotline.Update(ctx, func(tx hotline.Tx) error { return fn(ctx, tx) })
}

// sealedSecret stands for a sealed value; no error may quote it.
const sealedSecret = "SEALED-SECRET"

// hotlineWorld is two incidents with an agent.
type hotlineWorld struct {
	agent, dpo *auth.User
	a, b       int64
}

func newHotlineWorld(t *testing.T, s Stores) hotlineWorld {
	t.Helper()
	return hotlineWorld{
		agent: newUser(t, s, "agent@example.org", "Agent", auth.RoleHotline),
		dpo:   newUser(t, s, "dpo@example.org", "DPO", auth.RoleLead),
		a:     newIncident(t, s, "a").ID,
		b:     newIncident(t, s, "b").ID,
	}
}

// newInquiry is an open mail inquiry of incident id received at when.
func newInquiry(id int64, when time.Time) *hotline.InquiryRow {
	return &hotline.InquiryRow{
		Inquiry: hotline.Inquiry{IncidentID: id, Channel: hotline.ByMail, Status: hotline.Open, ReceivedAt: when,
			FirstResponseDue: when.Add(24 * time.Hour), UpdatedAt: when},
		Sealed: []byte(sealedSecret),
	}
}

func addInquiries(t *testing.T, s Stores, qs ...*hotline.InquiryRow) {
	t.Helper()
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		for _, q := range qs {
			if err := tx.AddInquiry(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

func testInquiryRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	q := newInquiry(w.a, t0)
	q.Channel, q.Outcome, q.Request = hotline.ByPhone, hotline.DataRequest, hotline.AccessRequest
	q.RequestDue, q.Match, q.PersonID, q.Lang, q.Topic = ptr(at(31*24*time.Hour)), hotline.Affected, 77, "de", "bank"
	q.Questions, q.Answer, q.ScriptVersion, q.CallID = []string{"iban", "what-leaked", "iban"}, "iban", 3, "call-1"
	q.AssigneeID, q.AgentID, q.CallbackDue = w.dpo.ID, w.agent.ID, ptr(at(2*time.Hour))
	q.FirstResponseAt, q.CreatedBy, q.CallerKey = ptr(t0), w.agent.ID, []byte{1, 2, 3}
	addInquiries(t, s, q)
	if q.ID == 0 {
		t.Fatal("AddInquiry set no ID")
	}
	got := must(s.Hotline.Inquiry(ctx, w.a, q.ID))(t)
	wantEqual(t, "inquiry", got, q)

	changed := *q
	changed.Status, changed.Outcome, changed.Request, changed.RequestDue = hotline.Closed, hotline.Answered, "", nil
	changed.Match, changed.PersonID, changed.Topic, changed.Questions = hotline.NotFound, 0, "", nil
	changed.AssigneeID, changed.CallbackDue, changed.CallerKey = 0, nil, nil
	changed.ClosedAt, changed.UpdatedAt, changed.Sealed = ptr(at(time.Hour)), at(time.Hour), []byte("resealed")
	// What may not change stays.
	changed.Channel, changed.ReceivedAt, changed.CreatedBy = hotline.ByWeb, at(time.Minute), 0
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		in, err := tx.Inquiry(ctx, w.a, q.ID)
		if err != nil {
			return err
		}
		wantEqual(t, "inquiry in the transaction", in, q)
		return tx.UpdateInquiry(ctx, &changed)
	})
	want := changed
	want.Channel, want.ReceivedAt, want.CreatedBy = q.Channel, q.ReceivedAt, q.CreatedBy
	wantEqual(t, "changed inquiry", must(s.Hotline.Inquiry(ctx, w.a, q.ID))(t), &want)

	_, err := s.Hotline.Inquiry(ctx, w.b, q.ID)
	wantCode(t, err, errs.NotFound)
	_, err = s.Hotline.Inquiry(ctx, w.a, q.ID+1000)
	wantCode(t, err, errs.NotFound)
	other := changed
	other.IncidentID = w.b
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.UpdateInquiry(ctx, &other) }), errs.NotFound)
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error {
		_, err := tx.Inquiry(ctx, w.b, q.ID)
		return err
	}), errs.NotFound)
}

func ids(rows []hotline.InquiryRow) []int64 {
	out := []int64{}
	for _, r := range rows {
		out = append(out, r.ID)
	}
	return out
}

func testInquiryFilters(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	now := at(48 * time.Hour)
	// answered: closed; late: open, first response missed; fresh: open,
	// due later; callback: due soon, later; request: deadline passed.
	answered := newInquiry(w.a, t0)
	answered.Status, answered.Outcome, answered.FirstResponseAt, answered.ClosedAt = hotline.Closed, hotline.Answered, ptr(t0), ptr(t0)
	answered.Channel, answered.Topic, answered.PersonID = hotline.ByPhone, "bank", 5
	late := newInquiry(w.a, t0)
	late.Topic, late.CallerKey = "bank", []byte("caller-1")
	fresh := newInquiry(w.a, now.Add(-time.Hour))
	fresh.CallerKey, fresh.PersonID = []byte("caller-1"), 5
	cbLater := newInquiry(w.a, t0)
	cbLater.Outcome, cbLater.FirstResponseAt, cbLater.CallbackDue, cbLater.AssigneeID = hotline.Callback, ptr(t0), ptr(now.Add(time.Hour)), w.dpo.ID
	cbSoon := newInquiry(w.a, t0)
	cbSoon.Outcome, cbSoon.FirstResponseAt, cbSoon.CallbackDue = hotline.Callback, ptr(t0), ptr(now.Add(-time.Hour))
	request := newInquiry(w.a, t0)
	request.Outcome, request.Request, request.FirstResponseAt = hotline.DataRequest, hotline.ErasureReq, ptr(t0)
	request.RequestDue, request.AssigneeID = ptr(now.Add(-time.Minute)), w.dpo.ID
	elsewhere := newInquiry(w.b, t0)
	addInquiries(t, s, answered, late, fresh, cbLater, cbSoon, request, elsewhere)

	list := func(f hotline.Filter) []int64 {
		t.Helper()
		return ids(must(s.Hotline.Inquiries(ctx, w.a, f))(t))
	}
	for _, tc := range []struct {
		name string
		f    hotline.Filter
		want []int64
	}{
		{"all, newest first", hotline.Filter{}, []int64{request.ID, cbSoon.ID, cbLater.ID, fresh.ID, late.ID, answered.ID}},
		{"open", hotline.Filter{Status: hotline.Open}, []int64{request.ID, cbSoon.ID, cbLater.ID, fresh.ID, late.ID}},
		{"closed", hotline.Filter{Status: hotline.Closed}, []int64{answered.ID}},
		{"phone", hotline.Filter{Channel: hotline.ByPhone}, []int64{answered.ID}},
		{"topic", hotline.Filter{Topic: "bank"}, []int64{late.ID, answered.ID}},
		{"person", hotline.Filter{PersonID: 5}, []int64{fresh.ID, answered.ID}},
		{"caller", hotline.Filter{CallerKey: []byte("caller-1")}, []int64{fresh.ID, late.ID}},
		{"assignee", hotline.Filter{AssigneeID: w.dpo.ID}, []int64{request.ID, cbLater.ID}},
		{"overdue", hotline.Filter{Overdue: true, Now: now}, []int64{request.ID, cbSoon.ID, late.ID}},
		{"overdue and assigned", hotline.Filter{Overdue: true, Now: now, AssigneeID: w.dpo.ID}, []int64{request.ID}},
		{"callbacks, soonest due first", hotline.Filter{Callbacks: true}, []int64{cbSoon.ID, cbLater.ID}},
		{"before", hotline.Filter{Before: fresh.ID}, []int64{late.ID, answered.ID}},
		{"limit", hotline.Filter{Limit: 2}, []int64{request.ID, cbSoon.ID}},
		{"page", hotline.Filter{Status: hotline.Open, Before: cbLater.ID, Limit: 1}, []int64{fresh.ID}},
	} {
		if got := list(tc.f); !equalIDs(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	// Whether the store agrees with Inquiry.Overdue.
	for _, r := range must(s.Hotline.Inquiries(ctx, w.a, hotline.Filter{}))(t) {
		in := contains(list(hotline.Filter{Overdue: true, Now: now}), r.ID)
		if in != r.Overdue(now) {
			t.Errorf("inquiry %d: in the overdue list %v, Overdue says %v", r.ID, in, r.Overdue(now))
		}
	}
	_, err := s.Hotline.Inquiries(ctx, w.a, hotline.Filter{Overdue: true})
	wantCode(t, err, errs.Invalid)

	// 50 unless told.
	var many []*hotline.InquiryRow
	for range 55 {
		many = append(many, newInquiry(w.b, t0))
	}
	addInquiries(t, s, many...)
	if n := len(must(s.Hotline.Inquiries(ctx, w.b, hotline.Filter{}))(t)); n != 50 {
		t.Errorf("a list without a limit has %d inquiries, want 50", n)
	}
}

func equalIDs(a, b []int64) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

func contains(list []int64, id int64) bool {
	for _, v := range list {
		if v == id {
			return true
		}
	}
	return false
}

// inbound is a received mail of inquiry q.
func inbound(q *hotline.InquiryRow, n int) *hotline.MailRow {
	return &hotline.MailRow{
		Mail: hotline.Mail{IncidentID: q.IncidentID, InquiryID: q.ID, Direction: hotline.Inbound, Kind: hotline.Received,
			State: hotline.Delivered, MessageID: fmt.Sprintf("<in%d@example.net>", n),
			RawSHA256: fmt.Sprintf("%064x", n), Size: 1234, Lang: "de", SenderKey: []byte("sender"),
			Sensitive: []string{"iban"}, CreatedAt: t0},
		Sealed: []byte(sealedSecret),
	}
}

// outbound is a queued mail of inquiry q, due at next.
func outbound(q *hotline.InquiryRow, n int, next time.Time) *hotline.MailRow {
	return &hotline.MailRow{
		Mail: hotline.Mail{IncidentID: q.IncidentID, InquiryID: q.ID, Direction: hotline.Outbound, Kind: hotline.Reply,
			State: hotline.Queued, MessageID: fmt.Sprintf("<out%d@breachdesk.invalid>", n), InReplyTo: "<in1@example.net>",
			References: []string{"<in0@example.net>", "<in1@example.net>"}, Lang: "en", NextAt: next, CreatedAt: t0},
		Sealed: []byte(sealedSecret),
	}
}

func addMails(t *testing.T, s Stores, ms ...*hotline.MailRow) {
	t.Helper()
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		for _, m := range ms {
			if err := tx.AddMail(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// wantQuiet fails if err's message quotes any of secrets.
func wantQuiet(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if err != nil && strings.Contains(err.Error(), s) {
			t.Errorf("error %q quotes %q", err, s)
		}
	}
}

func testMailsStoredOnce(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	q, qb := newInquiry(w.a, t0), newInquiry(w.b, t0)
	addInquiries(t, s, q, qb)
	first := inbound(q, 1)
	reply := outbound(q, 1, t0)
	reply.AuthorID = w.agent.ID
	ack := outbound(q, 2, t0)
	ack.Kind = hotline.Acknowledge
	addMails(t, s, first, reply, ack)
	wantEqual(t, "mail", must(s.Hotline.Mail(ctx, w.a, first.ID))(t), first)
	wantEqual(t, "mails", must(s.Hotline.Mails(ctx, w.a, q.ID))(t), []hotline.MailRow{*first, *reply, *ack})

	// The same raw mail again, or another with the same Message-ID, is a
	// conflict; the transaction can go on and commit.
	again := inbound(q, 1)
	again.MessageID = "<other@example.net>"
	sameID := inbound(q, 2)
	sameID.MessageID = first.MessageID
	for i, m := range []*hotline.MailRow{again, sameID} {
		var conflict error
		later := inbound(q, 10+i)
		updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
			conflict = tx.AddMail(ctx, m)
			return tx.AddMail(ctx, later)
		})
		wantCode(t, conflict, errs.Conflict)
		wantQuiet(t, conflict, m.RawSHA256, m.MessageID, sealedSecret)
		if _, err := s.Hotline.Mail(ctx, w.a, later.ID); err != nil {
			t.Fatalf("the mail added after a conflict: %v", err)
		}
	}
	// Another incident may receive the same mail.
	addMails(t, s, inbound(qb, 1))

	found := must(s.Hotline.Mail(ctx, w.a, reply.ID))(t)
	wantEqual(t, "reply", found, reply)
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		m, err := tx.MailByMessageID(ctx, w.a, first.MessageID)
		if err != nil {
			return err
		}
		wantEqual(t, "mail by Message-ID", m, first)
		_, err = tx.MailByMessageID(ctx, w.b, reply.MessageID)
		wantCode(t, err, errs.NotFound)
		wantQuiet(t, err, reply.MessageID)
		return nil
	})
	_, err := s.Hotline.Mail(ctx, w.b, first.ID)
	wantCode(t, err, errs.NotFound)
	if got := must(s.Hotline.Mails(ctx, w.b, q.ID))(t); len(got) != 0 {
		t.Errorf("mails of an inquiry through another incident: %v", got)
	}
	// A mail of one incident cannot join an inquiry of another.
	cross := inbound(q, 5)
	cross.IncidentID = w.b
	if err := hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.AddMail(ctx, cross) }); err == nil {
		t.Error("a mail of incident b was added to an inquiry of incident a")
	}
}

func testHotlineAttachments(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	q := newInquiry(w.a, t0)
	addInquiries(t, s, q)
	m := inbound(q, 1)
	addMails(t, s, m)
	second := &hotline.AttachmentRow{Attachment: hotline.Attachment{MailID: m.ID, IncidentID: w.a, Index: 1,
		ContentType: "application/pdf", Size: 10, SHA256: strings.Repeat("b", 64)}, Sealed: []byte(sealedSecret + "2")}
	first := &hotline.AttachmentRow{Attachment: hotline.Attachment{MailID: m.ID, IncidentID: w.a, Index: 0,
		ContentType: "image/png", Size: 5, SHA256: strings.Repeat("a", 64), Categories: []string{"id_number", "iban"}},
		Sealed: []byte(sealedSecret)}
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		if err := tx.AddAttachment(ctx, second); err != nil {
			return err
		}
		return tx.AddAttachment(ctx, first)
	})
	list := must(s.Hotline.Attachments(ctx, w.a, m.ID))(t)
	wantEqual(t, "attachments", list, []hotline.AttachmentRow{{Attachment: first.Attachment}, {Attachment: second.Attachment}})
	wantEqual(t, "attachment", must(s.Hotline.Attachment(ctx, w.a, first.ID))(t), first)
	_, err := s.Hotline.Attachment(ctx, w.b, first.ID)
	wantCode(t, err, errs.NotFound)
	if got := must(s.Hotline.Attachments(ctx, w.b, m.ID))(t); len(got) != 0 {
		t.Errorf("attachments through another incident: %v", got)
	}
	dup := *first
	dup.ID = 0
	err = hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.AddAttachment(ctx, &dup) })
	wantCode(t, err, errs.Conflict)
	wantQuiet(t, err, first.SHA256, sealedSecret)
}

func claimMail(t *testing.T, s Stores, now time.Time) *hotline.MailRow {
	t.Helper()
	var m *hotline.MailRow
	err := s.Hotline.Update(t.Context(), func(tx hotline.Tx) (err error) {
		m, err = tx.ClaimMail(t.Context(), now, now.Add(time.Minute))
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func testMailClaims(t *testing.T, s Stores) {
	w := newHotlineWorld(t, s)
	q, qb := newInquiry(w.a, t0), newInquiry(w.b, t0)
	addInquiries(t, s, q, qb)
	backingOff := outbound(q, 1, at(time.Hour))
	inMail := inbound(q, 1)
	a := outbound(q, 2, t0)
	b := outbound(qb, 3, t0)
	sent := outbound(q, 4, t0)
	sent.State, sent.SentAt = hotline.Sent, ptr(t0)
	addMails(t, s, backingOff, inMail, a, b, sent)

	got := claimMail(t, s, t0)
	if got == nil || got.ID != a.ID || got.State != hotline.Sending || got.Attempts != 1 ||
		got.LeaseUntil == nil || !got.LeaseUntil.Equal(at(time.Minute)) {
		t.Fatalf("first claim = %+v, want mail %d sending, attempt 1, leased for a minute", got, a.ID)
	}
	wantEqual(t, "claimed mail's sealed part", got.Sealed, a.Sealed)
	if got := claimMail(t, s, t0); got == nil || got.ID != b.ID {
		t.Fatalf("second claim = %+v, want mail %d of the other incident", got, b.ID)
	}
	if got := claimMail(t, s, t0); got != nil {
		t.Fatalf("third claim = %+v, want none (one backing off, one inbound, one sent)", got)
	}

	// a's sender records a failure to retry later; b's sender dies.
	res := *got
	res.State, res.LastError, res.NextAt, res.LeaseUntil = hotline.Queued, "relay said 451", at(30*time.Minute), nil
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.SaveMailResult(ctx, &res) })
	wantEqual(t, "saved result", must(s.Hotline.Mail(t.Context(), w.a, a.ID))(t), &res)

	// After a minute and a half, b's lease ran out; after the hour the
	// backing-off mail is due, and then a.
	if got := claimMail(t, s, at(90*time.Second)); got == nil || got.ID != b.ID || got.Attempts != 2 {
		t.Fatalf("claim after the lease = %+v, want mail %d, attempt 2", got, b.ID)
	}
	if got := claimMail(t, s, at(time.Hour)); got == nil || got.ID != backingOff.ID {
		t.Fatalf("claim at the hour = %+v, want mail %d", got, backingOff.ID)
	}
	done := claimMail(t, s, at(time.Hour))
	if done == nil || done.ID != a.ID || done.Attempts != 2 || done.LastError != "relay said 451" {
		t.Fatalf("claim = %+v, want mail %d, attempt 2, with its last error", done, a.ID)
	}
	done.State, done.SentAt, done.LeaseUntil, done.LastError = hotline.Sent, ptr(at(time.Hour)), nil, ""
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.SaveMailResult(ctx, done) })
	wantEqual(t, "sent mail", must(s.Hotline.Mail(t.Context(), w.a, a.ID))(t), done)

	// An inbound mail has no result to save; neither has a missing one.
	in := *inMail
	in.State = hotline.Sent
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.SaveMailResult(ctx, &in) }), errs.NotFound)
	in.ID, in.Direction = 1<<40, hotline.Outbound
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.SaveMailResult(ctx, &in) }), errs.NotFound)
}

func testConcurrentMailClaims(t *testing.T, s Stores) {
	w := newHotlineWorld(t, s)
	q := newInquiry(w.a, t0)
	addInquiries(t, s, q)
	const mails = 120
	var ms []*hotline.MailRow
	for n := range mails {
		ms = append(ms, outbound(q, n, t0))
	}
	addMails(t, s, ms...)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	for _, by := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var m *hotline.MailRow
				err := s.Hotline.Update(context.Background(), func(tx hotline.Tx) (err error) {
					m, err = tx.ClaimMail(context.Background(), at(time.Hour), at(2*time.Hour))
					return err
				})
				if errs.Is(err, errs.NotFound) {
					return
				}
				if err != nil {
					errc <- err
					return
				}
				mu.Lock()
				if other, ok := seen[m.ID]; ok {
					mu.Unlock()
					errc <- fmt.Errorf("mail %d claimed by %s and %s", m.ID, other, by)
					return
				}
				seen[m.ID] = by
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if len(seen) != mails {
		t.Fatalf("%d mails claimed, want %d", len(seen), mails)
	}
}

func script(incidentID int64, by int64) *hotline.Script {
	return &hotline.Script{IncidentID: incidentID, State: hotline.ScriptDraft, CreatedBy: by, CreatedAt: t0, UpdatedAt: t0,
		Contents: []hotline.ScriptContent{{Lang: "de", Script: "Guten Tag", Topics: []hotline.Topic{{Key: "bank", Label: "Bankdaten"}},
			FAQ:        []hotline.FAQEntry{{Key: "iban", Question: "IBAN?", Answer: "Bank anrufen", Situations: []hotline.Situation{hotline.AffectedBank}}},
			AckSubject: "Eingang", AckBody: "Danke"}, {Lang: "en", Script: "Hello"}}}
}

func testScripts(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	_, err := s.Hotline.ApprovedScript(ctx, w.a)
	wantCode(t, err, errs.NotFound)
	v1, v2, other := script(w.a, w.agent.ID), script(w.a, w.agent.ID), script(w.b, w.agent.ID)
	v2.Contents = nil
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		for _, sc := range []*hotline.Script{v1, v2, other} {
			if err := tx.AddScript(ctx, sc); err != nil {
				return err
			}
		}
		return nil
	})
	if v1.Version != 1 || v2.Version != 2 || other.Version != 1 {
		t.Fatalf("versions %d, %d and of the other incident %d; want 1, 2 and 1", v1.Version, v2.Version, other.Version)
	}
	wantEqual(t, "script", must(s.Hotline.Script(ctx, w.a, v1.ID))(t), v1)
	wantEqual(t, "scripts", must(s.Hotline.Scripts(ctx, w.a))(t), []hotline.Script{*v2, *v1})
	_, err = s.Hotline.Script(ctx, w.b, v1.ID)
	wantCode(t, err, errs.NotFound)

	v1.State, v1.ApprovedBy, v1.ApprovedAt, v1.UpdatedAt = hotline.ScriptApproved, w.dpo.ID, ptr(at(time.Hour)), at(time.Hour)
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.UpdateScript(ctx, v1) })
	wantEqual(t, "approved script", must(s.Hotline.ApprovedScript(ctx, w.a))(t), v1)

	// A second approved version is refused until the first is superseded.
	v2.State, v2.ApprovedBy, v2.ApprovedAt, v2.UpdatedAt = hotline.ScriptApproved, w.dpo.ID, ptr(at(2*time.Hour)), at(2*time.Hour)
	err = hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.UpdateScript(ctx, v2) })
	wantCode(t, err, errs.Conflict)
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		old, err := tx.ApprovedScript(ctx, w.a)
		if err != nil {
			return err
		}
		old.State = hotline.ScriptSuperseded
		if err := tx.UpdateScript(ctx, old); err != nil {
			return err
		}
		return tx.UpdateScript(ctx, v2)
	})
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		got, err := tx.ApprovedScript(ctx, w.a)
		if err != nil {
			return err
		}
		wantEqual(t, "newly approved script", got, v2)
		sc, err := tx.Script(ctx, w.a, v1.ID)
		if err != nil {
			return err
		}
		if sc.State != hotline.ScriptSuperseded {
			t.Errorf("the old version is %s, want superseded", sc.State)
		}
		return nil
	})
	missing := *v1
	missing.ID = 1 << 40
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.UpdateScript(ctx, &missing) }), errs.NotFound)
	// A version of another incident is not changed through this one.
	missing = *other
	missing.IncidentID = w.a
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.UpdateScript(ctx, &missing) }), errs.NotFound)
}

func testCalls(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	first := &hotline.CallRow{Call: hotline.Call{IncidentID: w.a, CallID: "c-1", Direction: "in", State: hotline.Ringing,
		FromKey: []byte("from"), StartedAt: t0}, Sealed: []byte(sealedSecret)}
	second := &hotline.CallRow{Call: hotline.Call{IncidentID: w.a, CallID: "c-2", Direction: "in", State: hotline.Ringing,
		StartedAt: at(time.Minute)}, Sealed: []byte(sealedSecret)}
	sameIDElsewhere := &hotline.CallRow{Call: hotline.Call{IncidentID: w.b, CallID: "c-1", State: hotline.Ringing, StartedAt: t0},
		Sealed: []byte(sealedSecret)}
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		for _, c := range []*hotline.CallRow{first, second, sameIDElsewhere} {
			if err := tx.SaveCall(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	wantEqual(t, "call", must(s.Hotline.Call(ctx, w.a, "c-1"))(t), first)

	// newCall twice: a conflict, after which the transaction loads and
	// changes the stored call.
	q := newInquiry(w.a, t0)
	addInquiries(t, s, q)
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		dup := &hotline.CallRow{Call: hotline.Call{IncidentID: w.a, CallID: "c-1", State: hotline.Ringing, StartedAt: t0},
			Sealed: []byte(sealedSecret)}
		err := tx.SaveCall(ctx, dup)
		wantCode(t, err, errs.Conflict)
		wantQuiet(t, err, "c-1", sealedSecret)
		c, err := tx.Call(ctx, w.a, "c-1")
		if err != nil {
			return err
		}
		c.State, c.AnsweredAt, c.EndedAt, c.Cause = hotline.HungUp, ptr(at(time.Second)), ptr(at(time.Minute)), "normalClearing"
		c.PersonID, c.InquiryID, c.Sealed = 42, q.ID, []byte("resealed")
		first = c
		return tx.SaveCall(ctx, c)
	})
	wantEqual(t, "changed call", must(s.Hotline.Call(ctx, w.a, "c-1"))(t), first)
	got := must(s.Hotline.Calls(ctx, w.a, t0))(t)
	wantEqual(t, "calls since the start", got, []hotline.CallRow{*second, *first})
	if got := must(s.Hotline.Calls(ctx, w.a, at(time.Second)))(t); len(got) != 1 || got[0].ID != second.ID {
		t.Errorf("calls since a second later = %v, want only the second", got)
	}
	_, err := s.Hotline.Call(ctx, w.a, "c-3")
	wantCode(t, err, errs.NotFound)
	wantQuiet(t, err, "c-3")
	moved := *first
	moved.IncidentID = w.b
	wantCode(t, hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error { return tx.SaveCall(ctx, &moved) }), errs.NotFound)
}

func testHotlineSettings(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	c := newIncident(t, s, "c").ID
	_, err := s.Hotline.Settings(ctx, w.a)
	wantCode(t, err, errs.NotFound)
	_, err = s.Hotline.IncidentByCTIToken(ctx, []byte("token-a"))
	wantCode(t, err, errs.NotFound)
	_, err = s.Hotline.IncidentByCTIToken(ctx, nil)
	wantCode(t, err, errs.NotFound)
	if ids := must(s.Hotline.InboxIncidents(ctx))(t); len(ids) != 0 {
		t.Errorf("incidents with an inbox = %v, want none", ids)
	}
	if cur := must(s.Hotline.InboxCursor(ctx, w.a))(t); cur != "" {
		t.Errorf("first cursor = %q, want empty", cur)
	}

	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		if err := tx.SaveSettings(ctx, w.b, []byte("b1"), true, nil); err != nil {
			return err
		}
		if err := tx.SaveSettings(ctx, c, []byte("c1"), false, []byte("token-c")); err != nil {
			return err
		}
		return tx.SaveSettings(ctx, w.a, []byte("a1"), true, []byte("token-a"))
	})
	wantEqual(t, "settings", must(s.Hotline.Settings(ctx, w.a))(t), []byte("a1"))
	wantEqual(t, "incidents with an inbox", must(s.Hotline.InboxIncidents(ctx))(t), []int64{w.a, w.b})
	if id := must(s.Hotline.IncidentByCTIToken(ctx, []byte("token-a")))(t); id != w.a {
		t.Errorf("token a finds incident %d, want %d", id, w.a)
	}
	// Saved over without a token: the token stays; the inbox goes.
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		return tx.SaveSettings(ctx, w.a, []byte("a2"), false, nil)
	})
	wantEqual(t, "settings saved over", must(s.Hotline.Settings(ctx, w.a))(t), []byte("a2"))
	wantEqual(t, "incidents with an inbox", must(s.Hotline.InboxIncidents(ctx))(t), []int64{w.b})
	if id := must(s.Hotline.IncidentByCTIToken(ctx, []byte("token-a")))(t); id != w.a {
		t.Errorf("after saving without a token, token a finds incident %d, want %d", id, w.a)
	}
	// A new token replaces the old one.
	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		return tx.SaveSettings(ctx, w.a, []byte("a3"), false, []byte("token-a2"))
	})
	_, err = s.Hotline.IncidentByCTIToken(ctx, []byte("token-a"))
	wantCode(t, err, errs.NotFound)
	if id := must(s.Hotline.IncidentByCTIToken(ctx, []byte("token-a2")))(t); id != w.a {
		t.Errorf("the new token finds incident %d, want %d", id, w.a)
	}
	// Another incident's token is a conflict that quotes neither.
	err = hotlineErr(t, s, func(ctx context.Context, tx hotline.Tx) error {
		return tx.SaveSettings(ctx, w.b, []byte("b2"), true, []byte("token-c"))
	})
	wantCode(t, err, errs.Conflict)
	wantQuiet(t, err, "token-c", "b2")
	wantEqual(t, "settings after the conflict", must(s.Hotline.Settings(ctx, w.b))(t), []byte("b1"))

	updateHotline(t, s, func(ctx context.Context, tx hotline.Tx) error {
		if err := tx.SetInboxCursor(ctx, w.a, "17:100"); err != nil {
			return err
		}
		return tx.SetInboxCursor(ctx, w.a, "17:250")
	})
	if cur := must(s.Hotline.InboxCursor(ctx, w.a))(t); cur != "17:250" {
		t.Errorf("cursor = %q, want 17:250", cur)
	}
	if cur := must(s.Hotline.InboxCursor(ctx, w.b))(t); cur != "" {
		t.Errorf("cursor of another incident = %q, want empty", cur)
	}
}

func testHotlineDashboard(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newHotlineWorld(t, s)
	// The window starts at 10:00; t0 is 09:26:53.589793.
	since := time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)
	now := time.Date(2025, 3, 16, 12, 0, 0, 0, time.UTC)
	h10, h11 := since, since.Add(time.Hour)
	inq := func(ch hotline.Channel, topic string, received time.Time, change func(q *hotline.InquiryRow)) *hotline.InquiryRow {
		q := newInquiry(w.a, received)
		q.Channel, q.Topic = ch, topic
		if change != nil {
			change(q)
		}
		return q
	}
	answered := func(after time.Duration) func(q *hotline.InquiryRow) {
		return func(q *hotline.InquiryRow) {
			q.Status, q.Outcome, q.FirstResponseAt, q.ClosedAt = hotline.Closed, hotline.Answered, ptr(q.ReceivedAt.Add(after)), ptr(q.ReceivedAt.Add(after))
		}
	}
	qs := []*hotline.InquiryRow{
		// Before the window: counts only as open (and overdue).
		inq(hotline.ByMail, "bank", t0, func(q *hotline.InquiryRow) { q.Questions = []string{"iban"} }),
		// 10:xx: two phone calls on bank, one mail on press.
		inq(hotline.ByPhone, "bank", h10.Add(time.Minute), func(q *hotline.InquiryRow) {
			answered(0)(q)
			q.Questions = []string{"iban", "what-leaked"}
		}),
		inq(hotline.ByPhone, "bank", h10.Add(59*time.Minute+59*time.Second+999999*time.Microsecond), func(q *hotline.InquiryRow) {
			q.Outcome, q.FirstResponseAt, q.CallbackDue = hotline.Callback, ptr(q.ReceivedAt), ptr(now.Add(-time.Minute))
			q.Questions = []string{"iban"}
		}),
		inq(hotline.ByMail, "press", h10.Add(30*time.Minute), answered(90*time.Minute+1500*time.Microsecond)),
		// 11:xx: a web request and a mail without topic.
		inq(hotline.ByWeb, "", h11, func(q *hotline.InquiryRow) {
			q.Outcome, q.Request, q.FirstResponseAt, q.RequestDue = hotline.DataRequest, hotline.AccessRequest, ptr(h11), ptr(now.Add(time.Hour))
			q.Questions = []string{"what-leaked", "erase"}
		}),
		inq(hotline.ByMail, "", h11.Add(time.Second), func(q *hotline.InquiryRow) {
			answered(2*time.Hour + time.Microsecond)(q)
			q.Questions = []string{"erase"}
		}),
	}
	addInquiries(t, s, qs...)
	addInquiries(t, s, newInquiry(w.b, h10)) // another incident's
	got := must(s.Hotline.Dashboard(ctx, w.a, hotline.DashboardQuery{Since: since, Now: now, Top: 2}))(t)
	wantEqual(t, "hours", got.Hours, []hotline.HourCount{
		{Hour: h10, Channel: hotline.ByMail, Topic: "press", N: 1},
		{Hour: h10, Channel: hotline.ByPhone, Topic: "bank", N: 2},
		{Hour: h11, Channel: hotline.ByMail, Topic: "", N: 1},
		{Hour: h11, Channel: hotline.ByWeb, Topic: "", N: 1},
	})
	// Open: the old mail (overdue: no response), the callback (overdue),
	// the request (not yet due).
	if got.Open != 3 || got.Overdue != 2 || got.Callbacks != 1 || got.Requests != 1 {
		t.Errorf("open %d, overdue %d, callbacks %d, requests %d; want 3, 2, 1, 1", got.Open, got.Overdue, got.Callbacks, got.Requests)
	}
	// In the window: iban 2, what-leaked 2, erase 2; ties by key.
	wantEqual(t, "top questions", got.TopQuestions, []hotline.Count{{Key: "erase", N: 2}, {Key: "iban", N: 2}})
	wantEqual(t, "first response sums", got.FirstResponseSum, map[hotline.Channel]time.Duration{
		hotline.ByPhone: 0, hotline.ByMail: 3*time.Hour + 30*time.Minute + 1501*time.Microsecond, hotline.ByWeb: 0})
	wantEqual(t, "first response counts", got.FirstResponseCount, map[hotline.Channel]int64{
		hotline.ByPhone: 2, hotline.ByMail: 2, hotline.ByWeb: 1})

	all := must(s.Hotline.Dashboard(ctx, w.a, hotline.DashboardQuery{Since: t0.Add(-time.Hour), Now: now}))(t)
	wantEqual(t, "all top questions", all.TopQuestions, []hotline.Count{{Key: "iban", N: 3}, {Key: "erase", N: 2}, {Key: "what-leaked", N: 2}})
	if len(all.Hours) != 5 || !all.Hours[0].Hour.Equal(time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("hours since before t0 = %v", all.Hours)
	}
	empty := must(s.Hotline.Dashboard(ctx, w.b+1000, hotline.DashboardQuery{Since: since, Now: now}))(t)
	if len(empty.Hours) != 0 || empty.Open != 0 || len(empty.TopQuestions) != 0 || len(empty.FirstResponseCount) != 0 {
		t.Errorf("dashboard of no incident = %+v", empty)
	}
}
