package web

// TEMPORARY: the console helper's hotline frame (branch h6-console), until
// that branch is merged here. Goes with the merge.

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func (s *Server) hotlineRoutes() {
	if s.cfg.Hotline == nil {
		return
	}
	s.hotlineAdminRoutes()
}

type hotlineFrame struct {
	incidentFrame
	Rights hotline.Rights
	Tab    string
}

func (s *Server) loadHotlineFrame(r *http.Request, c *caller, titleKey, tab string) (*hotlineFrame, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return nil, err
	}
	inc, acc, err := s.cfg.Incidents.Get(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	rights, err := s.cfg.Hotline.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return nil, err
	}
	f := &hotlineFrame{Rights: rights, Tab: tab}
	f.incidentFrame = incidentFrame{Inc: inc, Acc: acc, HeadLink: true}
	f.page = s.newPage(r, c, titleKey)
	f.page.Nav = "incidents"
	if err := s.loadDutiesBadge(r, &f.incidentFrame); err != nil {
		return nil, err
	}
	return f, nil
}

func (f *hotlineFrame) Title() string { return f.T(f.TitleKey) + " · " + f.Inc.Title }

func (f *hotlineFrame) Channel(ch hotline.Channel) string {
	return f.T("inquiry.channel." + string(ch))
}

func (s *Server) hotlineRights(r *http.Request, c *caller, allowed func(hotline.Rights) bool, what string) (int64, hotline.Rights, error) {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return 0, hotline.Rights{}, err
	}
	rights, err := s.cfg.Hotline.Rights(r.Context(), c.Actor, id)
	if err != nil {
		return 0, rights, err
	}
	if !rights.View {
		return 0, rights, errs.E(errs.NotFound, "no such incident")
	}
	if allowed != nil && !allowed(rights) {
		return 0, rights, errForbidden(what)
	}
	return id, rights, nil
}

func hotlineURL(id int64) string { return incidentURL(id) + "/hotline" }
