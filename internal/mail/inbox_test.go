package mail

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
)

func (b *imapBox) appendRaw(t *testing.T, raw string) {
	t.Helper()
	if _, err := b.user.Append("INBOX", bytes.NewReader([]byte(raw)), &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
}

func inquiryMail(n int) string {
	return fmt.Sprintf("From: a%d@example.org\r\nTo: hotline@desk.example\r\nSubject: question %d\r\nMessage-ID: <q%d@example.org>\r\n\r\nAm I affected?\r\n", n, n, n)
}

func inboxSource(t *testing.T, b *imapBox) *InboxSource {
	t.Helper()
	src, err := NewInboxSource(b.url("imaps", ""))
	if err != nil {
		t.Fatal(err)
	}
	src.box.tls.RootCAs = b.cert.pool
	return src
}

func TestInboxSourceWaitWakesOnNewMailDuringIdle(t *testing.T) {
	box := startIMAP(t, "imaps")
	box.appendRaw(t, inquiryMail(1))
	src := inboxSource(t, box)
	ctx := context.Background()
	var got int
	cur, err := src.Fetch(ctx, "", func([]byte) error { got++; return nil })
	if err != nil || got != 1 {
		t.Fatalf("fetch: %d messages, %v", got, err)
	}
	done := make(chan error, 1)
	go func() { done <- src.Wait(ctx, time.Hour) }()
	// Append until Wait returns: a message appended before IDLE began is
	// seen through UIDNEXT, one during IDLE through EXISTS.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	n := 1
	for waiting := true; waiting; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("Wait: %v", err)
			}
			waiting = false
		case <-tick.C:
			n++
			box.appendRaw(t, inquiryMail(n))
		}
	}
	got = 0
	if _, err := src.Fetch(ctx, cur, func([]byte) error { got++; return nil }); err != nil || got == 0 {
		t.Fatalf("after Wait: %d new messages, %v", got, err)
	}
}

func TestInboxSourceWaitReturnsAtOnceWhenMailCameAfterTheFetch(t *testing.T) {
	box := startIMAP(t, "imaps")
	src := inboxSource(t, box)
	ctx := context.Background()
	if _, err := src.Fetch(ctx, "", func([]byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	box.appendRaw(t, inquiryMail(1))
	if err := src.Wait(ctx, time.Hour); err != nil {
		t.Fatalf("Wait: %v", err)
	}
}

func TestInboxSourceWaitEndsWithItsContext(t *testing.T) {
	box := startIMAP(t, "imaps")
	src := inboxSource(t, box)
	if _, err := src.Fetch(context.Background(), "", func([]byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	if err := src.Wait(ctx, time.Hour); err != context.Canceled {
		t.Fatalf("Wait = %v, want context.Canceled", err)
	}
}

func TestInboxSourceWaitSleepsTheIntervalWhenTheServerIsAway(t *testing.T) {
	src, err := NewInboxSource("imaps://u:p@127.0.0.1:1/INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Wait(context.Background(), 50*time.Millisecond); err != nil {
		t.Fatalf("Wait = %v, want nil after the interval", err)
	}
}
