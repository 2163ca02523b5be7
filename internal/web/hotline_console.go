package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/people"
)

// consolePage is the agent console: the search, the caller on screen (or
// an honest "not found in the data analysed so far"), the approved script
// with the answers it suggests, the form to log the inquiry, and the calls
// the phone system reported.
type consolePage struct {
	*hotlineFrame
	Script  *hotline.Script
	Content *hotline.ScriptContent // in the agent's language
	// Searched: the page answers a search; Callers are its results when
	// there are several to choose from.
	Searched bool
	Callers  []hotline.Caller
	NotFound bool
	Caller   *hotline.Caller // the caller on screen
	Revealed *people.Contact // the caller's contact data, after the reveal
	Call     *hotline.CallView
	Calls    []hotline.CallView
	Members  []incident.Member
	// Suggestions are the FAQ entries for the caller's situation.
	Suggestions []hotline.FAQEntry
}

// handleHotlineConsole shows the console, with a caller when the address
// names a person (?person=) or a call (?call=, the phone system's call ID:
// the server looks the number up, it never travels in the address).
func (s *Server) handleHotlineConsole(w http.ResponseWriter, r *http.Request, c *caller) error {
	data, err := s.newConsole(r, c)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	switch {
	case q.Get("call") != "":
		err = s.openCall(r, c, data, q.Get("call"))
	case q.Get("person") != "":
		pid, perr := strconv.ParseInt(q.Get("person"), 10, 64)
		if perr != nil || pid <= 0 {
			return errNoPerson
		}
		err = s.openCaller(r, c, data, pid)
	}
	if err != nil {
		return err
	}
	s.renderConsole(w, r, data)
	return nil
}

// newConsole loads what every view of the console shows.
func (s *Server) newConsole(r *http.Request, c *caller) (*consolePage, error) {
	f, err := s.loadHotlineFrame(r, c, "console.title", "console")
	if err != nil {
		return nil, err
	}
	data := &consolePage{hotlineFrame: f}
	id := f.Inc.ID
	if data.Script, err = s.approvedScript(r, c, id); err != nil {
		return nil, err
	}
	data.Content = scriptContent(data.Script, c.Lang)
	if data.Calls, err = s.cfg.Hotline.Calls(r.Context(), c.Actor, id); err != nil {
		return nil, err
	}
	if len(data.Calls) > maxConsoleCalls {
		data.Calls = data.Calls[:maxConsoleCalls]
	}
	if f.Rights.Answer {
		if data.Members, err = s.teamChoices(r, c, id); err != nil {
			return nil, err
		}
	}
	f.page.Form.Set("channel", string(hotline.ByPhone))
	f.page.Form.Set("lang", c.Lang)
	if data.Script != nil {
		f.page.Form.Set("script_version", strconv.Itoa(data.Script.Version))
	}
	return data, nil
}

// maxConsoleCalls is how many recent calls the calls panel lists.
const maxConsoleCalls = 10

// openCaller puts person pid on screen, masked.
func (s *Server) openCaller(r *http.Request, c *caller, data *consolePage, pid int64) error {
	cl, err := s.cfg.Hotline.Caller(r.Context(), c.Actor, data.Inc.ID, pid, c.Lang)
	if err != nil {
		return err
	}
	data.showCaller(cl)
	return nil
}

// openCall puts the caller of a call on screen: the person the register
// found for the number, or "not found", with the form ready for the call.
func (s *Server) openCall(r *http.Request, c *caller, data *consolePage, callID string) error {
	for i := range data.Calls {
		if data.Calls[i].CallID == callID {
			data.Call = &data.Calls[i]
			break
		}
	}
	if data.Call == nil {
		// Older than the panel's list: ask for all of them.
		calls, err := s.cfg.Hotline.Calls(r.Context(), c.Actor, data.Inc.ID)
		if err != nil {
			return err
		}
		for i := range calls {
			if calls[i].CallID == callID {
				data.Call = &calls[i]
			}
		}
	}
	if data.Call == nil {
		return errNoCall
	}
	data.Form.Set("call_id", data.Call.CallID)
	if data.Call.Person != nil {
		return s.openCaller(r, c, data, data.Call.Person.ID)
	}
	data.showNotFound()
	return nil
}

// showCaller puts one caller on screen and fills the log form for them.
func (d *consolePage) showCaller(cl *hotline.Caller) {
	d.Caller = cl
	d.Suggestions = cl.Suggestions
	d.Form.Set("person_id", strconv.FormatInt(cl.Person.ID, 10))
	d.Form.Set("match", string(hotline.Affected))
	if lang := cl.Person.Language; lang == "de" || lang == "en" {
		d.Form.Set("lang", lang)
	}
}

// showNotFound says "not found in the data analysed so far" and suggests
// what the script says to a caller who is not affected.
func (d *consolePage) showNotFound() {
	d.NotFound = true
	d.Form.Set("match", string(hotline.NotFound))
	d.Suggestions = suggestionsFor(d.Content, hotline.NotAffected)
}

// suggestionsFor are the FAQ entries of the script for situation sit.
func suggestionsFor(ct *hotline.ScriptContent, sit hotline.Situation) []hotline.FAQEntry {
	if ct == nil {
		return nil
	}
	var out []hotline.FAQEntry
	for _, e := range ct.FAQ {
		for _, s := range e.Situations {
			if s == sit || s == hotline.AnySituation {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// renderConsole renders the console; an unmasked one is said again to be
// stored by no one.
func (s *Server) renderConsole(w http.ResponseWriter, r *http.Request, data *consolePage) {
	if data.Revealed != nil {
		w.Header().Set("Cache-Control", "no-store")
	}
	status := http.StatusOK
	if len(data.Errors) > 0 || data.Problem != "" {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "hotline_console", data)
}

// Checked reports whether the log form has value among field's values.
func (d *consolePage) Checked(field, value string) bool {
	for _, v := range d.Form[field] {
		if v == value {
			return true
		}
	}
	return false
}

// Outcomes are the outcomes an agent may choose, in the form's order.
func (d *consolePage) Outcomes() []hotline.Outcome { return loggableOutcomes }

// RequestKinds are the kinds of a data-subject request.
func (d *consolePage) RequestKinds() []hotline.RequestKind { return requestKinds }

// Channels are the channels an inquiry may have come by.
func (d *consolePage) Channels() []hotline.Channel { return hotline.Channels }

// Situation names a situation in the reader's language.
func (d *consolePage) Situation(s hotline.Situation) string {
	return d.T("console.situation." + string(s))
}

// CallLink is the console opened on a call.
func (d *consolePage) CallLink(callID string) string {
	return hotlineURL(d.Inc.ID) + "?call=" + url.QueryEscape(callID)
}

// CallState names a call's state in the reader's language.
func (d *consolePage) CallState(st hotline.CallState) string {
	return d.T("console.call_state." + string(st))
}

// Query is the search box's value: shown again only when nothing was
// found, for the agent to correct a typo; a found person's data is not
// repeated on the page.
func (d *consolePage) Query() string {
	if !d.NotFound || !d.Searched {
		return ""
	}
	return d.Value("q")
}

var (
	loggableOutcomes = []hotline.Outcome{hotline.Answered, hotline.Callback, hotline.Escalated, hotline.DataRequest}
	requestKinds     = []hotline.RequestKind{hotline.AccessRequest, hotline.ErasureReq, hotline.Objection}
)

// queryContact puts a search that found no one into the log form's
// contact fields, so that the agent need not type it twice.
func queryContact(form url.Values, q string) {
	switch {
	case strings.Contains(q, "@"):
		form.Set("caller_email", q)
	case people.NormalizePhone(q, people.DefaultRegion) != "":
		form.Set("caller_phone", q)
	default:
		form.Set("caller_name", q)
	}
}
