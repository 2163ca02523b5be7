package web

import (
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
)

// peopleFrame is what every page of the register shows: the incident's
// head, the register's tabs, and what the reader may do with it.
type peopleFrame struct {
	incidentFrame
	Rights people.Rights
	Tab    string // "register", "import", "segments"
}

// loadPeopleFrame loads the incident of the path and the reader's rights
// in its register. Outsiders get the incident's "not found".
func (s *Server) loadPeopleFrame(r *http.Request, c *caller, titleKey, tab string) (*peopleFrame, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	rights, err := s.cfg.People.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	f := &peopleFrame{incidentFrame: incidentFrame{Inc: inc, Acc: acc, HeadLink: true, People: true}, Rights: rights, Tab: tab}
	f.page = s.newPage(r, c, titleKey)
	f.page.Nav = "incidents"
	if r.Method != http.MethodGet {
		f.page.Path = readablePath(r, id, tab)
	}
	if err := s.loadDutiesBadge(r, &f.incidentFrame); err != nil {
		return nil, err
	}
	return f, nil
}

// readablePath is the page a POST's answer stands for, for the links
// that come back to it (the language switch): a search, an unmasked
// person or an import result is not sent again by a link.
func readablePath(r *http.Request, id int64, tab string) string {
	switch {
	case tab == "import":
		return peopleURL(id) + "/import"
	case tab == "segments":
		return segmentsURL(id)
	case r.PathValue("pid") != "":
		return peopleURL(id) + "/" + r.PathValue("pid")
	}
	return peopleURL(id)
}

// requireRight refuses when the reader lacks a right of the register.
func requireRight(ok bool, what string) error {
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}

// Category names a scanner category in the reader's language.
func (f *peopleFrame) Category(c string) string { return categoryName(f.page, c) }

func categoryName(p *page, c string) string {
	if p.cat.Has(p.Lang, "category."+c) {
		return p.T("category." + c)
	}
	return c
}

// CategoryNames names several categories, in the reader's language.
func (f *peopleFrame) CategoryNames(cs []string) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = f.Category(c)
	}
	return strings.Join(names, ", ")
}

// Num writes a count with the reader's thousands separator.
func (f *peopleFrame) Num(n int64) string { return formatCount(f.Lang, n) }

func formatCount(lang string, n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if lang == "de" {
		sep = "."
	}
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(d)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// peopleURL is the register of incident id.
func peopleURL(id int64) string { return incidentURL(id) + "/people" }

// personURL is a person's page.
func personURL(id, pid int64) string { return peopleURL(id) + "/" + strconv.FormatInt(pid, 10) }

// segmentsURL is the segments page of incident id.
func segmentsURL(id int64) string { return peopleURL(id) + "/segments" }

// segmentURL is a segment's page.
func segmentURL(id, seg int64) string { return segmentsURL(id) + "/" + strconv.FormatInt(seg, 10) }

// countRow is one line of a table of counts.
type countRow struct {
	Key, Label string
	Count      int64
}

// countRows sorts a map of counts by count, the largest first, then key.
func countRows(m map[string]int64, label func(string) string) []countRow {
	rows := make([]countRow, 0, len(m))
	for k, n := range m {
		rows = append(rows, countRow{Key: k, Label: label(k), Count: n})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Count != rows[j].Count {
			return rows[i].Count > rows[j].Count
		}
		return rows[i].Key < rows[j].Key
	})
	return rows
}

// segmentCategories are the categories a segment's rules may name: the
// scanner's, and any other the register holds.
func segmentCategories(counts *people.Counts) []string {
	out := slices.Clone(obligation.ScannerCategories)
	if counts != nil {
		for c := range counts.ByCategory {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

func formatInt64(n int64) string { return strconv.FormatInt(n, 10) }
