package auth

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Profile is what users change about themselves.
type Profile struct {
	Name     string
	Language string // "" follows the browser
	TimeZone string // "" uses the desk's zone
}

// UpdateProfile changes the acting user's name, language and time zone.
func (s *Service) UpdateProfile(ctx context.Context, a Actor, p Profile) error {
	p.Name = strings.TrimSpace(p.Name)
	f := errs.Fields{}
	if utf8.RuneCountInString(p.Name) > MaxNameLen {
		f.Add("name", errs.TooLong)
	}
	if p.Language != "" && !ValidLanguage(p.Language) {
		f.Add("language", errs.InvalidChoice)
	}
	p.TimeZone = strings.TrimSpace(p.TimeZone)
	if !ValidTimeZone(p.TimeZone) {
		f.Add("time_zone", errs.InvalidChoice)
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.changeUser(ctx, a, a.UserID, func(_ Tx, u *User) (Event, error) {
		u.Name, u.Language, u.TimeZone = p.Name, p.Language, p.TimeZone
		return Event{Action: "user.profile", Detail: map[string]any{"language": p.Language}}, nil
	})
}

// ChangePassword changes the acting user's password after checking the
// current one. The user's other sessions end (someone who knew the old
// password may be logged in); keepSession, the hash of the one in use, stays.
func (s *Service) ChangePassword(ctx context.Context, a Actor, current, next, keepSession string) error {
	f := errs.Fields{}
	ValidatePassword("new_password", next, f)
	if err := f.Err(); err != nil {
		return err
	}
	hash, err := HashPassword(next, s.argon)
	if err != nil {
		return err
	}
	return s.changeUser(ctx, a, a.UserID, func(tx Tx, u *User) (Event, error) {
		if err := s.checkOwnPassword(u, current); err != nil {
			return Event{}, err
		}
		u.PasswordHash = hash
		return Event{Action: "user.password_change"}, tx.DeleteUserSessions(ctx, u.ID, keepSession)
	})
}

func (s *Service) checkOwnPassword(u *User, pw string) error {
	ok, err := CheckPassword(u.PasswordHash, pw)
	if err != nil {
		return err
	}
	if !ok {
		return &errs.Error{Code: errs.Invalid, Message: "the current password is wrong", Fields: map[string]string{"current_password": errs.WrongPassword}}
	}
	return nil
}

// StartTOTP creates a new secret for the acting user and keeps it pending
// until ConfirmTOTP sees a correct code from it.
func (s *Service) StartTOTP(ctx context.Context, a Actor) (*TOTPEnrolment, error) {
	var enrol *TOTPEnrolment
	err := s.changeUser(ctx, a, a.UserID, func(_ Tx, u *User) (Event, error) {
		var err error
		enrol, err = NewTOTPEnrolment(u.Email)
		if err != nil {
			return Event{}, err
		}
		u.TOTPPending = enrol.Secret
		return Event{Action: "user.totp_start"}, nil
	})
	return enrol, err
}

// PendingTOTP returns the enrolment in progress, or NotFound.
func (s *Service) PendingTOTP(ctx context.Context, a Actor) (*TOTPEnrolment, error) {
	u, err := s.store.User(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	if u.TOTPPending == "" {
		return nil, errs.E(errs.NotFound, "no second factor is being set up")
	}
	return TOTPEnrolmentFor(u.Email, u.TOTPPending)
}

// ConfirmTOTP turns the pending secret on once code matches it.
func (s *Service) ConfirmTOTP(ctx context.Context, a Actor, code string) error {
	return s.changeUser(ctx, a, a.UserID, func(_ Tx, u *User) (Event, error) {
		if u.TOTPPending == "" {
			return Event{}, errs.E(errs.Conflict, "start setting up the second factor first")
		}
		step, ok := CheckTOTP(u.TOTPPending, code, s.now(), 0)
		if !ok {
			return Event{}, &errs.Error{Code: errs.Invalid, Message: "the code does not match", Fields: map[string]string{"code": errs.WrongCode}}
		}
		u.TOTPSecret, u.TOTPPending, u.TOTPLastStep = u.TOTPPending, "", step
		return Event{Action: "user.totp_enable"}, nil
	})
}

// DisableTOTP turns the second factor off after checking the password.
func (s *Service) DisableTOTP(ctx context.Context, a Actor, password string) error {
	return s.changeUser(ctx, a, a.UserID, func(_ Tx, u *User) (Event, error) {
		if err := s.checkOwnPassword(u, password); err != nil {
			return Event{}, err
		}
		u.TOTPSecret, u.TOTPPending, u.TOTPLastStep = "", "", 0
		return Event{Action: "user.totp_disable"}, nil
	})
}
