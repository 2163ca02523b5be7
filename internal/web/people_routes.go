package web

// peopleRoutes are the pages and API of the register of affected persons:
// who was affected and how to reach them (masked unless a role that writes
// to them asks to see it), imports from the scanner's findings and the
// company's CRM, and the segments campaigns are sent to.
//
// The persons' own pages sit beside the register's fixed pages
// (/people/import, /people/segments); the segments' changes are one level
// deeper (/segments/{seg}/save) so that no pattern of a person's
// (/people/{pid}/unmask) can overlap one of a segment's.
func (s *Server) peopleRoutes() {
	if s.cfg.People == nil {
		return
	}
	s.heldCRM = newHeldFiles(4 * s.cfg.MaxUpload)
	s.page("GET /incidents/{id}/people", s.handlePeopleRegister)
	s.form("POST /incidents/{id}/people/search", s.handlePeopleSearch)
	s.form("POST /incidents/{id}/people/facts", s.handlePeopleApplyCounts)
	s.page("GET /incidents/{id}/people/{pid}", s.handlePersonShow)
	s.form("POST /incidents/{id}/people/{pid}/unmask", s.handlePersonUnmask)
	s.form("POST /incidents/{id}/people/{pid}/erase", s.handlePersonErase)
	s.page("GET /incidents/{id}/people/import", s.handlePeopleImports)
	s.upload("POST /incidents/{id}/people/import/findings", s.handlePeopleImportFindings)
	s.upload("POST /incidents/{id}/people/import/crm", s.handlePeopleImportCRM)
	s.form("POST /incidents/{id}/people/import/mapping", s.handlePeopleImportMapping)
	s.page("GET /incidents/{id}/people/segments", s.handleSegmentList)
	s.form("POST /incidents/{id}/people/segments", s.handleSegmentSave)
	s.page("GET /incidents/{id}/people/segments/{seg}", s.handleSegmentEdit)
	s.form("POST /incidents/{id}/people/segments/{seg}/save", s.handleSegmentSave)
	s.form("POST /incidents/{id}/people/segments/{seg}/delete", s.handleSegmentDelete)

	s.api("GET /api/v1/incidents/{id}/persons", s.handleAPIPersonLookup)
	s.api("GET /api/v1/incidents/{id}/people/counts", s.handleAPIPeopleCounts)
	s.apiUpload("POST /api/v1/incidents/{id}/people/imports", s.handleAPIPeopleImport)
	s.api("GET /api/v1/incidents/{id}/segments", s.handleAPISegmentList)
	s.api("POST /api/v1/incidents/{id}/segments", s.handleAPISegmentCreate)
}
