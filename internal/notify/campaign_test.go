package notify_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

func TestCampaignWithLetterFallbackSendsMailsAndQueuesLetters(t *testing.T) {
	e := newEnv(t, 50)
	c := e.campaign(true)
	e.runUntilIdle("r1")
	assertEveryoneOnce(t, e, c.ID, 50)
	v := e.view(c.ID)
	if v.State != notify.Running {
		t.Errorf("campaign is %s with letters to post, want running", v.State)
	}
	if v.Progress.ByChannel[notify.ByLetter] != 7 || v.Progress.ByState[notify.Sent] != 43 || v.Progress.Total != 50 {
		t.Errorf("progress = %+v; want 43 sent, 7 letters", v.Progress)
	}
}

func TestCampaignWithoutFallbackLeavesOutWhoHasNoEMailAndIsDone(t *testing.T) {
	e := newEnv(t, 50)
	c := e.campaign(false)
	e.runUntilIdle("r1")
	assertEveryoneOnce(t, e, c.ID, 43)
	v := e.view(c.ID)
	if v.State != notify.Done || v.FinishedAt == nil || v.Queued != 43 {
		t.Errorf("campaign = %s, finished %v, queued %d; want done with 43", v.State, v.FinishedAt, v.Queued)
	}
}

func (e *env) draft(t *testing.T, by string) *notify.Campaign {
	t.Helper()
	c, err := e.svc.CreateCampaign(context.Background(), e.users[by], e.id, notify.NewCampaign{Name: "Everyone",
		SegmentID: e.segment, TemplateID: e.template, Channel: notify.ByEmail})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFourEyesApproval(t *testing.T) {
	e := newEnv(t, 5)
	ctx := context.Background()
	c := e.draft(t, "comms")
	for _, tc := range []struct {
		who  string
		code errs.Code
	}{
		{"comms", errs.Forbidden},     // who created it
		{"responder", errs.Forbidden}, // no approving role
		{"hotline", errs.Forbidden},
		{"admin", errs.Forbidden}, // the desk's admin is not the crisis team
	} {
		if err := e.svc.Approve(ctx, e.users[tc.who], e.id, c.ID); !errs.Is(err, tc.code) {
			t.Errorf("%s approves: %v, want %s", tc.who, err, tc.code)
		}
	}
	if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("starting a draft: %v, want a conflict", err)
	}
	v, err := e.svc.Campaign(ctx, e.users["comms2"], e.id, c.ID)
	if err != nil || !v.CanApprove {
		t.Fatalf("a second comms user may approve: %v, %v", v.CanApprove, err)
	}
	if err := e.svc.Approve(ctx, e.users["comms2"], e.id, c.ID); err != nil {
		t.Fatalf("a second comms user approves: %v", err)
	}
	got := e.view(c.ID)
	if got.State != notify.Approved || got.ApprovedBy != e.users["comms2"].UserID || got.Snapshot == nil ||
		len(got.SnapshotHash) != 64 {
		t.Fatalf("approved campaign = %+v", got.Campaign)
	}
	if err := e.svc.Approve(ctx, e.users["lead"], e.id, c.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("approving twice: %v, want a conflict", err)
	}
}

func TestTheApprovedSnapshotIsWhatIsSent(t *testing.T) {
	e := newEnv(t, 5)
	ctx := context.Background()
	c := e.draft(t, "comms")
	if err := e.svc.Approve(ctx, e.users["lead"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	tpl, err := e.svc.Template(ctx, e.users["comms"], e.id, e.template)
	if err != nil {
		t.Fatal(err)
	}
	tpl.Contents[0].Subject, tpl.Contents[1].Subject = "GEÄNDERT", "CHANGED"
	if err := e.svc.SaveTemplate(ctx, e.users["comms"], e.id, tpl); err != nil {
		t.Fatal(err)
	}
	v := e.view(c.ID)
	if v.Template.Contents[1].Subject != "Important notice about your data" {
		t.Errorf("the campaign shows subject %q, want the approved one", v.Template.Contents[1].Subject)
	}
}

func TestTheCheckerRefusesATemplateSomeRecipientsCannotFill(t *testing.T) {
	e := newEnv(t, 14)
	ctx := context.Background()
	tpl := &notify.Template{Name: "With customer number", Fallback: "en", Company: "ACME",
		Contents: []notify.Content{{Lang: "en", Subject: "Notice", Body: "Dear {{name}}, your e-mail {{email}} leaked."}}}
	if err := e.svc.SaveTemplate(ctx, e.users["comms"], e.id, tpl); err != nil {
		t.Fatal(err)
	}
	c, err := e.svc.CreateCampaign(ctx, e.users["comms"], e.id, notify.NewCampaign{Name: "With fallback",
		SegmentID: e.segment, TemplateID: tpl.ID, Channel: notify.ByEmail, LetterFallback: true})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := e.svc.Check(ctx, e.users["comms"], e.id, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Persons 7 and 14 have no e-mail: they get letters, which cannot say
	// their e-mail address.
	if rep.Recipients != 14 || rep.ByChannel[notify.ByLetter] != 2 || rep.ByChannel[notify.ByEmail] != 12 ||
		rep.Unreachable != 0 || len(rep.Problems) != 1 || rep.Problems[0].Placeholder != "email" || rep.Problems[0].Persons != 2 {
		t.Fatalf("report = %+v", rep)
	}
	err = e.svc.Approve(ctx, e.users["comms2"], e.id, c.ID)
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "2 recipients (en) have no e-mail address") || strings.Contains(err.Error(), "@") {
		t.Fatalf("approving with problems: %v", err)
	}
}

func TestCreatingACampaignNamesEveryBadField(t *testing.T) {
	e := newEnv(t, 1)
	_, err := e.svc.CreateCampaign(context.Background(), e.users["comms"], e.id, notify.NewCampaign{
		Name: " ", Kind: "flyer", Channel: "pigeon", SegmentID: 999, TemplateID: 999})
	want := map[string]string{"name": errs.Required, "kind": errs.InvalidChoice, "channel": errs.InvalidChoice,
		"segment_id": errs.InvalidChoice, "template_id": errs.InvalidChoice}
	if got := errs.FieldsOf(err); !reflect.DeepEqual(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	if _, err := e.svc.CreateCampaign(context.Background(), e.users["hotline"], e.id, notify.NewCampaign{Name: "x",
		SegmentID: e.segment, TemplateID: e.template}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a hotline agent creates a campaign: %v, want forbidden", err)
	}
}

// A start that crashed half-way left part of the ledger; starting again
// queues who is missing and keeps the Message-IDs already fixed.
func TestStartingAgainQueuesOnlyWhoIsMissing(t *testing.T) {
	e := newEnv(t, 30)
	ctx := context.Background()
	c := e.draft(t, "comms")
	if err := e.svc.Approve(ctx, e.users["comms2"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	page, err := e.people.List(ctx, e.users["comms"], e.id, people.ListQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var partial []notify.Delivery
	for _, p := range page.Persons[:10] {
		if p.ID%7 == 0 {
			continue
		}
		now := time.Now().UTC()
		partial = append(partial, notify.Delivery{CampaignID: c.ID, IncidentID: e.id, PersonID: p.ID, Channel: notify.ByEmail,
			State: notify.Pending, Lang: "en", MessageID: fmt.Sprintf("<c%d.p%d.early@acme.example>", c.ID, p.ID),
			NextAt: now, QueuedAt: now, UpdatedAt: now})
	}
	err = e.db.Notify().Update(ctx, func(tx notify.Tx) error { _, err := tx.QueueDeliveries(ctx, partial); return err })
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	rows := e.ledger(c.ID)
	early := 0
	for _, d := range rows {
		if strings.Contains(d.MessageID, ".early@") {
			early++
		}
	}
	if len(rows) != 30-30/7 || early != len(partial) {
		t.Fatalf("%d rows, %d kept from before; want %d and %d", len(rows), early, 30-30/7, len(partial))
	}
	if v := e.view(c.ID); v.State != notify.Running || v.Queued != int64(len(rows)) {
		t.Errorf("campaign %s with %d queued", v.State, v.Queued)
	}
	// Starting a running campaign again adds no one.
	if err := e.svc.Start(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(e.ledger(c.ID)); n != len(rows) {
		t.Errorf("a second start made %d rows of %d", n, len(rows))
	}
}

func TestEveryStateChangeIsAuditedAndOnTheTimeline(t *testing.T) {
	e := newEnv(t, 10)
	ctx := context.Background()
	c := e.campaign(false)
	if err := e.svc.Pause(ctx, e.users["comms"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.Resume(ctx, e.users["lead"], e.id, c.ID); err != nil {
		t.Fatal(err)
	}
	e.runUntilIdle("r1")
	c2 := e.draft(t, "comms")
	if err := e.svc.Cancel(ctx, e.users["comms"], e.id, c2.ID); err != nil {
		t.Fatal(err)
	}
	entries, err := e.incidents.Timeline(ctx, e.users["lead"], e.id, incident.TimelinePage{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, en := range entries {
		if en.Event != nil && strings.HasPrefix(en.Event.Name, "campaign_") {
			events = append(events, en.Event.Name)
			if strings.Contains(en.Text, "@") || strings.Contains(en.Text, "Person Nummer") {
				t.Errorf("timeline text names a recipient: %s", en.Text)
			}
		}
	}
	slices.Sort(events)
	want := []string{"campaign_approved", "campaign_cancelled", "campaign_created", "campaign_created", "campaign_done",
		"campaign_paused", "campaign_resumed", "campaign_started"}
	if !slices.Equal(events, want) {
		t.Errorf("timeline events %v, want %v", events, want)
	}
	audit, err := e.db.Auth().AuditEntries(ctx, auth.AuditFilter{Action: "campaign.", IncidentID: e.id, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit) != len(want) {
		t.Errorf("%d campaign audit entries, want %d", len(audit), len(want))
	}
}

func TestALetterCampaignIsDoneWhenItsLastBatchIsPosted(t *testing.T) {
	e := newEnv(t, 20)
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
	e.runUntilIdle("r1") // nothing to send by e-mail
	if e.relay.total() != 0 {
		t.Fatal("a letter campaign sent e-mail")
	}
	b1, err := e.svc.CreateLetterBatch(ctx, e.users["comms"], e.id, c.ID, 15)
	if err != nil || b1.Letters != 15 {
		t.Fatalf("first batch: %+v, %v", b1, err)
	}
	b2, err := e.svc.CreateLetterBatch(ctx, e.users["comms"], e.id, c.ID, 15)
	if err != nil || b2.Letters != 5 {
		t.Fatalf("second batch: %+v, %v", b2, err)
	}
	if _, err := e.svc.CreateLetterBatch(ctx, e.users["comms"], e.id, c.ID, 15); !errs.Is(err, errs.Conflict) {
		t.Errorf("a batch of nothing: %v, want a conflict", err)
	}
	for _, b := range []*notify.LetterBatch{b1, b2} {
		if v := e.view(c.ID); v.State != notify.Running {
			t.Fatalf("campaign %s before batch %d is posted, want running", v.State, b.ID)
		}
		if err := e.svc.MarkPosted(ctx, e.users["comms"], e.id, c.ID, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	v := e.view(c.ID)
	if v.State != notify.Done || v.Progress.ByState[notify.Posted] != 20 || len(v.Batches) != 2 {
		t.Errorf("campaign %s with %v and %d batches, want done with 20 posted", v.State, v.Progress.ByState, len(v.Batches))
	}
	if err := e.svc.MarkPosted(ctx, e.users["comms"], e.id, c.ID, b1.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("posting twice: %v, want a conflict", err)
	}
}
