package obligation

import (
	_ "embed"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // authority zones must check out on machines without a zone database
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/breachdesk/breachdesk/internal/errs"
)

//go:embed authorities.yaml
var authoritiesYAML []byte

// MaxAuthoritiesSize is the largest authorities file accepted.
const MaxAuthoritiesSize = 1 << 20

// Longest values of an authority's fields, in characters.
const (
	maxAuthorityIDLen    = 63
	maxAuthorityNameLen  = 200
	maxAuthorityURLLen   = 500
	maxAuthorityEmailLen = 254
	maxAuthorityPhoneLen = 40
	maxAuthorityAddrLen  = 300
	maxAuthorityNotesLen = 4000
)

// builtinAuthorities parses the embedded directory on first use. The test
// suite parses the same file, so the panic cannot happen in a released
// binary.
var builtinAuthorities = sync.OnceValue(func() []Authority {
	list, err := ParseAuthorities(authoritiesYAML)
	if err != nil {
		panic("obligation: the embedded authorities.yaml is broken:\n" + err.Error())
	}
	return list
})

// BuiltinAuthorities returns the directory as shipped, sorted by country,
// region, then ID. The slice is the caller's own.
func BuiltinAuthorities() []Authority { return slices.Clone(builtinAuthorities()) }

// ParseAuthorities reads and checks an authorities file: a mapping with
// one key, authorities, holding a list of entries. Every problem is
// reported with its line and field, so an editor can fix a file in one go;
// the error is then a *DirectoryError. The result is sorted by country,
// region, then ID.
func ParseAuthorities(src []byte) ([]Authority, error) {
	if len(src) > MaxAuthoritiesSize {
		return nil, directoryError(DirectoryProblem{Line: 1, Message: fmt.Sprintf("the file is larger than %d KiB", MaxAuthoritiesSize>>10)})
	}
	if !utf8.Valid(src) {
		return nil, directoryError(DirectoryProblem{Line: 1, Message: "the file is not UTF-8 text"})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, directoryError(directoryYAMLProblem(err))
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, directoryError(DirectoryProblem{Line: 1, Message: "the file is empty"})
	}
	w := &dirWalker{}
	if w.refuseAliases(&doc); len(w.problems) > 0 {
		return nil, &DirectoryError{w.problems}
	}
	list := w.file(doc.Content[0])
	if len(w.problems) > 0 {
		slices.SortStableFunc(w.problems, func(a, b DirectoryProblem) int { return a.Line - b.Line })
		return nil, &DirectoryError{w.problems}
	}
	sortAuthorities(list)
	return list, nil
}

// AsDirectoryError returns the problems of an authorities-file error, or
// nil.
func AsDirectoryError(err error) *DirectoryError {
	var de *DirectoryError
	if errors.As(err, &de) {
		return de
	}
	return nil
}

func directoryError(p DirectoryProblem) error { return &DirectoryError{[]DirectoryProblem{p}} }

var directoryYAMLLine = regexp.MustCompile(`line (\d+)`)

// directoryYAMLProblem turns a YAML syntax error into a problem with its
// line.
func directoryYAMLProblem(err error) DirectoryProblem {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := directoryYAMLLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n >= 1 {
			line = n
		}
		msg = strings.TrimSpace(strings.TrimPrefix(directoryYAMLLine.ReplaceAllString(msg, ""), ":"))
	}
	return DirectoryProblem{Line: line, Message: "not valid YAML: " + msg}
}

// dirWalker reads the YAML tree and collects problems instead of stopping
// at the first.
type dirWalker struct{ problems []DirectoryProblem }

func (w *dirWalker) fail(n *yaml.Node, field, format string, args ...any) {
	line := 1
	if n != nil && n.Line >= 1 {
		line = n.Line
	}
	w.problems = append(w.problems, DirectoryProblem{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// authorityFields are the keys of an entry: the JSON names of Authority.
var authorityFields = []string{"id", "country", "region", "kind", "name", "name_de", "website", "portal", "email", "phone", "address", "zone", "notes"}

var requiredAuthorityFields = []string{"id", "name", "country", "kind", "zone"}

func (w *dirWalker) file(n *yaml.Node) []Authority {
	top := w.mapping(n, "", []string{"authorities"}, []string{"authorities"})
	ln := top["authorities"]
	if ln == nil {
		return nil
	}
	if ln.Kind != yaml.SequenceNode {
		w.fail(ln, "authorities", "expected a list of authorities")
		return nil
	}
	if len(ln.Content) == 0 {
		w.fail(ln, "authorities", "the list is empty")
	}
	list := make([]Authority, 0, len(ln.Content))
	firstLine := map[string]int{}
	for i, en := range ln.Content {
		field := fmt.Sprintf("authorities[%d]", i)
		a, idNode, ok := w.authority(en, field)
		if !ok {
			continue
		}
		if line, dup := firstLine[a.ID]; dup {
			w.fail(idNode, field+".id", "the id %q is already used on line %d", a.ID, line)
			continue
		}
		firstLine[a.ID] = idNode.Line
		list = append(list, a)
	}
	return list
}

// authority reads one entry and checks it with the rules of Check. It
// returns the node of the id for duplicate reports, and ok when the entry
// has an id worth comparing.
func (w *dirWalker) authority(n *yaml.Node, field string) (Authority, *yaml.Node, bool) {
	m := w.mapping(n, field, authorityFields, requiredAuthorityFields)
	var a Authority
	if m == nil {
		return a, nil, false
	}
	targets := map[string]*string{
		"id": &a.ID, "country": &a.Country, "region": &a.Region, "kind": &a.Kind,
		"name": &a.Name, "name_de": &a.NameDE, "website": &a.Website, "portal": &a.Portal,
		"email": &a.Email, "phone": &a.Phone, "address": &a.Address, "zone": &a.Zone, "notes": &a.Notes,
	}
	unreadable := map[string]bool{}
	for _, name := range authorityFields {
		vn := m[name]
		if vn == nil {
			continue
		}
		v, ok := w.scalar(vn, field+"."+name)
		if !ok {
			unreadable[name] = true
			continue
		}
		*targets[name] = v
	}
	for _, is := range a.issues() {
		if unreadable[is.field] {
			continue // already reported
		}
		at := m[is.field]
		if at == nil {
			if is.key == errs.Required {
				continue // mapping reported it
			}
			at = n
		}
		w.fail(at, field+"."+is.field, "%s", is.message)
	}
	idNode := m["id"]
	return a, idNode, idNode != nil && a.ID != "" && !unreadable["id"]
}

// mapping returns the keys of a mapping node and complains about keys that
// are not allowed, keys given twice, or required keys that are missing.
func (w *dirWalker) mapping(n *yaml.Node, field string, allowed, required []string) map[string]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		w.fail(n, field, "expected a mapping of keys and values")
		return nil
	}
	out := make(map[string]*yaml.Node, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := n.Content[i], n.Content[i+1]
		name := key.Value
		if key.Kind != yaml.ScalarNode || !slices.Contains(allowed, name) {
			w.fail(key, dirJoin(field, name), "unknown field; allowed are %s", strings.Join(allowed, ", "))
			continue
		}
		if _, dup := out[name]; dup {
			w.fail(key, dirJoin(field, name), "given twice")
			continue
		}
		out[name] = val
	}
	for _, name := range required {
		if _, ok := out[name]; !ok {
			w.fail(n, dirJoin(field, name), "required")
		}
	}
	return out
}

// scalar reads a single value; an empty value (key: with nothing after
// it) reads as "".
func (w *dirWalker) scalar(n *yaml.Node, field string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		w.fail(n, field, "expected a single value")
		return "", false
	}
	if n.Tag == "!!null" {
		return "", true
	}
	return strings.TrimSpace(n.Value), true
}

// refuseAliases reports the first YAML alias (*name): the file is short
// enough to write out, and aliases could expand a small file enormously.
func (w *dirWalker) refuseAliases(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		w.fail(n, "", "YAML aliases (*%s) are not supported in the authorities file; write the value out", n.Value)
		return true
	}
	for _, c := range n.Content {
		if w.refuseAliases(c) {
			return true
		}
	}
	return false
}

func dirJoin(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "." + name
}

// Check checks an authority, as an admin edited it, by the rules of the
// authorities file. The error carries field errors keyed by the JSON field
// names (errs.Fields).
func (a *Authority) Check() error {
	f := errs.Fields{}
	for _, is := range a.issues() {
		f.Add(is.field, is.key)
	}
	return f.Err()
}

// authorityIssue is one broken rule: the field's JSON name, the errs field
// error key, and a message for a file's author.
type authorityIssue struct{ field, key, message string }

var (
	authorityIDPattern      = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	authorityCountryPattern = regexp.MustCompile(`^[A-Z]{2}$`)
	authorityPhonePattern   = regexp.MustCompile(`^[0-9+() ./-]+$`)
)

// authorityUSRegions are the US states, DC and the inhabited territories by USPS
// code.
var authorityUSRegions = []string{
	"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
	"KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
	"NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
	"WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
}

// issues lists what is wrong with a, at most one issue per field.
func (a *Authority) issues() []authorityIssue {
	var out []authorityIssue
	add := func(field, key, format string, args ...any) {
		out = append(out, authorityIssue{field, key, fmt.Sprintf(format, args...)})
	}
	text := func(field, v string, required bool, max int, multiline bool) bool {
		switch {
		case strings.TrimSpace(v) == "":
			if required {
				add(field, errs.Required, "required")
			}
			return false
		case utf8.RuneCountInString(v) > max:
			add(field, errs.TooLong, "longer than %d characters", max)
			return false
		case authorityHasControl(v, multiline):
			add(field, errs.InvalidValue, "contains control characters")
			return false
		}
		return true
	}

	if text("id", a.ID, true, maxAuthorityIDLen, false) && !authorityIDPattern.MatchString(a.ID) {
		add("id", errs.InvalidValue, "use lower-case letters, digits and single dashes, as in de-ni-dpa")
	}
	countryOK := text("country", a.Country, true, 2, false)
	if countryOK && !authorityCountryPattern.MatchString(a.Country) {
		add("country", errs.InvalidValue, "expected an ISO 3166-1 alpha-2 code in capitals, as in DE")
		countryOK = false
	}
	// The region depends on the country: judge it only once the country
	// is sound, so that one mistake is reported once.
	if text("region", a.Region, false, 2, false) && countryOK {
		switch a.Country {
		case "DE":
			if !slices.Contains(DELands, a.Region) {
				add("region", errs.InvalidChoice, "expected a German Land code: %s", strings.Join(DELands, ", "))
			}
		case "US":
			if !slices.Contains(authorityUSRegions, a.Region) {
				add("region", errs.InvalidChoice, "expected a US state code in capitals, as in NY")
			}
		default:
			add("region", errs.InvalidValue, "a region is only given for Germany (the Land) and the United States (the state)")
		}
	}
	if text("kind", a.Kind, true, 40, false) && !slices.Contains(AuthorityKinds, a.Kind) {
		add("kind", errs.InvalidChoice, "expected one of %s", strings.Join(AuthorityKinds, ", "))
	}
	text("name", a.Name, true, maxAuthorityNameLen, false)
	text("name_de", a.NameDE, false, maxAuthorityNameLen, false)
	for _, u := range []struct{ field, v string }{{"website", a.Website}, {"portal", a.Portal}} {
		if text(u.field, u.v, false, maxAuthorityURLLen, false) && !authorityURL(u.v) {
			add(u.field, errs.InvalidValue, "expected a web address starting with https:// or http://")
		}
	}
	if text("email", a.Email, false, maxAuthorityEmailLen, false) {
		if addr, err := mail.ParseAddress(a.Email); err != nil || addr.Address != a.Email {
			add("email", errs.InvalidEmail, "expected a plain e-mail address, as in info@example.org")
		}
	}
	if text("phone", a.Phone, false, maxAuthorityPhoneLen, false) && (!authorityPhonePattern.MatchString(a.Phone) || authorityDigits(a.Phone) < 3) {
		add("phone", errs.InvalidValue, "expected a telephone number: digits, spaces and + ( ) . / -")
	}
	text("address", a.Address, false, maxAuthorityAddrLen, true)
	if text("zone", a.Zone, true, 64, false) && !authorityZone(a.Zone) {
		add("zone", errs.InvalidValue, "expected an IANA time zone, as in Europe/Berlin")
	}
	text("notes", a.Notes, false, maxAuthorityNotesLen, true)
	return out
}

// authorityURL reports whether s is an absolute http or https URL with a
// host.
func authorityURL(s string) bool {
	if strings.ContainsAny(s, " \t") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && u.User == nil
}

// authorityZone accepts IANA names only: time.LoadLocation also takes "" and
// "Local", which mean UTC and the server's zone, not an authority's.
func authorityZone(name string) bool {
	if name == "" || name == "Local" || strings.TrimSpace(name) != name {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

func authorityHasControl(s string, multiline bool) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && !(multiline && r == '\n')
	})
}

func authorityDigits(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			n++
		}
	}
	return n
}
