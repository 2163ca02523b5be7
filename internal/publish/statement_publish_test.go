package publish_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

func TestReplacingSupersedesAndKeepsHistory(t *testing.T) {
	d := newDesk(t)
	first := d.published(d.id(), draft("First"))
	d.clock.Add(time.Hour)
	fix := draft("Corrected")
	fix.Replaces = first.ID
	// Two corrections of the same statement: the first published wins,
	// the other must then replace the newer one.
	rival, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), fix)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), rival.ID); err != nil {
		t.Fatal(err)
	}
	second := d.published(d.id(), fix)

	old, err := d.svc.Statement(d.ctx, d.actor("viewer"), d.id(), first.ID)
	if err != nil || old.State != publish.Superseded {
		t.Fatalf("replaced: %+v, %v", old, err)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), rival.ID); errs.FieldsOf(err)["replaces"] != errs.InvalidChoice {
		t.Errorf("second correction of a superseded statement published: %v", err)
	}
	again := draft("Again")
	again.Replaces = first.ID
	if _, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), again); errs.FieldsOf(err)["replaces"] != errs.InvalidChoice {
		t.Errorf("superseded statement replaced again: %v", err)
	}
	if n := len(d.timeline(d.id(), "public_statement_superseded")); n != 1 {
		t.Errorf("%d superseded events", n)
	}

	site, err := d.svc.Site(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Incidents) != 1 || len(site.Incidents[0].Statements) != 2 {
		t.Fatalf("site: %+v", site.Incidents)
	}
	cur, prev := site.Incidents[0].Statements[0], site.Incidents[0].Statements[1]
	if cur.PublicID != second.PublicID || cur.Replaces != first.PublicID || cur.SupersededBy != "" ||
		prev.PublicID != first.PublicID || prev.SupersededBy != second.PublicID || prev.Replaces != "" {
		t.Errorf("history: current %+v, earlier %+v", cur, prev)
	}
}

func TestPublishingListsTheIncident(t *testing.T) {
	d := newDesk(t)
	l, err := d.svc.Listing(d.ctx, d.actor("viewer"), d.id())
	if err != nil || l.Public || l.PublicID != "" {
		t.Fatalf("listing before any statement: %+v, %v", l, err)
	}
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("Cyber attack on ACME"))
	if err != nil {
		t.Fatal(err)
	}
	l, err = d.svc.Listing(d.ctx, d.actor("viewer"), d.id())
	if err != nil || l.Public || l.Titles["en"] != "Cyber attack on ACME (en)" || len(l.PublicID) != 12 {
		t.Fatalf("listing after the draft: %+v, %v", l, err)
	}
	site, err := d.svc.Site(d.ctx)
	if err != nil || len(site.Incidents) != 0 {
		t.Fatalf("a draft lists the incident: %+v, %v", site, err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	l2, err := d.svc.Listing(d.ctx, d.actor("viewer"), d.id())
	if err != nil || !l2.Public || l2.PublicID != l.PublicID {
		t.Fatalf("listing after publishing: %+v, %v", l2, err)
	}
	site, err = d.svc.Site(d.ctx)
	if err != nil || len(site.Incidents) != 1 || site.Incidents[0].PublicID != l.PublicID ||
		site.Incidents[0].Titles["de"] != "Cyber attack on ACME (de)" || site.Incidents[0].Phase != publish.Investigating {
		t.Fatalf("site after publishing: %+v, %v", site, err)
	}
	if n := len(d.timeline(d.id(), "public_listing_changed")); n != 1 {
		t.Errorf("%d listing events", n)
	}

	// The desk renames and hides it.
	for _, tc := range []struct {
		user string
		code errs.Code
	}{{"viewer", errs.Forbidden}, {"responder", errs.Forbidden}, {"outsider", errs.NotFound}} {
		if _, err := d.svc.SaveListing(d.ctx, d.actor(tc.user), d.id(), publish.ListingChange{}); !errs.Is(err, tc.code) {
			t.Errorf("%s changes the listing: %v", tc.user, err)
		}
	}
	_, err = d.svc.SaveListing(d.ctx, d.actor("comms"), d.id(), publish.ListingChange{Titles: map[string]string{"en": "Only English"}, Impact: "huge"})
	if f := errs.FieldsOf(err); f["titles.de"] != errs.Required || f["impact"] != errs.InvalidChoice {
		t.Errorf("invalid listing: %v", err)
	}
	l3, err := d.svc.SaveListing(d.ctx, d.actor("comms"), d.id(), publish.ListingChange{
		Titles: map[string]string{"de": "Angriff", "en": "Attack"}, Impact: publish.ImpactMajor})
	if err != nil || l3.Public || l3.PublicID != l.PublicID {
		t.Fatalf("hidden: %+v, %v", l3, err)
	}
	if site, err = d.svc.Site(d.ctx); err != nil || len(site.Incidents) != 0 {
		t.Errorf("hidden listing on the site: %+v, %v", site, err)
	}
	// The next statement published shows it again.
	d.published(d.id(), draft("Update"))
	if site, err = d.svc.Site(d.ctx); err != nil || len(site.Incidents) != 1 || site.Incidents[0].Titles["en"] != "Attack" ||
		site.Incidents[0].Impact != publish.ImpactMajor {
		t.Errorf("site: %+v, %v", site, err)
	}
}

func TestPublishingQueuesOneUpdatePerConfirmedSubscriber(t *testing.T) {
	d := newDesk(t)
	if _, err := d.svc.SavePage(d.ctx, d.actor("admin"), publish.Page{SenderEmail: "status@acme.example"}); err != nil {
		t.Fatal(err)
	}
	confirmed := d.subscriber("anna@example.org", "de", publish.Confirmed)
	d.subscriber("bert@example.org", "en", publish.Pending)
	d.subscriber("carl@example.org", "en", publish.Unsubscribed)

	st := d.published(d.id(), draft("News"))

	counts, err := d.db.Publish().Counts(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := counts.Mails[publish.UpdateMail][publish.MailQueued]; n != 1 {
		t.Errorf("%d updates queued, want 1: %+v", n, counts.Mails)
	}
	var m *publish.MailRow
	err = d.db.Publish().Update(d.ctx, func(tx publish.Tx) error {
		var err error
		m, err = tx.ClaimMail(d.ctx, d.clock.Now(), d.clock.Now().Add(time.Minute))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("<update.%d.%d@acme.example>", st.ID, confirmed.ID)
	if m.Kind != publish.UpdateMail || m.StatementID != st.ID || m.SubscriberID != confirmed.ID || m.Lang != "de" || m.MessageID != want {
		t.Errorf("queued %+v, want Message-ID %s", m, want)
	}
	events := d.timeline(d.id(), "public_statement_published")
	if len(events) != 1 || events[0].Event.Args["queued"] != "1" {
		t.Errorf("publish events: %+v", events)
	}
}
