package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestCodesAndMessagesThroughWrapping(t *testing.T) {
	driver := errors.New("sqlite: UNIQUE constraint failed: users.email")
	for _, tc := range []struct {
		name     string
		err      error
		code     Code
		message  string
		hasField bool
	}{
		{"nil has no code", nil, "", "internal error", false},
		{"a plain error is internal and its text is hidden", driver, Internal, "internal error", false},
		{"a wrapped user error keeps its code and message", fmt.Errorf("load: %w", E(NotFound, "no such incident")), NotFound, "no such incident", false},
		{"an internal-coded error never shows its message", E(Internal, "disk %s full", "/var"), Internal, "internal error", false},
		{"field errors travel along", Fields{"title": Required}.Err(), Invalid, "some fields are not valid", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CodeOf(tc.err); got != tc.code {
				t.Errorf("CodeOf = %q, want %q", got, tc.code)
			}
			if got := MessageOf(tc.err); got != tc.message {
				t.Errorf("MessageOf = %q, want %q", got, tc.message)
			}
			if got := FieldsOf(tc.err) != nil; got != tc.hasField {
				t.Errorf("FieldsOf present = %v, want %v", got, tc.hasField)
			}
		})
	}
}

func TestFieldsKeepTheFirstProblemAndNoneIsNil(t *testing.T) {
	f := Fields{}
	if f.Err() != nil {
		t.Fatal("no field errors must give a nil error")
	}
	f.Add("aware_at", InvalidTime)
	f.Add("aware_at", InFuture)
	if f["aware_at"] != InvalidTime {
		t.Errorf("the first problem was replaced: %q", f["aware_at"])
	}
	if got := f.Err().Error(); got != "some fields are not valid (aware_at: invalid_time)" {
		t.Errorf("Error() = %q", got)
	}
}
