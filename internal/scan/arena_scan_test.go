package scan

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/source"
)

// TestArenaValuesAreTheAllocatedValues scans a table whose rows' values
// are written into the detectors' FieldScanner arenas over each other
// (lengths change from row to row) and compares the findings file, the
// categories' figures and the examples, unmasked, with what
// Scanner.Field finds with a string per value. An example or a finding
// that kept a value's bytes past its record would show another row's
// bytes.
func TestArenaValuesAreTheAllocatedValues(t *testing.T) {
	const rows = 5000
	header := []string{"email", "password_hash", "last_login_ip", "note", "password", "mobile", "first_name", "last_name", "street", "city"}
	table := arenaTable(rows)
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString(strings.Join(header, ",") + "\n")
	for _, row := range table {
		csv.WriteString(strings.Join(row, ",") + "\n")
	}
	path := filepath.Join(dir, "users.csv")
	if err := os.WriteFile(path, []byte(csv.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	want := allocatedFindings(t, path, header, table, now)

	var out bytes.Buffer
	det, err := detect.NewScanner("CN", now)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(context.Background(), Options{Paths: []string{path}, Region: "CN", Workers: 2, Now: now,
		Findings: &out, Limits: source.DefaultLimits()}, det)
	r.scanAll()
	if err := r.findingsErr(); err != nil {
		t.Fatal(err)
	}
	got := readFindings(t, out.Bytes())
	if !slices.Equal(got, want) {
		t.Fatalf("the findings differ from the allocated values' (%d lines, want %d)", len(got), len(want))
	}
	total := mergeAccs(r.tables, r.accs)
	wantExamples, wantCounts := findingFigures(want)
	if total.examples != wantExamples {
		t.Errorf("examples\n got  %q\n want %q", total.examples, wantExamples)
	}
	counts := total.categoryCounts()
	for i, c := range detect.Categories {
		if w := wantCounts[i]; w != [2]int64{} && (counts[c] == nil || [2]int64{counts[c].Records, counts[c].Distinct} != w) {
			t.Errorf("%s: records and distinct %v, want %v", c, counts[c], w)
		}
	}
	for _, c := range []detect.Category{detect.Email, detect.IPAddress, detect.Credential, detect.PaymentCard, detect.VIN, detect.Phone, detect.Name, detect.PostalAddress} {
		if wantCounts[categoryIndex(c)][0] == 0 {
			t.Errorf("the table holds no %s", c)
		}
	}
}

// arenaTable makes rows of values a FieldScanner writes into its arena
// (e-mails lower-cased, hashes, IPs, cards and VINs in a note, plain
// passwords), of lengths that change from row to row. Now and then a
// password is larger than the arena, which must grow while the row's
// other values are held.
func arenaTable(n int) [][]string {
	r := rand.New(rand.NewPCG(9, 10))
	table := make([][]string, n)
	for i := range table {
		pad := strings.Repeat("q", r.IntN(30))
		email := fmt.Sprintf("User%d.%s@Example.COM", r.IntN(n), pad)
		password := pad + fmt.Sprint(r.IntN(1000))
		if i%97 == 0 {
			password = strings.Repeat(password, 1+5000/len(password))
		}
		table[i] = []string{
			email,
			fmt.Sprintf("$2b$10$%053d", r.Int64N(1e18)),
			fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256)),
			fmt.Sprintf("card %s also %s VIN 1M8GDM9AXKP042788 %s", luhnCard(r), strings.ToUpper(email), pad),
			password,
			fmt.Sprintf("138%08d", r.IntN(1e8)),
			[]string{"Anna", " Ben", "王", "Ägidius "}[r.IntN(4)] + pad,
			[]string{"Arndt", "n/a", "芳", ""}[r.IntN(4)],
			fmt.Sprintf("%s  %d", []string{"Musterstraße", "文三路", ""}[r.IntN(3)], r.IntN(300)),
			[]string{"Berlin", "杭州市", " Hamburg "}[r.IntN(3)],
		}
	}
	return table
}

// luhnCard is a random 16-digit number with a valid check digit.
func luhnCard(r *rand.Rand) string {
	d := make([]byte, 16)
	d[0] = '4'
	for i := 1; i < 15; i++ {
		d[i] = byte('0' + r.IntN(10))
	}
	sum := 0
	for i := 14; i >= 0; i-- {
		v := int(d[i] - '0')
		if (15-i)%2 == 1 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	d[15] = byte('0' + (10-sum%10)%10)
	return string(d)
}

// allocatedFindings is the findings file Scanner.Field's values make: a
// record's distinct (category, value) pairs in the order found. The name
// columns (the last four) are joined into a name and an address, as a
// detector's row does (none of them holds an e-mail or a phone number).
func allocatedFindings(t *testing.T, path string, header []string, table [][]string, now time.Time) []Finding {
	s, err := detect.NewScanner("CN", now)
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for i, row := range table {
		var ms []detect.Match
		add := func(m detect.Match) {
			if !slices.Contains(ms, m) {
				ms = append(ms, m)
			}
		}
		for k, v := range row[:6] {
			s.Field(detect.ClassifyColumn(header[k]), []byte(v), add)
		}
		if name := detect.JoinName([][]byte{[]byte(row[6]), []byte(row[7])}); name != "" {
			add(detect.Match{Category: detect.Name, Value: name})
		}
		if addr := detect.JoinAddress([][]byte{[]byte(row[8]), []byte(row[9])}); addr != "" {
			add(detect.Match{Category: detect.PostalAddress, Value: addr})
		}
		for _, m := range ms {
			out = append(out, Finding{File: path, Record: fmt.Sprintf("%s:row %d", path, i+1),
				Category: string(m.Category), Kind: m.Kind, Value: m.Value})
		}
	}
	sortFindingLines(out)
	return out
}

func readFindings(t *testing.T, data []byte) []Finding {
	var out []Finding
	for line := range bytes.Lines(data) {
		var f Finding
		if err := json.Unmarshal(line, &f); err != nil {
			t.Fatal(err)
		}
		out = append(out, f)
	}
	sortFindingLines(out)
	return out
}

func sortFindingLines(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Record, b.Record), cmp.Compare(a.Category, b.Category),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Value, b.Value))
	})
}

// findingFigures works out the examples (the value with the smallest key per
// category) and each category's records and distinct values.
func findingFigures(fs []Finding) (examples [numCategories]string, counts [numCategories][2]int64) {
	var keys [numCategories]uint64
	distinct := map[Finding]bool{}
	records := map[Finding]bool{}
	for _, f := range fs {
		i := categoryIndex(detect.Category(f.Category))
		key := nonZero(valueHash(i, f.Value))
		if examples[i] == "" || key < keys[i] {
			examples[i], keys[i] = f.Value, key
		}
		if v := (Finding{Category: f.Category, Value: f.Value}); !distinct[v] {
			distinct[v] = true
			counts[i][1]++
		}
		if rc := (Finding{Record: f.Record, Category: f.Category}); !records[rc] {
			records[rc] = true
			counts[i][0]++
		}
	}
	return examples, counts
}
