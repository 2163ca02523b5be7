package obligation

import (
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The rule file: its format is documented in the header of rules.yaml,
// which ships embedded. ParseRules refuses a file whole, with every
// problem and its line, so that nothing is ever half-loaded.

//go:embed rules.yaml
var builtinRulesYAML []byte

// builtinRules parses the embedded file once; a test guarantees it parses.
var builtinRules = sync.OnceValue(func() *RuleSet {
	rs, err := ParseRules(builtinRulesYAML)
	if err != nil {
		panic("obligation: the embedded rules.yaml does not parse: " + err.Error())
	}
	return rs
})

// BuiltinRules returns the rule set shipped with the binary. It is shared:
// callers must not change it.
func BuiltinRules() *RuleSet { return builtinRules() }

// Limits on a rule file.
const (
	MaxRuleFileSize = 256 << 10
	MaxRules        = 500
	maxTitleLen     = 200
	maxNoteLen      = 4000
	maxBasisLen     = 400
)

// Problem is one thing wrong in a rule file.
type Problem struct {
	Line    int
	Field   string // a path such as rules[3].deadline
	Message string
}

func (p Problem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Field, p.Message)
}

// RuleError lists every problem found in a rule file, by line.
type RuleError struct{ Problems []Problem }

func (e *RuleError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// AsRuleError returns the problems of a rule file error, or nil.
func AsRuleError(err error) *RuleError {
	var re *RuleError
	if errors.As(err, &re) {
		return re
	}
	return nil
}

// Clock names a rule may start from, besides "filed:<rule>",
// "last_filed:<rule>" and "year_end:<clock>".
const (
	ClockAwareAt          = "aware_at"
	ClockDetectedAt       = "detected_at" // falls back to aware_at
	ClockDORAClassifiedAt = "dora_classified_at"
	ClockSECMaterialityAt = "sec_materiality_at"
	ClockUSDiscoveredAt   = "us_discovered_at" // falls back to aware_at
	ClockUSDeterminedAt   = "us_determined_at" // falls back to aware_at
)

// BaseClocks are the clocks that do not depend on a filing.
var BaseClocks = []string{
	ClockAwareAt, ClockDetectedAt, ClockDORAClassifiedAt, ClockSECMaterialityAt,
	ClockUSDiscoveredAt, ClockUSDeterminedAt,
}

// Clock prefixes.
const (
	ClockFiled     = "filed:"      // the first filing of a rule
	ClockLastFiled = "last_filed:" // the latest filing of a rule
	ClockYearEnd   = "year_end:"   // the end of the calendar year of a base clock
)

// Recipient resolvers.
const (
	ResolverCompetentDPA = "competent_dpa"
	ResolverResidentDPAs = "resident_dpas"
)

var (
	ruleIDPattern      = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$`)
	contentIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	recipientIDPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]+){1,4}$`)
	versionPattern     = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$`)
	countryPattern     = regexp.MustCompile(`^[A-Z]{2}$`)
	regionPattern      = regexp.MustCompile(`^[A-Z]{2}(-[A-Z0-9]{1,3})?$`)
	deadlinePattern    = regexp.MustCompile(`^([0-9]{1,4})(h|d|bd|mo)$`)
	yamlLine           = regexp.MustCompile(`line (\d+)`)
)

// ParseRules reads and checks a rule file. A file with any problem is
// refused whole, with every problem and its line.
func ParseRules(src []byte) (*RuleSet, error) {
	if len(src) > MaxRuleFileSize {
		return nil, &RuleError{[]Problem{{Line: 1, Message: fmt.Sprintf("the file is larger than %d KiB", MaxRuleFileSize>>10)}}}
	}
	if !utf8.Valid(src) {
		return nil, &RuleError{[]Problem{{Line: 1, Message: "the file is not UTF-8 text"}}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &RuleError{[]Problem{yamlProblem(err)}}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, &RuleError{[]Problem{{Line: 1, Message: "the file is empty"}}}
	}
	w := &ruleWalker{}
	if w.refuseAliases(&doc); len(w.problems) > 0 {
		return nil, w.err()
	}
	rs := w.ruleSet(doc.Content[0])
	if len(w.problems) > 0 {
		return nil, w.err()
	}
	rs.Source = append([]byte(nil), src...)
	return rs, nil
}

// yamlProblem turns a YAML syntax error into a Problem with its line.
func yamlProblem(err error) Problem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, convErr := strconv.Atoi(m[1]); convErr == nil && n >= 0 {
			line = n
		}
		msg = strings.TrimSpace(strings.TrimPrefix(yamlLine.ReplaceAllString(msg, ""), ":"))
		if isParserError(msg) {
			// yaml.v3 reports the parser's errors (unlike the scanner's)
			// with a 0-based line: the line where the unfinished list or
			// mapping starts, less one.
			line++
		}
	}
	return Problem{Line: max(line, 1), Message: "not valid YAML: " + msg}
}

func isParserError(msg string) bool {
	for _, p := range []string{
		"did not find expected key", "did not find expected node content",
		"did not find expected '-' indicator", "did not find expected ',' or ']'",
		"did not find expected ',' or '}'", "did not find expected <document start>",
	} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// ruleWalker reads the YAML tree and collects problems instead of stopping
// at the first.
type ruleWalker struct{ problems []Problem }

func (w *ruleWalker) err() *RuleError {
	sort.SliceStable(w.problems, func(i, j int) bool { return w.problems[i].Line < w.problems[j].Line })
	return &RuleError{w.problems}
}

func (w *ruleWalker) fail(n *yaml.Node, field, format string, args ...any) {
	line := 1
	if n != nil && n.Line > 0 {
		line = n.Line
	}
	w.problems = append(w.problems, Problem{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// mapping returns the values of a mapping node by key, complaining about
// unknown, repeated and missing keys.
func (w *ruleWalker) mapping(n *yaml.Node, field string, allowed, required []string) map[string]*yaml.Node {
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

func (w *ruleWalker) sequence(n *yaml.Node, field string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		w.fail(n, field, "expected a list")
		return nil
	}
	return n.Content
}

func (w *ruleWalker) scalar(n *yaml.Node, field string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		w.fail(n, field, "expected a single value")
		return "", false
	}
	return strings.TrimSpace(n.Value), true
}

// required reads a scalar that must not be empty.
func (w *ruleWalker) required(n *yaml.Node, field string) (string, bool) {
	v, ok := w.scalar(n, field)
	if ok && v == "" {
		w.fail(n, field, "required")
		return "", false
	}
	return v, ok
}

// scalars reads a value or a list of values.
func (w *ruleWalker) scalars(n *yaml.Node, field string) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		if v := strings.TrimSpace(n.Value); v != "" {
			return []string{v}
		}
		w.fail(n, field, "expected a value or a list of values")
		return nil
	}
	items := w.sequence(n, field)
	if n.Kind == yaml.SequenceNode && len(items) == 0 {
		w.fail(n, field, "the list is empty")
	}
	var out []string
	for i, item := range items {
		if v, ok := w.required(item, fmt.Sprintf("%s[%d]", field, i)); ok {
			out = append(out, v)
		}
	}
	return out
}

// text reads {en, de}; both are required.
func (w *ruleWalker) text(n *yaml.Node, field string, max int) Text {
	m := w.mapping(n, field, []string{"en", "de"}, []string{"en", "de"})
	var t Text
	if m == nil {
		return t
	}
	for _, lang := range []string{"en", "de"} {
		v, ok := w.required(m[lang], join(field, lang))
		if !ok {
			continue
		}
		if utf8.RuneCountInString(v) > max {
			w.fail(m[lang], join(field, lang), "longer than %d characters", max)
		}
		if lang == "en" {
			t.EN = v
		} else {
			t.DE = v
		}
	}
	return t
}

// ruleRefs remembers where a rule refers to other rules, for the checks
// that need the whole file.
type ruleRefs struct {
	rule    *Rule
	field   string
	clocks  []*yaml.Node // clock nodes: the rule's and its cap's
	content *yaml.Node
}

func (w *ruleWalker) ruleSet(n *yaml.Node) *RuleSet {
	rs := &RuleSet{Content: map[string]ContentItem{}}
	m := w.mapping(n, "", []string{"version", "asap_target_hours", "content", "rules"},
		[]string{"version", "asap_target_hours", "rules"})
	if m == nil {
		return rs
	}
	if v, ok := w.required(m["version"], "version"); ok {
		if !versionPattern.MatchString(v) {
			w.fail(m["version"], "version", "use letters, digits, dots, dashes and underscores, at most 40, as in 2026-11-24.1")
		}
		rs.Version = v
	}
	if v, ok := w.required(m["asap_target_hours"], "asap_target_hours"); ok {
		h, err := strconv.Atoi(v)
		if err != nil || h < 1 || h > 168 {
			w.fail(m["asap_target_hours"], "asap_target_hours", "expected a whole number of hours from 1 to 168")
		}
		rs.ASAPTarget = time.Duration(h) * time.Hour
	}
	for i, c := range w.sequence(m["content"], "content") {
		field := fmt.Sprintf("content[%d]", i)
		item := w.contentItem(c, field)
		if item.ID == "" {
			continue
		}
		if _, dup := rs.Content[item.ID]; dup {
			w.fail(c, join(field, "id"), "the content item %q is defined twice", item.ID)
		}
		rs.Content[item.ID] = item
	}
	rules := w.sequence(m["rules"], "rules")
	if m["rules"] != nil && m["rules"].Kind == yaml.SequenceNode && len(rules) == 0 {
		w.fail(m["rules"], "rules", "the file has no rules")
	}
	if len(rules) > MaxRules {
		w.fail(m["rules"], "rules", "more than %d rules", MaxRules)
		rules = rules[:MaxRules]
	}
	var refs []ruleRefs
	seen := map[string]bool{}
	for i, rn := range rules {
		field := fmt.Sprintf("rules[%d]", i)
		ref := w.rule(rn, field)
		if id := ref.rule.ID; id != "" {
			if seen[id] {
				w.fail(rn, join(field, "id"), "the rule %q is defined twice", id)
			}
			seen[id] = true
		}
		rs.Rules = append(rs.Rules, ref.rule)
		refs = append(refs, ref)
	}
	w.checkReferences(rs, refs)
	return rs
}

func (w *ruleWalker) contentItem(n *yaml.Node, field string) ContentItem {
	m := w.mapping(n, field, []string{"id", "title", "hint"}, []string{"id", "title"})
	var c ContentItem
	if m == nil {
		return c
	}
	if v, ok := w.required(m["id"], join(field, "id")); ok {
		if !contentIDPattern.MatchString(v) {
			w.fail(m["id"], join(field, "id"), "use lower-case letters, digits and underscores, as in root_cause")
		} else {
			c.ID = v
		}
	}
	c.Title = w.text(m["title"], join(field, "title"), maxTitleLen)
	if m["hint"] != nil {
		c.Hint = w.text(m["hint"], join(field, "hint"), maxNoteLen)
	}
	return c
}

var ruleFields = []string{
	"id", "regime", "title", "recipient", "when", "clock", "deadline", "zone", "cap",
	"strength", "content", "basis", "note",
}

func (w *ruleWalker) rule(n *yaml.Node, field string) ruleRefs {
	r := &Rule{Line: max(n.Line, 1)}
	ref := ruleRefs{rule: r, field: field}
	m := w.mapping(n, field, ruleFields,
		[]string{"id", "regime", "title", "recipient", "clock", "deadline", "strength", "basis"})
	if m == nil {
		return ref
	}
	if v, ok := w.required(m["id"], join(field, "id")); ok {
		if len(v) > 64 || !ruleIDPattern.MatchString(v) {
			w.fail(m["id"], join(field, "id"), "use lower-case parts joined by dots, as in gdpr.33 or nis2.23.early_warning")
		} else {
			r.ID = v
			field = fmt.Sprintf("%s(%s)", field, v)
		}
	}
	ref.field = field
	if v, ok := w.required(m["regime"], join(field, "regime")); ok {
		if utf8.RuneCountInString(v) > 40 {
			w.fail(m["regime"], join(field, "regime"), "longer than 40 characters")
		}
		r.Regime = v
	}
	r.Title = w.text(m["title"], join(field, "title"), maxTitleLen)
	r.Recipient = w.recipient(m["recipient"], join(field, "recipient"))
	if wn := m["when"]; wn != nil && wn.Kind == yaml.SequenceNode && len(wn.Content) == 0 {
		w.fail(wn, join(field, "when"), "the list is empty; leave when out for a rule that always applies")
	}
	for i, cn := range w.sequence(m["when"], join(field, "when")) {
		if c, ok := w.condition(cn, fmt.Sprintf("%s.when[%d]", field, i)); ok {
			r.When = append(r.When, c)
		}
	}
	zone := time.UTC
	if zn := m["zone"]; zn != nil {
		if v, ok := w.required(zn, join(field, "zone")); ok {
			loc, err := loadZone(v)
			if err != nil {
				w.fail(zn, join(field, "zone"), "unknown time zone %q; use an IANA name such as Europe/Berlin", v)
			} else {
				zone = loc
			}
		}
	}
	if v, ok := w.required(m["clock"], join(field, "clock")); ok {
		if msg := checkClockSyntax(v); msg != "" {
			w.fail(m["clock"], join(field, "clock"), "%s", msg)
		}
		r.Clock = v
		ref.clocks = append(ref.clocks, m["clock"])
	}
	deadlineOK, deadlineText := false, ""
	if v, ok := w.required(m["deadline"], join(field, "deadline")); ok {
		deadlineText = v
		d, err := parseDeadline(v, zone)
		if err != nil {
			w.fail(m["deadline"], join(field, "deadline"), "%s", err)
		} else {
			deadlineOK = true
		}
		r.Deadline = d
	}
	if v, ok := w.required(m["strength"], join(field, "strength")); ok {
		r.Strength = Strength(v)
		switch r.Strength {
		case Hard, Soft:
			if deadlineOK && deadlineText == "asap" {
				w.fail(m["strength"], join(field, "strength"), "a deadline of asap needs the strength asap")
			}
		case ASAP:
			if deadlineOK && deadlineText != "asap" {
				w.fail(m["strength"], join(field, "strength"), "the strength asap needs the deadline asap, not %q", deadlineText)
			}
		default:
			w.fail(m["strength"], join(field, "strength"), "expected hard, soft or asap")
		}
	}
	if cn := m["cap"]; cn != nil {
		r.Cap = w.ruleCap(cn, join(field, "cap"), zone, &ref)
		if r.Cap != nil && deadlineOK && r.Deadline.Unit == NoDeadline {
			w.fail(cn, join(field, "cap"), "a cap needs a rule with a deadline to cap")
		}
	}
	if cn := m["content"]; cn != nil {
		ref.content = cn
		r.Content = w.scalars(cn, join(field, "content"))
	}
	r.Basis = w.basis(m["basis"], join(field, "basis"))
	if nn := m["note"]; nn != nil {
		r.Note = w.text(nn, join(field, "note"), maxNoteLen)
	}
	return ref
}

func loadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
		return nil, fmt.Errorf("not an IANA zone name")
	}
	return time.LoadLocation(name)
}

func (w *ruleWalker) recipient(n *yaml.Node, field string) Recipient {
	m := w.mapping(n, field, []string{"authority", "who"}, nil)
	var rc Recipient
	if m == nil {
		return rc
	}
	if m["authority"] == nil && m["who"] == nil {
		w.fail(n, field, "give an authority (a directory ID, competent_dpa or resident_dpas), or who in words, or both")
	}
	if an := m["authority"]; an != nil {
		if v, ok := w.required(an, join(field, "authority")); ok {
			if v != ResolverCompetentDPA && v != ResolverResidentDPAs && !recipientIDPattern.MatchString(v) {
				w.fail(an, join(field, "authority"), "expected a directory ID such as de-bsi, or competent_dpa or resident_dpas")
			}
			rc.Authority = v
		}
	}
	if wn := m["who"]; wn != nil {
		rc.Who = w.text(wn, join(field, "who"), maxTitleLen)
	}
	return rc
}

func (w *ruleWalker) ruleCap(n *yaml.Node, field string, zone *time.Location, ref *ruleRefs) *Cap {
	m := w.mapping(n, field, []string{"clock", "deadline"}, []string{"clock", "deadline"})
	if m == nil {
		return nil
	}
	c := &Cap{}
	if v, ok := w.required(m["clock"], join(field, "clock")); ok {
		if msg := checkClockSyntax(v); msg != "" {
			w.fail(m["clock"], join(field, "clock"), "%s", msg)
		}
		c.Clock = v
		ref.clocks = append(ref.clocks, m["clock"])
	}
	if v, ok := w.required(m["deadline"], join(field, "deadline")); ok {
		d, err := parseDeadline(v, zone)
		switch {
		case err != nil:
			w.fail(m["deadline"], join(field, "deadline"), "%s", err)
		case d.Unit == NoDeadline:
			w.fail(m["deadline"], join(field, "deadline"), "a cap needs a period such as 24h, not %q", v)
		}
		c.Deadline = d
	}
	return c
}

func (w *ruleWalker) basis(n *yaml.Node, field string) Basis {
	m := w.mapping(n, field, []string{"text", "url"}, []string{"text", "url"})
	var b Basis
	if m == nil {
		return b
	}
	if v, ok := w.required(m["text"], join(field, "text")); ok {
		if utf8.RuneCountInString(v) > maxBasisLen {
			w.fail(m["text"], join(field, "text"), "longer than %d characters", maxBasisLen)
		}
		b.Text = v
	}
	if v, ok := w.required(m["url"], join(field, "url")); ok {
		u, err := url.Parse(v)
		if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || len(v) > 1000 {
			w.fail(m["url"], join(field, "url"), "expected an https link to the official text")
		}
		b.URL = v
	}
	return b
}

// condition reads one entry of a when list: a bare kind (personal_data)
// or a mapping of one kind to its argument (flag: [nis2_entity]).
func (w *ruleWalker) condition(n *yaml.Node, field string) (Condition, bool) {
	c := Condition{Line: max(n.Line, 1)}
	var arg *yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		c.Kind = strings.TrimSpace(n.Value)
	case yaml.MappingNode:
		if len(n.Content) != 2 {
			w.fail(n, field, "expected one condition: a kind and its argument, as in flag: [nis2_entity]")
			return c, false
		}
		c.Kind, arg = n.Content[0].Value, n.Content[1]
	default:
		w.fail(n, field, "expected a condition, as in personal_data or flag: [nis2_entity]")
		return c, false
	}
	field = join(field, c.Kind)
	if !contains(ConditionKinds, c.Kind) {
		w.fail(n, field, "unknown condition kind %q; known are %s", c.Kind, strings.Join(ConditionKinds, ", "))
		return c, false
	}
	before := len(w.problems)
	switch c.Kind {
	case CondPersonalData, CondNotExempt34_3a, CondUnsecuredData:
		if arg != nil {
			w.fail(arg, field, "takes no argument; write it alone, as in - %s", c.Kind)
		}
	case CondEstablishmentIn, CondEstablishmentNotIn, CondTerritorial, CondFlag, CondNotFlag:
		if arg == nil || arg.Kind == yaml.MappingNode {
			w.fail(n, field, "expected a value or a list of values, as in %s: [DE]", c.Kind)
			break
		}
		c.Values = w.scalars(arg, field)
	case CondRisk, CondCNGradeAtLeast:
		if arg == nil || arg.Kind != yaml.ScalarNode {
			w.fail(n, field, "expected a single value, as in %s: %s", c.Kind, map[string]string{CondRisk: "authority", CondCNGradeAtLeast: "relatively_major"}[c.Kind])
			break
		}
		if v, ok := w.required(arg, field); ok {
			c.Values = []string{v}
		}
	case CondPersonsIn:
		w.personsIn(n, arg, field, &c)
	case CondPersonsTotal:
		w.personsTotal(n, arg, field, &c)
	}
	if len(w.problems) > before {
		return c, false
	}
	if msg := checkConditionArgs(c); msg != "" {
		w.fail(n, field, "%s", msg)
		return c, false
	}
	return c, true
}

func (w *ruleWalker) personsIn(n, arg *yaml.Node, field string, c *Condition) {
	if arg == nil || arg.Kind != yaml.MappingNode {
		w.fail(n, field, "expected a mapping, as in persons_in: {region: [US-CA], over: 500}")
		return
	}
	m := w.mapping(arg, field, []string{"region", "min", "over"}, []string{"region"})
	if m == nil {
		return
	}
	c.Values = w.scalars(m["region"], join(field, "region"))
	c.Number = 1
	if m["min"] != nil || m["over"] != nil {
		_, c.Number = w.threshold(arg, m, field)
	}
}

func (w *ruleWalker) personsTotal(n, arg *yaml.Node, field string, c *Condition) {
	if arg == nil || arg.Kind != yaml.MappingNode {
		w.fail(n, field, "expected a mapping, as in persons_total: {min: 500}")
		return
	}
	m := w.mapping(arg, field, []string{"min", "over", "under"}, nil)
	if m == nil {
		return
	}
	op, num := w.threshold(arg, m, field)
	c.Values, c.Number = []string{op}, num
}

// threshold reads the one given of min, over and under. Over N becomes
// min N+1, so Number is always the smallest count that holds, or for
// under the smallest that does not.
func (w *ruleWalker) threshold(n *yaml.Node, m map[string]*yaml.Node, field string) (op string, num int64) {
	var name string
	for _, k := range []string{"min", "over", "under"} {
		if m[k] == nil {
			continue
		}
		if name != "" {
			w.fail(n, field, "give one of min, over and under, not %s and %s", name, k)
			return "min", 1
		}
		name = k
	}
	if name == "" {
		w.fail(n, field, "give one of min, over and under")
		return "min", 1
	}
	v, ok := w.required(m[name], join(field, name))
	if !ok {
		return "min", 1
	}
	num, err := strconv.ParseInt(v, 10, 64)
	if err != nil || num < 0 || num > 1_000_000_000_000 {
		w.fail(m[name], join(field, name), "expected a whole number of persons, not %q", v)
		return "min", 1
	}
	switch name {
	case "over":
		return "min", num + 1
	case "under":
		if num < 1 {
			w.fail(m[name], join(field, name), "under needs at least 1")
		}
		return "under", num
	}
	return "min", max(num, 1)
}

// checkClockSyntax checks a clock name on its own; references to other
// rules are checked with the whole file.
func checkClockSyntax(v string) string {
	switch {
	case contains(BaseClocks, v):
		return ""
	case strings.HasPrefix(v, ClockFiled), strings.HasPrefix(v, ClockLastFiled):
		_, id, _ := strings.Cut(v, ":")
		if !ruleIDPattern.MatchString(id) {
			return fmt.Sprintf("%q does not name a rule, as in filed:nis2.23.notification", v)
		}
		return ""
	case strings.HasPrefix(v, ClockYearEnd):
		if inner := strings.TrimPrefix(v, ClockYearEnd); !contains(BaseClocks, inner) {
			return fmt.Sprintf("year_end: takes one of %s", strings.Join(BaseClocks, ", "))
		}
		return ""
	}
	return fmt.Sprintf("unknown clock %q; known are %s, filed:<rule>, last_filed:<rule> and year_end:<clock>", v, strings.Join(BaseClocks, ", "))
}

// parseDeadline reads the compact deadline syntax: "72h", "30d", "1mo",
// "4bd", "4bd us-federal", "4bd us-federal 17:30", "asap", "on_request",
// "none". zone is where days are counted.
func parseDeadline(s string, zone *time.Location) (Deadline, error) {
	d := Deadline{Zone: zone}
	if zone == time.UTC {
		d.Zone = nil
	}
	switch s {
	case "asap", "on_request", "none":
		d.Unit = NoDeadline
		return d, nil
	}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return d, errors.New("required")
	}
	m := deadlinePattern.FindStringSubmatch(fields[0])
	if m == nil {
		return d, fmt.Errorf("%q is not a deadline; write 72h, 30d, 4bd us-federal 17:30, 1mo, asap, on_request or none", s)
	}
	d.Amount, _ = strconv.Atoi(m[1])
	d.Unit = map[string]Unit{"h": Hours, "d": Days, "bd": BusinessDays, "mo": Months}[m[2]]
	if d.Amount < 1 {
		return d, fmt.Errorf("%q: the period must be at least 1", s)
	}
	limit := map[Unit]int{Hours: 24 * 400, Days: 400, BusinessDays: 300, Months: 24}[d.Unit]
	if d.Amount > limit {
		return d, fmt.Errorf("%q: at most %d %s", s, limit, d.Unit)
	}
	rest := fields[1:]
	if d.Unit != BusinessDays {
		if len(rest) > 0 {
			return d, fmt.Errorf("%q: only business days take a calendar and a close of business", s)
		}
		return d, nil
	}
	if len(rest) > 0 && !strings.Contains(rest[0], ":") {
		if !KnownCalendar(rest[0]) {
			return d, fmt.Errorf("unknown holiday calendar %q; known is %s", rest[0], CalendarUSFederal)
		}
		d.Calendar, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		if !ValidCloseOfBusiness(rest[0]) || rest[0] == "" {
			return d, fmt.Errorf("%q is not a close of business; write HH:MM, as in 17:30", rest[0])
		}
		d.CloseOfBusiness, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return d, fmt.Errorf("%q: unexpected %q; write 4bd us-federal 17:30", s, strings.Join(rest, " "))
	}
	return d, nil
}

// checkReferences checks what needs the whole file: filed: clocks name
// rules of the file and form no cycle, content items are defined.
func (w *ruleWalker) checkReferences(rs *RuleSet, refs []ruleRefs) {
	next := map[string][]string{} // rule -> rules its clocks wait for
	for _, ref := range refs {
		for _, cn := range ref.clocks {
			id, ok := filedRule(cn.Value)
			if !ok {
				continue
			}
			if rs.Rule(id) == nil {
				w.fail(cn, join(ref.field, "clock"), "%q refers to the rule %q, which is not in the file", cn.Value, id)
				continue
			}
			if ref.rule.ID != "" {
				next[ref.rule.ID] = append(next[ref.rule.ID], id)
			}
		}
		if ref.content != nil {
			for _, id := range ref.rule.Content {
				if _, ok := rs.Content[id]; !ok {
					w.fail(ref.content, join(ref.field, "content"), "unknown content item %q; define it in the content section", id)
				}
			}
		}
	}
	reported := map[string]bool{}
	for _, ref := range refs {
		id := ref.rule.ID
		if id == "" || reported[id] {
			continue
		}
		if cycle := findCycle(id, next); cycle != nil {
			for _, c := range cycle {
				reported[c] = true
			}
			w.fail(ref.clocks[0], join(ref.field, "clock"), "the filed: clocks form a cycle (%s), so none of them would ever start", strings.Join(cycle, " -> "))
		}
	}
}

// filedRule returns the rule a filed: or last_filed: clock waits for.
func filedRule(clock string) (string, bool) {
	for _, p := range []string{ClockFiled, ClockLastFiled} {
		if strings.HasPrefix(clock, p) {
			return strings.TrimPrefix(clock, p), true
		}
	}
	return "", false
}

// findCycle returns the path from start back to start, or nil.
func findCycle(start string, next map[string][]string) []string {
	var path []string
	onPath := map[string]bool{}
	done := map[string]bool{}
	var visit func(id string) []string
	visit = func(id string) []string {
		if onPath[id] {
			if id != start {
				return nil // a cycle elsewhere; reported from its own rule
			}
			return append(append([]string(nil), path...), id)
		}
		if done[id] {
			return nil
		}
		onPath[id] = true
		path = append(path, id)
		for _, n := range next[id] {
			if c := visit(n); c != nil {
				return c
			}
		}
		path = path[:len(path)-1]
		onPath[id] = false
		done[id] = true
		return nil
	}
	return visit(start)
}

// refuseAliases reports the first YAML alias: following aliases would let
// a few kilobytes expand into millions of rules.
func (w *ruleWalker) refuseAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		w.fail(n, "", "YAML aliases (*%s) are not supported in rule files; write the text out", n.Value)
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
