package incident

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// Store persists incidents. Reads return an errs.NotFound error for a
// missing row, never nil, nil. Reads about one incident take its ID, so a
// task or entry of another incident is NotFound too.
type Store interface {
	Incident(ctx context.Context, id int64) (*Incident, error)
	// Incidents lists incidents for f, the most severe first, then the
	// newest awareness first.
	Incidents(ctx context.Context, f ListFilter) ([]Summary, error)
	// Member returns the user's membership, or NotFound.
	Member(ctx context.Context, incidentID, userID int64) (*Member, error)
	Members(ctx context.Context, incidentID int64) ([]Member, error) // by role, then name
	// Timeline returns a page; see TimelinePage. Attachments are included.
	Timeline(ctx context.Context, incidentID int64, page TimelinePage) ([]Entry, error)
	TimelineCount(ctx context.Context, incidentID int64) (int, error)
	Entry(ctx context.Context, incidentID, entryID int64) (*Entry, error)
	// AttachmentData returns an attachment and its content.
	AttachmentData(ctx context.Context, incidentID, attachmentID int64) (*Attachment, []byte, error)
	Tasks(ctx context.Context, incidentID int64) ([]Task, error) // by Position, then ID
	Task(ctx context.Context, incidentID, taskID int64) (*Task, error)
	Contacts(ctx context.Context, incidentID int64) ([]Contact, error) // by ID
	// AppliedPlaybooks lists the names of playbooks applied to the incident.
	AppliedPlaybooks(ctx context.Context, incidentID int64) ([]string, error)
	// Playbooks lists the imported playbooks (not the built-in ones).
	Playbooks(ctx context.Context) ([]Playbook, error)
	Playbook(ctx context.Context, name string) (*Playbook, error)
	// User reads a desk user, for checks such as "is the owner active".
	User(ctx context.Context, id int64) (*auth.User, error)
	// Update runs fn in one transaction: all of it is stored or none.
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction. The *ForUpdate reads lock
// the row on PostgreSQL, so two people changing the same thing at once
// cannot overwrite each other's change.
type Tx interface {
	auth.AuditAppender
	IncidentForUpdate(ctx context.Context, id int64) (*Incident, error)
	CreateIncident(ctx context.Context, inc *Incident) error // sets ID
	UpdateIncident(ctx context.Context, inc *Incident) error
	// SetMember adds the member or changes their role.
	SetMember(ctx context.Context, m *Member) error
	RemoveMember(ctx context.Context, incidentID, userID int64) error
	Members(ctx context.Context, incidentID int64) ([]Member, error)
	// AppendEntry stores the entry and its attachments (with their data),
	// setting the IDs. Attachment metadata is taken from e.Attachments[i],
	// data from data[i].
	AppendEntry(ctx context.Context, e *Entry, data [][]byte) error
	Entry(ctx context.Context, incidentID, entryID int64) (*Entry, error)
	TaskForUpdate(ctx context.Context, incidentID, taskID int64) (*Task, error)
	CreateTask(ctx context.Context, t *Task) error // sets ID
	UpdateTask(ctx context.Context, t *Task) error
	// NextTaskPosition is one more than the largest Position in the incident.
	NextTaskPosition(ctx context.Context, incidentID int64) (int, error)
	// ShiftRelativeDues recomputes Due.At of every task with a relative due
	// after aware_at changed.
	ShiftRelativeDues(ctx context.Context, incidentID int64, awareAt time.Time) error
	Contacts(ctx context.Context, incidentID int64) ([]Contact, error)
	CreateContact(ctx context.Context, c *Contact) error // sets ID
	ContactForUpdate(ctx context.Context, incidentID, contactID int64) (*Contact, error)
	UpdateContact(ctx context.Context, c *Contact) error
	// RecordPlaybookApplied notes that the playbook was applied;
	// errs.Conflict if it already was.
	RecordPlaybookApplied(ctx context.Context, incidentID int64, name string, version int, by int64, at time.Time) error
	// SavePlaybook inserts or replaces an imported playbook by name.
	SavePlaybook(ctx context.Context, p *Playbook) error
	User(ctx context.Context, id int64) (*auth.User, error)
}
