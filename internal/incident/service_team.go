package incident

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Members lists the team of incident id.
func (s *Service) Members(ctx context.Context, a auth.Actor, id int64) ([]Member, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Members(ctx, id)
}

// SetMember adds a user to the team of incident id, or changes their role
// in it.
func (s *Service) SetMember(ctx context.Context, a auth.Actor, id, userID int64, role MemberRole) error {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return err
	}
	if err := acc.need(acc.Manage, "change the team"); err != nil {
		return err
	}
	if !oneOf(role, MemberRoles) {
		return &errs.Error{Code: errs.Invalid, Message: "unknown incident role", Fields: map[string]string{"role": errs.InvalidChoice}}
	}
	return s.store.Update(ctx, func(tx Tx) error {
		u, err := tx.User(ctx, userID)
		if errs.Is(err, errs.NotFound) || (err == nil && u.Disabled) {
			return &errs.Error{Code: errs.Invalid, Message: "no such active user", Fields: map[string]string{"user_id": errs.InvalidChoice}}
		}
		if err != nil {
			return err
		}
		members, err := tx.Members(ctx, id)
		if err != nil {
			return err
		}
		current := findMember(members, userID)
		if current != nil && current.Role == role {
			return nil
		}
		if current != nil && current.Role == RoleIncidentLead && role != RoleIncidentLead && countLeads(members) == 1 {
			return errs.E(errs.Conflict, "the incident needs an incident lead; name another one first")
		}
		m := &Member{IncidentID: id, UserID: userID, Role: role, AddedBy: a.UserID, AddedAt: s.now()}
		if current != nil {
			m.AddedBy, m.AddedAt = current.AddedBy, current.AddedAt
		}
		if err := tx.SetMember(ctx, m); err != nil {
			return err
		}
		name := "member_added"
		if current != nil {
			name = "member_role"
		}
		ev := SystemEvent{Name: name, Args: map[string]string{"user": u.DisplayName(), "role": string(role)}}
		if err := s.systemEntry(ctx, tx, a, id, EntrySystem, ev); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "team." + name, ObjectType: "user", ObjectID: userID,
			Detail: map[string]any{"role": role}})
	})
}

// RemoveMember takes a user off the team. The last incident lead stays.
func (s *Service) RemoveMember(ctx context.Context, a auth.Actor, id, userID int64) error {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return err
	}
	if err := acc.need(acc.Manage, "change the team"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		members, err := tx.Members(ctx, id)
		if err != nil {
			return err
		}
		current := findMember(members, userID)
		if current == nil {
			return errs.E(errs.NotFound, "not a member of this incident")
		}
		if current.Role == RoleIncidentLead && countLeads(members) == 1 {
			return errs.E(errs.Conflict, "the incident needs an incident lead; name another one first")
		}
		if err := tx.RemoveMember(ctx, id, userID); err != nil {
			return err
		}
		name := current.Name
		if name == "" {
			name = current.Email
		}
		ev := SystemEvent{Name: "member_removed", Args: map[string]string{"user": name}}
		if err := s.systemEntry(ctx, tx, a, id, EntrySystem, ev); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "team.member_removed", ObjectType: "user", ObjectID: userID})
	})
}

func findMember(members []Member, userID int64) *Member {
	for i := range members {
		if members[i].UserID == userID {
			return &members[i]
		}
	}
	return nil
}

func countLeads(members []Member) int {
	n := 0
	for _, m := range members {
		if m.Role == RoleIncidentLead {
			n++
		}
	}
	return n
}

// Contacts lists the outside contacts of incident id.
func (s *Service) Contacts(ctx context.Context, a auth.Actor, id int64) ([]Contact, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Contacts(ctx, id)
}

// SaveContact adds a contact (c.ID == 0) or changes one.
func (s *Service) SaveContact(ctx context.Context, a auth.Actor, id int64, c Contact) (*Contact, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.need(acc.EditTasks, "change contacts"); err != nil {
		return nil, err
	}
	f := errs.Fields{}
	c.validate(f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	c.IncidentID, c.UpdatedBy, c.UpdatedAt = id, a.UserID, s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		action := "contact.create"
		if c.ID == 0 {
			if err := tx.CreateContact(ctx, &c); err != nil {
				return err
			}
		} else {
			if _, err := tx.ContactForUpdate(ctx, id, c.ID); err != nil {
				return err
			}
			if err := tx.UpdateContact(ctx, &c); err != nil {
				return err
			}
			action = "contact.update"
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: action, ObjectType: "contact", ObjectID: c.ID})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}
