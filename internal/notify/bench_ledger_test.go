package notify_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

const million = 1_000_000

// BenchmarkQueueMillion is the issue's "render and queue 1,000,000
// personalized messages", in its two halves: building a register of a
// million persons takes longer than the sending itself, so rendering
// (Compiled.Message for a million different persons) and queueing (a
// million ledger rows in transactions of 2,000) are measured apart. One
// operation is the whole million; run with -benchtime=1x.
//
//	go test -run '^$' -bench 'QueueMillion' -benchtime=1x ./internal/notify/
func BenchmarkQueueMillion(b *testing.B) {
	b.Run("render", benchmarkRenderMillion)
	b.Run("queue", benchmarkQueueRowsMillion)
}

func benchmarkRenderMillion(b *testing.B) {
	tpl := &notify.Template{ID: 1, Name: "Notice", Fallback: "en", Company: "ACME GmbH", Hotline: "+49 511 1234",
		Inbox: "help@acme.example", UpdatesURL: "https://acme.example/updates",
		Contents: []notify.Content{
			{Lang: "de", Subject: "Wichtiger Hinweis zu Ihren Daten", Body: "{{salutation}}\n\n## Was ist passiert\n\nBei {{company}} wurden Daten gestohlen.\n\n## Welche Ihrer Daten betroffen sind\n\n{{categories}}\n\n## Was Sie tun können\n\n- Passwort ändern\n- Auf **Phishing** achten\n\nFragen: {{hotline}}, {{inbox}}, {{updates_url}}\n\nReferenz {{reference}}"},
			{Lang: "en", Subject: "Important notice about your data", Body: "{{salutation}}\n\n## What happened\n\nData was stolen from {{company}}.\n\n## Which of your data\n\n{{categories}}\n\n## What you can do\n\n- Change your password\n- Beware of **phishing**\n\nQuestions: {{hotline}}, {{inbox}}, {{updates_url}}\n\nReference {{reference}}"},
		}}
	compiled, err := notify.Compile(tpl)
	if err != nil {
		b.Fatal(err)
	}
	relay := &notify.SMTPConfig{From: "notice@acme.example", FromName: "ACME"}
	persons := make([]people.Person, 1000)
	for i := range persons {
		persons[i] = people.Person{ID: int64(i + 1), IncidentID: 1, Language: []string{"de", "en"}[i%2],
			Contact:    people.Contact{Name: fmt.Sprintf("Person Nummer %d", i), Emails: []string{fmt.Sprintf("p%d@example.org", i)}},
			Categories: []string{"email", "iban", "national_id", "phone"}[:1+i%4]}
	}
	b.ResetTimer()
	for range b.N {
		start, cpu := time.Now(), cpuTime()
		for i := range million {
			p := &persons[i%len(persons)]
			d := &notify.Delivery{ID: int64(i + 1), CampaignID: 1, IncidentID: 1, PersonID: p.ID,
				MessageID: fmt.Sprintf("<c1.p%d.0123abcd@acme.example>", i), Lang: p.Language}
			if _, err := compiled.Message(p, d, relay); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(million)/time.Since(start).Seconds(), "messages/s")
		b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s")
	}
}

func benchmarkQueueRowsMillion(b *testing.B) {
	for range b.N {
		b.StopTimer()
		ctx := context.Background()
		db, err := sqlite.Open(ctx, b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		c := benchCampaign(b, db)
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		const chunk = 2000
		rows := make([]notify.Delivery, 0, chunk)
		for p := int64(1); p <= million; p++ {
			now := time.Now().UTC()
			rows = append(rows, notify.Delivery{CampaignID: c.ID, IncidentID: c.IncidentID, PersonID: p,
				Channel: notify.ByEmail, State: notify.Pending, Lang: "de",
				MessageID: fmt.Sprintf("<c%d.p%d.0123abcd@acme.example>", c.ID, p), NextAt: now, QueuedAt: now, UpdatedAt: now})
			if len(rows) == chunk {
				err := db.Notify().Update(ctx, func(tx notify.Tx) error { _, err := tx.QueueDeliveries(ctx, rows); return err })
				if err != nil {
					b.Fatal(err)
				}
				rows = rows[:0]
			}
		}
		b.ReportMetric(float64(million)/time.Since(start).Seconds(), "rows/s")
		b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s")
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}

// benchCampaign stores an incident with a template and a running
// campaign, below the services.
func benchCampaign(b *testing.B, db *sqlite.DB) *notify.Campaign {
	b.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	inc := &incident.Incident{Title: "Leak", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh,
		Status: incident.StatusTriage, AwareAt: now, CreatedAt: now, UpdatedAt: now}
	if err := db.Incidents().Update(ctx, func(tx incident.Tx) error { return tx.CreateIncident(ctx, inc) }); err != nil {
		b.Fatal(err)
	}
	tpl := &notify.Template{IncidentID: inc.ID, Name: "Notice", Contents: []notify.Content{{Lang: "de", Subject: "S", Body: "B"}},
		UpdatedAt: now}
	c := &notify.Campaign{IncidentID: inc.ID, Name: "All", Kind: notify.Individual, SegmentID: 1, Channel: notify.ByEmail,
		State: notify.Approved, CreatedAt: now, UpdatedAt: now}
	err := db.Notify().Update(ctx, func(tx notify.Tx) error {
		if err := tx.SaveTemplate(ctx, tpl); err != nil {
			return err
		}
		c.TemplateID = tpl.ID
		return tx.AddCampaign(ctx, c)
	})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkStart measures Start over a real register: reading and
// unsealing every member of the segment, choosing the language and
// channel, and queueing the ledger.
//
//	go test -run '^$' -bench 'Start' -benchtime=1x ./internal/notify/
func BenchmarkStart(b *testing.B) {
	const persons = 50_000
	e := newEnv(b, persons)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		ctx := context.Background()
		c, err := e.svc.CreateCampaign(ctx, e.users["comms"], e.id, notify.NewCampaign{Name: "Everyone",
			SegmentID: e.segment, TemplateID: e.template, Channel: notify.ByEmail, LetterFallback: true})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.svc.Approve(ctx, e.users["comms2"], e.id, c.ID); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(persons)/time.Since(start).Seconds(), "recipients/s")
		b.ReportMetric(float64(cpuTime()-cpu)/persons/1e3, "cpu-µs/recipient")
	}
}

// BenchmarkSend is messages per second through the runner to the go-smtp
// relay on loopback, with 8 connections: claim and record in the ledger,
// read and unseal the person, render, send. "client" sends with the
// tests' plain-text SMTP client; "mail" with the desk's mail adapter
// (MIME with text and HTML parts), the whole path.
//
//	go test -run '^$' -bench 'Send' -benchtime=3x ./internal/notify/
func BenchmarkSend(b *testing.B) {
	b.Run("client", func(b *testing.B) { benchmarkSend(b, false) })
	b.Run("mail", func(b *testing.B) { benchmarkSend(b, true) })
}

func benchmarkSend(b *testing.B, realMail bool) {
	const persons = 20_000
	e := newEnv(b, persons, func(c *notify.SMTPConfig) { c.Concurrency = 8 })
	e.realMail = realMail
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		c := e.campaign(false)
		want := e.relay.total() + persons - persons/7
		b.StartTimer()
		start, cpu := time.Now(), cpuTime()
		e.runUntilIdle(fmt.Sprintf("bench-%d", c.ID))
		elapsed, used := time.Since(start), cpuTime()-cpu
		if got := e.relay.total(); got != want {
			b.Fatalf("relay has %d messages, want %d", got, want)
		}
		sent := float64(persons - persons/7)
		b.ReportMetric(sent/elapsed.Seconds(), "messages/s")
		// Runner and relay share the process: this is the CPU both need
		// per message; on 2 free cores the runner alone would manage
		// about 2e6/cpu-µs messages per second.
		b.ReportMetric(float64(used)/sent/1e3, "cpu-µs/message")
	}
}

// cpuTime is the user and system time the process has used: the figure
// that does not depend on what else the machine is doing.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
