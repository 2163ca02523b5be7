package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// timelinePageSize is how many entries a page of the timeline shows.
const timelinePageSize = incident.DefaultTimelinePage

// recordedLaterAfter is how long after an event its entry may be written
// before the timeline says it was recorded later.
const recordedLaterAfter = 5 * time.Minute

// timelineView is one page of the timeline, ready to show.
type timelineView struct {
	Entries []entryView
	Total   int
	Before  int64  // the cursor of this page: 0 for the newest entries
	Older   string // the link to the next older page, "" on the last one
	Newest  string // the link to the newest entries, "" on the first page
}

// entryView is an entry ready to show, flat and with its times written
// out, so that a page of a hundred entries costs few template calls.
type entryView struct {
	ID            int64
	Kind          incident.EntryKind
	Text          string // as written, to start a correction from
	KindLabel     string
	Shown         string // the text in the reader's language
	Author        string
	OccurredISO   string
	Occurred      string
	RecordedISO   string
	Recorded      string
	System        bool
	RecordedLater bool
	CorrectsID    int64
	CorrectedByID int64
	Files         []attachmentView
	CanCorrect    bool
	CorrectOpen   bool   // the correction form is shown without a click
	CorrectHref   string // opens the correction form without the script
	OccurredInput string // the occurred time as a form value
}

type attachmentView struct {
	incident.Attachment
	SizeText string
	ShortSHA string
}

type timelinePage struct {
	incidentFrame
}

// handleTimelinePage shows older pages of an incident's timeline: the
// entries after entry ?before= (newest first), a page at a time.
func (s *Server) handleTimelinePage(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if r.URL.Query().Get("before") == "" {
		before, err = 0, nil
	}
	if err != nil || before < 0 {
		return errs.E(errs.NotFound, "no such page of the timeline")
	}
	return s.showTimelinePage(w, r, c, id, before, http.StatusOK, nil)
}

// showTimelinePage renders a page of the timeline; with failed, the
// correction that failed is shown again.
func (s *Server) showTimelinePage(w http.ResponseWriter, r *http.Request, c *caller, id, before int64, status int, failed *failedForm) error {
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	data := &timelinePage{incidentFrame{Inc: inc, Acc: acc, Failed: failed, HeadLink: true}}
	data.page = s.newPage(r, c, "timeline.section")
	data.page.Nav = "incidents"
	if failed != nil {
		data.page.Problem = failed.Problem
	}
	openCorrection, _ := strconv.ParseInt(r.URL.Query().Get("correct"), 10, 64)
	if data.Timeline, err = s.loadTimeline(r, c, data.page, inc, acc, before, timelinePath(id, before), openCorrection, failed); err != nil {
		return err
	}
	s.render(w, r, status, "incident_timeline", data)
	return nil
}

// timelinePath is the page of the timeline starting after entry before.
func timelinePath(id, before int64) string {
	if before == 0 {
		return incidentURL(id)
	}
	return incidentURL(id) + "/timeline?before=" + strconv.FormatInt(before, 10)
}

// loadTimeline loads a page of the timeline and its total, in two queries
// whatever the page holds (the store loads attachments for all entries at
// once), and prepares each entry for the reader. base is the path of the
// page showing it.
func (s *Server) loadTimeline(r *http.Request, c *caller, p *page, inc *incident.Incident, acc incident.Access,
	before int64, base string, openCorrection int64, failed *failedForm) (timelineView, error) {
	ctx, svc := r.Context(), s.cfg.Incidents
	entries, err := svc.Timeline(ctx, c.Actor, inc.ID, incident.TimelinePage{Before: before, Limit: timelinePageSize + 1})
	if err != nil {
		return timelineView{}, err
	}
	total, err := svc.TimelineCount(ctx, c.Actor, inc.ID)
	if err != nil {
		return timelineView{}, err
	}
	tv := timelineView{Total: total, Before: before}
	if len(entries) > timelinePageSize {
		entries = entries[:timelinePageSize]
		tv.Older = timelinePath(inc.ID, entries[len(entries)-1].ID)
	}
	if before != 0 {
		tv.Newest = incidentURL(inc.ID) + "#timeline"
	}
	if failed != nil {
		if id, ok := strings.CutPrefix(failed.ID, "correct-"); ok {
			openCorrection, _ = strconv.ParseInt(id, 10, 64)
		}
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	tv.Entries = make([]entryView, len(entries))
	for i := range entries {
		e := &entries[i]
		v := entryView{
			ID: e.ID, Kind: e.Kind, Text: e.Text, Shown: e.Text, Author: e.AuthorName, System: e.Event != nil,
			OccurredISO: p.ISO(e.OccurredAt), Occurred: p.Time(e.OccurredAt),
		}
		v.KindLabel = p.T("entry.kind." + string(e.Kind))
		if v.System {
			v.Shown = eventText(p, e.Event, e.Text)
		}
		if v.Author == "" {
			v.Author = p.T("timeline.author_desk")
		}
		if v.RecordedLater = e.RecordedAt.Sub(e.OccurredAt) > recordedLaterAfter; v.RecordedLater {
			v.RecordedISO, v.Recorded = p.ISO(e.RecordedAt), p.Time(e.RecordedAt)
		}
		if e.Corrects != nil {
			v.CorrectsID = *e.Corrects
		}
		if e.CorrectedBy != nil {
			v.CorrectedByID = *e.CorrectedBy
		}
		v.Files = make([]attachmentView, len(e.Attachments))
		for j, a := range e.Attachments {
			v.Files[j] = attachmentView{Attachment: a, SizeText: fileSize(p.Lang, a.Size), ShortSHA: shortHash(a.SHA256)}
		}
		// A corrected entry is put right again by correcting its
		// correction, so that the newest word is always at the end of
		// the chain (unless its form is already open).
		if acc.Write && !v.System && (e.CorrectedBy == nil || e.ID == openCorrection) {
			v.CanCorrect = true
			v.CorrectOpen = e.ID == openCorrection
			v.CorrectHref = base + sep + "correct=" + strconv.FormatInt(e.ID, 10) + "#form-correct-" + strconv.FormatInt(e.ID, 10)
			v.OccurredInput = p.InputTime(&e.OccurredAt)
		}
		tv.Entries[i] = v
	}
	return tv, nil
}

// eventText shows an entry the desk wrote itself in the reader's language:
// values such as statuses and roles are translated too, and times are shown
// in the reader's zone. Without a translation, the stored English text
// stays.
func eventText(p *page, ev *incident.SystemEvent, fallback string) string {
	key := "event." + ev.Name
	if !p.cat.Has(i18n.Default, key) {
		return fallback
	}
	args := make([]any, 0, 2*len(ev.Args))
	for name, value := range ev.Args {
		args = append(args, name, eventArg(p, ev.Name, name, value))
	}
	return p.T(key, args...)
}

// eventValueKeys say which catalog prefix translates an argument of an
// event: event name -> argument -> prefix.
var eventValueKeys = map[string]map[string]string{
	"status_changed":   {"from": "status.", "to": "status."},
	"severity_changed": {"from": "severity.", "to": "severity."},
	"kind_changed":     {"from": "kind.", "to": "kind."},
	"member_added":     {"role": "mrole."},
	"member_role":      {"role": "mrole."},
	"risk_decided":     {"level": "risk.level.", "advice": "risk.advice.", "decision": "risk.advice."},
}

// eventTimeArgs name the arguments of events that hold a time (RFC 3339);
// for the duties of the regulator clock an empty one means "as soon as
// possible".
var eventTimeArgs = map[string]map[string]bool{
	"aware_changed":  {"from": true, "to": true},
	"duty_applies":   {"due": true},
	"duty_due_moved": {"from": true, "to": true},
}

func eventArg(p *page, event, name, value string) string {
	if eventTimeArgs[event][name] {
		if value == "" && event != "aware_changed" {
			return p.T("timeline.due_asap")
		}
		if t, err := time.Parse(time.RFC3339Nano, value); err == nil {
			return p.Time(t)
		}
		return value
	}
	if prefix, ok := eventValueKeys[event][name]; ok && p.cat.Has(i18n.Default, prefix+value) {
		return p.T(prefix + value)
	}
	return value
}

// fileSize writes a size in bytes, KiB or MiB, with the decimal mark of
// the reader's language.
func fileSize(lang string, n int64) string {
	var s string
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		s = strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
	default:
		s = strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	if lang == "de" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// shortHash is the start of a SHA-256, enough to compare by eye; the page
// carries the whole one in a title.
func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
