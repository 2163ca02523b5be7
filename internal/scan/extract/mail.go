package extract

// Mail: an EML file is one message, an mbox a sequence of them. A message
// is one document record: its address and subject headers, its text
// bodies and the visible text of its HTML bodies. Its attachments go back
// to the scanner through Nested, as files of their own.

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jhillyerd/enmime/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// maxMessage caps one message: a message and its decoded parts are held
// in memory at once.
const maxMessage = 256 << 20

// maxMIMEDepth bounds the nesting of multiparts the standard library walk
// follows; deeper messages go to enmime.
const maxMIMEDepth = 16

// mailHeaders are the header fields scanned, in this order: the ones that
// name people, and the subject and date.
var mailHeaders = [...]string{"From", "To", "Cc", "Bcc", "Reply-To", "Sender", "Subject", "Date"}

// ExtractEML reads one mail message as one document record.
func ExtractEML(ctx context.Context, r io.Reader, name string, sink Sink) error {
	return extractEML(ctx, r, sink, maxMessage)
}

// extractEML is ExtractEML with the size cap as a parameter, for tests.
func extractEML(ctx context.Context, r io.Reader, sink Sink, limit int) error {
	raw, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return &Damaged{Reason: "message could not be read"}
	}
	if len(raw) > limit {
		return &Damaged{Reason: "message larger than " + sizeText(limit)}
	}
	damage, err := newMailWriter(ctx, sink).message(Loc{}, raw)
	if err != nil {
		return err
	}
	if damage != "" {
		return &Damaged{Reason: damage}
	}
	return nil
}

// mailContent is what a message holds for the scanner, whichever parser
// read it.
type mailContent struct {
	headers [][2]string // the mailHeaders present, decoded: name, value
	texts   [][]byte    // text/plain bodies, in UTF-8
	htmls   [][]byte    // text/html bodies, in UTF-8
	files   []mailFile  // attachments and other parts that are files
	damage  string      // what was wrong with a message still scanned
}

type mailFile struct {
	name    string
	content []byte
}

// newMailFile names the i-th file of a message (from 0) by its file name,
// or "part N" when it has none.
func newMailFile(name string, i int, content []byte) mailFile {
	return mailFile{name: cmp.Or(name, "part "+strconv.Itoa(i+1)), content: content}
}

// mailWriter turns messages into document records and nested files.
//
// Two parsers read mail. The standard library's MIME packages walk a
// well-formed message several times faster than enmime (measured on the
// project's 2-core machine: about 200 MB/s for plain and 80 MB/s for
// text+HTML mail, against 10 to 30 MB/s for enmime, whose boundary reader
// and per-part overheads dominate), so they go first; enmime, lenient with
// the broken mail real mailboxes hold, reads whatever they refuse.
type mailWriter struct {
	ctx    context.Context
	sink   Sink
	out    *chunker
	parser *enmime.Parser
	header *bufio.Reader // reused by the standard library walk
	words  mime.WordDecoder
}

func newMailWriter(ctx context.Context, sink Sink) *mailWriter {
	return &mailWriter{
		ctx:  ctx,
		sink: sink,
		out:  newChunker(MaxChunk, sink.Text),
		// We convert HTML bodies ourselves, also when there is a text
		// body: the two often differ. A declared charset is trusted:
		// detecting one costs about a millisecond a message.
		parser: enmime.NewParser(enmime.DisableTextConversion(true), enmime.DisableCharacterDetection(true)),
		header: bufio.NewReader(nil),
		words:  mime.WordDecoder{CharsetReader: charset.NewReaderLabel},
	}
}

// message scans one raw message as the record at loc. damage says what
// was wrong with a message that was still scanned ("" if nothing); err is
// the sink's.
func (m *mailWriter) message(loc Loc, raw []byte) (damage string, err error) {
	content, ok := m.walk(raw)
	if !ok {
		content = m.parse(raw)
	}
	return content.damage, m.write(loc, content)
}

// write hands a message to the sink: its document, then its files.
func (m *mailWriter) write(loc Loc, c *mailContent) error {
	if err := m.sink.BeginDoc(loc); err != nil {
		return err
	}
	if err := m.writeText(c); err != nil {
		return err
	}
	if err := m.out.Flush(); err != nil {
		return err
	}
	if err := m.sink.EndDoc(); err != nil {
		return err
	}
	for _, f := range c.files {
		if err := m.sink.Nested(f.name, bytes.NewReader(f.content), int64(len(f.content))); err != nil {
			return err
		}
	}
	return nil
}

// writeText writes the headers, the text bodies and the HTML bodies'
// visible text.
func (m *mailWriter) writeText(c *mailContent) error {
	for _, h := range c.headers {
		if err := m.writeStrings(h[0], ": ", h[1], "\n"); err != nil {
			return err
		}
	}
	if err := m.writeStrings("\n"); err != nil {
		return err
	}
	for _, text := range c.texts {
		if _, err := m.out.Write(text); err != nil {
			return err
		}
		if err := m.writeStrings("\n"); err != nil {
			return err
		}
	}
	for _, body := range c.htmls {
		if err := m.htmlBody(body); err != nil {
			return err
		}
	}
	return nil
}

// htmlBody writes the visible text of an HTML body the way ExtractHTML
// reads a page: links with their mailto: and tel: targets, block elements
// as line breaks.
func (m *mailWriter) htmlBody(body []byte) error {
	z := html.NewTokenizer(bytes.NewReader(body))
	z.SetMaxBuf(maxHTMLToken)
	err := (&htmlText{z: z, out: m.out}).walk(m.ctx)
	var stop sinkError
	if errors.As(err, &stop) {
		return stop.err
	}
	// An HTML body that does not read to its end still gave its text so
	// far; the rest of the message is scanned.
	return m.writeStrings("\n")
}

func (m *mailWriter) writeStrings(parts ...string) error {
	for _, p := range parts {
		if _, err := m.out.WriteString(p); err != nil {
			return err
		}
	}
	return nil
}

// errNotWellFormed sends a message from the standard library walk to
// enmime.
var errNotWellFormed = errors.New("not well-formed MIME")

// walk reads a message with the standard library. ok is false when the
// message is not well-formed enough for it: a header it cannot read, a
// multipart without a boundary, a transfer encoding that does not decode.
// A multipart that ends before its closing boundary is kept as far as it
// goes and marked truncated.
func (m *mailWriter) walk(raw []byte) (content *mailContent, ok bool) {
	rest := bytes.NewReader(raw)
	m.header.Reset(rest)
	header, err := textproto.NewReader(m.header).ReadMIMEHeader()
	if err != nil && !(err == io.EOF && len(header) > 0) {
		return nil, false
	}
	body := raw[len(raw)-rest.Len()-m.header.Buffered():]
	content = &mailContent{}
	for _, name := range mailHeaders {
		for _, v := range header[name] {
			content.headers = append(content.headers, [2]string{name, decodeHeader(&m.words, v)})
		}
	}
	w := mimeWalk{content: content, words: &m.words}
	switch err := w.part(header, body, 0); {
	case errors.Is(err, io.ErrUnexpectedEOF):
		content.damage = "truncated message"
	case err != nil:
		return nil, false
	}
	return content, true
}

// mimeWalk collects the parts of a message.
type mimeWalk struct {
	content *mailContent
	words   *mime.WordDecoder
}

// part reads one part (the message itself at depth 0) whose body, still
// transfer-encoded, is body.
func (w *mimeWalk) part(header textproto.MIMEHeader, body []byte, depth int) error {
	mediaType, params := contentType(header)
	if strings.HasPrefix(mediaType, "multipart/") {
		return w.multipart(body, params["boundary"], depth)
	}
	content, err := transferDecode(header, body)
	if err != nil {
		return err
	}
	w.add(header, mediaType, params, content)
	return nil
}

// multipart reads the parts of a multipart body. When the closing
// boundary is missing (the message was cut off), the parts up to the cut
// are kept and io.ErrUnexpectedEOF says so.
func (w *mimeWalk) multipart(body []byte, boundary string, depth int) error {
	if boundary == "" || depth >= maxMIMEDepth {
		return errNotWellFormed
	}
	parts := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		p, err := parts.NextRawPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		content, err := io.ReadAll(p)
		cut := errors.Is(err, io.ErrUnexpectedEOF)
		if err != nil && !cut {
			return errNotWellFormed
		}
		if err := w.part(p.Header, content, depth+1); err != nil {
			return err
		}
		if cut {
			return io.ErrUnexpectedEOF
		}
	}
}

// add files a part's content: text and HTML bodies are the message's text
// unless attached; anything else is a file.
func (w *mimeWalk) add(header textproto.MIMEHeader, mediaType string, params map[string]string, content []byte) {
	disposition, dparams, _ := mime.ParseMediaType(header.Get("Content-Disposition"))
	attached := strings.EqualFold(disposition, "attachment")
	switch {
	case mediaType == "text/plain" && !attached:
		w.content.texts = append(w.content.texts, toUTF8(content, params["charset"]))
	case mediaType == "text/html" && !attached:
		w.content.htmls = append(w.content.htmls, toUTF8(content, params["charset"]))
	case len(content) > 0:
		name := decodeHeader(w.words, cmp.Or(dparams["filename"], params["name"]))
		w.content.files = append(w.content.files, newMailFile(name, len(w.content.files), content))
	}
}

// contentType reads a part's media type, text/plain when it says none or
// nothing readable (as RFC 2045 says).
func contentType(header textproto.MIMEHeader) (string, map[string]string) {
	mediaType, params, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		return "text/plain", map[string]string{}
	}
	return mediaType, params
}

// transferDecode undoes a part's Content-Transfer-Encoding. An encoding
// it does not know, or that does not decode, is errNotWellFormed.
func transferDecode(header textproto.MIMEHeader, body []byte) ([]byte, error) {
	var decoder io.Reader
	switch strings.ToLower(strings.TrimSpace(header.Get("Content-Transfer-Encoding"))) {
	case "", "7bit", "8bit", "binary":
		return body, nil
	case "quoted-printable":
		decoder = quotedprintable.NewReader(bytes.NewReader(body))
	case "base64":
		decoder = base64.NewDecoder(base64.StdEncoding, bytes.NewReader(body))
	default:
		return nil, errNotWellFormed
	}
	content, err := io.ReadAll(decoder)
	if err != nil {
		return nil, errNotWellFormed
	}
	return content, nil
}

// toUTF8 converts a text body from its declared charset. Undeclared (or
// declared UTF-8 or ASCII) text that is not valid UTF-8 is decoded as a
// text file is, by Decode's guess.
func toUTF8(content []byte, label string) []byte {
	var r io.Reader
	switch strings.ToLower(label) {
	case "", "utf-8", "utf8", "us-ascii":
		if utf8.Valid(content) {
			return content
		}
		r, _ = Decode(bytes.NewReader(content), content[:min(len(content), SniffSize)])
	default:
		var err error
		if r, err = charset.NewReaderLabel(label, bytes.NewReader(content)); err != nil {
			r, _ = Decode(bytes.NewReader(content), content[:min(len(content), SniffSize)])
		}
	}
	if converted, err := io.ReadAll(r); err == nil {
		return converted
	}
	return content
}

// decodeHeader decodes the RFC 2047 encoded words of a header value, as
// enmime does; a value it cannot decode stays as written.
func decodeHeader(words *mime.WordDecoder, v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	if decoded, err := words.DecodeHeader(v); err == nil {
		return decoded
	}
	return v
}

// parse reads a message with enmime. A message not even enmime can read
// (or that panics it) is scanned as text.
func (m *mailWriter) parse(raw []byte) *mailContent {
	env, err := m.readEnvelope(raw)
	if err != nil {
		return &mailContent{texts: [][]byte{raw}, damage: "not a readable MIME message, scanned as text"}
	}
	content := &mailContent{files: envelopeFiles(env)}
	for _, name := range mailHeaders {
		for _, v := range env.GetHeaderValues(name) {
			content.headers = append(content.headers, [2]string{name, v})
		}
	}
	if env.Text != "" {
		content.texts = [][]byte{[]byte(env.Text)}
	}
	if env.HTML != "" {
		content.htmls = [][]byte{[]byte(env.HTML)}
	}
	if truncated(env) {
		content.damage = "truncated message"
	}
	return content
}

// readEnvelope runs enmime, which may panic on malformed input.
func (m *mailWriter) readEnvelope(raw []byte) (env *enmime.Envelope, err error) {
	defer func() {
		if recover() != nil {
			env, err = nil, errors.New("mime parser failed")
		}
	}()
	return m.parser.ReadEnvelope(bytes.NewReader(raw))
}

// envelopeFiles lists every attached, inline or other non-body part,
// named by its file name or "part N".
func envelopeFiles(env *enmime.Envelope) []mailFile {
	var files []mailFile
	for _, group := range [][]*enmime.Part{env.Attachments, env.Inlines, env.OtherParts} {
		for _, p := range group {
			if len(p.Content) > 0 {
				files = append(files, newMailFile(p.FileName, len(files), p.Content))
			}
		}
	}
	return files
}

// truncated reports whether a multipart message ends before its closing
// boundary, the mark of a message cut off.
func truncated(env *enmime.Envelope) bool {
	for _, e := range env.Errors {
		if e.Name == enmime.ErrorMissingBoundary {
			return true
		}
	}
	return false
}

// ExtractMBOX reads an mbox file, message by message: each message is the
// record "message N". Messages start at lines beginning "From " at the
// start of the file or after an empty line; ">From " lines in bodies are
// unquoted (mboxo and mboxrd). A message larger than 256 MiB is skipped
// and reported; a truncated last message is scanned as far as it goes.
func ExtractMBOX(ctx context.Context, r io.Reader, name string, sink Sink) error {
	return newMboxSplitter(ctx, r, sink, maxMessage).run()
}

// mboxSplitter cuts an mbox into messages and hands each to the writer.
type mboxSplitter struct {
	ctx    context.Context
	in     *bufio.Reader
	writer *mailWriter
	limit  int // the largest message scanned

	msg      []byte // the current message, without its "From " line
	n        int64  // its number, 0 before the first
	oversize bool   // the current message passed the limit and is dropped
	damage   string // the first problem found
}

func newMboxSplitter(ctx context.Context, r io.Reader, sink Sink, limit int) *mboxSplitter {
	return &mboxSplitter{ctx: ctx, in: bufio.NewReaderSize(r, 64<<10), writer: newMailWriter(ctx, sink), limit: limit}
}

func (s *mboxSplitter) run() error {
	lineStart, blankBefore, skipping := true, true, false
	for {
		line, err := s.in.ReadSlice('\n')
		complete := err != bufio.ErrBufferFull // else line is a piece of a long line
		if len(line) > 0 {
			switch {
			case lineStart && blankBefore && isFromLine(line):
				if ferr := s.startMessage(); ferr != nil {
					return ferr
				}
				skipping = !complete // the rest of a long "From " line
			case skipping:
				skipping = !complete
			default:
				s.add(line, lineStart)
			}
			blankBefore = lineStart && complete && isBlankLine(line)
			lineStart = complete
		}
		if err == io.EOF {
			return s.finish()
		}
		if err != nil && complete {
			if ferr := s.finish(); ferr != nil {
				return ferr
			}
			return &Damaged{Reason: fmt.Sprintf("mbox could not be read after message %d", s.n)}
		}
	}
}

// startMessage ends the current message and begins the next.
func (s *mboxSplitter) startMessage() error {
	if err := s.endMessage(); err != nil {
		return err
	}
	s.n++
	return s.ctx.Err()
}

// add appends a line, or a piece of a long one, to the current message.
// Text before the first "From " line, unless blank, is taken as a first
// message.
func (s *mboxSplitter) add(line []byte, lineStart bool) {
	if s.n == 0 {
		if lineStart && isBlankLine(line) {
			return
		}
		s.n = 1
	}
	if s.oversize {
		return
	}
	if lineStart && line[0] == '>' && isQuotedFrom(line) {
		line = line[1:]
	}
	if len(s.msg)+len(line) > s.limit {
		s.oversize = true
		s.msg = nil // give the memory back
		return
	}
	s.msg = append(s.msg, line...)
}

// endMessage scans the current message, if there is one.
func (s *mboxSplitter) endMessage() error {
	if s.n == 0 {
		return nil
	}
	if s.oversize {
		s.oversize = false
		s.note(fmt.Sprintf("message %d larger than %s, not scanned", s.n, sizeText(s.limit)))
		return nil
	}
	damage, err := s.writer.message(Loc{Unit: "message", N: s.n}, s.msg)
	if err != nil {
		return err
	}
	if damage != "" {
		s.note(fmt.Sprintf("message %d: %s", s.n, damage))
	}
	s.msg = s.msg[:0]
	if cap(s.msg) > 16<<20 {
		s.msg = nil // keep no huge buffer for the ordinary messages after a huge one
	}
	return nil
}

func (s *mboxSplitter) note(damage string) {
	if s.damage == "" {
		s.damage = damage
	}
}

func (s *mboxSplitter) finish() error {
	if err := s.endMessage(); err != nil {
		return err
	}
	if s.damage != "" {
		return &Damaged{Reason: s.damage}
	}
	return nil
}

var fromPrefix = []byte("From ")

func isFromLine(line []byte) bool { return bytes.HasPrefix(line, fromPrefix) }

// isQuotedFrom reports whether line is ">From ", ">>From " ...: a body
// line the mbox writer quoted.
func isQuotedFrom(line []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(line, ">"), fromPrefix)
}

func isBlankLine(line []byte) bool {
	return len(line) == 1 && line[0] == '\n' || len(line) == 2 && line[0] == '\r' && line[1] == '\n'
}

// sizeText writes a size limit for a reason: "256 MiB", or bytes.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}
