package publish_test

import (
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// Double opt-in end to end through a real SMTP server: subscribe, the
// confirmation is caught, confirm with its token, a published statement
// reaches the subscriber with RFC 8058 one-click headers, the one-click
// unsubscribes, and an update queued before that is dropped unsent.
func TestSubscriptionFromConfirmationToOneClickUnsubscribe(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	stop := d.outbox(r)
	const addr = "anna@example.org"
	if err := d.svc.Subscribe(d.ctx, " Anna@Example.ORG ", "en"); err != nil {
		t.Fatal(err)
	}
	d.eventually("the confirmation", func() bool { return len(r.to(addr)) == 1 })
	confirm := r.to(addr)[0]
	confirmURL := link(t, confirm.Text, siteURL+"/en/confirm/")
	token := strings.TrimPrefix(confirmURL, siteURL+"/en/confirm/")
	rows := d.settled()
	if len(rows) != 1 || rows[0].Kind != publish.ConfirmMail || rows[0].State != publish.MailSent ||
		confirm.Header.Get("Message-Id") != rows[0].MessageID {
		t.Fatalf("outbox: %+v, Message-ID %q", rows, confirm.Header.Get("Message-Id"))
	}
	if rows[0].Sealed != nil {
		t.Error("the token stays in the mail's row after it was sent")
	}
	mustContain(t, "confirmation (text)", confirm.Text, "ACME status", "Petra Presse", "+49 800 1234567", "hotline@acme.example")
	mustContain(t, "confirmation (HTML)", confirm.HTML, `<a href="`+confirmURL+`">`, `lang="en"`)
	if confirm.Header.Get("From") != `"ACME status" <status@acme.example>` || confirm.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("headers: From %q Auto-Submitted %q", confirm.Header.Get("From"), confirm.Header.Get("Auto-Submitted"))
	}
	if confirm.Header.Get("List-Unsubscribe") != "" {
		t.Error("a confirmation has nothing to unsubscribe from")
	}

	lang, err := d.svc.Confirm(d.ctx, token)
	if err != nil || lang != "en" {
		t.Fatalf("confirm: %q %v", lang, err)
	}
	if _, err := d.svc.Confirm(d.ctx, token); !errs.Is(err, errs.NotFound) {
		t.Errorf("a used token: %v", err)
	}

	st := d.published(d.id(), publish.StatementDraft{Kind: publish.PressRelease, Phase: publish.Identified,
		Texts: texts("Data stolen", "We found **how** it happened.\n\n- change your password\n- watch your account")})
	d.eventually("the update", func() bool { return len(r.to(addr)) == 2 })
	update := r.to(addr)[1]
	unsubURL := strings.TrimSuffix(strings.TrimPrefix(update.Header.Get("List-Unsubscribe"), "<"), ">")
	if !strings.HasPrefix(unsubURL, siteURL+"/en/unsubscribe/") || update.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
		t.Fatalf("one-click headers: %q %q", update.Header.Get("List-Unsubscribe"), update.Header.Get("List-Unsubscribe-Post"))
	}
	mustContain(t, "update (text)", update.Text, "Data stolen (en)", "- change your password", "Identified",
		siteURL+"/en/statements/"+st.PublicID, unsubURL, "Petra Presse", "+49 800 1234567")
	mustContain(t, "update (HTML)", update.HTML, "<strong>how</strong>", "<li>change your password</li>")
	if !strings.Contains(update.Subject, "Data stolen (en)") {
		t.Errorf("subject %q", update.Subject)
	}
	for _, m := range []caught{confirm, update} {
		if strings.Contains(m.Text+m.HTML, deskTitle) {
			t.Error("a mail names the incident's desk title")
		}
	}

	// The next update is queued while the subscriber is still there, and
	// they leave before it goes: it is dropped.
	d.settled() // the relay has the update; its result is recorded too
	stop()
	d.published(d.id(), draft("Second"))
	unsubToken := strings.TrimPrefix(unsubURL, siteURL+"/en/unsubscribe/")
	for range 2 { // twice is fine
		if lang, err := d.svc.Unsubscribe(d.ctx, unsubToken); err != nil || lang != "en" {
			t.Fatalf("unsubscribe: %q %v", lang, err)
		}
	}
	d.outbox(r)
	rows = d.settled()
	last := rows[len(rows)-1]
	if last.Kind != publish.UpdateMail || last.State != publish.MailDropped {
		t.Errorf("the update after leaving: %+v", last)
	}
	d.published(d.id(), draft("Third"))
	if n := len(d.settled()); n != len(rows) {
		t.Errorf("an update was queued for a subscriber who left")
	}
	if n := len(r.to(addr)); n != 2 {
		t.Errorf("%d mails, want 2", n)
	}
	if _, err := d.svc.Confirm(d.ctx, token); !errs.Is(err, errs.NotFound) {
		t.Errorf("an old confirmation subscribes again: %v", err)
	}
}

// The subscription form answers the same whatever the address's state,
// and an address gets at most three confirmations a day.
func TestSubscribeAnswersTheSameForEveryStateAndLimitsConfirmations(t *testing.T) {
	d := newDesk(t)
	d.sitePage(nil)
	d.subscriber("confirmed@example.org", "de", publish.Confirmed)
	d.subscriber("pending@example.org", "de", publish.Pending)
	d.subscriber("left@example.org", "en", publish.Unsubscribed)
	for _, addr := range []string{"new@example.org", "confirmed@example.org", "pending@example.org", "left@example.org"} {
		if err := d.svc.Subscribe(d.ctx, addr, "de"); err != nil {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if err := d.svc.Subscribe(d.ctx, "no address", "de"); errs.FieldsOf(err)["email"] != errs.InvalidEmail {
		t.Errorf("a malformed address: %v", err)
	}
	confirms := 0
	for _, m := range d.mails() {
		if m.Kind == publish.ConfirmMail {
			confirms++
		}
	}
	if confirms != 3 {
		t.Errorf("%d confirmations queued, want 3 (new, pending, left; a confirmed address needs none)", confirms)
	}
	for range 5 {
		if err := d.svc.Subscribe(d.ctx, "new@example.org", "de"); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(d.mails()); n != 3+2 {
		t.Errorf("%d mails queued, want 5: three confirmations a day per address", n)
	}
	d.clock.Add(25 * time.Hour)
	if err := d.svc.Subscribe(d.ctx, "new@example.org", "de"); err != nil {
		t.Fatal(err)
	}
	if n := len(d.mails()); n != 6 {
		t.Errorf("the next day: %d mails, want 6", n)
	}
}

// A confirmation replaced by a newer one is not sent, and only the newest
// token confirms.
func TestOnlyTheNewestConfirmationCounts(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	for range 2 {
		if err := d.svc.Subscribe(d.ctx, "ben@example.org", "de"); err != nil {
			t.Fatal(err)
		}
	}
	d.outbox(r)
	rows := d.settled()
	if len(rows) != 2 || rows[0].State != publish.MailDropped || rows[1].State != publish.MailSent {
		t.Fatalf("outbox: %+v", rows)
	}
	got := r.to("ben@example.org")
	if len(got) != 1 {
		t.Fatalf("%d confirmations sent", len(got))
	}
	mustContain(t, "German confirmation", got[0].Text, "Abonnement bestätigen", "ACME Status")
	token := strings.TrimPrefix(link(t, got[0].Text, siteURL+"/de/confirm/"), siteURL+"/de/confirm/")
	for _, bad := range []string{"", "x", strings.Repeat("A", 22), token + "A"} {
		if _, err := d.svc.Confirm(d.ctx, bad); !errs.Is(err, errs.NotFound) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
	if _, err := d.svc.Unsubscribe(d.ctx, token); !errs.Is(err, errs.NotFound) {
		t.Errorf("a confirmation token unsubscribes: %v", err)
	}
	if lang, err := d.svc.Confirm(d.ctx, token); err != nil || lang != "de" {
		t.Fatalf("confirm: %q %v", lang, err)
	}
}

func mustContain(t testing.TB, what, s string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			t.Errorf("%s lacks %q:\n%s", what, p, s)
		}
	}
}
