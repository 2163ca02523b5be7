//go:build unix

package source

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestFilesLinksAndSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{"dump/a.txt": "a", "dump/sub/x.txt": "xx", "outside/o.txt": "ooo"})
	dump := filepath.Join(dir, "dump")
	links := map[string]string{
		"link-inside":    "a.txt",
		"link-outside":   "../outside/o.txt",
		"link-outside-2": filepath.Join(dir, "outside", "o.txt"),
		"link-dir":       "sub",
		"link-parent":    "..",
		"loop":           "loop",
		"dangling":       "nowhere",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dump, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dump, "fifo"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := walkFiles(t, t.Context(), dump)
	if err != nil {
		t.Fatal(err)
	}
	d := filepath.ToSlash(dump)
	checkLines(t, "files", got.files, []string{
		d + "/a.txt (1)",
		d + "/link-outside (3)", // followed once: its target is outside the roots
		d + "/sub/x.txt (2)",
	})
	checkLines(t, "skipped", got.skipped, []string{
		d + "/dangling: broken symbolic link: no such file or directory",
		d + "/fifo: named pipe (fifo), not scanned",
		d + "/link-dir: symbolic link to a directory, not followed",
		d + "/link-inside: symbolic link to a file scanned under its own path",
		d + "/link-outside-2: symbolic link to a file already scanned through another link",
		d + "/link-parent: symbolic link to a directory, not followed",
		d + "/loop: broken symbolic link: symbolic link loop",
	})
}

func TestFilesRootLinkIsFollowed(t *testing.T) {
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{"real/a.txt": "a"})
	if err := os.Symlink(filepath.Join(dir, "real"), filepath.Join(dir, "named")); err != nil {
		t.Fatal(err)
	}
	got, err := walkFiles(t, t.Context(), filepath.Join(dir, "named"))
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, "files", got.files, []string{filepath.ToSlash(dir) + "/named/a.txt (1)"})
}

func TestFilesUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which reads every directory: run the tests as another user to cover this")
	}
	dir := t.TempDir()
	makeTree(t, dir, map[string]string{"dump/closed/secret.txt": "s", "dump/open.txt": "o"})
	closed := filepath.Join(dir, "dump", "closed")
	if err := os.Chmod(closed, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(closed, 0o755) })
	got, err := walkFiles(t, t.Context(), filepath.Join(dir, "dump"))
	if err != nil {
		t.Fatal(err)
	}
	d := filepath.ToSlash(filepath.Join(dir, "dump"))
	checkLines(t, "files", got.files, []string{d + "/open.txt (1)"})
	checkLines(t, "skipped", got.skipped, []string{d + "/closed: unreadable directory: permission denied"})
}

func TestFilesSpecialRoot(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := walkFiles(t, t.Context(), fifo)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, "skipped", got.skipped, []string{filepath.ToSlash(fifo) + ": named pipe (fifo), not scanned"})
}
