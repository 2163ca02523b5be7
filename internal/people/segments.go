package people

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// maxSegmentName bounds a segment's name.
const maxSegmentName = 200

// Match reports whether the rules select the row; files maps the
// incident's file IDs to paths. Erased persons are never selected: nobody
// writes to them.
func (sr *SegmentRules) Match(r *Row, files map[int64]string) bool {
	if r.Erased {
		return false
	}
	for _, c := range sr.AllCategories {
		if !slices.Contains(r.Categories, c) {
			return false
		}
	}
	if len(sr.AnyCategories) > 0 && !slices.ContainsFunc(sr.AnyCategories, func(c string) bool { return slices.Contains(r.Categories, c) }) {
		return false
	}
	if len(sr.Files) > 0 && !sr.matchFiles(r.FileIDs, files) {
		return false
	}
	if len(sr.Countries) > 0 && !slices.ContainsFunc(sr.Countries, func(c string) bool { return matchCountry(c, r) }) {
		return false
	}
	if len(sr.Languages) > 0 && !slices.Contains(sr.Languages, r.Language) {
		return false
	}
	return matchReach(sr.Reach, r)
}

func (sr *SegmentRules) matchFiles(ids []int64, files map[int64]string) bool {
	for _, id := range ids {
		path := files[id]
		for _, f := range sr.Files {
			if path == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(path, f)) {
				return true
			}
		}
	}
	return false
}

// matchCountry matches "DE" against the country, "US-CA" against the
// country and state.
func matchCountry(c string, r *Row) bool {
	if country, state, ok := strings.Cut(c, "-"); ok {
		return r.Country == country && r.State == state
	}
	return r.Country == c
}

func matchReach(reach Reach, r *Row) bool {
	switch reach {
	case ReachEmail:
		return r.HasEmail
	case ReachPostal:
		return r.HasAddress
	case ReachPostalOnly:
		return r.HasAddress && !r.HasEmail
	case ReachNone:
		return !r.HasAddress && !r.HasEmail
	}
	return true
}

// Normalize trims, upper- or lower-cases and sorts the rules' lists and
// names every bad one by its JSON name in f.
func (sr *SegmentRules) Normalize(f errs.Fields) {
	clean := func(list []string, fn func(string) string) []string {
		var out []string
		for _, v := range list {
			if v = fn(strings.TrimSpace(v)); v != "" {
				out = addSorted(out, v)
			}
		}
		return out
	}
	sr.AllCategories = clean(sr.AllCategories, strings.ToLower)
	sr.AnyCategories = clean(sr.AnyCategories, strings.ToLower)
	sr.Files = clean(sr.Files, func(s string) string { return s })
	sr.Countries = clean(sr.Countries, strings.ToUpper)
	sr.Languages = clean(sr.Languages, strings.ToLower)
	for _, c := range append(slices.Clone(sr.AllCategories), sr.AnyCategories...) {
		if !slices.Contains(obligation.ScannerCategories, c) {
			f.Add(fieldOf(slices.Contains(sr.AllCategories, c), "all_categories", "any_categories"), errs.InvalidChoice)
		}
	}
	for _, c := range sr.Countries {
		if !ValidCountry(c) {
			f.Add("countries", errs.InvalidChoice)
		}
	}
	for _, l := range sr.Languages {
		if !validLanguage(l) {
			f.Add("languages", errs.InvalidChoice)
		}
	}
	if !slices.Contains([]Reach{ReachAny, ReachEmail, ReachPostal, ReachPostalOnly, ReachNone}, sr.Reach) {
		f.Add("reach", errs.InvalidChoice)
	}
}

func fieldOf(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// validLanguage accepts a two- or three-letter language code.
func validLanguage(l string) bool {
	if len(l) < 2 || len(l) > 3 {
		return false
	}
	for _, r := range l {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// Segments lists the incident's segments with their member counts.
func (s *Service) Segments(ctx context.Context, a auth.Actor, id int64) ([]SegmentView, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	version, err := s.version(ctx, id)
	if err != nil {
		return nil, err
	}
	segs, err := s.store.Segments(ctx, id)
	if err != nil {
		return nil, err
	}
	members, err := s.segmentCounts(ctx, id, version, segs)
	if err != nil {
		return nil, err
	}
	out := make([]SegmentView, len(segs))
	for i, seg := range segs {
		out[i] = SegmentView{Segment: seg, Members: members[seg.ID]}
	}
	return out, nil
}

func (s *Service) Segment(ctx context.Context, a auth.Actor, id, segmentID int64) (*SegmentView, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	version, err := s.version(ctx, id)
	if err != nil {
		return nil, err
	}
	seg, err := s.store.Segment(ctx, id, segmentID)
	if err != nil {
		return nil, err
	}
	members, err := s.segmentCounts(ctx, id, version, []Segment{*seg})
	if err != nil {
		return nil, err
	}
	return &SegmentView{Segment: *seg, Members: members[seg.ID]}, nil
}

// version is the register's version (see TallyVersion).
func (s *Service) version(ctx context.Context, id int64) (int64, error) {
	ts, err := s.store.Tallies(ctx, id)
	if err != nil {
		return 0, err
	}
	_, v := countsOf(ts)
	return v, nil
}

// SegmentDef returns a segment without counting its members: for the
// callers that need only its rules (a campaign's checker and start read
// the members themselves), so the register is not read twice.
func (s *Service) SegmentDef(ctx context.Context, a auth.Actor, id, segmentID int64) (*Segment, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Segment(ctx, id, segmentID)
}

// SaveSegment creates (ID 0) or changes a segment.
func (s *Service) SaveSegment(ctx context.Context, a auth.Actor, id int64, seg *Segment) error {
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Segments }, "define segments"); err != nil {
		return err
	}
	seg.IncidentID = id
	seg.Name = strings.Join(strings.Fields(seg.Name), " ")
	f := errs.Fields{}
	switch {
	case seg.Name == "":
		f.Add("name", errs.Required)
	case utf8.RuneCountInString(seg.Name) > maxSegmentName:
		f.Add("name", errs.TooLong)
	}
	seg.Rules.Normalize(f)
	if err := f.Err(); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		action := "people.segment.change"
		now := s.now()
		if seg.ID == 0 {
			action, seg.CreatedBy, seg.CreatedAt = "people.segment.create", a.UserID, now
		}
		seg.UpdatedAt = now
		if err := tx.SaveSegment(ctx, seg); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: action, ObjectType: "segment", ObjectID: seg.ID,
			Detail: map[string]any{"name": seg.Name, "rules": seg.Rules}})
	})
}

func (s *Service) DeleteSegment(ctx context.Context, a auth.Actor, id, segmentID int64) error {
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Segments }, "define segments"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.DeleteSegment(ctx, id, segmentID); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "people.segment.delete", ObjectType: "segment", ObjectID: segmentID})
	})
}
