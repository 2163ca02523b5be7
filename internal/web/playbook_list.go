package web

import (
	"context"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/incident"
)

type playbookListPage struct {
	*page
	Playbooks []incident.Playbook
	Importers map[int64]string // user ID -> display name
	CanImport bool
	CanCreate bool
}

// handlePlaybookList shows the playbook library: the built-in emergency
// plans and the imported ones, for everyone logged in.
func (s *Server) handlePlaybookList(w http.ResponseWriter, r *http.Request, c *caller) error {
	list, err := s.cfg.Incidents.Playbooks(r.Context())
	if err != nil {
		return err
	}
	importers, err := s.userNames(r.Context())
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "playbooks.title")
	p.Nav = "playbooks"
	s.render(w, r, http.StatusOK, "playbook_list", &playbookListPage{
		page: p, Playbooks: list, Importers: importers,
		CanImport: incident.CanImport(c.Actor), CanCreate: incident.CanCreate(c.Actor),
	})
	return nil
}

// userNames maps the desk's active users to their display names, to say
// who imported a playbook. A disabled user's ID is missing; the page then
// says "a former user".
func (s *Server) userNames(ctx context.Context) (map[int64]string, error) {
	users, err := s.cfg.Auth.ActiveUsers(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = u.DisplayName()
	}
	return names, nil
}
