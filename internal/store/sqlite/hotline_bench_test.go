package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The hotline store under a storm, on SQLite:
//
//	go test -run '^$' -bench 'Hotline' -benchtime 1x ./internal/store/sqlite/
//
// BenchmarkHotlineIngest stores 10,000 mails the way the inbox does, each
// in its own transaction with its inquiry and the queued acknowledgement,
// then sends the 10,000 acknowledgements through the outbox's claim;
// BenchmarkHotlineReads times the dashboard and the console's lists over
// 100,000 inquiries of one incident.

const (
	stormMails     = 10_000
	stormInquiries = 100_000
)

var stormStart = time.Date(2025, 3, 14, 8, 0, 0, 0, time.UTC)

func stormInquiry(incidentID int64, i int) *hotline.InquiryRow {
	received := stormStart.Add(time.Duration(i) * 1700 * time.Millisecond) // ~47 hours for 100,000
	q := &hotline.InquiryRow{Inquiry: hotline.Inquiry{IncidentID: incidentID, Channel: hotline.Channels[i%3],
		Status: hotline.Open, Topic: fmt.Sprintf("topic-%d", i%6), Questions: []string{fmt.Sprintf("q%d", i%17), fmt.Sprintf("q%d", i%5)},
		ReceivedAt: received, FirstResponseDue: received.Add(24 * time.Hour), UpdatedAt: received},
		Sealed: make([]byte, 120), CallerKey: []byte(fmt.Sprintf("caller-%08d", i%40000))}
	switch {
	case i%10 < 7:
		q.Status, q.Outcome, q.FirstResponseAt, q.ClosedAt = hotline.Closed, hotline.Answered, ptr(received.Add(time.Hour)), ptr(received.Add(time.Hour))
	case i%10 == 7:
		q.Outcome, q.FirstResponseAt, q.CallbackDue = hotline.Callback, ptr(received), ptr(received.Add(4*time.Hour))
	}
	return q
}

func ptr[T any](v T) *T { return &v }

func BenchmarkHotlineIngest(b *testing.B) {
	for range b.N {
		b.StopTimer()
		ctx := context.Background()
		db, err := Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		inc := newBenchIncident(b, db)
		st := db.Hotline()
		b.StartTimer()
		start := time.Now()
		for i := range stormMails {
			q := stormInquiry(inc, i)
			q.Channel, q.Status, q.Outcome, q.FirstResponseAt, q.ClosedAt, q.CallbackDue = hotline.ByMail, hotline.Open, "", nil, nil, nil
			err := st.Update(ctx, func(tx hotline.Tx) error {
				if err := tx.AddInquiry(ctx, q); err != nil {
					return err
				}
				in := &hotline.MailRow{Mail: hotline.Mail{IncidentID: inc, InquiryID: q.ID, Direction: hotline.Inbound,
					Kind: hotline.Received, State: hotline.Delivered, MessageID: fmt.Sprintf("<m%d@example.net>", i),
					RawSHA256: fmt.Sprintf("%064x", i), Size: 4000, SenderKey: q.CallerKey, CreatedAt: q.ReceivedAt},
					Sealed: make([]byte, 4000)}
				if err := tx.AddMail(ctx, in); err != nil {
					return err
				}
				ack := &hotline.MailRow{Mail: hotline.Mail{IncidentID: inc, InquiryID: q.ID, Direction: hotline.Outbound,
					Kind: hotline.Acknowledge, State: hotline.Queued, MessageID: fmt.Sprintf("<ack%d@breachdesk.invalid>", i),
					InReplyTo: in.MessageID, References: []string{in.MessageID}, NextAt: q.ReceivedAt, CreatedAt: q.ReceivedAt},
					Sealed: make([]byte, 600)}
				if err := tx.AddMail(ctx, ack); err != nil {
					return err
				}
				return tx.SetInboxCursor(ctx, inc, fmt.Sprintf("1:%d", i))
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		stored := time.Since(start)
		b.ReportMetric(stored.Seconds(), "store-10k-s")
		b.ReportMetric(float64(stormMails)/stored.Seconds(), "mails/s")

		start = time.Now()
		now := stormStart.Add(100 * time.Hour)
		sent := 0
		for {
			var m *hotline.MailRow
			err := st.Update(ctx, func(tx hotline.Tx) (err error) {
				if m, err = tx.ClaimMail(ctx, now, now.Add(time.Minute)); err != nil {
					return err
				}
				m.State, m.SentAt, m.LeaseUntil = hotline.Sent, &now, nil
				return tx.SaveMailResult(ctx, m)
			})
			if errs.Is(err, errs.NotFound) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			sent++
		}
		if sent != stormMails {
			b.Fatalf("%d acknowledgements sent, want %d", sent, stormMails)
		}
		claimed := time.Since(start)
		b.ReportMetric(float64(sent)/claimed.Seconds(), "claims/s")
		b.StopTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHotlineReads(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	inc := newBenchIncident(b, db)
	st := db.Hotline()
	const chunk = 5000
	for from := 0; from < stormInquiries; from += chunk {
		err := st.Update(ctx, func(tx hotline.Tx) error {
			for i := from; i < from+chunk; i++ {
				if err := tx.AddInquiry(ctx, stormInquiry(inc, i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	end := stormStart.Add(stormInquiries * 1700 * time.Millisecond)
	now := end.Add(time.Hour)
	for _, tc := range []struct {
		name string
		run  func() error
	}{
		{"dashboard-24h", func() error {
			_, err := st.Dashboard(ctx, inc, hotline.DashboardQuery{Since: end.Add(-24 * time.Hour), Now: now})
			return err
		}},
		{"dashboard-all", func() error {
			_, err := st.Dashboard(ctx, inc, hotline.DashboardQuery{Since: stormStart, Now: now})
			return err
		}},
		{"list-newest", func() error { _, err := st.Inquiries(ctx, inc, hotline.Filter{}); return err }},
		{"list-open", func() error { _, err := st.Inquiries(ctx, inc, hotline.Filter{Status: hotline.Open}); return err }},
		{"list-overdue", func() error {
			_, err := st.Inquiries(ctx, inc, hotline.Filter{Overdue: true, Now: now})
			return err
		}},
		{"list-callbacks", func() error { _, err := st.Inquiries(ctx, inc, hotline.Filter{Callbacks: true}); return err }},
		{"list-caller", func() error {
			_, err := st.Inquiries(ctx, inc, hotline.Filter{CallerKey: []byte("caller-00012345")})
			return err
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				if err := tc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func newBenchIncident(b *testing.B, db *DB) int64 {
	b.Helper()
	inc := &incident.Incident{Title: "Storm", Kind: incident.KindOther, Severity: incident.SeverityLow,
		Status: incident.StatusTriage, AwareAt: stormStart, CreatedAt: stormStart, UpdatedAt: stormStart}
	err := db.Incidents().Update(context.Background(), func(tx incident.Tx) error {
		return tx.CreateIncident(context.Background(), inc)
	})
	if err != nil {
		b.Fatal(err)
	}
	return inc.ID
}
