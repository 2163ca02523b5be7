package detect

// de_id_card: the document number of the German identity card
// (Personalausweis) issued since November 2010: nine characters from the
// digits and the letters C F G H J K L M N P R T V W X Y Z, then a check
// digit computed as ICAO Doc 9303 prescribes (weights 7, 3, 1; letters
// count A=10 ... Z=35). It is often written as it stands in the machine
// readable zone, with the nationality "D" after the check digit; the
// normalized value leaves that "D" off. Cards issued before November 2010
// have ten digits with the same kind of check digit, which this alphabet
// covers.
//
// Weak: one check digit lets one random candidate in ten through.

var deIDCardWords = []string{
	"personalausweis", "personalausweisnummer", "personalausweis-nr", "ausweisnummer", "ausweis-nr",
	"ausweisnr", "ausweis", "id card number", "identity card number", "german id card",
}

func validateDEIDCard(compact []byte) (string, bool) {
	switch {
	case len(compact) == 11 && compact[10] == 'D':
		compact = compact[:10]
	case len(compact) != 10:
		return "", false
	}
	for _, c := range compact[:9] {
		if !deIDCardChar(c) {
			return "", false
		}
	}
	if !isDigit(compact[9]) || icaoCheckDigit(compact[:9]) != compact[9] {
		return "", false
	}
	return string(compact), true
}

// deIDCardChar reports whether c may stand in a German ID card's serial
// number: digits and the letters that cannot be mistaken for one another.
func deIDCardChar(c byte) bool {
	switch c {
	case 'C', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'T', 'V', 'W', 'X', 'Y', 'Z':
		return true
	}
	return isDigit(c)
}

// icaoCheckDigit computes the ICAO Doc 9303 check digit of the characters
// of a machine readable zone field (digits, A-Z, and '<' counting 0).
func icaoCheckDigit(field []byte) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i, c := range field {
		v := 0
		switch {
		case isDigit(c):
			v = int(c - '0')
		case isUpper(c):
			v = int(c-'A') + 10
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}
