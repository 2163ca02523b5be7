package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// loadOpenAPI parses and validates the embedded document once per test
// binary.
var loadOpenAPI = sync.OnceValues(func() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIDocument)
	if err != nil {
		return nil, err
	}
	return doc, doc.Validate(loader.Context)
})

func TestOpenAPIDocumentIsValidOpenAPI3(t *testing.T) {
	var raw struct {
		OpenAPI string `json:"openapi"`
	}
	if err := json.Unmarshal(openAPIDocument, &raw); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(raw.OpenAPI, "3.") {
		t.Fatalf("openapi = %q, want 3.x", raw.OpenAPI)
	}
	if _, err := loadOpenAPI(); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
}

func TestOpenAPIDocumentListsExactlyTheAPIRoutes(t *testing.T) {
	d := newTestDesk(t)
	served := map[string]bool{"GET /api/v1/openapi.json": true}
	for _, r := range d.srv.Routes() {
		// API routes, and the open machine endpoints under /api/v1 (the
		// phone system's webhook, authenticated by its path).
		if r.Kind == KindAPI || r.Kind == KindOpen && isAPIPath(r.Path) {
			served[r.Method+" "+r.Path] = true
		}
	}
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	for _, route := range sortedKeys(served) {
		if !documented[route] {
			t.Errorf("route %s is served but not in openapi.json", route)
		}
	}
	for _, route := range sortedKeys(documented) {
		if !served[route] {
			t.Errorf("openapi.json documents %s, which the server does not have", route)
		}
	}
}

func TestEveryOperationHasAnOperationIDAndA401Answer(t *testing.T) {
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			name := method + " " + path
			if op.OperationID == "" {
				t.Errorf("%s has no operationId", name)
			} else if other, dup := ids[op.OperationID]; dup {
				t.Errorf("%s and %s share operationId %q", name, other, op.OperationID)
			}
			ids[op.OperationID] = name
			// An operation that needs no token (security: []) cannot
			// answer 401; every other one must document it.
			open := op.Security != nil && len(*op.Security) == 0
			if !open && op.Responses.Status(http.StatusUnauthorized) == nil {
				t.Errorf("%s documents no 401 answer", name)
			}
		}
	}
}

func TestOpenAPIDocumentIsServedWithoutAToken(t *testing.T) {
	d := newTestDesk(t)
	rec := d.as("").get("/api/v1/openapi.json")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	if !bytes.Equal(rec.Body.Bytes(), openAPIDocument) {
		t.Error("the served document differs from the embedded one")
	}
}

// checkAgainstOpenAPI validates an API answer against the schema the
// document gives for the request's route and the answer's status. The
// route is the ServeMux pattern that served req.
func checkAgainstOpenAPI(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	method, path, ok := strings.Cut(req.Pattern, " ")
	if !ok || !isAPIPath(path) {
		return // not served by an API route (e.g. refused for its size first)
	}
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s is not in openapi.json", req.Pattern)
	}
	route := &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)}
	opts := &openapi3filter.Options{IncludeResponseStatus: true}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: route, Options: opts},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
		t.Errorf("%s answered %d not as openapi.json says: %v\nbody: %s", req.Pattern, rec.Code, err, truncate(rec.Body.String(), 1500))
	}
}

// checkRequestAgainstOpenAPI validates a request that the server accepted
// against the document, so that the request schemas cannot drift from what
// the handlers take. body is the request body as sent.
func checkRequestAgainstOpenAPI(t *testing.T, served *http.Request, body []byte) {
	t.Helper()
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	method, path, ok := strings.Cut(served.Pattern, " ")
	if !ok || !isAPIPath(path) {
		return
	}
	item := doc.Paths.Value(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s is not in openapi.json", served.Pattern)
	}
	req := served.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	params := map[string]string{}
	for _, name := range []string{"id", "task", "name", "rule", "cid", "iid"} {
		if v := served.PathValue(name); v != "" {
			params[name] = v
		}
	}
	route := &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: item.GetOperation(method)}
	input := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if err := openapi3filter.ValidateRequest(context.Background(), input); err != nil {
		t.Errorf("%s accepted a request that openapi.json does not allow: %v\nbody: %s", served.Pattern, err, truncate(string(body), 500))
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
