package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var taskScenarios = []scenario{
	{"tasks/every field survives a round trip, with the owner's name", testTaskRoundTrip},
	{"tasks/update changes every field but ID and incident", testTaskUpdate},
	{"tasks/are listed by position, then ID", testTaskOrder},
	{"tasks/the next position is one after the largest", testNextTaskPosition},
	{"tasks/relative dues move with awareness, fixed ones stay", testShiftRelativeDues},
}

func testTaskRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	owner := newUser(t, s, "owner@example.org", "Olga Owner", auth.RoleResponder)
	nameless := newUser(t, s, "nameless@example.org", "", auth.RoleResponder)
	inc := newIncident(t, s, "tasks")
	cases := []struct {
		name      string
		task      incident.Task
		ownerName string
	}{
		{"minimal", incident.Task{IncidentID: inc.ID, Title: "Minimal", Position: 1, Status: incident.TaskOpen, CreatedAt: t0, UpdatedAt: t0}, ""},
		{"every field set, fixed due", incident.Task{
			IncidentID: inc.ID, Title: "Report to the authority", Description: "Art. 33 GDPR", Phase: "Notify",
			Position: 2, OwnerID: owner.ID, Role: incident.RoleDPO, Due: incident.Due{At: ptr(at(72 * time.Hour))},
			Status: incident.TaskDone, DropReason: "", CreatedBy: owner.ID, CreatedAt: t0, UpdatedAt: at(time.Hour),
			DoneAt: ptr(at(2 * time.Hour)),
			Checklist: []incident.ChecklistItem{
				{Text: "Fill in the form", Done: true, DoneBy: owner.ID, DoneAt: ptr(at(90 * time.Minute))},
				{Text: "Keep the receipt"},
			},
		}, "Olga Owner"},
		{"relative due, owner without a name", incident.Task{
			IncidentID: inc.ID, Title: "Relative", Position: 3, OwnerID: nameless.ID,
			Due:    incident.Due{At: ptr(at(36 * time.Hour)), AfterAware: ptr(36 * time.Hour)},
			Status: incident.TaskDropped, DropReason: "not needed", CreatedAt: t0, UpdatedAt: t0,
		}, "nameless@example.org"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			task := tc.task
			updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.CreateTask(ctx, &task) })
			want := tc.task
			want.ID, want.OwnerName = task.ID, tc.ownerName
			wantEqual(t, "CreateTask", &task, &want)
			wantEqual(t, "Task", must(s.Incidents.Task(ctx, inc.ID, task.ID))(t), &want)
			updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
				wantEqual(t, "TaskForUpdate", must(tx.TaskForUpdate(ctx, inc.ID, task.ID))(t), &want)
				return nil
			})
		})
	}
}

func testTaskUpdate(t *testing.T, s Stores) {
	owner := newUser(t, s, "owner@example.org", "Olga", auth.RoleResponder)
	inc := newIncident(t, s, "tasks")
	task := newTask(t, s, inc.ID, "before")
	changed := incident.Task{
		ID: task.ID, IncidentID: inc.ID, Title: "after", Description: "d", Phase: "p", Position: 9, OwnerID: owner.ID,
		Role: incident.RoleLegal, Due: incident.Due{At: ptr(at(time.Hour)), AfterAware: ptr(time.Hour)},
		Status: incident.TaskDoing, DropReason: "", Checklist: []incident.ChecklistItem{{Text: "one"}},
		CreatedBy: owner.ID, CreatedAt: at(time.Minute), UpdatedAt: at(time.Hour), DoneAt: nil,
	}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.UpdateTask(ctx, &changed) })
	if changed.OwnerName != "Olga" {
		t.Errorf("UpdateTask set OwnerName %q, want Olga", changed.OwnerName)
	}
	wantEqual(t, "task after update", must(s.Incidents.Task(t.Context(), inc.ID, task.ID))(t), &changed)

	// Back to nothing: no owner, no due, no checklist.
	cleared := changed
	cleared.OwnerID, cleared.OwnerName, cleared.Due, cleared.Checklist = 0, "", incident.Due{}, nil
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.UpdateTask(ctx, &cleared) })
	wantEqual(t, "task after clearing", must(s.Incidents.Task(t.Context(), inc.ID, task.ID))(t), &cleared)
}

func testTaskOrder(t *testing.T, s Stores) {
	inc := newIncident(t, s, "tasks")
	other := newIncident(t, s, "other")
	for _, tk := range []struct {
		title string
		pos   int
	}{{"third", 2}, {"first", 1}, {"second", 1}, {"fourth", 10}} {
		newTask(t, s, inc.ID, tk.title, func(task *incident.Task) { task.Position = tk.pos })
	}
	newTask(t, s, other.ID, "elsewhere")
	var got []string
	for _, task := range must(s.Incidents.Tasks(t.Context(), inc.ID))(t) {
		got = append(got, task.Title)
	}
	wantEqual(t, "task order", got, []string{"first", "second", "third", "fourth"})
}

func testNextTaskPosition(t *testing.T, s Stores) {
	inc := newIncident(t, s, "tasks")
	other := newIncident(t, s, "other")
	next := func() int {
		var n int
		updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
			var err error
			n, err = tx.NextTaskPosition(ctx, inc.ID)
			return err
		})
		return n
	}
	if n := next(); n != 1 {
		t.Errorf("next position in an empty incident = %d, want 1", n)
	}
	newTask(t, s, inc.ID, "a", func(task *incident.Task) { task.Position = 4 })
	newTask(t, s, inc.ID, "b", func(task *incident.Task) { task.Position = 2 })
	newTask(t, s, other.ID, "c", func(task *incident.Task) { task.Position = 99 })
	if n := next(); n != 5 {
		t.Errorf("next position = %d, want 5", n)
	}
}

func testShiftRelativeDues(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "tasks")
	other := newIncident(t, s, "other")
	fixed := at(5 * time.Hour)
	relative := newTask(t, s, inc.ID, "relative", func(task *incident.Task) {
		task.Due = incident.Due{AfterAware: ptr(72 * time.Hour)}
		task.Due.Resolve(t0)
	})
	atAware := newTask(t, s, inc.ID, "at awareness", func(task *incident.Task) {
		task.Due = incident.Due{AfterAware: ptr(time.Duration(0))}
		task.Due.Resolve(t0)
	})
	fixedTask := newTask(t, s, inc.ID, "fixed", func(task *incident.Task) { task.Due = incident.Due{At: &fixed} })
	noDue := newTask(t, s, inc.ID, "no due")
	elsewhere := newTask(t, s, other.ID, "elsewhere", func(task *incident.Task) {
		task.Due = incident.Due{AfterAware: ptr(time.Hour)}
		task.Due.Resolve(t0)
	})

	aware := at(-6 * time.Hour)
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.ShiftRelativeDues(ctx, inc.ID, aware) })
	wantDue := map[int64]*time.Time{
		relative.ID: ptr(aware.Add(72 * time.Hour)), atAware.ID: ptr(aware), fixedTask.ID: &fixed, noDue.ID: nil,
	}
	for _, task := range must(s.Incidents.Tasks(ctx, inc.ID))(t) {
		wantEqual(t, task.Title+" due", task.Due.At, wantDue[task.ID])
	}
	wantEqual(t, "due in another incident", must(s.Incidents.Task(ctx, other.ID, elsewhere.ID))(t).Due, elsewhere.Due)
}
