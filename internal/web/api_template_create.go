package web

import (
	"net/http"
	"slices"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleAPITemplateCreate stores a new template; with "standard", the
// standard texts fill the languages the body leaves out.
func (s *Server) handleAPITemplateCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "write templates")
	if err != nil {
		return err
	}
	var in apiNewTemplate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t := &notify.Template{IncidentID: id, Name: in.Name, Fallback: in.Fallback, Company: in.Company, Hotline: in.Hotline,
		Inbox: in.Inbox, UpdatesURL: in.UpdatesURL, Letterhead: in.Letterhead, Contents: in.Contents}
	if in.Standard {
		for _, std := range notify.DefaultContents() {
			if !slices.ContainsFunc(t.Contents, func(c notify.Content) bool { return c.Lang == std.Lang }) {
				t.Contents = append(t.Contents, std)
			}
		}
	}
	if err := s.cfg.Notify.SaveTemplate(r.Context(), c.Actor, id, t); err != nil {
		return err
	}
	created(w, apiPath("/incidents/%d/templates", id), templateJSON(t))
	return nil
}
