package detect

import "bytes"

// Dates of birth in free text: a date right after a birth word
// ("geboren am 02.01.1990", "DOB: 1990-01-02", "born 2 January 1990",
// "出生日期：1990年1月2日"). Dates elsewhere are just dates.

// birthDate tries a run of digit groups as a date after a birth word.
func (p *pass) birthDate(gs []group, digits, letters int) bool {
	if letters != 0 {
		return false
	}
	start, end := gs[0].start, gs[len(gs)-1].end
	if len(gs) == 1 && digits == 4 {
		return p.yearDate(start, end)
	}
	raw := p.text[start:end]
	if digits < 6 || digits > 8 || !(looksLikeDate(raw) || len(gs) == 1 && digits == 8) {
		return false
	}
	return p.datedBirth(start, end)
}

// datedBirth emits text[start:end] as a date of birth if a birth word
// stands before it and it is a real date.
func (p *pass) datedBirth(start, end int) bool {
	if !ContextBefore(p.text, start, BirthWords) {
		return false
	}
	iso, ok := ParseDate(p.text[start:end], p.s.today)
	if !ok {
		return false
	}
	p.emit(Match{Category: DateOfBirth, Value: iso})
	p.take(start, end)
	return true
}

var (
	cjkYear  = []byte("年")
	cjkMonth = []byte("月")
	cjkDay   = []byte("日")
)

// yearDate looks at a four-digit year for the rest of a written date:
// "1990年1月2日" after it, or "2 January" / "2. Januar" / "January 2," in
// the twenty bytes before it.
func (p *pass) yearDate(start, end int) bool {
	t := p.text
	if t[start] != '1' && t[start] != '2' {
		return false
	}
	if bytes.HasPrefix(t[end:], cjkYear) {
		if e := cjkDateEnd(t, end+len(cjkYear)); e > 0 {
			return p.datedBirth(start, e)
		}
		return false
	}
	from := max(0, start-20)
	// Each try below looks for a birth word before its own start; one
	// look over all their windows together rules most years out at once.
	if !contextIn(t, max(0, from-contextWindow), start, BirthWords) {
		return false
	}
	for s := from; s < start; s++ {
		if (s == 0 || !isLetterOrDigit(t[s-1])) && isLetterOrDigit(t[s]) {
			if p.datedBirth(s, end) {
				return true
			}
		}
	}
	return false
}

// cjkDateEnd reads "M月D日" at i and returns where it ends, or 0.
func cjkDateEnd(t []byte, i int) int {
	j := digitsAt(t, i, 2)
	if j == i || !bytes.HasPrefix(t[j:], cjkMonth) {
		return 0
	}
	k := j + len(cjkMonth)
	l := digitsAt(t, k, 2)
	if l == k || !bytes.HasPrefix(t[l:], cjkDay) {
		return 0
	}
	return l + len(cjkDay)
}

func digitsAt(t []byte, i, max int) int {
	j := i
	for j < len(t) && j-i < max && isDigit(t[j]) {
		j++
	}
	return j
}

func isLetterOrDigit(c byte) bool { return class[c]&cAlnum != 0 || c >= 0x80 }
