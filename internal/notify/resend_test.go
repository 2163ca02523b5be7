package notify_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// personDeliveries reads the person's ledger rows as the hotline.
func (e *env) personDeliveries(personID int64) []notify.PersonDelivery {
	e.t.Helper()
	ds, err := e.svc.PersonDeliveries(context.Background(), e.users["hotline"], e.id, personID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ds
}

func TestResendReachesTheRelayOnceMoreWithANewMessageID(t *testing.T) {
	e := newEnv(t, 10)
	ctx := context.Background()
	c := e.campaign(false)
	e.runUntilIdle("r1")
	if v := e.view(c.ID); v.State != notify.Done {
		t.Fatalf("campaign %s, want done", v.State)
	}
	person := e.ledger(c.ID)[0].PersonID
	before := e.personDeliveries(person)
	if len(before) != 1 || before[0].State != notify.Sent || before[0].CampaignName != "Everyone by e-mail" ||
		before[0].CampaignState != notify.Done || before[0].CampaignKind != notify.Individual ||
		before[0].CampaignChannel != notify.ByEmail || before[0].SentAt == nil {
		t.Fatalf("PersonDeliveries before = %+v", before)
	}
	first := before[0].MessageID
	rcpt := ""
	for r, ids := range e.relay.snapshot() {
		if slices.Contains(ids, first) {
			rcpt = r
		}
	}
	if rcpt == "" {
		t.Fatal("the relay did not get the first message")
	}

	if err := e.svc.Resend(ctx, e.users["hotline"], e.id, c.ID, person); err != nil {
		t.Fatal(err)
	}
	queued := e.personDeliveries(person)
	if len(queued) != 1 || queued[0].State != notify.Pending || queued[0].MessageID == first ||
		queued[0].Attempts != 0 || queued[0].SentAt != nil || queued[0].CampaignState != notify.Running {
		t.Fatalf("after Resend = %+v; want pending with a new Message-ID in a running campaign", queued)
	}
	second := queued[0].MessageID
	if !strings.HasPrefix(second, "<c") || !strings.HasSuffix(second, "@acme.example>") {
		t.Errorf("new Message-ID %q is not shaped like the ledger's", second)
	}
	if err := e.svc.Resend(ctx, e.users["comms"], e.id, c.ID, person); !errs.Is(err, errs.Conflict) {
		t.Errorf("Resend while pending: %v, want a conflict", err)
	}

	total := e.relay.total()
	e.runUntilIdle("r2")
	if got := e.relay.received(rcpt); !slices.Equal(got, []string{first, second}) {
		t.Errorf("the relay got %v for the person, want %v", got, []string{first, second})
	}
	if got := e.relay.total(); got != total+1 {
		t.Errorf("the relay got %d more messages, want 1", got-total)
	}
	after := e.personDeliveries(person)
	if len(after) != 1 || after[0].State != notify.Sent || after[0].MessageID != second || after[0].CampaignState != notify.Done {
		t.Errorf("after sending = %+v; want sent and the campaign done again", after)
	}

	// Audited with what the row was before; on the timeline with IDs only.
	audit, err := e.db.Auth().AuditEntries(ctx, auth.AuditFilter{Action: "delivery.resend", IncidentID: e.id, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != 1 || audit[0].ActorID != e.users["hotline"].UserID || audit[0].ObjectID != before[0].ID {
		t.Fatalf("audit = %+v", audit)
	}
	var detail map[string]any
	if err := json.Unmarshal([]byte(audit[0].Detail), &detail); err != nil {
		t.Fatal(err)
	}
	if detail["previous_message_id"] != first || detail["message_id"] != second || detail["previous_state"] != "sent" ||
		detail["campaign_reopened"] != true {
		t.Errorf("audit detail = %v", detail)
	}
	entries, err := e.incidents.Timeline(ctx, e.users["lead"], e.id, incident.TimelinePage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, en := range entries {
		if en.Event != nil && en.Event.Name == "delivery_resent" {
			found++
			if strings.Contains(en.Text, "@") || strings.Contains(en.Text, "Person Nummer") || strings.Contains(en.Text, "(delivery_resent)") {
				t.Errorf("timeline text %q", en.Text)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d delivery_resent events on the timeline, want 1", found)
	}
}

func TestResendIsRefusedWhereNothingIsSent(t *testing.T) {
	e := newEnv(t, 10)
	ctx := context.Background()
	c := e.campaign(false)
	person := e.ledger(c.ID)[0].PersonID
	for _, who := range []string{"responder"} {
		if err := e.svc.Resend(ctx, e.users[who], e.id, c.ID, person); !errs.Is(err, errs.Forbidden) {
			t.Errorf("Resend by %s: %v, want forbidden", who, err)
		}
	}
	if err := e.svc.Resend(ctx, e.users["hotline"], e.id, c.ID, person); !errs.Is(err, errs.Conflict) {
		t.Errorf("Resend of a pending row: %v, want a conflict", err)
	}
	if err := e.svc.Cancel(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	err := e.svc.Resend(ctx, e.users["hotline"], e.id, c.ID, person)
	if !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("Resend in a cancelled campaign: %v, want a conflict naming the state", err)
	}
	if d := e.personDeliveries(person); len(d) != 1 || d[0].State != notify.Withdrawn || d[0].CampaignState != notify.Cancelled {
		t.Errorf("the withdrawn row changed: %+v", d)
	}
	draft := e.draft(t, "comms")
	if err := e.svc.Resend(ctx, e.users["hotline"], e.id, draft.ID, person); !errs.Is(err, errs.Conflict) {
		t.Errorf("Resend in a draft: %v, want a conflict", err)
	}
	if err := e.svc.Resend(ctx, e.users["hotline"], e.id, c.ID+1000, person); !errs.Is(err, errs.NotFound) {
		t.Errorf("Resend in no campaign: %v, want not found", err)
	}
	if audit, err := e.db.Auth().AuditEntries(ctx, auth.AuditFilter{Action: "delivery.resend", Limit: 10}); err != nil || len(audit) != 0 {
		t.Errorf("refused resends were audited as done: %v, %v", audit, err)
	}
	// Every member may read the rows; someone outside the incident may not.
	if _, err := e.svc.PersonDeliveries(ctx, e.users["responder"], e.id, person); err != nil {
		t.Errorf("PersonDeliveries by a responder: %v", err)
	}
	if _, err := e.svc.PersonDeliveries(ctx, e.users["hotline"], e.id+1000, person); !errs.Is(err, errs.NotFound) {
		t.Errorf("PersonDeliveries of another incident: %v, want not found", err)
	}
}

func TestResendOfALetterWaitsForTheNextBatch(t *testing.T) {
	e := newEnv(t, 5)
	ctx := context.Background()
	c, err := e.svc.CreateCampaign(ctx, e.users["comms"], e.id, notify.NewCampaign{Name: "Letters",
		SegmentID: e.segment, TemplateID: e.template, Channel: notify.ByLetter})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Approve(ctx, e.users["lead"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.CreateLetterBatch(ctx, e.users["comms"], e.id, c.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.MarkPosted(ctx, e.users["comms"], e.id, c.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	person := e.ledger(c.ID)[2].PersonID
	if err := e.svc.Resend(ctx, e.users["hotline"], e.id, c.ID, person); err != nil {
		t.Fatal(err)
	}
	d := e.personDeliveries(person)
	if len(d) != 1 || d[0].State != notify.Pending || d[0].Channel != notify.ByLetter || d[0].BatchID != 0 ||
		d[0].CampaignState != notify.Running {
		t.Fatalf("letter after Resend = %+v; want pending, in no batch, campaign running", d)
	}
	again, err := e.svc.CreateLetterBatch(ctx, e.users["comms"], e.id, c.ID, 10)
	if err != nil || again.Letters != 1 {
		t.Fatalf("next batch: %+v, %v; want the one letter", again, err)
	}
	if err := e.svc.MarkPosted(ctx, e.users["comms"], e.id, c.ID, again.ID); err != nil {
		t.Fatal(err)
	}
	if v := e.view(c.ID); v.State != notify.Done || v.Progress.ByState[notify.Posted] != 5 {
		t.Errorf("campaign %s with %v, want done with 5 posted", v.State, v.Progress.ByState)
	}
}
