package extract

// HTML: one document of the page's visible text. Script and style
// content is dropped, entities are decoded, and block elements become line
// breaks so that an address or a phone number split over <br> or table
// cells stays recognizable. mailto: and tel: links count as text too,
// since a page often shows a name and hides the address in the link.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"golang.org/x/net/html"
)

// maxHTMLToken bounds one token (a text run or a tag) the tokenizer
// holds; a larger one damages the file rather than the memory.
const maxHTMLToken = 64 << 20

// htmlCheckEvery is how many tokens pass between cancellation checks.
const htmlCheckEvery = 4096

// ExtractHTML reads an HTML page as one document (Loc{}).
func ExtractHTML(ctx context.Context, r io.Reader, name string, sink Sink) error {
	text, err := decodeStream(r)
	if err != nil {
		return fmt.Errorf("read html: %w", err)
	}
	if err := sink.BeginDoc(Loc{}); err != nil {
		return err
	}
	counted := &countingReader{r: text}
	z := html.NewTokenizer(counted)
	z.SetMaxBuf(maxHTMLToken)
	h := &htmlText{z: z, out: newChunker(MaxChunk, sink.Text)}
	err = h.walk(ctx)
	if errors.Is(err, html.ErrBufferExceeded) {
		err = &Damaged{Reason: "HTML token larger than 64 MiB at byte " + strconv.FormatInt(counted.n, 10)}
	}
	if !isSinkError(err) {
		if ferr := h.out.Flush(); ferr != nil {
			return ferr
		}
	}
	return endDoc(sink, err, "read html")
}

// htmlText walks the tokens of a page and writes its visible text.
type htmlText struct {
	z         *html.Tokenizer
	out       *chunker
	inRawText bool // inside script or style
}

func (h *htmlText) walk(ctx context.Context) error {
	for n := 1; ; n++ {
		if n%htmlCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return sinkError{err}
			}
		}
		var err error
		switch tt := h.z.Next(); tt {
		case html.ErrorToken:
			if h.z.Err() == io.EOF {
				return nil
			}
			return h.z.Err()
		case html.TextToken:
			if !h.inRawText {
				err = h.write(h.z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			err = h.startTag(tt == html.StartTagToken)
		case html.EndTagToken:
			err = h.endTag()
		}
		if err != nil {
			return err
		}
	}
}

func (h *htmlText) startTag(opens bool) error {
	name, hasAttr := h.z.TagName()
	if opens && isRawTextTag(name) {
		h.inRawText = true
	}
	if err := h.separate(name); err != nil {
		return err
	}
	if hasAttr && (string(name) == "a" || string(name) == "area") {
		return h.links()
	}
	return nil
}

func (h *htmlText) endTag() error {
	name, _ := h.z.TagName()
	if isRawTextTag(name) {
		h.inRawText = false
	}
	return h.separate(name)
}

// isRawTextTag reports whether tag holds text that is not shown.
func isRawTextTag(tag []byte) bool {
	return string(tag) == "script" || string(tag) == "style"
}

// separate writes the break a tag makes in the rendered text: a line
// break for block elements, a tab between table cells.
func (h *htmlText) separate(tag []byte) error {
	switch string(tag) {
	case "td", "th":
		return h.writeByte('\t')
	case "address", "article", "aside", "blockquote", "body", "br", "caption", "dd",
		"details", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
		"form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
		"li", "main", "nav", "ol", "option", "p", "pre", "section", "summary",
		"table", "tbody", "tfoot", "thead", "title", "tr", "ul":
		return h.writeByte('\n')
	}
	return nil
}

// links writes the address of a mailto: or tel: link on a line of its own.
func (h *htmlText) links() error {
	for more := true; more; {
		var key, val []byte
		key, val, more = h.z.TagAttr()
		if string(key) != "href" {
			continue
		}
		if target, ok := linkTarget(string(val)); ok {
			return h.write([]byte("\n" + target + "\n"))
		}
	}
	return nil
}

// linkTarget returns the address in a mailto: or tel: URL, without its
// query (?subject=...) and percent-decoded.
func linkTarget(href string) (string, bool) {
	var rest string
	switch {
	case len(href) > 7 && equalFoldPrefix(href, "mailto:"):
		rest = href[7:]
	case len(href) > 4 && equalFoldPrefix(href, "tel:"):
		rest = href[4:]
	default:
		return "", false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '?' {
			rest = rest[:i]
			break
		}
	}
	if decoded, err := url.PathUnescape(rest); err == nil {
		rest = decoded
	}
	return rest, true
}

func equalFoldPrefix(s, prefix string) bool {
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

func (h *htmlText) writeByte(c byte) error {
	if err := h.out.WriteByte(c); err != nil {
		return sinkError{err}
	}
	return nil
}

func (h *htmlText) write(b []byte) error {
	if _, err := h.out.Write(b); err != nil {
		return sinkError{err}
	}
	return nil
}

// countingReader counts the bytes read, for positions in Damaged reasons.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
