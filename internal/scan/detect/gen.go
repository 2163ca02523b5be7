package detect

// Check digit generators, so that tests and the synthetic leak generator
// can make valid numbers: write the other characters, compute the check,
// put it in place. Each returns a zero value (0, "" or -1) for input of the
// wrong shape instead of panicking.

// IBANCheckDigits returns the two check digits of the IBAN of country (two
// letters, e.g. "DE") and bban (letters and digits, e.g.
// "370400440532013000"): the IBAN is country + check digits + bban.
func IBANCheckDigits(country, bban string) string {
	if len(country) != 2 || !isUppers([]byte(country)) {
		return ""
	}
	r, ok := ibanMod97([]byte(bban), 0)
	if !ok {
		return ""
	}
	r, _ = ibanMod97([]byte(country+"00"), r)
	check := 98 - r
	return string([]byte{byte('0' + check/10), byte('0' + check%10)})
}

// CardCheckDigit returns the Luhn check digit to append to partial, the
// card number without its last digit.
func CardCheckDigit(partial string) byte {
	b := []byte(partial + "0")
	if !isDigits(b) {
		return 0
	}
	return byte('0' + (10-luhnSum(b)%10)%10)
}

// CNResidentCheckChar returns the check character ('0'-'9' or 'X') of a
// Chinese resident ID whose first 17 digits are first17.
func CNResidentCheckChar(first17 string) byte {
	if len(first17) != 17 || !isDigits([]byte(first17)) {
		return 0
	}
	return cnResidentCheck([]byte(first17))
}

// VINCheckChar returns the check character ('0'-'9' or 'X') for position 9
// of vin17, a VIN of 17 characters whose position 9 is ignored.
func VINCheckChar(vin17 string) byte {
	if len(vin17) != 17 {
		return 0
	}
	for i := 0; i < len(vin17); i++ {
		if c := vin17[i]; i != 8 && !isDigit(c) && vinValues[c] == 0 {
			return 0
		}
	}
	return vinCheckChar([]byte(vin17))
}

// DETaxCheckDigit returns the check digit of a German tax ID whose first
// ten digits are first10. It does not apply the digit rules (see
// validateDETaxID): first10 must follow them for the number to be valid.
func DETaxCheckDigit(first10 string) byte {
	if len(first10) != 10 || !isDigits([]byte(first10)) {
		return 0
	}
	return deTaxIDCheck([]byte(first10))
}

// DEIDCardCheckDigit returns the check digit of a German ID card's
// nine-character serial number.
func DEIDCardCheckDigit(serial9 string) byte {
	if len(serial9) != 9 {
		return 0
	}
	for i := 0; i < len(serial9); i++ {
		if !deIDCardChar(serial9[i]) {
			return 0
		}
	}
	return icaoCheckDigit([]byte(serial9))
}

// ESControlLetter returns the control letter of a Spanish DNI number
// (0-99999999), or of a NIE whose X, Y or Z has been replaced by 0, 1 or 2
// (X1234567 is 1234567, Y1234567 is 11234567).
func ESControlLetter(number int) byte {
	if number < 0 {
		return 0
	}
	return esControlLetters[number%23]
}

// ITCFCheckChar returns the check letter of an Italian fiscal code whose
// first 15 characters are first15.
func ITCFCheckChar(first15 string) byte {
	if len(first15) != 15 {
		return 0
	}
	return itCheckChar([]byte(first15))
}

// FRNIRKey returns the key (1-97) of a French NIR whose first 13
// characters are first13 (digits; 2A or 2B at positions 6-7 for Corsica).
func FRNIRKey(first13 string) int {
	return frNIRKey([]byte(first13))
}
