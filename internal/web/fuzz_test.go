package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Fuzz targets for what the web layer parses itself: API bodies, the due
// times people type in the task form, and the times of datetime inputs.
// `make fuzz` runs each for a while; `make test` runs their seeds.

func FuzzDecodeAPIBodies(f *testing.F) {
	for _, seed := range []string{
		`{"title":"Ransom mail","kind":"data_theft","severity":"high","aware_at":"2026-11-24T08:00:00Z"}`,
		`{"detected_at":null,"status":"closed"}`,
		`{"kind":"note","text":"x","corrects":3,"attachments":[{"name":"a.eml","content_type":"message/rfc822","data_base64":"aGk="}]}`,
		`{"title":"t","due_after_aware":"aware+72h","checklist":["a","b"],"check":{"0":true}}`,
		`{"title": `, `[]`, `{"title":"a"} {"title":"b"}`, `{"severty":"high"}`, `{"owner_id":"7"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		targets := []any{&apiIncidentCreate{}, &apiIncidentPatch{}, &apiEntryCreate{}, &apiTaskCreate{}, &apiTaskPatch{}}
		for _, v := range targets {
			err := decodeJSONBytes(raw, v)
			if err == nil {
				continue
			}
			if code := errs.CodeOf(err); code != errs.Invalid && code != errs.TooLarge {
				t.Fatalf("decoding %q gave code %s, want invalid: %v", raw, code, err)
			}
			// A message may name fields and byte offsets, never echo a
			// value the client sent (it may be personal data).
			for _, v := range stringValues(raw) {
				if len(v) >= 8 && strings.Contains(errs.MessageOf(err), v) {
					t.Fatalf("the error %q repeats the value %q from the body", errs.MessageOf(err), v)
				}
			}
		}
	})
}

// stringValues returns the string values (not the keys) in a JSON body,
// or nothing when it is not JSON.
func stringValues(raw []byte) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

func FuzzParseTaskFormDue(f *testing.F) {
	for _, seed := range []string{"72", "72h", "3d 4h", "3 T 4 Std", "aware+72h", "", "-1h", "99999999999h", "1 t", "aware"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDueOffset(s)
		if !ok {
			return
		}
		if d < 0 || d > 5*366*24*time.Hour {
			t.Fatalf("parseDueOffset(%q) = %v, outside 0..5 years", s, d)
		}
		back, ok := parseDueOffset(formatDueOffset(d))
		if !ok || back != d {
			t.Fatalf("%q -> %v -> %q -> %v, %v", s, d, formatDueOffset(d), back, ok)
		}
	})
}

func FuzzParseInputTime(f *testing.F) {
	for _, seed := range []string{"2026-11-24T09:30", "24.11.2026 09:30", "2026-11-24 09:30:15", "", "garbage", "2026-02-30T10:00"} {
		f.Add(seed)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fields := errs.Fields{}
		got := parseInputTime("at", s, berlin, fields)
		switch {
		case fields["at"] != "":
			if fields["at"] != errs.InvalidTime {
				t.Fatalf("field error %q", fields["at"])
			}
		case strings.TrimSpace(s) == "":
			if !got.IsZero() {
				t.Fatalf("empty input gave %v", got)
			}
		default:
			if got.Location() != time.UTC {
				t.Fatalf("parseInputTime(%q) = %v, not in UTC", s, got)
			}
			// What the form shows again must read back as the same minute.
			shown := formInputTime(&got, berlin)
			again := parseInputTime("at", shown, berlin, errs.Fields{})
			if formInputTime(&again, berlin) != shown {
				t.Fatalf("%q -> %v -> %q -> %v", s, got, shown, again)
			}
		}
	})
}
