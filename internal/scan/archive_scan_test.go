package scan_test

// Archives and bad input: a record inside an archive is the same as
// outside it, and no bad file stops the scan.

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// member is one file of an archive built by a test.
type member struct{ name, content string }

func makeZip(t *testing.T, members ...member) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range members {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(m.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func makeTar(t *testing.T, members ...member) string {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, m := range members {
		hdr := &tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.content)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(m.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func gzipped(t *testing.T, content string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// usersCSV is the export that every archive of the tests below holds.
const usersCSV = "name,email\n" +
	"Anna Arndt,anna@example.com\n" +
	"Ben Berg,ben@example.com\n" +
	"Carl Cole,carl@example.com\n"

func TestARecordInsideAnArchiveIsTheSameAsOutside(t *testing.T) {
	exportCSV := member{"export/users.csv", usersCSV}
	tests := []struct {
		name     string
		file     string // the top-level file
		content  func(t *testing.T) string
		wantPath string // the CSV's path in the report
	}{
		{"a plain file", "export/users.csv",
			func(*testing.T) string { return usersCSV },
			"export/users.csv"},
		{"a zip", "backup/users.zip",
			func(t *testing.T) string { return makeZip(t, exportCSV) },
			"backup/users.zip!export/users.csv"},
		{"a gzip named after its content", "backup/users.csv.gz",
			func(t *testing.T) string { return gzipped(t, usersCSV) },
			"backup/users.csv.gz!users.csv"},
		{"a tar.gz: the gzip holds a tar named after it", "backup/users.tar.gz",
			func(t *testing.T) string { return gzipped(t, makeTar(t, exportCSV)) },
			"backup/users.tar.gz!users.tar!export/users.csv"},
		{"a zip inside a tar.gz", "backup/nested.tar.gz",
			func(t *testing.T) string {
				return gzipped(t, makeTar(t, member{"inner/users.zip", makeZip(t, exportCSV)}))
			},
			"backup/nested.tar.gz!nested.tar!inner/users.zip!export/users.csv"},
	}
	wantValues := []string{
		"row 1 email anna@example.com", "row 1 name Anna Arndt",
		"row 2 email ben@example.com", "row 2 name Ben Berg",
		"row 3 email carl@example.com", "row 3 name Carl Cole",
	}
	all := make(map[string]string)
	for _, tc := range tests {
		content := tc.content(t)
		all[tc.file] = content
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{tc.file: content})
			res := mustScan(t, dir)
			checkNoSkipped(t, res.rep)
			checkFiles(t, res.rep, []scan.FileReport{{Path: tc.wantPath, Format: "csv", Records: 3,
				Categories: cats(detect.Email, 3, detect.Name, 3)}})
			sc := res.rep.Scanned
			// Archives are not files of their own; bytes are the
			// uncompressed bytes of the CSV.
			if sc.Files != 1 || sc.Records != 3 || sc.Bytes != int64(len(usersCSV)) {
				t.Errorf("scanned = %+v, want 1 file, 3 records, %d bytes", sc, len(usersCSV))
			}
			if res.rep.Persons != 3 {
				t.Errorf("persons = %d, want 3", res.rep.Persons)
			}
			var got []string
			for _, f := range res.findings {
				if f.File != tc.wantPath {
					t.Errorf("finding %v: file = %q, want %q", f, f.File, tc.wantPath)
				}
				loc, ok := strings.CutPrefix(f.Record, tc.wantPath+":")
				if !ok {
					t.Errorf("finding %v: record %q does not start with %q", f, f.Record, tc.wantPath+":")
				}
				got = append(got, loc+" "+f.Category+" "+f.Value)
			}
			slices.Sort(got)
			if !slices.Equal(got, wantValues) {
				t.Errorf("findings = %q, want %q", got, wantValues)
			}
		})
	}

	t.Run("all of them in one scan: the same three people", func(t *testing.T) {
		dir := t.TempDir()
		writeFiles(t, dir, all)
		res := mustScan(t, dir)
		checkNoSkipped(t, res.rep)
		n := int64(len(tests))
		sc := res.rep.Scanned
		if sc.Files != n || sc.Records != 3*n || sc.Bytes != n*int64(len(usersCSV)) {
			t.Errorf("scanned = %+v, want %d files, %d records, %d bytes", sc, n, 3*n, n*int64(len(usersCSV)))
		}
		checkCategory(t, res.rep, detect.Email, scan.CategoryCount{Records: 3 * n, Distinct: 3})
		checkCategory(t, res.rep, detect.Name, scan.CategoryCount{Records: 3 * n, Distinct: 3})
		if res.rep.Persons != 3 {
			t.Errorf("persons = %d, want 3", res.rep.Persons)
		}
		want := []string{"backup/users.zip!export/users.csv:row 3"}
		if got := recordLocators(res.findings); !containsAll(got, want) {
			t.Errorf("records in the findings = %q, want them to include %q (the contract's example)", got, want)
		}
	})
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// goodCSV is scanned next to each bad file: the scan must go on.
const goodCSV = "email\ngood@example.com\n"

func TestBadInputIsSkippedWithAReasonAndTheScanGoesOn(t *testing.T) {
	goodReport := scan.FileReport{Path: "in/good.csv", Format: "csv", Records: 1, Categories: cats(detect.Email, 1)}
	corruptGzip := func(t *testing.T) string {
		gz := []byte(gzipped(t, usersCSV))
		gz[10] = 0xff // the first deflate block: final, of the reserved type 3
		return string(gz)
	}
	// A truncated gzip has a test of its own below.
	tests := []struct {
		name       string
		file       string
		content    func(t *testing.T) string
		unreadable bool
		// every skipped entry must have a path starting with the file's
		// and a reason containing reason
		reason string
	}{
		{name: "a truncated zip", file: "in/truncated.zip",
			content: func(t *testing.T) string {
				z := makeZip(t, member{"users.csv", usersCSV}, member{"more.csv", usersCSV})
				return z[:len(z)/2]
			},
			reason: "corrupt zip"},
		{name: "a gzip with a broken header", file: "in/broken.gz",
			content: func(*testing.T) string { return "\x1f\x8b\x09this is no gzip header" },
			reason:  "corrupt gzip: invalid header"},
		{name: "a gzip with corrupt compressed data", file: "in/corrupt.csv.gz",
			content: corruptGzip,
			reason:  "corrupt gzip: invalid compressed data"},
		{name: "a binary file with a PNG header", file: "in/logo.png",
			content: func(*testing.T) string { return pngLike() },
			reason:  "unsupported binary format"},
		{name: "a binary file with an ELF header", file: "in/tool",
			content: func(*testing.T) string { return elfLike() },
			reason:  "unsupported binary format"},
		{name: "an empty file", file: "in/empty.csv",
			content: func(*testing.T) string { return "" },
			reason:  "empty file"},
		{name: "an unreadable file", file: "in/locked.csv",
			content:    func(*testing.T) string { return "email\nlocked@example.com\n" },
			unreadable: true,
			reason:     "permission denied"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{"in/good.csv": goodCSV, tc.file: tc.content(t)})
			if tc.unreadable {
				makeUnreadable(t, filepath.Join(dir, tc.file))
			}
			res := scanDir(t, dir, "in")
			if res.err != nil {
				t.Errorf("scan.Run: %v; a bad file must not fail the scan", res.err)
			}
			if !res.rep.Complete {
				t.Error("complete = false")
			}
			checkFiles(t, res.rep, []scan.FileReport{goodReport})
			if sc := res.rep.Scanned; sc.Files != 1 || sc.Records != 1 {
				t.Errorf("scanned = %+v, want the good file alone: 1 file, 1 record", sc)
			}
			if len(res.rep.Skipped) == 0 {
				t.Fatalf("skipped is empty, want %s with a reason containing %q", tc.file, tc.reason)
			}
			for _, s := range res.rep.Skipped {
				if !strings.HasPrefix(s.Path, tc.file) || !strings.Contains(s.Reason, tc.reason) {
					t.Errorf("skipped %+v, want a path starting with %q and a reason containing %q", s, tc.file, tc.reason)
				}
			}
		})
	}
}

func TestAPathTraversalNameInAZipIsOnlyALabel(t *testing.T) {
	dir := t.TempDir()
	passwd := "This file claims to be the password file.\nAsk root at evil@example.com.\n"
	writeFiles(t, dir, map[string]string{
		"in/evil.zip": makeZip(t, member{"../../etc/passwd", passwd}, member{"/abs/users.csv", usersCSV}),
	})
	res := mustScan(t, dir, "in")
	checkNoSkipped(t, res.rep)
	// The member is scanned under the name it claims ("../" kept, the
	// leading "/" dropped, see source.Member), and nothing is extracted.
	checkFiles(t, res.rep, []scan.FileReport{
		{Path: "in/evil.zip!../../etc/passwd", Format: "text", Records: 1, Categories: cats(detect.Email, 1)},
		{Path: "in/evil.zip!abs/users.csv", Format: "csv", Records: 3, Categories: cats(detect.Email, 3, detect.Name, 3)},
	})
	want := finding{"in/evil.zip!../../etc/passwd", "in/evil.zip!../../etc/passwd", "email", "", "evil@example.com"}
	if !slices.Contains(res.findings, want) {
		t.Errorf("findings = %v, want them to include %v", res.findings, want)
	}
	for _, p := range []string{filepath.Join(dir, "etc"), filepath.Join(dir, "..", "etc"), filepath.Join(dir, "abs")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists after the scan: a member was extracted", p)
		}
	}
	entries, err := os.ReadDir(filepath.Join(dir, "in"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("in/ holds %d entries after the scan, want only evil.zip", len(entries))
	}
}

func TestADamagedFileIsScannedAsFarAsItGoesAndListedAsSkipped(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"in/broken.csv": "name,email\n" +
			"Gina Gold,gina@example.com\n" +
			"\"Hank Hill,hank@example.com\n",
	})
	res := scanDir(t, dir, "in")
	if res.err != nil {
		t.Fatalf("scan.Run: %v", res.err)
	}
	if len(res.rep.Files) != 1 || res.rep.Files[0].Path != "in/broken.csv" || res.rep.Files[0].Records < 1 {
		t.Errorf("files = %s, want in/broken.csv with at least its first row", fileList(res.rep.Files))
	}
	var paths []string
	for _, s := range res.rep.Skipped {
		paths = append(paths, s.Path)
		if s.Reason == "" {
			t.Errorf("skipped %+v has no reason", s)
		}
	}
	if !reflect.DeepEqual(paths, []string{"in/broken.csv"}) {
		t.Errorf("skipped = %+v, want in/broken.csv with the reason it stopped", res.rep.Skipped)
	}
	gina := finding{"in/broken.csv", "in/broken.csv:row 1", "email", "", "gina@example.com"}
	if !slices.Contains(res.findings, gina) {
		t.Errorf("findings = %v, want them to include %v", res.findings, gina)
	}
}

func TestATruncatedGzipIsScannedAsFarAsItGoes(t *testing.T) {
	// Each row is about 200 bytes, most of them a comment without
	// personal data.
	comment := strings.Repeat("nothing personal here ", 8)
	rows := func(n int) string {
		var b strings.Builder
		b.WriteString("name,email,comment\n")
		for i := range n {
			fmt.Fprintf(&b, "Person %d,p%d@example.com,%s\n", i, i, comment)
		}
		return b.String()
	}
	tests := []struct {
		name string
		rows int
		bug  string
	}{
		{"content shorter than the sniffed head (64 KiB)", 3, ""},
		{"content shorter than the extractor's first read (128 KiB)", 450, ""},
		{"content longer than the extractor's first read", 1000, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" {
				t.Skip(tc.bug)
			}
			dir := t.TempDir()
			gz := gzipped(t, rows(tc.rows))
			// Without its trailer (CRC-32 and size), every byte of
			// the content can still be inflated.
			writeFiles(t, dir, map[string]string{"in/users.csv.gz": gz[:len(gz)-8]})
			res := scanDir(t, dir, "in")
			if res.err != nil {
				t.Fatalf("scan.Run: %v", res.err)
			}
			n := tc.rows
			checkFiles(t, res.rep, []scan.FileReport{{Path: "in/users.csv.gz!users.csv", Format: "csv",
				Records: int64(n), Categories: cats(detect.Email, n, detect.Name, n)}})
			if len(res.rep.Skipped) == 0 {
				t.Error("skipped is empty: the damaged gzip must be listed with its reason")
			}
			for _, s := range res.rep.Skipped {
				if !strings.HasPrefix(s.Path, "in/users.csv.gz") || !strings.Contains(s.Reason, "truncated gzip stream") {
					t.Errorf("skipped %+v, want in/users.csv.gz (or its member) as a truncated gzip stream", s)
				}
			}
		})
	}
}
