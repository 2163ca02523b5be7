package source

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

func TestSpool(t *testing.T) {
	small := strings.Repeat("s", 100)
	large := noise(10_000)
	tests := []struct {
		name       string
		input      func(t *testing.T) io.Reader
		size       int64
		lim        Limits
		want       string
		wantPlace  string // "in place", "memory" or "file"
		wantErrIs  error
		wantReason string
	}{
		{
			name:      "a reader with random access is used in place",
			input:     func(*testing.T) io.Reader { return strings.NewReader(small) },
			size:      -1,
			want:      small,
			wantPlace: "in place",
		},
		{
			name:      "a regular file is read in place from its start, wherever its offset stands",
			input:     fileAtOffset(large, 7),
			size:      -1,
			want:      large,
			wantPlace: "in place",
		},
		{
			name:      "a stream of unknown size that fits is copied into memory",
			input:     func(*testing.T) io.Reader { return iotest.HalfReader(strings.NewReader(small)) },
			size:      -1,
			lim:       Limits{SpoolMemory: 100},
			want:      small,
			wantPlace: "memory",
		},
		{
			name:      "a stream of unknown size over SpoolMemory goes to a temporary file",
			input:     func(*testing.T) io.Reader { return iotest.HalfReader(strings.NewReader(large)) },
			size:      -1,
			lim:       Limits{SpoolMemory: 1024},
			want:      large,
			wantPlace: "file",
		},
		{
			name:      "a stream whose size is known to be over SpoolMemory goes straight to a temporary file",
			input:     func(*testing.T) io.Reader { return io.MultiReader(strings.NewReader(large)) },
			size:      int64(len(large)),
			lim:       Limits{SpoolMemory: 1024},
			want:      large,
			wantPlace: "file",
		},
		{
			name:      "a stream longer than its size said is copied whole",
			input:     func(*testing.T) io.Reader { return io.MultiReader(strings.NewReader(large)) },
			size:      10,
			lim:       Limits{SpoolMemory: 1024},
			want:      large,
			wantPlace: "file",
		},
		{
			name:       "more than MaxExpanded in memory: a bomb",
			input:      func(*testing.T) io.Reader { return io.MultiReader(strings.NewReader(large)) },
			size:       -1,
			lim:        Limits{MaxExpanded: 5000, SpoolMemory: 1 << 20},
			wantErrIs:  ErrBomb,
			wantReason: reasonExpanded,
		},
		{
			name:       "more than MaxExpanded in a file: a bomb, and the file is gone",
			input:      func(*testing.T) io.Reader { return io.MultiReader(strings.NewReader(large)) },
			size:       -1,
			lim:        Limits{MaxExpanded: 5000, SpoolMemory: 1024},
			wantErrIs:  ErrBomb,
			wantReason: reasonExpanded,
		},
		{
			name: "a read error of the stream is returned as it is",
			input: func(*testing.T) io.Reader {
				return io.MultiReader(strings.NewReader(large), iotest.ErrReader(&extract.Damaged{Reason: "truncated gzip stream"}))
			},
			size:       -1,
			lim:        Limits{SpoolMemory: 1024},
			wantErrIs:  errDamaged,
			wantReason: "truncated gzip stream",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.lim.TempDir = dir
			in := tt.input(t)
			ra, cleanup, err := Spool(in, tt.size, tt.lim)
			if cleanup == nil {
				t.Fatal("cleanup is nil")
			}
			defer func() {
				cleanup()
				if left := dirEntries(t, dir); len(left) > 0 {
					t.Errorf("left in the temporary directory after cleanup: %v", left)
				}
			}()
			if tt.wantErrIs != nil {
				checkErr(t, err, tt.wantReason, tt.wantErrIs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := spoolPlace(in, ra); got != tt.wantPlace {
				t.Errorf("spooled %s, want %s", got, tt.wantPlace)
			}
			if runtime.GOOS != "windows" {
				if left := dirEntries(t, dir); len(left) > 0 {
					t.Errorf("a spool file is visible while in use: %v", left)
				}
			}
			checkRandomAccess(t, ra, tt.want)
		})
	}
}

func TestSpoolTempDirMissing(t *testing.T) {
	_, cleanup, err := Spool(io.MultiReader(strings.NewReader(noise(3000))), -1,
		Limits{SpoolMemory: 1024, TempDir: filepath.Join(t.TempDir(), "missing")})
	defer cleanup()
	if err == nil || !strings.HasPrefix(err.Error(), "spool: cannot create a temporary file: ") {
		t.Errorf("error %v, want one about the temporary file", err)
	}
}

func fileAtOffset(content string, offset int64) func(t *testing.T) io.Reader {
	return func(t *testing.T) io.Reader {
		name := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		return f
	}
}

// spoolPlace says where Spool put what it read from in.
func spoolPlace(in io.Reader, ra extract.RandomAccess) string {
	switch ra.(type) {
	case *bytes.Reader:
		return "memory"
	case *io.SectionReader:
		if _, ok := in.(*os.File); !ok {
			return "file"
		}
	}
	return "in place"
}

func checkRandomAccess(t *testing.T, ra extract.RandomAccess, want string) {
	t.Helper()
	if ra.Size() != int64(len(want)) {
		t.Errorf("Size %d, want %d", ra.Size(), len(want))
	}
	all, err := io.ReadAll(ra)
	if err != nil || string(all) != want {
		t.Errorf("Read gives %d bytes (%v), want the %d bytes written", len(all), err, len(want))
	}
	tail := make([]byte, 10)
	if n, err := ra.ReadAt(tail, int64(len(want)-10)); (err != nil && err != io.EOF) || string(tail[:n]) != want[len(want)-10:] {
		t.Errorf("ReadAt the last 10 bytes: %q, %v", tail[:n], err)
	}
}

func dirEntries(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
