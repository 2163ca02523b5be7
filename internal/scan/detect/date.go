package detect

// Dates, for dates of birth: written the usual ways in the languages of
// the leaks we see, always read day before month unless only the other
// order makes sense (01/13/1990). A date counts only if it is real and
// between 1900-01-01 and today.

import (
	"bytes"
	"time"
)

// ParseDate reads a date and returns it as YYYY-MM-DD. It understands
// 2006-01-02, 2006/01/02, 2006.01.02, 1990-1-2, 02.01.2006, 2.1.2006,
// 02-01-2006, 02/01/2006 (day first; month first only when the day is over
// 12), 20060102, 2006年1月2日, "2 January 2006", "2. Januar 2006",
// "January 2, 2006", "2-Jan-2006", "2 de enero de 2006" (month names in
// English, German, French, Spanish, Italian and Dutch), each optionally
// followed by a time ("2006-01-02 15:04:05", "2006-01-02T15:04:05Z").
// It allocates only for a valid date.
func ParseDate(s []byte, today time.Time) (string, bool) {
	s = bytes.TrimSpace(s)
	y, m, d, rest, ok := numericDate(s)
	if !ok {
		y, m, d, rest, ok = cjkDate(s)
	}
	if !ok {
		y, m, d, rest, ok = namedDate(s)
	}
	if !ok || !timeOfDay(rest) || !dateUntil(y, m, d, today) {
		return "", false
	}
	return isoDate(y, m, d), true
}

// dateUntil reports whether y-m-d is a real date from 1900-01-01 to today.
func dateUntil(y, m, d int, today time.Time) bool {
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return false
	}
	ty, tm, td := today.Date()
	return y*10000+m*100+d <= ty*10000+int(tm)*100+td
}

func isoDate(y, m, d int) string {
	b := [10]byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10),
	}
	return string(b[:])
}

// leadingNumber reads up to max digits at the start of s.
func leadingNumber(s []byte, max int) (value, n int) {
	for n < len(s) && n < max && isDigit(s[n]) {
		value = value*10 + int(s[n]-'0')
		n++
	}
	return value, n
}

// numericDate reads the all-digit forms.
func numericDate(s []byte) (y, m, d int, rest []byte, ok bool) {
	a, na := leadingNumber(s, 9)
	switch {
	case na == 8:
		return a / 10000, a / 100 % 100, a % 100, s[8:], true
	case na == 4:
		return yearFirst(a, s[4:])
	case na == 1 || na == 2:
		return dayFirst(a, s[na:])
	}
	return 0, 0, 0, nil, false
}

// yearFirst reads "-01-02" after a year.
func yearFirst(y int, s []byte) (int, int, int, []byte, bool) {
	m, d, rest, ok := twoParts(s, 2, 2)
	return y, m, d, rest, ok
}

// dayFirst reads ".01.2006" after a day (or a month, for 01/13/2006).
func dayFirst(a int, s []byte) (int, int, int, []byte, bool) {
	if len(s) == 0 {
		return 0, 0, 0, nil, false
	}
	b, y, rest, ok := twoParts(s, 2, 4)
	if !ok || y < 1000 {
		return 0, 0, 0, nil, false
	}
	if s[0] == '/' && a <= 12 && b > 12 {
		return y, a, b, rest, true // month first: only this order makes sense
	}
	return y, b, a, rest, true
}

// twoParts reads sep, a number of 1..maxB digits, the same sep, and a
// number of 1..maxC digits (exactly 4 when maxC is 4).
func twoParts(s []byte, maxB, maxC int) (b, c int, rest []byte, ok bool) {
	if len(s) == 0 || s[0] != '-' && s[0] != '/' && s[0] != '.' {
		return 0, 0, nil, false
	}
	sep := s[0]
	b, nb := leadingNumber(s[1:], maxB)
	s = s[1+nb:]
	if nb == 0 || len(s) == 0 || s[0] != sep {
		return 0, 0, nil, false
	}
	c, nc := leadingNumber(s[1:], maxC)
	s = s[1+nc:]
	if nc == 0 || maxC == 4 && nc != 4 || len(s) > 0 && isDigit(s[0]) {
		return 0, 0, nil, false
	}
	return b, c, s, true
}

var (
	cjkYearMark  = []byte("年")
	cjkMonthMark = []byte("月")
	cjkDayMarks  = [][]byte{[]byte("日"), []byte("号")}
)

// cjkDate reads 2006年1月2日 (or 2号).
func cjkDate(s []byte) (y, m, d int, rest []byte, ok bool) {
	y, ny := leadingNumber(s, 4)
	if ny != 4 || !bytes.HasPrefix(s[4:], cjkYearMark) {
		return 0, 0, 0, nil, false
	}
	s = s[4+len(cjkYearMark):]
	m, nm := leadingNumber(s, 2)
	if nm == 0 || !bytes.HasPrefix(s[nm:], cjkMonthMark) {
		return 0, 0, 0, nil, false
	}
	s = s[nm+len(cjkMonthMark):]
	d, nd := leadingNumber(s, 2)
	if nd == 0 {
		return 0, 0, 0, nil, false
	}
	for _, mark := range cjkDayMarks {
		if bytes.HasPrefix(s[nd:], mark) {
			return y, m, d, s[nd+len(mark):], true
		}
	}
	return 0, 0, 0, nil, false
}

// timeOfDay accepts what may follow a date: nothing, or a time such as
// " 15:04:05", "T15:04:05Z", " 10:11 Uhr", " 3:04 PM", " 15:04:05.000+08:00".
func timeOfDay(rest []byte) bool {
	if len(rest) == 0 {
		return true
	}
	if rest[0] != ' ' && rest[0] != 'T' && rest[0] != ',' || len(rest) > 40 {
		return false
	}
	rest = bytes.TrimLeft(rest[1:], " ")
	_, n := leadingNumber(rest, 2)
	if n == 0 || n >= len(rest) || rest[n] != ':' {
		return false
	}
	for _, c := range rest {
		if !isASCIIAlnum(c) && c != ':' && c != '.' && c != ',' && c != '+' && c != '-' && c != ' ' {
			return false
		}
	}
	return true
}

// monthNames maps month names and their abbreviations, lower-case, to
// their number: English, German, French, Spanish, Italian, Dutch.
var monthNames = func() map[string]int {
	names := [12][]string{
		{"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "januari"},
		{"february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "februari"},
		{"march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo", "maart", "mrt"},
		{"april", "apr", "avril", "avr", "abril", "abr", "aprile"},
		{"may", "mai", "mayo", "maggio", "mag", "mei"},
		{"june", "jun", "juni", "juin", "junio", "giugno", "giu"},
		{"july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug"},
		{"august", "aug", "août", "aout", "agosto", "ago", "augustus"},
		{"september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set"},
		{"october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre"},
	}
	m := make(map[string]int)
	for i, ns := range names {
		for _, n := range ns {
			m[n] = i + 1
		}
	}
	return m
}()

// namedDate reads dates with a month name: "2 January 2006",
// "2. Januar 2006", "2nd Jan 2006", "1er janvier 2006", "2 de enero de
// 2006", "2-Jan-2006", "January 2, 2006", "Jan. 2nd, 2006".
func namedDate(s []byte) (y, m, d int, rest []byte, ok bool) {
	d, nd := leadingNumber(s, 2)
	if nd > 0 {
		s = skipWord(skipDateSeps(skipOrdinal(s[nd:])), "de")
		if m, s, ok = monthAt(s); !ok {
			return 0, 0, 0, nil, false
		}
		s = skipWord(skipWord(skipDateSeps(s), "de"), "del")
	} else {
		if m, s, ok = monthAt(s); !ok {
			return 0, 0, 0, nil, false
		}
		if d, nd = leadingNumber(skipDateSeps(s), 2); nd == 0 {
			return 0, 0, 0, nil, false
		}
		s = skipDateSeps(skipOrdinal(skipDateSeps(s)[nd:]))
	}
	y, ny := leadingNumber(s, 5)
	if ny != 4 {
		return 0, 0, 0, nil, false
	}
	return y, m, d, s[4:], true
}

// monthAt reads a month name (and an abbreviation's dot).
func monthAt(s []byte) (int, []byte, bool) {
	n := 0
	for n < len(s) && (s[n]|0x20 >= 'a' && s[n]|0x20 <= 'z' || s[n] >= 0x80) {
		n++
	}
	if n < 3 || n > 12 {
		return 0, nil, false
	}
	var buf [12]byte
	for i := range n {
		buf[i] = lowerASCII(s[i])
	}
	m, ok := monthNames[string(buf[:n])]
	if !ok {
		return 0, nil, false
	}
	if n < len(s) && s[n] == '.' {
		n++
	}
	return m, s[n:], true
}

// skipOrdinal skips what follows a day number: "2.", "2nd", "1er", "1º".
func skipOrdinal(s []byte) []byte {
	if len(s) > 0 && s[0] == '.' {
		return s[1:]
	}
	for _, suffix := range []string{"st", "nd", "rd", "th", "er", "º"} {
		if len(s) >= len(suffix) && bytes.EqualFold(s[:len(suffix)], []byte(suffix)) &&
			(len(s) == len(suffix) || !isASCIIAlnum(s[len(suffix)])) {
			return s[len(suffix):]
		}
	}
	return s
}

// skipDateSeps skips spaces, commas, dashes and slashes between the
// parts of a written date.
func skipDateSeps(s []byte) []byte {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == ',' || s[i] == '-' || s[i] == '/') {
		i++
	}
	return s[i:]
}

// skipWord skips a connecting word ("de" in "2 de enero de 2006") and the
// separators after it.
func skipWord(s []byte, w string) []byte {
	if len(s) > len(w) && bytes.EqualFold(s[:len(w)], []byte(w)) && s[len(w)] == ' ' {
		return skipDateSeps(s[len(w):])
	}
	return s
}
