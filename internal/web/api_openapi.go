package web

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes /api/v1. It is written by hand; openapi_test.go
// checks that it lists exactly the routes the server has and that real
// answers match its schemas.
//
//go:embed openapi.json
var openAPIDocument []byte

// handleAPIOpenAPI serves the OpenAPI document, without a token, so that
// tools can read it before anyone has one.
func (s *Server) handleAPIOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDocument)
}
