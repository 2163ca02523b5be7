package extract

// Text decoding. Leaks come in whatever encoding the breached system
// wrote: UTF-8 with or without a BOM, UTF-16 from Windows exports, GBK from
// Chinese systems, Windows-1252 from old European ones. Every text
// extractor reads its file through Decode, so the detectors always see
// UTF-8; valid UTF-8, by far the most common case, passes through untouched.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/transform"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0, 0}
	bomUTF32BE = []byte{0, 0, 0xFE, 0xFF}
)

// Decode returns a reader of r's text as UTF-8, and the name of the
// encoding it decided on (for diagnostics). head is a sample of r's first
// bytes (Peek them; r must still be at its start). UTF-8 without a BOM is
// returned as r itself.
func Decode(r io.Reader, head []byte) (io.Reader, string) {
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = io.ReadFull(r, make([]byte, len(bomUTF8)))
		return r, "utf-8"
	case bytes.HasPrefix(head, bomUTF32LE):
		return decodeWith(r, utf32.UTF32(utf32.LittleEndian, utf32.ExpectBOM)), "utf-32le"
	case bytes.HasPrefix(head, bomUTF32BE):
		return decodeWith(r, utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM)), "utf-32be"
	case bytes.HasPrefix(head, bomUTF16LE):
		return decodeWith(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)), "utf-16le"
	case bytes.HasPrefix(head, bomUTF16BE):
		return decodeWith(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)), "utf-16be"
	}
	switch utf16Order(head) {
	case littleEndian:
		return decodeWith(r, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)), "utf-16le"
	case bigEndian:
		return decodeWith(r, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)), "utf-16be"
	}
	if validUTF8Prefix(head) {
		return r, "utf-8"
	}
	if looksGBK(head) {
		return decodeWith(r, simplifiedchinese.GB18030), "gb18030"
	}
	return decodeWith(r, charmap.Windows1252), "windows-1252"
}

func decodeWith(r io.Reader, e encoding.Encoding) io.Reader {
	return transform.NewReader(r, e.NewDecoder())
}

// validUTF8Prefix reports whether head is valid UTF-8, allowing the
// sample to end in the middle of a character.
func validUTF8Prefix(head []byte) bool {
	if utf8.Valid(head) {
		return true
	}
	for cut := 1; cut < utf8.UTFMax && cut <= len(head); cut++ {
		tail := head[len(head)-cut:]
		if utf8.RuneStart(tail[0]) {
			return !utf8.FullRune(tail) && utf8.Valid(head[:len(head)-cut])
		}
	}
	return false
}

type byteOrder int

const (
	notUTF16 byteOrder = iota
	littleEndian
	bigEndian
)

// utf16Order recognizes UTF-16 without a BOM by its zero bytes: Latin
// text in UTF-16 has a zero in every other byte, on the odd side in
// little-endian and on the even side in big-endian.
func utf16Order(head []byte) byteOrder {
	head = head[:min(len(head), 4096)]
	pairs := len(head) / 2
	if pairs < 2 {
		return notUTF16
	}
	evenZeros, oddZeros := 0, 0
	for i := 0; i+1 < len(head); i += 2 {
		if head[i] == 0 {
			evenZeros++
		}
		if head[i+1] == 0 {
			oddZeros++
		}
	}
	mostly := func(n int) bool { return n*10 >= pairs*4 }
	rarely := func(n int) bool { return n*20 <= pairs }
	switch {
	case mostly(oddZeros) && rarely(evenZeros):
		return littleEndian
	case mostly(evenZeros) && rarely(oddZeros):
		return bigEndian
	}
	return notUTF16
}

// looksGBK tells GBK/GB18030 from Windows-1252 in a sample that is not
// UTF-8. Chinese text is made of pairs of high bytes, while Western 8-bit
// text has single high bytes between ASCII letters ("M\xfcller"); since
// GBK's trail bytes include ASCII letters, only pairs of two high bytes
// count as evidence.
func looksGBK(head []byte) bool {
	highPairs, high := 0, 0
	for i := 0; i < len(head); i++ {
		c := head[i]
		if c < 0x80 {
			continue
		}
		high++
		if c == 0x80 || c == 0xFF || i+1 >= len(head) {
			continue
		}
		next := head[i+1]
		switch {
		case next >= 0x80 && next != 0xFF:
			highPairs++
			high++
			i++
		case next >= 0x40 && next <= 0x7E:
			i++ // a GBK pair with an ASCII trail: no evidence either way
		case next >= '0' && next <= '9' && i+3 < len(head) && head[i+2] >= 0x81 && head[i+3] >= '0' && head[i+3] <= '9':
			highPairs += 2 // a GB18030 four-byte sequence
			high++
			i += 3
		}
	}
	return highPairs > 0 && highPairs*2*10 >= high*8
}

// decodeStream is how the document extractors open their file: it peeks
// at the head, decides the encoding and returns a reader of UTF-8 text.
func decodeStream(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, SniffSize)
	head, err := br.Peek(SniffSize)
	if err != nil && len(head) == 0 && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err // what was read before an error is decoded; the error comes after it
	}
	dec, _ := Decode(br, head)
	return dec, nil
}

// The window sizes: extractors start small so that a dump of millions of
// small files does not allocate a megabyte per file, and grow to
// streamBufSize for throughput on large ones.
const (
	initialBufSize = 64 << 10
	streamBufSize  = 1 << 20
)

// window is a sliding view of a decoded text stream that the text
// extractors parse in place: buf[pos:end] is read but not yet consumed.
// It grows only as far as limit, so that one huge row cannot exhaust
// memory.
type window struct {
	r        io.Reader
	buf      []byte
	pos, end int
	limit    int
	eof      bool
	err      error // the first read error other than io.EOF
	full     bool  // the last more failed because limit was reached
	base     int64 // the stream offset of buf[0]
	lines    int64 // newlines before buf[counted]
	counted  int
	// uncounted says nobody asks for line numbers (the CSV parser counts
	// rows), so that sliding need not count the newlines it passes.
	uncounted bool
}

// openWindow opens a raw file as decoded UTF-8 text and reads its first
// bytes, so that the caller can sniff them in w.avail().
func openWindow(r io.Reader, limit int) (*window, error) {
	dec, err := decodeStream(r)
	if err != nil {
		return nil, err
	}
	w := &window{r: dec, buf: make([]byte, initialBufSize), limit: max(limit, initialBufSize)}
	w.more()
	if w.end == 0 && w.err != nil {
		return nil, w.err
	}
	// Text read before an error is parsed; the parser reports the error
	// when it reaches it.
	return w, nil
}

// peek returns the next byte, or 0 when none is buffered.
func (w *window) peek() byte {
	if w.pos < w.end {
		return w.buf[w.pos]
	}
	return 0
}

// avail is the text read but not yet consumed.
func (w *window) avail() []byte { return w.buf[w.pos:w.end] }

// more reads more text, keeping buf[pos:end]. It reports false when
// nothing could be added: at the end of the stream, on a read error (in
// w.err), or when the window is full at its limit (w.full).
func (w *window) more() bool {
	if w.eof || w.err != nil {
		return false
	}
	w.slide()
	if w.end == len(w.buf) || len(w.buf) < streamBufSize {
		if !w.grow() && w.end == len(w.buf) {
			w.full = true
			return false
		}
	}
	before := w.end
	for zeroReads := 0; w.end < len(w.buf); {
		n, err := w.r.Read(w.buf[w.end:])
		w.end += n
		if err == io.EOF {
			w.eof = true
			break
		}
		if err != nil {
			w.err = err
			break
		}
		if n == 0 {
			if zeroReads++; zeroReads > 100 {
				w.err = io.ErrNoProgress
				break
			}
		}
	}
	return w.end > before
}

// slide moves the unconsumed text to the start of the buffer.
func (w *window) slide() {
	if w.pos == 0 {
		return
	}
	w.countLines()
	copy(w.buf, w.buf[w.pos:w.end])
	w.base += int64(w.pos)
	w.end -= w.pos
	w.counted -= w.pos
	w.pos = 0
}

// grow doubles the buffer, up to the limit.
func (w *window) grow() bool {
	if len(w.buf) >= w.limit {
		return false
	}
	bigger := make([]byte, min(2*len(w.buf), w.limit))
	copy(bigger, w.buf[:w.end])
	w.buf = bigger
	return true
}

// ensure makes at least n bytes available unless the stream ends first.
func (w *window) ensure(n int) bool {
	for w.end-w.pos < n {
		if !w.more() {
			return false
		}
	}
	return true
}

// countLines counts the newlines consumed since the last count.
func (w *window) countLines() {
	if w.uncounted {
		w.counted = w.pos
		return
	}
	if w.pos > w.counted {
		w.lines += int64(bytes.Count(w.buf[w.counted:w.pos], []byte{'\n'}))
		w.counted = w.pos
	}
}

// rewind moves back to buf[to] (to <= pos), uncounting its newlines.
func (w *window) rewind(to int) {
	if to < w.counted {
		w.lines -= int64(bytes.Count(w.buf[to:w.counted], []byte{'\n'}))
		w.counted = to
	}
	w.pos = to
}

// bytesWindow is a window over text already in memory.
func bytesWindow(text []byte) *window {
	return &window{buf: text, end: len(text), limit: len(text), eof: true}
}

// line is the 1-based line number of buf[pos].
func (w *window) line() int64 {
	w.countLines()
	return w.lines + 1
}
