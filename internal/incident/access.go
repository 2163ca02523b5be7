package incident

import (
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Access is what an actor may do in one incident. It is computed once per
// request from the desk role and the membership, and every service method
// checks it, so the web UI and the API cannot disagree.
type Access struct {
	View          bool // see the incident at all
	Write         bool // add timeline entries, corrections, attachments
	EditTasks     bool // create tasks and change any of them
	Manage        bool // change the incident, its team, contacts; apply playbooks
	Member        *Member
	actorUserID   int64
	actorIsViewer bool
}

// AccessFor derives the access of actor a, whose membership is m (nil when
// not a member).
//
//   - admins see everything; others only incidents they are members of;
//   - viewers only read;
//   - responders, comms and leads edit tasks; hotline agents write on the
//     timeline and move their own tasks along;
//   - desk leads and the incident's own incident lead manage it.
func AccessFor(a auth.Actor, m *Member) Access {
	acc := Access{Member: m, actorUserID: a.UserID, actorIsViewer: a.Role == auth.RoleViewer}
	acc.View = a.IsAdmin() || m != nil
	if !acc.View {
		return acc
	}
	switch a.Role {
	case auth.RoleAdmin, auth.RoleLead:
		acc.Write, acc.EditTasks, acc.Manage = true, true, true
	case auth.RoleResponder, auth.RoleComms:
		acc.Write, acc.EditTasks = true, true
	case auth.RoleHotline:
		acc.Write = true
	}
	if acc.IncidentLead() {
		acc.Write, acc.EditTasks, acc.Manage = true, true, true
	}
	return acc
}

// IncidentLead reports whether the actor leads this incident (as a member
// with the incident-lead role; a viewer never does): the register and the
// campaigns give them what the desk's lead role gives.
func (acc Access) IncidentLead() bool {
	return acc.Member != nil && acc.Member.Role == RoleIncidentLead && !acc.actorIsViewer
}

// CanProgress reports whether the actor may change the status and checklist
// of task t: anyone who edits tasks, and the task's owner.
func (acc Access) CanProgress(t *Task) bool {
	return acc.EditTasks || (acc.View && !acc.actorIsViewer && t.OwnerID != 0 && t.OwnerID == acc.actorUserID)
}

// errNoIncident is what anyone outside an incident hears about it, whether
// it exists or not.
var errNoIncident = errs.E(errs.NotFound, "no such incident")

func (acc Access) need(ok bool, what string) error {
	if !acc.View {
		return errNoIncident
	}
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}
