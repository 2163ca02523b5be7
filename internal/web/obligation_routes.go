package web

// obligationRoutes are the pages and API of the regulator clock: what is
// due to whom by when, the facts and the risk decision it is computed
// from, drafts, filings and decisions not to notify.
func (s *Server) obligationRoutes() {
	if s.cfg.Obligations == nil {
		return
	}
	s.page("GET /incidents/{id}/obligations", s.handleObligationsShow)
	s.page("GET /incidents/{id}/facts", s.handleFactsEdit)
	s.form("POST /incidents/{id}/facts", s.handleFactsSave)
	s.page("GET /incidents/{id}/risk", s.handleRiskShow)
	s.form("POST /incidents/{id}/risk", s.handleRiskSave)
	s.upload("POST /incidents/{id}/obligations/{rule}/filings", s.handleFilingCreate)
	s.form("POST /incidents/{id}/obligations/{rule}/waiver", s.handleWaiverCreate)
	s.form("POST /incidents/{id}/filings/{filing}/ack", s.handleFilingAck)
	s.page("GET /incidents/{id}/filings/{filing}/document", s.handleFilingDocument)
	s.page("GET /incidents/{id}/obligations/{rule}/draft", s.handleDraftEdit)
	s.form("POST /incidents/{id}/obligations/{rule}/draft", s.handleDraftSave)
	s.page("GET /incidents/{id}/obligations/{rule}/draft.md", s.handleDraftMarkdown)
	s.page("GET /incidents/{id}/obligations/{rule}/draft.pdf", s.handleDraftPDF)

	s.api("GET /api/v1/incidents/{id}/obligations", s.handleAPIObligationList)
	s.api("GET /api/v1/incidents/{id}/facts", s.handleAPIFactsShow)
	s.api("PATCH /api/v1/incidents/{id}/facts", s.handleAPIFactsUpdate)
	s.apiUpload("POST /api/v1/incidents/{id}/obligations/{rule}/filings", s.handleAPIFilingCreate)
}
