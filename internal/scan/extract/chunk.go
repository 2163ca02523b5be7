package extract

// Chunking. Documents reach the Sink as text chunks of at most MaxChunk
// bytes. A value cut in two at a chunk boundary would be lost to the
// detectors, so chunks end at a line break, or else at a space, whenever
// one lies near the end.

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// cutLookback is how far back from the end of a full chunk a cut point
// (newline or whitespace) is searched.
const cutLookback = 4 << 10

// Chunks reads r and hands its text to emit in chunks of at most max
// bytes, cut after the last newline (or else the last whitespace) within
// the last 4 KiB of a full chunk, and never inside a UTF-8 character. The
// chunk passed to emit is valid only during the call; one buffer is
// reused. An error from emit stops Chunks and is returned.
func Chunks(r io.Reader, max int, emit func([]byte) error) error {
	c := newChunker(max, emit)
	for {
		n, err := r.Read(c.buf[c.n:])
		c.n += n
		if cerr := c.full(); cerr != nil {
			return cerr
		}
		if err == io.EOF {
			return c.Flush()
		}
		if err != nil {
			return err
		}
	}
}

// chunker collects text written to it and emits it in cut chunks. The
// document extractors that produce text piece by piece (HTML, JSON
// scalars) write into one; Chunks reads into its buffer directly. Its
// buffer starts small, so that a small document does not cost a
// megabyte, and grows to the chunk size.
type chunker struct {
	buf  []byte
	n    int
	size int // the largest chunk
	emit func([]byte) error
}

// initialChunkBuf is the buffer a chunker starts with.
const initialChunkBuf = 64 << 10

func newChunker(size int, emit func([]byte) error) *chunker {
	size = max(size, 1)
	return &chunker{buf: make([]byte, min(size, initialChunkBuf)), size: size, emit: emit}
}

// full handles a full buffer: it grows while it is smaller than a chunk,
// and then emits a chunk.
func (c *chunker) full() error {
	if c.n < len(c.buf) {
		return nil
	}
	if len(c.buf) < c.size {
		bigger := make([]byte, min(2*len(c.buf), c.size))
		copy(bigger, c.buf[:c.n])
		c.buf = bigger
		return nil
	}
	return c.cut()
}

// Write adds p to the pending text, emitting every chunk that fills up.
func (c *chunker) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		k := copy(c.buf[c.n:], p)
		c.n += k
		p = p[k:]
		written += k
		if err := c.full(); err != nil {
			return written, err
		}
	}
	return written, nil
}

// WriteByte adds one byte (a separator) to the pending text.
func (c *chunker) WriteByte(b byte) error {
	c.buf[c.n] = b
	c.n++
	return c.full()
}

// WriteString is Write for strings (separators, labels).
func (c *chunker) WriteString(s string) (int, error) {
	return c.Write([]byte(s))
}

// Flush emits the pending text, if any.
func (c *chunker) Flush() error {
	if c.n == 0 {
		return nil
	}
	n := c.n
	c.n = 0
	return c.emit(c.buf[:n])
}

// cut emits the full buffer up to its best cut point and keeps the rest.
func (c *chunker) cut() error {
	k := cutPoint(c.buf[:c.n])
	if err := c.emit(c.buf[:k]); err != nil {
		return err
	}
	c.n = copy(c.buf, c.buf[k:c.n])
	return nil
}

// cutPoint says where to end a chunk of b: after the last newline in its
// last 4 KiB, or else after the last whitespace there that is not inside
// a number ("+49 151 2345 6789", "DE89 3704 0044"), or else after the
// last whitespace there, or else before a character cut in two at the
// end.
func cutPoint(b []byte) int {
	tail := max(0, len(b)-cutLookback)
	if i := bytes.LastIndexByte(b[tail:], '\n'); i >= 0 {
		return tail + i + 1
	}
	last := -1
	for i := len(b) - 1; i >= tail; i-- {
		if !isCutSpace(b[i]) {
			continue
		}
		if last < 0 {
			last = i
		}
		if (i+1 == len(b) || !isDigitByte(b[i+1])) && (i == 0 || !isDigitByte(b[i-1])) {
			return i + 1
		}
	}
	if last >= 0 {
		return last + 1
	}
	start := len(b) - 1
	for start > 0 && start > len(b)-utf8.UTFMax && !utf8.RuneStart(b[start]) {
		start--
	}
	if start > 0 && !utf8.FullRune(b[start:]) {
		return start
	}
	return len(b)
}

func isCutSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }
