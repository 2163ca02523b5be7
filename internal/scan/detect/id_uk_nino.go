package detect

// uk_nino: the United Kingdom National Insurance number, two prefix
// letters, six digits and a suffix A to D (HMRC National Insurance Manual,
// NIM39110). Neither prefix letter is D, F, I, Q, U or V; the second is not
// O; the prefixes BG, GB, KN, NK, NT, TN and ZZ are not allocated. HMRC's
// own example QQ 12 34 56 A (or C) therefore never validates.
//
// Weak: there is no check digit; the letter rules are all there is.

var ukNINOWords = []string{
	"nino", "national insurance", "national insurance number", "national insurance no",
	"ni number", "ni no", "ni no.",
}

func validateUKNINO(compact []byte) (string, bool) {
	if len(compact) != 9 || !isDigits(compact[2:8]) {
		return "", false
	}
	first, second, suffix := compact[0], compact[1], compact[8]
	if !ukNINOPrefixLetter(first) || !ukNINOPrefixLetter(second) || second == 'O' {
		return "", false
	}
	if suffix < 'A' || suffix > 'D' || ukNINOPrefixUnallocated(first, second) {
		return "", false
	}
	return string(compact), true
}

// ukNINOPrefixLetter reports whether c may stand in a prefix at all.
func ukNINOPrefixLetter(c byte) bool {
	switch c {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	return isUpper(c)
}

// ukNINOUnallocated lists, as pairs of letters, the prefixes HMRC does not
// allocate.
const ukNINOUnallocated = "BGGBKNNKNTTNZZ"

// ukNINOPrefixUnallocated reports whether the prefix is one of those HMRC
// does not allocate.
func ukNINOPrefixUnallocated(first, second byte) bool {
	for i := 0; i < len(ukNINOUnallocated); i += 2 {
		if ukNINOUnallocated[i] == first && ukNINOUnallocated[i+1] == second {
			return true
		}
	}
	return false
}
