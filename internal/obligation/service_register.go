package obligation

import (
	"context"
	"slices"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// RegisterRow is one incident in the breach register (GDPR Art. 33(5)):
// every breach, notified or not, with the facts, the decision and what was
// filed.
type RegisterRow struct {
	Incident   incident.Incident
	Facts      *Facts      // nil when none were set
	Assessment *Assessment // the newest, nil when none
	// Notification is the GDPR (or UK GDPR) Art. 33 duty, nil when the
	// rule set has none for the incident.
	Notification *Obligation
	Filings      []Filing
	Waivers      []Waiver
	Overdue      int
}

// registerRules are the duties whose outcome the register shows, first
// found wins.
var registerRules = []string{"gdpr.33", "uk.gdpr.33"}

// CanSeeRegister reports whether the actor may read the breach register:
// admins (the DPO's seat) and leads.
func CanSeeRegister(a auth.Actor) bool { return a.Role == auth.RoleAdmin || a.Role == auth.RoleLead }

// Register lists every incident the actor may see, open and closed, newest
// awareness first, with its decision and filings.
func (s *Service) Register(ctx context.Context, a auth.Actor) ([]RegisterRow, error) {
	if !CanSeeRegister(a) {
		return nil, errs.E(errs.Forbidden, "your role does not allow you to read the breach register")
	}
	var incs []incident.Summary
	for _, closed := range []bool{false, true} {
		list, err := s.incidents.List(ctx, a, closed, "")
		if err != nil {
			return nil, err
		}
		incs = append(incs, list...)
	}
	rows := make([]RegisterRow, 0, len(incs))
	now := s.now()
	for i := range incs {
		row, err := s.registerRow(ctx, &incs[i].Incident)
		if err != nil {
			return nil, err
		}
		for _, o := range row.obligations {
			if o.Overdue(now) {
				row.Overdue++
			}
		}
		rows = append(rows, row.RegisterRow)
	}
	sortRegister(rows)
	return rows, nil
}

type registerRowWork struct {
	RegisterRow
	obligations []Obligation
}

func (s *Service) registerRow(ctx context.Context, inc *incident.Incident) (registerRowWork, error) {
	row := registerRowWork{RegisterRow: RegisterRow{Incident: *inc}}
	f, err := s.store.Facts(ctx, inc.ID)
	switch {
	case err == nil:
		row.Facts = f
	case !errs.Is(err, errs.NotFound):
		return row, err
	}
	as, err := s.store.Assessments(ctx, inc.ID)
	if err != nil {
		return row, err
	}
	if len(as) > 0 {
		row.Assessment = &as[0]
	}
	if row.Filings, err = s.store.Filings(ctx, inc.ID); err != nil {
		return row, err
	}
	if row.Waivers, err = s.store.Waivers(ctx, inc.ID); err != nil {
		return row, err
	}
	row.obligations = Evaluate(s.Rules(), Input{Incident: inc, Facts: row.Facts, Decision: row.Assessment, Filings: row.Filings, Waivers: row.Waivers})
	row.Notification = notificationDuty(row.obligations)
	return row, nil
}

// notificationDuty is the first applying duty of registerRules, else the
// first of them at all (to show why it does not apply).
func notificationDuty(obs []Obligation) *Obligation {
	var first *Obligation
	for _, id := range registerRules {
		for i := range obs {
			if obs[i].Rule.ID != id {
				continue
			}
			if obs[i].Applies {
				return &obs[i]
			}
			if first == nil {
				first = &obs[i]
			}
		}
	}
	return first
}

func sortRegister(rows []RegisterRow) {
	slices.SortStableFunc(rows, func(a, b RegisterRow) int { return b.Incident.AwareAt.Compare(a.Incident.AwareAt) })
}

// OverdueDuties counts, per incident, the duties that apply, are open and
// past due (or past the internal target). The incident list calls it with
// the incidents the viewer may see.
func (s *Service) OverdueDuties(ctx context.Context, incs []*incident.Incident) (map[int64]int, error) {
	out := make(map[int64]int, len(incs))
	now := s.now()
	for _, inc := range incs {
		row, err := s.registerRow(ctx, inc)
		if err != nil {
			return nil, err
		}
		for _, o := range row.obligations {
			if o.Overdue(now) {
				out[inc.ID]++
			}
		}
	}
	return out, nil
}
