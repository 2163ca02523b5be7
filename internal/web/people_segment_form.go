package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/people"
)

// segmentsPage lists the segments with their member counts and holds the
// segment form: empty for a new segment, filled for one being changed.
type segmentsPage struct {
	*peopleFrame
	Segments   []people.SegmentView
	Editing    *people.SegmentView // nil on the list page
	Name       string
	Rules      people.SegmentRules
	Categories []string
	Files      []people.File
	Reaches    []people.Reach
}

// Checked reports whether the form's list field holds value.
func (p *segmentsPage) Checked(field, value string) bool {
	switch field {
	case "all_categories":
		return slices.Contains(p.Rules.AllCategories, value)
	case "any_categories":
		return slices.Contains(p.Rules.AnyCategories, value)
	case "files":
		return slices.Contains(p.Rules.Files, value)
	}
	return false
}

// Countries and Languages are the rules' lists as the form writes them.
func (p *segmentsPage) Countries() string { return strings.Join(p.Rules.Countries, ", ") }
func (p *segmentsPage) Languages() string { return strings.Join(p.Rules.Languages, ", ") }

// ReachIs reports whether the rules' reach is r.
func (p *segmentsPage) ReachIs(r people.Reach) bool { return p.Rules.Reach == r }

// Action is where the form posts.
func (p *segmentsPage) Action() string {
	if p.Editing != nil {
		return segmentURL(p.Inc.ID, p.Editing.ID) + "/save"
	}
	return segmentsURL(p.Inc.ID)
}

// reaches are the reach rules the form offers, "any" first.
var reaches = []people.Reach{people.ReachAny, people.ReachEmail, people.ReachPostal, people.ReachPostalOnly, people.ReachNone}

// showSegments renders the segments page: the list, and the form of seg
// (nil for a new one) filled with name and rules.
func (s *Server) showSegments(w http.ResponseWriter, r *http.Request, c *caller, f *peopleFrame, status int, view string, seg *people.SegmentView, name string, rules people.SegmentRules) error {
	ctx, id := r.Context(), f.Inc.ID
	segs, err := s.cfg.People.Segments(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	files, err := s.cfg.People.Files(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	counts, err := s.cfg.People.Summary(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	data := &segmentsPage{peopleFrame: f, Segments: segs, Editing: seg, Name: name, Rules: rules,
		Categories: segmentCategories(counts), Files: files, Reaches: reaches}
	s.render(w, r, status, view, data)
	return nil
}

// segmentFromForm reads the segment form.
func segmentFromForm(form url.Values) (string, people.SegmentRules) {
	rules := people.SegmentRules{
		AllCategories: distinctValues(form["all_categories"]),
		AnyCategories: distinctValues(form["any_categories"]),
		Files:         distinctValues(form["files"]),
		Countries:     splitList(strings.ToUpper(form.Get("countries"))),
		Languages:     splitList(strings.ToLower(form.Get("languages"))),
		Reach:         people.Reach(form.Get("reach")),
	}
	return strings.TrimSpace(form.Get("name")), rules
}

// splitList reads "DE, AT US-CA" as a list.
func splitList(s string) []string {
	return distinctValues(strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\t' }))
}

func distinctValues(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
