package detect

// it_codice_fiscale: the Italian fiscal code of a person (D.M. 23 December
// 1976): three letters of the surname, three of the given name, the year
// (two digits), the month as a letter (ABCDEHLMPRST), the day (two digits,
// plus 40 for women), the cadastral code of the birthplace (a letter and
// three digits) and a check letter. When two people would get the same
// code ("omocodia"), the Agenzia delle Entrate replaces digits, from the
// right, by letters (0-9 as L M N P Q R S T U V); any of the seven digit
// positions may carry such a letter. Strong: the fixed pattern of letters
// and digits and the check letter.

var itCodiceFiscaleWords = []string{
	"codice fiscale", "cod. fiscale", "cod fiscale", "codicefiscale", "cod. fisc.", "cod_fisc", "codfisc",
	"c.f.", "cf", "fiscal code", "italian tax code", "tessera sanitaria",
}

const (
	itMonthLetters   = "ABCDEHLMPRST"
	itOmocodeLetters = "LMNPQRSTUV" // stand for 0-9 where omocodia replaced a digit
)

// itOddValues are the check values of the characters at odd positions
// (1st, 3rd, ...), for 0-9 and A-Z alike: '0' and 'A' both count 1.
var itOddValues = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func validateITCodiceFiscale(compact []byte) (string, bool) {
	if len(compact) != 16 || !isUppers(compact[:6]) || !isUpper(compact[11]) {
		return "", false
	}
	if !itMonthLetter(compact[8]) || !itDayValid(compact[9], compact[10]) {
		return "", false
	}
	for _, i := range [...]int{6, 7, 12, 13, 14} {
		if _, ok := itDigit(compact[i]); !ok {
			return "", false
		}
	}
	if itCheckChar(compact[:15]) != compact[15] {
		return "", false
	}
	return string(compact), true
}

func itMonthLetter(c byte) bool {
	for i := 0; i < len(itMonthLetters); i++ {
		if itMonthLetters[i] == c {
			return true
		}
	}
	return false
}

// itDigit reads a digit position of a fiscal code: a digit, or the letter
// omocodia put in its place.
func itDigit(c byte) (int, bool) {
	if isDigit(c) {
		return int(c - '0'), true
	}
	for i := 0; i < len(itOmocodeLetters); i++ {
		if itOmocodeLetters[i] == c {
			return i, true
		}
	}
	return 0, false
}

// itDayValid reports whether the two day characters give 1-31 (men) or
// 41-71 (women).
func itDayValid(tens, ones byte) bool {
	t, ok1 := itDigit(tens)
	o, ok2 := itDigit(ones)
	day := t*10 + o
	return ok1 && ok2 && (day >= 1 && day <= 31 || day >= 41 && day <= 71)
}

// itCheckChar computes the check letter of the first 15 characters:
// characters at odd positions count by itOddValues, those at even
// positions by their value (0-9, A=0 ... Z=25); the sum mod 26 is the
// letter.
func itCheckChar(first15 []byte) byte {
	sum := 0
	for i, c := range first15 {
		v := 0
		switch {
		case isDigit(c):
			v = int(c - '0')
		case isUpper(c):
			v = int(c - 'A')
		default:
			return 0
		}
		if i%2 == 0 {
			v = itOddValues[v]
		}
		sum += v
	}
	return byte('A' + sum%26)
}
