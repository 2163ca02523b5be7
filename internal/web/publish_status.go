package web

import (
	"net/http"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// historyDays is how far back the status page shows, as the public one.
const historyDays = 90

// publishStatusPage shows the company's systems as the public site does,
// with the forms to change them.
type publishStatusPage struct {
	*page
	Desk       publish.DeskRights
	Components []statusRow
	Statuses   []publish.ComponentStatus
	Languages  []string
	// FailedID is the component whose form was refused (-1 the add form).
	FailedID int64
}

// statusRow is one component with its days.
type statusRow struct {
	publish.Component
	Name string
	Days []historyDay
}

// historyDay is one day of a component's history: the worst status it
// had that day.
type historyDay struct {
	Date   time.Time
	Status publish.ComponentStatus
	// None is a day before the component existed.
	None bool
}

// handlePublishStatus lists the components with their status and 90 days
// of history.
func (s *Server) handlePublishStatus(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.showPublishStatus(w, r, c, s.newPage(r, c, "publish.status.title"), http.StatusOK, 0)
}

func (s *Server) showPublishStatus(w http.ResponseWriter, r *http.Request, c *caller, p *page, status int, failed int64) error {
	desk := s.cfg.Publish.DeskRights(c.Actor)
	if !desk.ViewComponents {
		return errForbidden("see the systems status")
	}
	comps, err := s.cfg.Publish.Components(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	changes, err := s.cfg.Publish.ComponentHistory(r.Context(), c.Actor, historyDays)
	if err != nil {
		return err
	}
	p.Nav = "public"
	if r.Method != http.MethodGet {
		p.Path = publicStatusURL
	}
	pg := &publishStatusPage{page: p, Desk: desk, Statuses: publish.ComponentStatuses, Languages: publish.Languages, FailedID: failed}
	byComp := map[int64][]publish.ComponentChange{}
	for _, ch := range changes {
		byComp[ch.ComponentID] = append(byComp[ch.ComponentID], ch)
	}
	for _, comp := range comps {
		pg.Components = append(pg.Components, statusRow{Component: comp, Name: componentName(comp.Names, p.Lang),
			Days: dayHistory(comp, byComp[comp.ID], p.Now.In(p.loc), historyDays)})
	}
	s.render(w, r, status, "publish_status", pg)
	return nil
}

// statusRank orders the states by how bad they are for the day's colour;
// maintenance counts as a degradation.
var statusRank = map[publish.ComponentStatus]int{
	publish.Operational: 0, publish.UnderMaintenance: 1, publish.Degraded: 2, publish.PartialOutage: 3, publish.MajorOutage: 4,
}

// dayHistory gives the worst status of each of the last days (oldest
// first, the last being today in now's zone) from the component's changes
// (newest first). Before the oldest change it had the status that change
// left, unless it had none: then it was operational.
func dayHistory(comp publish.Component, changes []publish.ComponentChange, now time.Time, days int) []historyDay {
	// Segments of constant status, oldest first: status holds from at.
	type segment struct {
		at     time.Time
		status publish.ComponentStatus
	}
	segs := []segment{{at: time.Time{}, status: publish.Operational}}
	for i := len(changes) - 1; i >= 0; i-- {
		segs = append(segs, segment{at: changes[i].At, status: changes[i].Status})
	}
	if len(changes) == 0 {
		segs[0].status = comp.Status
	}
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	out := make([]historyDay, days)
	for i := range out {
		start := today.AddDate(0, 0, i-days+1)
		end := start.AddDate(0, 0, 1)
		day := historyDay{Date: start, None: !comp.CreatedAt.IsZero() && !comp.CreatedAt.Before(end)}
		worst := -1
		for k, sg := range segs {
			until := end
			if k+1 < len(segs) {
				until = segs[k+1].at
			}
			if sg.at.Before(end) && until.After(start) && statusRank[sg.status] > worst {
				worst, day.Status = statusRank[sg.status], sg.status
			}
		}
		out[i] = day
	}
	return out
}

// StatusLabel names a component status in the reader's language.
func (p *publishStatusPage) StatusLabel(st publish.ComponentStatus) string {
	return p.T("publish.component." + string(st))
}

// Day is a day's date as the history's tooltip writes it.
func (p *publishStatusPage) Day(t time.Time) string {
	if p.Lang == "de" {
		return t.Format("02.01.2006")
	}
	return t.Format("2 Jan 2006")
}

// Failed says whether the form of component id was the refused one, so
// that it shows the input and the problem.
func (p *publishStatusPage) Failed(id int64) bool {
	return p.FailedID == id && (len(p.Errors) > 0 || p.Problem != "")
}

// NameField is the value of the name field in lang of component id's
// form (-1: the add form): the refused input, else the stored name.
func (p *publishStatusPage) NameField(id int64, names map[string]string, lang string) string {
	if p.Failed(id) {
		return p.Form.Get("names." + lang)
	}
	return names[lang]
}
