package source

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestWalkNested(t *testing.T) {
	tests := []struct {
		name        string
		top         func(t *testing.T) []byte
		lim         Limits
		wantMembers []string
		wantSkipped []string
		wantErr     string
		wantErrIs   error
	}{
		{
			name:        "a zip in a tar.gz in a zip: every member is reached, named by its locator",
			top:         zipInTarGzInZip,
			wantMembers: []string{"top.zip!backup/inner.tar.gz!inner.tar!deep.zip!secret.csv=id\n7\n", "top.zip!backup/inner.tar.gz!inner.tar!notes.txt=notes", "top.zip!readme.txt=readme"},
		},
		{
			name: "a truncated tar.gz inside a zip: the members before the cut count, the tar.gz is reported, the zip goes on",
			top: func(t *testing.T) []byte {
				tgz := gzipped(t, makeTar(t, tarEntry{name: "a.txt", content: "first"}, tarEntry{name: "b.txt", content: noise(5000)}))
				return makeZip(t, zipEntry{name: "cut.tar.gz", content: string(tgz[:len(tgz)-40])}, zipEntry{name: "after.txt", content: "after"})
			},
			wantMembers: []string{"top.zip!cut.tar.gz!cut.tar!a.txt=first", "top.zip!cut.tar.gz!cut.tar!b.txt=<* bytes> !truncated gzip stream", "top.zip!after.txt=after"},
			wantSkipped: []string{"top.zip!cut.tar.gz: truncated gzip stream"},
		},
		{
			name:        "archives nested deeper than the limit are reported, not opened",
			top:         func(t *testing.T) []byte { return nestedZips(t, 6) },
			lim:         Limits{MaxDepth: 3},
			wantSkipped: []string{"top.zip!l4.zip!l3.zip!l2.zip!l1.zip: archives nested deeper than 3, not scanned"},
		},
		{
			name:        "nesting within the limit is followed to the bottom",
			top:         func(t *testing.T) []byte { return nestedZips(t, 4) },
			lim:         Limits{MaxDepth: 3},
			wantMembers: []string{"top.zip!l2.zip!l1.zip!l0.zip!leaf.txt=leaf"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got walked
			err := walkNested(t.Context(), extract.Zip, bytes.NewReader(tt.top(t)), "top.zip", tt.lim, 0, &got)
			checkErr(t, err, tt.wantErr, tt.wantErrIs)
			checkLines(t, "members", got.members, tt.wantMembers)
			checkLines(t, "skipped", got.skipped, tt.wantSkipped)
		})
	}
}

func zipInTarGzInZip(t *testing.T) []byte {
	deep := makeZip(t, zipEntry{name: "secret.csv", content: "id\n7\n"})
	tgz := gzipped(t, makeTar(t, tarEntry{name: "deep.zip", content: string(deep)}, tarEntry{name: "notes.txt", content: "notes"}))
	return makeZip(t, zipEntry{name: "backup/inner.tar.gz", content: string(tgz)}, zipEntry{name: "readme.txt", content: "readme"})
}

// noise is n letters that do not compress much.
func noise(n int) string {
	b := make([]byte, n)
	x := uint32(1)
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = 'a' + byte(x>>24)%26
	}
	return string(b)
}

// nestedZips is l{n-1}.zip holding l{n-2}.zip ... holding l0.zip holding
// leaf.txt; the outermost is returned.
func nestedZips(t *testing.T, n int) []byte {
	data := makeZip(t, zipEntry{name: "leaf.txt", content: "leaf"})
	for i := range n - 1 {
		data = makeZip(t, zipEntry{name: "l" + strconv.Itoa(i) + ".zip", content: string(data)})
	}
	return data
}

// A zip that contains itself (the "quine" zip bombs, droste.zip) would
// be walked forever: the depth limit ends it.
func TestWalkQuineEndsAtTheDepthLimit(t *testing.T) {
	self := makeZip(t, zipEntry{name: "self.zip", content: "stands for the archive itself"})
	lim := Limits{MaxDepth: 8}.ForFile(int64(len(self)))
	var walks int
	var skipped []string
	var walk func(depth int) error
	walk = func(depth int) error {
		walks++
		return Walk(t.Context(), extract.Zip, bytes.NewReader(self), "self.zip", lim, depth,
			func(Member, io.Reader) error { return walk(depth + 1) },
			func(name, reason string) { skipped = append(skipped, name+": "+reason) })
	}
	if err := walk(0); err != nil {
		t.Fatal(err)
	}
	if walks != 10 { // depths 0 to 8 opened, 9 refused
		t.Errorf("%d walks, want 10", walks)
	}
	checkLines(t, "skipped", skipped, []string{"self.zip: archives nested deeper than 8, not scanned"})
}

// 42.zip: 16 zips in a zip, 4 levels deep, each leaf 1 MiB of zeros: 64
// GiB from a few kilobytes, every layer harmless on its own. The budget
// ForFile gives the top-level file (1000 times its size) stops it after a
// few megabytes.
func TestWalk42ZipStopsAtTheFileBudget(t *testing.T) {
	top := fortyTwoZip(t, 16, 4)
	lim := Limits{}.ForFile(int64(len(top)))
	var got walked
	err := walkNested(t.Context(), extract.Zip, bytes.NewReader(top), "42.zip", lim, 0, &got)
	checkErr(t, err, reasonExpandedRest, ErrBomb)
	if len(got.skipped) == 0 || !matches(got.skipped[0], "*zeros.bin: zip bomb: expanded size over limit") {
		t.Errorf("first skipped %q, want a leaf over the expanded size limit", got.skipped)
	}
	var handed int64
	for _, m := range got.members {
		_, size, _ := strings.Cut(m, "=<")
		n, _ := strconv.ParseInt(strings.Fields(size)[0], 10, 64)
		handed += n
	}
	if budget := 1000*int64(len(top)) + ratioGrace; handed > budget || lim.budget.max != budget {
		t.Errorf("%d bytes handed over, budget %d bytes (top-level file %d bytes), want at most %d", handed, lim.budget.max, len(top), budget)
	}
}

func fortyTwoZip(t *testing.T, width, levels int) []byte {
	data := makeZip(t, zipEntry{name: "zeros.bin", content: string(make([]byte, 1<<20))})
	for level := range levels {
		entries := make([]zipEntry, width)
		for i := range entries {
			entries[i] = zipEntry{name: strconv.Itoa(level) + "_" + strconv.Itoa(i) + ".zip", content: string(data)}
		}
		data = makeZip(t, entries...)
	}
	return data
}

func TestWalkFnErrors(t *testing.T) {
	data := makeZip(t, zipEntry{name: "a.txt", content: "a"}, zipEntry{name: "b.txt", content: "b"})
	stop := errors.New("stop")
	tests := []struct {
		name        string
		fnErr       error
		wantVisited int
		wantSkipped []string
		wantErr     error
	}{
		{"nil goes on", nil, 2, nil, nil},
		{"a damaged member that fn passes on is reported, and the walk goes on",
			&extract.Damaged{Reason: "unterminated quote at row 3"}, 2,
			[]string{"a.txt: unterminated quote at row 3", "b.txt: unterminated quote at row 3"}, nil},
		{"a nested archive's bomb that fn passes on is reported, and the walk goes on",
			bombError("zip bomb: members share their data, not scanned"), 2,
			[]string{"a.txt: zip bomb: members share their data, not scanned", "b.txt: zip bomb: members share their data, not scanned"}, nil},
		{"any other error stops the walk and is returned", stop, 1, nil, stop},
		{"the context's error stops the walk and is returned", context.Canceled, 1, nil, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var visited int
			var skipped []string
			err := Walk(t.Context(), extract.Zip, bytes.NewReader(data), "x.zip", Limits{}, 0,
				func(Member, io.Reader) error { visited++; return tt.fnErr },
				func(name, reason string) { skipped = append(skipped, name+": "+reason) })
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("error %v, want %v", err, tt.wantErr)
			}
			if visited != tt.wantVisited {
				t.Errorf("%d members visited, want %d", visited, tt.wantVisited)
			}
			checkLines(t, "skipped", skipped, tt.wantSkipped)
		})
	}
}

// A bomb error that fn's reader returned is Reported: Walk reports the
// member itself, so a caller that reports whatever its extractor returns
// must not report it again. The errors Walk returns are the archive's.
func TestReportedBombErrors(t *testing.T) {
	var readErr error
	var skipped []string
	err := Walk(t.Context(), extract.Gzip, bytes.NewReader(gzipBomb()), "zeros.gz", Limits{}, 0,
		func(_ Member, r io.Reader) error {
			_, readErr = io.Copy(io.Discard, r)
			return readErr
		},
		func(name, reason string) { skipped = append(skipped, name+": "+reason) })
	if err != nil {
		t.Errorf("Walk: %v, want nil: the only member was reported", err)
	}
	if !errors.Is(readErr, ErrBomb) || !Reported(readErr) {
		t.Errorf("read error %v: want a Reported ErrBomb", readErr)
	}
	checkLines(t, "skipped", skipped, []string{"zeros: expansion ratio * — not scanned further"})
	if Reported(bombError(reasonOverlap)) {
		t.Error("an archive's own bomb error is Reported")
	}
}

func TestWalkRefusesWhatIsNoArchive(t *testing.T) {
	err := Walk(t.Context(), extract.CSV, strings.NewReader("a,b"), "x.csv", Limits{}, 0,
		func(Member, io.Reader) error { return nil }, nil)
	if err == nil {
		t.Error("Walk over a CSV: no error")
	}
}

func TestWalkCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := Walk(ctx, extract.Tar, bytes.NewReader(makeTar(t, tarEntry{name: "a", content: "a"})), "x.tar", Limits{}, 0,
		func(Member, io.Reader) error { t.Error("member handed over after cancel"); return nil }, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
