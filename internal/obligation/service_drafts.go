package obligation

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// DraftLanguages are the languages drafts are written in.
var DraftLanguages = []string{"en", "de"}

// DraftView is a draft as shown to its editor.
type DraftView struct {
	Draft
	View         *View // the incident's duties, as evaluated for the draft
	Obligation   Obligation
	Generated    bool // nobody saved it yet: it is filled from the facts
	Placeholders int  // "[to complete]" marks still in the text
}

// Draft returns the draft of rule in lang for incident id: the saved one,
// or one generated from the incident's facts. zone is where times are
// shown.
func (s *Service) Draft(ctx context.Context, a auth.Actor, id int64, rule, lang string, zone *time.Location) (*DraftView, error) {
	if !validLang(lang) {
		return nil, errs.E(errs.NotFound, "drafts are written in English (en) or German (de)")
	}
	v, err := s.View(ctx, a, id)
	if err != nil {
		return nil, err
	}
	o := v.obligation(rule)
	if o == nil {
		return nil, errs.E(errs.NotFound, "no rule %q in the active rule set", rule)
	}
	out := &DraftView{Obligation: *o, View: v}
	d, err := s.store.Draft(ctx, id, rule, lang)
	switch {
	case err == nil:
		out.Draft = *d
	case errs.Is(err, errs.NotFound):
		out.Draft = Draft{IncidentID: id, Rule: rule, Lang: lang, Body: GenerateDraft(v.draftInput(o, zone), lang)}
		out.Generated = true
	default:
		return nil, err
	}
	out.Placeholders = Placeholders(out.Body)
	return out, nil
}

func (v *View) obligation(rule string) *Obligation {
	for i := range v.Obligations {
		if v.Obligations[i].Rule.ID == rule {
			return &v.Obligations[i]
		}
	}
	return nil
}

func (v *View) draftInput(o *Obligation, zone *time.Location) DraftInput {
	in := DraftInput{Incident: v.Incident, Facts: factsOrNil(v), Assessment: v.Assessment(), Obligation: o,
		Content: v.Rules.Content, Now: v.Now, Zone: zone}
	if len(o.Recipients) > 0 {
		if au, ok := v.Authorities[o.Recipients[0]]; ok {
			in.Authority = &au
		}
	}
	return in
}

func validLang(lang string) bool { return lang == "en" || lang == "de" }

// SaveDraft stores an edited draft. Anyone who may edit the incident's
// tasks may edit drafts; filing stays with those who decide.
func (s *Service) SaveDraft(ctx context.Context, a auth.Actor, id int64, rule, lang, body string) error {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(acc.EditTasks, "edit drafts"); err != nil {
		return err
	}
	if !validLang(lang) {
		return errs.E(errs.NotFound, "drafts are written in English (en) or German (de)")
	}
	if s.Rules().Rule(rule) == nil {
		return errs.E(errs.NotFound, "no rule %q in the active rule set", rule)
	}
	body = strings.ReplaceAll(body, "\r\n", "\n")
	fields := errs.Fields{}
	switch {
	case strings.TrimSpace(body) == "":
		fields.Add("body", errs.Required)
	case utf8.RuneCountInString(body) > MaxDraftLen:
		fields.Add("body", errs.TooLong)
	case !utf8.ValidString(body):
		fields.Add("body", errs.InvalidValue)
	}
	if err := fields.Err(); err != nil {
		return err
	}
	d := &Draft{IncidentID: id, Rule: rule, Lang: lang, Body: body, UpdatedBy: a.UserID, UpdatedAt: s.now()}
	return s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.IncidentForUpdate(ctx, id); err != nil {
			return err
		}
		if err := tx.SaveDraft(ctx, d); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "obligation.draft", ObjectType: "incident", ObjectID: id,
			Detail: map[string]any{"rule": rule, "lang": lang}})
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
