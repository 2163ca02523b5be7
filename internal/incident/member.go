package incident

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// MemberRole is what a member does in one incident, independent of their
// desk role.
type MemberRole string

const (
	RoleIncidentLead MemberRole = "incident_lead"
	RoleCommsLead    MemberRole = "comms_lead"
	RoleDPO          MemberRole = "dpo"
	RoleScribe       MemberRole = "scribe"
	RoleLegal        MemberRole = "legal"
	RoleMember       MemberRole = "member"
)

// MemberRoles lists every incident role.
var MemberRoles = []MemberRole{RoleIncidentLead, RoleCommsLead, RoleDPO, RoleScribe, RoleLegal, RoleMember}

// Member is a user on an incident's team.
type Member struct {
	IncidentID int64
	UserID     int64
	Role       MemberRole
	AddedBy    int64
	AddedAt    time.Time
	// Filled by the store from the user.
	Name     string
	Email    string
	Disabled bool
}

// Contact is an outside party the team needs: police cyber unit, the
// data-protection authority, the insurer, a lawyer, a PR agency. Playbooks
// create empty slots by role; the team fills them in.
type Contact struct {
	ID           int64
	IncidentID   int64
	Role         string // a short key such as "police", "dpa", "insurer"
	Label        string // what the slot is called, in the playbook's language
	Name         string
	Organization string
	Phone        string
	Email        string
	Notes        string
	UpdatedBy    int64
	UpdatedAt    time.Time
}

// Filled reports whether someone has been entered for the slot.
func (c *Contact) Filled() bool {
	return c.Name != "" || c.Organization != "" || c.Phone != "" || c.Email != ""
}

const maxContactFieldLen = 500

func (c *Contact) validate(f errs.Fields) {
	for _, field := range []struct {
		name string
		v    *string
	}{
		{"role", &c.Role}, {"label", &c.Label}, {"name", &c.Name}, {"organization", &c.Organization},
		{"phone", &c.Phone}, {"email", &c.Email}, {"notes", &c.Notes},
	} {
		*field.v = strings.TrimSpace(*field.v)
		if utf8.RuneCountInString(*field.v) > maxContactFieldLen {
			f.Add(field.name, errs.TooLong)
		}
	}
	if c.Label == "" {
		f.Add("label", errs.Required)
	}
	if c.Role == "" {
		c.Role = "other"
	}
}
