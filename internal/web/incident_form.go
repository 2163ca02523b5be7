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

// Helpers shared by the incident pages: reading IDs from paths, times from
// datetime-local inputs, the incident form both ways, and remembering which
// of the many forms on the incident page failed.

// loadIncidentFor loads incident id and refuses a caller whose access lacks
// the right allowed checks. Handlers call it before reading a form, so that
// a non-member hears "not found" and a member without the right
// "forbidden", whatever they sent.
func (s *Server) loadIncidentFor(r *http.Request, c *caller, allowed func(incident.Access) bool, what string) (*incident.Incident, incident.Access, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, incident.Access{}, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, acc, err
	}
	if allowed != nil && !allowed(acc) {
		return nil, acc, errs.E(errs.Forbidden, "your role does not allow you to %s", what)
	}
	return inc, acc, nil
}

// loadTaskFor is loadIncidentFor for a task page: it loads the incident
// and the task named in the path.
func (s *Server) loadTaskFor(r *http.Request, c *caller, allowed func(incident.Access) bool, what string) (*incident.Incident, incident.Access, *incident.Task, error) {
	inc, acc, err := s.loadIncidentFor(r, c, allowed, what)
	if err != nil {
		return nil, acc, nil, err
	}
	taskID, err := pathID(r, "task", "task")
	if err != nil {
		return nil, acc, nil, err
	}
	t, err := s.cfg.Incidents.Task(r.Context(), c.Actor, inc.ID, taskID)
	if err != nil {
		return nil, acc, nil, err
	}
	return inc, acc, t, nil
}

func canWrite(acc incident.Access) bool     { return acc.Write }
func canEditTasks(acc incident.Access) bool { return acc.EditTasks }
func canManage(acc incident.Access) bool    { return acc.Manage }

// inputTimeLayouts are what browsers send from a datetime-local input, with
// and without seconds, and what people type where a browser shows the
// input as plain text, in ISO or German notation.
var inputTimeLayouts = []string{
	inputTimeLayout, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05",
	"2.1.2006 15:04", "2.1.2006, 15:04", "2.1.2006 15:04:05",
}

// unreadable stands for a value the form could not read when the rest of
// the form goes to the service anyway: a time no field accepts (it lies in
// the future), an ID no record has. The service then names every other
// problem too, and stores nothing; the form's own error on the field wins.
var (
	unreadableTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	unreadableID   = int64(-1)
)

// parseInputTime reads a datetime-local value in the reader's zone. An
// empty value gives the zero time; anything unreadable is an invalid_time
// error on the field and gives unreadableTime.
func parseInputTime(name, value string, loc *time.Location, f errs.Fields) time.Time {
	value = strings.TrimSpace(value)
	if value == "" {
		return time.Time{}
	}
	for _, layout := range inputTimeLayouts {
		if t, err := time.ParseInLocation(layout, value, loc); err == nil {
			return t.UTC()
		}
	}
	f.Add(name, errs.InvalidTime)
	return unreadableTime
}

// withFormErrors joins what the form could not read (f) and what the
// service refused (err), the form's own errors first.
func withFormErrors(f errs.Fields, err error) error {
	if len(f) == 0 || (err != nil && !errs.Is(err, errs.Invalid)) {
		return err
	}
	for name, key := range errs.FieldsOf(err) {
		f.Add(name, key)
	}
	return f.Err()
}

// formInputTime formats t the way parseInputTime reads it, in loc.
func formInputTime(t *time.Time, loc *time.Location) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.In(loc).Format(inputTimeLayout)
}

// parseNewIncident reads the new-incident form.
func parseNewIncident(r *http.Request, loc *time.Location, f errs.Fields) incident.NewIncident {
	n := incident.NewIncident{
		Title:           r.PostFormValue("title"),
		Kind:            incident.Kind(r.PostFormValue("kind")),
		Severity:        incident.Severity(r.PostFormValue("severity")),
		Summary:         r.PostFormValue("summary"),
		AffectedSystems: r.PostFormValue("affected_systems"),
		Playbook:        strings.TrimSpace(r.PostFormValue("playbook")),
		Language:        r.PostFormValue("language"),
	}
	n.AwareAt = parseInputTime("aware_at", r.PostFormValue("aware_at"), loc, f)
	if t := parseInputTime("detected_at", r.PostFormValue("detected_at"), loc, f); !t.IsZero() {
		n.DetectedAt = &t
	}
	return n
}

// incidentValues fills the edit form from an incident.
func incidentValues(inc *incident.Incident, loc *time.Location) url.Values {
	return url.Values{
		"title":            {inc.Title},
		"kind":             {string(inc.Kind)},
		"severity":         {string(inc.Severity)},
		"status":           {string(inc.Status)},
		"aware_at":         {formInputTime(&inc.AwareAt, loc)},
		"detected_at":      {formInputTime(inc.DetectedAt, loc)},
		"summary":          {inc.Summary},
		"affected_systems": {inc.AffectedSystems},
	}
}

// parseIncidentPatch reads the fields the form sent: the edit page sends
// all of them, the status control on the incident page only the status.
// A time that still reads as the stored one (the input shows minutes only)
// is left alone, so saving the form never moves the clock by the seconds
// the input cannot show.
func parseIncidentPatch(r *http.Request, inc *incident.Incident, loc *time.Location, f errs.Fields) incident.Patch {
	var p incident.Patch
	form := r.PostForm
	str := func(name string) *string {
		if _, ok := form[name]; !ok {
			return nil
		}
		v := form.Get(name)
		return &v
	}
	p.Title = str("title")
	p.Summary = str("summary")
	p.AffectedSystems = str("affected_systems")
	if v := str("kind"); v != nil {
		k := incident.Kind(*v)
		p.Kind = &k
	}
	if v := str("severity"); v != nil {
		sev := incident.Severity(*v)
		p.Severity = &sev
	}
	if v := str("status"); v != nil {
		st := incident.Status(*v)
		p.Status = &st
	}
	if v := str("aware_at"); v != nil && strings.TrimSpace(*v) != formInputTime(&inc.AwareAt, loc) {
		t := parseInputTime("aware_at", *v, loc, f)
		if t.IsZero() {
			f.Add("aware_at", errs.Required)
			t = unreadableTime
		}
		p.AwareAt = &t
	}
	if v := str("detected_at"); v != nil && strings.TrimSpace(*v) != formInputTime(inc.DetectedAt, loc) {
		if t := parseInputTime("detected_at", *v, loc, f); t.IsZero() {
			p.ClearDetectedAt = true
		} else {
			p.DetectedAt = &t
		}
	}
	return p
}

// failedForm is a form that was sent and refused: which one (the incident
// page has many), what the user sent, and what was wrong with it.
type failedForm struct {
	ID      string            // "entry", "correct-12", "task-new", "task-7", "team-add", ...
	Values  url.Values        // the input, to fill the form again
	Errors  map[string]string // field -> error key
	Problem string            // a translated message about the whole form
}

// refusedForm turns err into the failed form it describes, or returns nil
// when err is not about the input (not found, forbidden, internal), which
// the caller then returns as it is.
func refusedForm(id string, r *http.Request, err error) *failedForm {
	switch errs.CodeOf(err) {
	case errs.Invalid, errs.Conflict:
	default:
		return nil
	}
	ff := &failedForm{ID: id, Values: url.Values{}, Errors: map[string]string{}}
	for k, v := range r.PostForm {
		if k != "csrf" {
			ff.Values[k] = v
		}
	}
	for k, v := range errs.FieldsOf(err) {
		ff.Errors[k] = v
	}
	return ff
}

// statusOfForm is the status a page answers with when it shows a refused
// form again: 409 for a conflict, 400 for invalid input.
func statusOfForm(err error) int {
	if errs.Is(err, errs.Conflict) {
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// seeOther ends a successful POST: the browser loads target with GET, so
// reloading the page does not send the form again.
func seeOther(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func incidentURL(id int64) string { return "/incidents/" + strconv.FormatInt(id, 10) }

// refillForm puts the user's input and the problems err names on a page
// with one form, to show it again.
func refillForm(p *page, r *http.Request, err error) {
	p.Form = r.PostForm
	if fields := errs.FieldsOf(err); len(fields) > 0 {
		p.Errors = fields
	} else {
		p.Problem = errs.MessageOf(err)
	}
}
