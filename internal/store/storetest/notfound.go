package storetest

import (
	"context"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var notFoundScenarios = []scenario{
	{"not found/every single-row read and change of a missing row, or of another incident's row", testNotFound},
}

// world is one of everything, in incident a, and an empty incident b.
type world struct {
	user          *auth.User
	a, b          *incident.Incident
	entry         *incident.Entry
	task          *incident.Task
	contact       *incident.Contact
	token         *auth.Token
	attachmentID  int64
	missing       int64
	missingString string
}

func newWorld(t *testing.T, s Stores) world {
	w := world{missing: 1 << 40, missingString: "missing"}
	w.user = newUser(t, s, "u@example.org", "U", auth.RoleLead)
	w.a = newIncident(t, s, "a")
	w.b = newIncident(t, s, "b")
	setMember(t, s, w.a.ID, w.user.ID, incident.RoleIncidentLead)
	w.entry = &incident.Entry{IncidentID: w.a.ID, OccurredAt: t0, RecordedAt: t0, Kind: incident.EntryEvidence, Text: "e",
		Attachments: []incident.Attachment{attachment("f.txt", []byte("x"), 0)}}
	appendEntry(t, s, w.entry, []byte("x"))
	w.attachmentID = w.entry.Attachments[0].ID
	w.task = newTask(t, s, w.a.ID, "t")
	w.contact = newContact(t, s, incident.Contact{IncidentID: w.a.ID, Role: "police", Label: "Police", UpdatedAt: t0})
	w.token = newToken(t, s, w.user.ID, "ci", t0)
	return w
}

func testNotFound(t *testing.T, s Stores) {
	w := newWorld(t, s)
	reads := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"User", func(ctx context.Context) error { _, err := s.Auth.User(ctx, w.missing); return err }},
		{"UserByEmail", func(ctx context.Context) error { _, err := s.Auth.UserByEmail(ctx, "nobody@example.org"); return err }},
		{"Session", func(ctx context.Context) error { _, err := s.Auth.Session(ctx, w.missingString); return err }},
		{"TokenByHash", func(ctx context.Context) error { _, err := s.Auth.TokenByHash(ctx, w.missingString); return err }},
		{"incident store User", func(ctx context.Context) error { _, err := s.Incidents.User(ctx, w.missing); return err }},
		{"Incident", func(ctx context.Context) error { _, err := s.Incidents.Incident(ctx, w.missing); return err }},
		{"Member of another incident", func(ctx context.Context) error { _, err := s.Incidents.Member(ctx, w.b.ID, w.user.ID); return err }},
		{"Entry of another incident", func(ctx context.Context) error { _, err := s.Incidents.Entry(ctx, w.b.ID, w.entry.ID); return err }},
		{"Entry", func(ctx context.Context) error { _, err := s.Incidents.Entry(ctx, w.a.ID, w.missing); return err }},
		{"AttachmentData of another incident", func(ctx context.Context) error {
			_, _, err := s.Incidents.AttachmentData(ctx, w.b.ID, w.attachmentID)
			return err
		}},
		{"Timeline after an entry of another incident", func(ctx context.Context) error {
			_, err := s.Incidents.Timeline(ctx, w.b.ID, incident.TimelinePage{Before: w.entry.ID})
			return err
		}},
		{"Task of another incident", func(ctx context.Context) error { _, err := s.Incidents.Task(ctx, w.b.ID, w.task.ID); return err }},
		{"Playbook", func(ctx context.Context) error { _, err := s.Incidents.Playbook(ctx, w.missingString); return err }},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) { wantCode(t, r.call(t.Context()), errs.NotFound) })
	}
	authChanges := []struct {
		name string
		call func(ctx context.Context, tx auth.Tx) error
	}{
		{"UserForUpdate", func(ctx context.Context, tx auth.Tx) error { _, err := tx.UserForUpdate(ctx, w.missing); return err }},
		{"UpdateUser", func(ctx context.Context, tx auth.Tx) error {
			u := *w.user
			u.ID = w.missing
			return tx.UpdateUser(ctx, &u)
		}},
		{"DeleteToken of another user", func(ctx context.Context, tx auth.Tx) error { return tx.DeleteToken(ctx, w.missing, w.token.ID) }},
	}
	for _, c := range authChanges {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			wantCode(t, s.Auth.Update(ctx, func(tx auth.Tx) error { return c.call(ctx, tx) }), errs.NotFound)
		})
	}
	incidentChanges := []struct {
		name string
		call func(ctx context.Context, tx incident.Tx) error
	}{
		{"transaction User", func(ctx context.Context, tx incident.Tx) error { _, err := tx.User(ctx, w.missing); return err }},
		{"IncidentForUpdate", func(ctx context.Context, tx incident.Tx) error {
			_, err := tx.IncidentForUpdate(ctx, w.missing)
			return err
		}},
		{"UpdateIncident", func(ctx context.Context, tx incident.Tx) error {
			inc := *w.a
			inc.ID = w.missing
			return tx.UpdateIncident(ctx, &inc)
		}},
		{"transaction Entry of another incident", func(ctx context.Context, tx incident.Tx) error {
			_, err := tx.Entry(ctx, w.b.ID, w.entry.ID)
			return err
		}},
		{"TaskForUpdate of another incident", func(ctx context.Context, tx incident.Tx) error {
			_, err := tx.TaskForUpdate(ctx, w.b.ID, w.task.ID)
			return err
		}},
		{"UpdateTask of another incident", func(ctx context.Context, tx incident.Tx) error {
			task := *w.task
			task.IncidentID = w.b.ID
			return tx.UpdateTask(ctx, &task)
		}},
		{"ContactForUpdate of another incident", func(ctx context.Context, tx incident.Tx) error {
			_, err := tx.ContactForUpdate(ctx, w.b.ID, w.contact.ID)
			return err
		}},
		{"UpdateContact of another incident", func(ctx context.Context, tx incident.Tx) error {
			c := *w.contact
			c.IncidentID = w.b.ID
			return tx.UpdateContact(ctx, &c)
		}},
		{"RemoveMember of another incident", func(ctx context.Context, tx incident.Tx) error { return tx.RemoveMember(ctx, w.b.ID, w.user.ID) }},
	}
	for _, c := range incidentChanges {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			wantCode(t, s.Incidents.Update(ctx, func(tx incident.Tx) error { return c.call(ctx, tx) }), errs.NotFound)
		})
	}
}
