package source

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// fileEvents is what Files reported: "path (size)" per file and
// "path: reason" per skip.
type fileEvents struct {
	files   []string
	skipped []string
}

func walkFiles(t *testing.T, ctx context.Context, roots ...string) (fileEvents, error) {
	t.Helper()
	var ev fileEvents
	err := Files(ctx, roots, func(p string, size int64) error {
		ev.files = append(ev.files, p+" ("+strconv.FormatInt(size, 10)+")")
		return nil
	}, func(p, reason string) { ev.skipped = append(ev.skipped, p+": "+reason) })
	return ev, err
}

// makeTree creates files (path: content) under dir; a path ending in "/"
// is an empty directory.
func makeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFilesOrderAndPaths(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{
		"dump/a.txt": "a", "dump/a/b.csv": "bb", "dump/a-b.txt": "ab", "dump/B.txt": "B",
		"dump/empty/": "", "dump/sub/deep/x.json": "{}", "dump/z.txt": "",
		"single.csv": "id\n", "other/y.txt": "yy",
	})
	t.Chdir(dir)
	tests := []struct {
		name      string
		roots     []string
		wantFiles []string
		wantSkip  []string
	}{
		{
			name:  "inside a directory, paths come in lexical order, directories as if followed by a slash",
			roots: []string{"dump"},
			wantFiles: []string{"dump/B.txt (1)", "dump/a-b.txt (2)", "dump/a.txt (1)", "dump/a/b.csv (2)",
				"dump/sub/deep/x.json (2)", "dump/z.txt (0)"},
		},
		{
			name:      "roots come in the order given, each as the user wrote it, trailing slashes dropped",
			roots:     []string{"other/", "single.csv", "./dump/sub"},
			wantFiles: []string{"other/y.txt (2)", "single.csv (3)", "./dump/sub/deep/x.json (2)"},
		},
		{
			name:      "the current directory as a root keeps its dot",
			roots:     []string{"./other"},
			wantFiles: []string{"./other/y.txt (2)"},
		},
		{
			name:      "an absolute root gives absolute paths with forward slashes",
			roots:     []string{filepath.Join(dir, "other")},
			wantFiles: []string{filepath.ToSlash(filepath.Join(dir, "other")) + "/y.txt (2)"},
		},
		{
			name:      "a missing root is reported and the walk goes on",
			roots:     []string{"missing", "other"},
			wantFiles: []string{"other/y.txt (2)"},
			wantSkip:  []string{"missing: no such file or directory"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := walkFiles(t, t.Context(), tt.roots...)
			if err != nil {
				t.Fatal(err)
			}
			checkLines(t, "files", got.files, tt.wantFiles)
			checkLines(t, "skipped", got.skipped, tt.wantSkip)
		})
	}
}

func TestFilesOrderIsTheOrderOfThePaths(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{
		"a/b": "", "a.b": "", "a-b/c": "", "a b": "", "a0": "", "ab/c/d": "", "ab.c": "", "aB": "", "é": "", "z/a": "",
	})
	var paths []string
	err := Files(t.Context(), []string{dir}, func(p string, _ int64) error {
		paths = append(paths, p)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.IsSorted(paths) || len(paths) != 10 {
		t.Errorf("paths not in lexical order: %q", paths)
	}
}

func TestFilesStops(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{"a": "", "b": "", "c": ""})
	stop := errors.New("stop")
	t.Run("an error from fn stops the walk and is returned", func(t *testing.T) {
		var n int
		err := Files(t.Context(), []string{dir}, func(string, int64) error { n++; return stop }, nil)
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("error %v after %d files, want stop after 1", err, n)
		}
	})
	t.Run("a cancelled context stops the walk and is returned", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		var n int
		err := Files(ctx, []string{dir}, func(string, int64) error { n++; cancel(); return nil }, nil)
		if !errors.Is(err, context.Canceled) || n != 1 {
			t.Errorf("error %v after %d files, want context.Canceled after 1", err, n)
		}
	})
}

func TestTotalSize(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{"a": "12345", "d/b": "123", "d/e/": ""})
	got, err := TotalSize(t.Context(), []string{dir, filepath.Join(dir, "missing")})
	if err != nil || got != 8 {
		t.Errorf("TotalSize = %d, %v; want 8, nil", got, err)
	}
}
