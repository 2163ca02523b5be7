package hotline_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// deliverBomb puts n mails, written by that many senders in turn, into the
// mailbox, each a thread of its own.
func (d *inboxDesk) deliverBomb(n, senders int) {
	for i := range n {
		d.deliver(newMail(fmt.Sprintf("bomb%d@example.org", i%senders), fmt.Sprintf("<bomb%d@example.org>", i),
			fmt.Sprintf("question %d", i), "Sehr geehrte Damen und Herren, bin ich betroffen? Meine Kundennummer ist 4711."))
	}
}

// untilDrained is a MailSource that ends the poll at the first Wait: the
// mailbox had nothing more to hand over.
type untilDrained struct {
	hotline.MailSource
	stop context.CancelFunc
}

func (u untilDrained) Wait(ctx context.Context, interval time.Duration) error {
	u.stop()
	return ctx.Err()
}

// drain polls until the mailbox has nothing new.
func (d *inboxDesk) drain() {
	d.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := d.h.PollInbox(ctx, d.inc.ID, untilDrained{d.source(), cancel}, time.Second, nil); err != nil {
		d.t.Fatal(err)
	}
}

func TestAMailBombOfTenThousandMailsIsIngested(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 1_000
	}
	d := newInboxDesk(t)
	d.deliverBomb(n, 100)
	d.drain()
	ts := d.threads()
	if len(ts) != n {
		t.Errorf("%d inquiries, want %d", len(ts), n)
	}
	if got := count(ts, hotline.Inbound, hotline.Received); got != n {
		t.Errorf("%d mails stored, want %d", got, n)
	}
	// A sender who writes a hundred new threads is acknowledged once an
	// hour, not a hundred times.
	if got := count(ts, hotline.Outbound, hotline.Acknowledge); got != 100 {
		t.Errorf("%d acknowledgements, want 100 (one per sender)", got)
	}
}

// BenchmarkIngestTenThousandWaitingMails: 10,000 mails wait in the IMAP
// server's mailbox; one op fetches and stores them all (SQLite).
func BenchmarkIngestTenThousandWaitingMails(b *testing.B) {
	const n = 10_000
	for range b.N {
		b.StopTimer()
		d := newInboxDesk(b)
		d.deliverBomb(n, 1000)
		b.StartTimer()
		start := time.Now()
		d.drain()
		b.ReportMetric(float64(n)/time.Since(start).Seconds(), "mails/s")
	}
}
