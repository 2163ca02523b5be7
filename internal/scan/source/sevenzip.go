package source

import (
	"errors"
	"io"

	"github.com/bodgit/sevenzip"
)

// errNoPassword is what 7-Zip's AES decoder gives in this program. The
// scanner has no passwords, and the library, asked to decrypt without one,
// would hand out noise (or fail somewhere in the decompressor behind it);
// refusing at the decoder is the one reliable sign of an encrypted 7z.
var errNoPassword = errors.New("7z: encrypted")

// sevenZipAES is the 7z method ID of AES-256 + SHA-256 (7-Zip's
// DOC/Methods.txt).
const sevenZipAES = "\x06\xf1\x07\x01"

func init() {
	// The registry is the library's and process-wide: breachdesk never
	// decrypts anything, so nothing else can miss the real decoder.
	sevenzip.RegisterDecompressor([]byte(sevenZipAES), refuseEncrypted)
}

func refuseEncrypted([]byte, uint64, []io.ReadCloser) (io.ReadCloser, error) {
	return nil, errNoPassword
}

const (
	reasonSevenZipEncrypted = "encrypted (7z), not scanned"
	reasonAfterBroken       = "not scanned: follows a member that could not be read to its end in a solid 7z block"
)

// walkSevenZip hands each file of a 7z archive to fn, in the order of its
// directory. The library reads untrusted headers and runs a dozen
// decompressors on untrusted data; a panic in it is taken for a corrupt
// archive rather than allowed to end the scan.
func (a *archive) walkSevenZip(r io.Reader) error {
	ra, cleanup, err := Spool(r, -1, a.lim)
	if err != nil {
		return err
	}
	defer cleanup()
	zr, err := openSevenZip(ra, ra.Size())
	if err != nil {
		return err
	}
	a.damage = sevenZipDamage
	w := &sevenZipWalk{archive: a, buf: make([]byte, 64<<10), broken: map[int]bool{}}
	for i, f := range zr.File {
		sameStreamNext := i+1 < len(zr.File) && zr.File[i+1].Stream == f.Stream
		if err := w.member(f, sameStreamNext); err != nil {
			return err
		}
	}
	return nil
}

func openSevenZip(ra io.ReaderAt, size int64) (zr *sevenzip.Reader, err error) {
	defer func() {
		if recover() != nil {
			zr, err = nil, damaged("corrupt 7z: not a valid 7z archive")
		}
	}()
	zr, err = sevenzip.NewReader(ra, size)
	switch {
	case err == nil:
		return zr, nil
	case errors.Is(err, errNoPassword):
		return nil, &reasonError{reason: reasonSevenZipEncrypted, kind: ErrEncrypted}
	case passesThrough(err):
		return nil, err
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, damaged("corrupt 7z: truncated")
	}
	return nil, damaged("corrupt 7z: not a valid 7z archive")
}

// sevenZipWalk is the state of one walk through a 7z archive.
type sevenZipWalk struct {
	*archive
	buf []byte
	// broken holds the solid blocks (streams) with a member that could
	// not be read to its end. The library reaches a member of a solid
	// block by decompressing everything before it, out of sight of the
	// limits: after a bomb, the rest of its block is left alone.
	broken map[int]bool
}

// member hands one file to fn. When the next file lies in the same solid
// block, the rest of this one is read (through the limits) before it is
// closed, so that the library carries on from there instead of
// decompressing the block again from its start.
func (w *sevenZipWalk) member(f *sevenzip.File, sameStreamNext bool) error {
	if f.FileInfo().IsDir() {
		return nil
	}
	name := cleanName(f.Name)
	if w.broken[f.Stream] {
		w.skip(name, reasonAfterBroken)
		return nil
	}
	rc, err := openSevenZipMember(f)
	if err != nil {
		w.skip(name, sevenZipMemberReason(err))
		return nil
	}
	defer rc.Close()
	drained := !sameStreamNext
	err = w.visitThen(Member{Name: name, Size: int64(f.UncompressedSize)}, &recoveringReader{r: rc}, nil,
		func(mr *memberReader) error {
			if err := mr.drain(w.ctx, w.buf); err != nil {
				return err
			}
			drained = true
			return nil
		})
	if !drained {
		w.broken[f.Stream] = true
	}
	return err
}

func openSevenZipMember(f *sevenzip.File) (rc io.ReadCloser, err error) {
	defer func() {
		if recover() != nil {
			rc, err = nil, damaged("corrupt 7z member: decoder failure")
		}
	}()
	return f.Open()
}

func sevenZipMemberReason(err error) string {
	switch {
	case errors.Is(err, errNoPassword):
		return reasonSevenZipEncrypted
	case passesThrough(err):
		return Reason(err)
	}
	return "corrupt 7z member: cannot be opened"
}

func sevenZipDamage(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return damaged("corrupt 7z member: truncated data")
	case errors.Is(err, errDecoderFailure):
		return damaged("corrupt 7z member: decoder failure")
	}
	return damaged("corrupt 7z member: invalid compressed data")
}

// errDecoderFailure is a panic in the library's decoders, caught.
var errDecoderFailure = errors.New("7z: decoder failure")

// recoveringReader turns a panic of the reader under it into an error.
type recoveringReader struct{ r io.Reader }

func (r *recoveringReader) Read(p []byte) (n int, err error) {
	defer func() {
		if recover() != nil {
			n, err = 0, errDecoderFailure
		}
	}()
	return r.r.Read(p)
}
