package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/synthleak"
)

// chinesePhone is a Chinese mobile number written nationally: with
// --region CN it is +8613812345678, with the default DE no phone at all.
const (
	chinesePhone     = "13812345678"
	chinesePhoneE164 = "+86" + chinesePhone
)

// phoneLeak writes a one-row CSV with a national Chinese mobile number and
// returns its folder.
func phoneLeak(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFileMode(t, filepath.Join(dir, "customers.csv"), "name,phone\nWang Wei,"+chinesePhone+"\n", 0o644)
	return dir
}

func writeFileMode(t *testing.T, name, content string, mode os.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestScanHelpShowsEveryOptionWithItsEnvironmentTwin(t *testing.T) {
	r := runCmd(t, nil, "", "scan", "--help")
	r.expect(t, 0, []string{"Usage: breachdesk scan [--incident ID] [options] PATH...", "Exit status", "--incident ID", "--key-file FILE"}, nil)
	shown := map[string]bool{}
	for _, m := range flagLine.FindAllStringSubmatch(r.stdout, -1) {
		shown[m[1]] = true
		if env := envName(m[1]); !strings.Contains(r.stdout, "Environment: "+env) {
			t.Errorf("--%s is shown without its environment twin %s", m[1], env)
		}
	}
	for _, f := range []string{"region", "json", "findings", "workers", "quiet"} {
		if !shown[f] {
			t.Errorf("the help does not show --%s:\n%s", f, r.stdout)
		}
	}
	top := runCmd(t, nil, "", "--help")
	top.expect(t, 0, []string{"scan"}, nil)
}

// findingValues runs a scan of dir with env and args and returns the
// values of its findings file.
func findingValues(t *testing.T, env map[string]string, dir string, args ...string) []string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "findings.jsonl")
	args = append([]string{"scan", "--findings", file}, args...)
	mustRun(t, env, "", append(args, dir)...)
	var values []string
	for _, f := range readFindings(t, file) {
		values = append(values, f.Value)
	}
	return values
}

func TestScanOptionsFallBackToTheirEnvironmentTwins(t *testing.T) {
	dir := phoneLeak(t)
	t.Run("BREACHDESK_REGION reads national numbers as that country's", func(t *testing.T) {
		if got := findingValues(t, nil, dir); slices.Contains(got, chinesePhoneE164) {
			t.Errorf("with the default region DE, %s was read as %s", chinesePhone, chinesePhoneE164)
		}
		cn := map[string]string{"BREACHDESK_REGION": "CN"}
		if got := findingValues(t, cn, dir); !slices.Contains(got, chinesePhoneE164) {
			t.Errorf("with BREACHDESK_REGION=CN the findings lack %s: %q", chinesePhoneE164, got)
		}
		if got := findingValues(t, cn, dir, "--region", "DE"); slices.Contains(got, chinesePhoneE164) {
			t.Errorf("--region DE on the command line should win over BREACHDESK_REGION=CN")
		}
	})
	t.Run("BREACHDESK_JSON", func(t *testing.T) {
		r := mustRun(t, map[string]string{"BREACHDESK_JSON": "-"}, "", "scan", dir)
		var rep scan.Report
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("with BREACHDESK_JSON=- standard output is not the JSON report: %v\n%s", err, r.stdout)
		}
		file := filepath.Join(t.TempDir(), "report.json")
		r = mustRun(t, map[string]string{"BREACHDESK_JSON": file}, "", "scan", dir)
		if !json.Valid([]byte(readFile(t, file))) || !strings.Contains(r.stdout, "Distinct persons: 1") {
			t.Errorf("with BREACHDESK_JSON=FILE the report goes to the file and the summary to standard output:\n%s", r.stdout)
		}
	})
	t.Run("BREACHDESK_FINDINGS", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "findings.jsonl")
		mustRun(t, map[string]string{"BREACHDESK_FINDINGS": file, "BREACHDESK_REGION": "CN"}, "", "scan", dir)
		if !strings.Contains(readFile(t, file), chinesePhoneE164) {
			t.Errorf("BREACHDESK_FINDINGS wrote no findings file with the phone number")
		}
	})
	t.Run("BREACHDESK_WORKERS and BREACHDESK_QUIET", func(t *testing.T) {
		mustRun(t, map[string]string{"BREACHDESK_WORKERS": "1", "BREACHDESK_QUIET": "true"}, "", "scan", dir)
		r := runCmd(t, map[string]string{"BREACHDESK_WORKERS": "0"}, "", "scan", dir)
		r.expect(t, 2, []string{"--workers must be at least 1"}, nil)
		r = runCmd(t, map[string]string{"BREACHDESK_WORKERS": "many"}, "", "scan", dir)
		r.expect(t, 2, []string{"BREACHDESK_WORKERS", `"many"`, "--workers"}, nil)
		r = runCmd(t, map[string]string{"BREACHDESK_QUIET": "perhaps"}, "", "scan", dir)
		r.expect(t, 2, []string{"BREACHDESK_QUIET", "--quiet"}, nil)
	})
}

func TestScanCommandLinesThatMakeNoSenseExitWithTwoAndSayWhatWasWrong(t *testing.T) {
	dir := phoneLeak(t)
	out := filepath.Join(t.TempDir(), "out")
	cases := []struct {
		name     string
		env      map[string]string
		args     []string
		contains []string
	}{
		{"no path", nil, []string{"scan"}, []string{"give at least one file or folder to scan"}},
		{"no path but options", nil, []string{"scan", "--region", "CN"}, []string{"give at least one file or folder to scan"}},
		{"region that is not a code", nil, []string{"scan", "--region", "X1", dir}, []string{`--region "X1" is not a two-letter country code`}},
		{"region of three letters", nil, []string{"scan", "--region", "DEU", dir}, []string{`--region "DEU"`}},
		{"region no country has", nil, []string{"scan", "--region", "XX", dir}, []string{`--region "XX"`, "DE, CN or US"}},
		{"region from the environment", map[string]string{"BREACHDESK_REGION": "X1"}, []string{"scan", dir}, []string{`--region "X1"`}},
		{"no workers", nil, []string{"scan", "--workers", "0", dir}, []string{"--workers must be at least 1"}},
		{"negative workers", nil, []string{"scan", "--workers", "-3", dir}, []string{"--workers must be at least 1"}},
		{"workers that are not a number", nil, []string{"scan", "--workers", "two", dir}, []string{"--workers"}},
		{"unknown option", nil, []string{"scan", "--frobnicate", dir}, []string{"unknown option --frobnicate"}},
		{"json without its file", nil, []string{"scan", dir, "--json"}, []string{"option --json needs a value"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{c.args[0], "--findings", out}, c.args[1:]...)
			r := runCmd(t, c.env, "", args...)
			r.expect(t, 2, append(c.contains, "Run 'breachdesk scan --help'"), nil)
			if lines := strings.Count(strings.TrimSpace(r.stderr), "\n"); lines != 1 {
				t.Errorf("a usage error is one line and a hint, got:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("a usage error printed on standard output:\n%s", r.stdout)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a usage error created the findings file")
			}
		})
	}
}

func TestScanOfTheSyntheticLeak(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "leak")
	want, err := synthleak.Generate(dir, synthleak.Options{Persons: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the JSON report on standard output holds every expected figure", func(t *testing.T) {
		r := mustRun(t, nil, "", "scan", "--region", "CN", "--workers", "2", "--json", "-", dir)
		if r.stderr != "" {
			t.Errorf("standard error is not a terminal, yet the scan wrote to it:\n%s", r.stderr)
		}
		for _, d := range reportDiff(t, want, []byte(r.stdout), dir) {
			t.Error(d)
		}
		if strings.Contains(r.stdout, "Scanned ") {
			t.Errorf("with --json - the summary table must not be mixed into the JSON")
		}
	})

	t.Run("the summary shows the same figures, masked, and never a full value", func(t *testing.T) {
		out := t.TempDir()
		reportFile, findingsFile := filepath.Join(out, "report.json"), filepath.Join(out, "findings.jsonl")
		writeFileMode(t, findingsFile, "an old findings file, readable by all\n", 0o644)
		if err := os.Chmod(findingsFile, 0o644); err != nil { // whatever the umask
			t.Fatal(err)
		}
		r := mustRun(t, nil, "", "scan", "--region", "CN", "--workers", "2", "--json", reportFile, "--findings", findingsFile, dir)
		if r.stderr != "" {
			t.Errorf("standard error is not a terminal, yet the scan wrote to it:\n%s", r.stderr)
		}
		for _, d := range reportDiff(t, want, []byte(readFile(t, reportFile)), dir) {
			t.Error("report file: " + d)
		}
		checkSummary(t, r.stdout, want)

		if mode := fileMode(t, findingsFile); mode != 0o600 {
			t.Errorf("the findings file that existed with 0644 has mode %#o, want 0600", mode)
		}
		findings := readFindings(t, findingsFile)
		if len(findings) == 0 {
			t.Fatal("the findings file is empty")
		}
		checkFindingsAgree(t, findings, want)
		leaked := 0
		for _, f := range findings {
			switch detect.Category(f.Category) {
			case detect.Email, detect.Phone, detect.IBAN, detect.PaymentCard, detect.NationalID:
			default:
				continue
			}
			if len(f.Value) > 4 && strings.Contains(r.stdout+r.stderr, f.Value) {
				if leaked++; leaked <= 5 {
					t.Errorf("the summary shows the full %s %q", f.Category, f.Value)
				}
			}
		}
	})
}

// reportDiff lists every figure of the JSON report got that differs from
// want, one line each. Paths are compared relative to the scanned folder;
// scanned.seconds is not compared.
func reportDiff(t *testing.T, want *scan.Report, got []byte, dir string) []string {
	t.Helper()
	var gotTree map[string]any
	if err := json.Unmarshal(got, &gotTree); err != nil {
		t.Fatalf("the report is not a JSON object: %v\n%s", err, got)
	}
	for _, key := range []string{"complete", "scanned", "skipped", "categories", "persons", "files"} {
		if _, ok := gotTree[key]; !ok {
			t.Errorf("the report lacks %q", key)
		}
	}
	wantJSON, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var wantTree map[string]any
	if err := json.Unmarshal(wantJSON, &wantTree); err != nil {
		t.Fatal(err)
	}
	wantFigures, gotFigures := figures(wantTree, ""), figures(gotTree, strings.TrimSuffix(filepath.ToSlash(dir), "/")+"/")
	delete(wantFigures, "scanned.seconds")
	delete(gotFigures, "scanned.seconds")
	var d []string
	for k, w := range wantFigures {
		if g, ok := gotFigures[k]; !ok {
			d = append(d, fmt.Sprintf("%s: want %s, missing", k, w))
		} else if g != w {
			d = append(d, fmt.Sprintf("%s: want %s, got %s", k, w, g))
		}
	}
	for k, g := range gotFigures {
		if _, ok := wantFigures[k]; !ok {
			d = append(d, fmt.Sprintf("%s: not expected, got %s", k, g))
		}
	}
	slices.Sort(d)
	return d
}

// figures flattens a JSON report into one entry per figure:
// "categories.email.records" = "548", "files[users/a.csv].format" = "csv".
// Files and skipped files are keyed by their path without prefix (and a
// skipped file also by its reason), so that order does not matter; empty
// maps and lists hold no figures.
func figures(v any, prefix string) map[string]string {
	out := map[string]string{}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				walk(strings.TrimPrefix(key+"."+k, "."), e)
			}
		case []any:
			for i, e := range v {
				obj, ok := e.(map[string]any)
				path, _ := obj["path"].(string)
				if !ok || path == "" || (key != "files" && key != "skipped") {
					walk(fmt.Sprintf("%s[%d]", key, i), e)
					continue
				}
				path = strings.TrimPrefix(path, prefix)
				if key == "skipped" {
					out[fmt.Sprintf("skipped[%s: %s]", path, obj["reason"])] += "*"
					continue
				}
				for k, f := range obj {
					if k != "path" {
						walk(fmt.Sprintf("%s[%s].%s", key, path, k), f)
					}
				}
				out[fmt.Sprintf("%s[%s]", key, path)] += "*"
			}
		case nil:
		default:
			b, _ := json.Marshal(v)
			out[key] = string(b)
		}
	}
	walk("", v)
	return out
}

// checkSummary checks that the summary table shows the report's figures:
// per category its records and distinct values and a masked example.
func checkSummary(t *testing.T, summary string, want *scan.Report) {
	t.Helper()
	if !strings.Contains(summary, fmt.Sprintf("Distinct persons: %s\n", thousands(want.Persons))) {
		t.Errorf("the summary does not say Distinct persons: %s:\n%s", thousands(want.Persons), summary)
	}
	if !strings.Contains(summary, fmt.Sprintf("Scanned %s files, ", thousands(want.Scanned.Files))) ||
		!strings.Contains(summary, fmt.Sprintf(", %s records in ", thousands(want.Scanned.Records))) {
		t.Errorf("the summary does not give %d files and %d records:\n%s", want.Scanned.Files, want.Scanned.Records, summary)
	}
	rows := map[string][]string{}
	for _, line := range strings.Split(summary, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && strings.HasPrefix(line, "  ") {
			rows[f[0]] = f[1:]
		}
	}
	for c, cc := range want.Categories {
		row, ok := rows[string(c)]
		if !ok {
			t.Errorf("the summary has no row for %s:\n%s", c, summary)
			continue
		}
		if len(row) < 3 || row[0] != thousands(cc.Records) || row[1] != thousands(cc.Distinct) {
			t.Errorf("the summary's row for %s is %q, want %s records and %s distinct values",
				c, row, thousands(cc.Records), thousands(cc.Distinct))
			continue
		}
		if example := strings.Join(row[2:], " "); !strings.Contains(example, "*") {
			t.Errorf("the example for %s, %q, is not masked", c, example)
		}
	}
	if len(want.Skipped) > 0 && !strings.Contains(summary, fmt.Sprintf("Not scanned, or not to the end (%d)", len(want.Skipped))) {
		t.Errorf("the summary does not list the %d skipped files:\n%s", len(want.Skipped), summary)
	}
}

// finding is one line of the findings file.
type finding struct {
	File, Record, Category, Kind, Value string
}

// readFindings reads a findings file, checking that every line is a JSON
// object with exactly the five fields, all strings.
func readFindings(t *testing.T, name string) []finding {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []finding
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var fields map[string]any
		if err := json.Unmarshal(sc.Bytes(), &fields); err != nil {
			t.Fatalf("findings line %d is not a JSON object: %v\n%s", n, err, sc.Text())
		}
		str := func(key string) string {
			s, ok := fields[key].(string)
			if !ok {
				t.Errorf("findings line %d: %q is not a string: %s", n, key, sc.Text())
			}
			return s
		}
		fd := finding{File: str("file"), Record: str("record"), Category: str("category"), Kind: str("kind"), Value: str("value")}
		if len(fields) != 5 {
			t.Errorf("findings line %d has %d fields, want file, record, category, kind, value: %s", n, len(fields), sc.Text())
		}
		if fd.File == "" || !strings.HasPrefix(fd.Record, fd.File) || fd.Value == "" {
			t.Errorf("findings line %d: the record must start with a non-empty file, and the value must be there: %s", n, sc.Text())
		}
		out = append(out, fd)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkFindingsAgree checks the findings against the report: the same
// categories, and per category as many distinct values.
func checkFindingsAgree(t *testing.T, findings []finding, want *scan.Report) {
	t.Helper()
	distinct := map[string]map[string]bool{}
	for _, f := range findings {
		if _, ok := want.Categories[detect.Category(f.Category)]; !ok {
			t.Errorf("a finding of category %q, which the report does not have", f.Category)
			continue
		}
		if distinct[f.Category] == nil {
			distinct[f.Category] = map[string]bool{}
		}
		distinct[f.Category][f.Value] = true
	}
	for c, cc := range want.Categories {
		if got := int64(len(distinct[string(c)])); got != cc.Distinct {
			t.Errorf("the findings hold %d distinct %s values, the report %d", got, c, cc.Distinct)
		}
	}
}

func fileMode(t *testing.T, name string) os.FileMode {
	t.Helper()
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

func TestScanWritesANewFindingsFileOnlyTheUserCanRead(t *testing.T) {
	dir := phoneLeak(t)
	file := filepath.Join(t.TempDir(), "findings.jsonl")
	r := mustRun(t, nil, "", "scan", "--region", "CN", "--findings", file, dir)
	if mode := fileMode(t, file); mode != 0o600 {
		t.Errorf("the findings file has mode %#o, want 0600", mode)
	}
	findings := readFindings(t, file)
	if !slices.Contains(findings, finding{File: dir + "/customers.csv", Record: dir + "/customers.csv:row 1", Category: "phone", Value: chinesePhoneE164}) {
		t.Errorf("the findings lack the phone number of row 1: %+v", findings)
	}
	r.expect(t, 0, []string{"phone", "+86*"}, []string{chinesePhone, "Wang Wei"})
}

func TestScanFailsWithOneWhenNothingCouldBeReadOrWritten(t *testing.T) {
	dir := phoneLeak(t)
	missing := filepath.Join(t.TempDir(), "no-such-folder")

	t.Run("a path that does not exist", func(t *testing.T) {
		r := runCmd(t, nil, "", "scan", missing)
		r.expect(t, 1, []string{"none of the files could be read", missing, "no such file or directory"}, nil)
	})
	t.Run("a path that does not exist, beside one that does", func(t *testing.T) {
		r := runCmd(t, nil, "", "scan", "--region", "CN", missing, dir)
		r.expect(t, 0, []string{missing, "Distinct persons: 1"}, []string{"none of the files could be read"})
	})
	t.Run("only an unreadable file", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every file")
		}
		file := filepath.Join(t.TempDir(), "secret.csv")
		writeFileMode(t, file, "email\nx@example.com\n", 0o000)
		r := runCmd(t, nil, "", "scan", file)
		r.expect(t, 1, []string{"none of the files could be read", file}, []string{"x@example.com"})
	})
	t.Run("a report into a folder that does not exist", func(t *testing.T) {
		report := filepath.Join(missing, "report.json")
		start := time.Now()
		r := runCmd(t, nil, "", "scan", "--json", report, dir)
		r.expect(t, 1, []string{"cannot write the report", report, "no such file or directory"}, []string{"Run 'breachdesk"})
		if r.stdout != "" {
			t.Errorf("the scan ran although its report could not be written:\n%s", r.stdout)
		}
		if strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("the failure is one line, got:\n%s", r.stderr)
		}
		if time.Since(start) > time.Minute {
			t.Errorf("the output path was checked after the scan")
		}
	})
	t.Run("a findings file into a folder that does not exist", func(t *testing.T) {
		file := filepath.Join(missing, "findings.jsonl")
		r := runCmd(t, nil, "", "scan", "--findings", file, dir)
		r.expect(t, 1, []string{"cannot write the findings file", file}, nil)
	})
}

func TestScanProgressTextSaysFilesBytesSpeedTimeAndTimeLeft(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name string
		pr   scan.Progress
		want string
	}{
		{"nothing yet", scan.Progress{}, "0 files · 0 B · 0 MB/s · 0:00"},
		{"total still being counted", scan.Progress{Files: 1234, Bytes: 10 * mib, Elapsed: 2 * time.Second},
			"1,234 files · 10.0 MiB · 5 MB/s · 0:02"},
		{"total known", scan.Progress{Files: 3, Bytes: 10 * mib, TotalBytes: 40 * mib, Elapsed: 2 * time.Second},
			"3 files · 10.0 MiB of 40.0 MiB · 5 MB/s · 0:02 · about 0:06 left"},
		{"done", scan.Progress{Files: 4, Bytes: 40 * mib, TotalBytes: 40 * mib, Elapsed: 8 * time.Second, Done: true},
			"4 files · 40.0 MiB of 40.0 MiB · 5 MB/s · 0:08"},
		{"more read than counted", scan.Progress{Files: 4, Bytes: 50 * mib, TotalBytes: 40 * mib, Elapsed: 10 * time.Second},
			"4 files · 50.0 MiB of 40.0 MiB · 5 MB/s · 0:10"},
		{"hours left", scan.Progress{Files: 9, Bytes: 1e9, TotalBytes: 4e12, Elapsed: 10 * time.Second},
			"9 files · 953.7 MiB of 3.6 TiB · 100 MB/s · 0:10 · about 11:06:30 left"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := progressText(tt.pr); got != tt.want {
				t.Errorf("progressText(%+v)\n = %q\nwant %q", tt.pr, got, tt.want)
			}
		})
	}
}

func TestScanSizesCountsAndClockReadAsPeopleWriteThem(t *testing.T) {
	sizes := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {1, "1 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {1536, "1.5 KiB"},
		{1 << 20, "1.0 MiB"}, {5 << 29, "2.5 GiB"}, {1 << 40, "1.0 TiB"}, {1 << 62, "4.0 EiB"},
	}
	for _, tt := range sizes {
		if got := sizeText(tt.n); got != tt.want {
			t.Errorf("sizeText(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	counts := []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"}, {4850000, "4,850,000"},
		{-5, "-5"}, {-999, "-999"}, {-1000, "-1,000"}, {-1 << 63, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range counts {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	clocks := []struct {
		secs float64
		want string
	}{
		{0, "0:00"}, {0.4, "0:00"}, {0.5, "0:01"}, {59.4, "0:59"}, {59.5, "1:00"}, {61, "1:01"},
		{3599, "59:59"}, {3600, "1:00:00"}, {3661, "1:01:01"}, {100 * 3600, "100:00:00"},
	}
	for _, tt := range clocks {
		if got := clock(tt.secs); got != tt.want {
			t.Errorf("clock(%v) = %q, want %q", tt.secs, got, tt.want)
		}
	}
}
