package incident

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Playbook is an emergency plan: phases of tasks, each for an incident role
// and due some time after awareness, and the outside contacts to find.
// Playbooks are YAML documents (see docs/playbooks.md); three ship built in.
type Playbook struct {
	Name        string // a slug, unique: "data-theft"
	Version     int
	Kind        Kind // the incident kind it is written for
	Title       Text
	Description Text
	Contacts    []PlaybookContact
	Phases      []Phase
	BuiltIn     bool
	Source      string // the YAML as imported
	ImportedBy  int64
	ImportedAt  time.Time
}

// Phase is a stage of the plan.
type Phase struct {
	Name  Text
	Tasks []PlaybookTask
}

// PlaybookTask becomes a task when the playbook is applied.
type PlaybookTask struct {
	Title       Text
	Description Text
	Role        MemberRole
	Due         *time.Duration // after awareness; nil: no due time
	Checklist   []Text
}

// PlaybookContact is a contact slot the team must fill.
type PlaybookContact struct {
	Role  string
	Label Text
}

// TaskCount is the number of tasks over all phases.
func (p *Playbook) TaskCount() int {
	n := 0
	for _, ph := range p.Phases {
		n += len(ph.Tasks)
	}
	return n
}

// Text is a text in several languages: language code -> text. A playbook
// may give a plain string instead, which then serves every language.
type Text map[string]string

// anyLanguage is the key of a Text given as a plain string.
const anyLanguage = "*"

// In returns the text in lang, falling back to a plain string, then English,
// then German, then any language at all.
func (t Text) In(lang string) string {
	for _, l := range []string{lang, anyLanguage, "en", "de"} {
		if s, ok := t[l]; ok {
			return s
		}
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		return t[keys[0]]
	}
	return ""
}

// Limits on a playbook.
const (
	MaxPlaybookSize  = 1 << 20
	MaxPlaybookTasks = 500
)

var playbookNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Problem is one thing wrong in a playbook file.
type Problem struct {
	Line    int
	Field   string // a path such as phases[1].tasks[0].due
	Message string
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Field, p.Message)
}

// PlaybookError lists every problem found in a playbook file.
type PlaybookError struct{ Problems []Problem }

func (e *PlaybookError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}
