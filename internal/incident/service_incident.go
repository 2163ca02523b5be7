package incident

import (
	"context"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// NewIncident is the input for opening an incident.
type NewIncident struct {
	Title           string
	Kind            Kind
	Severity        Severity
	AwareAt         time.Time
	DetectedAt      *time.Time
	Summary         string
	AffectedSystems string
	Playbook        string // optional: apply this playbook right away
	Language        string // the language of the playbook's tasks
}

// CanCreate reports whether a may open incidents.
func CanCreate(a auth.Actor) bool { return a.Role == auth.RoleAdmin || a.Role == auth.RoleLead }

// List returns the incidents a may see: open ones, or closed ones.
func (s *Service) List(ctx context.Context, a auth.Actor, closed bool, query string) ([]Summary, error) {
	f := ListFilter{Closed: closed, Query: strings.TrimSpace(query), Now: s.now()}
	if !a.IsAdmin() {
		if a.UserID == 0 {
			return nil, nil
		}
		f.UserID = a.UserID
	}
	return s.store.Incidents(ctx, f)
}

// Create opens an incident. The creator joins its team as incident lead, and
// the playbook, if one is named, is applied in the same transaction.
func (s *Service) Create(ctx context.Context, a auth.Actor, n NewIncident) (*Incident, error) {
	if !CanCreate(a) {
		return nil, errs.E(errs.Forbidden, "only leads and admins open incidents")
	}
	now := s.now()
	inc := &Incident{
		Title: n.Title, Kind: n.Kind, Severity: n.Severity, Status: StatusTriage,
		AwareAt: n.AwareAt.UTC().Truncate(time.Microsecond), DetectedAt: utcPtr(n.DetectedAt),
		Summary: n.Summary, AffectedSystems: n.AffectedSystems,
		CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now,
	}
	f := errs.Fields{}
	inc.validate(now, f)
	var pb *Playbook
	if name := strings.TrimSpace(n.Playbook); name != "" {
		var err error
		if pb, err = s.findPlaybook(ctx, name); err != nil {
			f.Add("playbook", errs.InvalidChoice)
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.CreateIncident(ctx, inc); err != nil {
			return err
		}
		if err := s.systemEntry(ctx, tx, a, inc.ID, EntrySystem, SystemEvent{Name: "opened"}); err != nil {
			return err
		}
		if a.UserID != 0 {
			m := &Member{IncidentID: inc.ID, UserID: a.UserID, Role: RoleIncidentLead, AddedBy: a.UserID, AddedAt: now}
			if err := tx.SetMember(ctx, m); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, a, inc.ID, auth.Event{Action: "incident.create", ObjectType: "incident", ObjectID: inc.ID,
			Detail: map[string]any{"kind": inc.Kind, "severity": inc.Severity}}); err != nil {
			return err
		}
		if pb != nil {
			_, err := s.applyPlaybook(ctx, tx, a, inc, pb, n.Language)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return inc, nil
}

// Get returns incident id and what a may do in it.
func (s *Service) Get(ctx context.Context, a auth.Actor, id int64) (*Incident, Access, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, acc, err
	}
	inc, err := s.store.Incident(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return nil, acc, errNoIncident
	}
	if err != nil {
		return nil, acc, err
	}
	if acc.Member == nil && a.UserID != 0 {
		// An admin reading an incident whose team they are not on sees
		// personal data without being one of those who need to know: on
		// the record, every time.
		err = s.store.Update(ctx, func(tx Tx) error {
			return s.audit(ctx, tx, a, id, auth.Event{Action: "incident.view", ObjectType: "incident", ObjectID: id,
				Detail: map[string]any{"member": false}})
		})
	}
	return inc, acc, err
}

// Access returns what a may do in incident id, without reading it: for
// services that check the right before a change they audit themselves.
// NotFound for anyone outside the incident, as Get.
func (s *Service) Access(ctx context.Context, a auth.Actor, id int64) (Access, error) {
	return s.access(ctx, a, id)
}

// Patch changes some fields of an incident; nil fields stay as they are.
type Patch struct {
	Title           *string
	Kind            *Kind
	Severity        *Severity
	Status          *Status
	AwareAt         *time.Time
	DetectedAt      *time.Time
	ClearDetectedAt bool
	Summary         *string
	AffectedSystems *string
}

// Update changes an incident. Changes of status, severity, kind and
// awareness go on the timeline; a new aware_at moves relative due times.
func (s *Service) Update(ctx context.Context, a auth.Actor, id int64, p Patch) (*Incident, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.need(acc.Manage, "change this incident"); err != nil {
		return nil, err
	}
	var inc *Incident
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		if inc, err = tx.IncidentForUpdate(ctx, id); err != nil {
			return err
		}
		old := *inc
		p.apply(inc)
		f := errs.Fields{}
		inc.validate(s.now(), f)
		if err := f.Err(); err != nil {
			return err
		}
		changed := changedFields(&old, inc)
		if len(changed) == 0 {
			return nil
		}
		inc.UpdatedAt = s.now()
		s.closeOrReopen(&old, inc)
		if err := tx.UpdateIncident(ctx, inc); err != nil {
			return err
		}
		if err := s.recordChanges(ctx, tx, a, &old, inc); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "incident.update", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"fields": changed}})
	})
	if err != nil {
		return nil, err
	}
	return inc, nil
}

func (p *Patch) apply(inc *Incident) {
	setIf(&inc.Title, p.Title)
	setIf(&inc.Kind, p.Kind)
	setIf(&inc.Severity, p.Severity)
	setIf(&inc.Status, p.Status)
	setIf(&inc.Summary, p.Summary)
	setIf(&inc.AffectedSystems, p.AffectedSystems)
	if p.AwareAt != nil {
		inc.AwareAt = p.AwareAt.UTC().Truncate(time.Microsecond)
	}
	if p.ClearDetectedAt {
		inc.DetectedAt = nil
	} else if p.DetectedAt != nil {
		inc.DetectedAt = utcPtr(p.DetectedAt)
	}
}

func (s *Service) closeOrReopen(old, inc *Incident) {
	switch {
	case inc.Status == StatusClosed && old.Status != StatusClosed:
		now := s.now()
		inc.ClosedAt = &now
	case inc.Status != StatusClosed:
		inc.ClosedAt = nil
	}
}

// recordChanges writes the timeline entries for changes a reader of the
// timeline must see: a status change as a status entry, the others as
// system entries.
func (s *Service) recordChanges(ctx context.Context, tx Tx, a auth.Actor, old, inc *Incident) error {
	fromTo := func(from, to string) map[string]string { return map[string]string{"from": from, "to": to} }
	if old.Status != inc.Status {
		ev := SystemEvent{Name: "status_changed", Args: fromTo(string(old.Status), string(inc.Status))}
		if err := s.systemEntry(ctx, tx, a, inc.ID, EntryStatus, ev); err != nil {
			return err
		}
	}
	var events []SystemEvent
	if old.Severity != inc.Severity {
		events = append(events, SystemEvent{Name: "severity_changed", Args: fromTo(string(old.Severity), string(inc.Severity))})
	}
	if old.Kind != inc.Kind {
		events = append(events, SystemEvent{Name: "kind_changed", Args: fromTo(string(old.Kind), string(inc.Kind))})
	}
	if !old.AwareAt.Equal(inc.AwareAt) {
		if err := tx.ShiftRelativeDues(ctx, inc.ID, inc.AwareAt); err != nil {
			return err
		}
		events = append(events, SystemEvent{Name: "aware_changed", Args: fromTo(old.AwareAt.Format(time.RFC3339), inc.AwareAt.Format(time.RFC3339))})
	}
	for _, ev := range events {
		if err := s.systemEntry(ctx, tx, a, inc.ID, EntrySystem, ev); err != nil {
			return err
		}
	}
	return nil
}

func changedFields(old, inc *Incident) []string {
	var out []string
	add := func(name string, differs bool) {
		if differs {
			out = append(out, name)
		}
	}
	add("title", old.Title != inc.Title)
	add("kind", old.Kind != inc.Kind)
	add("severity", old.Severity != inc.Severity)
	add("status", old.Status != inc.Status)
	add("aware_at", !old.AwareAt.Equal(inc.AwareAt))
	add("detected_at", !timesEqual(old.DetectedAt, inc.DetectedAt))
	add("summary", old.Summary != inc.Summary)
	add("affected_systems", old.AffectedSystems != inc.AffectedSystems)
	return out
}

func setIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC().Truncate(time.Microsecond)
	return &u
}

func timesEqual(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
