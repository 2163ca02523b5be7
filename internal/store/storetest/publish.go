package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

var publishScenarios = []scenario{
	{"publish/the page's settings are one row, saved and replaced", testPublishPage},
	{"publish/statements survive a round trip and a change; another incident's is not found", testStatementRoundTrip},
	{"publish/statements list newest first; the published ones of every incident by publication", testStatementLists},
	{"publish/a public ID taken is a conflict; the transaction goes on", testStatementConflicts},
	{"publish/a listing is one per incident and keeps its public ID", testListings},
	{"publish/components list by position; their changes newest first", testComponents},
	{"publish/subscribers are found by address, unsubscribe key and confirmation hash", testSubscribers},
	{"publish/a mail is queued once per Message-ID and per statement and subscriber", testPublishMailsOnce},
	{"publish/an update is queued once to every confirmed subscriber", testQueueUpdate},
	{"publish/the outbox claims the lowest due mail; an abandoned lease is taken over", testPublishClaims},
	{"publish/two senders at once never claim the same mail", testConcurrentPublishClaims},
	{"publish/the result of sending clears what the mail held sealed", testPublishMailResult},
	{"publish/counts and the mails to one address", testPublishCounts},
	{"publish/leaked password hashes are replaced whole and read by range", testPwned},
}

func updatePublish(t *testing.T, s Stores, fn func(ctx context.Context, tx publish.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Publish.Update(ctx, func(tx publish.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("publish update: %v", err)
	}
}

// publishErr runs fn in a transaction and returns its error.
func publishErr(t *testing.T, s Stores, fn func(ctx context.Context, tx publish.Tx) error) error {
	t.Helper()
	ctx := t.Context()
	return s.Publish.Update(ctx, func(tx publish.Tx) error { return fn(ctx, tx) })
}

// publishWorld is two incidents, a comms writer and a lead.
type publishWorld struct {
	comms, lead *auth.User
	a, b        int64
}

func newPublishWorld(t *testing.T, s Stores) publishWorld {
	t.Helper()
	return publishWorld{
		comms: newUser(t, s, "comms@example.org", "Comms", auth.RoleComms),
		lead:  newUser(t, s, "lead@example.org", "Lead", auth.RoleLead),
		a:     newIncident(t, s, "a").ID,
		b:     newIncident(t, s, "b").ID,
	}
}

// newStatement is a draft of incident id with texts in both languages.
func newStatement(id int64, publicID string, author int64) *publish.Statement {
	return &publish.Statement{
		IncidentID: id, PublicID: publicID, Kind: publish.PressRelease, Phase: publish.Investigating,
		Texts: map[string]publish.Text{
			"de": {Title: "Datenabfluss", Body: "Wir **prüfen** den Vorfall."},
			"en": {Title: "Data leak", Body: "We are **investigating**."},
		},
		State: publish.Draft, AuthorID: author, CreatedAt: t0, UpdatedAt: t0,
	}
}

func addStatements(t *testing.T, s Stores, ss ...*publish.Statement) {
	t.Helper()
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		for _, st := range ss {
			if err := tx.AddStatement(ctx, st); err != nil {
				return err
			}
		}
		return nil
	})
}

func testPublishPage(t *testing.T, s Stores) {
	ctx := t.Context()
	_, err := s.Publish.Page(ctx)
	wantCode(t, err, errs.NotFound)
	inc := newIncident(t, s, "leak")
	p := &publish.Page{
		Names: map[string]string{"de": "ACME Status", "en": "ACME status"}, URL: "https://status.example.com",
		DefaultLang: "en", PressName: "Press office", PressEmail: "press@example.com", PressPhone: "+49 30 1234",
		HotlinePhone: "+49 800 1234", HotlineEmail: "hotline@example.com", SenderEmail: "status@example.com",
		SelfCheck: true, RangeIncidentID: inc.ID, UpdatedAt: t0,
	}
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.SavePage(ctx, p) })
	wantEqual(t, "page", must(s.Publish.Page(ctx))(t), p)

	changed := &publish.Page{URL: "https://status.example.org", UpdatedAt: at(time.Hour)}
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.SavePage(ctx, changed) })
	wantEqual(t, "replaced page", must(s.Publish.Page(ctx))(t), changed)
	var rows int
	if err := s.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM publish_page`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("%d rows of page settings (%v), want 1", rows, err)
	}
}

func testStatementRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	comp := newComponent("portal0000001", 1)
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.AddComponent(ctx, comp) })
	st := newStatement(w.a, "abcdefgh0001", w.comms.ID)
	st.Components, st.Replaces = []int64{comp.ID}, 42
	addStatements(t, s, st)
	if st.ID == 0 {
		t.Fatal("AddStatement set no ID")
	}
	wantEqual(t, "statement", must(s.Publish.Statement(ctx, w.a, st.ID))(t), st)

	changed := *st
	changed.Phase, changed.State, changed.Components, changed.Replaces = publish.Resolved, publish.Published, nil, 0
	changed.Texts = map[string]publish.Text{"en": {Title: "Resolved", Body: "Fixed."}}
	changed.UpdatedAt, changed.ApprovedBy, changed.ApprovedAt = at(time.Hour), w.lead.ID, ptr(at(time.Hour))
	changed.PublishedBy, changed.PublishedAt = w.comms.ID, ptr(at(2*time.Hour))
	// What may not change stays.
	changed.PublicID, changed.Kind, changed.AuthorID, changed.CreatedAt = "zzzzzzzzzzzz", publish.FAQ, w.lead.ID, at(time.Minute)
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		in, err := tx.Statement(ctx, w.a, st.ID)
		if err != nil {
			return err
		}
		wantEqual(t, "statement in the transaction", in, st)
		return tx.UpdateStatement(ctx, &changed)
	})
	want := changed
	want.PublicID, want.Kind, want.AuthorID, want.CreatedAt = st.PublicID, st.Kind, st.AuthorID, st.CreatedAt
	wantEqual(t, "changed statement", must(s.Publish.Statement(ctx, w.a, st.ID))(t), &want)

	_, err := s.Publish.Statement(ctx, w.b, st.ID)
	wantCode(t, err, errs.NotFound)
	_, err = s.Publish.Statement(ctx, w.a, st.ID+1000)
	wantCode(t, err, errs.NotFound)
	other := changed
	other.IncidentID = w.b
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.UpdateStatement(ctx, &other) }), errs.NotFound)
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error {
		_, err := tx.Statement(ctx, w.b, st.ID)
		return err
	}), errs.NotFound)
}

func statementIDs(ss []publish.Statement) []int64 {
	out := []int64{}
	for _, st := range ss {
		out = append(out, st.ID)
	}
	return out
}

func testStatementLists(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	old := newStatement(w.a, "old000000001", w.comms.ID)
	old.State, old.PublishedAt = publish.Superseded, ptr(at(time.Hour))
	draft := newStatement(w.a, "draft0000001", w.comms.ID)
	current := newStatement(w.a, "current00001", w.comms.ID)
	current.State, current.PublishedAt, current.Replaces = publish.Published, ptr(at(3*time.Hour)), 1
	elsewhere := newStatement(w.b, "elsewhere001", w.comms.ID)
	elsewhere.State, elsewhere.PublishedAt = publish.Published, ptr(at(2*time.Hour))
	withdrawn := newStatement(w.b, "withdrawn001", w.comms.ID)
	withdrawn.State = publish.Withdrawn
	addStatements(t, s, old, draft, current, elsewhere, withdrawn)

	wantEqual(t, "statements of a", statementIDs(must(s.Publish.Statements(ctx, w.a))(t)), []int64{current.ID, draft.ID, old.ID})
	wantEqual(t, "statements of b", statementIDs(must(s.Publish.Statements(ctx, w.b))(t)), []int64{withdrawn.ID, elsewhere.ID})
	published := must(s.Publish.PublishedStatements(ctx))(t)
	wantEqual(t, "published statements", statementIDs(published), []int64{current.ID, elsewhere.ID, old.ID})
	wantEqual(t, "a published statement", published[0], *current)
	if got := must(s.Publish.Statements(ctx, w.a+w.b+1))(t); len(got) != 0 {
		t.Errorf("statements of no incident: %v", got)
	}
}

func testStatementConflicts(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	first := newStatement(w.a, "taken0000001", w.comms.ID)
	addStatements(t, s, first)
	again := newStatement(w.b, first.PublicID, w.comms.ID)
	later := newStatement(w.b, "free00000001", w.comms.ID)
	var conflict error
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		conflict = tx.AddStatement(ctx, again)
		return tx.AddStatement(ctx, later)
	})
	wantCode(t, conflict, errs.Conflict)
	wantQuiet(t, conflict, first.PublicID)
	must(s.Publish.Statement(ctx, w.b, later.ID))(t)
	// A statement of no incident is refused.
	none := newStatement(w.a+w.b+1, "nowhere00001", w.comms.ID)
	if err := publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.AddStatement(ctx, none) }); err == nil {
		t.Error("a statement of a missing incident was added")
	}
}

func testListings(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	_, err := s.Publish.Listing(ctx, w.a)
	wantCode(t, err, errs.NotFound)
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error {
		_, err := tx.Listing(ctx, w.a)
		return err
	}), errs.NotFound)
	if got := must(s.Publish.Listings(ctx))(t); len(got) != 0 {
		t.Fatalf("listings of an empty store: %v", got)
	}

	lb := &publish.Listing{IncidentID: w.b, PublicID: "listingb0001", Titles: map[string]string{"en": "B"},
		Impact: publish.ImpactMinor, CreatedAt: t0, UpdatedAt: t0}
	la := &publish.Listing{IncidentID: w.a, PublicID: "listinga0001", Titles: map[string]string{"de": "Vorfall", "en": "Incident"},
		Impact: publish.ImpactMajor, Public: true, CreatedAt: t0, UpdatedAt: t0}
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		if err := tx.SaveListing(ctx, lb); err != nil {
			return err
		}
		return tx.SaveListing(ctx, la)
	})
	wantEqual(t, "listing", must(s.Publish.Listing(ctx, w.a))(t), la)
	wantEqual(t, "listings by incident", must(s.Publish.Listings(ctx))(t), []publish.Listing{*la, *lb})

	// Saved again, the public ID and creation time stay.
	changed := &publish.Listing{IncidentID: w.a, PublicID: "another00001", Titles: map[string]string{"en": "Renamed"},
		Impact: publish.ImpactCritical, CreatedAt: at(time.Hour), UpdatedAt: at(time.Hour)}
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		in, err := tx.Listing(ctx, w.a)
		if err != nil {
			return err
		}
		wantEqual(t, "listing in the transaction", in, la)
		return tx.SaveListing(ctx, changed)
	})
	want := *changed
	want.PublicID, want.CreatedAt = la.PublicID, la.CreatedAt
	wantEqual(t, "listing given back", changed, &want)
	wantEqual(t, "saved listing", must(s.Publish.Listing(ctx, w.a))(t), &want)

	// A public ID another listing has is a conflict.
	inc := newIncident(t, s, "c")
	taken := &publish.Listing{IncidentID: inc.ID, PublicID: lb.PublicID, Impact: publish.ImpactNone, CreatedAt: t0, UpdatedAt: t0}
	err = publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.SaveListing(ctx, taken) })
	wantCode(t, err, errs.Conflict)
	wantQuiet(t, err, lb.PublicID)
}

func newComponent(publicID string, position int) *publish.Component {
	return &publish.Component{PublicID: publicID, Names: map[string]string{"de": "Kundenportal", "en": "Customer portal"},
		Position: position, Status: publish.Operational, CreatedAt: t0, UpdatedAt: t0}
}

func testComponents(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	mail, portal, phone := newComponent("mail00000001", 2), newComponent("portal000001", 1), newComponent("phone0000001", 2)
	phone.Hidden, phone.Status = true, publish.MajorOutage
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		for _, c := range []*publish.Component{mail, portal, phone} {
			if err := tx.AddComponent(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	wantEqual(t, "components by position, then ID", must(s.Publish.Components(ctx))(t), []publish.Component{*portal, *mail, *phone})

	changed := *portal
	changed.Names, changed.Position, changed.Status, changed.Hidden = map[string]string{"en": "Portal"}, 5, publish.Degraded, true
	changed.UpdatedAt = at(time.Hour)
	changed.PublicID, changed.CreatedAt = "changed00001", at(time.Minute) // stay
	var changes []*publish.ComponentChange
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		in, err := tx.Component(ctx, portal.ID)
		if err != nil {
			return err
		}
		wantEqual(t, "component in the transaction", in, portal)
		if err := tx.UpdateComponent(ctx, &changed); err != nil {
			return err
		}
		for i, st := range []publish.ComponentStatus{publish.Degraded, publish.PartialOutage, publish.Operational} {
			ch := &publish.ComponentChange{ComponentID: portal.ID, Status: st, At: at(time.Duration(i) * time.Hour), ActorID: w.comms.ID}
			if i == 1 {
				ch.ComponentID, ch.ActorID = mail.ID, 0
			}
			if err := tx.AddComponentChange(ctx, ch); err != nil {
				return err
			}
			if ch.ID == 0 {
				return fmt.Errorf("AddComponentChange set no ID")
			}
			changes = append(changes, ch)
		}
		return nil
	})
	want := changed
	want.PublicID, want.CreatedAt = portal.PublicID, portal.CreatedAt
	wantEqual(t, "changed component", must(s.Publish.Components(ctx))(t), []publish.Component{*mail, *phone, want})
	wantEqual(t, "changes since the start", must(s.Publish.ComponentChanges(ctx, t0))(t),
		[]publish.ComponentChange{*changes[2], *changes[1], *changes[0]})
	wantEqual(t, "changes since the first hour", must(s.Publish.ComponentChanges(ctx, at(time.Hour)))(t),
		[]publish.ComponentChange{*changes[2], *changes[1]})

	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error {
		_, err := tx.Component(ctx, phone.ID+1000)
		return err
	}), errs.NotFound)
	missing := changed
	missing.ID = phone.ID + 1000
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.UpdateComponent(ctx, &missing) }), errs.NotFound)
	if err := publishErr(t, s, func(ctx context.Context, tx publish.Tx) error {
		return tx.AddComponentChange(ctx, &publish.ComponentChange{ComponentID: missing.ID, Status: publish.Operational, At: t0})
	}); err == nil {
		t.Error("a change of a missing component was added")
	}

	// A public ID taken is a conflict; the transaction goes on.
	again, later := newComponent(mail.PublicID, 9), newComponent("later0000001", 9)
	var conflict error
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		conflict = tx.AddComponent(ctx, again)
		return tx.AddComponent(ctx, later)
	})
	wantCode(t, conflict, errs.Conflict)
	wantQuiet(t, conflict, mail.PublicID)
	if got := must(s.Publish.Components(ctx))(t); len(got) != 4 {
		t.Errorf("%d components, want 4", len(got))
	}
}

// newSubscriber is a subscriber whose keys derive from name.
func newSubscriber(name string, state publish.SubscriberState) *publish.SubscriberRow {
	r := &publish.SubscriberRow{
		EmailKey: []byte("email-key-" + name), Sealed: []byte(sealedSecret + name), Lang: "de", State: state,
		UnsubKey: []byte("unsub-key-" + name), CreatedAt: t0,
	}
	switch state {
	case publish.Pending:
		r.ConfirmHash = []byte("confirm-hash-" + name)
	case publish.Confirmed:
		r.ConfirmedAt = ptr(at(time.Minute))
	case publish.Unsubscribed:
		r.ConfirmedAt, r.UnsubscribedAt = ptr(at(time.Minute)), ptr(at(time.Hour))
	}
	return r
}

func addSubscribers(t *testing.T, s Stores, rs ...*publish.SubscriberRow) {
	t.Helper()
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		for _, r := range rs {
			if err := tx.AddSubscriber(ctx, r); err != nil {
				return err
			}
		}
		return nil
	})
}

func testSubscribers(t *testing.T, s Stores) {
	ctx := t.Context()
	pending, confirmed := newSubscriber("pending", publish.Pending), newSubscriber("confirmed", publish.Confirmed)
	addSubscribers(t, s, pending, confirmed)
	if pending.ID == 0 || confirmed.ID == 0 {
		t.Fatal("AddSubscriber set no ID")
	}
	wantEqual(t, "subscriber", must(s.Publish.Subscriber(ctx, pending.ID))(t), pending)
	wantEqual(t, "by address", must(s.Publish.SubscriberByKey(ctx, pending.EmailKey))(t), pending)
	wantEqual(t, "by unsubscribe key", must(s.Publish.SubscriberByUnsubKey(ctx, confirmed.UnsubKey))(t), confirmed)
	wantEqual(t, "by confirmation hash", must(s.Publish.SubscriberByConfirmHash(ctx, pending.ConfirmHash))(t), pending)
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		got, err := tx.Subscriber(ctx, confirmed.ID)
		if err != nil {
			return err
		}
		wantEqual(t, "subscriber in the transaction", got, confirmed)
		got, err = tx.SubscriberByKey(ctx, confirmed.EmailKey)
		if err != nil {
			return err
		}
		wantEqual(t, "by address in the transaction", got, confirmed)
		return nil
	})

	// Confirming clears the hash; what may not change stays.
	changed := *pending
	changed.State, changed.ConfirmHash, changed.ConfirmedAt = publish.Confirmed, nil, ptr(at(time.Hour))
	changed.Sealed, changed.Lang = []byte("resealed"), "en"
	changed.EmailKey, changed.UnsubKey, changed.CreatedAt = []byte("other"), []byte("other"), at(time.Minute)
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.UpdateSubscriber(ctx, &changed) })
	want := changed
	want.EmailKey, want.UnsubKey, want.CreatedAt = pending.EmailKey, pending.UnsubKey, pending.CreatedAt
	wantEqual(t, "confirmed subscriber", must(s.Publish.Subscriber(ctx, pending.ID))(t), &want)
	_, err := s.Publish.SubscriberByConfirmHash(ctx, pending.ConfirmHash)
	wantCode(t, err, errs.NotFound)

	// Nothing is found by an unknown or an empty key, and no error quotes
	// one.
	for _, key := range [][]byte{nil, {}, []byte("unknown-key")} {
		for _, find := range []func(context.Context, []byte) (*publish.SubscriberRow, error){
			s.Publish.SubscriberByKey, s.Publish.SubscriberByUnsubKey, s.Publish.SubscriberByConfirmHash,
		} {
			_, err := find(ctx, key)
			wantCode(t, err, errs.NotFound)
			if len(key) > 0 {
				wantQuiet(t, err, string(key))
			}
		}
	}
	_, err = s.Publish.Subscriber(ctx, confirmed.ID+1000)
	wantCode(t, err, errs.NotFound)
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error {
		_, err := tx.SubscriberByKey(ctx, []byte("unknown-key"))
		return err
	}), errs.NotFound)
	missing := want
	missing.ID = confirmed.ID + 1000
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.UpdateSubscriber(ctx, &missing) }), errs.NotFound)

	// An address stored already is a conflict; the transaction goes on.
	again := newSubscriber("again", publish.Pending)
	again.EmailKey = confirmed.EmailKey
	later := newSubscriber("later", publish.Pending)
	var conflict error
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		conflict = tx.AddSubscriber(ctx, again)
		return tx.AddSubscriber(ctx, later)
	})
	wantCode(t, conflict, errs.Conflict)
	wantQuiet(t, conflict, string(confirmed.EmailKey), sealedSecret)
	must(s.Publish.Subscriber(ctx, later.ID))(t)
}

// newPublishMail is a queued confirmation mail to sub, due at when.
func newPublishMail(sub *publish.SubscriberRow, n int, when time.Time) *publish.MailRow {
	return &publish.MailRow{
		Kind: publish.ConfirmMail, MessageID: fmt.Sprintf("<confirm.%d.%d@status.example.com>", sub.ID, n),
		SubscriberID: sub.ID, RecipientKey: sub.EmailKey, Lang: sub.Lang, State: publish.MailQueued,
		CreatedAt: when, NextAt: when,
	}
}

// newSelfCheckMail is a queued self-check answer, due at when.
func newSelfCheckMail(key string, n int, when time.Time) *publish.MailRow {
	return &publish.MailRow{
		Kind: publish.SelfCheckMail, MessageID: fmt.Sprintf("<selfcheck.%s.%d@status.example.com>", key, n),
		RecipientKey: []byte(key), Sealed: []byte(sealedSecret), Lang: "en", State: publish.MailQueued,
		CreatedAt: when, NextAt: when,
	}
}

func addPublishMails(t *testing.T, s Stores, ms ...*publish.MailRow) {
	t.Helper()
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		for _, m := range ms {
			if err := tx.AddMail(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// claimPublish claims the next mail at now, nil when none is due.
func claimPublish(t *testing.T, s Stores, now, leaseUntil time.Time) *publish.MailRow {
	t.Helper()
	var m *publish.MailRow
	err := publishErr(t, s, func(ctx context.Context, tx publish.Tx) (err error) {
		m, err = tx.ClaimMail(ctx, now, leaseUntil)
		return err
	})
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	return m
}

// claimed is m as a claim at leaseUntil returns it.
func claimed(m *publish.MailRow, leaseUntil time.Time) *publish.MailRow {
	c := *m
	c.State, c.Attempts, c.LeaseUntil = publish.MailSending, m.Attempts+1, &leaseUntil
	return &c
}

func testPublishMailsOnce(t *testing.T, s Stores) {
	w := newPublishWorld(t, s)
	sub := newSubscriber("sub", publish.Confirmed)
	addSubscribers(t, s, sub)
	st := newStatement(w.a, "statement001", w.comms.ID)
	addStatements(t, s, st)
	confirm := newPublishMail(sub, 1, t0)
	update := &publish.MailRow{Kind: publish.UpdateMail, MessageID: "<update.x@status.example.com>", SubscriberID: sub.ID,
		StatementID: st.ID, RecipientKey: sub.EmailKey, Lang: "de", State: publish.MailQueued, CreatedAt: t0, NextAt: t0}
	check := newSelfCheckMail("key", 1, t0)
	addPublishMails(t, s, confirm, update, check)
	if confirm.ID == 0 || update.ID == 0 || check.ID == 0 {
		t.Fatal("AddMail set no ID")
	}

	// A Message-ID stored already, or a second update of the statement to
	// the subscriber, is a conflict; the transaction can go on and commit.
	sameID := newSelfCheckMail("other", 1, t0)
	sameID.MessageID = check.MessageID
	secondUpdate := *update
	secondUpdate.MessageID = "<update.y@status.example.com>"
	for i, m := range []*publish.MailRow{sameID, &secondUpdate} {
		var conflict error
		later := newSelfCheckMail("later", i, t0)
		updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
			conflict = tx.AddMail(ctx, m)
			return tx.AddMail(ctx, later)
		})
		wantCode(t, conflict, errs.Conflict)
		wantQuiet(t, conflict, m.MessageID, sealedSecret)
		if later.ID == 0 {
			t.Fatal("the mail added after a conflict has no ID")
		}
	}
	// Another statement may reach the same subscriber.
	st2 := newStatement(w.a, "statement002", w.comms.ID)
	addStatements(t, s, st2)
	next := *update
	next.ID, next.StatementID, next.MessageID = 0, st2.ID, "<update.z@status.example.com>"
	addPublishMails(t, s, &next)

	// Every row as stored comes back by its claim, lowest ID first.
	lease := at(time.Hour)
	for _, want := range []*publish.MailRow{confirm, update, check} {
		wantEqual(t, "claimed mail", claimPublish(t, s, t0, lease), claimed(want, lease))
	}
}

func testQueueUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	a, b := newSubscriber("a", publish.Confirmed), newSubscriber("b", publish.Confirmed)
	b.Lang = "en"
	pending, gone := newSubscriber("pending", publish.Pending), newSubscriber("gone", publish.Unsubscribed)
	had := newSubscriber("had", publish.Confirmed)
	addSubscribers(t, s, a, pending, had, gone, b)
	st, other := newStatement(w.a, "statement001", w.comms.ID), newStatement(w.a, "statement002", w.comms.ID)
	addStatements(t, s, st, other)
	// had has this statement's update already; a has another statement's.
	addPublishMails(t, s,
		&publish.MailRow{Kind: publish.UpdateMail, MessageID: "<manual@status.example.com>", SubscriberID: had.ID,
			StatementID: st.ID, State: publish.MailSent, CreatedAt: t0, NextAt: t0},
		&publish.MailRow{Kind: publish.UpdateMail, MessageID: "<other@status.example.com>", SubscriberID: a.ID,
			StatementID: other.ID, State: publish.MailSent, CreatedAt: t0, NextAt: t0})

	now := at(time.Hour)
	queue := func() int {
		t.Helper()
		var n int
		updatePublish(t, s, func(ctx context.Context, tx publish.Tx) (err error) {
			n, err = tx.QueueUpdate(ctx, st.ID, "status.example.com", now)
			return err
		})
		return n
	}
	if n := queue(); n != 2 {
		t.Fatalf("QueueUpdate queued %d, want 2", n)
	}
	if n := queue(); n != 0 {
		t.Fatalf("QueueUpdate again queued %d, want 0", n)
	}
	lease := at(2 * time.Hour)
	if m := claimPublish(t, s, now.Add(-time.Microsecond), lease); m != nil {
		t.Fatalf("claimed %+v before the updates were due", m)
	}
	for _, sub := range []*publish.SubscriberRow{a, b} {
		want := &publish.MailRow{Kind: publish.UpdateMail,
			MessageID:    fmt.Sprintf("<update.%d.%d@status.example.com>", st.ID, sub.ID),
			SubscriberID: sub.ID, StatementID: st.ID, Lang: sub.Lang, State: publish.MailSending, Attempts: 1, CreatedAt: now, NextAt: now, LeaseUntil: &lease}
		got := claimPublish(t, s, now, lease)
		if got == nil {
			t.Fatalf("no update to subscriber %s", sub.Lang)
		}
		want.ID = got.ID
		wantEqual(t, "queued update", got, want)
	}
	if m := claimPublish(t, s, now, lease); m != nil {
		t.Fatalf("claimed %+v, a third update", m)
	}
	c := must(s.Publish.Counts(ctx))(t)
	wantEqual(t, "update mails", c.Mails[publish.UpdateMail], map[publish.MailState]int{publish.MailSent: 2, publish.MailSending: 2})

	// Another statement reaches every confirmed subscriber that lacks it.
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		n, err := tx.QueueUpdate(ctx, other.ID, "status.example.com", now)
		if err == nil && n != 2 {
			return fmt.Errorf("the other statement queued %d, want 2", n)
		}
		return err
	})
}

func testPublishClaims(t *testing.T, s Stores) {
	sub := newSubscriber("sub", publish.Confirmed)
	addSubscribers(t, s, sub)
	later := newPublishMail(sub, 1, at(time.Hour))
	first := newPublishMail(sub, 2, t0)
	second := newSelfCheckMail("key", 1, t0)
	sent := newPublishMail(sub, 3, t0)
	sent.State, sent.SentAt = publish.MailSent, ptr(t0)
	failed := newPublishMail(sub, 4, t0)
	failed.State = publish.MailFailed
	addPublishMails(t, s, later, first, second, sent, failed)
	if m := claimPublish(t, s, t0.Add(-time.Second), at(time.Minute)); m != nil {
		t.Fatalf("claimed %d before anything was due", m.ID)
	}
	lease := at(time.Minute)
	wantEqual(t, "first claim", claimPublish(t, s, t0, lease), claimed(first, lease))
	wantEqual(t, "second claim", claimPublish(t, s, t0, lease), claimed(second, lease))
	if m := claimPublish(t, s, t0, lease); m != nil {
		t.Fatalf("claimed %d, which is not due or not queued", m.ID)
	}
	// At the lease's end the mail is still held; after it, it is taken
	// over. Due and abandoned mails go lowest ID first together: the one
	// due later was queued first.
	if m := claimPublish(t, s, lease, at(2*time.Hour)); m != nil {
		t.Fatalf("claimed %d at the lease's last moment", m.ID)
	}
	lease2 := at(2 * time.Hour)
	now := at(time.Hour)
	wantEqual(t, "due later, queued first", claimPublish(t, s, now, lease2), claimed(later, lease2))
	wantEqual(t, "taken over", claimPublish(t, s, now, lease2), claimed(claimed(first, lease), lease2))
	wantEqual(t, "taken over too", claimPublish(t, s, now, lease2), claimed(claimed(second, lease), lease2))
	if m := claimPublish(t, s, now, lease2); m != nil {
		t.Fatalf("claimed %d, nothing is due", m.ID)
	}
}

func testConcurrentPublishClaims(t *testing.T, s Stores) {
	var ms []*publish.MailRow
	const mails = 120
	for n := range mails {
		ms = append(ms, newSelfCheckMail("key", n, t0))
	}
	addPublishMails(t, s, ms...)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	errc := make(chan error, 3)
	for _, by := range []string{"a", "b", "c"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var m *publish.MailRow
				err := s.Publish.Update(context.Background(), func(tx publish.Tx) (err error) {
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

func testPublishMailResult(t *testing.T, s Stores) {
	ok, retry := newSelfCheckMail("ok", 1, t0), newSelfCheckMail("retry", 1, t0)
	addPublishMails(t, s, ok, retry)
	lease := at(time.Minute)
	m := claimPublish(t, s, t0, lease)
	wantEqual(t, "claimed", m, claimed(ok, lease))
	m.State, m.SentAt, m.LeaseUntil, m.Sealed, m.LastError = publish.MailSent, ptr(at(time.Second)), nil, nil, ""
	r := claimPublish(t, s, t0, lease)
	r.State, r.NextAt, r.LeaseUntil, r.LastError = publish.MailQueued, at(time.Hour), nil, "451 try again later"
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		if err := tx.SaveMailResult(ctx, m); err != nil {
			return err
		}
		return tx.SaveMailResult(ctx, r)
	})
	var sealed []byte
	var state string
	if err := s.SQL.QueryRowContext(t.Context(), `SELECT sealed, state FROM publish_mails WHERE kind = 'selfcheck' AND state = 'sent'`).
		Scan(&sealed, &state); err != nil {
		t.Fatal(err)
	}
	if sealed != nil {
		t.Errorf("a sent mail keeps %d sealed bytes", len(sealed))
	}
	// The retry keeps what it holds sealed and comes back when due, with
	// its error.
	if m := claimPublish(t, s, at(time.Hour).Add(-time.Second), at(2*time.Hour)); m != nil {
		t.Fatalf("claimed %d before its retry was due", m.ID)
	}
	wantEqual(t, "retried", claimPublish(t, s, at(time.Hour), at(2*time.Hour)), claimed(r, at(2*time.Hour)))

	missing := *m
	missing.ID = r.ID + 1000
	wantCode(t, publishErr(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.SaveMailResult(ctx, &missing) }), errs.NotFound)
}

func testPublishCounts(t *testing.T, s Stores) {
	ctx := t.Context()
	wantEqual(t, "counts of an empty store", must(s.Publish.Counts(ctx))(t), &publish.Counts{
		Subscribers: map[publish.SubscriberState]int{}, Mails: map[publish.MailKind]map[publish.MailState]int{}})
	p1, p2 := newSubscriber("p1", publish.Pending), newSubscriber("p2", publish.Pending)
	c1, u1 := newSubscriber("c1", publish.Confirmed), newSubscriber("u1", publish.Unsubscribed)
	addSubscribers(t, s, p1, p2, c1, u1)
	confirms := []*publish.MailRow{newPublishMail(p1, 1, t0), newPublishMail(p1, 2, at(time.Hour)),
		newPublishMail(p1, 3, at(2*time.Hour)), newPublishMail(p2, 1, at(2*time.Hour))}
	confirms[0].State = publish.MailSent
	checks := []*publish.MailRow{newSelfCheckMail("k1", 1, at(time.Hour)), newSelfCheckMail("k1", 2, at(time.Hour)),
		newSelfCheckMail("k2", 1, t0)}
	checks[2].State = publish.MailFailed
	addPublishMails(t, s, append(confirms, checks...)...)
	wantEqual(t, "counts", must(s.Publish.Counts(ctx))(t), &publish.Counts{
		Subscribers: map[publish.SubscriberState]int{publish.Pending: 2, publish.Confirmed: 1, publish.Unsubscribed: 1},
		Mails: map[publish.MailKind]map[publish.MailState]int{
			publish.ConfirmMail:   {publish.MailSent: 1, publish.MailQueued: 3},
			publish.SelfCheckMail: {publish.MailQueued: 2, publish.MailFailed: 1},
		},
		SelfChecks: 3,
	})

	for _, tc := range []struct {
		kind  publish.MailKind
		key   []byte
		since time.Time
		want  int
	}{
		{publish.ConfirmMail, p1.EmailKey, t0, 3},
		{publish.ConfirmMail, p1.EmailKey, at(time.Hour), 2},
		{publish.ConfirmMail, p1.EmailKey, at(time.Hour + time.Microsecond), 1},
		{publish.ConfirmMail, p2.EmailKey, t0, 1},
		{publish.SelfCheckMail, p1.EmailKey, t0, 0},
		{publish.SelfCheckMail, []byte("k1"), t0, 2},
		{publish.SelfCheckMail, []byte("k2"), at(time.Second), 0},
		{publish.ConfirmMail, []byte("k1"), t0, 0},
		{publish.ConfirmMail, nil, t0, 0},
	} {
		if got := must(s.Publish.MailsTo(ctx, tc.kind, tc.key, tc.since))(t); got != tc.want {
			t.Errorf("MailsTo(%s, %s, %v) = %d, want %d", tc.kind, tc.key, tc.since, got, tc.want)
		}
	}
}

func testPwned(t *testing.T, s Stores) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	const (
		s1 = "0018A45C4D1DEF81644B54AB7F969B88D65"
		s2 = "00D4F6E8FA6EECAD2A3AA415EEC418D38EC"
		s3 = "011053FD0102E94D6AE2F8B83D76FAF94F6"
	)
	rows := []publish.PwnedRow{
		{Prefix: "21BD1", Suffix: s2, Count: 2},
		{Prefix: "21BD1", Suffix: s1, Count: 1},
		{Prefix: "00000", Suffix: s3, Count: 7},
		{Prefix: "21BD1", Suffix: s1, Count: 4}, // listed twice: counted together
	}
	replace := func(id int64, rows []publish.PwnedRow) {
		t.Helper()
		updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error { return tx.ReplacePwned(ctx, id, rows) })
	}
	replace(w.a, rows)
	replace(w.b, []publish.PwnedRow{{Prefix: "21BD1", Suffix: s3, Count: 1}})
	wantEqual(t, "range", must(s.Publish.PwnedRange(ctx, w.a, "21BD1"))(t),
		[]publish.PwnedRow{{Prefix: "21BD1", Suffix: s1, Count: 5}, {Prefix: "21BD1", Suffix: s2, Count: 2}})
	wantEqual(t, "all", must(s.Publish.Pwned(ctx, w.a))(t), []publish.PwnedRow{
		{Prefix: "00000", Suffix: s3, Count: 7}, {Prefix: "21BD1", Suffix: s1, Count: 5}, {Prefix: "21BD1", Suffix: s2, Count: 2}})
	if n := must(s.Publish.PwnedCount(ctx, w.a))(t); n != 3 {
		t.Errorf("PwnedCount = %d, want 3", n)
	}
	if got := must(s.Publish.PwnedRange(ctx, w.a, "FFFFF"))(t); len(got) != 0 {
		t.Errorf("an empty range: %v", got)
	}

	// Replacing drops what is not in the new list, only of that incident;
	// a list longer than one insert is stored whole.
	var many []publish.PwnedRow
	for i := range 1234 {
		many = append(many, publish.PwnedRow{Prefix: fmt.Sprintf("%05X", i%7), Suffix: fmt.Sprintf("%035X", i), Count: i})
	}
	replace(w.a, many)
	if n := must(s.Publish.PwnedCount(ctx, w.a))(t); n != len(many) {
		t.Errorf("PwnedCount after replacing = %d, want %d", n, len(many))
	}
	if got := must(s.Publish.PwnedRange(ctx, w.a, "21BD1"))(t); len(got) != 0 {
		t.Errorf("the old list's range after replacing: %v", got)
	}
	if got := must(s.Publish.PwnedRange(ctx, w.a, "00003"))(t); len(got) != 176 || got[0].Suffix != fmt.Sprintf("%035X", 3) {
		t.Errorf("range 00003: %d rows, first %v", len(got), got[0])
	}
	wantEqual(t, "the other incident's", must(s.Publish.Pwned(ctx, w.b))(t), []publish.PwnedRow{{Prefix: "21BD1", Suffix: s3, Count: 1}})
	replace(w.a, nil)
	if n := must(s.Publish.PwnedCount(ctx, w.a))(t); n != 0 {
		t.Errorf("PwnedCount after clearing = %d", n)
	}
}

// PublishMigration checks that the public side's migration goes down and
// up again: down drops its tables and nothing older, up brings them back
// empty. The store packages call it with their migration provider's
// steps to the version before it (down) and to the newest (up).
func PublishMigration(t *testing.T, s Stores, down, up func(ctx context.Context) error) {
	ctx := t.Context()
	w := newPublishWorld(t, s)
	addStatements(t, s, newStatement(w.a, "statement001", w.comms.ID))
	addSubscribers(t, s, newSubscriber("sub", publish.Confirmed))
	updatePublish(t, s, func(ctx context.Context, tx publish.Tx) error {
		return tx.ReplacePwned(ctx, w.a, []publish.PwnedRow{{Prefix: "21BD1", Suffix: "0018A45C4D1DEF81644B54AB7F969B88D65", Count: 1}})
	})
	if err := down(ctx); err != nil {
		t.Fatalf("migrate down: %v", err)
	}
	for _, table := range []string{"publish_page", "publish_statements", "publish_listings", "publish_components",
		"publish_component_changes", "publish_subscribers", "publish_mails", "publish_pwned"} {
		if _, err := s.SQL.ExecContext(ctx, `SELECT 1 FROM `+table); err == nil {
			t.Errorf("table %s is still there after migrating down", table)
		}
	}
	if _, err := s.Incidents.Incident(ctx, w.a); err != nil {
		t.Fatalf("an incident after migrating down: %v", err)
	}
	if err := up(ctx); err != nil {
		t.Fatalf("migrate up again: %v", err)
	}
	_, err := s.Publish.Page(ctx)
	wantCode(t, err, errs.NotFound)
	if got := must(s.Publish.Statements(ctx, w.a))(t); len(got) != 0 {
		t.Errorf("statements after migrating down and up: %v", got)
	}
	if n := must(s.Publish.PwnedCount(ctx, w.a))(t); n != 0 {
		t.Errorf("%d leaked password hashes after migrating down and up", n)
	}
	addSubscribers(t, s, newSubscriber("sub", publish.Confirmed))
}
