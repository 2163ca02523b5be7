package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	errNoStatement       = "no such statement"
	errStatementIDTaken  = "another statement has this public ID"
	errNoListing         = "the incident has no public listing"
	errListingIDTaken    = "another listing has this public ID"
	publishedStatesCond  = `state IN ('published', 'superseded')`
	statementColumns     = `id, incident_id, public_id, kind, phase, texts, components, replaces, state, author_id, created_at, updated_at, approved_by, approved_at, published_by, published_at`
	statementSelect      = `SELECT ` + statementColumns + ` FROM publish_statements`
	listingColumns       = `incident_id, public_id, titles, impact, public, created_at, updated_at`
	listingSelect        = `SELECT ` + listingColumns + ` FROM publish_listings`
	listingSelectAliased = `SELECT l.incident_id, l.public_id, l.titles, l.impact, l.public, l.created_at, l.updated_at FROM publish_listings l`
)

func scanStatement(row rowScanner) (s publish.Statement, err error) {
	err = row.Scan(&s.ID, &s.IncidentID, &s.PublicID, &s.Kind, &s.Phase, scanJSON(&s.Texts), scanJSON(&s.Components),
		&s.Replaces, &s.State, scanID(&s.AuthorID), scanTime(&s.CreatedAt), scanTime(&s.UpdatedAt),
		scanID(&s.ApprovedBy), scanNullTime(&s.ApprovedAt), scanID(&s.PublishedBy), scanNullTime(&s.PublishedAt))
	s.Texts, s.Components = noEmptyMap(s.Texts), noEmpty(s.Components)
	return s, err
}

// statement loads one statement; lock is the clause that locks its row
// in a transaction.
func (c conn) statement(ctx context.Context, incidentID, id int64, lock string) (*publish.Statement, error) {
	s, err := scanStatement(c.queryRow(ctx, statementSelect+` s WHERE s.incident_id = ? AND s.id = ?`+lock, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoStatement, "load statement %d of incident %d", id, incidentID)
	}
	return &s, nil
}

func (s publishStore) Statement(ctx context.Context, incidentID, id int64) (*publish.Statement, error) {
	return s.db.reader().statement(ctx, incidentID, id, "")
}

// Statement loads the statement and locks it until the transaction ends,
// so that two approvals or publishes of it wait for each other.
func (t publishTx) Statement(ctx context.Context, incidentID, id int64) (*publish.Statement, error) {
	return t.statement(ctx, incidentID, id, t.lock("s"))
}

// Statements lists an incident's statements, newest first.
func (s publishStore) Statements(ctx context.Context, incidentID int64) ([]publish.Statement, error) {
	out, err := queryAll(ctx, s.db.reader(), scanStatement, statementSelect+` WHERE incident_id = ? ORDER BY id DESC`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the statements of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// PublishedStatements lists what the public site shows, newest first.
func (s publishStore) PublishedStatements(ctx context.Context) ([]publish.Statement, error) {
	out, err := queryAll(ctx, s.db.reader(), scanStatement, statementSelect+` WHERE `+publishedStatesCond+`
		ORDER BY published_at DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the published statements: %w", err)
	}
	return out, nil
}

// statementArgs are the columns from kind to published_at but author_id
// and created_at, as both AddStatement and UpdateStatement write them.
func (t publishTx) statementArgs(s *publish.Statement) (texts, components string, err error) {
	if texts, err = mapArg(s.Texts); err != nil {
		return "", "", err
	}
	components, err = jsonArg(nonNil(s.Components))
	return texts, components, err
}

// AddStatement inserts the statement; sets ID. A public ID taken is a
// Conflict found without an error inside the transaction, which stays
// usable for another try.
func (t publishTx) AddStatement(ctx context.Context, s *publish.Statement) error {
	texts, components, err := t.statementArgs(s)
	if err != nil {
		return fmt.Errorf("sqlstore: add a statement to incident %d: %w", s.IncidentID, err)
	}
	args := []any{s.IncidentID, s.PublicID, string(s.Kind), string(s.Phase), texts, components, s.Replaces,
		string(s.State), idArg(s.AuthorID), t.time(s.CreatedAt), t.time(s.UpdatedAt), idArg(s.ApprovedBy),
		t.nullTime(s.ApprovedAt), idArg(s.PublishedBy), t.nullTime(s.PublishedAt)}
	err = t.queryRow(ctx, `INSERT INTO publish_statements (incident_id, public_id, kind, phase, texts, components,
		replaces, state, author_id, created_at, updated_at, approved_by, approved_at, published_by, published_at)
		VALUES (`+marks(len(args))+`) ON CONFLICT DO NOTHING RETURNING id`, args...).Scan(&s.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.Conflict, errStatementIDTaken)
	}
	if err != nil {
		return t.writeErr(err, errStatementIDTaken, "add a statement to incident %d", s.IncidentID)
	}
	return nil
}

// UpdateStatement stores what may change of a statement.
func (t publishTx) UpdateStatement(ctx context.Context, s *publish.Statement) error {
	texts, components, err := t.statementArgs(s)
	if err != nil {
		return fmt.Errorf("sqlstore: update statement %d: %w", s.ID, err)
	}
	err = t.execOne(ctx, errNoStatement, `UPDATE publish_statements SET phase = ?, texts = ?, components = ?,
		replaces = ?, state = ?, updated_at = ?, approved_by = ?, approved_at = ?, published_by = ?, published_at = ?
		WHERE incident_id = ? AND id = ?`,
		string(s.Phase), texts, components, s.Replaces, string(s.State), t.time(s.UpdatedAt), idArg(s.ApprovedBy),
		t.nullTime(s.ApprovedAt), idArg(s.PublishedBy), t.nullTime(s.PublishedAt), s.IncidentID, s.ID)
	if err != nil {
		return t.writeErr(err, "", "update statement %d", s.ID)
	}
	return nil
}

func scanListing(row rowScanner) (l publish.Listing, err error) {
	err = row.Scan(&l.IncidentID, &l.PublicID, scanJSON(&l.Titles), &l.Impact, &l.Public, scanTime(&l.CreatedAt),
		scanTime(&l.UpdatedAt))
	l.Titles = noEmptyMap(l.Titles)
	return l, err
}

func (c conn) listing(ctx context.Context, incidentID int64, lock string) (*publish.Listing, error) {
	l, err := scanListing(c.queryRow(ctx, listingSelectAliased+` WHERE l.incident_id = ?`+lock, incidentID))
	if err != nil {
		return nil, readErr(err, errNoListing, "load the listing of incident %d", incidentID)
	}
	return &l, nil
}

func (s publishStore) Listing(ctx context.Context, incidentID int64) (*publish.Listing, error) {
	return s.db.reader().listing(ctx, incidentID, "")
}

func (t publishTx) Listing(ctx context.Context, incidentID int64) (*publish.Listing, error) {
	return t.listing(ctx, incidentID, t.lock("l"))
}

func (s publishStore) Listings(ctx context.Context) ([]publish.Listing, error) {
	out, err := queryAll(ctx, s.db.reader(), scanListing, listingSelect+` ORDER BY incident_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list the listings: %w", err)
	}
	return out, nil
}

// SaveListing inserts or updates the listing. The stored public ID and
// creation time win over l's once the row exists; l gets them back.
func (t publishTx) SaveListing(ctx context.Context, l *publish.Listing) error {
	titles, err := mapArg(l.Titles)
	if err != nil {
		return fmt.Errorf("sqlstore: save the listing of incident %d: %w", l.IncidentID, err)
	}
	err = t.queryRow(ctx, `INSERT INTO publish_listings (incident_id, public_id, titles, impact, public, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (incident_id) DO UPDATE SET titles = excluded.titles, impact = excluded.impact,
		public = excluded.public, updated_at = excluded.updated_at
		RETURNING public_id, created_at`,
		l.IncidentID, l.PublicID, titles, string(l.Impact), t.d.Bool(l.Public), t.time(l.CreatedAt), t.time(l.UpdatedAt)).
		Scan(&l.PublicID, scanTime(&l.CreatedAt))
	if err != nil {
		return t.writeErr(err, errListingIDTaken, "save the listing of incident %d", l.IncidentID)
	}
	return nil
}
