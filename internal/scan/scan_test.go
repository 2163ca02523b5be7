package scan_test

// The package-level specification of the scanner: small inputs written
// into a temporary directory, scanned with scan.Run, and every figure of
// the report compared with a number worked out by hand from
// docs/scanner.md. The helpers shared by the other *_test.go files of the
// package live here.

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// testNow is "today" for every scan, so dates of birth do not age.
var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// token puts a secret-shaped value together at run time, so that secret
// scanners do not mistake this file for a leak.
func token(parts ...string) string { return strings.Join(parts, "") }

// finding is one line of the findings file.
type finding struct {
	File     string `json:"file"`
	Record   string `json:"record"`
	Category string `json:"category"`
	Kind     string `json:"kind"`
	Value    string `json:"value"`
}

func (f finding) String() string {
	return fmt.Sprintf("%s | %s | %s/%s | %s", f.File, f.Record, f.Category, f.Kind, f.Value)
}

// writeFiles writes files (slash-separated path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// scanResult is what one scan gave.
type scanResult struct {
	rep      *scan.Report
	err      error
	findings []finding // sorted
}

// scanDir changes into dir (so that the report's paths are the short
// relative ones the contract shows) and scans paths; without paths, it
// scans every entry of dir, by its name.
func scanDir(t *testing.T, dir string, paths ...string) scanResult {
	t.Helper()
	return scanDirWith(t, context.Background(), dir, scan.Options{Paths: paths})
}

// scanDirWith is scanDir with a context and options; Region, Workers,
// Now and Findings are filled in unless set.
func scanDirWith(t *testing.T, ctx context.Context, dir string, opt scan.Options) scanResult {
	t.Helper()
	t.Chdir(dir)
	if len(opt.Paths) == 0 {
		entries, err := os.ReadDir(".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			opt.Paths = append(opt.Paths, e.Name())
		}
	}
	if opt.Region == "" {
		opt.Region = "DE"
	}
	if opt.Workers == 0 {
		opt.Workers = 2
	}
	if opt.Now.IsZero() {
		opt.Now = testNow
	}
	var buf bytes.Buffer
	if opt.Findings == nil {
		opt.Findings = &buf
	}
	rep, err := scan.Run(ctx, opt)
	if rep == nil {
		t.Fatalf("scan.Run returned no report (error %v)", err)
	}
	return scanResult{rep: rep, err: err, findings: parseFindings(t, buf.Bytes())}
}

// mustScan is scanDir for scans that must succeed and be complete.
func mustScan(t *testing.T, dir string, paths ...string) scanResult {
	t.Helper()
	res := scanDir(t, dir, paths...)
	if res.err != nil {
		t.Fatalf("scan.Run: %v", res.err)
	}
	if !res.rep.Complete {
		t.Fatal("report says complete = false after a scan without cancellation")
	}
	return res
}

// parseFindings reads the findings file: every line must be one JSON
// object with exactly the five fields of the contract.
func parseFindings(t *testing.T, data []byte) []finding {
	t.Helper()
	var out []finding
	lines := bytes.Split(data, []byte("\n"))
	for i, line := range lines {
		if len(line) == 0 {
			if i != len(lines)-1 {
				t.Errorf("findings line %d is empty", i+1)
			}
			continue
		}
		var fields map[string]any
		if err := json.Unmarshal(line, &fields); err != nil {
			t.Fatalf("findings line %d is not a JSON object: %v", i+1, err)
		}
		var keys []string
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if want := []string{"category", "file", "kind", "record", "value"}; !slices.Equal(keys, want) {
			t.Errorf("findings line %d has fields %v, want %v", i+1, keys, want)
		}
		var f finding
		if err := json.Unmarshal(line, &f); err != nil {
			t.Fatalf("findings line %d: %v", i+1, err)
		}
		out = append(out, f)
	}
	sortFindings(out)
	return out
}

func sortFindings(fs []finding) {
	slices.SortFunc(fs, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Record, b.Record),
			cmp.Compare(a.Category, b.Category), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Value, b.Value))
	})
}

// recordLocators lists the distinct record locators of the findings.
func recordLocators(fs []finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Record)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// cats builds a file report's categories.
func cats(kv ...any) map[detect.Category]int64 {
	m := make(map[detect.Category]int64)
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(detect.Category)] = int64(kv[i+1].(int))
	}
	return m
}

// checkFiles compares the report's files with want, in order.
func checkFiles(t *testing.T, rep *scan.Report, want []scan.FileReport) {
	t.Helper()
	if !reflect.DeepEqual(rep.Files, want) {
		t.Errorf("files:\n got  %s\n want %s", fileList(rep.Files), fileList(want))
	}
}

func fileList(fs []scan.FileReport) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n   {%s %s records=%d %v}", f.Path, f.Format, f.Records, f.Categories)
	}
	return b.String()
}

// checkCategory compares one category's figures.
func checkCategory(t *testing.T, rep *scan.Report, c detect.Category, want scan.CategoryCount) {
	t.Helper()
	got, ok := rep.Categories[c]
	if !ok {
		t.Errorf("category %s missing from the report, want %+v", c, want)
		return
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("category %s = %+v, want %+v", c, *got, want)
	}
}

// checkNoSkipped fails if anything was skipped.
func checkNoSkipped(t *testing.T, rep *scan.Report) {
	t.Helper()
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped = %+v, want none", rep.Skipped)
	}
}

// A record per the contract's table, in every format that holds records.
// Each file is scanned alone; then all together.
var recordCases = []struct {
	name    string
	path    string
	content string
	want    scan.FileReport
	// locators are the records holding findings
	locators []string
}{
	{
		name: "CSV: a data row is a record, the header is not",
		path: "users/users.csv",
		content: "name,email\n" +
			"Alice Adams,alice@example.com\n" +
			"Bob Brown,bob@example.com\n" +
			"Carol Clark,carol@example.com\n",
		want: scan.FileReport{Path: "users/users.csv", Format: "csv", Records: 3,
			Categories: cats(detect.Email, 3, detect.Name, 3)},
		locators: []string{"users/users.csv:row 1", "users/users.csv:row 2", "users/users.csv:row 3"},
	},
	{
		name:    "TSV: a data row is a record, the header is not",
		path:    "users/users.tsv",
		content: "name\temail\nDana Dietz\tdana@example.com\nEli Ernst\t\n",
		want: scan.FileReport{Path: "users/users.tsv", Format: "tsv", Records: 2,
			Categories: cats(detect.Email, 1, detect.Name, 2)},
		locators: []string{"users/users.tsv:row 1", "users/users.tsv:row 2"},
	},
	{
		name: "NDJSON: a line holding an object is a record, located by its physical line",
		path: "logs/events.ndjson",
		content: `{"email":"nd1@example.org","ip":"203.0.113.7"}` + "\n" +
			`{"note":"nothing personal here"}` + "\n" +
			"\n" +
			`{"email":"nd2@example.org"}` + "\n",
		want: scan.FileReport{Path: "logs/events.ndjson", Format: "ndjson", Records: 3,
			Categories: cats(detect.Email, 2, detect.IPAddress, 1)},
		locators: []string{"logs/events.ndjson:line 1", "logs/events.ndjson:line 4"},
	},
	{
		name: "JSON array: an object of the array is a record",
		path: "api/customers.json",
		content: `[{"name":"Dora Diaz","phone":"+49 30 1234567"},` + "\n" +
			` {"name":"Emil Ernst","address":{"street":"Hauptstraße 5","zip":"10115","city":"Berlin"}},` + "\n" +
			` {"sku":"A-100"}]`,
		want: scan.FileReport{Path: "api/customers.json", Format: "json", Records: 3,
			Categories: cats(detect.Name, 2, detect.Phone, 1, detect.PostalAddress, 1)},
		locators: []string{"api/customers.json:object 1", "api/customers.json:object 2"},
	},
	{
		name: "JSON with one object: the file is one record, nested arrays included",
		path: "api/profile.json",
		content: `{"customer":{"name":"Sam Solo","email":"solo@example.net"},` +
			`"orders":[{"sku":"A-1","email":"solo@example.net"},{"sku":"B-2"}]}`,
		want: scan.FileReport{Path: "api/profile.json", Format: "json", Records: 1,
			Categories: cats(detect.Email, 1, detect.Name, 1)},
		locators: []string{"api/profile.json"},
	},
	{
		name: "MySQL dump: every tuple of a multi-row INSERT is a record",
		path: "db/mysql.sql",
		content: "-- MySQL dump 10.13  Distrib 8.0.36\n" +
			"CREATE TABLE `users` (\n  `id` int NOT NULL,\n  `email` varchar(255),\n  `phone` varchar(32)\n);\n" +
			"INSERT INTO `users` VALUES (1,'m1@example.com','0170 1234567'),(2,'m2@example.com',NULL),(3,'m3@example.com','');\n" +
			"INSERT INTO `users` (`id`, `email`, `phone`) VALUES (4,'m4@example.com','+49 30 1234567');\n",
		want: scan.FileReport{Path: "db/mysql.sql", Format: "sql", Records: 4,
			Categories: cats(detect.Email, 4, detect.Phone, 2)},
		locators: []string{"db/mysql.sql:tuple 1", "db/mysql.sql:tuple 2", "db/mysql.sql:tuple 3", "db/mysql.sql:tuple 4"},
	},
	{
		name: "PostgreSQL dump: a row of a COPY block is a record, numbered with the INSERT tuples",
		path: "db/pg.sql",
		content: "--\n-- PostgreSQL database dump\n--\n\n" +
			"SET standard_conforming_strings = on;\n\n" +
			"COPY public.customers (id, email, phone) FROM stdin;\n" +
			"1\tpg1@example.com\t\\N\n" +
			"2\tpg2@example.com\t+49 30 1234567\n" +
			"\\.\n\n" +
			"INSERT INTO public.customers VALUES (3, 'pg3@example.com', NULL);\n",
		want: scan.FileReport{Path: "db/pg.sql", Format: "sql", Records: 3,
			Categories: cats(detect.Email, 3, detect.Phone, 1)},
		locators: []string{"db/pg.sql:tuple 1", "db/pg.sql:tuple 2", "db/pg.sql:tuple 3"},
	},
	{
		name: "MBOX: a message is a record",
		path: "mail/service.mbox",
		content: "From alice@example.com Mon Jan  1 10:00:00 2024\n" +
			"From: Alice Adams <alice@example.com>\n" +
			"To: service@shop.example.com\n" +
			"Subject: my order\n\n" +
			"Please call me back on +49 170 1234567.\n\n" +
			"From bob@example.com Mon Jan  1 11:00:00 2024\n" +
			"From: Bob Brown <bob@example.com>\n" +
			"To: service@shop.example.com\n" +
			"Subject: a question\n\n" +
			"When do you open?\n\n",
		want: scan.FileReport{Path: "mail/service.mbox", Format: "mbox", Records: 2,
			Categories: cats(detect.Email, 2, detect.Phone, 1)},
		locators: []string{"mail/service.mbox:message 1", "mail/service.mbox:message 2"},
	},
	{
		name: "EML: the file is a record",
		path: "mail/refund.eml",
		content: "From: Carol Clark <carol@example.com>\n" +
			"To: service@shop.example.com\n" +
			"Subject: refund\n" +
			"MIME-Version: 1.0\n" +
			"Content-Type: text/plain; charset=utf-8\n\n" +
			"Please refund to IBAN DE89 3704 0044 0532 0130 00.\n",
		want: scan.FileReport{Path: "mail/refund.eml", Format: "eml", Records: 1,
			Categories: cats(detect.Email, 1, detect.IBAN, 1)},
		locators: []string{"mail/refund.eml"},
	},
	{
		name: "text: the file is a record",
		path: "notes/meeting.txt",
		content: "Meeting notes\n\nContacts: t1@example.com and t2@example.com.\n" +
			"The old server 192.168.10.20 is still up.\n",
		want: scan.FileReport{Path: "notes/meeting.txt", Format: "text", Records: 1,
			Categories: cats(detect.Email, 1, detect.IPAddress, 1)},
		locators: []string{"notes/meeting.txt"},
	},
}

func TestRecordsAreCountedPerTheContract(t *testing.T) {
	for _, tc := range recordCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tc.path: tc.content})
			res := mustScan(t, dir)
			checkNoSkipped(t, res.rep)
			checkFiles(t, res.rep, []scan.FileReport{tc.want})
			sc := res.rep.Scanned
			if sc.Files != 1 || sc.Records != tc.want.Records || sc.Bytes != int64(len(tc.content)) {
				t.Errorf("scanned = %d files, %d records, %d bytes; want 1, %d, %d",
					sc.Files, sc.Records, sc.Bytes, tc.want.Records, len(tc.content))
			}
			for c, n := range tc.want.Categories {
				if got := res.rep.Categories[c]; got == nil || got.Records != n {
					t.Errorf("categories.%s = %+v, want %d records", c, got, n)
				}
			}
			if len(res.rep.Categories) != len(tc.want.Categories) {
				t.Errorf("report has %d categories, want %d: %v", len(res.rep.Categories), len(tc.want.Categories), res.rep.Categories)
			}
			if got := recordLocators(res.findings); !slices.Equal(got, tc.locators) {
				t.Errorf("records in the findings = %q, want %q", got, tc.locators)
			}
			for _, f := range res.findings {
				if f.File != tc.want.Path {
					t.Errorf("finding %v names file %q, want %q", f, f.File, tc.want.Path)
				}
			}
		})
	}
}

func TestRecordsOfAllFormatsAddUpInOneScan(t *testing.T) {
	dir := t.TempDir()
	files := make(map[string]string)
	for _, tc := range recordCases {
		files[tc.path] = tc.content
	}
	writeFiles(t, dir, files)
	res := mustScan(t, dir, "users", "logs", "api", "db", "mail", "notes")
	checkNoSkipped(t, res.rep)
	// csv 3 + tsv 2 + ndjson 3 + json array 3 + json object 1 + mysql 4
	// + postgres 3 + mbox 2 + eml 1 + text 1
	if got := res.rep.Scanned.Records; got != 23 {
		t.Errorf("scanned.records = %d, want 23", got)
	}
	if got := res.rep.Scanned.Files; got != 10 {
		t.Errorf("scanned.files = %d, want 10", got)
	}
	// The files come in path order, whatever order the workers finished.
	want := []string{"api/customers.json", "api/profile.json", "db/mysql.sql", "db/pg.sql",
		"logs/events.ndjson", "mail/refund.eml", "mail/service.mbox", "notes/meeting.txt",
		"users/users.csv", "users/users.tsv"}
	var got []string
	for _, f := range res.rep.Files {
		got = append(got, f.Path)
	}
	if !slices.Equal(got, want) {
		t.Errorf("files in the report = %q, want %q", got, want)
	}
	// e-mail: 3 csv + 1 tsv + 2 ndjson + 1 profile + 4 mysql + 3 pg + 2
	// mbox + 1 eml + 1 text = 18 records. Distinct addresses: alice,
	// bob, carol (csv, and again in mbox and eml), dana, nd1, nd2, solo,
	// m1-m4, pg1-pg3, service@shop (in all three mails), t1, t2 = 17.
	checkCategory(t, res.rep, detect.Email, scan.CategoryCount{Records: 18, Distinct: 17})
	// phone: customers.json object 1 and mysql tuples 1 and 4, pg tuple
	// 2, the mbox's message 1: +49301234567 and +491701234567.
	checkCategory(t, res.rep, detect.Phone, scan.CategoryCount{Records: 5, Distinct: 2})
	// persons: 17 addresses and 2 numbers are 19 linking values; tabular
	// records join m1 with +491701234567 (mysql tuple 1), and m4 and pg2
	// with +49301234567 (mysql tuple 4, pg tuple 2): 19 - 3 = 16. The
	// mails and the text link nothing. Two records hold personal data
	// without a linking value: the TSV's Eli Ernst and the JSON's Emil
	// Ernst with his address. 16 + 2 = 18.
	if res.rep.Persons != 18 {
		t.Errorf("persons = %d, want 18", res.rep.Persons)
	}
}

func TestFindingsHoldEachDistinctValueOfARecordOnceNormalized(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"people.csv": "name,email,phone,iban,id_card_no,note\n" +
			"Anna Arndt,Anna.Arndt@Example.COM,030 1234567,DE89 3704 0044 0532 0130 00,11010519491231002x," +
			`"write to anna.arndt@example.com or ANNA.ARNDT@EXAMPLE.COM, call +49 30 1234567"` + "\n" +
			"Ben Berg,ben@example.com,,,,\n",
		"memo.txt": "Ask x@example.com. Again: X@Example.com, and once more x@example.com.\n",
	})
	res := mustScan(t, dir, "people.csv", "memo.txt")
	want := []finding{
		{"people.csv", "people.csv:row 1", "name", "", "Anna Arndt"},
		{"people.csv", "people.csv:row 1", "email", "", "anna.arndt@example.com"},
		{"people.csv", "people.csv:row 1", "phone", "", "+49301234567"},
		{"people.csv", "people.csv:row 1", "iban", "", "DE89370400440532013000"},
		{"people.csv", "people.csv:row 1", "national_id", "cn_resident_id", "11010519491231002X"},
		{"people.csv", "people.csv:row 2", "name", "", "Ben Berg"},
		{"people.csv", "people.csv:row 2", "email", "", "ben@example.com"},
		{"memo.txt", "memo.txt", "email", "", "x@example.com"},
	}
	sortFindings(want)
	if !slices.Equal(res.findings, want) {
		t.Errorf("findings:\n got  %v\n want %v", res.findings, want)
	}
	checkCategory(t, res.rep, detect.Email, scan.CategoryCount{Records: 3, Distinct: 3})
	checkCategory(t, res.rep, detect.NationalID, scan.CategoryCount{Records: 1, Distinct: 1,
		Kinds: map[string]int64{"cn_resident_id": 1}})
}

func TestAScanWithoutAFindingsFileCountsTheSame(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.csv": "email\na@example.com\n"})
	t.Chdir(dir)
	rep, err := scan.Run(context.Background(), scan.Options{Paths: []string{"a.csv"}, Region: "DE", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	checkCategory(t, rep, detect.Email, scan.CategoryCount{Records: 1, Distinct: 1})
}

// failingWriter is a findings file on a full disk.
type failingWriter struct{}

var errDiskFull = errors.New("no space left on device")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestAFindingsFileThatCannotBeWrittenFailsTheScanButKeepsTheReport(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.csv": "email\na@example.com\nb@example.com\n"})
	res := scanDirWith(t, context.Background(), dir, scan.Options{Findings: failingWriter{}})
	if !errors.Is(res.err, errDiskFull) {
		t.Errorf("error = %v, want the findings writer's error", res.err)
	}
	if !res.rep.Complete || res.rep.Scanned.Records != 2 {
		t.Errorf("report = complete %v, %d records; want the complete report of 2 records", res.rep.Complete, res.rep.Scanned.Records)
	}
	checkCategory(t, res.rep, detect.Email, scan.CategoryCount{Records: 2, Distinct: 2})
}

// cancelOnWrite cancels the scan the first time the findings file is
// written to, which happens while the scan is running: the findings
// buffer fills long before the input is done.
type cancelOnWrite struct {
	cancel context.CancelFunc
}

func (w cancelOnWrite) Write(p []byte) (int, error) {
	w.cancel()
	return len(p), nil
}

func TestCancellation(t *testing.T) {
	t.Run("cancelled before the scan: an empty incomplete report and the context's error", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"a.csv": "email\na@example.com\n"})
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		res := scanDirWith(t, ctx, dir, scan.Options{})
		if !errors.Is(res.err, context.Canceled) {
			t.Errorf("error = %v, want one wrapping context.Canceled", res.err)
		}
		if errors.Is(res.err, scan.ErrNothingRead) {
			t.Errorf("error = %v: a cancelled scan is not one that could read nothing", res.err)
		}
		if res.rep.Complete {
			t.Error("complete = true for a cancelled scan")
		}
		if res.rep.Scanned.Records != 0 {
			t.Errorf("scanned.records = %d after cancelling before the start, want 0", res.rep.Scanned.Records)
		}
	})
	t.Run("cancelled while scanning: the report so far, incomplete, and the context's error", func(t *testing.T) {
		const nFiles, nRows = 40, 500
		dir := t.TempDir()
		files := make(map[string]string)
		for f := range nFiles {
			var b strings.Builder
			b.WriteString("name,email\n")
			for r := range nRows {
				fmt.Fprintf(&b, "Person %d-%d,p%d.%d@example.com\n", f, r, f, r)
			}
			files[fmt.Sprintf("big/f%02d.csv", f)] = b.String()
		}
		writeFiles(t, dir, files)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		res := scanDirWith(t, ctx, dir, scan.Options{Findings: cancelOnWrite{cancel}})
		if !errors.Is(res.err, context.Canceled) {
			t.Errorf("error = %v, want one wrapping context.Canceled", res.err)
		}
		if res.rep.Complete {
			t.Error("complete = true for a cancelled scan")
		}
		if got := res.rep.Scanned.Records; got >= nFiles*nRows {
			t.Errorf("scanned.records = %d: the scan went on to the end after it was cancelled", got)
		}
		var sum int64
		for _, f := range res.rep.Files {
			sum += f.Records
		}
		if sum != res.rep.Scanned.Records {
			t.Errorf("the files' records add up to %d, scanned.records is %d", sum, res.rep.Scanned.Records)
		}
		if e := res.rep.Categories[detect.Email]; e != nil && e.Records > res.rep.Scanned.Records {
			t.Errorf("email records %d > scanned records %d", e.Records, res.rep.Scanned.Records)
		}
	})
}

func TestNothingRead(t *testing.T) {
	tests := []struct {
		name       string
		files      map[string]string
		paths      []string
		unreadable string // chmod 000 before the scan
		want       []scan.Skipped
	}{
		{
			name:  "only an unsupported binary file",
			files: map[string]string{"logo.png": pngLike()},
			want:  []scan.Skipped{{Path: "logo.png", Reason: "unsupported binary format"}},
		},
		{
			name:  "only an empty file",
			files: map[string]string{"empty.csv": ""},
			want:  []scan.Skipped{{Path: "empty.csv", Reason: "empty file"}},
		},
		{
			name:  "a path that does not exist",
			paths: []string{"missing.csv"},
			want:  []scan.Skipped{{Path: "missing.csv", Reason: "no such file or directory"}},
		},
		{
			name:       "only an unreadable file",
			files:      map[string]string{"locked.csv": "email\nlocked@example.com\n"},
			unreadable: "locked.csv",
			want:       []scan.Skipped{{Path: "locked.csv", Reason: "cannot be read: permission denied"}},
		},
		{
			name: "several files, none readable",
			files: map[string]string{"a/logo.png": pngLike(), "a/prog": elfLike(), "a/empty.txt": "",
				"a/broken.gz": "\x1f\x8b\x09junk that is no gzip header"},
			want: []scan.Skipped{
				{Path: "a/broken.gz", Reason: "corrupt gzip: invalid header"},
				{Path: "a/empty.txt", Reason: "empty file"},
				{Path: "a/logo.png", Reason: "unsupported binary format"},
				{Path: "a/prog", Reason: "unsupported binary format"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			if tc.unreadable != "" {
				makeUnreadable(t, filepath.Join(dir, tc.unreadable))
			}
			res := scanDir(t, dir, tc.paths...)
			if !errors.Is(res.err, scan.ErrNothingRead) {
				t.Errorf("error = %v, want scan.ErrNothingRead", res.err)
			}
			if !res.rep.Complete {
				t.Error("complete = false: the scan ran to its end, it just found nothing readable")
			}
			if res.rep.Scanned.Files != 0 || res.rep.Scanned.Records != 0 {
				t.Errorf("scanned = %+v, want nothing", res.rep.Scanned)
			}
			if !reflect.DeepEqual(res.rep.Skipped, tc.want) {
				t.Errorf("skipped = %+v, want %+v", res.rep.Skipped, tc.want)
			}
		})
	}
}

func TestProgressEndsWithTheFinalFigures(t *testing.T) {
	dir := t.TempDir()
	a, b := "email\na@example.com\n", "Some notes without anything personal.\n"
	writeFiles(t, dir, map[string]string{"a.csv": a, "b.txt": b})
	var mu sync.Mutex
	var calls []scan.Progress
	res := scanDirWith(t, context.Background(), dir, scan.Options{Progress: func(p scan.Progress) {
		mu.Lock()
		defer mu.Unlock()
		calls = append(calls, p)
	}})
	if res.err != nil {
		t.Fatal(res.err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(calls) == 0 {
		t.Fatal("the progress callback was never called")
	}
	last := calls[len(calls)-1]
	if !last.Done || last.Files != 2 || last.Bytes != int64(len(a)+len(b)) {
		t.Errorf("last progress = %+v, want done with 2 files and %d bytes", last, len(a)+len(b))
	}
	for _, p := range calls[:len(calls)-1] {
		if p.Done {
			t.Errorf("progress %+v says done before the last call", p)
		}
	}
}

// makeUnreadable takes away every permission of the file; as root that
// changes nothing, so the test is skipped there.
func makeUnreadable(t *testing.T, p string) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("running as root, who can read a file of mode 000; run the tests as another user")
	}
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(p, 0o644) })
}

// pngLike is a PNG signature followed by binary bytes.
func pngLike() string {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for i := range 2000 {
		b = append(b, byte(i*7+i/3))
	}
	return string(b)
}

// elfLike is an ELF header followed by binary bytes.
func elfLike() string {
	b := []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00")
	for i := range 2000 {
		b = append(b, byte(i*13+5))
	}
	return string(b)
}
