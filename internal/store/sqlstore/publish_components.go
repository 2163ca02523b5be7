package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	errNoComponent      = "no such component"
	errComponentIDTaken = "another component has this public ID"
	componentSelect     = `SELECT c.id, c.public_id, c.names, c.position, c.status, c.hidden, c.created_at, c.updated_at
		FROM publish_components c`
)

func scanComponent(row rowScanner) (c publish.Component, err error) {
	err = row.Scan(&c.ID, &c.PublicID, scanJSON(&c.Names), &c.Position, &c.Status, &c.Hidden, scanTime(&c.CreatedAt),
		scanTime(&c.UpdatedAt))
	c.Names = noEmptyMap(c.Names)
	return c, err
}

func (s publishStore) Components(ctx context.Context) ([]publish.Component, error) {
	out, err := queryAll(ctx, s.db.reader(), scanComponent, componentSelect+` ORDER BY c.position, c.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the components: %w", err)
	}
	return out, nil
}

// Component loads the component and locks it until the transaction ends,
// so that two status changes of it keep their order in the history.
func (t publishTx) Component(ctx context.Context, id int64) (*publish.Component, error) {
	c, err := scanComponent(t.queryRow(ctx, componentSelect+` WHERE c.id = ?`+t.lock("c"), id))
	if err != nil {
		return nil, readErr(err, errNoComponent, "load component %d", id)
	}
	return &c, nil
}

// AddComponent inserts the component; sets ID. A public ID taken is a
// Conflict that leaves the transaction usable.
func (t publishTx) AddComponent(ctx context.Context, c *publish.Component) error {
	names, err := mapArg(c.Names)
	if err != nil {
		return fmt.Errorf("sqlstore: add a component: %w", err)
	}
	err = t.queryRow(ctx, `INSERT INTO publish_components (public_id, names, position, status, hidden, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		c.PublicID, names, c.Position, string(c.Status), t.d.Bool(c.Hidden), t.time(c.CreatedAt), t.time(c.UpdatedAt)).
		Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errComponentIDTaken)
	}
	if err != nil {
		return t.writeErr(err, errComponentIDTaken, "add a component")
	}
	return nil
}

func (t publishTx) UpdateComponent(ctx context.Context, c *publish.Component) error {
	names, err := mapArg(c.Names)
	if err != nil {
		return fmt.Errorf("sqlstore: update component %d: %w", c.ID, err)
	}
	err = t.execOne(ctx, errNoComponent, `UPDATE publish_components SET names = ?, position = ?, status = ?, hidden = ?,
		updated_at = ? WHERE id = ?`, names, c.Position, string(c.Status), t.d.Bool(c.Hidden), t.time(c.UpdatedAt), c.ID)
	if err != nil {
		return t.writeErr(err, "", "update component %d", c.ID)
	}
	return nil
}

// AddComponentChange records a status change; sets ID. A component that
// does not exist is NotFound.
func (t publishTx) AddComponentChange(ctx context.Context, ch *publish.ComponentChange) error {
	err := t.queryRow(ctx, `INSERT INTO publish_component_changes (component_id, status, at, actor_id)
		SELECT id, ?, ?, ? FROM publish_components WHERE id = ? RETURNING id`,
		string(ch.Status), t.time(ch.At), idArg(ch.ActorID), ch.ComponentID).Scan(&ch.ID)
	if err != nil {
		return readErr(err, errNoComponent, "add a change of component %d", ch.ComponentID)
	}
	return nil
}

func (s publishStore) ComponentChanges(ctx context.Context, since time.Time) ([]publish.ComponentChange, error) {
	r := s.db.reader()
	out, err := queryAll(ctx, r, func(row rowScanner) (ch publish.ComponentChange, err error) {
		err = row.Scan(&ch.ID, &ch.ComponentID, &ch.Status, scanTime(&ch.At), scanID(&ch.ActorID))
		return ch, err
	}, `SELECT id, component_id, status, at, actor_id FROM publish_component_changes WHERE at >= ? ORDER BY at DESC, id DESC`,
		r.time(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the component changes: %w", err)
	}
	return out, nil
}
