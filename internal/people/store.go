package people

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Store persists the register. Single-row reads return an errs.NotFound
// error for a missing row, never nil, nil.
type Store interface {
	Person(ctx context.Context, incidentID, id int64) (*Row, error)
	// Persons lists up to limit persons with ID > after, by ID.
	Persons(ctx context.Context, incidentID, after int64, limit int) ([]Row, error)
	// EachPerson calls fn for every person of the incident, by ID, without
	// holding the whole register in memory. Erased persons are included.
	EachPerson(ctx context.Context, incidentID int64, fn func(*Row) error) error
	// PersonsByID returns the persons of ids that exist, by ID.
	PersonsByID(ctx context.Context, incidentID int64, ids []int64) ([]Row, error)
	// Tallies returns the register's counts (see RowTallies and
	// TallyVersion), kept by every change of a person in its transaction.
	Tallies(ctx context.Context, incidentID int64) ([]Tally, error)
	// Lookup returns the IDs of the persons that have any of keys, by ID.
	// Hashes are compared on their first IndexSize bytes.
	Lookup(ctx context.Context, incidentID int64, keys []IndexKey) ([]int64, error)
	Files(ctx context.Context, incidentID int64) ([]File, error)
	Imports(ctx context.Context, incidentID int64) ([]Import, error) // newest first
	Segments(ctx context.Context, incidentID int64) ([]Segment, error)
	Segment(ctx context.Context, incidentID, id int64) (*Segment, error)
	// KeyCheck returns the stored key check value; NotFound when the
	// register's key was never recorded.
	KeyCheck(ctx context.Context) ([]byte, error)
	Update(ctx context.Context, fn func(Tx) error) error
}

// Tx is what may be done inside a transaction. Every change of a person
// changes the tallies and the register's version with it.
type Tx interface {
	auth.AuditAppender
	AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error
	Person(ctx context.Context, incidentID, id int64) (*Row, error)
	Lookup(ctx context.Context, incidentID int64, keys []IndexKey) ([]int64, error)
	// AddPerson inserts the row and its index keys; sets ID.
	AddPerson(ctx context.Context, r *Row, keys []IndexKey) error
	// AddPersons is AddPerson for many rows (keys[i] are rows[i]'s), in
	// few statements.
	AddPersons(ctx context.Context, rows []*Row, keys [][]IndexKey) error
	// UpdatePerson replaces the row and all its index keys.
	UpdatePerson(ctx context.Context, r *Row, keys []IndexKey) error
	// DeletePerson removes a person that was merged into another.
	DeletePerson(ctx context.Context, incidentID, id int64) error
	// ErasePerson drops the sealed contact and the index keys and marks
	// the row erased at at; the clear-text counts stay.
	ErasePerson(ctx context.Context, incidentID, id int64, at time.Time) error
	// FileID returns the ID of the incident's source file path, adding it
	// on first sight.
	FileID(ctx context.Context, incidentID int64, path string) (int64, error)
	AddImport(ctx context.Context, im *Import) error   // sets ID
	SaveSegment(ctx context.Context, s *Segment) error // inserts when ID is 0
	DeleteSegment(ctx context.Context, incidentID, id int64) error
	// SetKeyCheck stores the key check value once; errs.Conflict when one
	// is stored already.
	SetKeyCheck(ctx context.Context, check []byte) error
}
