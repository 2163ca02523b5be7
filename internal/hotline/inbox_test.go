package hotline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestMailsBecomeThreadedInquiriesAcknowledgedOnceAndRepliesGoOutThreaded(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	d.deliver(newMail("Alice Example <Alice@Example.org>", "<a1@example.org>", "Bin ich betroffen?",
		"Sehr geehrte Damen und Herren, bin ich von dem Datenleck betroffen? Mit freundlichen Grüßen"))
	d.deliver(newMail("alice@example.org", "<a2@example.org>", "Re: Bin ich betroffen?", "Und noch eine Frage: was ist mit meinen Daten?",
		"In-Reply-To: <a1@example.org>", "References: <a1@example.org>"))
	d.deliver(newMail("bob@example.com", "<b1@example.com>", "Am I affected?", "Dear team, is my data affected? My IBAN is DE89 3704 0044 0532 0130 00."))
	d.poll()
	d.outbox()
	d.eventually("three mails stored and two acknowledgements sent", func() bool {
		return inboundCount(d) == 3 && len(d.relay.messages()) == 2
	})
	ts := d.threads()
	if len(ts) != 2 {
		t.Fatalf("%d inquiries, want 2 (one per thread)", len(ts))
	}
	alice, bob := ts[0], ts[1]
	if alice.q.Match != hotline.Affected || alice.q.PersonID == 0 || alice.q.Lang != "de" || alice.q.Channel != hotline.ByMail {
		t.Errorf("alice's inquiry: %+v", alice.q.Inquiry)
	}
	if bob.q.Match != hotline.NotFound || bob.q.PersonID != 0 || bob.q.Lang != "en" {
		t.Errorf("bob's inquiry: %+v", bob.q.Inquiry)
	}
	if got := alice.q.FirstResponseDue.Sub(alice.q.ReceivedAt); got != 24*time.Hour {
		t.Errorf("first response due after %v, want the 24 h SLA", got)
	}
	if alice.q.ScriptVersion != 1 {
		t.Errorf("script version %d, want 1", alice.q.ScriptVersion)
	}
	var bobIn hotline.MailRow
	for _, m := range bob.mails {
		if m.Direction == hotline.Inbound {
			bobIn = m
		}
	}
	if len(bobIn.Sensitive) != 1 || bobIn.Sensitive[0] != "iban" {
		t.Errorf("bob's mail: sensitive %v, want [iban]", bobIn.Sensitive)
	}

	acks := map[string]relayed{}
	for _, m := range d.relay.messages() {
		acks[m.To] = m
	}
	ack := acks["alice@example.org"]
	if header(ack.Data, "In-Reply-To") != "<a1@example.org>" || header(ack.Data, "Auto-Submitted") != "auto-replied" ||
		!strings.Contains(header(ack.Data, "From"), inboxAddress) || header(ack.Data, "Content-Language") != "de" {
		t.Errorf("alice's acknowledgement:\n%s", ack.Data)
	}
	if header(acks["bob@example.com"].Data, "Content-Language") != "en" {
		t.Errorf("bob's acknowledgement is not in English:\n%s", acks["bob@example.com"].Data)
	}

	// Alice answers the acknowledgement: her mail joins her inquiry and
	// nobody is acknowledged again.
	ackID := header(ack.Data, "Message-ID")
	d.deliver(newMail("alice@example.org", "<a3@example.org>", "Re: Wir haben Ihre Nachricht erhalten", "Danke.",
		"In-Reply-To: "+ackID, "References: <a1@example.org> "+ackID))
	d.eventually("alice's answer stored", func() bool { return inboundCount(d) == 4 })

	// An agent replies with a canned answer and closes the inquiry.
	m, err := d.h.Reply(ctx, d.actor(auth.RoleHotline), d.inc.ID, alice.q.ID, hotline.ReplyDraft{Text: "Guten Tag,", Close: true})
	if err != nil {
		t.Fatal(err)
	}
	d.eventually("the reply sent", func() bool { return len(d.relay.messages()) == 3 })
	reply := d.relay.messages()[2]
	if reply.To != "alice@example.org" || header(reply.Data, "In-Reply-To") != "<a3@example.org>" ||
		!strings.Contains(header(reply.Data, "References"), "<a1@example.org>") || header(reply.Data, "Message-ID") != m.MessageID {
		t.Errorf("the reply:\n%s", reply.Data)
	}
	ts = d.threads()
	if len(ts) != 2 || len(ts[0].mails) != 5 {
		t.Fatalf("after the answer: %d inquiries, alice's has %d mails; want 2 and 5", len(ts), len(ts[0].mails))
	}
	q := ts[0].q
	if q.Status != hotline.Closed || q.Outcome != hotline.Answered || q.FirstResponseAt == nil || q.AgentID != d.users[auth.RoleHotline].ID {
		t.Errorf("alice's inquiry after the reply: %+v", q.Inquiry)
	}
	if n := count(ts, hotline.Outbound, hotline.Acknowledge); n != 2 {
		t.Errorf("%d acknowledgements, want 2", n)
	}
}

func TestReplyUsesTheApprovedFAQInThePersonsLanguageAndChecksRights(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	res, err := d.h.IngestMail(ctx, d.inc.ID, []byte(newMail("alice@example.org", "<a1@example.org>", "Frage", "Bin ich betroffen? Ich habe eine Frage zu meinen Daten.")))
	if err != nil || !res.NewThread {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
	sc, err := d.h.ApprovedScript(ctx, d.actor(auth.RoleHotline), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	var key, answerDE string
	for _, c := range sc.Contents {
		if c.Lang == "de" && len(c.FAQ) > 0 {
			key, answerDE = c.FAQ[0].Key, c.FAQ[0].Answer
		}
	}
	if _, err := d.h.Reply(ctx, d.actor(auth.RoleResponder), d.inc.ID, res.InquiryID, hotline.ReplyDraft{FAQKey: key}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a responder replied: %v", err)
	}
	if _, err := d.h.Reply(ctx, d.actor(auth.RoleHotline), d.inc.ID, res.InquiryID, hotline.ReplyDraft{FAQKey: "no-such-key"}); !errs.Is(err, errs.Invalid) {
		t.Errorf("an unknown FAQ key: %v", err)
	}
	if _, err := d.h.Reply(ctx, d.actor(auth.RoleHotline), d.inc.ID, res.InquiryID, hotline.ReplyDraft{}); !errs.Is(err, errs.Invalid) {
		t.Errorf("an empty reply: %v", err)
	}
	m, err := d.h.Reply(ctx, d.actor(auth.RoleHotline), d.inc.ID, res.InquiryID, hotline.ReplyDraft{FAQKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if m.Lang != "de" || m.Private.Text != answerDE || m.InReplyTo != "<a1@example.org>" || m.Private.Subject != "Re: Frage" {
		t.Errorf("reply: lang %q, subject %q, in reply to %q, text %q", m.Lang, m.Private.Subject, m.InReplyTo, m.Private.Text)
	}
}

func TestBulkReplyAnswersEveryOpenMailInquiryOfATopic(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	var ids []int64
	for i := range 5 {
		res, err := d.h.IngestMail(ctx, d.inc.ID, []byte(newMail(fmt.Sprintf("p%d@example.net", i), fmt.Sprintf("<p%d@example.net>", i), "question", "Am I affected?")))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.InquiryID)
	}
	sc, err := d.h.ApprovedScript(ctx, d.actor(auth.RoleHotline), d.inc.ID)
	if err != nil || len(sc.Contents[0].Topics) == 0 {
		t.Fatalf("script: %v", err)
	}
	topic := sc.Contents[0].Topics[0].Key
	for _, id := range ids[:3] {
		if _, err := d.h.UpdateInquiry(ctx, d.actor(auth.RoleHotline), d.inc.ID, id, hotline.InquiryChange{Topic: &topic}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.h.BulkReply(ctx, d.actor(auth.RoleHotline), d.inc.ID, "", hotline.ReplyDraft{Text: "x"}); !errs.Is(err, errs.Invalid) {
		t.Errorf("bulk reply without a topic: %v", err)
	}
	n, err := d.h.BulkReply(ctx, d.actor(auth.RoleHotline), d.inc.ID, topic, hotline.ReplyDraft{Text: "We are looking into it.", Close: true})
	if err != nil || n != 3 {
		t.Fatalf("bulk reply: %d, %v; want 3", n, err)
	}
	if n, err := d.h.BulkReply(ctx, d.actor(auth.RoleHotline), d.inc.ID, topic, hotline.ReplyDraft{Text: "again"}); err != nil || n != 0 {
		t.Errorf("second bulk reply to closed inquiries: %d, %v; want 0", n, err)
	}
	if got := count(d.threads(), hotline.Outbound, hotline.Reply); got != 3 {
		t.Errorf("%d replies stored, want 3", got)
	}
}

func TestMalformedMailsNeitherCrashNorBlockTheInbox(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	huge := strings.Repeat(strings.Repeat("QUJD", 19)+"\r\n", 36<<20/78) // about 27 MB once decoded
	mails := []string{
		"From: d@example.org\r\nMessage-ID: <broken@example.org>\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nbody without end\r\n--XX\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
		"From: =?iso-8859-1?q?J=FCrgen?= <j@example.de>\r\nSubject: Gr\xfc\xdfe aus K\xf6ln\r\nMessage-ID: <8bit@example.de>\r\n\r\nK\xf6nnen Sie mir helfen?\r\n",
		"From: nomsgid@example.net\r\nSubject: no id\r\n\r\nNo Message-ID here.\r\n",
		"just bytes \x00\xff with no header at all",
		"From: big@example.org\r\nMessage-ID: <huge@example.org>\r\nSubject: scan\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nmy passport scan\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"scan.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + huge + "--B--\r\n",
		newMail("after@example.org", "<after@example.org>", "after the bad ones", "Still here?"),
	}
	for _, m := range mails {
		d.deliver(m)
	}
	d.poll()
	d.eventually("every mail stored", func() bool { return inboundCount(d) == len(mails) })
	var hugeMail *hotline.MailRow
	for _, th := range d.threads() {
		for i, m := range th.mails {
			if m.MessageID == "<huge@example.org>" {
				hugeMail = &th.mails[i]
			}
		}
	}
	if hugeMail == nil {
		t.Fatal("the mail with the huge attachment is missing")
	}
	atts, err := d.db.Hotline().Attachments(ctx, d.inc.ID, hugeMail.ID)
	if err != nil || len(atts) != 1 || atts[0].Size < 25<<20 || len(atts[0].SHA256) != 64 {
		t.Fatalf("attachments of the huge mail: %+v, %v", atts, err)
	}
	if _, _, err := d.h.Attachment(ctx, d.actor(auth.RoleHotline), d.inc.ID, atts[0].ID); !errs.Is(err, errs.NotFound) || !strings.Contains(err.Error(), "not kept") {
		t.Errorf("downloading the attachment not kept: %v", err)
	}
	view, err := d.h.Inquiry(ctx, d.actor(auth.RoleHotline), d.inc.ID, hugeMail.InquiryID)
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Mails) == 0 || view.Mails[0].MessageID != "<huge@example.org>" || len(view.Mails[0].Private.NotKept) != 1 {
		t.Errorf("the agent is not told of the attachment not kept: %+v", view.Mails)
	}
}

func TestAttachmentsAreStoredSealedScannedAndDownloadedAudited(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	raw := "From: carol@example.net\r\nMessage-ID: <att@example.net>\r\nSubject: my card\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" +
		"--B\r\nContent-Type: text/plain; name=\"card.txt\"\r\nContent-Disposition: attachment; filename=\"card.txt\"\r\n\r\nCard 4111 1111 1111 1111 exp 12/29\r\n--B--\r\n"
	res, err := d.h.IngestMail(ctx, d.inc.ID, []byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	again, err := d.h.IngestMail(ctx, d.inc.ID, []byte(raw))
	if err != nil || !again.Duplicate || again.MailID != res.MailID {
		t.Fatalf("second ingest: %+v, %v; want a duplicate", again, err)
	}
	atts, err := d.db.Hotline().Attachments(ctx, d.inc.ID, res.MailID)
	if err != nil || len(atts) != 1 {
		t.Fatalf("attachments: %+v, %v", atts, err)
	}
	if strings.Join(atts[0].Categories, ",") != "payment_card" {
		t.Errorf("categories %v, want payment_card", atts[0].Categories)
	}
	row, err := d.db.Hotline().Attachment(ctx, d.inc.ID, atts[0].ID)
	if err != nil || strings.Contains(string(row.Sealed), "4111") {
		t.Fatalf("the stored attachment is not sealed (%v)", err)
	}
	a, name, err := d.h.Attachment(ctx, d.actor(auth.RoleHotline), d.inc.ID, atts[0].ID)
	if err != nil || name != "card.txt" || !strings.Contains(string(a.Content), "4111") {
		t.Fatalf("download: %q, %v", name, err)
	}
	entries, err := d.svc.Auth.Audit(ctx, auth.CLI(), auth.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Action == "attachment.view"
	}
	if !found {
		t.Error("the download is not audited")
	}
}

func TestRestartingThePollerMidPollLosesAndDoublesNothing(t *testing.T) {
	d := newInboxDesk(t)
	const threads, perThread = 60, 3
	for i := range threads {
		for j := range perThread {
			var hs []string
			if j > 0 {
				hs = append(hs, fmt.Sprintf("In-Reply-To: <t%d.%d@example.org>", i, j-1))
			}
			d.deliver(newMail(fmt.Sprintf("writer%d@example.org", i), fmt.Sprintf("<t%d.%d@example.org>", i, j), "question", "Am I affected?", hs...))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; inboundCount(d) < threads*perThread; round++ {
		if round > 500 {
			t.Fatal("the inbox makes no progress")
		}
		stop := d.poll()
		time.Sleep(time.Duration(rng.IntN(80)) * time.Millisecond)
		stop()
	}
	ts := d.threads()
	if len(ts) != threads {
		t.Errorf("%d inquiries, want %d", len(ts), threads)
	}
	for _, th := range ts {
		if len(th.mails) != perThread+1 { // and the one acknowledgement
			t.Errorf("inquiry %d has %d mails, want %d and its acknowledgement", th.q.ID, len(th.mails), perThread)
		}
	}
	if n := count(ts, hotline.Outbound, hotline.Acknowledge); n != threads {
		t.Errorf("%d acknowledgements, want %d", n, threads)
	}
}

func TestOutboxRetriesTemporaryRefusalsAndGivesUpOnPermanentOnes(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	d.relay.refuse = func(n int) error {
		switch n {
		case 1:
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		case 2:
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}
	for _, who := range []string{"first@example.org", "second@example.org"} {
		if _, err := d.h.IngestMail(ctx, d.inc.ID, []byte(newMail(who, "<"+who+">", "question", "Am I affected?"))); err != nil {
			t.Fatal(err)
		}
	}
	d.outbox()
	state := func() map[hotline.SendState]int {
		n := map[hotline.SendState]int{}
		for _, th := range d.threads() {
			for _, m := range th.mails {
				if m.Direction == hotline.Outbound {
					n[m.State]++
				}
			}
		}
		return n
	}
	d.eventually("one acknowledgement waits for a retry, the other failed", func() bool {
		s := state()
		return s[hotline.Failed] == 1 && s[hotline.Queued] == 1
	})
	d.clock.Add(2 * time.Minute) // past the first backoff
	d.eventually("the retry sent", func() bool { return state()[hotline.Sent] == 1 })
	if got := d.relay.messages(); len(got) != 1 || got[0].To != "first@example.org" {
		t.Errorf("relayed %d messages", len(got))
	}
}

func TestIngestMailIsIdempotentAndNeverFailsOnTheMail(t *testing.T) {
	d := newInboxDesk(t)
	ctx := context.Background()
	for _, raw := range []string{"", "\x00", "From: <>\r\n\r\n", "Message-ID: <x@y>\r\nIn-Reply-To: <x@y>\r\n\r\nself reference"} {
		res, err := d.h.IngestMail(ctx, d.inc.ID, []byte(raw))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		again, err := d.h.IngestMail(ctx, d.inc.ID, []byte(raw))
		if err != nil || !again.Duplicate || again.InquiryID != res.InquiryID {
			t.Errorf("%q again: %+v, %v", raw, again, err)
		}
	}
}
