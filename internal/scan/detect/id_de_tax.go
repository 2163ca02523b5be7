package detect

// de_tax_id: the German Steuerliche Identifikationsnummer (§ 139b AO,
// StIdV § 1): ten digits and an ISO 7064 MOD 11,10 check digit. The first
// digit is not 0; among the first ten digits exactly one digit appears
// twice, or (for numbers issued since 2016) three times but not three in a
// row, and every other digit at most once.
//
// Weak: the digit rules and the check digit together still let about one
// random 11-digit number in 300 through, and 11-digit numbers (phone
// numbers, order numbers) are everywhere.

var deTaxIDWords = []string{
	"steuer-id", "steuerid", "steuer id", "steuer-idnr", "steueridnr", "steuer-identifikationsnummer",
	"steueridentifikationsnummer", "steuerliche identifikationsnummer", "identifikationsnummer",
	"idnr", "id-nr", "tin", "tax id", "tax identification number",
}

func validateDETaxID(compact []byte) (string, bool) {
	if len(compact) != 11 || !isDigits(compact) || compact[0] == '0' {
		return "", false
	}
	if !deTaxIDDigitsValid(compact[:10]) || deTaxIDCheck(compact[:10]) != compact[10] {
		return "", false
	}
	return string(compact), true
}

// deTaxIDDigitsValid applies the digit rules to the first ten digits.
func deTaxIDDigitsValid(first10 []byte) bool {
	var count [10]int
	for _, c := range first10 {
		count[c-'0']++
	}
	repeated, repeatedDigit := 0, byte(0)
	for d, n := range count {
		switch {
		case n == 2 || n == 3:
			repeated++
			repeatedDigit = byte('0' + d)
		case n > 3:
			return false
		}
	}
	if repeated != 1 {
		return false
	}
	return count[repeatedDigit-'0'] == 2 || !threeInARow(first10, repeatedDigit)
}

// threeInARow reports whether digit d stands three times in a row in b.
func threeInARow(b []byte, d byte) bool {
	for i := 0; i+2 < len(b); i++ {
		if b[i] == d && b[i+1] == d && b[i+2] == d {
			return true
		}
	}
	return false
}

// deTaxIDCheck computes the ISO 7064 MOD 11,10 check digit of ten digits.
func deTaxIDCheck(first10 []byte) byte {
	product := 10
	for _, c := range first10 {
		// (digit + product) mod 10, with 0 counting 10, then twice that
		// mod 11: digit + product is at most 19, twice the sum at most 20.
		sum := int(c-'0') + product
		if sum > 10 {
			sum -= 10
		}
		product = sum * 2
		if product > 10 {
			product -= 11
		}
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return byte('0' + check)
}
