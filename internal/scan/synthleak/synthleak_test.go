package synthleak

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// testPersons keeps the tests quick; the proportions hold at any size.
const testPersons = 2000

// leak is a generated leak shared by the tests that only read it.
type leak struct {
	dir    string
	report *scan.Report
	plant  *plantLog
}

var (
	sharedLeakOnce sync.Once
	sharedLeak     leak
	sharedLeakErr  error
)

// generated returns a leak of testPersons made once for the package.
func generated(t *testing.T) leak {
	t.Helper()
	sharedLeakOnce.Do(func() {
		dir, err := os.MkdirTemp("", "synthleak-test-")
		if err != nil {
			sharedLeakErr = err
			return
		}
		sharedLeak.dir = dir
		sharedLeak.report, sharedLeak.plant, sharedLeakErr = generate(dir, Options{Persons: testPersons, Seed: 7}, true)
	})
	if sharedLeakErr != nil {
		t.Fatal(sharedLeakErr)
	}
	return sharedLeak
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedLeak.dir != "" {
		os.RemoveAll(sharedLeak.dir)
	}
	os.Exit(code)
}

// readTree reads every file under dir, by slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestTheSameSeedWritesTheSameLeak(t *testing.T) {
	opt := Options{Persons: 300, Seed: 42}
	dirA, dirB := t.TempDir(), t.TempDir()
	repA, err := Generate(dirA, opt)
	if err != nil {
		t.Fatal(err)
	}
	repB, err := Generate(dirB, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(repA, repB) {
		t.Error("the same seed gave different reports")
	}
	a, b := readTree(t, dirA), readTree(t, dirB)
	if len(a) != len(b) {
		t.Fatalf("the same seed wrote %d and %d files", len(a), len(b))
	}
	for name, content := range a {
		if !bytes.Equal(content, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
}

func TestAnotherSeedWritesAnotherLeak(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	if _, err := Generate(dirA, Options{Persons: 300, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(dirB, Options{Persons: 300, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readTree(t, dirA)["users/registered_users.csv"], readTree(t, dirB)["users/registered_users.csv"]) {
		t.Error("two seeds wrote the same user table")
	}
}

func TestTheLeakHasEveryFileOfTheNIODump(t *testing.T) {
	lk := generated(t)
	var paths []string
	for _, f := range lk.report.Files {
		paths = append(paths, f.Path)
	}
	want := []string{
		"backup/cars.tar.gz!cars.tar!car_owners_2021.sql",
		"backup/users_2020.zip!export/users_2020.csv",
		"config/app.env", "config/settings.yaml",
		"db/car_owners.sql", "decoys/orders.csv", "hr/staff.xlsx",
		"letters/letter_001.docx",
		"mail/service.mbox", "mail/service.mbox:message 3!export.csv",
		"reports/incident_summary.pdf",
		"users/addresses.ndjson", "users/registered_users.csv", "users/会员导出.csv",
	}
	for _, w := range want {
		if !slices.Contains(paths, w) {
			t.Errorf("the report lists no file %s", w)
		}
	}
	skipped := []scan.Skipped{
		{Path: "backup/ibdata1", Reason: reasonBinary},
		{Path: "backup/users_2019.zip", Reason: reasonTruncatedZip},
		{Path: "logs/app.log", Reason: reasonEmpty},
	}
	if !reflect.DeepEqual(lk.report.Skipped, skipped) {
		t.Errorf("skipped = %+v, want %+v", lk.report.Skipped, skipped)
	}
}

// TestTheReportAddsUp checks the report against itself: the sums of its
// parts, the order of its lists, and the persons it promises.
func TestTheReportAddsUp(t *testing.T) {
	rep := generated(t).report
	if !rep.Complete || rep.Scanned.Seconds != 0 {
		t.Errorf("complete = %v, seconds = %v; want a complete report without time", rep.Complete, rep.Scanned.Seconds)
	}
	if rep.Scanned.Files != int64(len(rep.Files)) {
		t.Errorf("scanned files = %d, but %d files are listed", rep.Scanned.Files, len(rep.Files))
	}
	var records int64
	perCategory := map[detect.Category]int64{}
	for _, f := range rep.Files {
		records += f.Records
		for c, n := range f.Categories {
			perCategory[c] += n
			if n > f.Records {
				t.Errorf("%s: %d records hold %s, but it has %d", f.Path, n, c, f.Records)
			}
		}
	}
	if records != rep.Scanned.Records {
		t.Errorf("files hold %d records, scanned says %d", records, rep.Scanned.Records)
	}
	for c, cc := range rep.Categories {
		if cc.Records != perCategory[c] {
			t.Errorf("%s: %d records, files say %d", c, cc.Records, perCategory[c])
		}
		if cc.Distinct == 0 || cc.Records == 0 {
			t.Errorf("%s is listed with %+v", c, cc)
		}
		var kinds int64
		for _, n := range cc.Kinds {
			kinds += n
		}
		if cc.Kinds != nil && kinds != cc.Distinct {
			t.Errorf("%s: kinds add up to %d, distinct is %d", c, kinds, cc.Distinct)
		}
	}
	if rep.Persons != testPersons || rep.Persons > rep.Scanned.Records {
		t.Errorf("persons = %d, want %d (and no more than the %d records)", rep.Persons, testPersons, rep.Scanned.Records)
	}
	if !slices.IsSortedFunc(rep.Files, func(a, b scan.FileReport) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("files are not in path order")
	}
}

// TestTheReportHasEveryCategoryAndKind makes sure the leak exercises the
// whole scanner: every category, and the kinds of each.
func TestTheReportHasEveryCategoryAndKind(t *testing.T) {
	rep := generated(t).report
	for _, c := range detect.Categories {
		if rep.Categories[c] == nil {
			t.Errorf("no %s in the leak", c)
		}
	}
	kinds := map[detect.Category][]string{
		detect.NationalID: {"cn_resident_id", "de_tax_id"},
		detect.Secret:     {"aws_access_key", "github_token", "jwt", "private_key", "stripe_key"},
		detect.Credential: {"bcrypt", "password"},
	}
	for c, want := range kinds {
		var got []string
		for k := range rep.Categories[c].Kinds {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s kinds = %v, want %v", c, got, want)
		}
	}
}

// TestScannedBytesAreWhatTheScannerReads recomputes the bytes from the
// files: sizes on disk, and the uncompressed members of the archives.
func TestScannedBytesAreWhatTheScannerReads(t *testing.T) {
	lk := generated(t)
	var want int64
	for _, f := range lk.report.Files {
		switch {
		case !strings.Contains(f.Path, "!"):
			want += fileSize(t, filepath.Join(lk.dir, f.Path))
		case strings.HasPrefix(f.Path, userBackupPath):
			want += zipMemberSize(t, filepath.Join(lk.dir, userBackupPath), userBackupMember)
		case strings.HasPrefix(f.Path, carBackupPath):
			want += tarGzMemberSize(t, filepath.Join(lk.dir, carBackupPath), carBackupMember)
		case strings.HasPrefix(f.Path, mailboxPath):
			want += int64(len(exportCSV(testEurope(t, lk))))
		default:
			t.Errorf("no way to size %s", f.Path)
		}
	}
	if lk.report.Scanned.Bytes != want {
		t.Errorf("scanned bytes = %d, the files hold %d", lk.report.Scanned.Bytes, want)
	}
}

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func zipMemberSize(t *testing.T, p, member string) int64 {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == member {
			return int64(f.UncompressedSize64)
		}
	}
	t.Fatalf("%s has no member %s", p, member)
	return 0
}

func tarGzMemberSize(t *testing.T, p, member string) int64 {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			t.Fatalf("%s has no member %s", p, member)
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Name == member {
			return h.Size
		}
	}
}

// testEurope returns the European customers of the shared leak: made again
// from its seed, as the generator made them.
func testEurope(t *testing.T, lk leak) []*euPerson {
	t.Helper()
	g := newGenerator(lk.dir, Options{Persons: testPersons, Seed: 7, Now: defaultNow()}, false)
	if err := g.makePeople(); err != nil {
		t.Fatal(err)
	}
	return g.eu
}

func TestStaffBirthDatesReadAsGermanDates(t *testing.T) {
	lk := generated(t)
	f, err := excelize.OpenFile(filepath.Join(lk.dir, staffPath))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(staffSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 2 || rows[0][7] != "Geburtsdatum" {
		t.Fatalf("staff sheet starts %v", rows[:min(2, len(rows))])
	}
	for _, r := range rows[1:] {
		if _, err := time.Parse("02.01.2006", r[7]); err != nil {
			t.Errorf("birth date cell reads %q, want DD.MM.YYYY", r[7])
		}
	}
}

func TestGenerateRefusesADirectoryThatIsNotEmpty(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "other.csv"), []byte("a,b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(dir, Options{Persons: 300}); err == nil {
		t.Error("Generate wrote into a directory holding another file")
	}
}

func TestGenerateRefusesSizesOutOfRange(t *testing.T) {
	for _, n := range []int{-1, MinPersons - 1, MaxPersons + 1} {
		if _, err := Generate(t.TempDir(), Options{Persons: n}); err == nil {
			t.Errorf("Persons %d: no error", n)
		}
	}
}

func TestDemoLeakHoldsFiveHundredPersons(t *testing.T) {
	rep, err := DemoLeak(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Persons != demoPersons {
		t.Errorf("demo persons = %d, want %d", rep.Persons, demoPersons)
	}
}

// BenchmarkGenerate measures the generator's throughput in bytes written.
func BenchmarkGenerate(b *testing.B) {
	var size int64
	for b.Loop() {
		dir := b.TempDir()
		rep, err := Generate(dir, Options{Persons: 20_000, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		size = rep.Scanned.Bytes
	}
	b.SetBytes(size)
}
