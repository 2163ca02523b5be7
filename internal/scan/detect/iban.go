package detect

// IBANs (ISO 13616): a country code, two check digits and the country's
// basic bank account number (BBAN), letters and digits, at the length the
// SWIFT IBAN registry fixes for the country. Moving the first four
// characters to the end and reading letters as 10-35 gives a number that
// is 1 mod 97.

// ibanCountryLengths lists every country of the SWIFT IBAN registry
// (release 102, June 2026: 89 countries) with its IBAN length. Countries that use
// IBANs outside the registry (the "experimental" lists of some banks) are
// left out: a value that claims such a country is more likely something
// else.
const ibanCountryLengths = "" +
	"AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24" +
	"DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27" +
	"GT28HN28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20" +
	"LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24" +
	"PL28PS29PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25" +
	"SV28TL23TN24TR26UA29VA22VG24XK20YE30"

// ibanLength maps a country code (26*first + second letter) to its IBAN
// length, 0 for countries without IBANs.
var ibanLength = func() (t [26 * 26]uint8) {
	for i := 0; i+4 <= len(ibanCountryLengths); i += 4 {
		e := ibanCountryLengths[i : i+4]
		t[int(e[0]-'A')*26+int(e[1]-'A')] = (e[2]-'0')*10 + e[3] - '0'
	}
	return t
}()

// ValidIBAN reports whether compact (e.g. "DE89370400440532013000") is an
// IBAN: a country of the SWIFT registry, that country's length, check
// digits 02-98, letters and digits only, and mod-97 == 1.
func ValidIBAN(compact []byte) bool {
	if len(compact) < 15 || len(compact) > 34 || !isUpper(compact[0]) || !isUpper(compact[1]) {
		return false
	}
	if int(ibanLength[int(compact[0]-'A')*26+int(compact[1]-'A')]) != len(compact) {
		return false
	}
	if !isDigit(compact[2]) || !isDigit(compact[3]) {
		return false
	}
	// Check digits 00, 01 and 99 are never computed (98 - n mod 97 gives
	// 02-98), though 00 and 01 would pass mod 97 in place of 97 and 98.
	if check := decimal(compact[2:4]); check < 2 || check > 98 {
		return false
	}
	r, ok := ibanMod97(compact[4:], 0)
	if !ok {
		return false
	}
	r, _ = ibanMod97(compact[:4], r)
	return r == 1
}

// ibanMod97 continues the remainder r (mod 97) of a number with the digits
// of chars, letters read as 10-35. It works on a uint64 and reduces only
// when the next step could overflow, so that most characters cost a
// multiplication and an addition. ok is false for a character that is
// neither a digit nor A-Z.
func ibanMod97(chars []byte, r uint64) (uint64, bool) {
	const reduceAbove = 1 << 56 // r*100 + 35 stays below 2^64
	for _, c := range chars {
		switch {
		case isDigit(c):
			r = r*10 + uint64(c-'0')
		case isUpper(c):
			r = r*100 + uint64(c-'A') + 10
		default:
			return 0, false
		}
		if r >= reduceAbove {
			r %= 97
		}
	}
	return r % 97, true
}
