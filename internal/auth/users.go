package auth

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Role     Role
	Language string
	Password string
}

func (n *NewUser) validate() error {
	f := errs.Fields{}
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if n.Email == "" {
		f.Add("email", errs.Required)
	} else if !ValidEmail(n.Email) {
		f.Add("email", errs.InvalidEmail)
	}
	if utf8.RuneCountInString(n.Name) > MaxNameLen {
		f.Add("name", errs.TooLong)
	}
	if !n.Role.Valid() {
		f.Add("role", errs.InvalidChoice)
	}
	if n.Language != "" && !ValidLanguage(n.Language) {
		f.Add("language", errs.InvalidChoice)
	}
	ValidatePassword("password", n.Password, f)
	return f.Err()
}

// Users lists every user. Admins only.
func (s *Service) Users(ctx context.Context, a Actor) ([]User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	return s.store.Users(ctx)
}

// ActiveUsers lists the users that can be added to an incident team. Any
// logged-in user may see them, as a team is picked from them.
func (s *Service) ActiveUsers(ctx context.Context) ([]User, error) {
	all, err := s.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	active := all[:0]
	for _, u := range all {
		if !u.Disabled {
			active = append(active, u)
		}
	}
	return active, nil
}

// User returns one user. Admins may read anyone; others only themselves.
func (s *Service) User(ctx context.Context, a Actor, id int64) (*User, error) {
	if !a.IsAdmin() && a.UserID != id {
		return nil, errs.E(errs.NotFound, "no such user")
	}
	return s.store.User(ctx, id)
}

// UserByEmail finds a user by address. Admins only (the command line).
func (s *Service) UserByEmail(ctx context.Context, a Actor, email string) (*User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	return s.store.UserByEmail(ctx, NormalizeEmail(email))
}

// CreateUser adds a user. Admins only.
func (s *Service) CreateUser(ctx context.Context, a Actor, n NewUser) (*User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	if err := n.validate(); err != nil {
		return nil, err
	}
	hash, err := HashPassword(n.Password, s.argon)
	if err != nil {
		return nil, err
	}
	u := &User{Email: n.Email, Name: n.Name, Role: n.Role, Language: n.Language, PasswordHash: hash, CreatedAt: s.now()}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			if errs.Is(err, errs.Conflict) {
				return &errs.Error{Code: errs.Conflict, Message: "a user with this e-mail address exists", Fields: map[string]string{"email": errs.Taken}}
			}
			return err
		}
		return s.append(ctx, tx, a, Event{Action: "user.create", ObjectType: "user", ObjectID: u.ID, Detail: map[string]any{"role": u.Role}})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SetRole changes a user's role. Admins only; the last active admin keeps
// the role, so the desk never locks itself out.
func (s *Service) SetRole(ctx context.Context, a Actor, id int64, role Role) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if !role.Valid() {
		return &errs.Error{Code: errs.Invalid, Message: "unknown role", Fields: map[string]string{"role": errs.InvalidChoice}}
	}
	return s.changeUser(ctx, a, id, func(tx Tx, u *User) (Event, error) {
		if u.Role == RoleAdmin && role != RoleAdmin && !u.Disabled {
			if err := keepOneAdmin(ctx, tx); err != nil {
				return Event{}, err
			}
		}
		from := u.Role
		u.Role = role
		return Event{Action: "user.role", Detail: map[string]any{"from": from, "to": role}}, nil
	})
}

// SetDisabled disables or re-enables a user. A disabled user's sessions end
// at once and their tokens stop working.
func (s *Service) SetDisabled(ctx context.Context, a Actor, id int64, disabled bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	return s.changeUser(ctx, a, id, func(tx Tx, u *User) (Event, error) {
		if disabled && u.Role == RoleAdmin && !u.Disabled {
			if err := keepOneAdmin(ctx, tx); err != nil {
				return Event{}, err
			}
		}
		u.Disabled = disabled
		if disabled {
			if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
				return Event{}, err
			}
			return Event{Action: "user.disable"}, nil
		}
		return Event{Action: "user.enable"}, nil
	})
}

// ResetPassword sets another user's password. Admins only; the user's
// sessions end and their second factor stays.
func (s *Service) ResetPassword(ctx context.Context, a Actor, id int64, password string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	f := errs.Fields{}
	ValidatePassword("password", password, f)
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(password, s.argon)
	if err != nil {
		return err
	}
	return s.changeUser(ctx, a, id, func(tx Tx, u *User) (Event, error) {
		u.PasswordHash = hash
		return Event{Action: "user.password_reset"}, tx.DeleteUserSessions(ctx, u.ID, "")
	})
}

func keepOneAdmin(ctx context.Context, tx Tx) error {
	n, err := tx.CountActiveAdmins(ctx)
	if err != nil {
		return err
	}
	if n <= 1 {
		return errs.E(errs.Conflict, "this is the last active admin; make someone else admin first")
	}
	return nil
}

// changeUser loads user id for update, applies change, stores it and writes
// the event change returns, all in one transaction.
func (s *Service) changeUser(ctx context.Context, a Actor, id int64, change func(Tx, *User) (Event, error)) error {
	return s.store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserForUpdate(ctx, id)
		if err != nil {
			return err
		}
		ev, err := change(tx, u)
		if err != nil {
			return err
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		ev.ObjectType, ev.ObjectID = "user", u.ID
		return s.append(ctx, tx, a, ev)
	})
}
