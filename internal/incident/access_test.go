package incident

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
)

func TestAccessByDeskRoleAndMembership(t *testing.T) {
	member := func(r MemberRole) *Member { return &Member{UserID: 1, Role: r} }
	type want struct{ view, write, editTasks, manage bool }
	for _, tc := range []struct {
		name string
		role auth.Role
		m    *Member
		want want
	}{
		{"admin outside the team sees and does all", auth.RoleAdmin, nil, want{true, true, true, true}},
		{"lead outside the team sees nothing", auth.RoleLead, nil, want{}},
		{"responder outside the team sees nothing", auth.RoleResponder, nil, want{}},
		{"viewer outside the team sees nothing", auth.RoleViewer, nil, want{}},
		{"lead member manages", auth.RoleLead, member(RoleMember), want{true, true, true, true}},
		{"responder member writes and edits tasks", auth.RoleResponder, member(RoleMember), want{true, true, true, false}},
		{"comms member writes and edits tasks", auth.RoleComms, member(RoleCommsLead), want{true, true, true, false}},
		{"hotline member writes only", auth.RoleHotline, member(RoleMember), want{true, true, false, false}},
		{"viewer member only reads", auth.RoleViewer, member(RoleMember), want{true, false, false, false}},
		{"responder as incident lead manages", auth.RoleResponder, member(RoleIncidentLead), want{true, true, true, true}},
		{"viewer named incident lead still only reads", auth.RoleViewer, member(RoleIncidentLead), want{true, false, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc := AccessFor(auth.Actor{UserID: 1, Role: tc.role}, tc.m)
			got := want{acc.View, acc.Write, acc.EditTasks, acc.Manage}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestTaskOwnerMayProgressTheirTask(t *testing.T) {
	hotline := AccessFor(auth.Actor{UserID: 5, Role: auth.RoleHotline}, &Member{UserID: 5, Role: RoleMember})
	if !hotline.CanProgress(&Task{OwnerID: 5}) {
		t.Error("owner cannot progress their own task")
	}
	if hotline.CanProgress(&Task{OwnerID: 6}) || hotline.CanProgress(&Task{}) {
		t.Error("hotline may progress a task that is not theirs")
	}
	viewer := AccessFor(auth.Actor{UserID: 7, Role: auth.RoleViewer}, &Member{UserID: 7, Role: RoleMember})
	if viewer.CanProgress(&Task{OwnerID: 7}) {
		t.Error("a viewer owning a task may change it")
	}
}

func TestNeedHidesIncidentsFromOutsiders(t *testing.T) {
	outsider := AccessFor(auth.Actor{UserID: 1, Role: auth.RoleLead}, nil)
	if err := outsider.need(true, "x"); err != errNoIncident {
		t.Errorf("outsider got %v, want not found", err)
	}
	viewer := AccessFor(auth.Actor{UserID: 1, Role: auth.RoleViewer}, &Member{UserID: 1})
	if err := viewer.need(viewer.Write, "write"); err == nil || err == errNoIncident {
		t.Errorf("viewer got %v, want forbidden", err)
	}
}
