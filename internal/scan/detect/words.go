package detect

// Context words: in free text, a word shortly before a value says what the
// value is. A bare digit string after "Tel." is a phone number, a date
// after "geboren am" is a date of birth. Words raise confidence; they never
// make a value count that fails validation.

// contextWindow is how far before a value the scanner looks for a word.
const contextWindow = 40

// PhoneWords say that the number after them is a phone number. Lower-case.
var PhoneWords = []string{
	// English
	"tel", "tel.", "tel:", "telephone", "phone", "phone number", "mobile", "mobile number", "cell", "cellphone",
	"cell phone", "call", "fax", "ph", "mob", "whatsapp", "contact number",
	// German
	"telefon", "telefonnummer", "mobil", "mobilnummer", "handy", "handynummer", "rufnummer", "ruf",
	// French, Spanish, Italian, Dutch
	"téléphone", "tél", "portable", "teléfono", "telefono", "móvil", "movil", "celular",
	"cellulare", "telefoon", "mobiel", "gsm",
	// Chinese, Japanese
	"手机", "手机号", "手机号码", "电话", "电话号码", "联系电话", "联系方式", "座机", "手機", "電話", "携帯", "電話番号",
}

// BirthWords say that the date after them is a date of birth. Lower-case.
var BirthWords = []string{
	// English
	"born", "born on", "date of birth", "birth date", "birthdate", "birthday", "dob", "d.o.b.", "d.o.b",
	// German
	"geboren", "geboren am", "geb.", "geburtsdatum", "geburtstag",
	// French, Spanish, Italian, Dutch
	"né", "née", "né le", "née le", "date de naissance", "nacido", "nacida", "fecha de nacimiento",
	"nato il", "nata il", "data di nascita", "geboortedatum", "geboren op",
	// Chinese, Japanese
	"出生", "出生日期", "出生年月", "生日", "生年月日", "誕生日",
}

// ContextBefore reports whether one of words appears in the 40 bytes of
// text before position i. ASCII letters match in any case, and a word
// that starts or ends with an ASCII letter or digit must stand on a word
// boundary there ("tel" is not in "hotel"); other bytes match exactly
// (手机). words must be lower-case. It does not allocate.
func ContextBefore(text []byte, i int, words []string) bool {
	if i > len(text) {
		i = len(text)
	}
	return contextIn(text, max(0, i-contextWindow), i, words)
}

// contextIn reports whether one of words starts in text[from:i] and ends
// by i, matched as ContextBefore matches.
func contextIn(text []byte, from, i int, words []string) bool {
	var firsts [8]uint32 // the first bytes of the words, as a bit set
	for _, w := range words {
		if w != "" {
			firsts[w[0]>>5] |= 1 << (w[0] & 31)
		}
	}
	for s := from; s < i; s++ {
		c := lowerASCII(text[s])
		if firsts[c>>5]&(1<<(c&31)) == 0 {
			continue
		}
		if isASCIIAlnum(c) && s > 0 && isASCIIAlnum(text[s-1]) {
			continue // inside a word: no ASCII word starts here
		}
		for _, w := range words {
			if w != "" && w[0] == c && wordAt(text, s, i, w) {
				return true
			}
		}
	}
	return false
}

// wordAt reports whether w stands at text[s:] and ends before end.
func wordAt(text []byte, s, end int, w string) bool {
	if s+len(w) > end {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lowerASCII(text[s+k]) != w[k] {
			return false
		}
	}
	if isASCIIAlnum(w[0]) && s > 0 && isASCIIAlnum(text[s-1]) {
		return false
	}
	last := s + len(w)
	return !isASCIIAlnum(w[len(w)-1]) || last >= len(text) || !isASCIIAlnum(text[last])
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
