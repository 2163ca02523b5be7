package obligation

import (
	"sort"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// Input is what Evaluate needs to know about one incident.
type Input struct {
	Incident *incident.Incident
	Facts    *Facts      // nil when none were recorded
	Decision *Assessment // the newest assessment, nil when none
	Filings  []Filing
	Waivers  []Waiver
}

// Evaluate evaluates every rule of rs for one incident, in the order of the
// rule file: whether it applies and why (or why not), to whom, from when,
// by when, and where it stands. It is pure: the same input gives the same
// output, whatever the time.
func Evaluate(rs *RuleSet, in Input) []Obligation {
	if rs == nil {
		return nil
	}
	e := &env{incident: in.Incident, facts: in.Facts, decision: in.Decision}
	filings := filingsByRule(in.Filings)
	out := make([]Obligation, 0, len(rs.Rules))
	for _, r := range rs.Rules {
		o := Obligation{Rule: r, Filings: filings[r.ID], Waiver: latestWaiver(in.Waivers, r.ID)}
		o.Applies, o.Reasons = e.conditions(r)
		switch {
		case len(o.Filings) > 0:
			o.Status = StatusFiled
		case o.Waiver != nil:
			o.Status = StatusWaived
		default:
			o.Status = StatusOpen
		}
		if o.Status != StatusWaived {
			o.Waiver = nil
		}
		if o.Applies {
			e.recipients(r, &o)
			e.schedule(rs, r, filings, &o)
		}
		out = append(out, o)
	}
	return out
}

// conditions tests the rule's conditions in order. A rule that applies
// gets the reasons of every condition; one that does not gets the first
// condition that failed.
func (e *env) conditions(r *Rule) (bool, []Reason) {
	if len(r.When) == 0 {
		return true, []Reason{reason("applies.always")}
	}
	held := make([]Reason, 0, len(r.When))
	for _, c := range r.When {
		res := e.test(c)
		if !res.holds {
			return false, []Reason{res.reason}
		}
		held = append(held, res.reason)
	}
	return true, held
}

// recipients resolves the rule's authority to directory IDs.
func (e *env) recipients(r *Rule, o *Obligation) {
	f := e.facts
	if f == nil {
		f = &Facts{}
	}
	switch r.Recipient.Authority {
	case "":
	case ResolverCompetentDPA:
		if id := CompetentDPA(f.EstablishmentCountry, f.DELand, f.PublicBody); id != "" {
			o.Recipients = []string{id}
		} else if f.EstablishmentCountry == "DE" && f.DELand == "" {
			o.Reasons = append(o.Reasons, reason("recipient.set_land"))
		} else {
			o.Reasons = append(o.Reasons, reason("recipient.no_dpa", "country", f.EstablishmentCountry))
		}
	case ResolverResidentDPAs:
		o.Recipients = ResidentDPAs(f.PersonsByCountry)
		if len(o.Recipients) == 0 {
			o.Reasons = append(o.Reasons, reason("recipient.no_resident_dpa"))
		}
	default:
		o.Recipients = []string{r.Recipient.Authority}
	}
}

// schedule sets the clock start, the due time (the earlier of the deadline
// and its cap) and, for ASAP duties, the internal target.
func (e *env) schedule(rs *RuleSet, r *Rule, filings map[string][]Filing, o *Obligation) {
	start, why := e.clockStart(r, r.Clock, filings)
	if why != nil {
		o.Reasons = append(o.Reasons, *why)
	}
	o.ClockStart = start
	if r.Deadline.Unit == NoDeadline {
		if r.Strength == ASAP && start != nil {
			o.TargetAt = timePtr(start.Add(rs.ASAPTarget))
		}
		return
	}
	var due time.Time
	if start != nil {
		due = r.Deadline.After(*start).UTC()
	}
	if r.Cap != nil {
		capStart, _ := e.clockStart(r, r.Cap.Clock, filings)
		if capStart != nil {
			capDue := r.Cap.Deadline.After(*capStart).UTC()
			switch {
			case start == nil:
				// The main clock has not started, but the cap runs: the
				// duty is due by the cap at the latest (DORA: 24 hours
				// after awareness, however late the classification).
				o.Reasons = append(o.Reasons, reason("deadline.cap_only"))
			case capDue.Before(due):
				o.Reasons = append(o.Reasons, reason("deadline.capped"))
			}
			due = Earlier(due, capDue)
		}
	}
	if !due.IsZero() {
		o.DueAt = &due
	}
}

// clockStart resolves a clock name to the instant it started, or nil with
// the reason why it has not; a clock that falls back to awareness returns
// the start and the reason saying so.
func (e *env) clockStart(r *Rule, clock string, filings map[string][]Filing) (*time.Time, *Reason) {
	if id, ok := strings.CutPrefix(clock, ClockFiled); ok {
		if fs := filings[id]; len(fs) > 0 {
			return timePtr(fs[0].FiledAt.UTC()), nil
		}
		why := reason("clock.waits_filing", "rule", id)
		return nil, &why
	}
	if id, ok := strings.CutPrefix(clock, ClockLastFiled); ok {
		if fs := filings[id]; len(fs) > 0 {
			return timePtr(fs[len(fs)-1].FiledAt.UTC()), nil
		}
		why := reason("clock.waits_filing", "rule", id)
		return nil, &why
	}
	if inner, ok := strings.CutPrefix(clock, ClockYearEnd); ok {
		start, why := e.clockStart(r, inner, filings)
		if start == nil {
			return nil, why
		}
		zone := r.Deadline.Zone
		if zone == nil {
			zone = time.UTC
		}
		// The calendar year ends when the next one begins, in the rule's
		// zone: 60 days after the end of 2026 run to 2 March 2027 00:00,
		// that is to the end of 1 March.
		end := time.Date(start.In(zone).Year()+1, time.January, 1, 0, 0, 0, 0, zone).UTC()
		yr := reason("clock.year_end")
		return &end, &yr
	}
	aware := e.awareAt()
	var f Facts
	if e.facts != nil {
		f = *e.facts
	}
	var at *time.Time
	switch clock {
	case ClockAwareAt:
		if aware == nil {
			why := reason("clock.not_started.aware_at")
			return nil, &why
		}
		return aware, nil
	case ClockDetectedAt:
		if e.incident != nil {
			at = e.incident.DetectedAt
		}
	case ClockDORAClassifiedAt:
		at = f.DORAClassifiedAt
	case ClockSECMaterialityAt:
		at = f.SECMaterialityAt
	case ClockUSDiscoveredAt:
		at = f.USDiscoveredAt
	case ClockUSDeterminedAt:
		at = f.USDeterminedAt
	}
	if at != nil && !at.IsZero() {
		return timePtr(at.UTC()), nil
	}
	switch clock {
	case ClockDetectedAt, ClockUSDiscoveredAt, ClockUSDeterminedAt:
		// Counting from awareness is never later than counting from the
		// later discovery or determination, so it is the safe default.
		if aware != nil {
			why := reason("clock.fallback." + clock)
			return aware, &why
		}
		why := reason("clock.not_started.aware_at")
		return nil, &why
	}
	why := reason("clock.not_started." + clock)
	return nil, &why
}

func (e *env) awareAt() *time.Time {
	if e.incident == nil || e.incident.AwareAt.IsZero() {
		return nil
	}
	return timePtr(e.incident.AwareAt.UTC())
}

// filingsByRule groups filings by rule, oldest first (by FiledAt, then ID).
func filingsByRule(all []Filing) map[string][]Filing {
	out := map[string][]Filing{}
	for _, f := range all {
		out[f.Rule] = append(out[f.Rule], f)
	}
	for _, fs := range out {
		sort.SliceStable(fs, func(i, j int) bool {
			if !fs[i].FiledAt.Equal(fs[j].FiledAt) {
				return fs[i].FiledAt.Before(fs[j].FiledAt)
			}
			return fs[i].ID < fs[j].ID
		})
	}
	return out
}

// latestWaiver returns the newest waiver of the rule, or nil.
func latestWaiver(all []Waiver, rule string) *Waiver {
	var latest *Waiver
	for i := range all {
		w := &all[i]
		if w.Rule != rule {
			continue
		}
		if latest == nil || w.DecidedAt.After(latest.DecidedAt) ||
			(w.DecidedAt.Equal(latest.DecidedAt) && w.ID > latest.ID) {
			latest = w
		}
	}
	if latest == nil {
		return nil
	}
	cp := *latest
	return &cp
}

func timePtr(t time.Time) *time.Time { return &t }
