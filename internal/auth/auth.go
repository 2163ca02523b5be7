// Package auth knows who is acting: users and their roles, password and
// second-factor checks, sessions, API tokens, login throttling, and the
// hash-chained audit trail that records every change and every view of
// personal data. It holds rules only; the store packages persist it.
package auth

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Role is a user's role on the desk (DESIGN.md section 2).
type Role string

const (
	RoleAdmin     Role = "admin"
	RoleLead      Role = "lead"
	RoleResponder Role = "responder"
	RoleComms     Role = "comms"
	RoleHotline   Role = "hotline"
	RoleViewer    Role = "viewer"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleLead, RoleResponder, RoleComms, RoleHotline, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, known := range Roles {
		if r == known {
			return true
		}
	}
	return false
}

// Languages the desk speaks.
var Languages = []string{"en", "de"}

// ValidLanguage reports whether lang is a language the desk speaks.
func ValidLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// User is a person who works on the desk.
type User struct {
	ID           int64
	Email        string // normalized: trimmed, lower case
	Name         string
	Role         Role
	Language     string // "en" or "de"; "" follows the browser
	TimeZone     string // IANA name such as Europe/Berlin; "" uses the desk's zone
	PasswordHash string // argon2id, PHC string format
	TOTPSecret   string // base32; set once enrolment is confirmed
	TOTPPending  string // base32; offered during enrolment, not yet confirmed
	TOTPLastStep int64  // last accepted time step, so a code is never accepted twice
	Disabled     bool
	CreatedAt    time.Time
	LastLoginAt  *time.Time
}

// TOTPEnabled reports whether the user logs in with a second factor.
func (u *User) TOTPEnabled() bool { return u.TOTPSecret != "" }

// DisplayName is the name, or the e-mail address when no name is set.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// Channel says how an actor reached the desk.
type Channel string

const (
	ViaWeb    Channel = "web"
	ViaAPI    Channel = "api"
	ViaCLI    Channel = "cli"
	ViaSystem Channel = "system"
)

// Actor is whoever performs an action: a logged-in user, a token holder, or
// the command line. Every service method takes one, so authorization and the
// audit trail always know who acted.
type Actor struct {
	UserID int64 // 0 for the command line and the system
	Email  string
	Role   Role
	Via    Channel
	Addr   string // remote address for web and API, "" otherwise
}

// ActorFor returns the actor for a user reaching the desk via ch from addr.
func ActorFor(u *User, ch Channel, addr string) Actor {
	return Actor{UserID: u.ID, Email: u.Email, Role: u.Role, Via: ch, Addr: addr}
}

// CLI is the actor for commands run on the desk's own machine: whoever can
// run them can read the database anyway, so they act with admin rights.
func CLI() Actor { return Actor{Role: RoleAdmin, Via: ViaCLI} }

// System is the actor for what the desk does by itself (seeding the demo).
func System() Actor { return Actor{Role: RoleAdmin, Via: ViaSystem} }

// IsAdmin reports whether the actor has the admin role.
func (a Actor) IsAdmin() bool { return a.Role == RoleAdmin }

// Label names the actor in the audit trail.
func (a Actor) Label() string {
	if a.UserID != 0 {
		return a.Email
	}
	return string(a.Via)
}

// ValidTimeZone reports whether name is "" (the desk's zone) or an IANA
// time zone the binary knows (the zone database is embedded).
func ValidTimeZone(name string) bool {
	if name == "" {
		return true
	}
	if name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// NormalizeEmail trims and lower-cases an address.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s (already normalized) is a plain address.
func ValidEmail(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// Limits on text a user types.
const (
	MaxNameLen      = 200
	MinPasswordLen  = 12
	MaxPasswordLen  = 256
	MaxTokenNameLen = 100
)

// ValidatePassword checks a new password against the policy.
func ValidatePassword(field, pw string, f errs.Fields) {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		f.Add(field, errs.TooShort)
	case len(pw) > MaxPasswordLen:
		f.Add(field, errs.TooLong)
	}
}
