// The end-to-end test: scan the generated leak and compare every figure of
// the report with the generator's.

package synthleak

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestScanningTheLeakGivesTheExpectedReport(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"the test leak", Options{Persons: testPersons, Seed: 11}},
		{"the demo leak", Options{Persons: demoPersons, Seed: 1}},
		{"the smallest leak", Options{Persons: MinPersons, Seed: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			want, err := Generate(dir, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			got, err := scan.Run(context.Background(), scan.Options{Paths: []string{dir}, Region: "CN", Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range reportDiff(want, relativeTo(got, dir)) {
				t.Error(d)
			}
		})
	}
}

// relativeTo makes the scanner's paths relative to the leak's root, as
// the generator writes them.
func relativeTo(rep *scan.Report, dir string) *scan.Report {
	prefix := strings.TrimSuffix(dir, "/") + "/"
	for i := range rep.Files {
		rep.Files[i].Path = strings.TrimPrefix(rep.Files[i].Path, prefix)
	}
	for i := range rep.Skipped {
		rep.Skipped[i].Path = strings.TrimPrefix(rep.Skipped[i].Path, prefix)
	}
	return rep
}

// reportDiff lists every figure in which got differs from want, one line
// each, so that a failure says exactly where. Seconds are not compared;
// empty and missing maps are the same.
func reportDiff(want, got *scan.Report) []string {
	var d []string
	diff := func(what string, w, g any) {
		if fmt.Sprint(w) != fmt.Sprint(g) {
			d = append(d, fmt.Sprintf("%s: want %v, got %v", what, w, g))
		}
	}
	diff("complete", want.Complete, got.Complete)
	diff("scanned files", want.Scanned.Files, got.Scanned.Files)
	diff("scanned bytes", want.Scanned.Bytes, got.Scanned.Bytes)
	diff("scanned records", want.Scanned.Records, got.Scanned.Records)
	diff("persons", want.Persons, got.Persons)
	diff("skipped", jsonOf(want.Skipped), jsonOf(got.Skipped))
	for _, c := range detect.Categories {
		w, g := want.Categories[c], got.Categories[c]
		if w == nil || g == nil {
			diff("category "+string(c), w != nil, g != nil)
			continue
		}
		diff(string(c)+" records", w.Records, g.Records)
		diff(string(c)+" distinct", w.Distinct, g.Distinct)
		diff(string(c)+" kinds", sortedMap(w.Kinds), sortedMap(g.Kinds))
	}
	files := map[string]scan.FileReport{}
	for _, f := range got.Files {
		files[f.Path] = f
	}
	for _, w := range want.Files {
		g, ok := files[w.Path]
		if !ok {
			d = append(d, "file "+w.Path+": not scanned")
			continue
		}
		delete(files, w.Path)
		diff(w.Path+" format", w.Format, g.Format)
		diff(w.Path+" records", w.Records, g.Records)
		diff(w.Path+" categories", sortedMap(w.Categories), sortedMap(g.Categories))
	}
	for p := range files {
		d = append(d, "file "+p+": scanned, not expected")
	}
	slices.Sort(d)
	return d
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// sortedMap prints a map with its keys in order, empty as nothing.
func sortedMap[K ~string, V any](m map[K]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, string(k))
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s:%v ", k, m[K(k)])
	}
	return b.String()
}
