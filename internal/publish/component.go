package publish

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// maxPosition bounds a component's position: the page has a handful.
const maxPosition = 10_000

// Components lists every component with its status.
func (s *Service) Components(ctx context.Context, a auth.Actor) ([]Component, error) {
	if err := s.mayDesk(a, canViewComponents, "see the components"); err != nil {
		return nil, err
	}
	return s.store.Components(ctx)
}

// AddComponent adds a component, Operational. Its first status is a
// change too, so its history starts with it.
func (s *Service) AddComponent(ctx context.Context, a auth.Actor, e ComponentEdit) (*Component, error) {
	if err := s.mayDesk(a, canComponents, "change the components"); err != nil {
		return nil, err
	}
	names, err := checkComponent(e)
	if err != nil {
		return nil, err
	}
	now := s.now()
	c := &Component{PublicID: newPublicID(), Names: names, Position: e.Position, Status: Operational, Hidden: e.Hidden,
		CreatedAt: now, UpdatedAt: now}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.AddComponent(ctx, c); err != nil {
			return err
		}
		if err := tx.AddComponentChange(ctx, &ComponentChange{ComponentID: c.ID, Status: c.Status, At: now, ActorID: a.UserID}); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, 0, auth.Event{Action: "publish.component.add", ObjectType: "publish_component", ObjectID: c.ID})
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return c, nil
}

// EditComponent renames, moves or hides a component.
func (s *Service) EditComponent(ctx context.Context, a auth.Actor, componentID int64, e ComponentEdit) (*Component, error) {
	if err := s.mayDesk(a, canComponents, "change the components"); err != nil {
		return nil, err
	}
	names, err := checkComponent(e)
	if err != nil {
		return nil, err
	}
	var c *Component
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		c, err = tx.Component(ctx, componentID)
		if err != nil {
			return err
		}
		c.Names, c.Position, c.Hidden, c.UpdatedAt = names, e.Position, e.Hidden, s.now()
		if err := tx.UpdateComponent(ctx, c); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, 0, auth.Event{Action: "publish.component.edit", ObjectType: "publish_component",
			ObjectID: c.ID, Detail: map[string]any{"hidden": c.Hidden, "position": c.Position}})
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return c, nil
}

// SetComponentStatus changes a component's status and records the change.
// Setting the status it has changes nothing and records nothing.
func (s *Service) SetComponentStatus(ctx context.Context, a auth.Actor, componentID int64, st ComponentStatus) (*Component, error) {
	if err := s.mayDesk(a, canComponents, "change the components"); err != nil {
		return nil, err
	}
	if !slices.Contains(ComponentStatuses, st) {
		return nil, errs.Fields{"status": errs.InvalidChoice}.Err()
	}
	var c *Component
	changed := false
	err := s.store.Update(ctx, func(tx Tx) error {
		var err error
		c, err = tx.Component(ctx, componentID)
		if err != nil || c.Status == st {
			return err
		}
		from, now := c.Status, s.now()
		c.Status, c.UpdatedAt = st, now
		if err := tx.UpdateComponent(ctx, c); err != nil {
			return err
		}
		if err := tx.AddComponentChange(ctx, &ComponentChange{ComponentID: c.ID, Status: st, At: now, ActorID: a.UserID}); err != nil {
			return err
		}
		changed = true
		return s.audit(ctx, tx, a, 0, auth.Event{Action: "publish.component.status", ObjectType: "publish_component",
			ObjectID: c.ID, Detail: map[string]any{"from": string(from), "to": string(st)}})
	})
	if err != nil {
		return nil, err
	}
	if changed {
		s.changed()
	}
	return c, nil
}

// ComponentHistory lists the changes of the last days (90 when days is
// not positive, at most a year), newest first.
func (s *Service) ComponentHistory(ctx context.Context, a auth.Actor, days int) ([]ComponentChange, error) {
	if err := s.mayDesk(a, canViewComponents, "see the components"); err != nil {
		return nil, err
	}
	if days <= 0 {
		days = historyDays
	}
	days = min(days, 366)
	return s.store.ComponentChanges(ctx, s.now().Add(-time.Duration(days)*24*time.Hour))
}

// checkComponent validates a component's names (one per language) and
// position; it returns the trimmed names.
func checkComponent(e ComponentEdit) (map[string]string, error) {
	f := errs.Fields{}
	names := map[string]string{}
	for lang, n := range e.Names {
		if !slices.Contains(Languages, lang) {
			f.Add("names", errs.InvalidChoice)
			continue
		}
		names[lang] = strings.TrimSpace(n)
	}
	for _, lang := range Languages {
		checkLine(f, "names."+lang, names[lang], maxName, true)
	}
	if e.Position < 0 || e.Position > maxPosition {
		f.Add("position", errs.InvalidValue)
	}
	return names, f.Err()
}
