package storetest

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

var notifyScenarios = []scenario{
	{"notify/templates and campaigns survive a round trip, the snapshot included", testNotifyRoundTrip},
	{"notify/queueing again adds only who is missing", testQueueIdempotent},
	{"notify/claims take the lowest due row; an abandoned lease is taken over", testClaimOrderAndLeases},
	{"notify/two claimers at once never get the same row", testConcurrentClaims},
	{"notify/counts, sent per minute, sent since, unsent and withdrawal", testLedgerCounts},
	{"notify/letter batches take pending letters; posting twice is a conflict", testLetterBatches},
	{"notify/settings are saved over; a missing one is not found", testNotifySettings},
	{"notify/a person's rows across campaigns, newest first; a row queued again gets a new Message-ID", testPersonDeliveries},
}

func updateNotify(t *testing.T, s Stores, fn func(ctx context.Context, tx notify.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Notify.Update(ctx, func(tx notify.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("notify update: %v", err)
	}
}

// notifyWorld is an incident with a template and a running campaign.
type notifyWorld struct {
	user     *auth.User
	incident int64
	tpl      *notify.Template
	campaign *notify.Campaign
}

func newNotifyWorld(t *testing.T, s Stores) notifyWorld {
	t.Helper()
	w := notifyWorld{user: newUser(t, s, "comms@example.org", "Comms", auth.RoleComms)}
	w.incident = newIncident(t, s, "leak").ID
	w.tpl = &notify.Template{IncidentID: w.incident, Name: "Notice", Fallback: "en",
		Contents: []notify.Content{{Lang: "de", Subject: "Hinweis", Body: "Hallo {{name}}"}, {Lang: "en", Subject: "Notice", Body: "Hi"}},
		Company:  "ACME", Hotline: "+49 30 1234", Inbox: "help@example.org", UpdatesURL: "https://example.org/u",
		Letterhead: []string{"ACME GmbH", "Hauptstr. 1"}, UpdatedBy: w.user.ID, UpdatedAt: t0}
	w.campaign = &notify.Campaign{IncidentID: w.incident, Name: "All", Kind: notify.Individual, SegmentID: 7,
		Channel: notify.ByEmail, LetterFallback: true, State: notify.Running, CreatedBy: w.user.ID, CreatedAt: t0,
		UpdatedAt: t0}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		if err := tx.SaveTemplate(ctx, w.tpl); err != nil {
			return err
		}
		w.campaign.TemplateID = w.tpl.ID
		return tx.AddCampaign(ctx, w.campaign)
	})
	return w
}

// ledgerRow is a pending row of campaign c for person p.
func ledgerRow(c *notify.Campaign, p int64, ch notify.Channel, queued time.Time) notify.Delivery {
	return notify.Delivery{CampaignID: c.ID, IncidentID: c.IncidentID, PersonID: p, Channel: ch, State: notify.Pending,
		Lang: "de", MessageID: fmt.Sprintf("<c%d.p%d.0123abcd@example.org>", c.ID, p), NextAt: queued,
		QueuedAt: queued, UpdatedAt: queued}
}

func queue(t *testing.T, s Stores, ds []notify.Delivery) int64 {
	t.Helper()
	var n int64
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) (err error) {
		n, err = tx.QueueDeliveries(ctx, ds)
		return err
	})
	return n
}

func testNotifyRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newNotifyWorld(t, s)
	got, err := s.Notify.Template(ctx, w.incident, w.tpl.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, w.tpl) {
		t.Fatalf("template = %+v, want %+v", got, w.tpl)
	}
	snap := *w.tpl
	c := *w.campaign
	c.State, c.Snapshot, c.SnapshotHash = notify.Approved, &snap, "abc"
	c.ApprovedBy, c.ApprovedAt, c.StartedAt, c.UpdatedAt, c.Queued = w.user.ID, ptr(at(time.Hour)), ptr(at(2*time.Hour)), at(2*time.Hour), 42
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		locked, err := tx.CampaignForUpdate(ctx, w.incident, c.ID)
		if err != nil {
			return err
		}
		if locked.State != notify.Running || locked.Snapshot != nil {
			t.Errorf("locked campaign = %+v", locked)
		}
		return tx.UpdateCampaign(ctx, &c)
	})
	back, err := s.Notify.Campaign(ctx, w.incident, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, &c) {
		t.Fatalf("campaign = %+v\nwant       %+v", back, &c)
	}
	if _, err := s.Notify.Campaign(ctx, w.incident+1, c.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("campaign of another incident: %v", err)
	}
	running, err := s.Notify.CampaignsIn(ctx, []notify.State{notify.Running, notify.Paused})
	if err != nil || len(running) != 0 {
		t.Errorf("running campaigns = %v, %v; want none", running, err)
	}
	approved, err := s.Notify.CampaignsIn(ctx, []notify.State{notify.Approved})
	if err != nil || len(approved) != 1 || approved[0].ID != c.ID {
		t.Errorf("approved campaigns = %v, %v", approved, err)
	}
}

func testQueueIdempotent(t *testing.T, s Stores) {
	w := newNotifyWorld(t, s)
	var ds []notify.Delivery
	for p := int64(1); p <= 1200; p++ {
		ds = append(ds, ledgerRow(w.campaign, p, notify.ByEmail, t0))
	}
	if n := queue(t, s, ds[:700]); n != 700 {
		t.Fatalf("first queue added %d, want 700", n)
	}
	// A resumed start queues everyone again, with fresh Message-IDs for
	// those already queued: they keep the ones they have.
	again := append([]notify.Delivery(nil), ds...)
	for i := range again[:700] {
		again[i].MessageID = fmt.Sprintf("<c%d.p%d.ffffffff@example.org>", w.campaign.ID, again[i].PersonID)
	}
	if n := queue(t, s, again); n != 500 {
		t.Fatalf("second queue added %d, want 500", n)
	}
	d, err := s.Notify.DeliveryByMessageID(t.Context(), ds[0].MessageID)
	if err != nil || d.PersonID != 1 {
		t.Fatalf("first row by its first Message-ID: %+v, %v", d, err)
	}
	rows, err := s.Notify.Deliveries(t.Context(), w.campaign.ID, "", 0, 2000)
	if err != nil || len(rows) != 1200 {
		t.Fatalf("%d rows, %v; want 1200", len(rows), err)
	}
}

func testClaimOrderAndLeases(t *testing.T, s Stores) {
	w := newNotifyWorld(t, s)
	c := w.campaign
	later := ledgerRow(c, 1, notify.ByEmail, t0)
	later.NextAt = at(time.Hour) // backing off
	queue(t, s, []notify.Delivery{later, ledgerRow(c, 2, notify.ByLetter, t0), ledgerRow(c, 3, notify.ByEmail, t0),
		ledgerRow(c, 4, notify.ByEmail, t0)})
	claim := func(by string, now time.Time) *notify.Delivery {
		t.Helper()
		var d *notify.Delivery
		err := s.Notify.Update(t.Context(), func(tx notify.Tx) (err error) {
			d, err = tx.Claim(t.Context(), c.ID, notify.ByEmail, by, now, now.Add(time.Minute))
			return err
		})
		if errs.Is(err, errs.NotFound) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	first := claim("a/1", at(time.Second))
	if first == nil || first.PersonID != 3 || first.State != notify.Sending || first.Attempts != 1 ||
		first.ClaimedBy != "a/1" || !first.LeaseUntil.Equal(at(time.Second+time.Minute)) {
		t.Fatalf("first claim = %+v; want person 3 (person 1 backs off, 2 is a letter)", first)
	}
	if d := claim("a/2", at(2*time.Second)); d == nil || d.PersonID != 4 {
		t.Fatalf("second claim = %+v; want person 4", d)
	}
	if d := claim("a/3", at(3*time.Second)); d != nil {
		t.Fatalf("third claim = %+v; want none while leases hold and person 1 backs off", d)
	}
	// The lease of the first claimer ran out: another runner takes the row
	// over, with the same Message-ID.
	d := claim("b/1", at(time.Second+time.Minute+time.Millisecond))
	if d == nil || d.ID != first.ID || d.Attempts != 2 || d.ClaimedBy != "b/1" || d.MessageID != first.MessageID {
		t.Fatalf("claim after the lease ran out = %+v; want %d again", d, first.ID)
	}
	// The first claimer comes back late: its result is not written over
	// the new claimer's.
	late := *first
	late.State, late.SentAt, late.UpdatedAt = notify.Sent, ptr(at(2*time.Minute)), at(2*time.Minute)
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		if saved, err := tx.SaveClaimed(ctx, &late, "a/1"); err != nil || saved {
			t.Errorf("the late claimer saved: %v, %v; want refused", saved, err)
		}
		mine := *d
		mine.State, mine.ClaimedBy, mine.LeaseUntil = notify.Pending, "", nil
		if saved, err := tx.SaveClaimed(ctx, &mine, "b/1"); err != nil || !saved {
			t.Errorf("the holder saved: %v, %v; want written", saved, err)
		}
		return nil
	})
	if back, _ := s.Notify.DeliveryByMessageID(t.Context(), first.MessageID); back.State != notify.Pending || back.ClaimedBy != "" {
		t.Errorf("after the holder's save: %s claimed by %q", back.State, back.ClaimedBy)
	}
	// Once due, the backed-off row comes first: it has the lowest ID.
	if d = claim("b/2", at(2*time.Hour)); d == nil || d.PersonID != 1 {
		t.Fatalf("claim after the backoff = %+v; want person 1", d)
	}
	d.State, d.SentAt, d.ClaimedBy, d.LeaseUntil, d.UpdatedAt = notify.Sent, ptr(at(2*time.Hour)), "", nil, at(2*time.Hour)
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error { return tx.SaveDelivery(ctx, d) })
	back, err := s.Notify.DeliveryByMessageID(t.Context(), d.MessageID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Fatalf("saved delivery = %+v\nwant %+v", back, d)
	}
}

func testConcurrentClaims(t *testing.T, s Stores) {
	w := newNotifyWorld(t, s)
	const rows = 300
	var ds []notify.Delivery
	for p := int64(1); p <= rows; p++ {
		ds = append(ds, ledgerRow(w.campaign, p, notify.ByEmail, t0))
	}
	queue(t, s, ds)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	for _, by := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var d *notify.Delivery
				err := s.Notify.Update(context.Background(), func(tx notify.Tx) (err error) {
					d, err = tx.Claim(context.Background(), w.campaign.ID, notify.ByEmail, by, at(time.Hour), at(2*time.Hour))
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
				if other, ok := seen[d.ID]; ok {
					mu.Unlock()
					errc <- fmt.Errorf("row %d claimed by %s and %s", d.ID, other, by)
					return
				}
				seen[d.ID] = by
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	if len(seen) != rows {
		t.Fatalf("%d rows claimed, want %d", len(seen), rows)
	}
}

func testLedgerCounts(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newNotifyWorld(t, s)
	c := w.campaign
	var ds []notify.Delivery
	for p := int64(1); p <= 6; p++ {
		ch := notify.ByEmail
		if p == 6 {
			ch = notify.ByLetter
		}
		ds = append(ds, ledgerRow(c, p, ch, t0))
	}
	queue(t, s, ds)
	rows, err := s.Notify.Deliveries(ctx, c.ID, "", 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Persons 1 and 2 sent in minute m, 3 in minute m+2, 4 bounced after
	// being sent in minute m+2; 5 and 6 pending.
	m := t0.Truncate(time.Minute).Add(time.Minute)
	sent := map[int64]time.Time{1: m.Add(time.Second), 2: m.Add(30 * time.Second), 3: m.Add(2 * time.Minute),
		4: m.Add(2*time.Minute + time.Second)}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		for i := range rows[:4] {
			d := &rows[i]
			d.State, d.SentAt = notify.Sent, ptr(sent[d.PersonID])
			if d.PersonID == 4 {
				d.State = notify.Bounced
			}
			if err := tx.SaveDelivery(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
	byState, byChannel, err := s.Notify.Counts(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantState := map[notify.DeliveryState]int64{notify.Sent: 3, notify.Bounced: 1, notify.Pending: 2}
	wantChannel := map[notify.Channel]int64{notify.ByEmail: 5, notify.ByLetter: 1}
	if !reflect.DeepEqual(byState, wantState) || !reflect.DeepEqual(byChannel, wantChannel) {
		t.Errorf("counts = %v %v, want %v %v", byState, byChannel, wantState, wantChannel)
	}
	buckets, err := s.Notify.SentPerMinute(ctx, c.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	want := []notify.Bucket{{At: m, Count: 2}, {At: m.Add(2 * time.Minute), Count: 2}}
	if !reflect.DeepEqual(buckets, want) {
		t.Errorf("per minute = %v, want %v", buckets, want)
	}
	if n, err := s.Notify.SentSince(ctx, at(time.Minute)); err != nil || n != 2 {
		t.Errorf("sent since a minute = %d, %v; want 2 (a sent and a bounced e-mail)", n, err)
	}
	if n, err := s.Notify.Unsent(ctx, c.ID, notify.ByEmail); err != nil || n != 1 {
		t.Errorf("unsent e-mails = %d, %v; want 1", n, err)
	}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		if n, err := tx.Unfinished(ctx, c.ID); err != nil || n != 2 {
			t.Errorf("unfinished = %d, %v; want 2", n, err)
		}
		n, err := tx.WithdrawPending(ctx, c.ID, at(time.Hour))
		if err != nil || n != 2 {
			t.Errorf("withdrawn = %d, %v; want 2", n, err)
		}
		if n, err := tx.Unfinished(ctx, c.ID); err != nil || n != 0 {
			t.Errorf("unfinished after withdrawal = %d, %v; want 0", n, err)
		}
		return nil
	})
}

func testLetterBatches(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newNotifyWorld(t, s)
	c := w.campaign
	var ds []notify.Delivery
	for p := int64(1); p <= 5; p++ {
		ch := notify.ByLetter
		if p == 2 {
			ch = notify.ByEmail
		}
		ds = append(ds, ledgerRow(c, p, ch, t0))
	}
	queue(t, s, ds)
	b1 := &notify.LetterBatch{CampaignID: c.ID, IncidentID: w.incident, CreatedBy: w.user.ID, CreatedAt: at(time.Hour)}
	b2 := &notify.LetterBatch{CampaignID: c.ID, IncidentID: w.incident, CreatedBy: w.user.ID, CreatedAt: at(time.Hour)}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		if err := tx.AddLetterBatch(ctx, b1, 2); err != nil {
			return err
		}
		return tx.AddLetterBatch(ctx, b2, 10)
	})
	if b1.Letters != 2 || b2.Letters != 2 {
		t.Fatalf("batches hold %d and %d letters, want 2 and 2", b1.Letters, b2.Letters)
	}
	in1, err := s.Notify.BatchDeliveries(ctx, b1.ID)
	if err != nil || len(in1) != 2 || in1[0].PersonID != 1 || in1[1].PersonID != 3 {
		t.Fatalf("first batch = %+v, %v; want persons 1 and 3", in1, err)
	}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		return tx.MarkBatchPosted(ctx, c.ID, b1.ID, w.user.ID, at(2*time.Hour))
	})
	err = s.Notify.Update(ctx, func(tx notify.Tx) error {
		return tx.MarkBatchPosted(ctx, c.ID, b1.ID, w.user.ID, at(3*time.Hour))
	})
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("posting twice: %v, want a conflict", err)
	}
	err = s.Notify.Update(ctx, func(tx notify.Tx) error {
		return tx.MarkBatchPosted(ctx, c.ID+1, b2.ID, w.user.ID, at(3*time.Hour))
	})
	if !errs.Is(err, errs.NotFound) {
		t.Fatalf("posting another campaign's batch: %v, want not found", err)
	}
	got, err := s.Notify.LetterBatch(ctx, c.ID, b1.ID)
	if err != nil || got.PostedAt == nil || !got.PostedAt.Equal(at(2*time.Hour)) || got.PostedBy != w.user.ID {
		t.Fatalf("posted batch = %+v, %v", got, err)
	}
	in1, _ = s.Notify.BatchDeliveries(ctx, b1.ID)
	for _, d := range in1 {
		if d.State != notify.Posted || d.SentAt == nil || !d.SentAt.Equal(at(2*time.Hour)) {
			t.Errorf("letter %d after posting: %s at %v", d.ID, d.State, d.SentAt)
		}
	}
	all, err := s.Notify.LetterBatches(ctx, c.ID)
	if err != nil || len(all) != 2 || all[0].ID != b1.ID || all[1].PostedAt != nil {
		t.Fatalf("batches = %+v, %v", all, err)
	}
}

func testNotifySettings(t *testing.T, s Stores) {
	ctx := t.Context()
	if _, err := s.Notify.Setting(ctx, "notify.bounce_cursor"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unset setting: %v, want not found", err)
	}
	for _, v := range []string{"1", "2"} {
		updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
			return tx.SaveSetting(ctx, "notify.bounce_cursor", []byte(v))
		})
	}
	got, err := s.Notify.Setting(ctx, "notify.bounce_cursor")
	if err != nil || string(got) != "2" {
		t.Fatalf("setting = %q, %v; want 2", got, err)
	}
}

func testPersonDeliveries(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newNotifyWorld(t, s)
	second := &notify.Campaign{IncidentID: w.incident, Name: "Letters", Kind: notify.Individual, SegmentID: 8,
		TemplateID: w.tpl.ID, Channel: notify.ByLetter, State: notify.Done, CreatedBy: w.user.ID, CreatedAt: t0, UpdatedAt: t0}
	// Another incident, with a person 1 of its own.
	elsewhere := &notify.Campaign{IncidentID: newIncident(t, s, "other leak").ID, Name: "Other", Kind: notify.Individual,
		SegmentID: 9, TemplateID: w.tpl.ID, Channel: notify.ByEmail, State: notify.Running, CreatedBy: w.user.ID,
		CreatedAt: t0, UpdatedAt: t0}
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		if err := tx.AddCampaign(ctx, second); err != nil {
			return err
		}
		return tx.AddCampaign(ctx, elsewhere)
	})
	first := ledgerRow(w.campaign, 1, notify.ByEmail, t0)
	first.State, first.SentAt = notify.Sent, ptr(at(time.Minute))
	letter := ledgerRow(second, 1, notify.ByLetter, at(time.Hour))
	queue(t, s, []notify.Delivery{first, ledgerRow(w.campaign, 2, notify.ByEmail, t0)})
	queue(t, s, []notify.Delivery{letter, ledgerRow(second, 2, notify.ByLetter, at(time.Hour))})
	queue(t, s, []notify.Delivery{ledgerRow(elsewhere, 1, notify.ByEmail, at(2*time.Hour))})

	got, err := s.Notify.PersonDeliveries(ctx, w.incident, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("PersonDeliveries = %d rows, want 2 (person 1's in this incident): %+v", len(got), got)
	}
	if got[0].CampaignID != second.ID || got[0].CampaignName != "Letters" || got[0].CampaignKind != notify.Individual ||
		got[0].CampaignChannel != notify.ByLetter || got[0].CampaignState != notify.Done || got[0].PersonID != 1 ||
		!got[0].QueuedAt.Equal(at(time.Hour)) {
		t.Errorf("newest row = %+v; want the letter campaign's", got[0])
	}
	if got[1].CampaignID != w.campaign.ID || got[1].CampaignName != "All" || got[1].CampaignState != notify.Running ||
		got[1].State != notify.Sent || got[1].SentAt == nil || !got[1].SentAt.Equal(at(time.Minute)) || got[1].MessageID != first.MessageID {
		t.Errorf("older row = %+v; want the e-mail campaign's, sent", got[1])
	}
	if none, err := s.Notify.PersonDeliveries(ctx, w.incident, 99); err != nil || len(none) != 0 {
		t.Errorf("PersonDeliveries of a person without rows = %v, %v; want none", none, err)
	}

	// Queue the sent row again: a new Message-ID, pending, attempts reset.
	updateNotify(t, s, func(ctx context.Context, tx notify.Tx) error {
		d, err := tx.DeliveryForUpdate(ctx, w.campaign.ID, 1)
		if err != nil {
			return err
		}
		if d.ID != got[1].ID || d.State != notify.Sent {
			t.Errorf("DeliveryForUpdate = %+v", d)
		}
		d.State, d.MessageID, d.Attempts, d.LastError = notify.Pending, "<c1.p1.fresh@example.org>", 0, ""
		d.NextAt, d.QueuedAt, d.UpdatedAt, d.SentAt = at(3*time.Hour), at(3*time.Hour), at(3*time.Hour), nil
		return tx.RequeueDelivery(ctx, d)
	})
	back, err := s.Notify.DeliveryByMessageID(ctx, "<c1.p1.fresh@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != got[1].ID || back.State != notify.Pending || back.SentAt != nil || !back.QueuedAt.Equal(at(3*time.Hour)) {
		t.Errorf("requeued row = %+v", back)
	}
	if _, err := s.Notify.DeliveryByMessageID(ctx, first.MessageID); !errs.Is(err, errs.NotFound) {
		t.Errorf("the old Message-ID still finds a row: %v", err)
	}
	if now, _ := s.Notify.PersonDeliveries(ctx, w.incident, 1); len(now) != 2 || now[0].ID != back.ID {
		t.Errorf("after the requeue the newest row is %+v; want the requeued one", now)
	}
	// Errors: no row for the person; a Message-ID that is taken.
	err = s.Notify.Update(ctx, func(tx notify.Tx) error {
		_, err := tx.DeliveryForUpdate(ctx, w.campaign.ID, 99)
		return err
	})
	if !errs.Is(err, errs.NotFound) {
		t.Errorf("DeliveryForUpdate of a person without a row: %v, want not found", err)
	}
	err = s.Notify.Update(ctx, func(tx notify.Tx) error {
		d, err := tx.DeliveryForUpdate(ctx, w.campaign.ID, 2)
		if err != nil {
			return err
		}
		d.MessageID = back.MessageID
		return tx.RequeueDelivery(ctx, d)
	})
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("requeue with a Message-ID that is taken: %v, want conflict", err)
	}
}
