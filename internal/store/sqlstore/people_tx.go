package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/people"
)

// peopleTx is a transaction of the register. Every change of a person goes
// through it, so it keeps the tallies (people.RowTallies of the rows
// before and after) and writes them, with the register's version, when
// the transaction's work is done. Index rows of new persons are gathered
// and written a batch at a time: an import adds thousands of persons per
// transaction, and a few large INSERTs cost far less than one per person.
// Whatever reads or changes the index writes the gathered rows first, so
// the transaction always sees its own writes.
type peopleTx struct {
	*tx
	keys    []pendingKey
	tallies map[tallyKey]int64
	// changed are the incidents whose persons this transaction changed.
	changed map[int64]bool
}

type pendingKey struct {
	incidentID, personID int64
	hash                 []byte
}

type tallyKey struct {
	incidentID int64
	dim, item  string
}

// indexHash is what the index keeps of a hash: its first IndexSize bytes.
// Lookups cut the same way, so a longer key (of an older caller) finds
// what it stored.
func indexHash(h []byte) []byte { return h[:min(len(h), people.IndexSize)] }

const insertPersonQuery = `INSERT INTO people_persons (incident_id, sealed, language, country, state, categories,
	file_ids, has_email, has_phone, has_address, record_count, from_crm, erased, erased_at, created_at, updated_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`

// insertKeysQuery writes indexBatch index rows.
var insertKeysQuery = keysInsert(indexBatch)

func keysInsert(n int) string {
	return `INSERT INTO people_index (incident_id, hash, person_id) VALUES ` +
		strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
}

func (t *peopleTx) Person(ctx context.Context, incidentID, id int64) (*people.Row, error) {
	return t.person(ctx, incidentID, id)
}

func (t *peopleTx) Lookup(ctx context.Context, incidentID int64, keys []people.IndexKey) ([]int64, error) {
	if err := t.flushKeys(ctx); err != nil {
		return nil, err
	}
	return t.lookup(ctx, incidentID, keys)
}

// personArgs are the columns after id and incident_id, in personColumns'
// order.
func (t *peopleTx) personArgs(r *people.Row) ([]any, error) {
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
func (t *peopleTx) AddPerson(ctx context.Context, r *people.Row, keys []people.IndexKey) error {
	args, err := t.personArgs(r)
	if err != nil {
		return fmt.Errorf("sqlstore: add person to incident %d: %w", r.IncidentID, err)
	}
	err = t.queryRowPrepared(ctx, insertPersonQuery, append([]any{r.IncidentID}, args...)...).Scan(&r.ID)
	if err != nil {
		return t.writeErr(err, "", "add person to incident %d", r.IncidentID)
	}
	t.count(r, 1)
	t.addKeys(r.IncidentID, r.ID, keys)
	return nil
}

// personsBatch is the number of rows of one multi-row person INSERT.
const personsBatch = 50

// insertPersonsQuery inserts personsBatch rows.
var insertPersonsQuery = personsInsert(personsBatch)

// personsInsert inserts n rows and returns each one's ID with its sealed
// contact, which tells the rows apart whatever order the database returns
// them in (a random nonce makes every sealed value unique).
func personsInsert(n int) string {
	head, _, _ := strings.Cut(insertPersonQuery, "VALUES")
	row := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), "
	return head + "VALUES " + strings.TrimSuffix(strings.Repeat(row, n), ", ") + " RETURNING id, sealed"
}

// AddPersons inserts rows and their index keys, personsBatch rows per
// statement; sets their IDs. Rows whose sealed contacts do not tell them
// apart (none, or two alike) are added one by one.
func (t *peopleTx) AddPersons(ctx context.Context, rows []*people.Row, keys [][]people.IndexKey) error {
	if len(keys) != len(rows) {
		return fmt.Errorf("sqlstore: add persons: %d rows and %d key lists", len(rows), len(keys))
	}
	for start := 0; start < len(rows); start += personsBatch {
		end := min(start+personsBatch, len(rows))
		part := rows[start:end]
		bySealed := make(map[string]int, len(part))
		for i, r := range part {
			bySealed[string(r.Sealed)] = i
		}
		if len(bySealed) != len(part) || slices.ContainsFunc(part, func(r *people.Row) bool { return len(r.Sealed) == 0 }) {
			for i, r := range part {
				if err := t.AddPerson(ctx, r, keys[start+i]); err != nil {
					return err
				}
			}
			continue
		}
		args := make([]any, 0, 16*len(part))
		for _, r := range part {
			a, err := t.personArgs(r)
			if err != nil {
				return fmt.Errorf("sqlstore: add persons to incident %d: %w", r.IncidentID, err)
			}
			args = append(append(args, r.IncidentID), a...)
			r.ID = 0
		}
		var res *sql.Rows
		var err error
		if len(part) == personsBatch {
			res, err = t.queryPrepared(ctx, insertPersonsQuery, args...)
		} else {
			res, err = t.query(ctx, personsInsert(len(part)), args...)
		}
		if err != nil {
			return t.writeErr(err, "", "add persons to incident %d", part[0].IncidentID)
		}
		for res.Next() {
			var id int64
			var sealed []byte
			if err := res.Scan(&id, &sealed); err != nil {
				res.Close()
				return t.writeErr(err, "", "add persons to incident %d", part[0].IncidentID)
			}
			if i, ok := bySealed[string(sealed)]; ok {
				part[i].ID = id
			}
		}
		if err := errors.Join(res.Err(), res.Close()); err != nil {
			return t.writeErr(err, "", "add persons to incident %d", part[0].IncidentID)
		}
		for i, r := range part {
			if r.ID == 0 {
				return fmt.Errorf("sqlstore: add persons to incident %d: no ID came back for a row", r.IncidentID)
			}
			t.count(r, 1)
			t.addKeys(r.IncidentID, r.ID, keys[start+i])
		}
	}
	return nil
}

// addKeys gathers a person's index keys, each hash once.
func (t *peopleTx) addKeys(incidentID, personID int64, keys []people.IndexKey) {
	first := len(t.keys)
	for _, k := range keys {
		h := indexHash(k.Hash)
		if !slices.ContainsFunc(t.keys[first:], func(p pendingKey) bool { return string(p.hash) == string(h) }) {
			t.keys = append(t.keys, pendingKey{incidentID: incidentID, personID: personID, hash: h})
		}
	}
}

// flushKeys writes the gathered index rows, in the index's order (fewer
// page splits and revisits than the order they came in).
func (t *peopleTx) flushKeys(ctx context.Context) error {
	if len(t.keys) == 0 {
		return nil
	}
	keys := t.keys
	t.keys = nil
	slices.SortFunc(keys, func(a, b pendingKey) int {
		if a.incidentID != b.incidentID {
			return cmpInt(a.incidentID, b.incidentID)
		}
		if c := strings.Compare(string(a.hash), string(b.hash)); c != 0 {
			return c
		}
		return cmpInt(a.personID, b.personID)
	})
	args := make([]any, 0, 3*indexBatch)
	for start := 0; start < len(keys); start += indexBatch {
		batch := keys[start:min(start+indexBatch, len(keys))]
		args = args[:0]
		for _, k := range batch {
			args = append(args, k.incidentID, k.hash, k.personID)
		}
		var err error
		if len(batch) == indexBatch {
			_, err = t.execPrepared(ctx, insertKeysQuery, args...)
		} else {
			_, err = t.exec(ctx, keysInsert(len(batch)), args...)
		}
		if err != nil {
			return t.writeErr(err, "", "index persons of incident %d", batch[0].incidentID)
		}
	}
	return nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// UpdatePerson replaces the row and all its index keys.
func (t *peopleTx) UpdatePerson(ctx context.Context, r *people.Row, keys []people.IndexKey) error {
	old, err := t.person(ctx, r.IncidentID, r.ID)
	if err != nil {
		return err
	}
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
	t.count(old, -1)
	t.count(r, 1)
	if err := t.dropKeys(ctx, r.IncidentID, r.ID); err != nil {
		return err
	}
	t.addKeys(r.IncidentID, r.ID, keys)
	return nil
}

// dropKeys removes a person's index rows, written or gathered.
func (t *peopleTx) dropKeys(ctx context.Context, incidentID, id int64) error {
	if err := t.flushKeys(ctx); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM people_index WHERE incident_id = ? AND person_id = ?`, incidentID, id); err != nil {
		return t.writeErr(err, "", "drop the index of person %d", id)
	}
	return nil
}

// DeletePerson removes a person that was merged into another; its index
// keys go with it (ON DELETE CASCADE, and explicitly for clarity).
func (t *peopleTx) DeletePerson(ctx context.Context, incidentID, id int64) error {
	old, err := t.person(ctx, incidentID, id)
	if err != nil {
		return err
	}
	if err := t.dropKeys(ctx, incidentID, id); err != nil {
		return err
	}
	if err := t.execOne(ctx, errNoPerson, `DELETE FROM people_persons WHERE incident_id = ? AND id = ?`, incidentID, id); err != nil {
		return t.writeErr(err, "", "delete person %d", id)
	}
	t.count(old, -1)
	return nil
}

// ErasePerson drops the sealed contact and the index keys and marks the
// row erased; the clear-text counts stay.
func (t *peopleTx) ErasePerson(ctx context.Context, incidentID, id int64, at time.Time) error {
	old, err := t.person(ctx, incidentID, id)
	if err != nil {
		return err
	}
	err = t.execOne(ctx, errNoPerson, `UPDATE people_persons SET sealed = NULL, erased = ?, erased_at = ?, updated_at = ?
		WHERE incident_id = ? AND id = ?`, t.d.Bool(true), t.time(at), t.time(at), incidentID, id)
	if err != nil {
		return t.writeErr(err, "", "erase person %d", id)
	}
	t.count(old, -1)
	erased := *old
	erased.Erased = true
	t.count(&erased, 1)
	return t.dropKeys(ctx, incidentID, id)
}

// count adds a row's tallies times sign to the pending ones.
func (t *peopleTx) count(r *people.Row, sign int64) {
	if t.tallies == nil {
		t.tallies, t.changed = map[tallyKey]int64{}, map[int64]bool{}
	}
	t.changed[r.IncidentID] = true
	people.RowTallies(r, func(dim, item string, n int64) {
		t.tallies[tallyKey{incidentID: r.IncidentID, dim: dim, item: item}] += sign * n
	})
}

// flush writes what is gathered: the index rows, then the tallies and a
// new version of each changed register.
func (t *peopleTx) flush(ctx context.Context) error {
	if err := t.flushKeys(ctx); err != nil {
		return err
	}
	if len(t.changed) == 0 {
		return nil
	}
	for id := range t.changed {
		t.tallies[tallyKey{incidentID: id, dim: people.TallyVersion}]++
	}
	keys := make([]tallyKey, 0, len(t.tallies))
	for k, n := range t.tallies {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	// One order for every writer, so two PostgreSQL transactions never
	// wait on each other's rows crosswise.
	slices.SortFunc(keys, func(a, b tallyKey) int {
		if a.incidentID != b.incidentID {
			return cmpInt(a.incidentID, b.incidentID)
		}
		if c := strings.Compare(a.dim, b.dim); c != 0 {
			return c
		}
		return strings.Compare(a.item, b.item)
	})
	const batch = 100
	for start := 0; start < len(keys); start += batch {
		part := keys[start:min(start+batch, len(keys))]
		args := make([]any, 0, 4*len(part))
		for _, k := range part {
			args = append(args, k.incidentID, k.dim, k.item, t.tallies[k])
		}
		_, err := t.exec(ctx, `INSERT INTO people_tallies (incident_id, dim, item, n) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(part)), ", ")+`
			ON CONFLICT (incident_id, dim, item) DO UPDATE SET n = people_tallies.n + excluded.n`, args...)
		if err != nil {
			return t.writeErr(err, "", "count the register of incident %d", part[0].incidentID)
		}
	}
	t.tallies, t.changed = nil, nil
	return nil
}

// Tallies returns the register's counts.
func (s peopleStore) Tallies(ctx context.Context, incidentID int64) ([]people.Tally, error) {
	out, err := queryAll(ctx, s.db.reader(), func(row rowScanner) (t people.Tally, err error) {
		err = row.Scan(&t.Dim, &t.Item, &t.N)
		return t, err
	}, `SELECT dim, item, n FROM people_tallies WHERE incident_id = ? AND n <> 0 ORDER BY dim, item`, incidentID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the register of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// queryPrepared is query through the prepared statement when there is one.
func (t *peopleTx) queryPrepared(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.query(ctx, query, args...)
}
