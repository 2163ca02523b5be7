package source

import (
	"archive/tar"
	"errors"
	"io"
)

// walkTar hands each regular file of a tar stream to fn, in stream order.
// Directories, links and device entries hold no content of their own and
// are passed over.
func (a *archive) walkTar(r io.Reader) error {
	src := &countingReader{r: r}
	tr := tar.NewReader(src)
	a.damage, a.stream = tarDamage, true
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil && !errors.Is(err, tar.ErrInsecurePath) { // names are only labels here
			if passesThrough(err) {
				return err
			}
			return tarDamage(err)
		}
		if !tarRegular(hdr) {
			continue
		}
		// The bytes read from the stream while the member is read: for a
		// sparse file, a small part of what it expands to.
		start := src.n
		packed := func() int64 { return src.n - start }
		if err := a.visit(Member{Name: cleanName(hdr.Name), Size: hdr.Size}, tr, packed); err != nil {
			return err
		}
	}
}

// tarRegular reports whether the entry holds a file's content: a regular
// file, a sparse one (old GNU style), or a contiguous one.
func tarRegular(hdr *tar.Header) bool {
	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeGNUSparse, tar.TypeCont:
		return true
	}
	return false
}

func tarDamage(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return damaged("truncated tar stream")
	case errors.Is(err, tar.ErrHeader):
		return damaged("corrupt tar: invalid header")
	}
	return damaged("corrupt tar: " + Reason(err))
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
