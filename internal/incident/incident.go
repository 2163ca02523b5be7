// Package incident is the core of the desk: incidents and their clock, the
// append-only timeline, tasks with due times, the incident team and its
// contacts, and playbooks (the emergency plan) that turn into tasks.
//
// Incidents are need-to-know: only members and admins see one. To anyone
// else an incident does not exist (NotFound, not Forbidden).
package incident

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Kind is what happened.
type Kind string

const (
	KindDataTheft         Kind = "data_theft"
	KindRansomware        Kind = "ransomware"
	KindAccountCompromise Kind = "account_compromise"
	KindOther             Kind = "other"
)

// Kinds lists every kind.
var Kinds = []Kind{KindDataTheft, KindRansomware, KindAccountCompromise, KindOther}

// Severity is how bad it is.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities lists every severity, mildest first.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// Rank orders severities: low 1 .. critical 4, unknown 0.
func (s Severity) Rank() int {
	for i, known := range Severities {
		if s == known {
			return i + 1
		}
	}
	return 0
}

// Status is where the response stands.
type Status string

const (
	StatusTriage        Status = "triage"
	StatusInvestigating Status = "investigating"
	StatusContaining    Status = "containing"
	StatusRecovering    Status = "recovering"
	StatusClosed        Status = "closed"
)

// Statuses lists every status in the order a response usually goes.
var Statuses = []Status{StatusTriage, StatusInvestigating, StatusContaining, StatusRecovering, StatusClosed}

func oneOf[T ~string](v T, known []T) bool {
	for _, k := range known {
		if v == k {
			return true
		}
	}
	return false
}

// Incident is one breach being handled.
type Incident struct {
	ID              int64
	Title           string
	Kind            Kind
	Severity        Severity
	Status          Status
	AwareAt         time.Time  // when the company became aware: the clock start
	DetectedAt      *time.Time // when the breach was first detected, if known
	Summary         string
	AffectedSystems string
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	ClosedAt        *time.Time
}

// Limits on what a user types.
const (
	MaxTitleLen   = 200
	MaxSummaryLen = 20_000
	MaxSystemsLen = 5_000
)

// SinceAware is the time elapsed since awareness at now.
func (i *Incident) SinceAware(now time.Time) time.Duration { return now.Sub(i.AwareAt) }

// validate checks the incident's own fields, collecting every problem.
func (i *Incident) validate(now time.Time, f errs.Fields) {
	i.Title = strings.TrimSpace(i.Title)
	i.Summary = strings.TrimSpace(i.Summary)
	i.AffectedSystems = strings.TrimSpace(i.AffectedSystems)
	switch {
	case i.Title == "":
		f.Add("title", errs.Required)
	case utf8.RuneCountInString(i.Title) > MaxTitleLen:
		f.Add("title", errs.TooLong)
	}
	if !oneOf(i.Kind, Kinds) {
		f.Add("kind", errs.InvalidChoice)
	}
	if !oneOf(i.Severity, Severities) {
		f.Add("severity", errs.InvalidChoice)
	}
	if !oneOf(i.Status, Statuses) {
		f.Add("status", errs.InvalidChoice)
	}
	switch {
	case i.AwareAt.IsZero():
		f.Add("aware_at", errs.Required)
	case i.AwareAt.Before(earliestPlausible):
		f.Add("aware_at", errs.InvalidTime)
	case i.AwareAt.After(now.Add(clockSlack)):
		f.Add("aware_at", errs.InFuture)
	}
	if i.DetectedAt != nil {
		switch {
		case i.DetectedAt.Before(earliestPlausible):
			f.Add("detected_at", errs.InvalidTime)
		case i.DetectedAt.After(now.Add(clockSlack)):
			f.Add("detected_at", errs.InFuture)
		}
	}
	if utf8.RuneCountInString(i.Summary) > MaxSummaryLen {
		f.Add("summary", errs.TooLong)
	}
	if utf8.RuneCountInString(i.AffectedSystems) > MaxSystemsLen {
		f.Add("affected_systems", errs.TooLong)
	}
}

// earliestPlausible bounds the times people type: a breach, a detection or
// a timeline event before 1990 is a typo (the year 0026 for 2026), and
// catching it here keeps the clock and the deadlines sane.
var earliestPlausible = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// clockSlack tolerates clocks that differ a little between a browser and the
// server, so "now" typed in a form is never "in the future".
const clockSlack = 5 * time.Minute

// Summary is a row of the incident list.
type Summary struct {
	Incident
	OpenTasks    int
	OverdueTasks int
	MyRole       MemberRole // "" when the viewer is an admin but not a member
}

// ListFilter selects incidents for the list.
type ListFilter struct {
	// UserID limits the list to incidents the user is a member of; 0 lists
	// all (admins).
	UserID int64
	// Closed: false lists open incidents, true closed ones.
	Closed bool
	// Query matches the title, case-insensitively.
	Query string
	// Now decides which tasks are overdue.
	Now time.Time
}
