package source

import (
	"bufio"
	"compress/bzip2"
	"errors"
	"io"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// formatBzip2 is a bzip2-compressed file (.bz2, .tar.bz2).
const formatBzip2 = extract.Bzip2

var bzip2Suffixes = []suffixRule{
	{".tbz2", ".tar"}, {".tbz", ".tar"}, {".tb2", ".tar"}, {".bz2", ""}, {".bz", ""},
}

// walkBzip2 hands the one file a bzip2 stream holds to fn; concatenated
// streams are one file, as bzip2(1) reads them.
func (a *archive) walkBzip2(r io.Reader, name string) error {
	src := &countingReader{r: r}
	br := bufio.NewReaderSize(src, compressedBuffer)
	a.damage, a.stream = bzip2Damage, true
	member := Member{Name: singleMemberName(name, "", bzip2Suffixes), Size: -1}
	packed := func() int64 { return src.n - int64(br.Buffered()) }
	return a.visit(member, bzip2.NewReader(br), packed)
}

func bzip2Damage(err error) error {
	var structural bzip2.StructuralError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return damaged("truncated bzip2 stream")
	case errors.As(err, &structural):
		return damaged("corrupt bzip2 stream")
	}
	return damaged("corrupt bzip2: " + Reason(err))
}
