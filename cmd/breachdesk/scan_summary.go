package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// writeSummary prints the report for a person: what was read, how many
// people, and per category the records, distinct values, kinds and a
// masked example. It never prints a full value.
func writeSummary(w io.Writer, rep *scan.Report) {
	s := rep.Scanned
	rate := ""
	if s.Seconds > 0 {
		rate = fmt.Sprintf(" (%s/s)", sizeText(int64(float64(s.Bytes)/s.Seconds)))
	}
	if !rep.Complete {
		fmt.Fprintln(w, "INCOMPLETE: the scan was interrupted; the figures cover what was read until then.")
	}
	fmt.Fprintf(w, "Scanned %s files, %s, %s records in %.1f s%s.\n", thousands(s.Files), sizeText(s.Bytes),
		thousands(s.Records), s.Seconds, rate)
	fmt.Fprintf(w, "Distinct persons: %s\n\n", thousands(rep.Persons))
	if len(rep.Categories) == 0 {
		fmt.Fprintln(w, "No personal data found.")
	} else {
		writeCategoryTable(w, rep)
		writeKinds(w, rep)
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintf(w, "\nNot scanned, or not to the end (%d):\n", len(rep.Skipped))
		for _, sk := range rep.Skipped {
			fmt.Fprintf(w, "  %s: %s\n", sk.Path, sk.Reason)
		}
	}
}

// writeCategoryTable prints one line per category found: the name left,
// the counts right-aligned, and a masked example.
func writeCategoryTable(w io.Writer, rep *scan.Report) {
	rows := [][4]string{{"category", "records", "distinct", "example"}}
	for _, c := range detect.Categories {
		if cc, ok := rep.Categories[c]; ok {
			rows = append(rows, [4]string{string(c), thousands(cc.Records), thousands(cc.Distinct), rep.Examples[c]})
		}
	}
	var width [3]int
	for _, r := range rows {
		for i := range width {
			width[i] = max(width[i], len(r[i]))
		}
	}
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s  %*s  %*s  %s\n", width[0], r[0], width[1], r[1], width[2], r[2], r[3])
	}
}

// writeKinds lists the kinds of national IDs, secrets and credentials.
func writeKinds(w io.Writer, rep *scan.Report) {
	for _, c := range []detect.Category{detect.NationalID, detect.Secret, detect.Credential} {
		cc, ok := rep.Categories[c]
		if !ok || len(cc.Kinds) == 0 {
			continue
		}
		kinds := make([]string, 0, len(cc.Kinds))
		for k := range cc.Kinds {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%s %s", k, thousands(cc.Kinds[k]))
		}
		fmt.Fprintf(w, "  %s: %s\n", c, strings.Join(parts, ", "))
	}
}
