package incident

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// TaskStatus is where a task stands.
type TaskStatus string

const (
	TaskOpen    TaskStatus = "open"
	TaskDoing   TaskStatus = "doing"
	TaskDone    TaskStatus = "done"
	TaskDropped TaskStatus = "dropped" // needs a reason
)

// TaskStatuses lists every task status.
var TaskStatuses = []TaskStatus{TaskOpen, TaskDoing, TaskDone, TaskDropped}

// Active reports whether the task still needs doing.
func (s TaskStatus) Active() bool { return s == TaskOpen || s == TaskDoing }

// Task is a piece of work in an incident.
type Task struct {
	ID          int64
	IncidentID  int64
	Title       string
	Description string
	Phase       string // the playbook phase it came from, if any
	Position    int    // order within the incident, playbook order first
	OwnerID     int64  // 0: nobody yet
	OwnerName   string // filled by the store from the user
	Role        MemberRole
	Due         Due
	Status      TaskStatus
	DropReason  string
	Checklist   []ChecklistItem
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DoneAt      *time.Time
}

// ChecklistItem is one line of a task's checklist. The JSON form is how the
// stores keep a checklist in one column.
type ChecklistItem struct {
	Text   string     `json:"text"`
	Done   bool       `json:"done"`
	DoneBy int64      `json:"done_by,omitempty"`
	DoneAt *time.Time `json:"done_at,omitempty"`
}

// Due is when a task is due: not at all, at a fixed time, or some time after
// the incident's awareness. A relative due moves when aware_at is corrected.
type Due struct {
	At         *time.Time     // the effective due time; stores keep it for queries
	AfterAware *time.Duration // set for a relative due
}

// Resolve fixes At for a relative due against awareAt.
func (d *Due) Resolve(awareAt time.Time) {
	if d.AfterAware != nil {
		at := awareAt.Add(*d.AfterAware)
		d.At = &at
	}
}

// Overdue reports whether the task is active and past its due time at now.
func (t *Task) Overdue(now time.Time) bool {
	return t.Status.Active() && t.Due.At != nil && now.After(*t.Due.At)
}

// Limits on what a user types.
const (
	MaxTaskTitleLen     = 300
	MaxTaskDescLen      = 10_000
	MaxChecklistItems   = 100
	MaxChecklistItemLen = 500
	MaxDropReasonLen    = 2_000
	maxDueOffset        = 5 * 366 * 24 * time.Hour
)

// ParseDueOffset reads a due relative to awareness: "aware" (at awareness),
// or "aware+" followed by amounts with units w, d, h, m, as in "aware+72h",
// "aware+1d12h", "aware+2w".
func ParseDueOffset(s string) (time.Duration, error) {
	s = strings.ToLower(dueSpaces.ReplaceAllString(strings.TrimSpace(s), "+"))
	rest, ok := strings.CutPrefix(s, "aware")
	if !ok {
		return 0, fmt.Errorf("a relative due starts with \"aware\", as in aware+72h")
	}
	if rest == "" {
		return 0, nil
	}
	rest, ok = strings.CutPrefix(rest, "+")
	if !ok || rest == "" {
		return 0, fmt.Errorf("expected \"+\" and a time after \"aware\", as in aware+72h")
	}
	var total time.Duration
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, fmt.Errorf("%q: expected a number followed by w, d, h or m", rest)
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 100_000 {
			return 0, fmt.Errorf("%q: number too large", rest[:i])
		}
		unit, ok := dueUnits[rest[i]]
		if !ok {
			return 0, fmt.Errorf("unknown unit %q: use w, d, h or m", rest[i:i+1])
		}
		if time.Duration(n) > maxDueOffset/unit {
			return 0, fmt.Errorf("more than five years after awareness")
		}
		total += time.Duration(n) * unit
		if total > maxDueOffset {
			return 0, fmt.Errorf("more than five years after awareness")
		}
		rest = rest[i+1:]
	}
	return total, nil
}

// dueSpaces are the spaces allowed in a due: around the plus sign.
var dueSpaces = regexp.MustCompile(`\s*\+\s*`)

var dueUnits = map[byte]time.Duration{'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute}

// FormatDueOffset writes d the way ParseDueOffset reads it, in days, hours
// and minutes: 72h becomes "aware+3d", 36h "aware+1d12h".
func FormatDueOffset(d time.Duration) string {
	if d == 0 {
		return "aware"
	}
	var b strings.Builder
	b.WriteString("aware+")
	for _, u := range []struct {
		unit byte
		size time.Duration
	}{{'d', 24 * time.Hour}, {'h', time.Hour}, {'m', time.Minute}} {
		if n := d / u.size; n > 0 {
			fmt.Fprintf(&b, "%d%c", n, u.unit)
			d -= n * u.size
		}
	}
	return b.String()
}

// TaskInput is the input for a new task.
type TaskInput struct {
	Title       string
	Description string
	Phase       string
	OwnerID     int64
	Role        MemberRole
	Due         Due
	Checklist   []string
}

func (in *TaskInput) validate(f errs.Fields) {
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	in.Phase = strings.TrimSpace(in.Phase)
	switch {
	case in.Title == "":
		f.Add("title", errs.Required)
	case utf8.RuneCountInString(in.Title) > MaxTaskTitleLen:
		f.Add("title", errs.TooLong)
	}
	if utf8.RuneCountInString(in.Description) > MaxTaskDescLen {
		f.Add("description", errs.TooLong)
	}
	if utf8.RuneCountInString(in.Phase) > MaxTitleLen {
		f.Add("phase", errs.TooLong)
	}
	if in.Role != "" && !oneOf(in.Role, MemberRoles) {
		f.Add("role", errs.InvalidChoice)
	}
	validateDue(in.Due, f)
	in.Checklist = validateChecklist(in.Checklist, f)
}

func validateDue(d Due, f errs.Fields) {
	if d.AfterAware != nil && (*d.AfterAware < 0 || *d.AfterAware > maxDueOffset) {
		f.Add("due", errs.InvalidDue)
	}
	if d.AfterAware == nil && d.At != nil && (d.At.Before(earliestPlausible) || d.At.After(latestPlausibleDue)) {
		f.Add("due", errs.InvalidDue)
	}
}

// latestPlausibleDue bounds absolute due times from above, as
// earliestPlausible does from below.
var latestPlausibleDue = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)

// validateChecklist trims the items and drops empty ones.
func validateChecklist(items []string, f errs.Fields) []string {
	kept := make([]string, 0, len(items))
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		if utf8.RuneCountInString(it) > MaxChecklistItemLen {
			f.Add("checklist", errs.TooLong)
		}
		kept = append(kept, it)
	}
	if len(kept) > MaxChecklistItems {
		f.Add("checklist", errs.TooLong)
	}
	return kept
}

// TaskPatch changes some fields of a task; nil fields stay as they are.
type TaskPatch struct {
	Title       *string
	Description *string
	OwnerID     *int64 // 0 removes the owner
	Role        *MemberRole
	Due         *Due
	Status      *TaskStatus
	DropReason  *string      // required when Status becomes dropped
	Checklist   *[]string    // replaces the items; items with the same text keep their state
	Check       map[int]bool // item index -> done
}

// OnlyProgress reports whether the patch only moves the task along (status
// and checklist), which a task's owner may do without task-editing rights.
func (p *TaskPatch) OnlyProgress() bool {
	return p.Title == nil && p.Description == nil && p.OwnerID == nil && p.Role == nil && p.Due == nil && p.Checklist == nil
}
