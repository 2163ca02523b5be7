package incident

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Tasks lists the tasks of incident id in plan order.
func (s *Service) Tasks(ctx context.Context, a auth.Actor, id int64) ([]Task, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Tasks(ctx, id)
}

// Task returns one task.
func (s *Service) Task(ctx context.Context, a auth.Actor, id, taskID int64) (*Task, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Task(ctx, id, taskID)
}

// CreateTask adds a task to incident id.
func (s *Service) CreateTask(ctx context.Context, a auth.Actor, id int64, in TaskInput) (*Task, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.need(acc.EditTasks, "create tasks"); err != nil {
		return nil, err
	}
	f := errs.Fields{}
	in.validate(f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	t := &Task{
		IncidentID: id, Title: in.Title, Description: in.Description, Phase: in.Phase,
		OwnerID: in.OwnerID, Role: in.Role, Due: in.Due, Status: TaskOpen,
		CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now,
	}
	for _, text := range in.Checklist {
		t.Checklist = append(t.Checklist, ChecklistItem{Text: text})
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		inc, err := tx.IncidentForUpdate(ctx, id)
		if err != nil {
			return err
		}
		if err := checkOwner(ctx, tx, id, t.OwnerID); err != nil {
			return err
		}
		t.Due.Resolve(inc.AwareAt)
		if t.Position, err = tx.NextTaskPosition(ctx, id); err != nil {
			return err
		}
		if err := tx.CreateTask(ctx, t); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "task.create", ObjectType: "task", ObjectID: t.ID})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// checkOwner makes sure a task's owner is on the incident's team.
func checkOwner(ctx context.Context, tx Tx, id, ownerID int64) error {
	if ownerID == 0 {
		return nil
	}
	members, err := tx.Members(ctx, id)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.UserID == ownerID && !m.Disabled {
			return nil
		}
	}
	return &errs.Error{Code: errs.Invalid, Message: "the owner must be an active member of the incident team",
		Fields: map[string]string{"owner_id": errs.InvalidChoice}}
}

// UpdateTask changes a task. Whoever edits tasks may change anything; the
// task's owner may move it along (status, checklist).
func (s *Service) UpdateTask(ctx context.Context, a auth.Actor, id, taskID int64, p TaskPatch) (*Task, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var t *Task
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.TaskForUpdate(ctx, id, taskID); err != nil {
			return err
		}
		allowed := acc.EditTasks || (p.OnlyProgress() && acc.CanProgress(t))
		if err := acc.need(allowed, "change this task"); err != nil {
			return err
		}
		before := t.Status
		if err := s.applyTaskPatch(ctx, tx, a, t, p); err != nil {
			return err
		}
		t.UpdatedAt = s.now()
		if err := tx.UpdateTask(ctx, t); err != nil {
			return err
		}
		detail := map[string]any{}
		if before != t.Status {
			detail["status"] = t.Status
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "task.update", ObjectType: "task", ObjectID: t.ID, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func (s *Service) applyTaskPatch(ctx context.Context, tx Tx, a auth.Actor, t *Task, p TaskPatch) error {
	in := TaskInput{Title: t.Title, Description: t.Description, Phase: t.Phase, OwnerID: t.OwnerID, Role: t.Role, Due: t.Due}
	setIf(&in.Title, p.Title)
	setIf(&in.Description, p.Description)
	setIf(&in.OwnerID, p.OwnerID)
	setIf(&in.Role, p.Role)
	setIf(&in.Due, p.Due)
	if p.Checklist != nil {
		in.Checklist = *p.Checklist
	}
	f := errs.Fields{}
	in.validate(f)
	s.applyStatus(a, t, p, f)
	if err := f.Err(); err != nil {
		return err
	}
	if p.OwnerID != nil && *p.OwnerID != t.OwnerID {
		if err := checkOwner(ctx, tx, t.IncidentID, *p.OwnerID); err != nil {
			return err
		}
	}
	if p.Due != nil {
		inc, err := tx.IncidentForUpdate(ctx, t.IncidentID)
		if err != nil {
			return err
		}
		in.Due.Resolve(inc.AwareAt)
	}
	t.Title, t.Description, t.OwnerID, t.Role, t.Due = in.Title, in.Description, in.OwnerID, in.Role, in.Due
	if p.Checklist != nil {
		t.Checklist = mergeChecklist(t.Checklist, in.Checklist)
	}
	return s.applyChecks(a, t, p.Check)
}

// applyStatus moves the task to a new status; dropping needs a reason.
func (s *Service) applyStatus(a auth.Actor, t *Task, p TaskPatch, f errs.Fields) {
	if p.Status == nil || *p.Status == t.Status {
		return
	}
	next := *p.Status
	if !oneOf(next, TaskStatuses) {
		f.Add("status", errs.InvalidChoice)
		return
	}
	reason := ""
	if p.DropReason != nil {
		reason = strings.TrimSpace(*p.DropReason)
	}
	if next == TaskDropped {
		switch {
		case reason == "":
			f.Add("drop_reason", errs.Required)
		case utf8.RuneCountInString(reason) > MaxDropReasonLen:
			f.Add("drop_reason", errs.TooLong)
		}
	} else {
		reason = ""
	}
	t.Status, t.DropReason = next, reason
	if next == TaskDone {
		now := s.now()
		t.DoneAt = &now
	} else {
		t.DoneAt = nil
	}
}

// applyChecks ticks or unticks checklist items by index.
func (s *Service) applyChecks(a auth.Actor, t *Task, checks map[int]bool) error {
	for i, done := range checks {
		if i < 0 || i >= len(t.Checklist) {
			return &errs.Error{Code: errs.Invalid, Message: "no such checklist item", Fields: map[string]string{"checklist": errs.InvalidValue}}
		}
		item := &t.Checklist[i]
		if item.Done == done {
			continue
		}
		item.Done = done
		if done {
			now := s.now()
			item.DoneBy, item.DoneAt = a.UserID, &now
		} else {
			item.DoneBy, item.DoneAt = 0, nil
		}
	}
	return nil
}

// mergeChecklist replaces the texts of a checklist; an item whose text was
// already there keeps whether, when and by whom it was ticked.
func mergeChecklist(old []ChecklistItem, texts []string) []ChecklistItem {
	byText := make(map[string]ChecklistItem, len(old))
	for _, it := range old {
		if _, seen := byText[it.Text]; !seen {
			byText[it.Text] = it
		}
	}
	out := make([]ChecklistItem, len(texts))
	for i, text := range texts {
		if it, ok := byText[text]; ok {
			out[i] = it
			delete(byText, text)
			continue
		}
		out[i] = ChecklistItem{Text: text}
	}
	return out
}
