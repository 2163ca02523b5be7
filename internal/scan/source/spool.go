package source

import (
	"bytes"
	"errors"
	"io"
	"os"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// Spool returns r as an extract.RandomAccess, for the formats that must
// seek (zip, 7z, XLSX, DOCX, PDF ...). r itself is returned if it already
// is one (a *bytes.Reader, an *io.SectionReader), a regular *os.File is
// read in place through a section reader; anything else (an archive member)
// is copied: into memory when its size (size, or -1 if unknown) is at most
// lim.SpoolMemory, else into a temporary file in lim.TempDir, created 0600
// and removed by cleanup (at once on systems that allow removing an open
// file, so that nothing is left behind even if the scan is killed).
//
// At most lim.MaxExpanded bytes are copied: beyond, Spool returns an error
// wrapping ErrBomb. Read errors of r are returned as they are. cleanup is
// never nil and must be called once ra is no longer used.
func Spool(r io.Reader, size int64, lim Limits) (ra extract.RandomAccess, cleanup func(), err error) {
	lim = lim.withDefaults()
	if ra, ok := r.(extract.RandomAccess); ok {
		return ra, func() {}, nil
	}
	if f, ok := r.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
			return io.NewSectionReader(f, 0, info.Size()), func() {}, nil
		}
	}
	limited := &io.LimitedReader{R: r, N: lim.MaxExpanded + 1}
	var head []byte
	if size <= lim.SpoolMemory { // -1, unknown, included
		if head, err = readHead(limited, size, lim.SpoolMemory); err != nil {
			return nil, func() {}, err
		}
		if limited.N == 0 {
			return nil, func() {}, bombError(reasonExpanded)
		}
		if int64(len(head)) <= lim.SpoolMemory {
			return bytes.NewReader(head), func() {}, nil
		}
	}
	return spoolToFile(head, limited, lim)
}

// readHead reads r into memory up to limit+1 bytes: all of it if it fits
// in memory, else as much as tells that it does not.
func readHead(r io.Reader, size, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if size >= 0 && size <= limit {
		buf.Grow(int(size) + bytes.MinRead) // room to see EOF without growing
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

// spoolToFile writes head and the rest of r to a private temporary file.
func spoolToFile(head []byte, r *io.LimitedReader, lim Limits) (extract.RandomAccess, func(), error) {
	f, err := os.CreateTemp(lim.TempDir, "breachdesk-spool-*")
	if err != nil {
		return nil, func() {}, errors.New("spool: cannot create a temporary file: " + Reason(err))
	}
	removed := os.Remove(f.Name()) == nil // the open file lives on until closed
	cleanup := func() {
		f.Close()
		if !removed {
			os.Remove(f.Name())
		}
	}
	n, err := copyToFile(f, head, r)
	if err != nil {
		cleanup()
		return nil, func() {}, err
	}
	if r.N == 0 {
		cleanup()
		return nil, func() {}, bombError(reasonExpanded)
	}
	return io.NewSectionReader(f, 0, n), cleanup, nil
}

// copyToFile writes head and then r to f, and returns the bytes written.
// Read errors of r are returned as they are; write errors say so.
func copyToFile(f *os.File, head []byte, r io.Reader) (int64, error) {
	if _, err := f.Write(head); err != nil {
		return 0, errors.New("spool: cannot write the temporary file: " + Reason(err))
	}
	buf := make([]byte, 1<<20)
	n := int64(len(head))
	for {
		m, err := r.Read(buf)
		if m > 0 {
			if _, werr := f.Write(buf[:m]); werr != nil {
				return n, errors.New("spool: cannot write the temporary file: " + Reason(werr))
			}
			n += int64(m)
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}
