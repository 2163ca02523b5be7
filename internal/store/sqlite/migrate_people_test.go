package sqlite

import (
	"bytes"
	"crypto/sha256"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/breachdesk/breachdesk/internal/people"
)

// Migration 00005 fills the register's tallies from the persons already
// stored and cuts the index hashes to 16 bytes, which lookups with a key
// of the old length still find.
func TestMigrationFiveFillsTheTalliesAndKeepsTheIndexSearchable(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path, err := prepareFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	w := openPool(path, true)
	p, err := goose.NewProvider(goose.DialectSQLite3, w, Migrations(), goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 4); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := w.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	now := "2026-11-24T10:00:00.000000Z"
	for _, id := range []int{1, 2} {
		exec(`INSERT INTO incidents (id, title, kind, severity, status, aware_at, created_at, updated_at)
			VALUES (?, 'Leak', 'data_theft', 'high', 'triage', ?, ?, ?)`, id, now, now, now)
	}
	persons := []struct {
		incident                               int
		language, country, state, cats         string
		email, phone, address, erased, records int
	}{
		{1, "de", "DE", "", `["email","phone"]`, 1, 1, 0, 0, 2},
		{1, "en", "US", "CA", `["email","iban"]`, 1, 0, 1, 0, 1},
		{1, "", "", "", `["postal_address"]`, 0, 0, 1, 0, 3},
		{1, "zh", "CN", "", `["phone"]`, 0, 1, 0, 0, 1},
		{1, "de", "DE", "", `["email"]`, 1, 0, 0, 1, 4},
		{2, "de", "AT", "", `["name"]`, 0, 0, 0, 0, 1},
	}
	for i, r := range persons {
		exec(`INSERT INTO people_persons (id, incident_id, sealed, language, country, state, categories, file_ids, has_email,
			has_phone, has_address, record_count, from_crm, erased, created_at, updated_at)
			VALUES (?, ?, x'00', ?, ?, ?, ?, '[]', ?, ?, ?, ?, 0, ?, ?, ?)`, i+1, r.incident, r.language, r.country, r.state,
			r.cats, r.email, r.phone, r.address, r.records, r.erased, now, now)
	}
	old := sha256.Sum256([]byte("a 32-byte hash of before"))
	exec(`INSERT INTO people_index (incident_id, hash, person_id, kind) VALUES (1, ?, 2, 'email')`, old[:])
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	db, err := Open(ctx, filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := map[string]int64{}
	tallies, err := db.People().Tallies(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tl := range tallies {
		got[tl.Dim+"/"+tl.Item] = tl.N
	}
	want := map[string]int64{}
	err = db.People().EachPerson(ctx, 1, func(r *people.Row) error {
		people.RowTallies(r, func(dim, item string, n int64) { want[dim+"/"+item] += n })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want["version/"] = 1
	if len(got) != len(want) {
		t.Fatalf("tallies %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Fatalf("tallies %v, want %v", got, want)
		}
	}
	ids, err := db.People().Lookup(ctx, 1, []people.IndexKey{{Kind: people.IndexEmail, Hash: old[:]}})
	if err != nil || len(ids) != 1 || ids[0] != 2 {
		t.Fatalf("lookup after the migration: %v %v", ids, err)
	}
	var hash []byte
	if err := db.write.QueryRowContext(ctx, `SELECT hash FROM people_index`).Scan(&hash); err != nil || !bytes.Equal(hash, old[:16]) {
		t.Fatalf("stored hash %x: %v", hash, err)
	}
}
