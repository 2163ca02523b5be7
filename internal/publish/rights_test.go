package publish_test

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

func TestRightsFollowRoleAndTeam(t *testing.T) {
	d := newDesk(t)
	all := publish.Rights{View: true, Write: true, Approve: true, Publish: true}
	comms := publish.Rights{View: true, Write: true, Publish: true}
	read := publish.Rights{View: true}
	for _, tc := range []struct {
		user string
		want publish.Rights
		code errs.Code
	}{
		{"admin", all, ""},
		{"lead", all, ""},
		{"lead2", all, ""},
		{"inclead", all, ""}, // comms by desk role, lead of this incident
		{"comms", comms, ""},
		{"comms2", comms, ""},
		{"responder", read, ""},
		{"dpo", read, ""},
		{"hotline", read, ""},
		{"viewer", read, ""},
		{"outsider", publish.Rights{}, errs.NotFound},
	} {
		got, err := d.svc.Rights(d.ctx, d.actor(tc.user), d.id())
		if errs.CodeOf(err) != tc.code || got != tc.want {
			t.Errorf("%s: rights %+v, %v; want %+v, %q", tc.user, got, err, tc.want, tc.code)
		}
	}
}

func TestDeskRightsFollowRole(t *testing.T) {
	d := newDesk(t)
	for _, tc := range []struct {
		user string
		want publish.DeskRights
	}{
		{"admin", publish.DeskRights{ViewComponents: true, Components: true, Page: true}},
		{"lead", publish.DeskRights{ViewComponents: true, Components: true, Page: true}},
		{"comms", publish.DeskRights{ViewComponents: true, Components: true}},
		{"responder", publish.DeskRights{ViewComponents: true, Components: true}},
		{"inclead", publish.DeskRights{ViewComponents: true, Components: true}}, // an incident's lead is no desk lead
		{"hotline", publish.DeskRights{ViewComponents: true}},
		{"viewer", publish.DeskRights{ViewComponents: true}},
	} {
		if got := d.svc.DeskRights(d.actor(tc.user)); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.user, got, tc.want)
		}
	}
}
