package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var memberScenarios = []scenario{
	{"members/carry the user's name, address and state", testMemberRoundTrip},
	{"members/setting again changes only the role", testMemberRoleChange},
	{"members/are listed by incident role, then name", testMembersOrder},
	{"members/removing one that is not there is not found", testMemberRemove},
}

func setMember(t *testing.T, s Stores, incidentID, userID int64, role incident.MemberRole) *incident.Member {
	t.Helper()
	m := &incident.Member{IncidentID: incidentID, UserID: userID, Role: role, AddedAt: t0}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.SetMember(ctx, m) })
	return m
}

func testMemberRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	lead := newUser(t, s, "lead@example.org", "Lea Lead", auth.RoleLead)
	u := newUser(t, s, "u@example.org", "", auth.RoleResponder)
	inc := newIncident(t, s, "team")
	m := &incident.Member{IncidentID: inc.ID, UserID: u.ID, Role: incident.RoleDPO, AddedBy: lead.ID, AddedAt: at(time.Minute)}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.SetMember(ctx, m) })
	want := incident.Member{IncidentID: inc.ID, UserID: u.ID, Role: incident.RoleDPO, AddedBy: lead.ID,
		AddedAt: at(time.Minute), Email: "u@example.org"}
	wantEqual(t, "SetMember fills the user's fields", m, &want)
	wantEqual(t, "Member", must(s.Incidents.Member(ctx, inc.ID, u.ID))(t), &want)
	wantEqual(t, "Members", must(s.Incidents.Members(ctx, inc.ID))(t), []incident.Member{want})

	u.Disabled, u.Name = true, "Now Named"
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.UpdateUser(ctx, u) })
	want.Disabled, want.Name = true, "Now Named"
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
		wantEqual(t, "members in a transaction", must(tx.Members(ctx, inc.ID))(t), []incident.Member{want})
		return nil
	})
}

func testMemberRoleChange(t *testing.T, s Stores) {
	lead := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	u := newUser(t, s, "u@example.org", "U", auth.RoleResponder)
	inc := newIncident(t, s, "team")
	first := &incident.Member{IncidentID: inc.ID, UserID: u.ID, Role: incident.RoleMember, AddedBy: lead.ID, AddedAt: t0}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.SetMember(ctx, first) })
	again := &incident.Member{IncidentID: inc.ID, UserID: u.ID, Role: incident.RoleScribe, AddedAt: at(time.Hour)}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.SetMember(ctx, again) })
	got := must(s.Incidents.Member(t.Context(), inc.ID, u.ID))(t)
	want := &incident.Member{IncidentID: inc.ID, UserID: u.ID, Role: incident.RoleScribe, AddedBy: lead.ID, AddedAt: t0,
		Name: "U", Email: "u@example.org"}
	wantEqual(t, "member after a role change", got, want)
}

func testMembersOrder(t *testing.T, s Stores) {
	inc := newIncident(t, s, "team")
	for _, m := range []struct {
		email, name string
		role        incident.MemberRole
	}{
		{"bert@example.org", "", incident.RoleMember},
		{"adam@example.org", "Adam", incident.RoleMember},
		{"bea@example.org", "Bea", incident.RoleScribe},
		{"zoe@example.org", "Zoe", incident.RoleIncidentLead},
		{"dora@example.org", "Dora", incident.RoleDPO},
		{"carl@example.org", "Carl", incident.RoleCommsLead},
		{"lars@example.org", "Lars", incident.RoleLegal},
	} {
		u := newUser(t, s, m.email, m.name, auth.RoleResponder)
		setMember(t, s, inc.ID, u.ID, m.role)
	}
	var got []string
	for _, m := range must(s.Incidents.Members(t.Context(), inc.ID))(t) {
		got = append(got, string(m.Role)+" "+m.Email)
	}
	wantEqual(t, "member order", got, []string{
		"incident_lead zoe@example.org", "comms_lead carl@example.org", "dpo dora@example.org",
		"scribe bea@example.org", "legal lars@example.org",
		"member adam@example.org", "member bert@example.org", // the name, or the address without one
	})
}

func testMemberRemove(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleResponder)
	inc := newIncident(t, s, "team")
	setMember(t, s, inc.ID, u.ID, incident.RoleMember)
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.RemoveMember(ctx, inc.ID, u.ID) })
	_, err := s.Incidents.Member(ctx, inc.ID, u.ID)
	wantCode(t, err, errs.NotFound)
	err = s.Incidents.Update(ctx, func(tx incident.Tx) error { return tx.RemoveMember(ctx, inc.ID, u.ID) })
	wantCode(t, err, errs.NotFound)
}
