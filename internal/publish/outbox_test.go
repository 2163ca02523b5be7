package publish_test

import (
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// A mail claimed by an outbox that died is sent again, with the Message-ID
// it had from the start, once its lease runs out; once its result is
// recorded it is never sent again.
func TestAClaimedMailWhoseLeaseRanOutGoesAgainWithItsMessageID(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	const addr = "carla@example.org"
	d.subscriber(addr, "en", publish.Confirmed)
	d.published(d.id(), draft("Crash"))
	var claimed *publish.MailRow
	err := d.db.Publish().Update(d.ctx, func(tx publish.Tx) error {
		now := d.clock.Now()
		m, err := tx.ClaimMail(d.ctx, now, now.Add(2*time.Minute))
		claimed = m
		return err
	})
	if err != nil || claimed.Kind != publish.UpdateMail {
		t.Fatalf("claim: %+v %v", claimed, err)
	}

	// The dead outbox's lease holds: a newer mail goes, the claimed one
	// waits.
	stop := d.outbox(r)
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "en"); err != nil {
		t.Fatal(err)
	}
	d.eventually("the self-check answer", func() bool { return len(r.to(strangerEmail)) == 1 })
	if n := len(r.to(addr)); n != 0 {
		t.Fatalf("a mail under another's lease was sent (%d)", n)
	}
	d.clock.Add(2*time.Minute + time.Second)
	d.eventually("the update", func() bool { return len(r.to(addr)) == 1 })
	if got := r.to(addr)[0].Header.Get("Message-Id"); got != claimed.MessageID {
		t.Errorf("Message-ID %q, want the one fixed at queueing %q", got, claimed.MessageID)
	}
	rows := d.settled()
	if rows[0].State != publish.MailSent || rows[0].Attempts != 2 {
		t.Errorf("the update: %+v", rows[0])
	}
	stop()

	// A new outbox, hours later: everything recorded stays sent once.
	d.outbox(r)
	d.clock.Add(3 * time.Hour)
	if err := d.svc.SelfCheck(d.ctx, "later@example.org", "en"); err != nil {
		t.Fatal(err)
	}
	d.eventually("the next answer", func() bool { return len(r.to("later@example.org")) == 1 })
	d.settled()
	if n, m := len(r.to(addr)), len(r.to(strangerEmail)); n != 1 || m != 1 {
		t.Errorf("sent again after the result was recorded: %d updates, %d answers", n, m)
	}
}

// A temporary refusal is tried again later; a permanent one fails the
// mail, clears what it kept sealed, and a self-check is logged all the
// same.
func TestRefusalsRetryOrFail(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	d.published(d.id(), draft("Refused"))
	r.setRefuse(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"})
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "en"); err != nil {
		t.Fatal(err)
	}
	d.outbox(r)
	var rows []mailRow
	d.eventually("the first attempt", func() bool {
		rows = d.mails()
		return rows[0].State == publish.MailQueued && rows[0].Attempts == 1
	})
	if rows[0].Sealed == nil {
		t.Fatal("a mail to be tried again lost its address")
	}
	r.setRefuse(&smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"})
	d.clock.Add(2 * time.Minute)
	rows = d.settled()
	if rows[0].State != publish.MailFailed || rows[0].Attempts != 2 || rows[0].Sealed != nil {
		t.Errorf("after a permanent refusal: %+v", rows[0])
	}
	d.eventually("the inquiry", func() bool { return len(d.selfChecks(d.id())) == 1 })
	if len(r.messages()) != 0 {
		t.Error("a refused mail was delivered")
	}
}

// Without a relay the mail waits, its attempt not counted.
func TestARelayThatCannotBeReachedLeavesTheMailWaiting(t *testing.T) {
	d := newDesk(t)
	d.sitePage(nil)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	port, _ := strconv.Atoi(p)
	dl, err := mail.NewDialer(notify.SMTPConfig{Host: "127.0.0.1", Port: port, TLS: mail.NoTLS, From: "relay@desk.example"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "en"); err != nil {
		t.Fatal(err)
	}
	stop := d.runOutbox(dl)
	var rows []mailRow
	d.eventually("the attempt", func() bool {
		rows = d.mails()
		return rows[0].State == publish.MailQueued && rows[0].Sealed != nil && rows[0].LastError != ""
	})
	stop()
	if rows[0].Attempts != 0 {
		t.Errorf("the relay's absence counted as an attempt: %+v", rows[0])
	}
}
