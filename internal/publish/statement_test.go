package publish_test

import (
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

func TestOnlyWritersDraft(t *testing.T) {
	d := newDesk(t)
	for _, tc := range []struct {
		user string
		code errs.Code
	}{
		{"comms", ""}, {"lead", ""}, {"admin", ""}, {"inclead", ""},
		{"responder", errs.Forbidden}, {"hotline", errs.Forbidden}, {"viewer", errs.Forbidden}, {"dpo", errs.Forbidden},
		{"outsider", errs.NotFound},
	} {
		st, err := d.svc.CreateStatement(d.ctx, d.actor(tc.user), d.id(), draft("by "+tc.user))
		if errs.CodeOf(err) != tc.code {
			t.Errorf("%s drafts: %v, want %q", tc.user, err, tc.code)
			continue
		}
		if err == nil && (st.State != publish.Draft || st.AuthorID != d.users[tc.user].ID || len(st.PublicID) != 12) {
			t.Errorf("%s drafts: %+v", tc.user, st)
		}
	}
	// The readers read.
	for _, u := range []string{"responder", "hotline", "viewer"} {
		sts, err := d.svc.Statements(d.ctx, d.actor(u), d.id())
		if err != nil || len(sts) != 4 {
			t.Errorf("%s reads %d statements, %v", u, len(sts), err)
		}
	}
	if _, err := d.svc.Statements(d.ctx, d.actor("outsider"), d.id()); !errs.Is(err, errs.NotFound) {
		t.Errorf("outsider reads: %v", err)
	}
}

func TestFourEyes(t *testing.T) {
	d := newDesk(t)
	approvals := 0
	for _, tc := range []struct {
		name, author, approver string
		code                   errs.Code
	}{
		{"lead approves comms", "comms", "lead2", ""},
		{"admin approves comms", "comms", "admin", ""},
		{"incident lead approves comms", "comms", "inclead", ""},
		{"lead approves incident lead", "inclead", "lead2", ""},
		{"author lead", "lead2", "lead2", errs.Forbidden},
		{"author incident lead", "inclead", "inclead", errs.Forbidden},
		{"author admin", "admin", "admin", errs.Forbidden},
		{"comms approves", "comms", "comms2", errs.Forbidden},
		{"comms approves own", "comms", "comms", errs.Forbidden},
		{"responder approves", "comms", "responder", errs.Forbidden},
		{"viewer approves", "comms", "viewer", errs.Forbidden},
		{"hotline approves", "comms", "hotline", errs.Forbidden},
		{"outsider approves", "comms", "outsider", errs.NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := d.svc.CreateStatement(d.ctx, d.actor(tc.author), d.id(), draft("Statement"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.svc.ApproveStatement(d.ctx, d.actor(tc.approver), d.id(), st.ID)
			if errs.CodeOf(err) != tc.code {
				t.Fatalf("approve: %v, want %q", err, tc.code)
			}
			if err != nil {
				back, err := d.svc.Statement(d.ctx, d.actor("lead"), d.id(), st.ID)
				if err != nil || back.State != publish.Draft || back.ApprovedBy != 0 {
					t.Errorf("refused approval changed it: %+v, %v", back, err)
				}
				return
			}
			if got.State != publish.Approved || got.ApprovedBy != d.users[tc.approver].ID || got.ApprovedAt == nil {
				t.Errorf("approved: %+v", got)
			}
			approvals++
			if n := len(d.timeline(d.id(), "public_statement_approved")); n != approvals {
				t.Errorf("%d approval events, want %d", n, approvals)
			}
		})
	}
}

func TestPublishNeedsApprovalAndAPublisher(t *testing.T) {
	d := newDesk(t)
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("Statement"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("lead"), d.id(), st.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("draft published: %v", err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"responder", "viewer", "hotline"} {
		if _, err := d.svc.PublishStatement(d.ctx, d.actor(u), d.id(), st.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s published: %v", u, err)
		}
	}
	// Comms publishes what they wrote once a lead approved it.
	got, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != publish.Published || got.PublishedAt == nil || got.PublishedBy != d.users["comms"].ID {
		t.Errorf("published: %+v", got)
	}
	d.changes.Wait(t)
	// Published is final.
	if _, err := d.svc.EditStatement(d.ctx, d.actor("comms"), d.id(), st.ID, draft("Other")); !errs.Is(err, errs.Conflict) {
		t.Errorf("published statement edited: %v", err)
	}
	if _, err := d.svc.WithdrawStatement(d.ctx, d.actor("comms"), d.id(), st.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("published statement withdrawn: %v", err)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), st.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("published twice: %v", err)
	}
	if n := len(d.audits("publish.statement.publish")); n != 1 {
		t.Errorf("%d publish audits", n)
	}
	events := d.timeline(d.id(), "public_statement_published")
	if len(events) != 1 {
		t.Fatalf("%d publish events", len(events))
	}
	if strings.Contains(events[0].Text, "Statement") {
		t.Errorf("the timeline repeats the statement's words: %q", events[0].Text)
	}
}

func TestEditAfterApprovalNeedsApprovalAgain(t *testing.T) {
	d := newDesk(t)
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("First words"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	// Only the author changes the words: else the approver could approve
	// what they wrote themselves.
	for _, u := range []string{"lead2", "comms2", "admin"} {
		if _, err := d.svc.EditStatement(d.ctx, d.actor(u), d.id(), st.ID, draft("Their words")); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s edits comms' statement: %v", u, err)
		}
	}
	other := draft("Second words")
	other.Kind = ""
	got, err := d.svc.EditStatement(d.ctx, d.actor("comms"), d.id(), st.ID, other)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != publish.Draft || got.ApprovedBy != 0 || got.ApprovedAt != nil || got.Kind != publish.PressRelease ||
		got.Texts["en"].Title != "Second words (en)" {
		t.Errorf("edited: %+v", got)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), st.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("published after the edit without approval: %v", err)
	}
	faq := draft("Second words")
	faq.Kind = publish.FAQ
	if _, err := d.svc.EditStatement(d.ctx, d.actor("comms"), d.id(), st.ID, faq); errs.FieldsOf(err)["kind"] == "" {
		t.Errorf("kind changed: %v", err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.PublishStatement(d.ctx, d.actor("comms"), d.id(), st.ID); err != nil {
		t.Fatal(err)
	}
	back, err := d.svc.Statement(d.ctx, d.actor("viewer"), d.id(), st.ID)
	if err != nil || back.Texts["de"].Title != "Second words (de)" {
		t.Errorf("published words: %+v, %v", back, err)
	}
}

func TestWithdraw(t *testing.T) {
	d := newDesk(t)
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("Oops"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.WithdrawStatement(d.ctx, d.actor("viewer"), d.id(), st.ID); !errs.Is(err, errs.Forbidden) {
		t.Errorf("viewer withdraws: %v", err)
	}
	got, err := d.svc.WithdrawStatement(d.ctx, d.actor("comms2"), d.id(), st.ID)
	if err != nil || got.State != publish.Withdrawn {
		t.Fatalf("withdraw: %+v, %v", got, err)
	}
	if _, err := d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("withdrawn approved: %v", err)
	}
	if _, err := d.svc.EditStatement(d.ctx, d.actor("comms"), d.id(), st.ID, draft("Again")); !errs.Is(err, errs.Conflict) {
		t.Errorf("withdrawn edited: %v", err)
	}
}

func TestStatementValidationNamesTheField(t *testing.T) {
	d := newDesk(t)
	comp, err := d.svc.AddComponent(d.ctx, d.actor("lead"), publish.ComponentEdit{Names: map[string]string{"de": "Portal", "en": "Portal"}})
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := d.svc.AddComponent(d.ctx, d.actor("lead"), publish.ComponentEdit{Names: map[string]string{"de": "Alt", "en": "Old"}, Hidden: true})
	if err != nil {
		t.Fatal(err)
	}
	pub := d.published(d.id(), draft("Published"))
	open, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), draft("Open"))
	if err != nil {
		t.Fatal(err)
	}
	other := d.newIncident("Other leak")
	otherPub := d.published(other.ID, draft("Other"))

	mod := func(f func(*publish.StatementDraft)) publish.StatementDraft {
		dr := draft("Valid")
		f(&dr)
		return dr
	}
	for _, tc := range []struct {
		name  string
		draft publish.StatementDraft
		field string
		key   string
	}{
		{"no kind", mod(func(d *publish.StatementDraft) { d.Kind = "" }), "kind", errs.Required},
		{"unknown kind", mod(func(d *publish.StatementDraft) { d.Kind = "rumour" }), "kind", errs.InvalidChoice},
		{"no phase", mod(func(d *publish.StatementDraft) { d.Phase = "" }), "phase", errs.Required},
		{"unknown phase", mod(func(d *publish.StatementDraft) { d.Phase = "panicking" }), "phase", errs.InvalidChoice},
		{"no text", mod(func(d *publish.StatementDraft) { d.Texts = nil }), "texts", errs.Required},
		{"blank texts", mod(func(d *publish.StatementDraft) {
			d.Texts = map[string]publish.Text{"de": {Title: " ", Body: "\n"}, "en": {}}
		}), "texts", errs.Required},
		{"unknown language", mod(func(d *publish.StatementDraft) { d.Texts["fr"] = publish.Text{Title: "t", Body: "b"} }), "texts", errs.InvalidChoice},
		{"no title", mod(func(d *publish.StatementDraft) { d.Texts["en"] = publish.Text{Body: "b"} }), "texts.en.title", errs.Required},
		{"no body", mod(func(d *publish.StatementDraft) { d.Texts["de"] = publish.Text{Title: "t"} }), "texts.de.body", errs.Required},
		{"long title", mod(func(d *publish.StatementDraft) {
			d.Texts["en"] = publish.Text{Title: strings.Repeat("x", 201), Body: "b"}
		}), "texts.en.title", errs.TooLong},
		{"title with newline", mod(func(d *publish.StatementDraft) { d.Texts["en"] = publish.Text{Title: "a\nBcc: x", Body: "b"} }), "texts.en.title", errs.InvalidValue},
		{"long body", mod(func(d *publish.StatementDraft) {
			d.Texts["de"] = publish.Text{Title: "t", Body: strings.Repeat("x", 20_001)}
		}), "texts.de.body", errs.TooLong},
		{"unknown component", mod(func(d *publish.StatementDraft) { d.Components = []int64{comp.ID, 9999} }), "components", errs.InvalidChoice},
		{"hidden component", mod(func(d *publish.StatementDraft) { d.Components = []int64{hidden.ID} }), "components", errs.InvalidChoice},
		{"replaces nothing", mod(func(d *publish.StatementDraft) { d.Replaces = 9999 }), "replaces", errs.InvalidChoice},
		{"replaces a draft", mod(func(d *publish.StatementDraft) { d.Replaces = open.ID }), "replaces", errs.InvalidChoice},
		{"replaces another incident's", mod(func(d *publish.StatementDraft) { d.Replaces = otherPub.ID }), "replaces", errs.InvalidChoice},
	} {
		_, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), tc.draft)
		if got := errs.FieldsOf(err)[tc.field]; got != tc.key || !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: %v; want %s: %s", tc.name, err, tc.field, tc.key)
		}
	}
	// One language is enough for a draft, not for approval.
	dr := draft("German only")
	delete(dr.Texts, "en")
	dr.Components, dr.Replaces = []int64{comp.ID, comp.ID}, pub.ID
	st, err := d.svc.CreateStatement(d.ctx, d.actor("comms"), d.id(), dr)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Components) != 1 || st.Replaces != pub.ID {
		t.Errorf("stored %+v", st)
	}
	_, err = d.svc.ApproveStatement(d.ctx, d.actor("lead2"), d.id(), st.ID)
	if errs.FieldsOf(err)["texts.en"] != errs.Required {
		t.Errorf("approved without English: %v", err)
	}
}
