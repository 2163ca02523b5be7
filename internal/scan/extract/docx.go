package extract

// DOCX: a zip package whose text lives in word/document.xml and its
// companion parts (headers, footers, notes, comments). The office formats
// that are zip packages (DOCX, XLSX, ODT, ODS) share the helpers at the end
// of this file: opening the package with its bomb check, and the XML text
// walker that DOCX and ODT use.

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
)

// ErrNotRandomAccess is returned by the extractors of zip-based formats and
// PDF when their reader is not a RandomAccess: a programming error of the
// caller, not a property of the file.
var ErrNotRandomAccess = errors.New("extractor needs a random-access reader")

// maxPartSize limits the expanded size of one XML part of an office
// package. Parts are streamed, so this is not about memory but about time:
// a few kilobytes that expand to terabytes would keep a worker busy for
// days.
const maxPartSize = 1 << 30

// ExtractDOCX reads a Word document as one document record: the text of
// the body, then of headers, footers, footnotes, endnotes and comments.
// Files embedded in it (word/embeddings/) go to sink.Nested afterwards.
func ExtractDOCX(ctx context.Context, r io.Reader, name string, sink Sink) error {
	zr, err := openPackage(r, DOCX)
	if err != nil {
		return err
	}
	parts := docxTextParts(zr.File)
	if expandsTooMuch(parts) {
		return &Damaged{Reason: "DOCX too large when expanded"}
	}
	if err := sink.BeginDoc(Loc{}); err != nil {
		return err
	}
	walker := newTextWalker(ctx, DOCX, docxRule, sink)
	damage, err := walker.walkParts(parts)
	if err != nil {
		return err
	}
	if err := sink.EndDoc(); err != nil {
		return err
	}
	if err := nestEmbedded(zr.File, "word/embeddings/", sink); err != nil {
		return err
	}
	return damage
}

// docxTextParts picks the parts that hold text, body first, then the
// others in name order.
func docxTextParts(files []*zip.File) []*zip.File {
	var body, rest []*zip.File
	for _, f := range files {
		switch name := partName(f); {
		case name == "word/document.xml":
			body = append(body, f)
		case isDocxCompanion(name):
			rest = append(rest, f)
		}
	}
	slices.SortFunc(rest, func(a, b *zip.File) int { return strings.Compare(partName(a), partName(b)) })
	return append(body, rest...)
}

func isDocxCompanion(name string) bool {
	dir, file := path.Split(name)
	if dir != "word/" || !strings.HasSuffix(file, ".xml") {
		return false
	}
	switch file {
	case "footnotes.xml", "endnotes.xml", "comments.xml":
		return true
	}
	return strings.HasPrefix(file, "header") || strings.HasPrefix(file, "footer")
}

// docxRule says what a WordprocessingML element means for the text. Local
// names are enough: t also catches DrawingML (a:t) and math (m:t) text,
// which is visible text too; deleted text (delText) of tracked changes and
// field instructions (instrText, with mailto: links) are still in the file,
// so they count as leaked.
func docxRule(local string) xmlRule {
	switch local {
	case "t", "delText", "instrText":
		return xmlRule{text: true}
	case "p":
		return xmlRule{after: '\n'}
	case "br", "cr":
		return xmlRule{before: '\n'}
	case "tab":
		return xmlRule{before: '\t'}
	}
	return xmlRule{}
}

// nestEmbedded hands every file under dir to sink.Nested, named by its
// path in the package.
func nestEmbedded(files []*zip.File, dir string, sink Sink) error {
	for _, f := range files {
		name := partName(f)
		if !strings.HasPrefix(name, dir) || strings.HasSuffix(name, "/") {
			continue
		}
		if err := nestZipFile(f, name, sink); err != nil {
			return err
		}
	}
	return nil
}

func nestZipFile(f *zip.File, name string, sink Sink) error {
	rc, err := f.Open()
	if err != nil {
		// An unreadable member is the nested file's problem: the scanner
		// reports it when it reads nothing.
		return sink.Nested(name, bytes.NewReader(nil), 0)
	}
	defer rc.Close()
	return sink.Nested(name, rc, int64(f.UncompressedSize64))
}

// openPackage opens a zip-based office file from a RandomAccess reader.
// Password-protected OOXML files are not zip files but OLE containers
// holding the encrypted package; they are reported, not scanned.
func openPackage(r io.Reader, format Format) (*zip.Reader, error) {
	ra, ok := r.(RandomAccess)
	if !ok {
		return nil, ErrNotRandomAccess
	}
	label := formatLabel(format)
	if isOLE(ra) {
		return nil, &Damaged{Reason: "encrypted " + label + ", not scanned"}
	}
	zr, err := zip.NewReader(ra, ra.Size())
	if err != nil {
		return nil, &Damaged{Reason: label + " is not a readable zip package"}
	}
	return zr, nil
}

func formatLabel(format Format) string { return strings.ToUpper(string(format)) }

// isOLE reports whether ra starts with the signature of an OLE compound
// file, the container of encrypted OOXML documents.
func isOLE(ra io.ReaderAt) bool {
	signature := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	head := make([]byte, len(signature))
	n, _ := ra.ReadAt(head, 0)
	return n == len(head) && bytes.Equal(head, signature)
}

// partName is a member's name with the backslashes some Windows tools
// write turned into slashes.
func partName(f *zip.File) string { return strings.ReplaceAll(f.Name, `\`, "/") }

// expandsTooMuch reports whether any part claims more than maxPartSize
// expanded. The claim can be trusted: archive/zip fails a member that
// expands to more than its header says.
func expandsTooMuch(parts []*zip.File) bool {
	for _, f := range parts {
		if f.UncompressedSize64 > maxPartSize {
			return true
		}
	}
	return false
}

// xmlRule is what one element means for the text of a document.
type xmlRule struct {
	text   bool // character data inside it is text
	before byte // written at its start tag (a tab, a line break), 0 for none
	after  byte // written at its end tag (the newline ending a paragraph), 0 for none
	spaces bool // ODF text:s: as many spaces as its c attribute says
}

// textWalker streams the text of XML parts into a chunker: token by token,
// never building a tree, so a part of any size takes constant memory.
type textWalker struct {
	ctx    context.Context
	label  string
	rule   func(local string) xmlRule
	out    *chunker
	depth  int // open elements whose character data is text
	tokens int
}

func newTextWalker(ctx context.Context, format Format, rule func(string) xmlRule, sink Sink) *textWalker {
	return &textWalker{
		ctx:   ctx,
		label: formatLabel(format),
		rule:  rule,
		out:   newChunker(MaxChunk, sink.Text),
	}
}

// walkParts walks each part in turn and flushes the text. A damaged part
// is read as far as it goes and the others still are: the *Damaged result
// names the first damaged part. Any other error (the sink's, the
// context's) is returned as err.
func (w *textWalker) walkParts(parts []*zip.File) (damage, err error) {
	for _, f := range parts {
		err := w.walkPart(f)
		if err != nil && !IsDamaged(err) {
			return nil, err
		}
		if err != nil && damage == nil {
			damage = err
		}
	}
	return damage, w.out.Flush()
}

func (w *textWalker) walkPart(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return &Damaged{Reason: w.label + ": cannot read " + partName(f)}
	}
	defer rc.Close()
	w.depth = 0
	err = w.walk(rc, partName(f))
	if err != nil && !IsDamaged(err) {
		return err
	}
	// Parts are separate texts, a damaged one too: a value must not run
	// from one into the next.
	if werr := w.writeByte('\n'); werr != nil {
		return werr
	}
	return err
}

// walk writes the text of the XML document r. RawToken is enough (and
// faster than Token): the rules go by local name and nothing needs the
// nesting checked.
func (w *textWalker) walk(r io.Reader, part string) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	open := 0 // elements not yet closed: RawToken does not check
	for {
		tok, err := dec.RawToken()
		if err == io.EOF && open <= 0 {
			return nil
		}
		if err != nil {
			return xmlDamaged(w.label, part, dec)
		}
		switch tok.(type) {
		case xml.StartElement:
			open++
		case xml.EndElement:
			open--
		}
		if err := w.token(tok); err != nil {
			return err
		}
	}
}

// xmlDamaged says where a part's XML broke off or went wrong, by byte
// offset: the decoder's own message may quote the content.
func xmlDamaged(label, part string, dec *xml.Decoder) error {
	return &Damaged{Reason: fmt.Sprintf("%s: damaged XML in %s at byte %d", label, part, dec.InputOffset())}
}

func (w *textWalker) token(tok xml.Token) error {
	w.tokens++
	if w.tokens%1024 == 0 {
		if err := w.ctx.Err(); err != nil {
			return err
		}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		return w.start(t)
	case xml.EndElement:
		return w.end(t)
	case xml.CharData:
		if w.depth > 0 {
			_, err := w.out.Write(t)
			return err
		}
	}
	return nil
}

func (w *textWalker) start(t xml.StartElement) error {
	rule := w.rule(t.Name.Local)
	if rule.text {
		w.depth++
	}
	if rule.spaces {
		return w.writeSpaces(t.Attr)
	}
	return w.writeByte(rule.before)
}

func (w *textWalker) end(t xml.EndElement) error {
	rule := w.rule(t.Name.Local)
	if rule.text && w.depth > 0 {
		w.depth--
	}
	return w.writeByte(rule.after)
}

// writeSpaces writes the spaces of an ODF text:s element.
func (w *textWalker) writeSpaces(attrs []xml.Attr) error {
	for range spaceCount(attrs) {
		if err := w.writeByte(' '); err != nil {
			return err
		}
	}
	return nil
}

// spaceCount reads the c attribute of an ODF text:s element: how many
// spaces it stands for, 1 by default. Runs of spaces mean nothing to the
// detectors, so a huge count is cut to 64.
func spaceCount(attrs []xml.Attr) int {
	c, err := strconv.Atoi(attr(attrs, "c"))
	if err != nil {
		return 1
	}
	return min(max(c, 1), 64)
}

func (w *textWalker) writeByte(b byte) error {
	if b == 0 {
		return nil
	}
	_, err := w.out.Write([]byte{b})
	return err
}
