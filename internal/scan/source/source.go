// Package source finds what the scanner reads: the regular files under the
// roots (Files), the members of archives nested in them (Walk over zip,
// tar, gzip, bzip2 and 7z), and random access for the formats that need
// it (Spool).
//
// Everything here treats its input as hostile. Archive members are read
// through limits that stop bombs (expanded size, expansion ratio, nesting
// depth, member count); member names are labels for the report and never
// touch the file system; nothing is ever extracted to disk except a spooled
// copy in a private temporary file. No error or skip reason holds content:
// reasons name what went wrong and, at most, a count or a position.
package source

import (
	"context"
	"errors"
	"io/fs"
	"syscall"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// Member is one file inside an archive.
type Member struct {
	// Name is the name as stored, cleaned for display: forward slashes,
	// no leading "/", valid UTF-8 without control characters. "../"
	// segments are kept literally, so that a reviewer sees them; the name
	// is never used as a path.
	Name string
	Size int64 // uncompressed size if known, else -1
}

var (
	// ErrBomb is wrapped by every error that stops reading because a
	// limit against archive bombs was reached: expanded size, expansion
	// ratio, nesting depth, member count, members sharing their data.
	ErrBomb = errors.New("archive bomb")
	// ErrEncrypted is wrapped by the error Walk returns for an archive
	// whose directory is encrypted, so that not even its member names
	// can be read. Encrypted members of a readable archive are reported
	// through skip instead.
	ErrEncrypted = errors.New("encrypted archive")
)

// reasonError is an error whose message is a reason for the report's
// skipped list: it says why, never what the content was.
type reasonError struct {
	reason string
	kind   error // ErrBomb or ErrEncrypted
	// reported is set on the errors a member's reader returns when a
	// bomb limit stops it: the Walk that owns the reader reports the
	// member through skip itself.
	reported bool
}

func (e *reasonError) Error() string { return e.reason }
func (e *reasonError) Unwrap() error { return e.kind }

func bombError(reason string) error { return &reasonError{reason: reason, kind: ErrBomb} }

// Reported reports whether err (or an error it wraps) stopped the reading
// of an archive member and has been, or will be when fn returns, reported
// by Walk through its skip callback: a caller should not report it again.
// An error Walk returns about its own archive is never Reported; one it
// passes on from an enclosing archive's reader keeps its mark.
func Reported(err error) bool {
	var r *reasonError
	return errors.As(err, &r) && r.reported
}

// Reason is the reason for the report's skipped list that err gives: the
// reason of a *extract.Damaged or of a limit, or a short description of a
// file system error. It never holds content, nor the path (the report
// shows the path next to it).
func Reason(err error) string {
	var d *extract.Damaged
	var r *reasonError
	switch {
	case errors.As(err, &d):
		return d.Reason
	case errors.As(err, &r):
		return r.reason
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "scan stopped"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or directory"
	case errors.Is(err, syscall.ELOOP):
		return "symbolic link loop"
	}
	var errno syscall.Errno // its text is fixed by the system, no content
	if errors.As(err, &errno) {
		return errno.Error()
	}
	return "read error"
}

// damaged returns a *extract.Damaged with the reason.
func damaged(reason string) error { return &extract.Damaged{Reason: reason} }

// passesThrough reports whether err comes from further up (a reader this
// package handed out for an enclosing archive, or the context) and must be
// returned as it is rather than taken for damage of the archive at hand.
func passesThrough(err error) bool {
	var d *extract.Damaged
	var r *reasonError
	return errors.As(err, &d) || errors.As(err, &r) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
