package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func TestTextFallsBackToPlainThenEnglish(t *testing.T) {
	for _, tc := range []struct {
		text Text
		lang string
		want string
	}{
		{Text{"en": "Isolate", "de": "Isolieren"}, "de", "Isolieren"},
		{Text{"en": "Isolate", "de": "Isolieren"}, "zh", "Isolate"},
		{Text{"*": "Same for all"}, "de", "Same for all"},
		{Text{"de": "Nur Deutsch"}, "en", "Nur Deutsch"},
		{Text{"fr": "Isoler"}, "en", "Isoler"},
		{Text{}, "en", ""},
	} {
		if got := tc.text.In(tc.lang); got != tc.want {
			t.Errorf("%v.In(%q) = %q, want %q", tc.text, tc.lang, got, tc.want)
		}
	}
}

func TestSystemEventsReadInEnglish(t *testing.T) {
	ev := SystemEvent{Name: "status_changed", Args: map[string]string{"from": "triage", "to": "investigating"}}
	if got := ev.English(); got != "Status changed from triage to investigating." {
		t.Errorf("got %q", got)
	}
	if got := (SystemEvent{Name: "nope"}).English(); got != "(nope)" {
		t.Errorf("unknown event renders %q", got)
	}
	for _, name := range SystemEventNames() {
		if (SystemEvent{Name: name}).English() == "("+name+")" {
			t.Errorf("event %s has no English text", name)
		}
	}
}

func TestChecklistMergeKeepsTickedItems(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	old := []ChecklistItem{{Text: "Call police", Done: true, DoneBy: 3, DoneAt: &at}, {Text: "Call insurer"}}
	got := mergeChecklist(old, []string{"Call insurer", "Call police", "Call lawyer"})
	if len(got) != 3 || got[0].Done || !got[1].Done || got[1].DoneBy != 3 || got[2].Done {
		t.Errorf("merge lost or invented state: %+v", got)
	}
}

func TestIncidentValidationNamesEveryBadField(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	future := now.Add(time.Hour)
	inc := &Incident{Title: "  ", Kind: "flood", Severity: "apocalyptic", Status: StatusTriage, AwareAt: future, DetectedAt: &future,
		Summary: strings.Repeat("x", MaxSummaryLen+1)}
	f := errs.Fields{}
	inc.validate(now, f)
	want := map[string]string{
		"title": errs.Required, "kind": errs.InvalidChoice, "severity": errs.InvalidChoice,
		"aware_at": errs.InFuture, "detected_at": errs.InFuture, "summary": errs.TooLong,
	}
	for field, key := range want {
		if f[field] != key {
			t.Errorf("field %s: got %q, want %q", field, f[field], key)
		}
	}
	typo := &Incident{Title: "x", Kind: KindOther, Severity: SeverityLow, Status: StatusTriage,
		AwareAt: time.Date(26, 11, 24, 9, 0, 0, 0, time.UTC)} // 0026 for 2026
	f = errs.Fields{}
	typo.validate(now, f)
	if f["aware_at"] != errs.InvalidTime {
		t.Errorf("an aware_at in the year 26 gave %q, want invalid_time", f["aware_at"])
	}
	ok := &Incident{Title: "Mail server taken over", Kind: KindAccountCompromise, Severity: SeverityHigh, Status: StatusTriage,
		AwareAt: now.Add(2 * time.Minute)} // a browser clock a little ahead is fine
	f = errs.Fields{}
	ok.validate(now, f)
	if len(f) != 0 {
		t.Errorf("valid incident refused: %v", f)
	}
}

func TestCleanFileName(t *testing.T) {
	for in, want := range map[string]string{
		"../../etc/passwd":        "passwd",
		`C:\Users\x\evidence.eml`: "evidence.eml",
		"mail\r\n\"x\".eml":       "mailx.eml",
		"":                        "",
		"/":                       "",
	} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDueResolveFollowsAwareness(t *testing.T) {
	aware := time.Date(2026, 3, 28, 22, 0, 0, 0, time.UTC)
	d := 72 * time.Hour
	due := Due{AfterAware: &d}
	due.Resolve(aware)
	if !due.At.Equal(aware.Add(72 * time.Hour)) {
		t.Errorf("due = %v", due.At)
	}
	task := Task{Status: TaskOpen, Due: due}
	if task.Overdue(aware.Add(71*time.Hour)) || !task.Overdue(aware.Add(73*time.Hour)) {
		t.Error("overdue is wrong around the due time")
	}
	task.Status = TaskDone
	if task.Overdue(aware.Add(100 * time.Hour)) {
		t.Error("a done task is overdue")
	}
}
