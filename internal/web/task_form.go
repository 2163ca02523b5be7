package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The task form, on the incident page (new task) and the task edit page.
// A due time is one of three kinds, chosen with due_kind:
//
//	none   no due time
//	at     a date and time (due_at, datetime-local in the reader's zone)
//	aware  some time after awareness (due_offset: "72h", "3d", "1d12h",
//	       "aware+72h"; a bare number counts hours)
const (
	dueNone  = "none"
	dueAt    = "at"
	dueAware = "aware"
)

// parseTaskInput reads the task form into the input for a new task.
func parseTaskInput(r *http.Request, loc *time.Location, f errs.Fields) incident.TaskInput {
	return incident.TaskInput{
		Title:       r.PostFormValue("title"),
		Description: r.PostFormValue("description"),
		Phase:       r.PostFormValue("phase"),
		OwnerID:     parseOwner(r.PostFormValue("owner_id"), f),
		Role:        incident.MemberRole(strings.TrimSpace(r.PostFormValue("role"))),
		Due:         parseDue(r.PostForm, loc, f),
		Checklist:   checklistLines(r.PostFormValue("checklist")),
	}
}

// parseTaskPatch reads the full edit form: every field is set, so the task
// becomes what the form shows.
func parseTaskPatch(r *http.Request, loc *time.Location, f errs.Fields) incident.TaskPatch {
	in := parseTaskInput(r, loc, f)
	p := incident.TaskPatch{
		Title: &in.Title, Description: &in.Description, OwnerID: &in.OwnerID, Role: &in.Role,
		Due: &in.Due, Checklist: &in.Checklist,
	}
	if v := r.PostFormValue("status"); v != "" {
		st := incident.TaskStatus(v)
		reason := r.PostFormValue("drop_reason")
		p.Status, p.DropReason = &st, &reason
	}
	return p
}

func parseOwner(v string, f errs.Fields) int64 {
	v = strings.TrimSpace(v)
	if v == "" || v == "0" {
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		f.Add("owner_id", errs.InvalidChoice)
		return unreadableID
	}
	return id
}

// parseDue reads the due fields; every problem is reported on "due", the
// name the service uses too. What cannot be read becomes a due the service
// refuses, so that it names the other problems of the form.
func parseDue(form url.Values, loc *time.Location, f errs.Fields) incident.Due {
	unreadable := func(key string) incident.Due {
		f.Add("due", key)
		neg := -time.Minute
		return incident.Due{AfterAware: &neg}
	}
	switch form.Get("due_kind") {
	case "", dueNone:
		return incident.Due{}
	case dueAt:
		t := parseInputTime("due", form.Get("due_at"), loc, f)
		if t.IsZero() || t.Equal(unreadableTime) {
			return unreadable(errs.InvalidDue)
		}
		return incident.Due{At: &t}
	case dueAware:
		d, ok := parseDueOffset(form.Get("due_offset"))
		if !ok {
			return unreadable(errs.InvalidDue)
		}
		return incident.Due{AfterAware: &d}
	default:
		return unreadable(errs.InvalidChoice)
	}
}

// parseDueOffset reads a time after awareness the way people type it:
// "72" (hours), "72h", "3d 4h", "3 Tg. 4 Std.", or the playbook form
// "aware+72h".
func parseDueOffset(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.NewReplacer(" ", "", ".", "").Replace(strings.TrimSpace(s)))
	s = germanUnits.Replace(s)
	if s == "" {
		return 0, false
	}
	if strings.Trim(s, "0123456789") == "" {
		s += "h"
	}
	if !strings.HasPrefix(s, "aware") {
		s = "aware+" + strings.TrimPrefix(s, "+")
	}
	d, err := incident.ParseDueOffset(s)
	return d, err == nil
}

// germanUnits reads the units of German durations as the desk shows them
// ("3 Tg. 4 Std."), so a German reader can type what they see; dots are
// dropped before.
var germanUnits = strings.NewReplacer("std", "h", "min", "m", "tg", "d", "t", "d")

// formatDueOffset writes an offset the way the form shows it: "3d", "1d12h".
func formatDueOffset(d time.Duration) string {
	if d == 0 {
		return "0h"
	}
	return strings.TrimPrefix(incident.FormatDueOffset(d), "aware+")
}

// checklistLines splits the checklist textarea into items, one a line.
func checklistLines(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// taskValues fills the task form from a task.
func taskValues(t *incident.Task, loc *time.Location) url.Values {
	v := url.Values{
		"title":       {t.Title},
		"description": {t.Description},
		"phase":       {t.Phase},
		"owner_id":    {strconv.FormatInt(t.OwnerID, 10)},
		"role":        {string(t.Role)},
		"status":      {string(t.Status)},
		"drop_reason": {t.DropReason},
		"due_kind":    {dueNone},
	}
	switch {
	case t.Due.AfterAware != nil:
		v.Set("due_kind", dueAware)
		v.Set("due_offset", formatDueOffset(*t.Due.AfterAware))
	case t.Due.At != nil:
		v.Set("due_kind", dueAt)
		v.Set("due_at", formInputTime(t.Due.At, loc))
	}
	lines := make([]string, len(t.Checklist))
	for i, it := range t.Checklist {
		lines[i] = it.Text
	}
	v.Set("checklist", strings.Join(lines, "\n"))
	return v
}

// parseTick reads a checklist button's value "index:1" (tick) or "index:0"
// (untick). The state is explicit, so sending the form twice does not undo
// the first click.
func parseTick(v string) (int, bool, bool) {
	idx, state, ok := strings.Cut(v, ":")
	if !ok || (state != "0" && state != "1") {
		return 0, false, false
	}
	i, err := strconv.Atoi(idx)
	if err != nil || i < 0 {
		return 0, false, false
	}
	return i, state == "1", true
}
