package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// incidentFrame is what every page about one incident shows: the incident,
// what the reader may do in it, its timeline, and the form that failed, if
// one did (the incident page has many forms; only the failed one is
// filled again and marked).
type incidentFrame struct {
	*page
	incidentChoices
	Inc      *incident.Incident
	Acc      incident.Access
	Timeline timelineView
	Failed   *failedForm
	// HeadLink links the title in the head to the incident page;
	// HeadOverdue, when set, shows the number of overdue tasks there.
	HeadLink    bool
	HeadOverdue int
	// Duties links the regulator clock in the head; DutiesOverdue counts
	// the duties past due, shown in red there.
	Duties        bool
	DutiesOverdue int
	// Campaigns links the notification campaigns in the head.
	Campaigns bool
	// People links the register of affected persons in the head.
	People bool
	// Hotline links the hotline's agent console in the head.
	Hotline bool
	// Public links the incident's public side (statements) in the head.
	Public bool
}

// Title is the incident's title, for the browser tab.
func (f *incidentFrame) Title() string { return f.Inc.Title }

// Active reports whether form is the one that failed.
func (f *incidentFrame) Active(form string) bool { return f.Failed != nil && f.Failed.ID == form }

// Err is the translated error of field in form, if form failed.
func (f *incidentFrame) Err(form, field string) string {
	if !f.Active(form) {
		return ""
	}
	key, ok := f.Failed.Errors[field]
	if !ok {
		return ""
	}
	return f.T("err." + key)
}

// Val is what the user sent for field when form failed, fallback otherwise.
func (f *incidentFrame) Val(form, field, fallback string) string {
	if f.Active(form) {
		return f.Failed.Values.Get(field)
	}
	return fallback
}

// incidentChoices offers the domain's lists of values to the templates.
type incidentChoices struct{}

func (incidentChoices) Kinds() []incident.Kind              { return incident.Kinds }
func (incidentChoices) Severities() []incident.Severity     { return incident.Severities }
func (incidentChoices) Statuses() []incident.Status         { return incident.Statuses }
func (incidentChoices) EntryKinds() []incident.EntryKind    { return incident.EntryKinds }
func (incidentChoices) MemberRoles() []incident.MemberRole  { return incident.MemberRoles }
func (incidentChoices) TaskStatuses() []incident.TaskStatus { return incident.TaskStatuses }
func (incidentChoices) Languages() []string                 { return auth.Languages }
func (incidentChoices) MaxFiles() int                       { return incident.MaxAttachments }
func (incidentChoices) MaxFileMiB() int                     { return incident.MaxAttachmentSize >> 20 }
func (incidentChoices) LanguageName(lang string) string     { return languageNames[lang] }
func (incidentChoices) DueKinds() []string                  { return []string{dueNone, dueAt, dueAware} }
func (incidentChoices) OwnerValue(id int64) string          { return strconv.FormatInt(id, 10) }

// languageNames name each language in itself, as language pickers do.
var languageNames = map[string]string{"en": "English", "de": "Deutsch"}

type incidentShowPage struct {
	incidentFrame
	Phases         []taskPhase
	Labels         taskLabels
	PhaseNames     []string
	TaskCount      int
	OpenTasks      int
	OverdueTasks   int
	Members        []incident.Member
	Owners         []incident.Member // active members, who may own a task
	Candidates     []auth.User       // active users not on the team yet
	Contacts       []incident.Contact
	ContactsToFill int
	Playbooks      []playbookOption
}

// TaskForm names the new-task form, whose fields the task form partial
// fills.
func (data *incidentShowPage) TaskForm() string { return "task-new" }

// taskPhase is a group of tasks of one playbook phase, in plan order.
type taskPhase struct {
	Name  string // "" for tasks outside any phase
	Tasks []taskView
}

// taskView is a task ready to show. The incident page may list hundreds
// of tasks, so everything a task shows is worked out here once rather
// than by template calls per task.
type taskView struct {
	// The task's own fields the page shows, copied rather than embedded:
	// templates look fields up by name, and a flat struct is quicker.
	ID          int64
	Title       string
	Description string
	Phase       string
	OwnerName   string
	Status      incident.TaskStatus
	DropReason  string

	Path        string // /incidents/{id}/tasks/{task}
	Class       string
	StatusLabel string
	RoleLabel   string
	Overdue     bool
	CanProgress bool
	Due         *dueView
	Items       []itemView
	// ChecklistHTML is Items as list items, built by checklistHTML.
	ChecklistHTML template.HTML
	// ChecklistSummary says "3 of 4 checklist items done" for a task that
	// is done or dropped, whose checklist is not shown in full.
	ChecklistSummary string
	// The status buttons, and the drop form, filled again with the input
	// and errors when it was the form that failed.
	Moves        []statusMove
	DropOpen     bool
	DropValue    string
	DropErr      string
	StatusErr    string
	ChecklistErr string
}

type itemView struct {
	Text   string
	Done   bool
	Value  string // what its button sends: "index:1" ticks, "index:0" unticks
	Action string
}

// statusMove is a one-click status change offered on a task: "Start",
// "Mark done", "Reopen". Dropping needs a reason and has its own form.
type statusMove struct {
	Value string
	Label string
}

// dueView shows a due time with a running clock: "due in 3 h" or "overdue
// by 2 h". Before and After are the words around the clock, so that each
// language can put the duration where it belongs.
type dueView struct {
	Class   string
	ISO     string
	Running bool   // the task is active, so the clock counts
	Overdue bool   // the clock counts up since the due time
	Before  string // translated text before the clock
	After   string // and after it
	Clock   string // the duration shown until the script takes over
	Text    string // the due time, and "T+3 d 0 h" for a due after awareness
}

// taskLabels are the texts every task shows, translated once per page.
type taskLabels struct {
	NoPhase, Overdue, Edit, Owner, Nobody, Role, Details, DroppedBecause string
	Checklist, DropReason, Drop, DropConfirm                             string
}

type playbookOption struct {
	Name    string
	Title   string
	Kind    incident.Kind
	Version int
	Tasks   int
}

// dueSoonWindow marks tasks due within this time.
const dueSoonWindow = 4 * time.Hour

// handleIncidentShow shows an incident: its clock, facts, tasks, timeline,
// team and contacts, with the forms the reader may use.
func (s *Server) handleIncidentShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	return s.showIncident(w, r, c, id, http.StatusOK, nil)
}

// showIncident renders the incident page; with failed, it shows that form
// again with the user's input and errors.
func (s *Server) showIncident(w http.ResponseWriter, r *http.Request, c *caller, id int64, status int, failed *failedForm) error {
	ctx, svc := r.Context(), s.cfg.Incidents
	inc, acc, err := svc.Get(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	data := &incidentShowPage{incidentFrame: incidentFrame{Inc: inc, Acc: acc, Failed: failed, People: s.cfg.People != nil}}
	data.page = s.newPage(r, c, "incident.page_title")
	data.page.Nav = "incidents"
	if failed != nil {
		data.page.Problem = failed.Problem
	}
	openCorrection, _ := strconv.ParseInt(r.URL.Query().Get("correct"), 10, 64)
	if data.Timeline, err = s.loadTimeline(r, c, data.page, inc, acc, 0, incidentURL(id), openCorrection, failed); err != nil {
		return err
	}
	tasks, err := svc.Tasks(ctx, c.Actor, id)
	if err != nil {
		return err
	}
	data.groupTasks(tasks, acc)
	data.PhaseNames = phaseNames(tasks)
	data.HeadOverdue = data.OverdueTasks
	if err := s.loadDutiesBadge(r, &data.incidentFrame); err != nil {
		return err
	}
	if data.Members, err = svc.Members(ctx, c.Actor, id); err != nil {
		return err
	}
	for _, m := range data.Members {
		if !m.Disabled {
			data.Owners = append(data.Owners, m)
		}
	}
	if data.Contacts, err = svc.Contacts(ctx, c.Actor, id); err != nil {
		return err
	}
	for i := range data.Contacts {
		if !data.Contacts[i].Filled() {
			data.ContactsToFill++
		}
	}
	if acc.Manage {
		if err := s.loadManageChoices(r, c, data); err != nil {
			return err
		}
	}
	s.render(w, r, status, "incident_show", data)
	return nil
}

// loadManageChoices loads what only managers choose from: users to add to
// the team and playbooks to apply.
func (s *Server) loadManageChoices(r *http.Request, c *caller, data *incidentShowPage) error {
	users, err := s.cfg.Auth.ActiveUsers(r.Context())
	if err != nil {
		return err
	}
	onTeam := make(map[int64]bool, len(data.Members))
	for _, m := range data.Members {
		onTeam[m.UserID] = true
	}
	for _, u := range users {
		if !onTeam[u.ID] {
			data.Candidates = append(data.Candidates, u)
		}
	}
	pbs, err := s.cfg.Incidents.Playbooks(r.Context())
	if err != nil {
		return err
	}
	data.Playbooks = playbookOptions(pbs, c.Lang)
	return nil
}

func playbookOptions(pbs []incident.Playbook, lang string) []playbookOption {
	out := make([]playbookOption, len(pbs))
	for i := range pbs {
		p := &pbs[i]
		out[i] = playbookOption{Name: p.Name, Title: p.Title.In(lang), Kind: p.Kind, Version: p.Version, Tasks: p.TaskCount()}
	}
	return out
}

// groupTasks sorts the tasks (already in plan order) into their phases, in
// the order the phases first appear, and counts open and overdue ones.
func (data *incidentShowPage) groupTasks(tasks []incident.Task, acc incident.Access) {
	data.Labels = taskLabels{
		NoPhase: data.T("task.no_phase"), Overdue: data.T("task.overdue"), Edit: data.T("task.edit"),
		Owner: data.T("task.owner"), Nobody: data.T("task.nobody"), Role: data.T("task.role"),
		Details: data.T("task.details"), DroppedBecause: data.T("task.dropped_because"), Checklist: data.T("task.checklist"),
		DropReason: data.T("task.drop_reason"),
		Drop:       data.T("task.drop"), DropConfirm: data.T("task.drop_confirm"),
	}
	tr := newTaskTexts(data.incidentFrame.page)
	index := map[string]int{}
	data.TaskCount = len(tasks)
	for i := range tasks {
		v := data.taskView(&tasks[i], acc, tr)
		if v.Status.Active() {
			data.OpenTasks++
		}
		if v.Overdue {
			data.OverdueTasks++
		}
		n, ok := index[v.Phase]
		if !ok {
			n = len(data.Phases)
			index[v.Phase] = n
			data.Phases = append(data.Phases, taskPhase{Name: v.Phase})
		}
		data.Phases[n].Tasks = append(data.Phases[n].Tasks, v)
	}
}

// taskTexts are translations looked up once per page rather than per task.
type taskTexts struct {
	status       map[incident.TaskStatus]string
	moves        map[incident.TaskStatus][]statusMove
	role         map[incident.MemberRole]string
	dueIn        [2]string
	overdueBy    [2]string
	due          string
	tick, untick string
	ticked       string
}

func newTaskTexts(p *page) *taskTexts {
	tr := &taskTexts{
		status: map[incident.TaskStatus]string{}, role: map[incident.MemberRole]string{},
		dueIn: splitClock(p.T("task.due_in")), overdueBy: splitClock(p.T("task.overdue_by")),
		due: p.T("task.due"), tick: p.T("task.tick"), untick: p.T("task.untick"), ticked: p.T("task.ticked"),
	}
	for _, st := range incident.TaskStatuses {
		tr.status[st] = p.T("task.status." + string(st))
	}
	move := func(to incident.TaskStatus, key string) statusMove {
		return statusMove{Value: string(to), Label: p.T(key)}
	}
	tr.moves = map[incident.TaskStatus][]statusMove{
		incident.TaskOpen:    {move(incident.TaskDoing, "task.move.start"), move(incident.TaskDone, "task.move.done")},
		incident.TaskDoing:   {move(incident.TaskDone, "task.move.done"), move(incident.TaskOpen, "task.move.back")},
		incident.TaskDone:    {move(incident.TaskOpen, "task.move.reopen")},
		incident.TaskDropped: {move(incident.TaskOpen, "task.move.reopen")},
	}
	for _, r := range incident.MemberRoles {
		tr.role[r] = p.T("mrole." + string(r))
	}
	return tr
}

func (data *incidentShowPage) taskView(t *incident.Task, acc incident.Access, tr *taskTexts) taskView {
	now := data.Now
	v := taskView{
		ID: t.ID, Title: t.Title, Description: t.Description, Phase: t.Phase, OwnerName: t.OwnerName,
		Status: t.Status, DropReason: t.DropReason,
		Path:        incidentURL(t.IncidentID) + "/tasks/" + strconv.FormatInt(t.ID, 10),
		StatusLabel: tr.status[t.Status], RoleLabel: tr.role[t.Role],
		Overdue: t.Overdue(now), CanProgress: acc.CanProgress(t), Class: "task",
	}
	if v.RoleLabel == "" && t.Role != "" {
		v.RoleLabel = string(t.Role)
	}
	switch {
	case v.Overdue:
		v.Class += " is-overdue"
	case t.Status == incident.TaskDone:
		v.Class += " is-done"
	case t.Status == incident.TaskDropped:
		v.Class += " is-dropped"
	}
	if t.Due.At != nil {
		v.Due = data.dueView(t, v.Overdue, tr)
	}
	v.Items = make([]itemView, len(t.Checklist))
	for i, it := range t.Checklist {
		item := itemView{Text: it.Text, Done: it.Done, Value: strconv.Itoa(i) + ":1", Action: tr.tick}
		if it.Done {
			item.Value, item.Action = strconv.Itoa(i)+":0", tr.untick
		}
		v.Items[i] = item
	}
	if t.Status.Active() {
		v.ChecklistHTML = checklistHTML(v.Items, v.CanProgress, tr.ticked)
	} else if len(t.Checklist) > 0 {
		v.ChecklistSummary = data.T("task.checklist_summary", "done", countDone(t.Checklist), "total", len(t.Checklist))
	}
	if !v.CanProgress {
		return v
	}
	form := "task-" + strconv.FormatInt(t.ID, 10)
	v.Moves = tr.moves[t.Status]
	v.DropValue = data.Val(form, "drop_reason", t.DropReason)
	v.DropErr, v.StatusErr, v.ChecklistErr = data.Err(form, "drop_reason"), data.Err(form, "status"), data.Err(form, "checklist")
	v.DropOpen = v.DropErr != ""
	return v
}

func (data *incidentShowPage) dueView(t *incident.Task, overdue bool, tr *taskTexts) *dueView {
	at := *t.Due.At
	d := &dueView{Class: "inc-due", ISO: data.ISO(at), Running: t.Status.Active(), Overdue: overdue, Text: data.Time(at)}
	switch {
	case overdue:
		d.Class += " inc-late"
		d.Before, d.After, d.Clock = tr.overdueBy[0], tr.overdueBy[1], data.Duration(data.Now.Sub(at))
	case d.Running:
		if at.Sub(data.Now) < dueSoonWindow {
			d.Class += " due-soon"
		}
		d.Before, d.After, d.Clock = tr.dueIn[0], tr.dueIn[1], data.Duration(at.Sub(data.Now))
	default:
		d.Before = tr.due + " "
	}
	if t.Due.AfterAware != nil {
		d.Text += ", T+" + data.Duration(*t.Due.AfterAware)
	}
	return d
}

func countDone(items []incident.ChecklistItem) int {
	n := 0
	for _, it := range items {
		if it.Done {
			n++
		}
	}
	return n
}

// phaseNames lists the phases of tasks in plan order, to offer them in the
// task form.
func phaseNames(tasks []incident.Task) []string {
	var out []string
	seen := map[string]bool{"": true}
	for i := range tasks {
		if p := tasks[i].Phase; !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// splitClock splits a text such as "overdue by {time}" around its
// placeholder.
func splitClock(text string) [2]string {
	before, after, _ := strings.Cut(text, "{time}")
	return [2]string{before, after}
}

// loadDutiesBadge counts the incident's overdue duties for the head.
func (s *Server) loadDutiesBadge(r *http.Request, f *incidentFrame) error {
	f.Campaigns = s.cfg.Notify != nil
	f.People = s.cfg.People != nil
	f.Hotline = s.cfg.Hotline != nil
	f.Public = s.cfg.Publish != nil
	if s.cfg.Obligations == nil {
		return nil
	}
	f.Duties = true
	counts, err := s.cfg.Obligations.OverdueDuties(r.Context(), []*incident.Incident{f.Inc})
	if err != nil {
		return err
	}
	f.DutiesOverdue = counts[f.Inc.ID]
	return nil
}

// dutiesBadge fills the head's duties link from duties already evaluated,
// on the pages of the regulator clock.
func (f *incidentFrame) dutiesBadge(v *obligation.View) {
	f.Duties = true
	f.DutiesOverdue = 0
	for i := range v.Obligations {
		if v.Obligations[i].Overdue(v.Now) {
			f.DutiesOverdue++
		}
	}
}
