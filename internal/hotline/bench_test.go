package hotline_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkLookup looks a caller up by phone, written as people say it,
// in a register of 10,000 persons, with the script approved: the whole
// console answer (the person masked, earlier inquiries, suggestions, the
// audit entry).
func BenchmarkLookup(b *testing.B) {
	d := newDesk(b)
	var sb strings.Builder
	for i := range 10_000 {
		for _, f := range [][2]string{{"phone", fmt.Sprintf("+49151%08d", i)}, {"email", fmt.Sprintf("p%d@example.org", i)}, {"iban", "DE89370400440532013000"}} {
			line, _ := json.Marshal(map[string]string{"file": "crm.csv", "record": fmt.Sprintf("crm.csv:row %d", i), "category": f[0], "value": f[1]})
			sb.Write(line)
			sb.WriteByte('\n')
		}
	}
	if _, err := d.people.ImportFindings(d.ctx, d.actor("responder"), d.inc.ID, "findings", "crm.jsonl", strings.NewReader(sb.String())); err != nil {
		b.Fatal(err)
	}
	d.approveDefault()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := i % 10_000
		res, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, fmt.Sprintf("0151 %04d %04d", n/10_000, n%10_000), "de")
		if err != nil || len(res.Callers) != 1 {
			b.Fatalf("lookup %d: %v, %+v", n, err, res)
		}
	}
}
