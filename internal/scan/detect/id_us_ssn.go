package detect

// us_ssn: the United States Social Security number, AAA-GG-SSSS. Area 001
// to 899 except 666, group 01 to 99, serial 0001 to 9999 (the SSA has
// never issued the others). The numbers printed on sample cards are not
// anyone's: 078-05-1120 (the Woolworth wallet card of 1938) and 219-09-9999
// (an SSA pamphlet of 1940); nor is 123-45-6789, the placeholder of
// countless forms and examples. 987-65-4320 to 4329, reserved for
// advertisements, already fail the area rule.
//
// Weak: there is no check digit at all; most 9-digit numbers pass.

var usSSNWords = []string{
	"ssn", "ssn#", "ss#", "ss no", "social security", "social security number", "social security no",
	"soc sec", "soc. sec.",
}

// usSSNSamples are numbers printed on specimen cards and used as examples.
var usSSNSamples = [...]string{"078051120", "219099999", "123456789"}

func validateUSSSN(compact []byte) (string, bool) {
	if len(compact) != 9 || !isDigits(compact) {
		return "", false
	}
	area, group, serial := decimal(compact[:3]), decimal(compact[3:5]), decimal(compact[5:])
	if area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0 {
		return "", false
	}
	for _, s := range usSSNSamples {
		if string(compact) == s {
			return "", false
		}
	}
	return string(compact), true
}
