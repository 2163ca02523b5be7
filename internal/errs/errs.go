// Package errs gives every error a code that the web layer maps to an HTTP
// status, and a message that is safe to show to a user.
//
// Capabilities return *Error for everything a user can cause (bad input, a
// missing record, a forbidden action). Anything else is an internal error:
// the web layer logs it and shows only "internal error", so a wrapped driver
// message can never carry personal data to a user.
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error. The strings are the API's error codes.
type Code string

const (
	Invalid      Code = "invalid"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	TooLarge     Code = "too_large"
	TooMany      Code = "too_many_requests"
	Internal     Code = "internal"
)

// Field error keys. A field error names what was wrong with one input; the
// web layer translates the key into the user's language.
const (
	Required      = "required"
	TooLong       = "too_long"
	TooShort      = "too_short"
	InvalidChoice = "invalid_choice"
	InvalidTime   = "invalid_time"
	InvalidValue  = "invalid_value"
	InvalidEmail  = "invalid_email"
	InvalidDue    = "invalid_due"
	InFuture      = "in_future"
	Taken         = "taken"
	Mismatch      = "mismatch"
	WrongPassword = "wrong_password"
	WrongCode     = "wrong_code"
)

// Error is an error a user may see.
type Error struct {
	Code    Code
	Message string            // English, safe to show, never holds personal data
	Fields  map[string]string // input name -> field error key
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	names := make([]string, 0, len(e.Fields))
	for name := range e.Fields {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name + ": " + e.Fields[name]
	}
	return e.Message + " (" + strings.Join(parts, ", ") + ")"
}

// E returns an error with the given code and a formatted message.
// The arguments must not contain personal data.
func E(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// CodeOf returns the code of the first *Error in err's chain, Internal when
// there is none, and "" for a nil error.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// MessageOf returns the message safe to show for err: the message of its
// *Error, or "internal error".
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal {
		return e.Message
	}
	return "internal error"
}

// FieldsOf returns the field errors carried by err, or nil.
func FieldsOf(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Is reports whether err carries the given code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// Fields collects field errors while validating a form or a request.
type Fields map[string]string

// Add records a field error unless the field already has one: the first
// problem found is the one worth telling.
func (f Fields) Add(name, key string) {
	if _, ok := f[name]; !ok {
		f[name] = key
	}
}

// Err returns an Invalid error carrying the field errors, or nil when there
// are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "some fields are not valid", Fields: f}
}
