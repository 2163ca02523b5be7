package publish

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

const (
	// maxPasswordLine is the longest line read: a longer one is no
	// password anybody types.
	maxPasswordLine = 1024
	// maxPwned is how many distinct hashes one incident's list holds.
	maxPwned = 20_000_000
	// badLinesNamed is how many bad line numbers an error names.
	badLinesNamed = 10
)

// parsePasswords reads a leaked password list: per line a SHA-1 hash (40
// hex digits, optionally ":count", as Pwned Passwords writes them) or a
// password in plain text, hashed here; blank lines are skipped, and a line
// of 40 hex digits is read as a hash, never as a password. The same hash
// twice adds its counts. It returns the rows by Prefix then Suffix. Bad
// lines (a hash with a count that is no positive number, control
// characters, no UTF-8, longer than maxPasswordLine) make an errs.Invalid
// error naming their line numbers, never their content: they are
// passwords.
func parsePasswords(r io.Reader) ([]PwnedRow, error) {
	counts := map[[sha1.Size]byte]int{}
	var bad []int
	br := bufio.NewReaderSize(r, 64<<10)
	for n := 1; ; n++ {
		line, fits, err := readLine(br)
		if err != nil && err != io.EOF {
			return nil, errs.E(errs.Invalid, "passwords: the file could not be read after line %d", n-1)
		}
		if err == io.EOF && fits && len(line) == 0 {
			break
		}
		h, c, ok := parsePasswordLine(line, fits)
		switch {
		case !ok:
			bad = append(bad, n)
		case c > 0:
			counts[h] = int(min(int64(counts[h])+int64(c), math.MaxInt32))
			if len(counts) > maxPwned {
				return nil, errs.E(errs.TooLarge, "passwords: more than %d distinct hashes", maxPwned)
			}
		}
		if err == io.EOF {
			break
		}
	}
	if len(bad) > 0 {
		return nil, badLinesError(bad)
	}
	return pwnedRows(counts), nil
}

// readLine returns the next line without its line break, valid until the
// next read; fits is false (and the line nil) when it did not fit the
// reader's buffer, the rest of it skipped.
func readLine(br *bufio.Reader) (line []byte, fits bool, err error) {
	line, err = br.ReadSlice('\n')
	fits = true
	for err == bufio.ErrBufferFull {
		fits, line = false, nil
		_, err = br.ReadSlice('\n')
	}
	return bytes.TrimRight(line, "\r\n"), fits, err
}

// parsePasswordLine reads one line; count 0 for a line to skip, ok false
// for a bad one.
func parsePasswordLine(line []byte, fits bool) (hash [sha1.Size]byte, count int, ok bool) {
	if !fits || len(line) > maxPasswordLine {
		return hash, 0, false
	}
	s := string(line)
	t := strings.TrimSpace(s)
	if t == "" {
		return hash, 0, true
	}
	hexPart, countPart, hasCount := strings.Cut(t, ":")
	if len(hexPart) == 2*sha1.Size && isHex(hexPart) {
		if _, err := hex.Decode(hash[:], []byte(hexPart)); err != nil {
			return hash, 0, false
		}
		if !hasCount {
			return hash, 1, true
		}
		c, err := strconv.Atoi(strings.TrimSpace(countPart))
		if err != nil || c < 1 {
			return hash, 0, false
		}
		return hash, c, true
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, isControl) {
		return hash, 0, false
	}
	return sha1.Sum(line), 1, true
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func isControl(r rune) bool { return r != '\t' && (r < 0x20 || r == 0x7f) }

// badLinesError names the first bad lines and how many more there are.
func badLinesError(bad []int) error {
	named := make([]string, 0, badLinesNamed)
	for _, n := range bad[:min(len(bad), badLinesNamed)] {
		named = append(named, strconv.Itoa(n))
	}
	more := ""
	if len(bad) > badLinesNamed {
		more = " and " + strconv.Itoa(len(bad)-badLinesNamed) + " more"
	}
	return errs.E(errs.Invalid, "passwords: line %s%s: neither a SHA-1 hash (40 hex digits, optionally :count) nor a password of one line; nothing was imported",
		strings.Join(named, ", "), more)
}

// pwnedRows turns the counts into rows by Prefix, then Suffix.
func pwnedRows(counts map[[sha1.Size]byte]int) []PwnedRow {
	rows := make([]PwnedRow, 0, len(counts))
	for h, c := range counts {
		x := strings.ToUpper(hex.EncodeToString(h[:]))
		rows = append(rows, PwnedRow{Prefix: x[:5], Suffix: x[5:], Count: c})
	}
	slices.SortFunc(rows, func(a, b PwnedRow) int {
		return strings.Compare(a.Prefix+a.Suffix, b.Prefix+b.Suffix)
	})
	return rows
}
