package source

import (
	"context"
	"errors"
	"io"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// Walk iterates the members of the archive in r of the given format
// (extract.Zip, extract.Tar, extract.Gzip, extract.SevenZip; also "bzip2"
// until extract names it) and hands each regular file to fn with a reader
// of its content. name is the archive's file name; it names the single
// member of a gzip or bzip2 file ("users.csv.gz" holds "users.csv",
// "backup.tgz" holds "backup.tar"). Nested archives are not opened here:
// the caller recognises them and calls Walk again with depth+1 (a
// top-level archive is depth 0; deeper than lim.MaxDepth is refused). Zip
// and 7z need random access: r is used in place if it is an
// extract.RandomAccess, else spooled (see Spool). Pass the Limits that
// ForFile returned for the top-level file, at every depth, so that one
// expansion budget spans all archives nested in it.
//
// Reading a member stops with an error when a limit is reached: the error
// wraps ErrBomb, Walk reports the member through skip ("zip bomb: expanded
// size over limit", "expansion ratio 1:12000 over 1:1000 — not scanned
// further") and goes on with the next member; such an error is Reported,
// so the caller does not report it again. A member that cannot be read to
// its end gives a *extract.Damaged read error, for the caller to report.
// Members never handed to fn (encrypted, an unsupported compression
// method, a corrupt local header, a declared bomb) are reported through
// skip.
//
// fn returns nil to go on. It may also return a *extract.Damaged or an
// error wrapping ErrBomb or ErrEncrypted that it got for the member (from
// an extractor or a nested Walk): Walk then reports it through skip,
// unless it is Reported, and goes on. Any other error (the context's)
// stops Walk, which returns it.
//
// Walk returns nil when the archive was read to its end. Otherwise it
// returns ctx.Err(), fn's error, an error that reading r gave (an
// enclosing archive's damage or bomb, passed on as it is), or an error
// whose message is the reason for the report: a *extract.Damaged for a
// corrupt or truncated archive (the members before count), an error
// wrapping ErrBomb (nested too deep, too many members, members sharing
// their data, the file's expansion budget spent) or one wrapping
// ErrEncrypted (a 7z archive with an encrypted directory).
func Walk(ctx context.Context, format extract.Format, r io.Reader, name string, lim Limits, depth int,
	fn func(m Member, r io.Reader) error, skip func(name, reason string)) error {
	lim = lim.withDefaults()
	if depth > lim.MaxDepth {
		return bombError(depthReason(lim.MaxDepth))
	}
	if lim.budget == nil {
		lim.budget = newBudget(lim, sizeOf(r))
	}
	if skip == nil {
		skip = func(string, string) {}
	}
	a := &archive{ctx: ctx, lim: lim, fn: fn, skip: skip}
	switch format {
	case extract.Zip:
		return a.walkZip(r)
	case extract.Tar:
		return a.walkTar(r)
	case extract.Gzip:
		return a.walkGzip(r, name)
	case formatBzip2:
		return a.walkBzip2(r, name)
	case extract.SevenZip:
		return a.walkSevenZip(r)
	}
	return errors.New("source: " + string(format) + " is not an archive format")
}

// sizeOf is r's size if r knows it, else -1.
func sizeOf(r io.Reader) int64 {
	if ra, ok := r.(extract.RandomAccess); ok {
		return ra.Size()
	}
	return -1
}

// archive is one Walk: the state its formats share.
type archive struct {
	ctx     context.Context
	lim     Limits
	fn      func(Member, io.Reader) error
	skip    func(name, reason string)
	members int
	// damage turns an error of this format's reader into the
	// *extract.Damaged that readers of a member get.
	damage func(error) error
	// stream is set for formats read front to back (tar, gzip, bzip2):
	// there, a damaged member ends the archive.
	stream bool
}

// visit hands one member to fn through a reader that enforces the limits
// and decides, from what happened while fn read it, whether Walk goes on
// (nil) or stops (the error to return). packed reports how many compressed
// bytes lie behind what was read so far; nil when that is not known.
func (a *archive) visit(m Member, r io.Reader, packed func() int64) error {
	return a.visitThen(m, r, packed, nil)
}

// visitThen is visit with a last step: then (if not nil) runs on the
// member's reader after fn, unless fn stopped the walk or the reader failed.
func (a *archive) visitThen(m Member, r io.Reader, packed func() int64, then func(*memberReader) error) error {
	if err := a.ctx.Err(); err != nil {
		return err
	}
	if err := a.budgetLeft(); err != nil {
		return err
	}
	a.members++
	if a.members > a.lim.MaxMembers {
		return bombError(membersReason(a.lim.MaxMembers))
	}
	mr := &memberReader{r: r, lim: &a.lim, packed: packed, damage: a.damage}
	err := a.fn(m, mr)
	if then != nil && mr.err == nil && (err == nil || isReason(err)) {
		if thenErr := then(mr); thenErr != nil && mr.err == nil {
			err = thenErr // the context's: mr's own failures are in mr
		}
	}
	return a.after(m, mr, err)
}

// after decides how Walk goes on once fn has read member m through mr and
// returned fnErr.
func (a *archive) after(m Member, mr *memberReader, fnErr error) error {
	switch {
	case mr.bomb != nil:
		a.skip(m.Name, mr.bomb.reason)
		return a.budgetLeft()
	case mr.upstream != nil:
		return mr.upstream // the enclosing archive's trouble: it decides
	case mr.own != nil && a.stream:
		return mr.own
	case fnErr == nil:
		return nil
	case isReason(fnErr):
		if !Reported(fnErr) {
			a.skip(m.Name, Reason(fnErr))
		}
		return a.budgetLeft()
	}
	return fnErr
}

// isReason reports whether err is one of the errors whose message is a
// reason for the report: damage, a bomb, encryption.
func isReason(err error) bool {
	return extract.IsDamaged(err) || errors.Is(err, ErrBomb) || errors.Is(err, ErrEncrypted)
}

// budgetLeft is nil while the file's expansion budget holds, and the error
// that ends every Walk on the file once it is spent.
func (a *archive) budgetLeft() error {
	if a.lim.budget.exhausted() {
		return bombError(reasonExpandedRest)
	}
	return nil
}

// memberReader is the reader fn gets for a member: it counts what is
// expanded against the limits and sorts the errors of the archive's reader
// into damage of this archive and trouble from further up.
type memberReader struct {
	r      io.Reader
	lim    *Limits
	packed func() int64
	damage func(error) error
	read   int64

	err      error        // sticky: once failed, every Read returns it
	bomb     *reasonError // a limit stopped the member
	own      error        // this archive is damaged: a *extract.Damaged
	upstream error        // from an enclosing archive or the context
}

func (m *memberReader) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.r.Read(p)
	if n > 0 {
		m.read += int64(n)
		if bomb := m.overLimit(n); bomb != nil {
			m.bomb, m.err = bomb, bomb
			return n, bomb
		}
	}
	if err != nil && err != io.EOF {
		m.fail(err)
		return n, m.err
	}
	return n, err
}

// overLimit counts n more bytes and returns the error that stops the
// member when a limit is passed.
func (m *memberReader) overLimit(n int) *reasonError {
	if m.packed != nil && m.read > ratioGrace {
		ratio := float64(m.read) / float64(max(m.packed(), 1))
		if ratio > m.lim.MaxRatio {
			return &reasonError{reason: ratioReason(ratio, m.lim.MaxRatio), kind: ErrBomb, reported: true}
		}
	}
	if !m.lim.budget.add(n) {
		return &reasonError{reason: reasonExpanded, kind: ErrBomb, reported: true}
	}
	return nil
}

func (m *memberReader) fail(err error) {
	if passesThrough(err) {
		m.upstream, m.err = err, err
		return
	}
	m.own = m.damage(err)
	m.err = m.own
}

// drain reads the rest of the member through the limits, for formats
// whose next member can only be reached by reading this one to its end.
func (m *memberReader) drain(ctx context.Context, buf []byte) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		_, err := m.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
