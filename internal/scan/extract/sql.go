package extract

// SQL dumps: MySQL/MariaDB (mysqldump) and PostgreSQL (pg_dump). Only the
// statements that carry rows are parsed: INSERT/REPLACE ... VALUES tuples
// and COPY ... FROM stdin blocks, plus CREATE TABLE for the column names
// of inserts without a column list. Everything else is skipped at the
// speed of a byte scan, respecting quotes, comments and dollar quoting.
//
// Every tuple and every COPY row is a record, Loc{"tuple", n} with n
// counting from 1 over the whole file. A value's field is its string or
// number literal; NULL, DEFAULT, booleans and hex/bit literals carry no
// text and are left out; an expression (a function call, a cast)
// contributes the literals inside it, joined by a space. Strings follow
// their dialect: MySQL's backslash escapes in '...' and "..."; in a
// PostgreSQL dump (told by its banner or settings) a backslash in '...' is
// an ordinary character, E'...' takes the one-letter escapes, and $$...$$
// and $tag$...$tag$ strings are values too.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

const (
	// maxSQLTuple bounds the text of one tuple.
	maxSQLTuple = 256 << 20
	// maxCOPYLine bounds one line of a COPY block, which is held whole.
	maxCOPYLine = 64 << 20
	// sqlCheckEvery is how many statements or rows pass between
	// cancellation checks.
	sqlCheckEvery = 1024
)

var (
	errSQLSyntax    = errors.New("invalid SQL statement")
	errSQLTruncated = errors.New("unterminated SQL statement")
	errSQLTooBig    = errors.New("SQL tuple larger than 256 MiB")
	errSQLTooWide   = errors.New("SQL tuple with more than 1048576 values")
	errCOPYTooBig   = errors.New("COPY row larger than 64 MiB")
	errCOPYOpen     = errors.New("unterminated COPY block")
)

// ExtractSQL reads an SQL dump. A statement that does not parse is
// skipped up to its ';' and the file ends Damaged naming the line of the
// first one; a dump cut off inside a statement ends Damaged there.
func ExtractSQL(ctx context.Context, r io.Reader, name string, sink Sink) error {
	w, err := openWindow(r, maxCOPYLine)
	if err != nil {
		return fmt.Errorf("read sql: %w", err)
	}
	p := &sqlParser{w: w, sink: sink, out: newRowWriter(sink), tables: make(map[string]*sqlTable), lists: make(map[string][]*Column)}
	p.pg = isPostgresDump(w.avail())
	return unwrapSinkError(p.run(ctx))
}

// isPostgresDump reports whether a dump comes from PostgreSQL, where a
// backslash in a '...' string is an ordinary character.
func isPostgresDump(head []byte) bool {
	return bytes.Contains(head, []byte("PostgreSQL database dump")) ||
		bytes.Contains(head, []byte("standard_conforming_strings = on")) ||
		bytes.Contains(head, []byte("pg_catalog."))
}

type sqlParser struct {
	w    *window
	sink Sink
	pg   bool

	arena  []byte    // the current tuple's values
	spans  []sqlSpan // its fields
	values []Span    // the fields delivered, named
	out    rowWriter
	word   []byte // the last keyword or identifier read
	name   []byte // the table name being read
	tuples int64
	bad    string // the reason of the first bad statement

	tables map[string]*sqlTable // by unqualified table name
	lists  map[string][]*Column // interned column lists, by table and names
	table  *sqlTable            // the table of the current statement
	cols   []*Column            // the columns of the current statement
}

type sqlSpan struct {
	index      int // the value's position in its tuple
	start, end int
}

// sqlTable is what the dump said about a table.
type sqlTable struct {
	name     string
	names    []string  // its columns, from CREATE TABLE
	created  []*Column // names, interned as inserts need them
	fallback []*Column // "t.column N" for columns without a name
}

func (p *sqlParser) run(ctx context.Context) error {
	for n := 0; ; n++ {
		c, ok := p.skipSpace()
		if !ok {
			break
		}
		if n%sqlCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if c == ';' {
			p.w.pos++
			continue
		}
		line := p.w.line()
		if err := p.statement(ctx, c); err != nil {
			if err := p.recover(err, line); err != nil {
				return err
			}
		}
	}
	if p.w.err != nil {
		return fmt.Errorf("read sql: %w", p.w.err)
	}
	if p.bad != "" {
		return &Damaged{Reason: p.bad}
	}
	return nil
}

// recover notes a bad statement and skips it; errors that end the file
// are returned.
func (p *sqlParser) recover(err error, line int64) error {
	switch {
	case isSinkError(err), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case p.w.err != nil:
		return fmt.Errorf("read sql: %w", p.w.err)
	case err == errSQLSyntax:
		if p.bad == "" {
			p.bad = reasonAt(err, line)
		}
		if err := p.skipStatement(); err != nil {
			return &Damaged{Reason: reasonAt(err, line)}
		}
		return nil
	case err == errCOPYTooBig:
		return &Damaged{Reason: reasonAt(err, p.w.line())}
	}
	return &Damaged{Reason: reasonAt(err, line)}
}

// statement reads one statement starting with byte c.
func (p *sqlParser) statement(ctx context.Context, c byte) error {
	if c == '\\' {
		return p.skipLine() // a psql meta-command such as \connect
	}
	if !isIdentByte(c) {
		return p.skipStatement()
	}
	switch p.readWord() {
	case "INSERT", "REPLACE":
		return p.insert(ctx)
	case "COPY":
		return p.copy(ctx)
	case "CREATE":
		return p.create()
	case "DELIMITER":
		return p.delimiter()
	}
	return p.skipStatement()
}

// insert reads INSERT [modifiers] [INTO] t [(cols)] VALUES (...),(...).
func (p *sqlParser) insert(ctx context.Context) error {
	if err := p.tableNameAfter("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO"); err != nil {
		return err
	}
	if err := p.columnList(); err != nil {
		return err
	}
	switch p.readWordsUntil("VALUES", "VALUE") {
	case "VALUES", "VALUE":
		return p.valuesTuples(ctx)
	}
	return p.skipStatement() // INSERT ... SELECT, ... SET, DEFAULT VALUES
}

// valuesTuples reads the tuples after VALUES and the rest of the
// statement.
func (p *sqlParser) valuesTuples(ctx context.Context) error {
	for n := 1; ; n++ {
		if n%sqlCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c, ok := p.skipSpace()
		if !ok {
			return errSQLTruncated
		}
		if isIdentByte(c) && p.readWord() == "ROW" {
			c, ok = p.skipSpace() // MySQL 8: VALUES ROW(...), ROW(...)
		}
		if !ok {
			return errSQLTruncated
		}
		if c != '(' {
			return errSQLSyntax
		}
		p.w.pos++
		if err := p.tuple(); err != nil {
			return err
		}
		if c, ok = p.skipSpace(); !ok || c != ',' {
			return p.skipStatement()
		}
		p.w.pos++
	}
}

// tuple reads the values of one tuple (its '(' consumed) and delivers it.
func (p *sqlParser) tuple() error {
	p.arena = p.arena[:0]
	p.spans = p.spans[:0]
	for index := 0; ; index++ {
		end, err := p.value(index, true)
		if err != nil {
			return err
		}
		if end == ')' {
			break
		}
	}
	p.values = p.values[:0]
	for _, s := range p.spans {
		p.values = append(p.values, Span{Col: p.column(s.index), Start: s.start, End: s.end})
	}
	p.tuples++
	if err := p.out.row(Loc{Unit: "tuple", N: p.tuples}, p.arena, p.values); err != nil {
		return sinkError{err}
	}
	return nil
}

// value reads one value of a tuple up to the ',' or ')' that ends it at
// its level, and returns that byte. With keep, the literals in it become
// the field of the value at index.
func (p *sqlParser) value(index int, keep bool) (byte, error) {
	start := len(p.arena)
	depth := 0
	for {
		c, ok := p.token()
		if !ok {
			c, ok = p.skipSpace()
		}
		if !ok {
			return 0, errSQLTruncated
		}
		if depth == 0 && (c == ',' || c == ')') {
			p.w.pos++
			if index >= maxRecordFields {
				return 0, errSQLTooWide
			}
			if keep && len(p.arena) > start {
				p.spans = append(p.spans, sqlSpan{index: index, start: start, end: len(p.arena)})
			}
			return c, nil
		}
		if err := p.valueToken(c, &depth, keep, start); err != nil {
			return 0, err
		}
		if len(p.arena) > maxSQLTuple {
			return 0, errSQLTooBig
		}
	}
}

// valueToken reads one token of a value starting with byte c.
func (p *sqlParser) valueToken(c byte, depth *int, keep bool, start int) error {
	w := p.w
	switch {
	case c == '(' || c == '[':
		*depth++
		w.pos++
	case c == ')' || c == ']':
		*depth = max(*depth-1, 0)
		w.pos++
	case c == '\'':
		w.pos++
		return p.literalString('\'', !p.pg, keep, start)
	case c == '"':
		w.pos++
		return p.literalString('"', !p.pg, keep && !p.pg, start) // PostgreSQL: an identifier
	case c == '`':
		w.pos++
		_, err := p.quoted(nil, '`', false, false)
		return err
	case c == '$' && p.pg:
		return p.dollarQuoted(keep, start)
	case c >= '0' && c <= '9', (c == '.' || c == '-') && p.nextIsDigit():
		p.number(keep, start)
	case isIdentByte(c):
		return p.prefixedLiteral(keep, start)
	default:
		w.pos++ // an operator
	}
	return nil
}

// literalString reads a quoted string literal into the arena.
func (p *sqlParser) literalString(quote byte, backslash, keep bool, start int) error {
	if keep {
		p.separate(start)
	}
	var err error
	p.arena, err = p.quoted(p.arena, quote, backslash, keep)
	return err
}

// separate puts a space between the literals of one value.
func (p *sqlParser) separate(start int) {
	if len(p.arena) > start {
		p.arena = append(p.arena, ' ')
	}
}

// prefixedLiteral reads a word inside a value: a keyword or function
// name (dropped), or the prefix of a literal: X'..' and B'..' (binary,
// dropped), E'..' (PostgreSQL escapes), N'..' and charset introducers
// such as _binary, which the string after them follows.
func (p *sqlParser) prefixedLiteral(keep bool, start int) error {
	word := p.readRawWord()
	if !p.w.ensure(1) || p.w.buf[p.w.pos] != '\'' || len(word) != 1 {
		return nil
	}
	p.w.pos++
	switch word[0] {
	case 'x', 'X', 'b', 'B':
		_, err := p.quoted(nil, '\'', false, false)
		return err
	case 'e', 'E':
		return p.literalString('\'', true, keep, start)
	}
	return p.literalString('\'', !p.pg, keep, start)
}

// nextIsDigit reports whether the byte after w.pos is a digit: a minus
// sign or a decimal point that starts a number, not an operator.
func (p *sqlParser) nextIsDigit() bool {
	return p.w.ensure(2) && p.w.buf[p.w.pos+1] >= '0' && p.w.buf[p.w.pos+1] <= '9'
}

// number reads a number as written; hex and bit numbers (0x.., 0b..)
// carry no text and are dropped.
func (p *sqlParser) number(keep bool, start int) {
	w := p.w
	if keep {
		p.separate(start)
	}
	from := len(p.arena)
	prev := byte(0)
	for w.pos < w.end || w.more() {
		c := w.buf[w.pos]
		sign := (c == '-' || c == '+') && (prev == 0 || prev == 'e' || prev == 'E')
		if !isIdentByte(c) && c != '.' && !sign {
			break
		}
		p.arena = append(p.arena, c)
		prev = c
		w.pos++
	}
	num := p.arena[from:]
	binary := len(num) > 1 && num[0] == '0' && (num[1]|0x20 == 'x' || num[1]|0x20 == 'b')
	if !keep || binary {
		if keep && from > start {
			from-- // the separator before it
		}
		p.arena = p.arena[:from]
	}
}

// quoteSearch finds the runs of plain content in a string. Two
// vectorized searches (quote, backslash) beat a byte loop even on short
// strings; remembering where the quote is keeps a long string full of
// escapes (a blob) from being searched again after every escape.
type quoteSearch struct {
	quoteAt int64 // the stream offset of the next quote, once found
	clearTo int64 // no quote before this stream offset
	found   bool
}

// shortRun is how far plainRun looks with one pass for both stops.
const shortRun = 64

// plainRun returns the length of the run of plain content at the start of
// b, which is at stream offset at: up to the quote or, with backslash
// escapes, a backslash.
func (q *quoteSearch) plainRun(b []byte, at int64, quote byte, backslash bool) int {
	if backslash && !q.found {
		// Most values are short: look for either stop in one pass
		// over their first bytes before two searches over the rest.
		if k := indexEitherShort(b[:min(len(b), shortRun)], quote, '\\'); k >= 0 {
			return k
		}
	}
	if !q.found || q.quoteAt < at {
		q.found = false
		from := int(min(max(0, q.clearTo-at), int64(len(b))))
		if k := bytes.IndexByte(b[from:], quote); k >= 0 {
			q.quoteAt, q.found = at+int64(from+k), true
		} else {
			q.clearTo = at + int64(len(b))
		}
	}
	end := len(b)
	if q.found {
		end = int(q.quoteAt - at)
	}
	if backslash {
		if k := bytes.IndexByte(b[:end], '\\'); k >= 0 {
			return k
		}
	}
	return end
}

// quoted reads a quoted string or identifier (its opening quote consumed)
// and, with keep, appends its unescaped content to dst. A doubled quote
// is one quote; with backslash, MySQL escapes apply.
func (p *sqlParser) quoted(dst []byte, quote byte, backslash, keep bool) ([]byte, error) {
	w := p.w
	var q quoteSearch
	for {
		b := w.avail()
		i := q.plainRun(b, w.base+int64(w.pos), quote, backslash)
		if keep {
			dst = append(dst, b[:i]...)
			if len(dst) > maxSQLTuple {
				return dst, errSQLTooBig
			}
		}
		w.pos += i
		if i == len(b) {
			if !w.more() {
				return dst, errSQLTruncated
			}
			continue
		}
		stop := b[i] // b goes stale when ensure slides the window
		if !w.ensure(2) {
			if stop == quote {
				w.pos++
				return dst, nil
			}
			return dst, errSQLTruncated
		}
		next := w.buf[w.pos+1]
		if stop == quote && next != quote {
			w.pos++
			return dst, nil
		}
		w.pos += 2
		if keep {
			dst = appendUnescaped(dst, stop, next)
		}
	}
}

// appendUnescaped appends what a two-byte sequence inside a string
// stands for: a doubled quote, or a MySQL backslash escape. \% and \_
// keep their backslash, as MySQL does.
func appendUnescaped(dst []byte, first, next byte) []byte {
	if first != '\\' {
		return append(dst, next)
	}
	switch next {
	case '0':
		return append(dst, 0)
	case 'b':
		return append(dst, '\b')
	case 'n':
		return append(dst, '\n')
	case 'r':
		return append(dst, '\r')
	case 't':
		return append(dst, '\t')
	case 'Z':
		return append(dst, 0x1a)
	case '%', '_':
		return append(dst, '\\', next)
	}
	return append(dst, next)
}

// dollarQuoted reads a PostgreSQL $tag$...$tag$ string, or skips a lone
// '$' (a parameter or an operator).
func (p *sqlParser) dollarQuoted(keep bool, start int) error {
	tag, ok := p.dollarTag()
	if !ok {
		p.w.pos++
		return nil
	}
	if keep {
		p.separate(start)
	}
	var err error
	p.arena, err = p.untilTag(p.arena, tag, keep)
	return err
}

// dollarTag reads the opening $tag$ at w.pos.
func (p *sqlParser) dollarTag() (string, bool) {
	w := p.w
	w.ensure(66)
	b := w.avail()
	end := 1
	for end < len(b) && end < 65 && isIdentByte(b[end]) && b[end] != '$' {
		end++
	}
	if end >= len(b) || b[end] != '$' || (end > 1 && b[1] >= '0' && b[1] <= '9') {
		return "", false
	}
	tag := string(b[:end+1])
	w.pos += end + 1
	return tag, true
}

// untilTag reads a dollar-quoted body up to its closing tag.
func (p *sqlParser) untilTag(dst []byte, tag string, keep bool) ([]byte, error) {
	w := p.w
	for {
		b := w.avail()
		i := bytes.Index(b, []byte(tag))
		if i >= 0 {
			if keep {
				dst = append(dst, b[:i]...)
			}
			w.pos += i + len(tag)
			return dst, nil
		}
		safe := max(0, len(b)-len(tag)+1) // a tag may straddle the window's end
		if keep {
			dst = append(dst, b[:safe]...)
			if len(dst) > maxSQLTuple {
				return dst, errSQLTooBig
			}
		}
		w.pos += safe
		if !w.more() {
			return dst, errSQLTruncated
		}
	}
}

// copy reads COPY t [(cols)] FROM stdin; and the rows after it.
func (p *sqlParser) copy(ctx context.Context) error {
	if err := p.tableNameAfter("ONLY"); err != nil {
		return err
	}
	if err := p.columnList(); err != nil {
		return err
	}
	if p.readWordsUntil("FROM", "TO") != "FROM" || p.readWordsUntil("STDIN") != "STDIN" {
		return p.skipStatement() // COPY ... TO stdout, COPY ... FROM 'file'
	}
	if err := p.skipStatement(); err != nil {
		return err
	}
	if err := p.skipLine(); err != nil {
		return err
	}
	return p.copyRows(ctx)
}

// copyRows reads the tab-separated rows of a COPY block up to "\.".
func (p *sqlParser) copyRows(ctx context.Context) error {
	for n := 1; ; n++ {
		if n%sqlCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line, err := p.copyLine()
		if err != nil {
			return err
		}
		if string(bytes.TrimRight(line, "\r")) == `\.` {
			return nil
		}
		if err := p.copyRow(line); err != nil {
			return err
		}
	}
}

// copyLine returns the next line of a COPY block (without its newline),
// held whole in the window, and consumes it.
func (p *sqlParser) copyLine() ([]byte, error) {
	w := p.w
	scanned := 0
	for {
		b := w.avail()
		if i := bytes.IndexByte(b[scanned:], '\n'); i >= 0 {
			w.pos += scanned + i + 1
			return b[:scanned+i], nil
		}
		scanned = len(b)
		if w.more() {
			continue
		}
		b = w.avail()
		switch {
		case w.full:
			return nil, errCOPYTooBig
		case len(b) > 0 && w.err == nil:
			w.pos = w.end
			return b, nil // the last line, without a newline
		}
		return nil, errCOPYOpen
	}
}

// copyRow delivers one COPY row: fields split at tabs, \N is NULL.
func (p *sqlParser) copyRow(line []byte) error {
	p.values = p.values[:0]
	rest := line
	for index := 0; len(rest) > 0 || index == 0; index++ {
		start := len(line) - len(rest) // the field's offset in line
		field := rest
		if i := bytes.IndexByte(rest, '\t'); i >= 0 {
			field, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		if len(field) == 0 || string(field) == `\N` {
			continue
		}
		if bytes.IndexByte(field, '\\') >= 0 {
			field = unescapeCOPY(field) // in place: it still starts at start
		}
		p.values = append(p.values, Span{Col: p.column(index), Start: start, End: start + len(field)})
	}
	p.tuples++
	if err := p.out.row(Loc{Unit: "tuple", N: p.tuples}, line, p.values); err != nil {
		return sinkError{err}
	}
	return nil
}

// unescapeCOPY decodes the backslash escapes of COPY's text format in
// place: \b \f \n \r \t \v, octal \ooo, hex \xhh; any other escaped
// byte stands for itself.
func unescapeCOPY(v []byte) []byte {
	out := 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' || i+1 == len(v) {
			v[out] = c
			out++
			continue
		}
		i++
		c, n := copyEscape(v[i:])
		v[out] = c
		out++
		i += n - 1
	}
	return v[:out]
}

// copyEscape decodes the escape whose first byte after the backslash
// starts e, returning the byte and how many bytes of e it used.
func copyEscape(e []byte) (byte, int) {
	switch e[0] {
	case 'b':
		return '\b', 1
	case 'f':
		return '\f', 1
	case 'n':
		return '\n', 1
	case 'r':
		return '\r', 1
	case 't':
		return '\t', 1
	case 'v':
		return '\v', 1
	case 'x':
		if v, n := parseDigits(e[1:], 16, 2); n > 0 {
			return byte(v), 1 + n
		}
	case '0', '1', '2', '3', '4', '5', '6', '7':
		v, n := parseDigits(e, 8, 3)
		return byte(v), n
	}
	return e[0], 1
}

// parseDigits parses up to limit digits of base at the start of b.
func parseDigits(b []byte, base, limit int) (int, int) {
	v, n := 0, 0
	for n < len(b) && n < limit {
		d, err := strconv.ParseUint(string(b[n]), base, 8)
		if err != nil {
			break
		}
		v = v*base + int(d)
		n++
	}
	return v, n
}

// create reads CREATE TABLE t (col ..., ...) for its column names.
func (p *sqlParser) create() error {
	if p.readWordsUntil("TABLE") != "TABLE" {
		return p.skipStatement() // CREATE INDEX, VIEW, FUNCTION ...
	}
	if err := p.tableNameAfter("IF", "NOT", "EXISTS"); err != nil {
		return err
	}
	if c, ok := p.skipSpace(); !ok || c != '(' {
		return p.skipStatement() // CREATE TABLE ... AS SELECT, LIKE, PARTITION OF
	}
	p.w.pos++
	names, err := p.columnDefinitions()
	if err != nil {
		return err
	}
	p.tables[p.table.name] = &sqlTable{name: p.table.name, names: names}
	return p.skipStatement()
}

// sqlConstraintWords start the items of CREATE TABLE that are not columns.
var sqlConstraintWords = map[string]bool{
	"PRIMARY": true, "KEY": true, "UNIQUE": true, "INDEX": true, "CONSTRAINT": true,
	"FOREIGN": true, "FULLTEXT": true, "SPATIAL": true, "CHECK": true, "EXCLUDE": true,
	"LIKE": true, "PERIOD": true,
}

// columnDefinitions reads the items of CREATE TABLE's list and returns
// the names of its columns.
func (p *sqlParser) columnDefinitions() ([]string, error) {
	var names []string
	for {
		c, ok := p.skipSpace()
		if !ok {
			return nil, errSQLTruncated
		}
		switch {
		case c == '`' || c == '"':
			p.w.pos++
			name, err := p.quoted(nil, c, false, true)
			if err != nil {
				return nil, err
			}
			names = append(names, string(name))
		case isIdentByte(c):
			word := p.readRawWord()
			if !sqlConstraintWords[strings.ToUpper(string(word))] {
				names = append(names, string(word))
			}
		}
		end, err := p.value(0, false)
		if err != nil {
			return nil, err
		}
		if end == ')' {
			return names, nil
		}
	}
}

// tableNameAfter reads the table name after optional words (INTO, ONLY,
// IF NOT EXISTS).
func (p *sqlParser) tableNameAfter(optional ...string) error {
	for {
		c, ok := p.skipSpace()
		if !ok {
			return errSQLTruncated
		}
		if !isIdentByte(c) {
			return p.tableName(false)
		}
		word := p.readWord()
		if !slices.Contains(optional, word) {
			return p.tableName(true)
		}
	}
}

// tableName reads a possibly qualified table name (schema.t, `db`.`t`)
// and makes its last part the current table. afterWord says the first
// part was already read into p.word.
func (p *sqlParser) tableName(afterWord bool) error {
	name := p.name[:0]
	if afterWord {
		name = append(name, p.word...)
	}
	defer func() { p.name = name }()
	for {
		c, ok := p.skipSpace()
		if !ok {
			return errSQLTruncated
		}
		switch {
		case len(name) > 0 && c != '.':
			p.setTable(name)
			return nil
		case c == '.':
			p.w.pos++
			name = name[:0]
			continue
		case c == '`' || c == '"':
			p.w.pos++
			var err error
			if name, err = p.quoted(name[:0], c, false, true); err != nil {
				return err
			}
		case isIdentByte(c):
			name = append(name[:0], p.readRawWord()...)
		default:
			return errSQLSyntax
		}
	}
}

// setTable makes t the current table, with its columns from CREATE TABLE.
func (p *sqlParser) setTable(name []byte) {
	t, ok := p.tables[string(name)]
	if !ok {
		t = &sqlTable{name: string(name)}
		p.tables[t.name] = t
	}
	p.table = t
	if len(t.created) < len(t.names) {
		for _, n := range t.names[len(t.created):] {
			t.created = append(t.created, p.sink.Column(n))
		}
	}
	p.cols = t.created
}

// columnList reads an optional (a, b, c) after the table name and makes
// its columns the current ones.
func (p *sqlParser) columnList() error {
	c, ok := p.skipSpace()
	if !ok {
		return errSQLTruncated
	}
	if c != '(' {
		return nil
	}
	p.w.pos++
	key, err := p.columnNames(append(p.arena[:0], p.table.name...))
	p.arena = key[:0] // the tuple arena lends its buffer to the key
	if err != nil {
		return err
	}
	p.cols = p.internList(key)
	return nil
}

// columnNames reads the names of a column list (its '(' consumed) and
// appends each to key after a NUL byte.
func (p *sqlParser) columnNames(key []byte) ([]byte, error) {
	for {
		c, ok := p.skipSpace()
		if !ok {
			return key, errSQLTruncated
		}
		key = append(key, 0)
		switch {
		case c == '`' || c == '"':
			p.w.pos++
			var err error
			if key, err = p.quoted(key, c, false, true); err != nil {
				return key, err
			}
		case isIdentByte(c):
			key = append(key, p.readRawWord()...)
		default:
			return key, errSQLSyntax
		}
		if c, ok = p.skipSpace(); !ok {
			return key, errSQLTruncated
		}
		p.w.pos++
		switch c {
		case ')':
			return key, nil
		case ',':
		default:
			return key, errSQLSyntax
		}
	}
}

// internList returns the columns of a list keyed "table\0a\0b".
func (p *sqlParser) internList(key []byte) []*Column {
	if cols, ok := p.lists[string(key)]; ok {
		return cols
	}
	names := strings.Split(string(key), "\x00")[1:]
	cols := make([]*Column, len(names))
	for i, n := range names {
		cols[i] = p.sink.Column(n)
	}
	p.lists[string(key)] = cols
	return cols
}

// column returns the column of the value at index in the current
// statement: named by the column list or CREATE TABLE, else "t.column N".
func (p *sqlParser) column(index int) *Column {
	if index < len(p.cols) {
		return p.cols[index]
	}
	t := p.table
	for len(t.fallback) <= index {
		t.fallback = append(t.fallback, nil)
	}
	if t.fallback[index] == nil {
		t.fallback[index] = p.sink.Column(t.name + "." + columnName(index))
	}
	return t.fallback[index]
}

// delimiter handles the mysql client's DELIMITER command: between
// DELIMITER ;; and DELIMITER ; come stored routines and triggers, which
// hold no rows and are skipped line by line.
func (p *sqlParser) delimiter() error {
	c, ok := p.skipSpace()
	if !ok {
		return nil
	}
	if c == ';' {
		return p.skipLine()
	}
	for {
		if err := p.skipLine(); err != nil {
			return err
		}
		if !p.w.ensure(len("DELIMITER")) {
			return nil
		}
		if strings.EqualFold(string(p.w.buf[p.w.pos:p.w.pos+len("DELIMITER")]), "DELIMITER") {
			return nil
		}
	}
}

// skipLine skips to the start of the next line.
func (p *sqlParser) skipLine() error {
	w := p.w
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

// sqlSkipStops are the bytes that matter while skipping a statement.
var sqlSkipStops = [256]bool{';': true, '\'': true, '"': true, '`': true, '-': true, '#': true, '/': true, '$': true}

// skipStatement skips to just after the ';' ending the current statement,
// stepping over strings, quoted identifiers, comments and dollar quotes.
func (p *sqlParser) skipStatement() error {
	w := p.w
	for {
		b := w.avail()
		i := 0
		for i < len(b) && !sqlSkipStops[b[i]] {
			i++
		}
		w.pos += i
		if i == len(b) {
			if !w.more() {
				return nil
			}
			continue
		}
		if b[i] == ';' {
			w.pos++
			return nil
		}
		if err := p.skipToken(b[i]); err != nil {
			return err
		}
	}
}

// skipToken steps over the string, comment or other token at w.pos.
func (p *sqlParser) skipToken(c byte) error {
	switch c {
	case '\'', '"', '`':
		p.w.pos++
		_, err := p.quoted(nil, c, c != '`' && !p.pg, false)
		return err
	case '$':
		if !p.pg {
			p.w.pos++
			return nil
		}
		return p.dollarQuoted(false, 0)
	}
	if !p.skipComment() {
		p.w.pos++
	}
	return nil
}

// skipSpace skips whitespace and comments and returns the next byte.
// token returns the next byte if nothing is to be skipped before it, the
// common case inside a tuple; ok is false when it cannot tell, and the
// caller calls skipSpace. It is small enough to be inlined.
func (p *sqlParser) token() (c byte, ok bool) {
	c = p.w.peek()
	return c, sqlTokenStart[c]
}

// sqlTokenStart marks the bytes that are neither whitespace nor may
// start a comment; 0 is left out, which peek returns at the end of the
// buffered text.
var sqlTokenStart = func() (t [256]bool) {
	for c := 1; c < 256; c++ {
		t[c] = !isSpace(byte(c)) && c != '-' && c != '#' && c != '/'
	}
	return t
}()

func (p *sqlParser) skipSpace() (byte, bool) {
	w := p.w
	for {
		for w.pos < w.end {
			c := w.buf[w.pos]
			switch {
			case isSpace(c):
				w.pos++
				continue
			case (c == '-' || c == '#' || c == '/') && p.skipComment():
				continue
			}
			return c, true
		}
		if !w.more() {
			return 0, false
		}
	}
}

// skipComment skips the comment at w.pos, if there is one: -- and # to
// the end of the line, /* */ (including MySQL's /*!40101 ... */).
func (p *sqlParser) skipComment() bool {
	w := p.w
	w.ensure(3)
	b := w.avail()
	switch {
	case len(b) >= 2 && b[0] == '-' && b[1] == '-' && (p.pg || len(b) == 2 || b[2] <= ' '),
		len(b) >= 1 && b[0] == '#' && !p.pg:
		_ = p.skipLine()
		return true
	case len(b) >= 2 && b[0] == '/' && b[1] == '*':
		w.pos += 2
		p.skipPast([]byte("*/"))
		return true
	}
	return false
}

// skipPast skips to just after the next occurrence of end.
func (p *sqlParser) skipPast(end []byte) {
	w := p.w
	for {
		if i := bytes.Index(w.avail(), end); i >= 0 {
			w.pos += i + len(end)
			return
		}
		w.pos = max(w.pos, w.end-len(end)+1)
		if !w.more() {
			w.pos = w.end
			return
		}
	}
}

// readWord reads a keyword or bare identifier into p.word and returns it
// upper-cased if it is one of the keywords the parser looks for, or "?"
// for any other word (its raw spelling stays in p.word).
func (p *sqlParser) readWord() string {
	word := p.readRawWord()
	if len(word) > 16 {
		return "?"
	}
	var upper [16]byte
	for i, c := range word {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper[i] = c
	}
	return sqlKeyword(upper[:len(word)])
}

// sqlKeywords are the words the parser looks for, each mapped to itself
// so that a lookup by the bytes read returns the keyword without
// allocating.
var sqlKeywords = func() map[string]string {
	m := make(map[string]string)
	for _, k := range strings.Fields(`INSERT REPLACE COPY CREATE DELIMITER LOW_PRIORITY DELAYED
		HIGH_PRIORITY IGNORE INTO VALUES VALUE ROW ONLY IF NOT EXISTS FROM TO STDIN TABLE
		SELECT SET DEFAULT WITH OVERRIDING`) {
		m[k] = k
	}
	return m
}()

// sqlKeyword returns the keyword spelled by upper, or "?".
func sqlKeyword(upper []byte) string {
	if k, ok := sqlKeywords[string(upper)]; ok {
		return k
	}
	return "?"
}

// readRawWord reads a bare word (letters, digits, _, $, non-ASCII).
func (p *sqlParser) readRawWord() []byte {
	w := p.w
	p.word = p.word[:0]
	for w.pos < w.end || w.more() {
		c := w.buf[w.pos]
		if !isIdentByte(c) {
			break
		}
		p.word = append(p.word, c)
		w.pos++
	}
	return p.word
}

// readWordsUntil reads words until one of wanted, which it returns. It
// returns "" at anything but a word, and stops at the words that start
// what an INSERT can have instead of VALUES.
func (p *sqlParser) readWordsUntil(wanted ...string) string {
	for skip := 0; ; skip-- {
		c, ok := p.skipSpace()
		if !ok || !isIdentByte(c) {
			return ""
		}
		word := p.readWord()
		switch {
		case skip > 0:
			continue
		case slices.Contains(wanted, word):
			return word
		case word == "OVERRIDING":
			skip = 3 // OVERRIDING SYSTEM VALUE
		case word == "SELECT", word == "SET", word == "DEFAULT", word == "WITH":
			return word
		}
	}
}
