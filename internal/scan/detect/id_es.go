package detect

// es_dni and es_nie: the Spanish national identity number (DNI, eight
// digits and a control letter) and the foreigner's identity number (NIE, X,
// Y or Z, seven digits and a control letter). The control letter is
// "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23], where for a NIE the leading X, Y or
// Z counts as the digit 0, 1 or 2 (Real Decreto 1553/2005, art. 11; the
// Ministry of the Interior's rule). Strong: a wrong digit or a swap of two
// digits always changes the letter, and a letter after eight digits is rare
// outside these numbers.

var esDNIWords = []string{
	"dni", "d.n.i.", "nif", "documento nacional de identidad", "número de dni", "numero de dni",
	"número de identificación fiscal", "numero de identificacion fiscal",
}

var esNIEWords = []string{
	"nie", "n.i.e.", "nif", "número de identidad de extranjero", "numero de identidad de extranjero",
	"número de identificación de extranjero", "numero de identificacion de extranjero",
}

// esControlLetters maps n mod 23 to the control letter.
const esControlLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

func validateESDNI(compact []byte) (string, bool) {
	if len(compact) != 9 || !isDigits(compact[:8]) || esControlLetters[decimal(compact[:8])%23] != compact[8] {
		return "", false
	}
	return string(compact), true
}

func validateESNIE(compact []byte) (string, bool) {
	if len(compact) != 9 || compact[0] < 'X' || compact[0] > 'Z' || !isDigits(compact[1:8]) {
		return "", false
	}
	n := int(compact[0]-'X')*10_000_000 + decimal(compact[1:8])
	if esControlLetters[n%23] != compact[8] {
		return "", false
	}
	return string(compact), true
}
