package hotline

import (
	"context"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Scripts lists the script versions, newest first.
func (s *Service) Scripts(ctx context.Context, a auth.Actor, id int64) ([]Script, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	return s.store.Scripts(ctx, id)
}

// Script returns one script version.
func (s *Service) Script(ctx context.Context, a auth.Actor, id, scriptID int64) (*Script, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	return s.store.Script(ctx, id, scriptID)
}

// ApprovedScript is the version agents see; NotFound when none.
func (s *Service) ApprovedScript(ctx context.Context, a auth.Actor, id int64) (*Script, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, err
	}
	return s.store.ApprovedScript(ctx, id)
}

// SaveScript stores a draft; ID 0 starts a new version from the given
// contents, else from the latest version, else from the defaults
// (DefaultContents). A draft is changed only by its author: a colleague
// starts a new version from it instead, so that whoever approves a version
// never wrote any of it. sc is filled with what was stored.
func (s *Service) SaveScript(ctx context.Context, a auth.Actor, id int64, sc *Script) error {
	if _, err := s.may(ctx, a, id, canWrite, "write the hotline script"); err != nil {
		return err
	}
	if sc.ID == 0 && len(sc.Contents) == 0 {
		versions, err := s.store.Scripts(ctx, id)
		if err != nil {
			return err
		}
		if len(versions) > 0 {
			sc.Contents = versions[0].Contents
		} else {
			sc.Contents = DefaultContents()
		}
	}
	if err := checkContents(sc.Contents); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		now := s.now()
		if sc.ID == 0 {
			*sc = Script{IncidentID: id, State: ScriptDraft, Contents: sc.Contents, CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
			if err := tx.AddScript(ctx, sc); err != nil {
				return err
			}
		} else {
			cur, err := tx.Script(ctx, id, sc.ID)
			if err != nil {
				return err
			}
			switch {
			case cur.State != ScriptDraft:
				return errs.E(errs.Conflict, "version %d is %s and stays as it is; start a new version to change it", cur.Version, cur.State)
			case cur.CreatedBy != a.UserID:
				return errs.E(errs.Forbidden, "a draft is changed only by its author; start a new version from it")
			}
			cur.Contents, cur.UpdatedAt = sc.Contents, now
			if err := tx.UpdateScript(ctx, cur); err != nil {
				return err
			}
			*sc = *cur
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "hotline.script.save", ObjectType: "hotline_script", ObjectID: sc.ID,
			Detail: map[string]any{"version": sc.Version}})
	})
}

// ApproveScript approves a draft: the second pair of eyes, a lead or admin
// (or the incident lead) who is not its author. The version approved
// before is superseded; agents see the new one from now on.
func (s *Service) ApproveScript(ctx context.Context, a auth.Actor, id, scriptID int64) error {
	if _, err := s.may(ctx, a, id, canApprove, "approve the hotline script"); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		sc, err := tx.Script(ctx, id, scriptID)
		if err != nil {
			return err
		}
		if sc.State != ScriptDraft {
			return errs.E(errs.Conflict, "only a draft can be approved; version %d is %s", sc.Version, sc.State)
		}
		if a.UserID == 0 || a.UserID == sc.CreatedBy {
			return errs.E(errs.Forbidden, "four eyes: a script is approved by someone other than its author")
		}
		if err := checkContents(sc.Contents); err != nil {
			return err
		}
		now := s.now()
		prev, err := tx.ApprovedScript(ctx, id)
		switch {
		case errs.Is(err, errs.NotFound):
			prev = nil
		case err != nil:
			return err
		case prev.Version > sc.Version:
			return errs.E(errs.Conflict, "version %d is approved already and is newer than version %d", prev.Version, sc.Version)
		default:
			prev.State, prev.UpdatedAt = ScriptSuperseded, now
			if err := tx.UpdateScript(ctx, prev); err != nil {
				return err
			}
		}
		sc.State, sc.ApprovedBy, sc.ApprovedAt, sc.UpdatedAt = ScriptApproved, a.UserID, &now, now
		if err := tx.UpdateScript(ctx, sc); err != nil {
			return err
		}
		detail := map[string]any{"version": sc.Version}
		if prev != nil {
			detail["superseded"] = prev.Version
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "hotline.script.approve", ObjectType: "hotline_script", ObjectID: sc.ID, Detail: detail}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, incident.SystemEvent{Name: "hotline_script_approved",
			Args: map[string]string{"version": strconv.Itoa(sc.Version)}})
	})
}

// Limits of a script's texts.
const (
	maxScriptText = 50_000
	maxLabel      = 200
	maxFAQText    = 5_000
	maxEntries    = 200
)

// checkContents validates a script's contents; field names say where:
// "contents.en.faq.3.answer".
func checkContents(cs []ScriptContent) error {
	f := errs.Fields{}
	if len(cs) == 0 {
		f.Add("contents", errs.Required)
		return f.Err()
	}
	langs := map[string]bool{}
	for i := range cs {
		c := &cs[i]
		at := "contents." + strconv.Itoa(i)
		if !validLang(c.Lang) || langs[c.Lang] {
			f.Add(at+".lang", errs.InvalidChoice)
			continue
		}
		langs[c.Lang] = true
		at = "contents." + c.Lang
		checkText(f, at+".script", c.Script, maxScriptText, false)
		checkText(f, at+".ack_subject", c.AckSubject, maxLabel, false)
		checkText(f, at+".ack_body", c.AckBody, maxFAQText, false)
		if len(c.Topics) > maxEntries {
			f.Add(at+".topics", errs.TooLong)
		}
		keys := map[string]bool{}
		for j, t := range c.Topics {
			tat := at + ".topics." + strconv.Itoa(j)
			if !validKey(t.Key) || keys[t.Key] {
				f.Add(tat+".key", errs.InvalidValue)
			}
			keys[t.Key] = true
			checkText(f, tat+".label", t.Label, maxLabel, true)
		}
		if len(c.FAQ) > maxEntries {
			f.Add(at+".faq", errs.TooLong)
		}
		keys = map[string]bool{}
		for j, e := range c.FAQ {
			eat := at + ".faq." + strconv.Itoa(j)
			if !validKey(e.Key) || keys[e.Key] {
				f.Add(eat+".key", errs.InvalidValue)
			}
			keys[e.Key] = true
			checkText(f, eat+".question", e.Question, maxFAQText, true)
			checkText(f, eat+".answer", e.Answer, maxFAQText, true)
			for _, sit := range e.Situations {
				if !validSituation(sit) {
					f.Add(eat+".situations", errs.InvalidChoice)
				}
			}
		}
	}
	for _, must := range []string{"de", "en"} {
		if !langs[must] {
			f.Add("contents."+must, errs.Required)
		}
	}
	return f.Err()
}

func checkText(f errs.Fields, name, v string, max int, required bool) {
	switch {
	case required && v == "":
		f.Add(name, errs.Required)
	case len(v) > max:
		f.Add(name, errs.TooLong)
	}
}

func validSituation(s Situation) bool {
	switch s {
	case AffectedAny, AffectedBank, AffectedID, NotAffected, PressCaller, AnySituation:
		return true
	}
	return false
}

// validKey: a topic's or FAQ entry's key, 1 to 40 of a-z, 0-9, _ and -.
func validKey(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// validLang: a two-letter language code.
func validLang(l string) bool {
	return len(l) == 2 && l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z'
}

// content picks lang's content of sc, else English, else the first.
func (sc *Script) content(lang string) *ScriptContent {
	if sc == nil || len(sc.Contents) == 0 {
		return nil
	}
	for _, want := range []string{lang, "en"} {
		for i := range sc.Contents {
			if sc.Contents[i].Lang == want {
				return &sc.Contents[i]
			}
		}
	}
	return &sc.Contents[0]
}
