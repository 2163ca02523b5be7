package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/source"
)

// TestScansApartMergeIntoTheWholeScan scans a leak's files in two scans,
// absorbs one's tables into the other's, and wants exactly the figures of
// one scan of every file: persons that span the two halves (a phone in
// one half, the same phone with an e-mail in the other) are one person.
func TestScansApartMergeIntoTheWholeScan(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, lines func(*strings.Builder)) string {
		var b strings.Builder
		lines(&b)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	users := write("users.csv", func(b *strings.Builder) {
		b.WriteString("email,mobile,password\n")
		for i := range 2000 {
			fmt.Fprintf(b, "user%d@example.com,138%08d,pw%d\n", i, i, i)
		}
	})
	addresses := write("addresses.csv", func(b *strings.Builder) {
		b.WriteString("mobile,last_login_ip,name\n")
		for i := 1000; i < 3000; i++ {
			fmt.Fprintf(b, "138%08d,10.1.%d.%d,Person Nr%c\n", i, i/256, i%256, 'a'+i%26)
		}
	})
	letter := write("letter.txt", func(b *strings.Builder) {
		b.WriteString("Please write to user5@example.com or to the following:\n")
		for i := 2500; i < 2600; i++ {
			fmt.Fprintf(b, "user%d@example.com\n", i)
		}
	})

	whole := scanForFigures(t, users, addresses, letter)
	if whole.persons != 3100 {
		t.Fatalf("the whole scan found %d persons, the files hold 3,100", whole.persons)
	}
	for _, halves := range [][2][]string{
		{{users, letter}, {addresses}},
		{{addresses}, {users, letter}},
		{{users}, {addresses, letter}},
	} {
		a, b := scanRun(t, halves[0]...), scanRun(t, halves[1]...)
		for _, acc := range b.accs {
			acc.flush() // the values still queued in b's accumulators
		}
		a.tables.absorb(b.tables)
		merged := figuresOf(a.tables, append(a.accs, b.accs...))
		if !reflect.DeepEqual(merged, whole) {
			t.Errorf("%v + %v merged:\n%+v\nthe whole scan:\n%+v", names(halves[0]), names(halves[1]), merged, whole)
		}
	}
}

type scanFigures struct {
	records, persons int64
	categories       map[detect.Category]CategoryCount
}

func scanForFigures(t *testing.T, paths ...string) scanFigures {
	r := scanRun(t, paths...)
	return figuresOf(r.tables, r.accs)
}

func scanRun(t *testing.T, paths ...string) *run {
	t.Helper()
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	det, err := detect.NewScanner("CN", now)
	if err != nil {
		t.Fatal(err)
	}
	r := newRun(context.Background(), Options{Paths: paths, Region: "CN", Workers: 2, Limits: source.DefaultLimits(), Now: now}, det)
	r.scanAll()
	return r
}

func figuresOf(t *tables, accs []*acc) scanFigures {
	total := mergeAccs(t, accs)
	f := scanFigures{records: total.records, persons: total.personCount(), categories: make(map[detect.Category]CategoryCount)}
	for c, n := range total.categoryCounts() {
		f.categories[c] = *n
	}
	return f
}

func names(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}
