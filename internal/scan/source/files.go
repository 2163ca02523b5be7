package source

import (
	"cmp"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Files walks the roots (files and directories, recursively) and calls fn
// for each regular file with its path and size, in a stable order: roots in
// the order given, inside a root in lexical order of the paths. A path is
// the root as the user gave it (trailing slashes dropped) joined with the
// path inside it, with forward slashes on every OS so that reports look the
// same everywhere; os.Open accepts it everywhere too.
//
// Symbolic links: a root is followed wherever it points (the user named
// it). Inside the tree, a link to a directory is not followed, so no link
// can lead the walk in circles; a link to a regular file is followed, once:
// not when its target lies inside a root (the file is scanned under its own
// path), and not when another link to the same target was followed before.
// Hard links are not detected: a file with two names in the tree is scanned
// twice.
//
// What cannot be scanned is passed to skip (which may be nil) with the
// reason, and the walk goes on: unreadable directories, broken links and
// links to directories, special files (devices, sockets, fifos). Files
// does not open the files, which would cost a system call per file on a
// dump of millions; fn's side reports a file it cannot open (Reason words
// it). An error from fn stops the walk and is returned; so is ctx.Err().
func Files(ctx context.Context, roots []string, fn func(path string, size int64) error, skip func(path, reason string)) error {
	if skip == nil {
		skip = func(string, string) {}
	}
	w := &walker{ctx: ctx, fn: fn, skip: skip, realRoots: realPaths(roots), followed: map[string]bool{}}
	for _, root := range roots {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.root(root); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// TotalSize is the sum of the sizes of the files Files would hand to fn,
// for a progress display's ETA. On a large tree, run it next to the scan
// rather than before it.
func TotalSize(ctx context.Context, roots []string) (int64, error) {
	var total int64
	err := Files(ctx, roots, func(_ string, size int64) error {
		total += size
		return nil
	}, nil)
	return total, err
}

// walker is one walk of Files.
type walker struct {
	ctx       context.Context
	fn        func(path string, size int64) error
	skip      func(path, reason string)
	realRoots []string        // absolute, links resolved: what is inside them is walked anyway
	followed  map[string]bool // real paths of link targets outside the roots, already handed to fn
}

func (w *walker) root(root string) error {
	display := rootDisplay(root)
	info, err := os.Stat(root)
	switch {
	case err != nil:
		w.skip(display, Reason(err))
	case info.IsDir():
		return w.dir(display)
	case info.Mode().IsRegular():
		return w.fn(display, info.Size())
	default:
		w.skip(display, specialReason(info.Mode()))
	}
	return nil
}

// dir walks the directory at display path p.
func (w *walker) dir(p string) error {
	entries, err := os.ReadDir(filepath.FromSlash(p))
	if err != nil {
		w.skip(p, "unreadable directory: "+Reason(err))
		// the entries read before the error are still walked
	}
	for _, e := range inPathOrder(entries) {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		if err := w.entry(joinDisplay(p, e.Name()), e); err != nil {
			return err
		}
	}
	return nil
}

func (w *walker) entry(p string, e fs.DirEntry) error {
	switch t := e.Type(); {
	case t.IsDir():
		return w.dir(p)
	case t&fs.ModeSymlink != 0:
		return w.symlink(p)
	case t.IsRegular():
		info, err := e.Info()
		if err != nil {
			w.skip(p, Reason(err)) // removed or replaced since the directory was read
			return nil
		}
		return w.fn(p, info.Size())
	default:
		w.skip(p, specialReason(t))
		return nil
	}
}

// symlink handles a symbolic link found inside a root.
func (w *walker) symlink(p string) error {
	fsPath := filepath.FromSlash(p)
	info, err := os.Stat(fsPath)
	switch {
	case err != nil:
		w.skip(p, "broken symbolic link: "+Reason(err))
	case info.IsDir():
		w.skip(p, "symbolic link to a directory, not followed")
	case !info.Mode().IsRegular():
		w.skip(p, specialReason(info.Mode()))
	default:
		return w.linkedFile(p, fsPath, info.Size())
	}
	return nil
}

// linkedFile follows a link to a regular file, unless its target is
// scanned anyway.
func (w *walker) linkedFile(p, fsPath string, size int64) error {
	target := realPath(fsPath)
	switch {
	case target == "":
		w.skip(p, "broken symbolic link")
	case w.insideRoots(target):
		w.skip(p, "symbolic link to a file scanned under its own path")
	case w.followed[target]:
		w.skip(p, "symbolic link to a file already scanned through another link")
	default:
		w.followed[target] = true
		return w.fn(p, size)
	}
	return nil
}

func (w *walker) insideRoots(target string) bool {
	for _, root := range w.realRoots {
		if target == root || strings.HasPrefix(target, strings.TrimSuffix(root, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// realPaths resolves the roots that exist.
func realPaths(roots []string) []string {
	var real []string
	for _, root := range roots {
		if r := realPath(root); r != "" {
			real = append(real, r)
		}
	}
	return real
}

// realPath is p made absolute with every link resolved, or "" if that
// cannot be done.
func realPath(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return ""
	}
	return real
}

// inPathOrder sorts a directory's entries so that the paths come out in
// lexical order: a directory sorts as its name with a slash, so that "a.txt"
// ('.' < '/') comes before "a/b", as the full paths do.
func inPathOrder(entries []fs.DirEntry) []fs.DirEntry {
	slices.SortFunc(entries, func(a, b fs.DirEntry) int {
		return comparePathNames(a.Name(), a.IsDir(), b.Name(), b.IsDir())
	})
	return entries
}

// comparePathNames compares two names of one directory as their paths
// compare: a directory's name as if followed by a slash.
func comparePathNames(a string, aDir bool, b string, bDir bool) int {
	n := min(len(a), len(b))
	if c := strings.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	return cmp.Compare(byteAfter(a, n, aDir), byteAfter(b, n, bDir))
}

// byteAfter is the byte at n of name, or of name+"/" for a directory; -1
// past the end. Names hold no slash, so two names differ there.
func byteAfter(name string, n int, dir bool) int {
	switch {
	case n < len(name):
		return int(name[n])
	case dir && n == len(name):
		return '/'
	}
	return -1
}

// rootDisplay is a root as the user gave it, with forward slashes and
// without trailing ones ("/" and "C:/" stay as they are).
func rootDisplay(root string) string {
	p := filepath.ToSlash(root)
	for len(p) > 1 && strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ":/") {
		p = p[:len(p)-1]
	}
	return p
}

func joinDisplay(dir, name string) string {
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

func specialReason(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe (fifo), not scanned"
	case mode&fs.ModeSocket != 0:
		return "socket, not scanned"
	case mode&fs.ModeDevice != 0:
		return "device file, not scanned"
	}
	return "not a regular file, not scanned"
}
