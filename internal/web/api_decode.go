package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// The API reads request bodies strictly: one JSON value of the documented
// shape, nothing unknown, nothing after it. A client that sends a typo gets
// told where, instead of having the field silently ignored during a crisis.

// decodeJSON reads the request body as exactly one JSON value into v.
func decodeJSON(r *http.Request, v any) error {
	if err := checkJSONContentType(r); err != nil {
		return err
	}
	raw, err := readBody(r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return errs.E(errs.Invalid, "body: empty; expected a JSON object")
	}
	return decodeJSONBytes(raw, v)
}

// decodeOptionalJSON is decodeJSON for a body that may be left out; an
// empty body leaves v as it is.
func decodeOptionalJSON(r *http.Request, v any) error {
	raw, err := readBody(r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := checkJSONContentType(r); err != nil {
		return err
	}
	return decodeJSONBytes(raw, v)
}

// readBody reads the whole body; the route's limit already bounds it, and
// going over it is a 413.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, bodyError(err)
	}
	return raw, nil
}

func checkJSONContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	media, _, err := mime.ParseMediaType(ct)
	if err != nil || media != "application/json" {
		return errs.E(errs.Invalid, "body: send it as JSON with the header Content-Type: application/json")
	}
	return nil
}

func decodeJSONBytes(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonProblem(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errs.E(errs.Invalid, "body: unexpected data after the JSON value at byte %d", dec.InputOffset())
	}
	return nil
}

// jsonProblem turns a decoding error into a message that says what was
// wrong and where. It never quotes the value that was sent.
func jsonProblem(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		// The decoder's own words quote one character at most.
		return errs.E(errs.Invalid, "body: invalid JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.E(errs.Invalid, "body: the JSON ends too early")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errs.E(errs.Invalid, "body: expected %s", jsonTypeName(typ.Type))
		}
		return errs.E(errs.Invalid, "field %q: expected %s", typ.Field, jsonTypeName(typ.Type))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		if r := []rune(name); len(r) > 64 {
			name = string(r[:64]) + "…"
		}
		return errs.E(errs.Invalid, "field %q is not known; see /api/v1/openapi.json", name)
	}
	return errs.E(errs.Invalid, "body: not valid JSON")
}

// jsonTypeName names what JSON a Go type expects.
func jsonTypeName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	if t == reflect.TypeOf(time.Time{}) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	}
	return "another type"
}

// optional is a field of a PATCH body: absent (Set false), null (Null), or
// a value. Only fields that are present change anything.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON is called only for a field that is present, null included.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(bytes.TrimSpace(b)) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// ptr returns the value when one was sent, nil when the field is absent.
// null is reported to f as required, for fields that cannot be cleared.
func (o optional[T]) ptr(name string, f errs.Fields) *T {
	if !o.Set {
		return nil
	}
	if o.Null {
		f.Add(name, errs.Required)
		return nil
	}
	v := o.Value
	return &v
}

// parseTime reads an RFC 3339 time of field name; "" gives a zero time.
func parseTime(name, s string, f errs.Fields) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		f.Add(name, errs.InvalidTime)
		return time.Time{}
	}
	return t.UTC()
}

// parseTimePtr is parseTime for an optional time.
func parseTimePtr(name string, s *string, f errs.Fields) *time.Time {
	if s == nil {
		return nil
	}
	if *s == "" {
		f.Add(name, errs.InvalidTime)
		return nil
	}
	t := parseTime(name, *s, f)
	if t.IsZero() {
		return nil
	}
	return &t
}

// decodeBase64 reads attachment data in standard base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(strings.Join(strings.Fields(s), ""), "=")
	return base64.RawStdEncoding.DecodeString(s)
}

// pathID reads a positive integer ID from the path. Anything else names no
// record, so it is NotFound, like an ID that does not exist.
func pathID(r *http.Request, name, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.E(errs.NotFound, "no such %s", what)
	}
	return id, nil
}

// queryInt reads an optional integer query parameter within [lo, hi].
func queryInt(r *http.Request, name string, def, lo, hi int64, f errs.Fields) int64 {
	s := r.URL.Query().Get(name)
	if s == "" {
		return def
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		f.Add(name, errs.InvalidValue)
		return def
	}
	return n
}

// queryBool reads an optional true/false query parameter.
func queryBool(r *http.Request, name string, f errs.Fields) bool {
	s := r.URL.Query().Get(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		f.Add(name, errs.InvalidValue)
	}
	return b
}

// apiLanguage is the language a playbook's tasks are written in: the one
// asked for, else the caller's, else English.
func apiLanguage(lang string, c *caller) (string, error) {
	switch {
	case lang == "" && auth.ValidLanguage(c.User.Language):
		return c.User.Language, nil
	case lang == "":
		return "en", nil
	case !auth.ValidLanguage(lang):
		return "", &errs.Error{Code: errs.Invalid, Message: "language: use one of " + strings.Join(auth.Languages, ", "),
			Fields: map[string]string{"language": errs.InvalidChoice}}
	}
	return lang, nil
}

// created answers 201 with the new resource's address.
func created(w http.ResponseWriter, location string, v any) {
	if location != "" {
		w.Header().Set("Location", location)
	}
	writeJSON(w, http.StatusCreated, v)
}

func apiPath(format string, args ...any) string { return fmt.Sprintf("/api/v1"+format, args...) }
