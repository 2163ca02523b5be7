package extract

// JSON and NDJSON: a hand-written streaming lexer. encoding/json builds
// values and is about five times too slow; this lexer copies only the
// current record's scalars into one reused arena and names them by their
// dotted path, so a 200 MB single-line array streams object by object.
//
// Records: an object of a top-level array (Loc{"object", n}, objects
// counted from 1); a line of NDJSON holding an object (Loc{"line", n},
// the physical line); the object of a file that holds just one
// (Loc{}). The other values at those places (strings, numbers, arrays)
// are free text: a run of them is one document record, located at its
// first element or line ("element 3", "line 7"; Loc{} for a file holding
// one scalar), with one value per line ("path: value" inside objects).

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	// maxJSONDepth bounds nesting; deeper input damages the file
	// instead of the stack.
	maxJSONDepth = 1000
	// maxJSONRecord bounds the text of one record (its values and path).
	maxJSONRecord = 256 << 20
	// jsonCheckEvery is how many records pass between cancellation checks.
	jsonCheckEvery = 1024
)

var (
	errJSONSyntax    = errors.New("invalid JSON")
	errJSONTruncated = errors.New("truncated JSON")
	errJSONDepth     = errors.New("JSON nested deeper than 1000 levels")
	errJSONTooBig    = errors.New("JSON record larger than 256 MiB")
	errJSONTooWide   = errors.New("JSON record with more than 1048576 fields")
)

// ExtractJSON reads a JSON or NDJSON file (it tells them apart itself: a
// file of several top-level values is NDJSON, and so is one named
// .ndjson or .jsonl). Scalars are the fields: strings unescaped, numbers
// as written; true, false and null carry no personal data and are left
// out. A bad NDJSON line is skipped and the file ends Damaged naming the
// first one; an error in a single JSON value ends the file there.
func ExtractJSON(ctx context.Context, r io.Reader, name string, sink Sink) error {
	return extractJSON(ctx, r, name, sink, fastJSONBackoff)
}

// extractJSON is ExtractJSON with the given backoff of the fast path for
// records (json_fast.go), or without it for a negative backoff, so that
// tests can compare the fast path with the general lexer record by record.
func extractJSON(ctx context.Context, r io.Reader, name string, sink Sink, backoff int) error {
	w, err := openWindow(r, streamBufSize)
	if err != nil {
		return fmt.Errorf("read json: %w", err)
	}
	p := newJSONParser(w, sink)
	p.ndjson = hasExt(name, ".ndjson", ".jsonl")
	p.fast, p.fastBackoff = backoff >= 0, backoff
	return unwrapSinkError(p.run(ctx))
}

// sniffJSON says whether text (starting at its first non-space byte) is
// JSON, NDJSON (several values), or neither (""). A value cut off by the
// end of an incomplete head counts.
func sniffJSON(text []byte, complete bool) Format {
	p := newJSONParser(bytesWindow(text), nil)
	p.to = toNothing
	values := 0
	for {
		if _, ok := p.skipSpace(); !ok {
			break
		}
		err := p.value()
		if err == errJSONTruncated && !complete {
			values++
			break
		}
		if err != nil {
			return ""
		}
		values++
	}
	switch values {
	case 0:
		return ""
	case 1:
		return JSON
	}
	return NDJSON
}

// scalarTarget is where the lexer sends the scalars it reads.
type scalarTarget int

const (
	toRecord  scalarTarget = iota // fields of the current record
	toDoc                         // lines of text of the current document
	toHeld                        // held without a column (a top-level scalar)
	toNothing                     // dropped (sniffing)
)

type jsonParser struct {
	w       *window
	sink    Sink
	to      scalarTarget
	ndjson  bool
	fast    bool // records may take the fast path (json_fast.go)
	fastOff int  // records left before the fast path is tried again
	// fastBackoff is how many records skip the fast path after it gave up.
	fastBackoff int

	arena []byte // the current record's values
	// text, when not nil, holds the current record's values instead of
	// the arena: the window's text, which the fast path leaves in place.
	text  []byte
	spans []Span // its fields, values in arena
	out   rowWriter
	path  []byte      // the dotted path of the current value
	stack []jsonFrame // open containers of the current value
	cols  map[string]*Column
	prev  []*Column // the previous record's columns, by field index

	doc     *chunker // the text of the open document run; made when first needed
	docOpen bool     // a run of non-object values is being read
	docLoc  Loc      // where the run started
	docSent bool     // BeginDoc was called for the run: it has text
	objects int64    // objects of the top-level array so far
	bad     string   // the reason of the first bad NDJSON line
}

type jsonFrame struct {
	object  bool
	pathLen int // len(path) when the container opened
}

func newJSONParser(w *window, sink Sink) *jsonParser {
	return &jsonParser{w: w, sink: sink, out: newRowWriter(sink), cols: make(map[string]*Column)}
}

// run reads the top-level values of the file.
func (p *jsonParser) run(ctx context.Context) error {
	for n := 0; ; n++ {
		c, ok := p.skipSpace()
		if !ok {
			break
		}
		if n%jsonCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		var err error
		if n == 0 && c == '[' && !p.ndjson {
			err = p.topArray(ctx)
		} else {
			err = p.topValue(c, n == 0)
		}
		if err != nil {
			if isSinkError(err) {
				return err
			}
			if cerr := p.endDocRun(); cerr != nil {
				return cerr
			}
			return err
		}
	}
	if err := p.endDocRun(); err != nil {
		return err
	}
	if p.w.err != nil {
		return fmt.Errorf("read json: %w", p.w.err)
	}
	if p.bad != "" {
		return &Damaged{Reason: p.bad}
	}
	return nil
}

// topArray streams the elements of a top-level array: objects are
// records, other elements go into document runs.
func (p *jsonParser) topArray(ctx context.Context) error {
	p.w.pos++
	if c, ok := p.skipSpace(); ok && c == ']' {
		p.w.pos++
		return nil
	}
	for elem := int64(1); ; elem++ {
		if elem%jsonCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := p.element(elem); err != nil {
			return p.damaged(err)
		}
		c, ok := p.skipSpace()
		switch {
		case !ok:
			return p.damaged(errJSONTruncated)
		case c == ',':
			p.w.pos++
		case c == ']':
			p.w.pos++
			return nil
		default:
			return p.damaged(errJSONSyntax)
		}
	}
}

// element reads one element of the top-level array.
func (p *jsonParser) element(elem int64) error {
	c, ok := p.skipSpace()
	if !ok {
		return errJSONTruncated
	}
	if c != '{' {
		p.beginDocRun(Loc{Unit: "element", N: elem})
		return p.value()
	}
	if err := p.endDocRun(); err != nil {
		return err
	}
	if err := p.record(toRecord); err != nil {
		return err
	}
	p.objects++
	return p.deliver(Loc{Unit: "object", N: p.objects})
}

// topValue reads one top-level value of a file that is not a streamed
// array: an NDJSON line, or the file's one value.
func (p *jsonParser) topValue(c byte, first bool) error {
	line := p.w.line()
	start := p.w.base + int64(p.w.pos)
	var err error
	if c == '{' || (first && c != '[') {
		err = p.heldValue(c, first, line)
	} else {
		p.beginDocRun(Loc{Unit: "line", N: line})
		err = p.value()
	}
	if err == nil || isSinkError(err) {
		return err
	}
	return p.skipBadLine(err, line, start)
}

// heldValue reads a value that is held whole before it is delivered: an
// object (a record) or the file's first value, whose locator depends on
// whether more values follow.
func (p *jsonParser) heldValue(c byte, first bool, line int64) error {
	target := toRecord
	if c != '{' {
		target = toHeld
	}
	if err := p.record(target); err != nil {
		return err
	}
	loc := Loc{Unit: "line", N: line}
	if first {
		p.holdText() // looking for more values may slide the window
		if _, more := p.skipSpace(); more || p.ndjson {
			p.ndjson = true
		} else {
			loc = Loc{}
		}
	}
	if c == '{' {
		if err := p.endDocRun(); err != nil {
			return err
		}
		return p.deliver(loc)
	}
	p.beginDocRun(loc)
	for _, s := range p.spans {
		if err := p.docLine(nil, p.arena[s.Start:s.End]); err != nil {
			return err
		}
	}
	return nil
}

// sinkError marks errors that come from the Sink, which stop the file.
type sinkError struct{ err error }

func (e sinkError) Error() string { return e.err.Error() }
func (e sinkError) Unwrap() error { return e.err }

func isSinkError(err error) bool {
	var s sinkError
	return errors.As(err, &s)
}

// unwrapSinkError returns the Sink's own error for a sinkError.
func unwrapSinkError(err error) error {
	var s sinkError
	if errors.As(err, &s) {
		return s.err
	}
	return err
}

// skipBadLine records a bad NDJSON value and moves to the next line that
// can start a value: the line where the error showed if the value began
// on an earlier one (a line cut short), else the line after.
func (p *jsonParser) skipBadLine(err error, line, start int64) error {
	p.ndjson = true
	if p.bad == "" {
		p.bad = reasonAt(err, line)
	}
	if p.w.err != nil {
		return fmt.Errorf("read json: %w", p.w.err)
	}
	if err == errJSONTruncated {
		p.w.pos = p.w.end // the end of the file: nothing more can start
		return nil
	}
	w := p.w
	lineStart := bytes.LastIndexByte(w.buf[:w.pos], '\n') + 1
	if w.base+int64(lineStart) > start {
		w.rewind(lineStart)
		return nil
	}
	for {
		if i := bytes.IndexByte(w.avail(), '\n'); i >= 0 {
			w.pos += i + 1
			return nil
		}
		w.pos = w.end
		if !w.more() {
			return nil
		}
	}
}

// damaged turns a lexer error in a streamed array into the file's end.
func (p *jsonParser) damaged(err error) error {
	if isSinkError(err) {
		return err
	}
	if p.w.err != nil {
		return fmt.Errorf("read json: %w", p.w.err)
	}
	return &Damaged{Reason: reasonAt(err, p.w.line())}
}

func reasonAt(err error, line int64) string {
	return err.Error() + " at line " + strconv.FormatInt(line, 10)
}

// record reads the value at w.pos into the arena as one record, or as
// a held scalar.
func (p *jsonParser) record(target scalarTarget) error {
	p.arena = p.arena[:0]
	p.text = nil
	p.spans = p.spans[:0]
	p.path = p.path[:0]
	p.stack = p.stack[:0]
	p.to = target
	if target == toRecord && p.fast && p.fastRecord() {
		return nil
	}
	return p.value()
}

// holdText moves a record that the fast path left in the window's text
// into the arena, so that the window may move on before it is delivered.
func (p *jsonParser) holdText() {
	if p.text == nil {
		return
	}
	end := 0
	if n := len(p.spans); n > 0 {
		end = p.spans[n-1].End
	}
	p.arena = append(p.arena[:0], p.text[:end]...)
	p.text = nil
}

// deliver hands the record read to the Sink.
func (p *jsonParser) deliver(loc Loc) error {
	p.prev = p.prev[:0]
	for _, s := range p.spans {
		p.prev = append(p.prev, s.Col)
	}
	data := p.arena
	if p.text != nil {
		data = p.text
	}
	if err := p.out.row(loc, data, p.spans); err != nil {
		return sinkError{err}
	}
	return nil
}

// beginDocRun starts a run of non-object values unless one is open. Its
// document begins with its first text, so that a run of nulls or empty
// arrays is no record.
func (p *jsonParser) beginDocRun(loc Loc) {
	p.to = toDoc
	p.path = p.path[:0]
	p.stack = p.stack[:0]
	if !p.docOpen {
		p.docOpen, p.docLoc, p.docSent = true, loc, false
	}
}

// sendDoc begins the run's document at the Sink.
func (p *jsonParser) sendDoc() error {
	p.docSent = true
	if p.doc == nil {
		p.doc = newChunker(MaxChunk, p.sink.Text)
	}
	if err := p.sink.BeginDoc(p.docLoc); err != nil {
		return sinkError{err}
	}
	return nil
}

// endDocRun closes the open run and its document, if any.
func (p *jsonParser) endDocRun() error {
	if !p.docOpen {
		return nil
	}
	p.docOpen = false
	if !p.docSent {
		return nil
	}
	if err := p.doc.Flush(); err != nil {
		return sinkError{err}
	}
	if err := p.sink.EndDoc(); err != nil {
		return sinkError{err}
	}
	return nil
}

// docLine writes one scalar as a line of the document: "path: value".
func (p *jsonParser) docLine(path, value []byte) error {
	if !p.docSent {
		if err := p.sendDoc(); err != nil {
			return err
		}
	}
	parts := [4][]byte{path, []byte(": "), value, []byte("\n")}
	from := 0
	if len(path) == 0 {
		from = 2
	}
	for _, part := range parts[from:] {
		if _, err := p.doc.Write(part); err != nil {
			return sinkError{err}
		}
	}
	return nil
}

// value reads one JSON value at w.pos, with everything nested in it,
// sending its scalars to p.to. It keeps its own stack of open containers
// so that deep nesting cannot overflow the goroutine's stack.
func (p *jsonParser) value() error {
	base := len(p.stack)
	for {
		opened, err := p.startValue()
		if err != nil {
			return err
		}
		if opened {
			continue
		}
		for {
			if len(p.stack) == base {
				return nil
			}
			next, err := p.nextInContainer()
			if err != nil {
				return err
			}
			if next {
				break
			}
		}
	}
}

// startValue reads a scalar, or opens a container; opened reports that a
// non-empty container was opened, so that a value follows.
func (p *jsonParser) startValue() (opened bool, err error) {
	c, ok := p.token()
	if c == 0 {
		c, ok = p.skipSpaceSlow()
	}
	if !ok {
		return false, errJSONTruncated
	}
	switch {
	case c == '{' || c == '[':
		p.w.pos++
		if err := p.push(c == '{'); err != nil {
			return false, err
		}
		closer := byte(']')
		if c == '{' {
			closer = '}'
		}
		if c, ok := p.skipSpace(); ok && c == closer {
			p.w.pos++
			p.pop()
			return false, nil
		}
		if c == '{' {
			return true, p.key()
		}
		return true, nil
	case c == '"':
		p.w.pos++
		return false, p.stringScalar()
	case c == '-' || (c >= '0' && c <= '9'):
		return false, p.numberScalar()
	}
	return false, p.literal()
}

// nextInContainer reads what follows a value inside a container: a comma
// (and the next key in an object), so next is true, or the container's
// end, which is popped.
func (p *jsonParser) nextInContainer() (next bool, err error) {
	c, ok := p.token()
	if c == 0 {
		c, ok = p.skipSpaceSlow()
	}
	if !ok {
		return false, errJSONTruncated
	}
	top := p.stack[len(p.stack)-1]
	switch {
	case c == ',':
		p.w.pos++
		if top.object {
			return true, p.key()
		}
		return true, nil
	case c == '}' && top.object, c == ']' && !top.object:
		p.w.pos++
		p.pop()
		return false, nil
	}
	return false, errJSONSyntax
}

func (p *jsonParser) push(object bool) error {
	if len(p.stack) >= maxJSONDepth {
		return errJSONDepth
	}
	p.stack = append(p.stack, jsonFrame{object: object, pathLen: len(p.path)})
	return nil
}

func (p *jsonParser) pop() {
	top := p.stack[len(p.stack)-1]
	p.stack = p.stack[:len(p.stack)-1]
	p.path = p.path[:top.pathLen]
}

// key reads an object key and the colon after it, and sets the path.
func (p *jsonParser) key() error {
	c, ok := p.token()
	if c == 0 {
		c, ok = p.skipSpaceSlow()
	}
	if !ok {
		return errJSONTruncated
	}
	if c != '"' {
		return errJSONSyntax
	}
	p.w.pos++
	top := p.stack[len(p.stack)-1]
	p.path = p.path[:top.pathLen]
	if top.pathLen > 0 {
		p.path = append(p.path, '.')
	}
	var err error
	if p.path, err = p.readString(p.path); err != nil {
		return err
	}
	c, ok = p.token()
	if c == 0 {
		c, ok = p.skipSpaceSlow()
	}
	switch {
	case !ok:
		return errJSONTruncated
	case c != ':':
		return errJSONSyntax
	}
	p.w.pos++
	return nil
}

// stringScalar reads a string value (its opening quote consumed).
func (p *jsonParser) stringScalar() error {
	start := len(p.arena)
	var err error
	if p.arena, err = p.readString(p.arena); err != nil {
		return err
	}
	return p.scalar(start)
}

// numberScalar reads a number, kept as written.
func (p *jsonParser) numberScalar() error {
	start := len(p.arena)
	w := p.w
	for {
		b := w.avail()
		i := 0
		for i < len(b) && isNumberByte(b[i]) {
			i++
		}
		p.arena = append(p.arena, b[:i]...)
		w.pos += i
		if i < len(b) || !w.more() {
			break
		}
	}
	if len(p.arena) > maxJSONRecord {
		return errJSONTooBig
	}
	return p.scalar(start)
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// literal reads true, false or null, which carry no personal data.
func (p *jsonParser) literal() error {
	for _, lit := range [...]string{"true", "false", "null"} {
		if p.w.buf[p.w.pos] != lit[0] {
			continue
		}
		if !p.w.ensure(len(lit)) {
			return errJSONTruncated
		}
		if string(p.w.buf[p.w.pos:p.w.pos+len(lit)]) != lit {
			return errJSONSyntax
		}
		p.w.pos += len(lit)
		return nil
	}
	return errJSONSyntax
}

// scalar sends the value in arena[start:] to its target.
func (p *jsonParser) scalar(start int) error {
	switch {
	case p.to == toNothing:
		p.arena = p.arena[:0]
	case p.to == toDoc:
		err := p.docLine(p.path, p.arena[start:])
		p.arena = p.arena[:0]
		return err
	case len(p.arena) == start:
		// an empty string holds nothing
	case p.to == toHeld:
		p.spans = append(p.spans, Span{Start: start, End: len(p.arena)})
	case len(p.spans) >= maxRecordFields:
		return errJSONTooWide
	default:
		p.spans = append(p.spans, Span{Col: p.column(), Start: start, End: len(p.arena)})
	}
	return nil
}

// column returns the interned column of the current path. Records of one
// file mostly share their layout, so the previous record's column at the
// same position is tried before the map.
func (p *jsonParser) column() *Column {
	return p.columnAt(p.path, len(p.spans))
}

// columnAt returns the interned column of path, the record's field k.
func (p *jsonParser) columnAt(path []byte, k int) *Column {
	if k < len(p.prev) && p.prev[k] != nil && p.prev[k].Name == string(path) {
		return p.prev[k]
	}
	if col, ok := p.cols[string(path)]; ok {
		return col
	}
	col := p.sink.Column(string(path))
	p.cols[col.Name] = col
	return col
}

// readString appends the unescaped content of a string (its opening
// quote consumed) to dst.
func (p *jsonParser) readString(dst []byte) ([]byte, error) {
	w := p.w
	for {
		// A run of plain content ends at the closing quote, an escape,
		// or a raw line break, which JSON does not allow in strings (so
		// that a cut NDJSON line cannot swallow the next).
		b := w.avail()
		var i int
		dst, i = appendJSONPlain(dst, b)
		w.pos += i
		if len(dst) > maxJSONRecord {
			return dst, errJSONTooBig
		}
		if i == len(b) {
			if !w.more() {
				return dst, errJSONTruncated
			}
			continue
		}
		switch b[i] {
		case '"':
			w.pos++
			return dst, nil
		case '\\':
			dst = p.escape(dst)
		default:
			return dst, errJSONSyntax
		}
	}
}

// jsonEscapes maps the one-letter escapes to their bytes.
var jsonEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape decodes the escape at w.pos. An invalid escape is kept as
// written: the backslash goes to dst and the bytes after it are read as
// plain content.
func (p *jsonParser) escape(dst []byte) []byte {
	w := p.w
	w.ensure(12) // the longest escape: a surrogate pair
	b := w.avail()
	if len(b) >= 2 {
		if e := jsonEscapes[b[1]]; e != 0 {
			w.pos += 2
			return append(dst, e)
		}
		if b[1] == 'u' {
			if r, n := decodeUnicodeEscape(b); n > 0 {
				w.pos += n
				return utf8.AppendRune(dst, r)
			}
		}
	}
	w.pos++
	return append(dst, '\\')
}

// decodeUnicodeEscape decodes \uXXXX at the start of b, joining a
// surrogate pair; a lone surrogate becomes U+FFFD. n is 0 if b does not
// start with a valid \u escape.
func decodeUnicodeEscape(b []byte) (r rune, n int) {
	r1, ok := hex4(b, 2)
	if !ok {
		return 0, 0
	}
	if !utf16.IsSurrogate(r1) {
		return r1, 6
	}
	if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if r2, ok := hex4(b, 8); ok {
			if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
				return r, 12
			}
		}
	}
	return utf8.RuneError, 6
}

// hex4 parses the four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if len(b) < i+4 {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// token returns the next byte if it is no whitespace (compact JSON, the
// common case), or else 0. It is small enough to be inlined, which
// skipSpace is not: the lexer's hottest paths call it and fall back to
// skipSpaceSlow on 0.
func (p *jsonParser) token() (c byte, ok bool) {
	if c := p.w.peek(); c > ' ' {
		return c, true
	}
	return 0, false
}

// skipSpace skips whitespace and returns the next byte without consuming
// it; ok is false at the end of the stream.
func (p *jsonParser) skipSpace() (c byte, ok bool) {
	if w := p.w; w.pos < w.end && w.buf[w.pos] > ' ' {
		return w.buf[w.pos], true // compact JSON: no space at all
	}
	return p.skipSpaceSlow()
}

func (p *jsonParser) skipSpaceSlow() (c byte, ok bool) {
	w := p.w
	for {
		for w.pos < w.end {
			c := w.buf[w.pos]
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				return c, true
			}
			w.pos++
		}
		if !w.more() {
			return 0, false
		}
	}
}
