package incident

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// ParsePlaybook reads and checks a playbook file. Every problem is reported
// with its line and field, so an author can fix a file in one go.
func ParsePlaybook(src []byte) (*Playbook, error) {
	if len(src) > MaxPlaybookSize {
		return nil, &PlaybookError{[]Problem{{Line: 1, Message: fmt.Sprintf("the file is larger than %d KiB", MaxPlaybookSize>>10)}}}
	}
	if !utf8.Valid(src) {
		return nil, &PlaybookError{[]Problem{{Line: 1, Message: "the file is not UTF-8 text"}}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &PlaybookError{[]Problem{yamlProblem(err)}}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &PlaybookError{[]Problem{{Line: 1, Message: "the file is empty"}}}
	}
	w := &walker{}
	if w.refuseAliases(&doc); len(w.problems) > 0 {
		return nil, &PlaybookError{w.problems}
	}
	p := w.playbook(doc.Content[0])
	if len(w.problems) > 0 {
		return nil, &PlaybookError{w.problems}
	}
	p.Source = string(src)
	return p, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlProblem turns a YAML syntax error into a Problem with its line.
func yamlProblem(err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimSpace(strings.TrimPrefix(yamlLine.ReplaceAllString(msg, ""), ":"))
	}
	return Problem{Line: line, Message: "not valid YAML: " + msg}
}

// walker reads the YAML tree and collects problems instead of stopping at
// the first.
type walker struct{ problems []Problem }

func (w *walker) fail(n *yaml.Node, field, format string, args ...any) {
	w.problems = append(w.problems, Problem{Line: n.Line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// mapping returns the keys of a mapping node and complains about keys that
// are not allowed, or required keys that are missing.
func (w *walker) mapping(n *yaml.Node, field string, allowed, required []string) map[string]*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		w.fail(n, field, "expected a mapping of keys and values")
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		if !contains(allowed, name) {
			w.fail(key, join(field, name), "unknown field; allowed are %s", strings.Join(allowed, ", "))
			continue
		}
		if _, dup := out[name]; dup {
			w.fail(key, join(field, name), "given twice")
			continue
		}
		out[name] = val
	}
	for _, name := range required {
		if _, ok := out[name]; !ok {
			w.fail(n, join(field, name), "required")
		}
	}
	return out
}

func (w *walker) sequence(n *yaml.Node, field string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		w.fail(n, field, "expected a list")
		return nil
	}
	return n.Content
}

func (w *walker) scalar(n *yaml.Node, field string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		w.fail(n, field, "expected a single value")
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// text reads a Text: a plain string, or a mapping of language codes. Each
// language's text may hold at most max characters.
func (w *walker) text(n *yaml.Node, field string, required bool, max int) Text {
	if n == nil {
		return nil
	}
	t := Text{}
	switch n.Kind {
	case yaml.ScalarNode:
		if v := strings.TrimSpace(n.Value); v != "" {
			t[anyLanguage] = v
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			lang := n.Content[i].Value
			if !languagePattern.MatchString(lang) {
				w.fail(n.Content[i], join(field, lang), "expected a language code such as en, de or zh")
				continue
			}
			if v, ok := w.scalar(n.Content[i+1], join(field, lang)); ok && v != "" {
				t[lang] = v
			}
		}
	default:
		w.fail(n, field, "expected a text, or a mapping of language codes to texts")
		return nil
	}
	if required && len(t) == 0 {
		w.fail(n, field, "required")
	}
	for lang, v := range t {
		if utf8.RuneCountInString(v) > max {
			name := field
			if lang != anyLanguage {
				name = join(field, lang)
			}
			w.fail(n, name, "longer than %d characters", max)
		}
	}
	return t
}

var languagePattern = regexp.MustCompile(`^[a-z]{2}(-[A-Za-z]{2,4})?$`)

func (w *walker) playbook(n *yaml.Node) *Playbook {
	m := w.mapping(n, "", []string{"name", "version", "kind", "title", "description", "contacts", "phases"},
		[]string{"name", "title", "phases"})
	p := &Playbook{Version: 1, Kind: KindOther}
	if m == nil {
		return p
	}
	if v, ok := w.scalar(m["name"], "name"); ok {
		if !playbookNamePattern.MatchString(v) {
			w.fail(m["name"], "name", "use lower-case letters, digits and dashes, at most 63, as in data-theft")
		}
		p.Name = v
	}
	if vn := m["version"]; vn != nil {
		if v, ok := w.scalar(vn, "version"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				w.fail(vn, "version", "expected a whole number from 1")
			}
			p.Version = n
		}
	}
	if kn := m["kind"]; kn != nil {
		if v, ok := w.scalar(kn, "kind"); ok {
			if !oneOf(Kind(v), Kinds) {
				w.fail(kn, "kind", "expected one of %s", joinKinds())
			}
			p.Kind = Kind(v)
		}
	}
	p.Title = w.text(m["title"], "title", true, MaxTitleLen)
	p.Description = w.text(m["description"], "description", false, MaxSummaryLen)
	if cn := m["contacts"]; cn != nil {
		seen := map[string]bool{}
		for i, c := range w.sequence(cn, "contacts") {
			field := fmt.Sprintf("contacts[%d]", i)
			pc := w.contact(c, field)
			if pc.Role != "" && seen[pc.Role] {
				w.fail(c, join(field, "role"), "the role %q is given twice", pc.Role)
			}
			seen[pc.Role] = true
			p.Contacts = append(p.Contacts, pc)
		}
	}
	if pn := m["phases"]; pn != nil {
		phases := w.sequence(pn, "phases")
		if pn.Kind == yaml.SequenceNode && len(phases) == 0 {
			w.fail(pn, "phases", "a playbook needs at least one phase")
		}
		for i, ph := range phases {
			p.Phases = append(p.Phases, w.phase(ph, fmt.Sprintf("phases[%d]", i)))
		}
	}
	if p.TaskCount() > MaxPlaybookTasks {
		w.fail(n, "phases", "more than %d tasks", MaxPlaybookTasks)
	}
	return p
}

func (w *walker) contact(n *yaml.Node, field string) PlaybookContact {
	m := w.mapping(n, field, []string{"role", "label"}, []string{"role", "label"})
	var c PlaybookContact
	if m == nil {
		return c
	}
	if v, ok := w.scalar(m["role"], join(field, "role")); ok {
		if !contactRolePattern.MatchString(v) {
			w.fail(m["role"], join(field, "role"), "use lower-case letters, digits and underscores, as in police")
		}
		c.Role = v
	}
	c.Label = w.text(m["label"], join(field, "label"), true, maxContactFieldLen)
	return c
}

var contactRolePattern = regexp.MustCompile(`^[a-z0-9_]{1,40}$`)

func (w *walker) phase(n *yaml.Node, field string) Phase {
	m := w.mapping(n, field, []string{"name", "tasks"}, []string{"name", "tasks"})
	var ph Phase
	if m == nil {
		return ph
	}
	ph.Name = w.text(m["name"], join(field, "name"), true, MaxTitleLen)
	if tn := m["tasks"]; tn != nil {
		for i, t := range w.sequence(tn, join(field, "tasks")) {
			ph.Tasks = append(ph.Tasks, w.task(t, fmt.Sprintf("%s.tasks[%d]", field, i)))
		}
	}
	return ph
}

func (w *walker) task(n *yaml.Node, field string) PlaybookTask {
	m := w.mapping(n, field, []string{"title", "description", "role", "due", "checklist"}, []string{"title"})
	t := PlaybookTask{Role: RoleMember}
	if m == nil {
		return t
	}
	t.Title = w.text(m["title"], join(field, "title"), true, MaxTaskTitleLen)
	t.Description = w.text(m["description"], join(field, "description"), false, MaxTaskDescLen)
	if rn := m["role"]; rn != nil {
		if v, ok := w.scalar(rn, join(field, "role")); ok {
			if !oneOf(MemberRole(v), MemberRoles) {
				w.fail(rn, join(field, "role"), "expected one of %s", joinRoles())
			}
			t.Role = MemberRole(v)
		}
	}
	if dn := m["due"]; dn != nil {
		if v, ok := w.scalar(dn, join(field, "due")); ok {
			d, err := ParseDueOffset(v)
			if err != nil {
				w.fail(dn, join(field, "due"), "%s", err)
			}
			t.Due = &d
		}
	}
	if cn := m["checklist"]; cn != nil {
		items := w.sequence(cn, join(field, "checklist"))
		if len(items) > MaxChecklistItems {
			w.fail(cn, join(field, "checklist"), "more than %d items", MaxChecklistItems)
			items = items[:MaxChecklistItems]
		}
		for i, c := range items {
			t.Checklist = append(t.Checklist, w.text(c, fmt.Sprintf("%s.checklist[%d]", field, i), true, MaxChecklistItemLen))
		}
	}
	return t
}

// refuseAliases reports the first YAML alias (*name). Following aliases
// would let a few kilobytes expand into millions of tasks; a playbook is
// short enough to write out.
func (w *walker) refuseAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		w.fail(n, "", "YAML aliases (*%s) are not supported in playbooks; write the text out", n.Value)
		return true
	}
	for _, c := range n.Content {
		if w.refuseAliases(c) {
			return true
		}
	}
	return false
}

func join(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func joinKinds() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func joinRoles() string {
	s := make([]string, len(MemberRoles))
	for i, r := range MemberRoles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// AsPlaybookError returns the problems of a playbook error, or nil.
func AsPlaybookError(err error) *PlaybookError {
	var pe *PlaybookError
	if errors.As(err, &pe) {
		return pe
	}
	return nil
}
