package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/incident"
)

type incidentListPage struct {
	*page
	Incidents []incidentRow
	Closed    bool
	Query     string
	CanCreate bool
}

// handleIncidentList lists the incidents the user may see, open ones by
// default, with their clocks, overdue tasks and overdue duties to notify.
func (s *Server) handleIncidentList(w http.ResponseWriter, r *http.Request, c *caller) error {
	closed := r.URL.Query().Get("closed") == "1"
	query := r.URL.Query().Get("q")
	list, err := s.cfg.Incidents.List(r.Context(), c.Actor, closed, query)
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "incidents.title")
	p.Nav = "incidents"
	rows := make([]incidentRow, len(list))
	for i := range list {
		rows[i] = p.incidentRow(&list[i])
	}
	if s.cfg.Obligations != nil {
		incs := make([]*incident.Incident, len(list))
		for i := range list {
			incs[i] = &list[i].Incident
		}
		overdue, err := s.cfg.Obligations.OverdueDuties(r.Context(), incs)
		if err != nil {
			return err
		}
		for i := range rows {
			rows[i].OverdueDuties = overdue[rows[i].ID]
		}
	}
	s.render(w, r, http.StatusOK, "incident_list", &incidentListPage{
		page: p, Incidents: rows, Closed: closed, Query: query, CanCreate: incident.CanCreate(c.Actor),
	})
	return nil
}

// incidentRow is one line of the list with every text already in the
// reader's language: the template only places strings, which keeps a list
// of a thousand incidents fast to render.
type incidentRow struct {
	ID                    int64
	Title, Kind           string
	Severity, SeverityTxt string
	Status, StatusTxt     string
	AwareISO, Elapsed     string
	OpenTasks, Overdue    int
	OverdueDuties         int    // of the regulator clock: duties past due
	Role                  string // "" when not on the team
}

func (p *page) incidentRow(s *incident.Summary) incidentRow {
	row := incidentRow{
		ID: s.ID, Title: s.Title, Kind: p.T("kind." + string(s.Kind)),
		Severity: string(s.Severity), SeverityTxt: p.T("severity." + string(s.Severity)),
		Status: string(s.Status), StatusTxt: p.T("status." + string(s.Status)),
		AwareISO: p.ISO(s.AwareAt), Elapsed: p.Elapsed(s.AwareAt),
		OpenTasks: s.OpenTasks, Overdue: s.OverdueTasks,
	}
	if s.MyRole != "" {
		row.Role = p.T("mrole." + string(s.MyRole))
	}
	return row
}
