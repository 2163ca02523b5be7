package synthleak

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone numbers are checked with libphonenumber itself (nyaruka's port),
// the reference the scanner's fast validator is tested against: a number
// the generator writes must parse, as written, to the E.164 number it
// books, and be valid.

// cnMobilePrefixes start the numbers of Chinese customers; every number
// behind them is valid in libphonenumber's metadata.
var cnMobilePrefixes = []string{
	"130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
	"150", "151", "152", "153", "155", "156", "157", "158", "159",
	"180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
}

// cnOldMobilePrefixes start numbers customers had before: no current
// number starts with them, so an old number never equals another
// customer's current one.
var cnOldMobilePrefixes = []string{"166", "175", "176", "177", "178", "198", "199"}

// errInvalidPhone means the generator made a number libphonenumber
// rejects: a bug in the generator, never in the data.
var errInvalidPhone = errors.New("synthleak: generated phone number is not valid")

// checkPhone verifies that written reads as the valid number e164, with
// region for numbers written without a country code.
func checkPhone(written, region, e164 string) error {
	n, err := phonenumbers.Parse(written, region)
	if err != nil || !phonenumbers.IsValidNumber(n) || phonenumbers.Format(n, phonenumbers.E164) != e164 {
		return errInvalidPhone
	}
	return nil
}

// validE164 reports whether e164 is a valid number.
func validE164(e164 string) bool {
	n, err := phonenumbers.Parse(e164, "")
	return err == nil && phonenumbers.IsValidNumber(n)
}

// cnMobileStyles are the ways a Chinese mobile number is written in the
// address book and in mails.
const (
	cnSpacedIntl  = iota // +86 138 1234 5678
	cnDashedIntl         // +86-138-1234-5678
	cnCompactIntl        // +8613812345678
	cnDoubleZero         // 0086 138 1234 5678
	cnDashed             // 138-1234-5678
	cnSpaced             // 138 1234 5678
	numCNStyles
)

// writeCNMobile writes the 11-digit mobile m in style.
func writeCNMobile(m string, style int) string {
	a, b, c := m[:3], m[3:7], m[7:]
	switch style {
	case cnSpacedIntl:
		return "+86 " + a + " " + b + " " + c
	case cnDashedIntl:
		return "+86-" + a + "-" + b + "-" + c
	case cnCompactIntl:
		return "+86" + m
	case cnDoubleZero:
		return "0086 " + a + " " + b + " " + c
	case cnDashed:
		return a + "-" + b + "-" + c
	case cnSpaced:
		return a + " " + b + " " + c
	}
	return m
}

// writtenDigitsInert reports whether the digits of a written number read
// as no card and no strong ID, counting a leading "00" as written.
func writtenDigitsInert(written string) bool {
	return notOtherThanPhone(onlyDigits(written))
}

// writeEUMobile writes a European mobile number (calling code cc, national
// number nsn) the way the country groups it.
func writeEUMobile(cc, nsn string) string {
	var parts []string
	switch cc {
	case "49": // +49 151 23456789
		parts = []string{nsn[:3], nsn[3:]}
	case "31": // +31 6 12345678
		parts = []string{nsn[:1], nsn[1:]}
	case "47": // +47 912 34 567
		parts = []string{nsn[:3], nsn[3:5], nsn[5:]}
	case "45": // +45 21 23 45 67
		parts = []string{nsn[:2], nsn[2:4], nsn[4:6], nsn[6:]}
	case "46": // +46 70 123 45 67
		parts = []string{nsn[:2], nsn[2:5], nsn[5:7], nsn[7:]}
	default:
		parts = []string{nsn}
	}
	return "+" + cc + " " + strings.Join(parts, " ")
}
