package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

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
	_ people.Tx    = (*peopleTx)(nil)
)

func (s peopleStore) Update(ctx context.Context, fn func(people.Tx) error) error {
	s.db.prepare(ctx, insertPersonQuery, insertPersonsQuery, insertKeysQuery)
	return s.db.update(ctx, func(t *tx) error {
		pt := &peopleTx{tx: t}
		if err := fn(pt); err != nil {
			return err
		}
		return pt.flush(ctx)
	})
}

const (
	errNoPerson  = "no such person in the register"
	errNoSegment = "no such segment"
	// eachPage is how many persons EachPerson reads at a time.
	eachPage = 1000
	// lookupBatch bounds the hashes of one lookup query.
	lookupBatch = 500
	// indexBatch is the number of index rows of one INSERT: a chunk's
	// rows are written a batch at a time by one prepared statement.
	indexBatch = 250
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

const personByID = `SELECT ` + personColumns + ` FROM people_persons WHERE incident_id = ? AND id = ?`

func (c conn) person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	return loadPerson(c.queryRow(ctx, personByID, incidentID, id), incidentID, id)
}

func loadPerson(row rowScanner, incidentID, id int64) (*people.Row, error) {
	r, err := scanPerson(row)
	if err != nil {
		return nil, readErr(err, errNoPerson, "load person %d of incident %d", id, incidentID)
	}
	return &r, nil
}

// Person is read through a prepared statement: the sending loop reads one
// person per message.
func (s peopleStore) Person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	return loadPerson(s.db.readPrepared(ctx, personByID, incidentID, id), incidentID, id)
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

// PersonsByID returns the persons of ids that exist, by ID.
func (s peopleStore) PersonsByID(ctx context.Context, incidentID int64, ids []int64) ([]people.Row, error) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var out []people.Row
	for start := 0; start < len(ids); start += lookupBatch {
		batch := ids[start:min(start+lookupBatch, len(ids))]
		args := make([]any, 0, len(batch)+1)
		args = append(args, incidentID)
		for _, id := range batch {
			args = append(args, id)
		}
		rows, err := queryAll(ctx, s.db.reader(), scanPerson, `SELECT `+personColumns+` FROM people_persons
			WHERE incident_id = ? AND id IN (`+marks(len(batch))+`) ORDER BY id`, args...)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: load persons of incident %d: %w", incidentID, err)
		}
		out = append(out, rows...)
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
			args = append(args, indexHash(k.Hash))
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

// marks is n comma-separated placeholders.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// FileID returns the ID of the incident's source file path, adding it on
// first sight.
func (t *peopleTx) FileID(ctx context.Context, incidentID int64, path string) (int64, error) {
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
