package web

import "net/http"

// handlePublishStatementPublish publishes an approved statement: the public
// site shows it at once and every confirmed subscriber gets it by mail.
func (s *Server) handlePublishStatementPublish(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.statementAction(w, r, c, mayPublishStatements, "publish statements", s.cfg.Publish.PublishStatement, "publish_statement_published")
}
