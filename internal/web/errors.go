package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// statusOf maps an error code to its HTTP status.
func statusOf(code errs.Code) int {
	switch code {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.TooMany:
		return http.StatusTooManyRequests
	default:
		return http.StatusInternalServerError
	}
}

// logInternal logs an internal error by route and request ID. Only internal
// errors are logged: user errors are the user's business, and their text
// may quote what the user typed.
func (s *Server) logInternal(w http.ResponseWriter, r *http.Request, err error) {
	if errs.CodeOf(err) == errs.Internal {
		s.log.Error("internal error", "route", r.Pattern, "request_id", w.Header().Get("X-Request-ID"), "err", err)
	}
}

// pageError answers a page request that failed: a login redirect when the
// session is gone, an error page otherwise.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, c *caller, err error) {
	if errs.Is(err, errs.Unauthorized) {
		s.toLogin(w, r)
		return
	}
	s.logInternal(w, r, err)
	code := errs.CodeOf(err)
	status := statusOf(code)
	p := s.newPage(r, c, "error.title."+string(code))
	data := errorPage{page: p, Status: status, Code: string(code), RequestID: w.Header().Get("X-Request-ID")}
	if code != errs.Internal && code != errs.NotFound {
		data.Message = errs.MessageOf(err)
	}
	s.render(w, r, status, "error", &data)
}

type errorPage struct {
	*page
	Status    int
	Code      string
	Message   string
	RequestID string
}

// jsonError is the API's error body: {"error":{"code":"...","message":"..."}}.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// apiError answers an API request that failed.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	s.logInternal(w, r, err)
	writeJSONError(w, err)
}

func writeJSONError(w http.ResponseWriter, err error) {
	code := errs.CodeOf(err)
	body := jsonError{Error: jsonErrorBody{Code: string(code), Message: errs.MessageOf(err)}}
	if fields := errs.FieldsOf(err); len(fields) > 0 {
		body.Error.Fields = make(map[string]string, len(fields))
		for name, key := range fields {
			body.Error.Fields[name] = fieldMessages[key]
			if body.Error.Fields[name] == "" {
				body.Error.Fields[name] = key
			}
		}
	}
	writeJSON(w, statusOf(code), body)
}

// fieldMessages are the English wordings of field error keys, for the API.
var fieldMessages = map[string]string{
	errs.Required:      "is required",
	errs.TooLong:       "is too long",
	errs.TooShort:      "is too short",
	errs.InvalidChoice: "is not one of the allowed values",
	errs.InvalidTime:   "is not a valid time (use RFC 3339, e.g. 2026-11-24T09:30:00Z)",
	errs.InvalidValue:  "is not valid",
	errs.InvalidEmail:  "is not a valid e-mail address",
	errs.InvalidDue:    "is not a valid due time",
	errs.InFuture:      "lies in the future",
	errs.Taken:         "is already taken",
	errs.Mismatch:      "does not match",
	errs.WrongPassword: "is wrong",
	errs.WrongCode:     "is wrong",
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// bodyError turns a failure to read a request body into a user error.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return errs.E(errs.TooLarge, "the request is larger than the limit of %d MiB", tooBig.Limit>>20)
	}
	return errs.E(errs.Invalid, "the request body could not be read")
}
