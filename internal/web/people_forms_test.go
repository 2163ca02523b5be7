package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The forms of the register parse what users send; whatever they send, the
// mapping only ever names the file's own columns and the segment's lists
// hold no blanks or repeats.

func FuzzMappingFromForm(f *testing.F) {
	f.Add("email=E-Mail&match=email&match=phone&address_1=Strasse&region=de", "E-Mail,Strasse,PLZ")
	f.Add("email=Nope&add_unmatched=on&match=name", "E-Mail")
	f.Add("%zz&&==", "")
	f.Fuzz(func(t *testing.T, query, header string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		cols := strings.Split(header, ",")
		m := mappingFromForm(form, cols)
		for name, col := range mappingValues(m) {
			if col != "" && !slices.Contains(cols, col) {
				t.Fatalf("field %s maps column %q, which the file does not have", name, col)
			}
		}
		for _, k := range m.Match {
			if !slices.Contains(matchKinds, k) {
				t.Fatalf("match on %q", k)
			}
		}
	})
}

func FuzzSegmentFromForm(f *testing.F) {
	f.Add("name=Car+owners&all_categories=national_id&countries=de,+at;us-ca&languages=DE+en&reach=postal_only")
	f.Add("name=%20&files=&files=a/&countries=,,,")
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		_, rules := segmentFromForm(form)
		for _, list := range [][]string{rules.AllCategories, rules.AnyCategories, rules.Files, rules.Countries, rules.Languages} {
			for i, v := range list {
				if strings.TrimSpace(v) == "" || slices.Contains(list[:i], v) {
					t.Fatalf("the list %q holds a blank or a repeat", list)
				}
			}
		}
	})
}

// A held export is for its uploader and incident only, until it expires,
// and the oldest give way when the memory bound is reached.
func TestHeldFilesBelongToTheirUploader(t *testing.T) {
	h := newHeldFiles(10)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	h.now = func() time.Time { return now }
	token := h.put(1, 7, "crm.csv", []byte("abcdef"))
	if _, ok := h.get(token, 1, 7); !ok {
		t.Fatalf("the uploader cannot get their file")
	}
	if _, ok := h.get(token, 2, 7); ok {
		t.Errorf("another user gets the file")
	}
	if _, ok := h.get(token, 1, 8); ok {
		t.Errorf("the file is got for another incident")
	}
	second := h.put(1, 7, "more.csv", []byte("ghijkl"))
	if _, ok := h.get(token, 1, 7); ok {
		t.Errorf("the first file stays beyond the memory bound")
	}
	now = now.Add(heldFileTTL + time.Second)
	if _, ok := h.get(second, 1, 7); ok {
		t.Errorf("an expired file is still held")
	}
}

// BenchmarkPeopleRegisterPage renders the register of 10,000 persons: the
// counts, the chart, the facts preview and the first page of 50.
func BenchmarkPeopleRegisterPage(b *testing.B) {
	d := newTestDesk(b)
	inc := d.newIncident("Customer database stolen")
	var lines strings.Builder
	for i := range 10_000 {
		row := fmt.Sprintf("row %d", i+2)
		lines.WriteString(findingLine("users/registered_users.csv", row, "email", "", fmt.Sprintf("user%d@example.com", i)))
		lines.WriteString(findingLine("users/registered_users.csv", row, "name", "", fmt.Sprintf("User Number%d", i)))
	}
	if _, err := d.people.ImportFindings(b.Context(), d.actor(auth.RoleLead), inc.ID, "findings", "bench.jsonl", strings.NewReader(lines.String())); err != nil {
		b.Fatal(err)
	}
	if _, err := d.people.List(b.Context(), d.actor(auth.RoleLead), inc.ID, people.ListQuery{}); err != nil {
		b.Fatal(err)
	}
	c := d.as(auth.RoleLead)
	path := fmt.Sprintf("/incidents/%d/people", inc.ID)
	if rec := c.get(path); rec.Code != 200 || !strings.Contains(rec.Body.String(), `id="count-persons">10,000<`) {
		b.Fatalf("status %d", rec.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rec := c.get(path); rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
