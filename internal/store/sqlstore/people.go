package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// People returns the store of the register of affected persons. Contact
// data reaches it sealed; nothing here can read it, and no error below
// quotes a sealed value or an index hash.
func (db *DB) People() people.Store { return peopleStore{db} }

type peopleStore struct{ db *DB }

var (
	_ people.Store = peopleStore{}
	_ people.Tx    = (*tx)(nil)
)

func (s peopleStore) Update(ctx context.Context, fn func(people.Tx) error) error {
	return s.db.update(ctx, func(t *tx) error { return fn(t) })
}

const (
	errNoPerson  = "no such person in the register"
	errNoSegment = "no such segment"
	// eachPage is how many persons EachPerson reads at a time.
	eachPage = 1000
	// lookupBatch bounds the hashes of one lookup query.
	lookupBatch = 500
	// indexBatch bounds the index rows of one INSERT.
	indexBatch = 200
)

const personColumns = `id, incident_id, sealed, language, country, state, categories, file_ids, has_email, has_phone,
	has_address, record_count, from_crm, erased, erased_at, created_at, updated_at`

func scanPerson(row rowScanner) (r people.Row, err error) {
	var cats, files string
	err = row.Scan(&r.ID, &r.IncidentID, &r.Sealed, &r.Language, &r.Country, &r.State, &cats, &files, &r.HasEmail,
		&r.HasPhone, &r.HasAddress, &r.RecordCount, &r.FromCRM, &r.Erased, scanNullTime(&r.ErasedAt),
		scanTime(&r.CreatedAt), scanTime(&r.UpdatedAt))
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(cats), &r.Categories); err != nil {
		return r, fmt.Errorf("categories of person %d do not decode", r.ID)
	}
	if err := json.Unmarshal([]byte(files), &r.FileIDs); err != nil {
		return r, fmt.Errorf("file IDs of person %d do not decode", r.ID)
	}
	return r, nil
}

func (c conn) person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	r, err := scanPerson(c.queryRow(ctx, `SELECT `+personColumns+` FROM people_persons WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoPerson, "load person %d of incident %d", id, incidentID)
	}
	return &r, nil
}

func (s peopleStore) Person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	return s.db.reader().person(ctx, incidentID, id)
}

func (t *tx) Person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	return t.person(ctx, incidentID, id)
}

// Persons lists up to limit persons with ID > after, by ID.
func (s peopleStore) Persons(ctx context.Context, incidentID, after int64, limit int) ([]people.Row, error) {
	out, err := queryAll(ctx, s.db.reader(), scanPerson, `SELECT `+personColumns+` FROM people_persons
		WHERE incident_id = ? AND id > ? ORDER BY id LIMIT ?`, incidentID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list persons of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// EachPerson reads the register a page at a time, so neither memory nor a
// connection is held for the whole pass.
func (s peopleStore) EachPerson(ctx context.Context, incidentID int64, fn func(*people.Row) error) error {
	after := int64(0)
	for {
		rows, err := s.Persons(ctx, incidentID, after, eachPage)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
		if len(rows) < eachPage {
			return nil
		}
		after = rows[len(rows)-1].ID
	}
}

func (c conn) lookup(ctx context.Context, incidentID int64, keys []people.IndexKey) ([]int64, error) {
	seen := map[int64]bool{}
	var out []int64
	for start := 0; start < len(keys); start += lookupBatch {
		batch := keys[start:min(start+lookupBatch, len(keys))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, incidentID)
		for _, k := range batch {
			args = append(args, k.Hash)
		}
		rows, err := c.query(ctx, `SELECT DISTINCT person_id FROM people_index WHERE incident_id = ? AND hash IN (`+
			marks(len(batch))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: look up persons of incident %d: %w", incidentID, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlstore: look up persons of incident %d: %w", incidentID, err)
			}
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlstore: look up persons of incident %d: %w", incidentID, err)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (s peopleStore) Lookup(ctx context.Context, incidentID int64, keys []people.IndexKey) ([]int64, error) {
	return s.db.reader().lookup(ctx, incidentID, keys)
}

func (t *tx) Lookup(ctx context.Context, incidentID int64, keys []people.IndexKey) ([]int64, error) {
	return t.lookup(ctx, incidentID, keys)
}

// marks is n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// personArgs are the columns after id and incident_id, in personColumns'
// order.
func (t *tx) personArgs(r *people.Row) ([]any, error) {
	cats, err := json.Marshal(nonNil(r.Categories))
	if err != nil {
		return nil, err
	}
	files, err := json.Marshal(nonNil(r.FileIDs))
	if err != nil {
		return nil, err
	}
	return []any{r.Sealed, r.Language, r.Country, r.State, string(cats), string(files), t.d.Bool(r.HasEmail),
		t.d.Bool(r.HasPhone), t.d.Bool(r.HasAddress), r.RecordCount, t.d.Bool(r.FromCRM), t.d.Bool(r.Erased),
		t.nullTime(r.ErasedAt), t.time(r.CreatedAt), t.time(r.UpdatedAt)}, nil
}

// AddPerson inserts the row and its index keys; sets ID.
func (t *tx) AddPerson(ctx context.Context, r *people.Row, keys []people.IndexKey) error {
	args, err := t.personArgs(r)
	if err != nil {
		return fmt.Errorf("sqlstore: add person to incident %d: %w", r.IncidentID, err)
	}
	err = t.queryRow(ctx, `INSERT INTO people_persons (incident_id, sealed, language, country, state, categories,
		file_ids, has_email, has_phone, has_address, record_count, from_crm, erased, erased_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, append([]any{r.IncidentID}, args...)...).Scan(&r.ID)
	if err != nil {
		return t.writeErr(err, "", "add person to incident %d", r.IncidentID)
	}
	return t.insertKeys(ctx, r.IncidentID, r.ID, keys)
}

// insertKeys stores a person's index keys, a few hundred per statement,
// each hash once.
func (t *tx) insertKeys(ctx context.Context, incidentID, personID int64, keys []people.IndexKey) error {
	seen := make(map[string]bool, len(keys))
	unique := keys[:0:0]
	for _, k := range keys {
		if !seen[string(k.Hash)] {
			seen[string(k.Hash)] = true
			unique = append(unique, k)
		}
	}
	for start := 0; start < len(unique); start += indexBatch {
		batch := unique[start:min(start+indexBatch, len(unique))]
		args := make([]any, 0, 4*len(batch))
		for _, k := range batch {
			args = append(args, incidentID, k.Hash, personID, string(k.Kind))
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(batch)), ", ")
		if _, err := t.exec(ctx, `INSERT INTO people_index (incident_id, hash, person_id, kind) VALUES `+values, args...); err != nil {
			return t.writeErr(err, "", "index person %d", personID)
		}
	}
	return nil
}

// UpdatePerson replaces the row and all its index keys.
func (t *tx) UpdatePerson(ctx context.Context, r *people.Row, keys []people.IndexKey) error {
	args, err := t.personArgs(r)
	if err != nil {
		return fmt.Errorf("sqlstore: change person %d: %w", r.ID, err)
	}
	err = t.execOne(ctx, errNoPerson, `UPDATE people_persons SET sealed = ?, language = ?, country = ?, state = ?,
		categories = ?, file_ids = ?, has_email = ?, has_phone = ?, has_address = ?, record_count = ?, from_crm = ?,
		erased = ?, erased_at = ?, created_at = ?, updated_at = ? WHERE incident_id = ? AND id = ?`,
		append(args, r.IncidentID, r.ID)...)
	if err != nil {
		return t.writeErr(err, "", "change person %d", r.ID)
	}
	if _, err := t.exec(ctx, `DELETE FROM people_index WHERE person_id = ?`, r.ID); err != nil {
		return t.writeErr(err, "", "drop the index of person %d", r.ID)
	}
	return t.insertKeys(ctx, r.IncidentID, r.ID, keys)
}

// DeletePerson removes a person that was merged into another; its index
// keys go with it (ON DELETE CASCADE, and explicitly for clarity).
func (t *tx) DeletePerson(ctx context.Context, incidentID, id int64) error {
	if _, err := t.exec(ctx, `DELETE FROM people_index WHERE incident_id = ? AND person_id = ?`, incidentID, id); err != nil {
		return t.writeErr(err, "", "drop the index of person %d", id)
	}
	if err := t.execOne(ctx, errNoPerson, `DELETE FROM people_persons WHERE incident_id = ? AND id = ?`, incidentID, id); err != nil {
		return t.writeErr(err, "", "delete person %d", id)
	}
	return nil
}

// ErasePerson drops the sealed contact and the index keys and marks the
// row erased; the clear-text counts stay.
func (t *tx) ErasePerson(ctx context.Context, incidentID, id int64, at time.Time) error {
	err := t.execOne(ctx, errNoPerson, `UPDATE people_persons SET sealed = NULL, erased = ?, erased_at = ?, updated_at = ?
		WHERE incident_id = ? AND id = ?`, t.d.Bool(true), t.time(at), t.time(at), incidentID, id)
	if err != nil {
		return t.writeErr(err, "", "erase person %d", id)
	}
	if _, err := t.exec(ctx, `DELETE FROM people_index WHERE incident_id = ? AND person_id = ?`, incidentID, id); err != nil {
		return t.writeErr(err, "", "drop the index of person %d", id)
	}
	return nil
}

// FileID returns the ID of the incident's source file path, adding it on
// first sight.
func (t *tx) FileID(ctx context.Context, incidentID int64, path string) (int64, error) {
	var id int64
	err := t.queryRow(ctx, `SELECT id FROM people_files WHERE incident_id = ? AND path = ?`, incidentID, path).Scan(&id)
	if err == nil {
		return id, nil
	}
	if rerr := readErr(err, "", "find a source file of incident %d", incidentID); !errs.Is(rerr, errs.NotFound) {
		return 0, rerr
	}
	err = t.queryRow(ctx, `INSERT INTO people_files (incident_id, path) VALUES (?, ?) RETURNING id`, incidentID, path).Scan(&id)
	if err != nil {
		return 0, t.writeErr(err, "", "add a source file to incident %d", incidentID)
	}
	return id, nil
}

func (s peopleStore) Files(ctx context.Context, incidentID int64) ([]people.File, error) {
	out, err := queryAll(ctx, s.db.reader(), func(row rowScanner) (f people.File, err error) {
		err = row.Scan(&f.ID, &f.IncidentID, &f.Path)
		return f, err
	}, `SELECT id, incident_id, path FROM people_files WHERE incident_id = ? ORDER BY path, id`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list source files of incident %d: %w", incidentID, err)
	}
	return out, nil
}
