package people

import (
	"context"
	"slices"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// importer merges what an import brings into the register, in
// transactions of a chunk each, and counts what it did.
type importer struct {
	s  *Service
	id int64
	// files caches the incident's source file IDs by path.
	files map[string]int64
	// recordPerson remembers the person each record went into, so that a
	// record whose findings come in two parts (a large document) stays one
	// person. Hashes and IDs only: 16 bytes a record.
	recordPerson map[uint64]int64
	// redirect maps a person merged away in this import to the one it
	// went into.
	redirect map[int64]int64
	// firstNew is the ID of the first person this import added: IDs only
	// grow, so every person with an ID below it was there before.
	firstNew int64
	created  int64
	// touched are the persons that were there before and that this import
	// found: true when it changed them.
	touched   map[int64]bool
	lines     int64
	problems  int64
	unlinked  int64 // findings records without a linking identifier
	unmatched int64 // CRM rows that matched no one
}

func newImporter(s *Service, id int64) *importer {
	return &importer{
		s: s, id: id, files: map[string]int64{}, recordPerson: map[uint64]int64{},
		redirect: map[int64]int64{}, touched: map[int64]bool{},
	}
}

// problem counts a bad line or row and lists the first ones.
func (im *importer) problem(res *ImportResult, where, reason string) {
	im.problems++
	if len(res.Problems) < maxProblems {
		res.Problems = append(res.Problems, ImportProblem{Where: where, Reason: reason})
	}
}

// finish sums the import up.
func (im *importer) finish(kind, name, sha string, by int64) Import {
	var updated, unchanged int64
	for _, changed := range im.touched {
		if changed {
			updated++
		} else {
			unchanged++
		}
	}
	return Import{
		IncidentID: im.id, Kind: kind, Name: name, SHA256: sha, Lines: im.lines, Created: im.created,
		Updated: updated, Unchanged: unchanged, Problems: im.problems, ByUserID: by, At: im.s.now(),
	}
}

// resolve follows merges to the person an ID ended in.
func (im *importer) resolve(id int64) int64 {
	for {
		next, ok := im.redirect[id]
		if !ok {
			return id
		}
		id = next
	}
}

func (im *importer) isNew(id int64) bool { return im.firstNew != 0 && id >= im.firstNew }

// fileID returns the ID of a source file path, adding it on first sight.
func (im *importer) fileID(ctx context.Context, tx Tx, path string) (int64, error) {
	if id, ok := im.files[path]; ok {
		return id, nil
	}
	id, err := tx.FileID(ctx, im.id, path)
	if err != nil {
		return 0, err
	}
	im.files[path] = id
	return id, nil
}

// add stores a new person.
func (im *importer) add(ctx context.Context, tx Tx, e *entry) error {
	if err := im.prepare(e); err != nil {
		return err
	}
	if err := tx.AddPerson(ctx, &e.row, im.s.keys.IndexKeys(&e.contact)); err != nil {
		return err
	}
	im.added(e)
	return nil
}

// addAll stores new persons, all in one go.
func (im *importer) addAll(ctx context.Context, tx Tx, es []*entry) error {
	rows := make([]*Row, len(es))
	keys := make([][]IndexKey, len(es))
	for i, e := range es {
		if err := im.prepare(e); err != nil {
			return err
		}
		rows[i], keys[i] = &e.row, im.s.keys.IndexKeys(&e.contact)
	}
	if err := tx.AddPersons(ctx, rows, keys); err != nil {
		return err
	}
	for _, e := range es {
		im.added(e)
	}
	return nil
}

// prepare makes a new person's row: times, place, sealed contact.
func (im *importer) prepare(e *entry) error {
	now := im.s.now()
	e.row.ID, e.row.IncidentID, e.row.CreatedAt, e.row.UpdatedAt = 0, im.id, now, now
	e.guessPlace()
	return im.s.seal(e)
}

// added counts a person stored by add or addAll.
func (im *importer) added(e *entry) {
	if im.firstNew == 0 {
		im.firstNew = e.row.ID
	}
	im.created++
}

// merge folds e into the persons with ids (all of them one person, as the
// new data shows), keeping the lowest ID and deleting the others. change
// applies what the import knows better (a CRM row) after the merge. It
// returns the ID the person has now.
func (im *importer) merge(ctx context.Context, tx Tx, ids []int64, e *entry, change func(*entry)) (int64, error) {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	var base *entry
	var before []byte
	var others []*entry
	for _, id := range ids {
		r, err := tx.Person(ctx, im.id, id)
		if err != nil {
			return 0, err
		}
		if r.Erased {
			continue // erased on request: never filled again
		}
		o, err := im.s.open(r)
		if err != nil {
			return 0, err
		}
		if base == nil {
			base, before = o, o.fingerprint()
			continue
		}
		others = append(others, o)
	}
	if base == nil {
		if change != nil {
			change(e)
		}
		if err := im.add(ctx, tx, e); err != nil {
			return 0, err
		}
		return e.row.ID, nil
	}
	for _, o := range others {
		base.absorb(o)
	}
	if e != nil {
		base.absorb(e)
	}
	if change != nil {
		change(base)
	}
	base.guessPlace()
	changed := len(others) > 0 || !sameBytes(before, base.fingerprint())
	im.touch(base.row.ID, changed)
	if !changed {
		return base.row.ID, nil
	}
	base.row.UpdatedAt = im.s.now()
	if err := im.s.seal(base); err != nil {
		return 0, err
	}
	if err := tx.UpdatePerson(ctx, &base.row, im.s.keys.IndexKeys(&base.contact)); err != nil {
		return 0, err
	}
	for _, o := range others {
		if err := tx.DeletePerson(ctx, im.id, o.row.ID); err != nil {
			return 0, err
		}
		im.redirect[o.row.ID] = base.row.ID
		if im.isNew(o.row.ID) {
			im.created--
		} else {
			im.touch(o.row.ID, true)
		}
	}
	return base.row.ID, nil
}

// touch notes that a person that was there before was found, and whether
// it changed.
func (im *importer) touch(id int64, changed bool) {
	if im.isNew(id) {
		return
	}
	im.touched[id] = im.touched[id] || changed
}

// recordImport stores the import's row, its audit entry (counts only) and
// a timeline entry.
func (s *Service) recordImport(ctx context.Context, a auth.Actor, id int64, im *Import, detail map[string]any) error {
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.AddImport(ctx, im); err != nil {
			return err
		}
		d := map[string]any{"kind": im.Kind, "lines": im.Lines, "created": im.Created, "updated": im.Updated,
			"unchanged": im.Unchanged, "problems": im.Problems}
		for k, v := range detail {
			d[k] = v
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "people.import", ObjectType: "people_import", ObjectID: im.ID, Detail: d}); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "people_imported", Args: map[string]string{
			"kind": im.Kind, "created": strconv.FormatInt(im.Created, 10), "updated": strconv.FormatInt(im.Updated, 10),
			"problems": strconv.FormatInt(im.Problems, 10)}}
		return s.systemEntry(ctx, tx, a, id, ev)
	})
}
