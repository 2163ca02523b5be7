package detect

// fr_nir: the French NIR (numéro d'inscription au répertoire, the "numéro
// de sécurité sociale"): sex, year (two digits), month, department (two
// characters, 2A or 2B for Corsica), commune (three digits), order number
// (three digits) and a two-digit key, 97 - (the first 13 digits mod 97),
// where Corsica's 2A counts as 19 and 2B as 18 (INSEE).
//
// What is accepted, leniently where INSEE's practice varies:
//   - sex 1 or 2; 3 and 4 (foreigners while their registration is under
//     way) and 7 and 8 (temporary numbers) as well;
//   - month 01-12, and 20 and 30-42 or 50-99, which INSEE gives when the
//     civil record lacks the month;
//   - department 01-99, 2A, 2B; overseas departments (97x, 98x) take the
//     first commune digit, which needs no rule of its own;
//   - order number 001-999.
//
// Strong: the two-digit key catches every wrong digit and every swap.

var frNIRWords = []string{
	"nir", "nirpp", "numéro de sécurité sociale", "numero de securite sociale", "n° de sécurité sociale",
	"n° sécurité sociale", "sécurité sociale", "securite sociale", "sécu", "secu", "n° sécu",
	"numéro sécu", "numéro insee", "numero insee", "carte vitale", "french social security number",
}

func validateFRNIR(compact []byte) (string, bool) {
	if len(compact) != 15 || !isDigits(compact[:5]) || !isDigits(compact[7:]) {
		return "", false
	}
	if !frNIRSexValid(compact[0]) || !frNIRMonthValid(decimal(compact[3:5])) {
		return "", false
	}
	if !frNIRDepartmentValid(compact[5], compact[6]) || decimal(compact[10:13]) == 0 {
		return "", false
	}
	key := decimal(compact[13:15])
	if key != frNIRKey(compact[:13]) {
		return "", false
	}
	return string(compact), true
}

func frNIRSexValid(c byte) bool {
	switch c {
	case '1', '2', '3', '4', '7', '8':
		return true
	}
	return false
}

func frNIRMonthValid(m int) bool {
	return m >= 1 && m <= 12 || m == 20 || m >= 30 && m <= 42 || m >= 50 && m <= 99
}

func frNIRDepartmentValid(a, b byte) bool {
	if a == '2' && (b == 'A' || b == 'B') {
		return true
	}
	return isDigit(a) && isDigit(b) && (a != '0' || b != '0')
}

// frNIRKey computes the key of the first 13 characters, with 2A and 2B
// counting as 19 and 18. It returns -1 when they are not of that shape.
func frNIRKey(first13 []byte) int {
	if len(first13) != 13 {
		return -1
	}
	dept, ok := frNIRDepartmentNumber(first13[5], first13[6])
	if !ok {
		return -1
	}
	n := 0
	for i, c := range first13 {
		switch {
		case i == 5:
			n = n*100 + dept
		case i == 6:
		case isDigit(c):
			n = n*10 + int(c-'0')
		default:
			return -1
		}
	}
	return 97 - n%97
}

// frNIRDepartmentNumber is the department as the key counts it.
func frNIRDepartmentNumber(a, b byte) (int, bool) {
	switch {
	case a == '2' && b == 'A':
		return 19, true
	case a == '2' && b == 'B':
		return 18, true
	case isDigit(a) && isDigit(b):
		return int(a-'0')*10 + int(b-'0'), true
	}
	return 0, false
}
