package notify_test

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// dsnFor is a real Postfix bounce (testdata) about the message with id.
func dsnFor(t *testing.T, file, id string) []byte {
	t.Helper()
	raw, err := os.ReadFile("testdata/dsn/" + file)
	if err != nil {
		t.Fatal(err)
	}
	orig := regexp.MustCompile(`(?m)^(Message-ID:\s*)<[^>]+>`)
	if !orig.Match(raw) {
		t.Fatalf("%s names no original Message-ID", file)
	}
	return orig.ReplaceAll(raw, []byte("${1}"+id))
}

func TestABounceMarksTheRowBouncedOrQueuesItsLetter(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		t.Run(map[bool]string{false: "no fallback", true: "letter fallback"}[fallback], func(t *testing.T) {
			e := newEnv(t, 20)
			c := e.campaign(fallback)
			e.runUntilIdle("r1")
			ctx := context.Background()
			d := e.rowOf(t, c.ID, personEmail(2))
			matched, err := e.svc.ProcessBounce(ctx, dsnFor(t, "postfix_failed.eml", d.MessageID))
			if err != nil || !matched {
				t.Fatalf("ProcessBounce = %v, %v; want a match", matched, err)
			}
			got := e.rowOf(t, c.ID, personEmail(2))
			switch {
			case fallback && (got.Channel != notify.ByLetter || got.State != notify.Pending):
				t.Errorf("bounced with fallback: %s %s, want a pending letter", got.Channel, got.State)
			case !fallback && (got.Channel != notify.ByEmail || got.State != notify.Bounced):
				t.Errorf("bounced without fallback: %s %s, want a bounced e-mail", got.Channel, got.State)
			}
			if !strings.HasPrefix(got.LastError, "bounced 5.1.1") || strings.Contains(got.LastError, "@") ||
				fallback != strings.Contains(got.LastError, "letter queued") {
				t.Errorf("last error %q", got.LastError)
			}
			// The same bounce fetched again changes nothing.
			if _, err := e.svc.ProcessBounce(ctx, dsnFor(t, "postfix_failed.eml", d.MessageID)); err != nil {
				t.Fatal(err)
			}
			if again := e.rowOf(t, c.ID, personEmail(2)); again.State != got.State || again.UpdatedAt != got.UpdatedAt {
				t.Errorf("a second copy of the bounce changed the row: %+v", again)
			}
			v := e.view(c.ID)
			if fallback && v.State != notify.Running {
				t.Errorf("campaign %s with a letter to send, want running", v.State)
			}
		})
	}
}

func TestBouncesThatAreNotOursOrOnlyDelaysChangeNothing(t *testing.T) {
	e := newEnv(t, 10)
	c := e.campaign(false)
	e.runUntilIdle("r1")
	ctx := context.Background()
	d := e.rowOf(t, c.ID, personEmail(1))
	for name, raw := range map[string][]byte{
		"delayed":            dsnFor(t, "postfix_delayed.eml", d.MessageID),
		"unknown message":    dsnFor(t, "postfix_failed.eml", "<c999.p1.00000000@acme.example>"),
		"not a bounce":       []byte("From: a@b.example\r\nSubject: hello\r\n\r\nhi\r\n"),
		"not even a message": bytes.Repeat([]byte{0xff}, 100),
	} {
		matched, err := e.svc.ProcessBounce(ctx, raw)
		if err != nil || matched {
			t.Errorf("%s: ProcessBounce = %v, %v; want no match", name, matched, err)
		}
	}
	if got := e.rowOf(t, c.ID, personEmail(1)); got.State != notify.Sent {
		t.Errorf("row is %s, want sent", got.State)
	}
}

// mailbox is a bounce mailbox held in memory; the IMAP adapter is tested
// against a real IMAP server in internal/mail. The cursor is the number of
// messages read.
type mailbox struct{ msgs [][]byte }

func (m *mailbox) Fetch(ctx context.Context, cursor string, fn func(raw []byte) error) (string, error) {
	n := len(cursor)
	for i := n; i < len(m.msgs); i++ {
		if err := fn(m.msgs[i]); err != nil {
			return strings.Repeat("x", i), err
		}
	}
	return strings.Repeat("x", len(m.msgs)), nil
}

func TestPollBouncesRemembersHowFarItRead(t *testing.T) {
	e := newEnv(t, 10)
	c := e.campaign(false)
	e.runUntilIdle("r1")
	d1 := e.rowOf(t, c.ID, personEmail(1))
	box := &mailbox{msgs: [][]byte{dsnFor(t, "postfix_failed.eml", d1.MessageID)}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.svc.PollBounces(ctx, box, 10*time.Millisecond, nil) }()
	waitFor(t, "the first bounce", func() bool { return e.rowOf(t, c.ID, personEmail(1)).State == notify.Bounced })
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	cursor, err := e.db.Notify().Setting(context.Background(), "notify.bounce_cursor")
	if err != nil || string(cursor) != "x" {
		t.Fatalf("cursor = %q, %v; want one message read", cursor, err)
	}
}
