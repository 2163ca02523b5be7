package obligation

import (
	"context"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Service computes the duties of incidents and records what was done about
// them. Access follows the incident's: members see, leads and admins (and
// the incident lead) decide and file; people who write on the timeline
// may work on drafts.
type Service struct {
	store     Store
	incidents *incident.Service
	now       func() time.Time

	mu    sync.RWMutex
	rules *RuleSet
	// rulesProblem says why a stored rule file was not used, "" when it was
	// or none was stored.
	rulesProblem string
}

// NewService returns the service. The active rule set is the newest rule
// file an admin loaded, or the embedded one; a stored file that no longer
// parses (a newer binary reads it more strictly) is set aside for the
// embedded one, and RulesProblem says so.
func NewService(ctx context.Context, store Store, incidents *incident.Service, now func() time.Time) (*Service, error) {
	if now == nil {
		now = time.Now
	}
	s := &Service{
		store:     store,
		incidents: incidents,
		now:       func() time.Time { return now().UTC().Truncate(time.Microsecond) },
		rules:     BuiltinRules(),
	}
	f, err := store.ActiveRuleFile(ctx)
	switch {
	case errs.Is(err, errs.NotFound):
	case err != nil:
		return nil, err
	default:
		rs, perr := ParseRules([]byte(f.Source))
		if perr != nil {
			s.rulesProblem = "the rule file loaded on " + f.LoadedAt.Format(time.RFC3339) + " no longer loads: " + perr.Error()
			break
		}
		s.rules = rs
	}
	return s, nil
}

// Rules returns the active rule set.
func (s *Service) Rules() *RuleSet {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rules
}

// RulesProblem says why a stored rule file is not in use, or "".
func (s *Service) RulesProblem() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.rulesProblem
}

// View is what the obligations page of an incident shows.
type View struct {
	Incident    *incident.Incident
	Access      incident.Access
	Facts       Facts // zero when none were set
	FactsSet    bool
	Assessments []Assessment // newest first
	Obligations []Obligation
	Rules       *RuleSet
	Authorities map[string]Authority
	Now         time.Time
}

// Assessment returns the newest assessment, or nil.
func (v *View) Assessment() *Assessment {
	if len(v.Assessments) == 0 {
		return nil
	}
	return &v.Assessments[0]
}

// CanDecide reports whether the viewer may set facts, assess, file and waive.
func (v *View) CanDecide() bool { return v.Access.Manage }

// CanDraft reports whether the viewer may edit drafts.
func (v *View) CanDraft() bool { return v.Access.EditTasks }

// View evaluates every rule for incident id. When a due time, applicability
// or status differs from the last computed one (the rules were amended,
// the incident's awareness corrected), the change is recorded on the
// timeline and stored.
func (s *Service) View(ctx context.Context, a auth.Actor, id int64) (*View, error) {
	inc, acc, err := s.incidents.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &View{Incident: inc, Access: acc, Rules: s.Rules(), Now: s.now()}
	facts, err := s.store.Facts(ctx, id)
	switch {
	case err == nil:
		v.Facts, v.FactsSet = *facts, true
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	if v.Assessments, err = s.store.Assessments(ctx, id); err != nil {
		return nil, err
	}
	filings, err := s.store.Filings(ctx, id)
	if err != nil {
		return nil, err
	}
	waivers, err := s.store.Waivers(ctx, id)
	if err != nil {
		return nil, err
	}
	v.Obligations = Evaluate(v.Rules, Input{Incident: inc, Facts: factsOrNil(v), Decision: v.Assessment(), Filings: filings, Waivers: waivers})
	if v.Authorities, err = s.authorityMap(ctx); err != nil {
		return nil, err
	}
	if err := s.syncDueStates(ctx, a, id, v.Obligations); err != nil {
		return nil, err
	}
	return v, nil
}

func factsOrNil(v *View) *Facts {
	if !v.FactsSet {
		return nil
	}
	return &v.Facts
}

// Obligations returns the evaluated duties of incident id.
func (s *Service) Obligations(ctx context.Context, a auth.Actor, id int64) ([]Obligation, error) {
	v, err := s.View(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return v.Obligations, nil
}

// syncDueStates stores the states of obs when they differ from the stored
// ones, with a timeline entry per change. Reading first keeps a page view
// that changes nothing from taking the write lock.
func (s *Service) syncDueStates(ctx context.Context, a auth.Actor, id int64, obs []Obligation) error {
	stored, err := s.store.DueStates(ctx, []int64{id})
	if err != nil {
		return err
	}
	if len(dueChanges(stored, statesOf(id, obs))) == 0 && len(stored) == len(obs) {
		return nil
	}
	return s.store.Update(ctx, func(tx Tx) error {
		return s.recordDueStates(ctx, tx, a, id, obs)
	})
}

// evaluateTx evaluates the incident's duties inside tx.
func (s *Service) evaluateTx(ctx context.Context, tx Tx, inc *incident.Incident) ([]Obligation, error) {
	var facts *Facts
	f, err := tx.Facts(ctx, inc.ID)
	switch {
	case err == nil:
		facts = f
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	var decision *Assessment
	as, err := tx.Assessments(ctx, inc.ID)
	if err != nil {
		return nil, err
	}
	if len(as) > 0 {
		decision = &as[0]
	}
	filings, err := tx.Filings(ctx, inc.ID)
	if err != nil {
		return nil, err
	}
	waivers, err := tx.Waivers(ctx, inc.ID)
	if err != nil {
		return nil, err
	}
	return Evaluate(s.Rules(), Input{Incident: inc, Facts: facts, Decision: decision, Filings: filings, Waivers: waivers}), nil
}

// recompute evaluates the incident inside tx and records what changed.
func (s *Service) recompute(ctx context.Context, tx Tx, a auth.Actor, inc *incident.Incident) error {
	obs, err := s.evaluateTx(ctx, tx, inc)
	if err != nil {
		return err
	}
	return s.recordDueStates(ctx, tx, a, inc.ID, obs)
}

func (s *Service) recordDueStates(ctx context.Context, tx Tx, a auth.Actor, id int64, obs []Obligation) error {
	stored, err := tx.DueStates(ctx, []int64{id})
	if err != nil {
		return err
	}
	states := statesOf(id, obs)
	// The first evaluation of an incident is not a change: it is the
	// start, and the obligations view shows it.
	if len(stored) > 0 {
		for _, ev := range dueChanges(stored, states) {
			if err := s.systemEntry(ctx, tx, a, id, incident.EntryRegulator, ev); err != nil {
				return err
			}
		}
	}
	return tx.ReplaceDueStates(ctx, id, states)
}

func statesOf(id int64, obs []Obligation) []DueState {
	out := make([]DueState, len(obs))
	for i, o := range obs {
		due := o.DueAt
		if due == nil {
			due = o.TargetAt
		}
		out[i] = DueState{IncidentID: id, Rule: o.Rule.ID, Applies: o.Applies, DueAt: due, Status: o.Status}
	}
	return out
}

// dueChanges lists the timeline events for the differences between the
// stored and the new states. Status changes are not listed: filing and
// waiving write their own entries.
func dueChanges(stored, fresh []DueState) []incident.SystemEvent {
	old := make(map[string]DueState, len(stored))
	for _, st := range stored {
		old[st.Rule] = st
	}
	var out []incident.SystemEvent
	for _, st := range fresh {
		was, known := old[st.Rule]
		switch {
		case !known && st.Applies, known && !was.Applies && st.Applies:
			out = append(out, incident.SystemEvent{Name: "duty_applies", Args: map[string]string{"rule": st.Rule, "due": timeArg(st.DueAt)}})
		case known && was.Applies && !st.Applies:
			out = append(out, incident.SystemEvent{Name: "duty_lapsed", Args: map[string]string{"rule": st.Rule}})
		case known && st.Applies && !sameTime(was.DueAt, st.DueAt):
			out = append(out, incident.SystemEvent{Name: "duty_due_moved", Args: map[string]string{"rule": st.Rule, "from": timeArg(was.DueAt), "to": timeArg(st.DueAt)}})
		}
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// timeArg renders a time for a timeline event; "" stands for "as soon as
// possible / not started".
func timeArg(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Service) systemEntry(ctx context.Context, tx Tx, a auth.Actor, id int64, kind incident.EntryKind, ev incident.SystemEvent) error {
	now := s.now()
	e := &incident.Entry{
		IncidentID: id, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: kind, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}

func (s *Service) audit(ctx context.Context, tx Tx, a auth.Actor, id int64, ev auth.Event) error {
	ev.IncidentID = id
	return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), ev))
}

// access returns the viewer's access to incident id. Changes audit
// themselves, so it does not write the read audit Get writes.
func (s *Service) access(ctx context.Context, a auth.Actor, id int64) (incident.Access, error) {
	return s.incidents.Access(ctx, a, id)
}

// need refuses with Forbidden when ok is false.
func need(ok bool, what string) error {
	if !ok {
		return errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return nil
}
