package incident

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var updatePlaybookGolden = flag.Bool("update-playbook-golden", false, "rewrite testdata/playbooks/*.golden from the parser's output")

// The built-in playbooks are what a stressed crisis team follows, in English
// or German. These tests hold them to the promises of docs/playbooks.md.

func TestBuiltinPlaybooksParse(t *testing.T) {
	builtins, err := loadBuiltins()
	if err != nil {
		t.Fatalf("loadBuiltins: %v", err)
	}
	want := map[string]Kind{
		"data-theft":       KindDataTheft,
		"ransomware":       KindRansomware,
		"unpatched-server": KindAccountCompromise,
	}
	seen := map[string]bool{}
	for _, p := range builtins {
		if seen[p.Name] {
			t.Errorf("two built-in playbooks are called %q", p.Name)
		}
		seen[p.Name] = true
		if kind, ok := want[p.Name]; ok && p.Kind != kind {
			t.Errorf("%s: kind %q, want %q", p.Name, p.Kind, kind)
		}
		if !p.BuiltIn || p.Source == "" {
			t.Errorf("%s: BuiltIn %v, source kept %v", p.Name, p.BuiltIn, p.Source != "")
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("built-in playbook %q is missing", name)
		}
	}
}

func TestBuiltinPlaybooksAreBilingual(t *testing.T) {
	for _, p := range mustBuiltins(t) {
		t.Run(p.Name, func(t *testing.T) {
			forEachText(p, func(field string, text Text) {
				for _, lang := range []string{"en", "de"} {
					if strings.TrimSpace(text[lang]) == "" {
						t.Errorf("%s: no %s text", field, lang)
					}
				}
				if _, plain := text[anyLanguage]; plain {
					t.Errorf("%s: a plain string; give en and de", field)
				}
				if text["en"] != "" && text["en"] == text["de"] && !sameInBothLanguages[text["en"]] {
					t.Errorf("%s: the German text is the English one: %q", field, text["en"])
				}
			})
		})
	}
}

// sameInBothLanguages are the texts a German reader also writes in English.
var sameInBothLanguages = map[string]bool{"Ransomware": true}

func TestBuiltinPlaybooksAreComplete(t *testing.T) {
	for _, p := range mustBuiltins(t) {
		t.Run(p.Name, func(t *testing.T) {
			if n := len(p.Phases); n < 4 || n > 6 {
				t.Errorf("%d phases, want 4 to 6", n)
			}
			if n := p.TaskCount(); n < 15 || n > 30 {
				t.Errorf("%d tasks, want 15 to 30", n)
			}
			roles := map[string]bool{}
			for i, c := range p.Contacts {
				if roles[c.Role] {
					t.Errorf("contacts[%d]: role %q given twice", i, c.Role)
				}
				roles[c.Role] = true
			}
			for _, r := range []string{"police", "dpa", "insurer", "lawyer", "pr_agency"} {
				if !roles[r] {
					t.Errorf("no contact slot for %q", r)
				}
			}
			declared := declaredTaskKeys(t, p.Source)
			for i, ph := range p.Phases {
				for j, task := range ph.Tasks {
					field := fmt.Sprintf("phases[%d].tasks[%d]", i, j)
					keys := declared[field]
					if !keys["role"] {
						t.Errorf("%s: no role", field)
					}
					if !keys["due"] || task.Due == nil {
						t.Errorf("%s: no due", field)
					} else if *task.Due <= 0 || *task.Due > 60*24*time.Hour {
						t.Errorf("%s: due %s; want after awareness and within 60 days", field, FormatDueOffset(*task.Due))
					}
					if len(task.Description) == 0 {
						t.Errorf("%s: no description", field)
					}
					if len(task.Checklist) == 0 {
						t.Errorf("%s: no checklist", field)
					}
					for lang, title := range task.Title {
						if n := utf8.RuneCountInString(title); n > 80 {
							t.Errorf("%s.title.%s: %d characters, keep it under 80", field, lang, n)
						}
					}
				}
			}
		})
	}
}

// A report under GDPR Art. 33 is due 72 hours after awareness, a NIS2 early
// warning after 24; a built-in task must not plan it later.
func TestBuiltinPlaybooksMeetLegalDeadlines(t *testing.T) {
	for _, p := range mustBuiltins(t) {
		t.Run(p.Name, func(t *testing.T) {
			var art33, nis2 bool
			for _, ph := range p.Phases {
				for _, task := range ph.Tasks {
					title := task.Title["en"]
					if strings.Contains(title, "GDPR Art. 33") {
						art33 = true
						if *task.Due > 72*time.Hour {
							t.Errorf("%q due %s, after the 72 hours of GDPR Art. 33", title, FormatDueOffset(*task.Due))
						}
					}
					if strings.Contains(title, "NIS2") && !strings.Contains(title, "final") {
						nis2 = true
						if *task.Due > 24*time.Hour {
							t.Errorf("%q due %s, after the 24 hours of a NIS2 early warning", title, FormatDueOffset(*task.Due))
						}
					}
				}
			}
			if !art33 {
				t.Error("no task reports to the data-protection authority (GDPR Art. 33)")
			}
			if !nis2 {
				t.Error("no task checks the NIS2 early warning")
			}
		})
	}
}

// The example in the documentation is a playbook people will copy.
func TestDocumentedPlaybookExampleParses(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "playbooks.md"))
	if err != nil {
		t.Fatalf("read the documentation: %v", err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	n := 0
	for _, b := range blocks {
		if !bytes.HasPrefix(b[1], []byte("name:")) {
			continue // a fragment, not a whole playbook
		}
		n++
		if _, err := ParsePlaybook(b[1]); err != nil {
			t.Errorf("the example playbook in docs/playbooks.md does not parse:\n%v", err)
		}
	}
	if n == 0 {
		t.Error("docs/playbooks.md has no complete example playbook (a yaml block starting with name:)")
	}
}

// The documentation's table of built-in playbooks and its example error
// output follow the real ones.
func TestDocumentationMatchesBuiltins(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "playbooks.md"))
	if err != nil {
		t.Fatalf("read the documentation: %v", err)
	}
	for _, p := range mustBuiltins(t) {
		roles := make([]string, len(p.Contacts))
		for i, c := range p.Contacts {
			roles[i] = c.Role
		}
		row := fmt.Sprintf("| `%s` | %s | `%s` | %d | %d | %s |", p.Name, p.Title["en"], p.Kind, len(p.Phases), p.TaskCount(), strings.Join(roles, ", "))
		if !bytes.Contains(doc, []byte(row)) {
			t.Errorf("docs/playbooks.md lacks the table row\n%s", row)
		}
	}
	golden, err := os.ReadFile(filepath.Join("testdata", "playbooks", "typos.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(doc, golden) {
		t.Errorf("docs/playbooks.md does not show the errors of testdata/playbooks/typos.yaml as they are:\n%s", golden)
	}
}

// lines joins its arguments as the lines of a file, so that a case's line
// numbers can be counted in the source of the test.
func lines(l ...string) string { return strings.Join(l, "\n") + "\n" }

func TestParsePlaybookReportsEveryProblem(t *testing.T) {
	type problem struct {
		line  int
		field string
		msg   string // a part of the message
	}
	tests := []struct {
		name string
		src  string
		want []problem
	}{
		{
			name: "unknown top-level field",
			src: lines(
				"name: test",
				"title: Test",
				"owner: Jane",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{3, "owner", "unknown field; allowed are name, version, kind"}},
		},
		{
			name: "unknown field in a task",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        priority: high"),
			want: []problem{{7, "phases[0].tasks[0].priority", "unknown field; allowed are title, description, role, due, checklist"}},
		},
		{
			name: "missing title",
			src: lines(
				"name: test",
				"kind: ransomware",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{1, "title", "required"}},
		},
		{
			name: "task without title",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"      - role: dpo",
				"        due: aware+1h"),
			want: []problem{{7, "phases[0].tasks[1].title", "required"}},
		},
		{
			name: "empty text in a language",
			src: lines(
				"name: test",
				"title:",
				"  en: Test",
				"  de: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title:",
				"          en:",
				"          de: ''"),
			want: []problem{{9, "phases[0].tasks[0].title", "required"}},
		},
		{
			name: "bad due unit",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        due: aware+3x"),
			want: []problem{{7, "phases[0].tasks[0].due", `unknown unit "x"`}},
		},
		{
			name: "due without aware",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        due: 72h"),
			want: []problem{{7, "phases[0].tasks[0].due", `starts with "aware"`}},
		},
		{
			name: "wrong role",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"  - name: Two",
				"    tasks:",
				"      - title: Second",
				"        role: boss"),
			want: []problem{{10, "phases[1].tasks[0].role", "expected one of incident_lead, comms_lead, dpo, scribe, legal, member"}},
		},
		{
			name: "wrong kind",
			src: lines(
				"name: test",
				"kind: fire",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{2, "kind", "expected one of data_theft, ransomware, account_compromise, other"}},
		},
		{
			name: "bad name",
			src: lines(
				"name: Data Theft",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{1, "name", "lower-case letters, digits and dashes"}},
		},
		{
			name: "bad version",
			src: lines(
				"name: test",
				"version: 0",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{2, "version", "whole number from 1"}},
		},
		{
			name: "field given twice",
			src: lines(
				"name: test",
				"title: Test",
				"name: other",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{3, "name", "given twice"}},
		},
		{
			name: "YAML syntax error",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: Call: the police",
				"        due: aware+1h"),
			want: []problem{{6, "", "not valid YAML: mapping values are not allowed in this context"}},
		},
		{
			name: "phase without tasks key",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"  - name: Two"),
			want: []problem{{7, "phases[1].tasks", "required"}},
		},
		{
			name: "no phases",
			src: lines(
				"name: test",
				"title: Test",
				"phases: []"),
			want: []problem{{3, "phases", "at least one phase"}},
		},
		{
			name: "phases not a list",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  one: First"),
			want: []problem{{4, "phases", "expected a list"}},
		},
		{
			name: "title as a list",
			src: lines(
				"name: test",
				"title: [Test]",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{2, "title", "expected a text"}},
		},
		{
			name: "language code misspelt",
			src: lines(
				"name: test",
				"title:",
				"  english: Test",
				"  de: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{{3, "title.english", "expected a language code"}},
		},
		{
			name: "bad contacts",
			src: lines(
				"name: test",
				"title: Test",
				"contacts:",
				"  - role: Police",
				"    label: Police",
				"  - role: dpa",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First"),
			want: []problem{
				{4, "contacts[0].role", "lower-case letters, digits and underscores"},
				{6, "contacts[1].label", "required"},
			},
		},
		{
			name: "empty checklist item",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        checklist:",
				"          - Call the insurer",
				"          -"),
			want: []problem{{9, "phases[0].tasks[0].checklist[1]", "required"}},
		},
		{
			name: "two problems, both reported",
			src: lines(
				"name: test",
				"title: Test",
				"kind: flood",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        role: dpo",
				"        due: aware+3x"),
			want: []problem{
				{3, "kind", "expected one of"},
				{9, "phases[0].tasks[0].due", `unknown unit "x"`},
			},
		},
		{
			name: "many problems, all reported",
			src: lines(
				"name: Test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: First",
				"        role: chief",
				"        due: aware+",
				"        owner: Jane",
				"  - tasks:",
				"      - title: Second",
				"        checklist: call the police"),
			want: []problem{
				{1, "name", "lower-case letters"},
				{9, "phases[0].tasks[0].owner", "unknown field"},
				{7, "phases[0].tasks[0].role", "expected one of"},
				{8, "phases[0].tasks[0].due", `expected "+" and a time`},
				{10, "phases[1].name", "required"},
				{12, "phases[1].tasks[0].checklist", "expected a list"},
			},
		},
		{
			name: "non-UTF-8 input",
			src:  lines("name: test", "title: Stra\xdfe", "phases: []"),
			want: []problem{{1, "", "not UTF-8"}},
		},
		{
			name: "oversized file",
			src:  "name: test\n# " + strings.Repeat("x", MaxPlaybookSize) + "\n",
			want: []problem{{1, "", "larger than 1024 KiB"}},
		},
		{
			name: "empty file",
			src:  "# nothing but a comment\n",
			want: []problem{{1, "", "the file is empty"}},
		},
		{
			name: "not a mapping",
			src:  lines("- name: test"),
			want: []problem{{1, "", "expected a mapping"}},
		},
		{
			name: "aliases are refused, so they cannot blow up parsing or lift the task limit",
			src:  manyAliasedTasks(MaxPlaybookTasks + 1),
			want: []problem{{8, "", "aliases (*t) are not supported"}},
		},
		{
			name: "too many tasks written out",
			src:  manyTasks(MaxPlaybookTasks + 1),
			want: []problem{{1, "phases", fmt.Sprintf("more than %d tasks", MaxPlaybookTasks)}},
		},
		{
			name: "a contact role given twice",
			src: lines(
				"name: test",
				"title: Test",
				"contacts:",
				"  - {role: police, label: Police}",
				"  - {role: police, label: Police again}",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: Only"),
			want: []problem{{5, "contacts[1].role", "given twice"}},
		},
		{
			name: "texts over the task limits",
			src: lines(
				"name: test",
				"title: Test",
				"phases:",
				"  - name: One",
				"    tasks:",
				"      - title: {en: "+strings.Repeat("x", MaxTaskTitleLen+1)+", de: kurz}"),
			want: []problem{{6, "phases[0].tasks[0].title.en", "longer than 300 characters"}},
		},
		{
			name: "an alias to an empty list is no phase either",
			src: lines(
				"name: test",
				"title: Test",
				"contacts: &none []",
				"phases: *none"),
			want: []problem{{4, "", "aliases (*none) are not supported"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParsePlaybook([]byte(tt.src))
			pe := AsPlaybookError(err)
			var got []problem
			if pe != nil {
				for _, pr := range pe.Problems {
					got = append(got, problem{pr.Line, pr.Field, pr.Message})
				}
			}
			ok := p == nil && pe != nil && len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				ok = got[i].line == tt.want[i].line && got[i].field == tt.want[i].field && strings.Contains(got[i].msg, tt.want[i].msg)
			}
			if ok {
				return
			}
			if err != nil && pe == nil {
				t.Fatalf("error is not a *PlaybookError: %v", err)
			}
			t.Errorf("problems:\n%s\nwant (line, field, part of the message):\n%s", formatProblems(got), formatProblems(tt.want))
		})
	}
}

func formatProblems[P any](ps []P) string {
	if len(ps) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %+v\n", p)
	}
	return b.String()
}

// manyAliasedTasks writes a playbook whose one task is repeated n times by
// YAML aliases.
func manyAliasedTasks(n int) string {
	var b strings.Builder
	b.WriteString("name: test\ntitle: Test\nphases:\n  - name: One\n    tasks:\n      - &t\n        title: Repeated\n")
	for i := 1; i < n; i++ {
		b.WriteString("      - *t\n")
	}
	return b.String()
}

// manyTasks writes a playbook with n tasks written out.
func manyTasks(n int) string {
	var b strings.Builder
	b.WriteString("name: test\ntitle: Test\nphases:\n  - name: One\n    tasks:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      - title: Task %d\n", i)
	}
	return b.String()
}

// The golden files show the whole message an author sees.
func TestParsePlaybookGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "playbooks", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/playbooks/*.yaml")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			if p, err := ParsePlaybook(src); err != nil {
				got = err.Error() + "\n"
			} else {
				got = fmt.Sprintf("ok: %s version %d, %d phases, %d tasks, %d contacts\n", p.Name, p.Version, len(p.Phases), p.TaskCount(), len(p.Contacts))
			}
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *updatePlaybookGolden {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-playbook-golden to create it)", err)
			}
			if got != string(want) {
				t.Errorf("ParsePlaybook(%s):\n%s\nwant (%s):\n%s", file, got, golden, want)
			}
		})
	}
}

func TestParseDueOffset(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		err  string // a part of the error message; "" for no error
	}{
		{in: "aware", want: 0},
		{in: "aware+72h", want: 72 * time.Hour},
		{in: "aware+1d12h", want: 36 * time.Hour},
		{in: "AWARE + 2w", want: 14 * 24 * time.Hour},
		{in: "  aware+90m  ", want: 90 * time.Minute},
		{in: "aware+1w2d3h4m", want: 9*24*time.Hour + 3*time.Hour + 4*time.Minute},
		{in: "aware+0h", want: 0},
		{in: "aware+1830d", want: 1830 * 24 * time.Hour}, // five years of 366 days: the limit
		{in: "72h", err: `starts with "aware"`},
		{in: "", err: `starts with "aware"`},
		{in: "now+1h", err: `starts with "aware"`},
		{in: "aware+", err: `expected "+" and a time`},
		{in: "aware-3h", err: `expected "+" and a time`},
		{in: "aware3h", err: `expected "+" and a time`},
		{in: "aware+3", err: "expected a number followed by w, d, h or m"},
		{in: "aware+h", err: "expected a number followed by w, d, h or m"},
		{in: "aware+3x", err: `unknown unit "x"`},
		{in: "aware+3s", err: `unknown unit "s"`},
		{in: "aware+1.5d", err: `unknown unit "."`},
		{in: "aware+1831d", err: "more than five years"},
		{in: "aware+262w", err: "more than five years"},
		{in: "aware+1000d1000d", err: "more than five years"},
		{in: "aware+100001m", err: "number too large"},
		{in: "aware+99999999999999999999h", err: "number too large"},
		{in: "aware+15251w", err: "more than five years"},
		{in: "aware+1 2h", err: `unknown unit " "`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDueOffset(tt.in)
			var ok bool
			if tt.err == "" {
				ok = err == nil && got == tt.want
			} else {
				ok = err != nil && strings.Contains(err.Error(), tt.err)
			}
			if ok {
				return
			}
			if tt.err == "" {
				t.Errorf("ParseDueOffset(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			} else {
				t.Errorf("ParseDueOffset(%q) = %v, %v; want an error containing %q", tt.in, got, err, tt.err)
			}
		})
	}
}

func TestFormatDueOffset(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "aware"},
		{time.Minute, "aware+1m"},
		{90 * time.Minute, "aware+1h30m"},
		{20 * time.Hour, "aware+20h"},
		{24 * time.Hour, "aware+1d"},
		{36 * time.Hour, "aware+1d12h"},
		{72 * time.Hour, "aware+3d"},
		{14 * 24 * time.Hour, "aware+14d"},
		{2*24*time.Hour + 30*time.Minute, "aware+2d30m"},
	}
	for _, tt := range tests {
		if got := FormatDueOffset(tt.in); got != tt.want {
			t.Errorf("FormatDueOffset(%v) = %q, want %q", tt.in, got, tt.want)
		}
		back, err := ParseDueOffset(tt.want)
		if err != nil || back != tt.in {
			t.Errorf("ParseDueOffset(%q) = %v, %v; want %v", tt.want, back, err, tt.in)
		}
	}
}

func TestDueOffsetRoundTrip(t *testing.T) {
	for _, in := range []string{"aware", "aware+72h", "aware+1d12h", "aware+2w", "aware+90m", "aware+1w2d3h4m", "aware+1830d"} {
		d, err := ParseDueOffset(in)
		if err != nil {
			t.Fatalf("ParseDueOffset(%q): %v", in, err)
		}
		s := FormatDueOffset(d)
		back, err := ParseDueOffset(s)
		if err != nil || back != d {
			t.Errorf("%q -> %v -> %q -> %v, %v", in, d, s, back, err)
		}
	}
}

func FuzzParsePlaybook(f *testing.F) {
	names, err := fs.Glob(builtinFS, "playbooks/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		src, err := builtinFS.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(lines("name: test", "title: Test", "phases:", "  - name: One", "    tasks:", "      - &t", "        title: First", "        due: aware+1d", "      - *t")))
	f.Add([]byte(lines("name: test", "title: Test", "kind: flood", "phases:", "  - name: One", "    tasks:", "      - title: First", "        due: aware+3x")))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := ParsePlaybook(src)
		if err != nil {
			pe := AsPlaybookError(err)
			if pe == nil || len(pe.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, pr := range pe.Problems {
				if pr.Line < 1 {
					t.Errorf("problem without a line: %v", pr)
				}
			}
			return
		}
		if !playbookNamePattern.MatchString(p.Name) {
			t.Errorf("accepted the name %q", p.Name)
		}
		if n := p.TaskCount(); n > MaxPlaybookTasks {
			t.Errorf("accepted %d tasks", n)
		}
		if len(p.Title) == 0 {
			t.Error("accepted a playbook without title")
		}
		for _, ph := range p.Phases {
			for _, task := range ph.Tasks {
				if len(task.Title) == 0 {
					t.Error("accepted a task without title")
				}
				if task.Due != nil && (*task.Due < 0 || *task.Due > maxDueOffset) {
					t.Errorf("accepted the due offset %v", *task.Due)
				}
			}
		}
	})
}

func FuzzParseDueOffset(f *testing.F) {
	for _, s := range []string{"aware", "aware+72h", "aware+1d12h", "AWARE + 2w", "aware+1w2d3h4m", "72h", "aware+", "aware+3", "aware+3x", "aware+1831d", "aware+100001m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDueOffset(s)
		if err != nil {
			return
		}
		if d < 0 || d > maxDueOffset {
			t.Fatalf("ParseDueOffset(%q) = %v: outside 0 to five years", s, d)
		}
		formatted := FormatDueOffset(d)
		back, err := ParseDueOffset(formatted)
		if err != nil || back != d {
			t.Fatalf("ParseDueOffset(%q) = %v; formatted %q reads back as %v, %v", s, d, formatted, back, err)
		}
	})
}

func mustBuiltins(t *testing.T) []*Playbook {
	t.Helper()
	builtins, err := loadBuiltins()
	if err != nil {
		t.Fatalf("loadBuiltins: %v", err)
	}
	return builtins
}

// forEachText calls fn with every text of p and its field path.
func forEachText(p *Playbook, fn func(field string, text Text)) {
	fn("title", p.Title)
	fn("description", p.Description)
	for i, c := range p.Contacts {
		fn(fmt.Sprintf("contacts[%d].label", i), c.Label)
	}
	for i, ph := range p.Phases {
		fn(fmt.Sprintf("phases[%d].name", i), ph.Name)
		for j, task := range ph.Tasks {
			field := fmt.Sprintf("phases[%d].tasks[%d]", i, j)
			fn(field+".title", task.Title)
			fn(field+".description", task.Description)
			for k, c := range task.Checklist {
				fn(fmt.Sprintf("%s.checklist[%d]", field, k), c)
			}
		}
	}
}

// declaredTaskKeys returns the keys each task gives in the YAML source, by
// field path, so a test can tell a role given as "member" from one left to
// the default.
func declaredTaskKeys(t *testing.T, src string) map[string]map[string]bool {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	out := map[string]map[string]bool{}
	phases := mappingValue(doc.Content[0], "phases")
	for i, ph := range phases.Content {
		tasks := mappingValue(ph, "tasks")
		if tasks == nil {
			continue
		}
		for j, task := range tasks.Content {
			keys := map[string]bool{}
			for k := 0; k+1 < len(task.Content); k += 2 {
				keys[task.Content[k].Value] = true
			}
			out[fmt.Sprintf("phases[%d].tasks[%d]", i, j)] = keys
		}
	}
	return out
}

func mappingValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
