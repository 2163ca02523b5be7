package web

// incidentRoutes are the pages of incidents: the list, one incident, its
// timeline, tasks, team and contacts.
func (s *Server) incidentRoutes() {
	s.page("GET /incidents", s.handleIncidentList)
}
