package source

import (
	"archive/zip"
	"compress/bzip2"
	"compress/flate"
	"errors"
	"io"
	"strconv"

	kflate "github.com/klauspost/compress/flate"
)

// zipBzip2 is the zip method number of bzip2 compression (APPNOTE 4.4.5).
const zipBzip2 = 12

// walkZip hands each file of a zip archive to fn, in the order of the
// central directory.
func (a *archive) walkZip(r io.Reader) error {
	ra, cleanup, err := Spool(r, -1, a.lim)
	if err != nil {
		return err
	}
	defer cleanup()
	if n, ok := zipEntries(ra, ra.Size()); ok && n > uint64(a.lim.MaxMembers) {
		return bombError("zip with " + strconv.FormatUint(n, 10) + " members, over the limit of " +
			strconv.Itoa(a.lim.MaxMembers) + ": not scanned")
	}
	zr, err := zip.NewReader(ra, ra.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) { // names are only labels here
		return zipOpenError(err)
	}
	zr.RegisterDecompressor(zip.Deflate, kflate.NewReader) // faster than archive/zip's, same errors
	zr.RegisterDecompressor(zipBzip2, func(r io.Reader) io.ReadCloser { return io.NopCloser(bzip2.NewReader(r)) })
	a.damage = zipMemberDamage
	var prev zipSpan
	for _, f := range zr.File {
		if err := a.zipMember(f, &prev); err != nil {
			return err
		}
	}
	return nil
}

// zipSpan is where a member's compressed data lies in the archive.
type zipSpan struct{ start, end int64 }

// zipMember hands one member to fn, or reports why not. prev is the span of
// the member before; a member whose data starts inside it is the mark of a
// zip bomb made of overlapping members (many entries, one piece of data),
// which never occurs in an honest archive.
func (a *archive) zipMember(f *zip.File, prev *zipSpan) error {
	if f.FileInfo().IsDir() {
		return nil
	}
	name := cleanName(f.Name)
	if f.Flags&0x1 != 0 {
		a.skip(name, "encrypted (zip), not scanned")
		return nil
	}
	start, err := f.DataOffset()
	if err != nil {
		a.skip(name, zipMemberReason(err))
		return nil
	}
	if start >= prev.start && start < prev.end {
		return bombError(reasonOverlap)
	}
	*prev = zipSpan{start, start + int64(f.CompressedSize64)}
	// archive/zip reads no more than the header declares, so a declared
	// bomb need not be expanded to be known.
	if ratio := declaredRatio(f); ratio > a.lim.MaxRatio {
		a.skip(name, declaredRatioReason(ratio, a.lim.MaxRatio))
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		a.skip(name, zipOpenMemberReason(f, err))
		return nil
	}
	defer rc.Close()
	packed := int64(f.CompressedSize64)
	return a.visit(Member{Name: name, Size: int64(f.UncompressedSize64)}, rc, func() int64 { return packed })
}

// declaredRatio is the expansion ratio a member's header declares, 0 for a
// member within the grace that every member has.
func declaredRatio(f *zip.File) float64 {
	if f.UncompressedSize64 <= ratioGrace {
		return 0
	}
	return float64(f.UncompressedSize64) / float64(max(f.CompressedSize64, 1))
}

func zipOpenError(err error) error {
	switch {
	case passesThrough(err):
		return err
	case errors.Is(err, zip.ErrFormat):
		return damaged("corrupt zip: not a valid zip file")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return damaged("corrupt zip: truncated")
	}
	return damaged("corrupt zip: " + Reason(err))
}

func zipOpenMemberReason(f *zip.File, err error) string {
	if errors.Is(err, zip.ErrAlgorithm) {
		return "unsupported zip compression method " + strconv.Itoa(int(f.Method)) + ", not scanned"
	}
	return zipMemberReason(err)
}

// zipMemberDamage is the error a reader of a zip member gets when the
// member's data is damaged.
func zipMemberDamage(err error) error { return damaged(zipMemberReason(err)) }

func zipMemberReason(err error) string {
	var corrupt flate.CorruptInputError
	var structural bzip2.StructuralError
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "corrupt zip member: checksum error"
	case errors.Is(err, zip.ErrFormat):
		return "corrupt zip member: invalid header or size"
	case errors.As(err, &corrupt), errors.As(err, &structural):
		return "corrupt zip member: invalid compressed data"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "corrupt zip member: truncated data"
	}
	return "corrupt zip member: " + Reason(err)
}
