package detect

// nl_bsn: the Dutch burgerservicenummer (formerly sofinummer), nine digits
// that pass the "11-test": 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple
// of 11. Numbers first issued with eight digits are written with a leading
// 0; only the nine-digit form is accepted. 000000000 passes the test but is
// no one's number.
//
// Weak: one random 9-digit number in eleven passes the 11-test.

var nlBSNWords = []string{
	"bsn", "burgerservicenummer", "burger service nummer", "burgerservice nummer", "sofinummer",
	"sofi-nummer", "sofi nummer", "sofinr", "citizen service number",
}

func validateNLBSN(compact []byte) (string, bool) {
	if len(compact) != 9 || !isDigits(compact) || string(compact) == "000000000" {
		return "", false
	}
	sum := 0
	for i, c := range compact[:8] {
		sum += (9 - i) * int(c-'0')
	}
	sum -= int(compact[8] - '0')
	if sum%11 != 0 {
		return "", false
	}
	return string(compact), true
}
