package incident

import (
	"context"
	"strconv"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Playbooks lists the playbook library: built-in playbooks first, then the
// imported ones. Every logged-in user may read it.
func (s *Service) Playbooks(ctx context.Context) ([]Playbook, error) {
	imported, err := s.store.Playbooks(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Playbook, 0, len(s.builtins)+len(imported))
	for _, p := range s.builtins {
		out = append(out, *p)
	}
	return append(out, imported...), nil
}

// Playbook returns one playbook by name.
func (s *Service) Playbook(ctx context.Context, name string) (*Playbook, error) {
	return s.findPlaybook(ctx, name)
}

func (s *Service) findPlaybook(ctx context.Context, name string) (*Playbook, error) {
	for _, p := range s.builtins {
		if p.Name == name {
			cp := *p
			return &cp, nil
		}
	}
	return s.store.Playbook(ctx, name)
}

// CanImport reports whether a may import playbooks.
func CanImport(a auth.Actor) bool { return a.Role == auth.RoleAdmin || a.Role == auth.RoleLead }

// ImportPlaybook checks a playbook file and adds it to the library, replacing
// an imported playbook of the same name. Built-in names are taken.
func (s *Service) ImportPlaybook(ctx context.Context, a auth.Actor, src []byte) (*Playbook, error) {
	if !CanImport(a) {
		return nil, errs.E(errs.Forbidden, "only leads and admins import playbooks")
	}
	p, err := ParsePlaybook(src)
	if err != nil {
		return nil, &errs.Error{Code: errs.Invalid, Message: err.Error()}
	}
	for _, b := range s.builtins {
		if b.Name == p.Name {
			return nil, &errs.Error{Code: errs.Conflict, Message: "a built-in playbook is called \"" + p.Name + "\"; choose another name",
				Fields: map[string]string{"name": errs.Taken}}
		}
	}
	p.ImportedBy, p.ImportedAt = a.UserID, s.now()
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SavePlaybook(ctx, p); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{Action: "playbook.import", ObjectType: "playbook",
			Detail: map[string]any{"name": p.Name, "version": p.Version}}))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Applied says what applying a playbook created.
type Applied struct {
	Playbook string
	Tasks    int
	Contacts int
}

// ApplyPlaybook turns a playbook into tasks (with due times computed from
// aware_at) and contact slots of incident id, in lang. A playbook is applied
// to an incident once.
func (s *Service) ApplyPlaybook(ctx context.Context, a auth.Actor, id int64, name, lang string) (*Applied, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.need(acc.Manage, "apply playbooks"); err != nil {
		return nil, err
	}
	p, err := s.findPlaybook(ctx, name)
	if err != nil {
		return nil, err
	}
	var res *Applied
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		res, err = s.applyPlaybook(ctx, tx, a, inc, p, lang)
		return err
	})
	return res, err
}

func (s *Service) applyPlaybook(ctx context.Context, tx Tx, a auth.Actor, inc *Incident, p *Playbook, lang string) (*Applied, error) {
	if !auth.ValidLanguage(lang) {
		lang = "en"
	}
	now := s.now()
	if err := tx.RecordPlaybookApplied(ctx, inc.ID, p.Name, p.Version, a.UserID, now); err != nil {
		if errs.Is(err, errs.Conflict) {
			return nil, errs.E(errs.Conflict, "this playbook was already applied to the incident")
		}
		return nil, err
	}
	pos, err := tx.NextTaskPosition(ctx, inc.ID)
	if err != nil {
		return nil, err
	}
	res := &Applied{Playbook: p.Name}
	for _, ph := range p.Phases {
		for _, pt := range ph.Tasks {
			t := playbookTask(inc, ph, pt, lang, a.UserID, now)
			t.Position = pos
			pos++
			if err := tx.CreateTask(ctx, t); err != nil {
				return nil, err
			}
			res.Tasks++
		}
	}
	if res.Contacts, err = s.addContactSlots(ctx, tx, inc.ID, p, lang, a.UserID); err != nil {
		return nil, err
	}
	ev := SystemEvent{Name: "playbook_applied", Args: map[string]string{
		"title": p.Title.In(lang), "version": strconv.Itoa(p.Version),
		"tasks": strconv.Itoa(res.Tasks), "contacts": strconv.Itoa(res.Contacts),
	}}
	if err := s.systemEntry(ctx, tx, a, inc.ID, EntrySystem, ev); err != nil {
		return nil, err
	}
	return res, s.audit(ctx, tx, a, inc.ID, auth.Event{Action: "playbook.apply", ObjectType: "incident", ObjectID: inc.ID,
		Detail: map[string]any{"playbook": p.Name, "version": p.Version, "tasks": res.Tasks}})
}

func playbookTask(inc *Incident, ph Phase, pt PlaybookTask, lang string, by int64, now time.Time) *Task {
	t := &Task{
		IncidentID: inc.ID, Title: pt.Title.In(lang), Description: pt.Description.In(lang),
		Phase: ph.Name.In(lang), Role: pt.Role, Status: TaskOpen,
		CreatedBy: by, CreatedAt: now, UpdatedAt: now,
	}
	if pt.Due != nil {
		d := *pt.Due
		t.Due = Due{AfterAware: &d}
		t.Due.Resolve(inc.AwareAt)
	}
	for _, c := range pt.Checklist {
		t.Checklist = append(t.Checklist, ChecklistItem{Text: c.In(lang)})
	}
	return t
}

// addContactSlots creates an empty contact for each role the incident does
// not have yet.
func (s *Service) addContactSlots(ctx context.Context, tx Tx, id int64, p *Playbook, lang string, by int64) (int, error) {
	existing, err := tx.Contacts(ctx, id)
	if err != nil {
		return 0, err
	}
	have := make(map[string]bool, len(existing))
	for _, c := range existing {
		have[c.Role] = true
	}
	n := 0
	for _, pc := range p.Contacts {
		if have[pc.Role] {
			continue
		}
		have[pc.Role] = true
		c := &Contact{IncidentID: id, Role: pc.Role, Label: pc.Label.In(lang), UpdatedBy: by, UpdatedAt: s.now()}
		if err := tx.CreateContact(ctx, c); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
