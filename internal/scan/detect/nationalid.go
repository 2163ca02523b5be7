package detect

import "time"

// IDFormat is one national ID format.
//
// Validate receives the compact form (upper-cased, separators removed) of a
// candidate whose length is one of Lengths, and returns the normalized
// value when the candidate passes every rule of the format. It allocates
// only on success (the returned string), and never panics.
type IDFormat struct {
	Kind    string // the report's kind: "cn_resident_id", ...
	Lengths []int  // lengths of the compact form
	// Weak formats have a check that random numbers pass too often (or no
	// check at all): they count only with context, a column name or a word
	// before the value in text.
	Weak bool
	// Words name the format in column names and in text, lower-case, in
	// the languages the format is written in and in English.
	Words    []string
	Validate func(compact []byte) (normalized string, ok bool)
}

// IDFormats lists the national ID formats in the order the scanner tries
// them: strong formats first, so that a value that validates as a strong
// format is never taken for a weak one.
var IDFormats = []IDFormat{
	{Kind: "cn_resident_id", Lengths: []int{18}, Words: cnResidentWords, Validate: validateCNResidentID},
	{Kind: "it_codice_fiscale", Lengths: []int{16}, Words: itCodiceFiscaleWords, Validate: validateITCodiceFiscale},
	{Kind: "fr_nir", Lengths: []int{15}, Words: frNIRWords, Validate: validateFRNIR},
	{Kind: "es_dni", Lengths: []int{9}, Words: esDNIWords, Validate: validateESDNI},
	{Kind: "es_nie", Lengths: []int{9}, Words: esNIEWords, Validate: validateESNIE},
	{Kind: "de_tax_id", Lengths: []int{11}, Weak: true, Words: deTaxIDWords, Validate: validateDETaxID},
	{Kind: "de_id_card", Lengths: []int{10, 11}, Weak: true, Words: deIDCardWords, Validate: validateDEIDCard},
	{Kind: "uk_nino", Lengths: []int{9}, Weak: true, Words: ukNINOWords, Validate: validateUKNINO},
	{Kind: "us_ssn", Lengths: []int{9}, Weak: true, Words: usSSNWords, Validate: validateUSSSN},
	{Kind: "nl_bsn", Lengths: []int{9}, Weak: true, Words: nlBSNWords, Validate: validateNLBSN},
}

// nationalIDClock is the clock birth dates inside ID numbers are checked
// against (a birth date after today makes the number invalid). Tests
// replace it to pin "today"; nothing else writes it.
var nationalIDClock = time.Now

// isDigits reports whether b is not empty and holds only ASCII digits.
func isDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

// isUppers reports whether b is not empty and holds only A-Z.
func isUppers(b []byte) bool {
	for _, c := range b {
		if !isUpper(c) {
			return false
		}
	}
	return len(b) > 0
}

// decimal reads the ASCII digits of b as a number; b must hold only digits.
func decimal(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// birthDateValid reports whether y-m-d is a real calendar date between
// 1900-01-01 and today.
func birthDateValid(y, m, d int) bool {
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return false
	}
	ty, tm, td := nationalIDClock().Date()
	switch {
	case y != ty:
		return y < ty
	case m != int(tm):
		return m < int(tm)
	}
	return d <= td
}

// daysInMonth is the number of days of month m (1-12) of year y in the
// Gregorian calendar.
func daysInMonth(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
