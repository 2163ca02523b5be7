package web

import "net/http"

// handlePublishStatementWithdraw gives up a draft or an approved statement.
func (s *Server) handlePublishStatementWithdraw(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.statementAction(w, r, c, mayWriteStatements, "withdraw statements", s.cfg.Publish.WithdrawStatement, "publish_statement_withdrawn")
}
