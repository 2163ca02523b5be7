package extract

// Sniffing: a leak's file names lie (users.bak, export.txt, dump.001), so
// the format is decided by content: magic bytes first, then the shape of
// the text. The name only breaks ties (a .tsv says tab, a .csv with one
// column is still CSV) and tells zip-based office files apart.

import (
	"bytes"
	"io"
	"path"
	"strings"
)

// Sniff decides a file's format from its first bytes (up to SniffSize)
// and its name. A head shorter than SniffSize is taken to be the whole
// file.
func Sniff(head []byte, name string) Format {
	if len(head) == 0 {
		return Empty
	}
	if f := sniffMagic(head, name); f != "" {
		return f
	}
	text, ok := textOf(head)
	if !ok {
		return Binary
	}
	return sniffText(text, name, len(head) < SniffSize)
}

var (
	magicPDF      = []byte("%PDF-")
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicGzip     = []byte{0x1f, 0x8b}
	magic7z       = []byte("7z\xbc\xaf\x27\x1c")
	magicTar      = []byte("ustar")
)

// sniffMagic recognizes the binary formats by their signatures.
func sniffMagic(head []byte, name string) Format {
	switch {
	case bytes.Contains(head[:min(len(head), 1024)], magicPDF):
		return PDF // readers accept junk before the header; so do we
	case bytes.HasPrefix(head, magicZip), bytes.HasPrefix(head, magicZipEmpty):
		return zipKind(name)
	case bytes.HasPrefix(head, magicGzip):
		return Gzip
	case isBzip2(head):
		return Bzip2
	case bytes.HasPrefix(head, magic7z):
		return SevenZip
	case len(head) >= 262 && bytes.Equal(head[257:262], magicTar):
		return Tar
	}
	return ""
}

// zipKind trusts the extension of office files, which are zips inside;
// the source package looks inside those it cannot name.
func zipKind(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return XLSX
	case ".docx":
		return DOCX
	case ".odt":
		return ODT
	case ".ods":
		return ODS
	}
	return Zip
}

// textOf returns head as UTF-8 text for shape sniffing, and whether it is
// text at all. UTF-16 and UTF-32 are decoded; legacy 8-bit encodings are
// left as they are, since the shapes are recognized by their ASCII.
func textOf(head []byte) ([]byte, bool) {
	text := bytes.TrimPrefix(head, bomUTF8)
	if len(text) == len(head) && needsDecoding(head) {
		dec, _ := Decode(bytes.NewReader(head[:len(head)&^3]), head)
		text, _ = io.ReadAll(dec)
	}
	return text, fewControlBytes(text[:min(len(text), textSample)])
}

// textSample is how much of a head is enough to tell text from binary,
// and JSON from other text.
const textSample = 16 << 10

// needsDecoding reports whether head is in a wide encoding (UTF-16 or
// UTF-32) that must be decoded before its shape can be seen.
func needsDecoding(head []byte) bool {
	return bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) ||
		bytes.HasPrefix(head, bomUTF32BE) || utf16Order(head) != notUTF16
}

// fewControlBytes tells text from binary: text has hardly any control
// bytes besides tab, line breaks and form feeds, binary has them all over.
func fewControlBytes(b []byte) bool {
	controls := 0
	for _, c := range b {
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f {
			controls++
		}
	}
	return controls*100 <= len(b)
}

// sniffText decides among the text formats by their shape.
func sniffText(text []byte, name string, complete bool) Format {
	start := bytes.TrimLeft(text, " \t\r\n\f\v")
	if len(start) > 0 && (start[0] == '{' || start[0] == '[') {
		sample := start[:min(len(start), textSample)]
		if f := sniffJSON(sample, complete && len(sample) == len(start)); f != "" {
			return f
		}
	}
	switch {
	case looksSQL(text):
		return SQL
	case looksMBOX(text):
		return MBOX
	case looksEML(text):
		return EML
	case looksHTML(start):
		return HTML
	}
	if g := sniffDelimiter(text, name, complete); g.consistent() {
		if g.delim == '\t' {
			return TSV
		}
		return CSV
	}
	return formatByExt(name)
}

// formatByExt is the fallback for text whose shape says nothing clear: a
// one-column CSV, an HTML fragment, a JSON file damaged at its start.
func formatByExt(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".json":
		return JSON
	case ".ndjson", ".jsonl":
		return NDJSON
	case ".sql":
		return SQL
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".eml":
		return EML
	case ".mbox":
		return MBOX
	}
	return Text
}

// hasExt reports whether name ends in one of exts (".tsv"), ignoring case.
func hasExt(name string, exts ...string) bool {
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if ext == e {
			return true
		}
	}
	return false
}

// looksHTML reports whether text (without leading space) starts like an
// HTML page: a tag first, and a doctype, html, head or body tag near the
// top.
func looksHTML(text []byte) bool {
	if len(text) == 0 || text[0] != '<' {
		return false
	}
	top := bytes.ToLower(text[:min(len(text), 1024)])
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if bytes.Contains(top, []byte(tag)) {
			return true
		}
	}
	return false
}

// sniffMailHeaders are the header fields that mark a mail; two of them at the
// top of a file make it one.
var sniffMailHeaders = map[string]bool{
	"received": true, "from": true, "return-path": true, "mime-version": true,
	"message-id": true, "subject": true, "date": true, "to": true, "cc": true,
	"delivered-to": true,
}

// looksEML reports whether text starts with an RFC 5322 header block.
func looksEML(text []byte) bool {
	headers, known := 0, 0
	for line := 0; line < 64 && len(text) > 0; line++ {
		var l []byte
		l, text = cutLine(text)
		if len(bytes.TrimRight(l, "\r")) == 0 {
			break // the end of the header block
		}
		if l[0] == ' ' || l[0] == '\t' {
			if headers == 0 {
				return false
			}
			continue // a folded header line
		}
		field, ok := headerField(l)
		if !ok {
			return false
		}
		headers++
		if sniffMailHeaders[strings.ToLower(string(field))] {
			known++
		}
	}
	return headers >= 2 && known >= 2
}

// looksMBOX reports whether text is an mbox: a "From " line, then a mail.
func looksMBOX(text []byte) bool {
	if !bytes.HasPrefix(text, []byte("From ")) {
		return false
	}
	_, rest := cutLine(text)
	return looksEML(rest)
}

// headerField returns the field name of a header line ("Subject: x").
func headerField(line []byte) ([]byte, bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return nil, false
	}
	for _, c := range line[:colon] {
		if c <= ' ' || c > '~' {
			return nil, false
		}
	}
	return line[:colon], true
}

// cutLine splits text after its first line.
func cutLine(text []byte) (line, rest []byte) {
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		return text[:i], text[i+1:]
	}
	return text, nil
}

// sqlDumpBanners are the first comments of the dump tools.
var sqlDumpBanners = []string{"-- MySQL dump", "-- MariaDB dump", "-- PostgreSQL database dump"}

// sqlStatementWords start the statements found in dumps; a file whose first
// statements all start with one of them, and one is a CREATE TABLE, INSERT
// INTO or COPY FROM stdin, is an SQL dump.
var sqlStatementWords = map[string]bool{
	"SET": true, "DROP": true, "CREATE": true, "INSERT": true, "REPLACE": true,
	"LOCK": true, "UNLOCK": true, "ALTER": true, "USE": true, "BEGIN": true,
	"START": true, "COMMIT": true, "SELECT": true, "COMMENT": true, "GRANT": true,
	"REVOKE": true, "DELETE": true, "UPDATE": true, "TRUNCATE": true, "COPY": true,
}

// looksSQL reports whether text starts like an SQL dump.
func looksSQL(text []byte) bool {
	top := text[:min(len(text), 4096)]
	for _, banner := range sqlDumpBanners {
		if bytes.Contains(top, []byte(banner)) {
			return true
		}
	}
	i := 0
	for range 64 {
		i = skipSQLSpace(text, i)
		if i >= len(text) {
			return false
		}
		if text[i] == ';' {
			i++
			continue
		}
		words := sqlWords(text[i:], 4)
		if len(words) == 0 || !sqlStatementWords[words[0]] {
			return false
		}
		end := statementEnd(text, i)
		if isDataStatement(words, text[i:end]) {
			return true
		}
		if end >= len(text) {
			return false
		}
		i = end + 1
	}
	return false
}

// isDataStatement reports whether a statement starting with words is one
// that holds or declares data: INSERT INTO, REPLACE INTO, CREATE TABLE,
// COPY ... FROM stdin.
func isDataStatement(words []string, stmt []byte) bool {
	rest := strings.Join(words[1:], " ")
	switch words[0] {
	case "INSERT", "REPLACE":
		return strings.Contains(rest, "INTO")
	case "CREATE":
		return strings.Contains(rest, "TABLE")
	case "COPY":
		return bytes.Contains(bytes.ToUpper(stmt), []byte("FROM STDIN"))
	}
	return false
}

// sqlWords returns up to n leading words of stmt, upper-cased, looking
// at its first 256 bytes.
func sqlWords(stmt []byte, n int) []string {
	var words []string
	for _, f := range bytes.Fields(stmt[:min(len(stmt), 256)]) {
		if len(words) == n {
			break
		}
		end := 0
		for end < len(f) && isIdentByte(f[end]) {
			end++
		}
		if end == 0 {
			break
		}
		words = append(words, strings.ToUpper(string(f[:end])))
	}
	return words
}

// skipSQLSpace skips whitespace and comments from text[i].
func skipSQLSpace(text []byte, i int) int {
	for i < len(text) {
		switch {
		case isSpace(text[i]):
			i++
		case text[i] == '#', bytes.HasPrefix(text[i:], []byte("--")):
			_, rest := cutLine(text[i:])
			i = len(text) - len(rest)
		case bytes.HasPrefix(text[i:], []byte("/*")):
			end := bytes.Index(text[i+2:], []byte("*/"))
			if end < 0 {
				return len(text)
			}
			i += 2 + end + 2
		default:
			return i
		}
	}
	return i
}

// statementEnd returns the index of the ';' ending the statement at
// text[i], skipping quoted strings and identifiers, or len(text).
func statementEnd(text []byte, i int) int {
	for i < len(text) {
		switch c := text[i]; c {
		case ';':
			return i
		case '\'', '"', '`':
			i = quotedEnd(text, i+1, c)
		default:
			i++
		}
	}
	return len(text)
}

// quotedEnd returns the index after the quote closing a string whose
// content starts at text[i], with backslash escapes and doubled quotes.
func quotedEnd(text []byte, i int, quote byte) int {
	for i < len(text) {
		switch text[i] {
		case '\\':
			i += 2
		case quote:
			return i + 1
		default:
			i++
		}
	}
	return len(text)
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// isIdentByte reports whether c may be part of an unquoted SQL identifier
// or keyword.
func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80
}

// isBzip2 reports whether head starts a bzip2 stream: "BZh", the block
// size 1-9, and the block magic 0x314159265359.
func isBzip2(head []byte) bool {
	return len(head) >= 10 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' &&
		head[3] >= '1' && head[3] <= '9' && bytes.Equal(head[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59})
}
