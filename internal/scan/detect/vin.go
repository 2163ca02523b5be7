package detect

// Vehicle identification numbers (ISO 3779): 17 characters, digits and
// letters without I, O and Q. Position 9 holds a check character computed
// from the others (transliterated letters times position weights, mod 11,
// 10 written X). ISO 3779 itself makes the check character optional, but
// North America (49 CFR 565) and China (GB 16735) require it, so a VIN
// without a valid one is not counted: European VINs that leave position 9
// free are missed rather than counting any 17 characters as a VIN.
//
// A VIN also needs at least one letter: every manufacturer code (positions
// 1-3) in use has one, and 17-digit order and transaction numbers would
// otherwise pass the check one time in eleven.

// vinValues transliterates a VIN character; 0 marks a character that
// cannot stand in a VIN (digit 0 is handled apart).
var vinValues = func() (t [256]int8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	const letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
	const values = "12345678123457923456789"
	for i := 0; i < len(letters); i++ {
		t[letters[i]] = int8(values[i] - '0')
	}
	return t
}()

// vinWeights are the weights of positions 1-17 (position 9, the check
// character, weighs 0).
var vinWeights = [17]int{8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2}

// ValidVIN reports whether compact (17 characters) is a VIN: digits and
// letters without I, O and Q, at least one letter, and the check character
// at position 9 (North American and Chinese rule; see above).
func ValidVIN(compact []byte) bool {
	if len(compact) != 17 {
		return false
	}
	letters := 0
	for _, c := range compact {
		switch {
		case isUpper(c) && vinValues[c] != 0:
			letters++
		case !isDigit(c):
			return false
		}
	}
	return letters > 0 && vinCheckChar(compact) == compact[8]
}

// vinCheckChar computes the check character of 17 VIN characters
// (position 9 is ignored).
func vinCheckChar(vin []byte) byte {
	sum := 0
	for i, c := range vin {
		sum += int(vinValues[c]) * vinWeights[i]
	}
	if r := sum % 11; r < 10 {
		return byte('0' + r)
	}
	return 'X'
}
