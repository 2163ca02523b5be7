package incident

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

//go:embed playbooks/*.yaml
var builtinFS embed.FS

// Service applies the rules of incident handling: who may see and do what,
// what is valid, and what goes on the timeline and into the audit trail.
type Service struct {
	store    Store
	now      func() time.Time
	builtins []*Playbook // in file-name order
}

// NewService returns a service over store. now defaults to time.Now.
func NewService(store Store, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	builtins, err := loadBuiltins()
	if err != nil {
		return nil, err
	}
	return &Service{
		store:    store,
		now:      func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		builtins: builtins,
	}, nil
}

func loadBuiltins() ([]*Playbook, error) {
	names, err := fs.Glob(builtinFS, "playbooks/*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]*Playbook, 0, len(names))
	for _, name := range names {
		src, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := ParsePlaybook(src)
		if err != nil {
			return nil, fmt.Errorf("incident: built-in playbook %s: %w", name, err)
		}
		p.BuiltIn = true
		out = append(out, p)
	}
	return out, nil
}

// Now is the service's clock, in UTC at microsecond precision.
func (s *Service) Now() time.Time { return s.now() }

// access loads what actor a may do in incident id.
func (s *Service) access(ctx context.Context, a auth.Actor, id int64) (Access, error) {
	var m *Member
	if a.UserID != 0 {
		found, err := s.store.Member(ctx, id, a.UserID)
		switch {
		case err == nil:
			m = found
		case !errs.Is(err, errs.NotFound):
			return Access{}, err
		}
	}
	acc := AccessFor(a, m)
	if !acc.View {
		return acc, errNoIncident
	}
	return acc, nil
}

// audit appends the audit entry for a change in incident id.
func (s *Service) audit(ctx context.Context, tx Tx, a auth.Actor, id int64, ev auth.Event) error {
	ev.IncidentID = id
	return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
}

// systemEntry appends an entry that the desk writes itself, such as a status
// change. The event lets each reader see it in their language; text is the
// English wording for the API and anyone reading the database.
func (s *Service) systemEntry(ctx context.Context, tx Tx, a auth.Actor, id int64, kind EntryKind, ev SystemEvent) error {
	now := s.now()
	e := &Entry{
		IncidentID: id, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: kind, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}
