package people_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// BenchmarkImportFindings imports a findings file of 100,000 persons (an
// e-mail, a phone and a name each, in two records of two files) into an
// empty register, and reports persons per second. BREACHDESK_BENCH_PERSONS
// changes the number (the findings file has 5 lines per person).
//
//	go test ./internal/people/ -run XXX -bench ImportFindings -benchtime 1x
func BenchmarkImportFindings(b *testing.B) {
	persons := 100_000
	if v := os.Getenv("BREACHDESK_BENCH_PERSONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("BREACHDESK_BENCH_PERSONS=%q: a number of persons", v)
		}
		persons = n
	}
	path := filepath.Join(b.TempDir(), "findings.jsonl")
	writeFindings(b, path, persons)
	for b.Loop() {
		b.StopTimer()
		d := newDesk(b)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := d.svc.ImportFindings(context.Background(), d.actor(auth.RoleResponder), d.inc.ID, "findings", "findings.jsonl", f)
		b.StopTimer()
		f.Close()
		if err != nil || res.Import.Created != int64(persons) {
			b.Fatalf("import: %v %+v", err, res)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(persons*b.N)/b.Elapsed().Seconds(), "persons/s")
}

func writeFindings(b *testing.B, path string, persons int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	for i := range persons {
		email := fmt.Sprintf("user%d@example.de", i)
		phone := fmt.Sprintf("+49170%07d", i)
		w.WriteString(line("users.csv", i, "email", "", email))
		w.WriteString(line("users.csv", i, "phone", "", phone))
		w.WriteString(line("users.csv", i, "name", "", fmt.Sprintf("User %d", i)))
		w.WriteString(line("orders.csv", i, "phone", "", phone))
		w.WriteString(line("orders.csv", i, "iban", "", "DE89370400440532013000"))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
}
