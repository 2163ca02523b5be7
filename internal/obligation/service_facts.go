package obligation

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// SetFacts changes the facts of incident id: change is applied to the
// current facts (zero when none were set), the result is checked, stored,
// and the changed fields go on the timeline; duties whose inputs changed
// are recomputed, and each change of a duty goes on the timeline too.
func (s *Service) SetFacts(ctx context.Context, a auth.Actor, id int64, change func(*Facts) error) (*Facts, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(acc.Manage, "change the facts of this incident"); err != nil {
		return nil, err
	}
	var out *Facts
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		old := Facts{IncidentID: id}
		if f, err := tx.Facts(ctx, id); err == nil {
			old = *f
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		f := old.clone()
		if err := change(&f); err != nil {
			return err
		}
		f.IncidentID = id
		if err := f.Check(inc.AwareAt, inc.DetectedAt, s.now()); err != nil {
			return err
		}
		changed := changedFacts(&old, &f)
		out = &f
		if len(changed) == 0 {
			return nil
		}
		f.UpdatedBy, f.UpdatedAt = a.UserID, s.now()
		if err := tx.SaveFacts(ctx, &f); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "facts_changed", Args: map[string]string{"fields": strings.Join(changed, ", ")}}
		if err := s.systemEntry(ctx, tx, a, id, incident.EntrySystem, ev); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.facts", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"fields": changed}}); err != nil {
			return err
		}
		return s.recompute(ctx, tx, a, inc)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// clone copies f deeply enough that changing the copy's maps and lists
// leaves f alone.
func (f Facts) clone() Facts {
	c := f
	c.BreachTypes = append([]string(nil), f.BreachTypes...)
	c.DataCategories = append([]string(nil), f.DataCategories...)
	if f.PersonsByCountry != nil {
		c.PersonsByCountry = make(map[string]int64, len(f.PersonsByCountry))
		for k, v := range f.PersonsByCountry {
			c.PersonsByCountry[k] = v
		}
	}
	if f.Malicious != nil {
		m := *f.Malicious
		c.Malicious = &m
	}
	return c
}

// changedFacts lists the JSON names of the fields that differ, sorted.
// Only names go on the timeline, never values: the draft texts may hold
// personal data.
func changedFacts(old, f *Facts) []string {
	var a, b map[string]json.RawMessage
	ja, _ := json.Marshal(old)
	jb, _ := json.Marshal(f)
	_ = json.Unmarshal(ja, &a)
	_ = json.Unmarshal(jb, &b)
	var out []string
	for k, v := range b {
		if !reflect.DeepEqual(normalJSON(a[k]), normalJSON(v)) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// normalJSON treats null, [] and {} alike, so clearing an empty list is
// no change.
func normalJSON(m json.RawMessage) string {
	switch s := string(m); s {
	case "", "null", "[]", "{}", `""`, "false", "0":
		return ""
	default:
		return s
	}
}

// Assess records a risk assessment and the decision on it. The score,
// level and advice are computed here, never taken from the caller.
func (s *Service) Assess(ctx context.Context, a auth.Actor, id int64, as Assessment) (*Assessment, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(acc.Manage, "decide on the risk of this incident"); err != nil {
		return nil, err
	}
	as.ID, as.IncidentID = 0, id
	as.DPCNote, as.EINote, as.CBNote = strings.TrimSpace(as.DPCNote), strings.TrimSpace(as.EINote), strings.TrimSpace(as.CBNote)
	as.DecisionReason = strings.TrimSpace(as.DecisionReason)
	as.Compute()
	f := errs.Fields{}
	as.Validate(f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	as.DecidedBy, as.DecidedAt = a.UserID, s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.AddAssessment(ctx, &as); err != nil {
			return err
		}
		ev := incident.SystemEvent{Name: "risk_decided", Args: map[string]string{
			"score": strconv.FormatFloat(as.Score, 'f', 2, 64), "level": string(as.Level),
			"advice": string(as.Advice), "decision": string(as.Decision)}}
		if err := s.systemEntry(ctx, tx, a, id, incident.EntryDecision, ev); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.assess", ObjectType: "assessment", ObjectID: as.ID,
			Detail: map[string]any{"level": as.Level, "decision": as.Decision}}); err != nil {
			return err
		}
		return s.recompute(ctx, tx, a, inc)
	})
	if err != nil {
		return nil, err
	}
	return &as, nil
}
