package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var contactScenarios = []scenario{
	{"contacts/every field survives a round trip, listed by ID", testContactRoundTrip},
	{"contacts/update changes every field but ID and incident", testContactUpdate},
}

func newContact(t *testing.T, s Stores, c incident.Contact) *incident.Contact {
	t.Helper()
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.CreateContact(ctx, &c) })
	if c.ID == 0 {
		t.Fatal("CreateContact did not set the ID")
	}
	return &c
}

func testContactRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "contacts")
	other := newIncident(t, s, "other")
	full := newContact(t, s, incident.Contact{IncidentID: inc.ID, Role: "police", Label: "LKA ZAC", Name: "KHK Schmidt",
		Organization: "LKA", Phone: "+49 30 1234", Email: "zac@example.org", Notes: "Case 42", UpdatedBy: u.ID, UpdatedAt: at(time.Hour)})
	slot := newContact(t, s, incident.Contact{IncidentID: inc.ID, Role: "dpa", Label: "Authority", UpdatedAt: t0})
	newContact(t, s, incident.Contact{IncidentID: other.ID, Role: "insurer", Label: "Insurer", UpdatedAt: t0})
	wantEqual(t, "Contacts", must(s.Incidents.Contacts(ctx, inc.ID))(t), []incident.Contact{*full, *slot})
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
		wantEqual(t, "Contacts in a transaction", must(tx.Contacts(ctx, inc.ID))(t), []incident.Contact{*full, *slot})
		wantEqual(t, "ContactForUpdate", must(tx.ContactForUpdate(ctx, inc.ID, full.ID))(t), full)
		return nil
	})
}

func testContactUpdate(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "contacts")
	c := newContact(t, s, incident.Contact{IncidentID: inc.ID, Role: "police", Label: "Police", UpdatedAt: t0})
	changed := incident.Contact{ID: c.ID, IncidentID: inc.ID, Role: "lawyer", Label: "Law firm", Name: "Dr. Jung",
		Organization: "Jung & Partner", Phone: "+49 89 555", Email: "jung@example.org", Notes: "retainer signed",
		UpdatedBy: u.ID, UpdatedAt: at(time.Hour)}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.UpdateContact(ctx, &changed) })
	wantEqual(t, "contact after update", must(s.Incidents.Contacts(t.Context(), inc.ID))(t), []incident.Contact{changed})
}
