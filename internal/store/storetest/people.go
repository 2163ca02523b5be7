package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

var peopleScenarios = []scenario{
	{"people/a person survives a round trip, every field", testPersonRoundTrip},
	{"people/persons page by ID and a pass includes the erased", testPersonsPaging},
	{"people/lookup finds by blind index within the incident only", testPeopleLookup},
	{"people/an update replaces the index keys", testPersonUpdateReplacesKeys},
	{"people/a merged person is deleted with its keys", testPersonDelete},
	{"people/erasing drops the sealed contact and the keys, keeps the counts", testPersonErase},
	{"people/source files get one ID per path", testPeopleFiles},
	{"people/imports come back newest first", testPeopleImports},
	{"people/segments are saved, renamed, refused a taken name, deleted", testPeopleSegments},
	{"people/the key check is stored once", testKeyCheck},
	{"people/a failed transaction stores none of it", testPeopleRollback},
	{"people/single-row reads and changes of a missing or another incident's row", testPeopleNotFound},
	{"people/tallies follow every change of a person, in its transaction", testPeopleTallies},
	{"people/persons by ID skip the missing and another incident's", testPersonsByID},
	{"people/a transaction sees the index rows it added", testPeopleIndexInTx},
	{"people/many persons added at once get their own IDs and keys", testAddPersons},
}

func updatePeople(t *testing.T, s Stores, fn func(ctx context.Context, tx people.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.People.Update(ctx, func(tx people.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("people update: %v", err)
	}
}

// key is a blind index entry for a made-up value.
func key(kind people.IndexKind, v string) people.IndexKey {
	h := sha256.Sum256([]byte(string(kind) + "\x00" + v))
	return people.IndexKey{Kind: kind, Hash: h[:]}
}

func fullRow(incidentID int64) *people.Row {
	return &people.Row{
		IncidentID: incidentID, Sealed: []byte{0, 1, 2, 0xff, 'x'}, Language: "de", Country: "US", State: "CA",
		Categories: []string{"email", "phone"}, FileIDs: []int64{3, 7}, HasEmail: true, HasPhone: true, HasAddress: true,
		RecordCount: 12, FromCRM: true, CreatedAt: t0, UpdatedAt: at(time.Hour),
	}
}

func addPerson(t *testing.T, s Stores, r *people.Row, keys ...people.IndexKey) *people.Row {
	t.Helper()
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.AddPerson(ctx, r, keys) })
	return r
}

func testPersonRoundTrip(t *testing.T, s Stores) {
	inc := newIncident(t, s, "leak")
	want := addPerson(t, s, fullRow(inc.ID), key(people.IndexEmail, "a@example.com"))
	if want.ID == 0 {
		t.Fatal("AddPerson set no ID")
	}
	got := must(s.People.Person(t.Context(), inc.ID, want.ID))(t)
	wantEqual(t, "person", got, want)

	bare := addPerson(t, s, &people.Row{IncidentID: inc.ID, CreatedAt: t0, UpdatedAt: t0})
	got = must(s.People.Person(t.Context(), inc.ID, bare.ID))(t)
	// Empty lists come back empty, not missing: the store keeps "[]".
	bare.Categories, bare.FileIDs = []string{}, []int64{}
	wantEqual(t, "bare person", got, bare)
}

func testPersonsPaging(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	var ids []int64
	for range 5 {
		ids = append(ids, addPerson(t, s, fullRow(inc.ID)).ID)
	}
	addPerson(t, s, fullRow(other.ID))
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		return tx.ErasePerson(ctx, inc.ID, ids[1], at(time.Hour))
	})
	page := must(s.People.Persons(ctx, inc.ID, ids[0], 2))(t)
	if len(page) != 2 || page[0].ID != ids[1] || page[1].ID != ids[2] {
		t.Fatalf("page after %d: %+v", ids[0], page)
	}
	var seen []int64
	err := s.People.EachPerson(ctx, inc.ID, func(r *people.Row) error { seen = append(seen, r.ID); return nil })
	if err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "each person", seen, ids)
	stop := errors.New("stop")
	n := 0
	err = s.People.EachPerson(ctx, inc.ID, func(*people.Row) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("EachPerson did not stop at the callback's error: %v after %d", err, n)
	}
}

func testPeopleLookup(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	mail, phone := key(people.IndexEmail, "a@example.com"), key(people.IndexPhone, "+4917012345678")
	a := addPerson(t, s, fullRow(inc.ID), mail, phone, mail) // a key twice is stored once
	b := addPerson(t, s, fullRow(inc.ID), phone)
	addPerson(t, s, fullRow(other.ID), mail)
	wantEqual(t, "by e-mail", must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{mail}))(t), []int64{a.ID})
	wantEqual(t, "by both", must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{phone, mail}))(t), []int64{a.ID, b.ID})
	if got := must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{key(people.IndexName, "x")}))(t); len(got) != 0 {
		t.Fatalf("unknown key found %v", got)
	}
	if got := must(s.People.Lookup(ctx, inc.ID, nil))(t); len(got) != 0 {
		t.Fatalf("no keys found %v", got)
	}
	// Many keys at once (an import's chunk) go through in batches.
	many := make([]people.IndexKey, 1200)
	for i := range many {
		many[i] = key(people.IndexEmail, string(rune('a'+i%26))+string(rune(i)))
	}
	many[1100] = mail
	wantEqual(t, "in a large batch", must(s.People.Lookup(ctx, inc.ID, many))(t), []int64{a.ID})
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		got, err := tx.Lookup(ctx, inc.ID, []people.IndexKey{mail})
		wantEqual(t, "in a transaction", got, []int64{a.ID})
		return err
	})
}

func testPersonUpdateReplacesKeys(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	old, fresh := key(people.IndexEmail, "old@example.com"), key(people.IndexEmail, "new@example.com")
	r := addPerson(t, s, fullRow(inc.ID), old)
	r.Sealed, r.Categories, r.FileIDs, r.RecordCount, r.Language = []byte("other"), []string{"iban"}, []int64{9}, 13, "en"
	r.UpdatedAt = at(2 * time.Hour)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		return tx.UpdatePerson(ctx, r, []people.IndexKey{fresh})
	})
	wantEqual(t, "person", must(s.People.Person(ctx, inc.ID, r.ID))(t), r)
	if got := must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{old}))(t); len(got) != 0 {
		t.Fatalf("the old key still finds %v", got)
	}
	wantEqual(t, "new key", must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{fresh}))(t), []int64{r.ID})
}

func testPersonDelete(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	k := key(people.IndexEmail, "a@example.com")
	r := addPerson(t, s, fullRow(inc.ID), k)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.DeletePerson(ctx, inc.ID, r.ID) })
	_, err := s.People.Person(ctx, inc.ID, r.ID)
	wantCode(t, err, errs.NotFound)
	if got := must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{k}))(t); len(got) != 0 {
		t.Fatalf("a deleted person's key still finds %v", got)
	}
}

func testPersonErase(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	k := key(people.IndexEmail, "a@example.com")
	r := addPerson(t, s, fullRow(inc.ID), k)
	when := at(3 * time.Hour)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.ErasePerson(ctx, inc.ID, r.ID, when) })
	got := must(s.People.Person(ctx, inc.ID, r.ID))(t)
	want := *r
	want.Sealed, want.Erased, want.ErasedAt, want.UpdatedAt = nil, true, &when, when
	wantEqual(t, "erased person", got, &want)
	if got := must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{k}))(t); len(got) != 0 {
		t.Fatalf("an erased person is still found: %v", got)
	}
}

func testPeopleFiles(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	var a, b, again, elsewhere int64
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) (err error) {
		if a, err = tx.FileID(ctx, inc.ID, "users/b.csv"); err != nil {
			return err
		}
		if b, err = tx.FileID(ctx, inc.ID, "users/a.csv"); err != nil {
			return err
		}
		if again, err = tx.FileID(ctx, inc.ID, "users/b.csv"); err != nil {
			return err
		}
		elsewhere, err = tx.FileID(ctx, other.ID, "users/b.csv")
		return err
	})
	if a != again || a == b || elsewhere == a {
		t.Fatalf("file IDs: %d %d %d %d", a, b, again, elsewhere)
	}
	wantEqual(t, "files", must(s.People.Files(ctx, inc.ID))(t), []people.File{
		{ID: b, IncidentID: inc.ID, Path: "users/a.csv"}, {ID: a, IncidentID: inc.ID, Path: "users/b.csv"}})
}

func testPeopleImports(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "resp@example.org", "Resp", auth.RoleResponder)
	inc := newIncident(t, s, "leak")
	first := &people.Import{IncidentID: inc.ID, Kind: "findings", Name: "f.jsonl", SHA256: "ab", Lines: 10, Created: 3,
		Updated: 2, Unchanged: 1, Problems: 4, ByUserID: u.ID, At: t0}
	second := &people.Import{IncidentID: inc.ID, Kind: "crm", Name: "crm.csv", At: at(time.Minute)}
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		if err := tx.AddImport(ctx, first); err != nil {
			return err
		}
		return tx.AddImport(ctx, second)
	})
	wantEqual(t, "imports", must(s.People.Imports(ctx, inc.ID))(t), []people.Import{*second, *first})
}

func testPeopleSegments(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "comms@example.org", "Comms", auth.RoleComms)
	inc := newIncident(t, s, "leak")
	seg := &people.Segment{IncidentID: inc.ID, Name: "no e-mail: letter", CreatedBy: u.ID, CreatedAt: t0, UpdatedAt: t0,
		Rules: people.SegmentRules{AllCategories: []string{"postal_address"}, Countries: []string{"DE", "US-CA"},
			Files: []string{"crm/"}, Languages: []string{"de"}, Reach: people.ReachPostalOnly}}
	other := &people.Segment{IncidentID: inc.ID, Name: "all", CreatedAt: t0, UpdatedAt: t0}
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		if err := tx.SaveSegment(ctx, seg); err != nil {
			return err
		}
		return tx.SaveSegment(ctx, other)
	})
	wantEqual(t, "segment", must(s.People.Segment(ctx, inc.ID, seg.ID))(t), seg)
	wantEqual(t, "segments by name", must(s.People.Segments(ctx, inc.ID))(t), []people.Segment{*other, *seg})

	renamed := *seg
	renamed.Name, renamed.Rules, renamed.UpdatedAt, renamed.CreatedAt = "letters", people.SegmentRules{Reach: people.ReachNone}, at(time.Hour), at(time.Hour)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.SaveSegment(ctx, &renamed) })
	want := renamed
	want.CreatedAt = t0
	wantEqual(t, "renamed", must(s.People.Segment(ctx, inc.ID, seg.ID))(t), &want)

	taken := &people.Segment{IncidentID: inc.ID, Name: "all", CreatedAt: t0, UpdatedAt: t0}
	err := s.People.Update(ctx, func(tx people.Tx) error { return tx.SaveSegment(ctx, taken) })
	wantCode(t, err, errs.Conflict)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.DeleteSegment(ctx, inc.ID, other.ID) })
	_, err = s.People.Segment(ctx, inc.ID, other.ID)
	wantCode(t, err, errs.NotFound)
}

func testKeyCheck(t *testing.T, s Stores) {
	ctx := t.Context()
	_, err := s.People.KeyCheck(ctx)
	wantCode(t, err, errs.NotFound)
	check := bytes.Repeat([]byte{0xab}, 32)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.SetKeyCheck(ctx, check) })
	wantEqual(t, "key check", must(s.People.KeyCheck(ctx))(t), check)
	err = s.People.Update(ctx, func(tx people.Tx) error { return tx.SetKeyCheck(ctx, []byte("other")) })
	wantCode(t, err, errs.Conflict)
	wantEqual(t, "key check kept", must(s.People.KeyCheck(ctx))(t), check)
}

func testPeopleRollback(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	k := key(people.IndexEmail, "a@example.com")
	err := s.People.Update(ctx, func(tx people.Tx) error {
		if err := tx.AddPerson(ctx, fullRow(inc.ID), []people.IndexKey{k}); err != nil {
			return err
		}
		if _, err := tx.FileID(ctx, inc.ID, "a.csv"); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("update: %v", err)
	}
	if got := must(s.People.Persons(ctx, inc.ID, 0, 10))(t); len(got) != 0 {
		t.Fatalf("rolled-back persons stored: %d", len(got))
	}
	if got := must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{k}))(t); len(got) != 0 {
		t.Fatal("rolled-back keys stored")
	}
	if got := must(s.People.Files(ctx, inc.ID))(t); len(got) != 0 {
		t.Fatal("rolled-back files stored")
	}
}

func testPeopleNotFound(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	r := addPerson(t, s, fullRow(other.ID))
	_, err := s.People.Person(ctx, inc.ID, r.ID)
	wantCode(t, err, errs.NotFound)
	for name, fn := range map[string]func(people.Tx) error{
		"update": func(tx people.Tx) error {
			c := *r
			c.IncidentID = inc.ID
			return tx.UpdatePerson(ctx, &c, nil)
		},
		"delete":         func(tx people.Tx) error { return tx.DeletePerson(ctx, inc.ID, r.ID) },
		"erase":          func(tx people.Tx) error { return tx.ErasePerson(ctx, inc.ID, r.ID, t0) },
		"read":           func(tx people.Tx) error { _, err := tx.Person(ctx, inc.ID, r.ID); return err },
		"delete segment": func(tx people.Tx) error { return tx.DeleteSegment(ctx, inc.ID, 999) },
		"change segment": func(tx people.Tx) error {
			return tx.SaveSegment(ctx, &people.Segment{ID: 999, IncidentID: inc.ID, Name: "x", UpdatedAt: t0})
		},
	} {
		err := s.People.Update(ctx, fn)
		if !errs.Is(err, errs.NotFound) {
			t.Errorf("%s: %v, want not found", name, err)
		}
	}
	_, err = s.People.Segment(ctx, inc.ID, 999)
	wantCode(t, err, errs.NotFound)
	// The other incident's person is untouched.
	wantEqual(t, "other incident's person", must(s.People.Person(ctx, other.ID, r.ID))(t), r)
}

// tallied is the incident's tallies as a map, the version left out.
func tallied(t *testing.T, s Stores, incidentID int64) (map[string]int64, int64) {
	t.Helper()
	out := map[string]int64{}
	var version int64
	for _, tl := range must(s.People.Tallies(t.Context(), incidentID))(t) {
		if tl.Dim == people.TallyVersion {
			version = tl.N
			continue
		}
		out[tl.Dim+"/"+tl.Item] = tl.N
	}
	return out, version
}

// recounted is what the tallies must be: the sum over every row.
func recounted(t *testing.T, s Stores, incidentID int64) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	err := s.People.EachPerson(t.Context(), incidentID, func(r *people.Row) error {
		people.RowTallies(r, func(dim, item string, n int64) { out[dim+"/"+item] += n })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for k, n := range out {
		if n == 0 {
			delete(out, k)
		}
	}
	return out
}

func testPeopleTallies(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	check := func(step string, wantVersion int64) {
		t.Helper()
		got, version := tallied(t, s, inc.ID)
		wantEqual(t, step, got, recounted(t, s, inc.ID))
		if version != wantVersion {
			t.Fatalf("%s: version %d, want %d", step, version, wantVersion)
		}
	}
	check("empty", 0)
	a := addPerson(t, s, fullRow(inc.ID), key(people.IndexEmail, "a@example.com"))
	b := fullRow(inc.ID)
	b.Country, b.State, b.Language, b.HasEmail, b.Categories = "DE", "", "", false, []string{"iban"}
	addPerson(t, s, b)
	c := addPerson(t, s, &people.Row{IncidentID: inc.ID, RecordCount: 1, CreatedAt: t0, UpdatedAt: t0})
	addPerson(t, s, fullRow(other.ID))
	check("added", 3)
	got, _ := tallied(t, s, inc.ID)
	wantEqual(t, "tallies", got, map[string]int64{
		"category/email": 1, "category/iban": 1, "category/phone": 1, "country/DE": 1, "country/US": 1,
		"country/US-CA": 1, "language/de": 1, "persons/": 3, "postal_only/": 1, "records/": 25,
		"unreachable/": 1, "with_email/": 1, "with_phone/": 2,
	})
	a.Country, a.State, a.Categories, a.RecordCount, a.HasEmail = "AT", "", []string{"name"}, 2, false
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		if err := tx.UpdatePerson(ctx, a, nil); err != nil {
			return err
		}
		// Two changes in one transaction: one version.
		return tx.ErasePerson(ctx, inc.ID, b.ID, at(time.Hour))
	})
	check("changed and erased", 4)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.DeletePerson(ctx, inc.ID, c.ID) })
	check("deleted", 5)
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		_, err := tx.FileID(ctx, inc.ID, "a.csv")
		return err
	})
	check("no person changed", 5)
	err := s.People.Update(ctx, func(tx people.Tx) error {
		if err := tx.AddPerson(ctx, fullRow(inc.ID), nil); err != nil {
			return err
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("update: %v", err)
	}
	check("rolled back", 5)
	if got, version := tallied(t, s, other.ID); got["persons/"] != 1 || version != 1 {
		t.Fatalf("the other incident's tallies: %v, version %d", got, version)
	}
}

func testPersonsByID(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	other := newIncident(t, s, "other")
	a := addPerson(t, s, fullRow(inc.ID))
	b := addPerson(t, s, fullRow(inc.ID))
	o := addPerson(t, s, fullRow(other.ID))
	got := must(s.People.PersonsByID(ctx, inc.ID, []int64{b.ID, o.ID, a.ID, b.ID, 1 << 40}))(t)
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Fatalf("persons by ID: %+v", got)
	}
	wantEqual(t, "a person by ID", &got[0], a)
	if got := must(s.People.PersonsByID(ctx, inc.ID, nil))(t); len(got) != 0 {
		t.Fatalf("no IDs found %v", got)
	}
}

// Index rows are written in batches; a lookup, an update or an erasure in
// the same transaction still sees them.
func testPeopleIndexInTx(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	k1, k2 := key(people.IndexEmail, "one@example.com"), key(people.IndexEmail, "two@example.com")
	var many []people.IndexKey
	for i := range 600 {
		many = append(many, key(people.IndexPhone, string(rune('a'+i%26))+string(rune(i))))
	}
	var a, b people.Row
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error {
		a, b = *fullRow(inc.ID), *fullRow(inc.ID)
		if err := tx.AddPerson(ctx, &a, append([]people.IndexKey{k1}, many...)); err != nil {
			return err
		}
		if err := tx.AddPerson(ctx, &b, []people.IndexKey{k2}); err != nil {
			return err
		}
		got, err := tx.Lookup(ctx, inc.ID, []people.IndexKey{k1, k2, many[599]})
		wantEqual(t, "lookup in the transaction", got, []int64{a.ID, b.ID})
		if err != nil {
			return err
		}
		if err := tx.UpdatePerson(ctx, &a, []people.IndexKey{k2}); err != nil {
			return err
		}
		return tx.ErasePerson(ctx, inc.ID, b.ID, at(time.Hour))
	})
	wantEqual(t, "after", must(s.People.Lookup(ctx, inc.ID, []people.IndexKey{k1, k2, many[0]}))(t), []int64{a.ID})
}

func testAddPersons(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "leak")
	var rows []*people.Row
	var keys [][]people.IndexKey
	for i := range 130 {
		r := fullRow(inc.ID)
		r.Sealed, r.RecordCount = []byte{byte(i), byte(i >> 8), 'x'}, int64(i)
		rows = append(rows, r)
		keys = append(keys, []people.IndexKey{key(people.IndexEmail, string(rune('a'+i%26))+string(rune(i)))})
	}
	// Two alike sealed values in the last part: that part goes row by row.
	rows[128].Sealed = rows[129].Sealed
	updatePeople(t, s, func(ctx context.Context, tx people.Tx) error { return tx.AddPersons(ctx, rows, keys) })
	seen := map[int64]bool{}
	for i, r := range rows {
		if r.ID == 0 || seen[r.ID] {
			t.Fatalf("row %d got ID %d", i, r.ID)
		}
		seen[r.ID] = true
		got := must(s.People.Person(ctx, inc.ID, r.ID))(t)
		if got.RecordCount != int64(i) {
			t.Fatalf("row %d is stored as %+v", i, got)
		}
		wantEqual(t, "lookup", must(s.People.Lookup(ctx, inc.ID, keys[i]))(t), []int64{r.ID})
	}
	got, _ := tallied(t, s, inc.ID)
	wantEqual(t, "tallies", got, recounted(t, s, inc.ID))
}
