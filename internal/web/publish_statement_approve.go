package web

import "net/http"

// handlePublishStatementApprove approves a draft; the service refuses its
// author (four eyes).
func (s *Server) handlePublishStatementApprove(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.statementAction(w, r, c, mayApproveStatements, "approve public statements", s.cfg.Publish.ApproveStatement, "publish_statement_approved")
}
