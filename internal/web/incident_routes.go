package web

// incidentRoutes are the pages of incidents: the list, one incident, its
// timeline, tasks, team and contacts.
func (s *Server) incidentRoutes() {
	s.page("GET /incidents", s.handleIncidentList)
	s.page("GET /incidents/new", s.handleIncidentNew)
	s.form("POST /incidents", s.handleIncidentCreate)
	s.page("GET /incidents/{id}", s.handleIncidentShow)
	s.page("GET /incidents/{id}/edit", s.handleIncidentEdit)
	s.form("POST /incidents/{id}", s.handleIncidentUpdate)

	s.page("GET /incidents/{id}/timeline", s.handleTimelinePage)
	s.upload("POST /incidents/{id}/timeline", s.handleTimelineAdd)
	s.page("GET /incidents/{id}/attachments/{att}", s.handleAttachmentDownload)

	s.form("POST /incidents/{id}/tasks", s.handleTaskCreate)
	s.page("GET /incidents/{id}/tasks/{task}/edit", s.handleTaskEdit)
	s.form("POST /incidents/{id}/tasks/{task}", s.handleTaskUpdate)
	s.form("POST /incidents/{id}/tasks/{task}/progress", s.handleTaskProgress)

	s.form("POST /incidents/{id}/team", s.handleTeamSet)
	s.form("POST /incidents/{id}/team/{user}/remove", s.handleTeamRemove)
	s.form("POST /incidents/{id}/contacts", s.handleContactSave)
	s.form("POST /incidents/{id}/contacts/{contact}", s.handleContactSave)
	s.form("POST /incidents/{id}/playbooks", s.handlePlaybookApply)
}
