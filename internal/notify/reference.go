package notify

import (
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Reference is what a person quotes on the phone: campaign and person
// with a check digit, "12-4711-3". It is the same for the e-mail and the
// letter of one (campaign, person), so it is known before a ledger row
// exists; the check digit catches a digit misheard.
func Reference(campaignID, personID int64) string {
	c, p := strconv.FormatInt(campaignID, 10), strconv.FormatInt(personID, 10)
	return c + "-" + p + "-" + string(rune('0'+luhnDigit(c+p)))
}

// ParseReference reads a reference back; errs.Invalid when it is not one
// or its check digit is wrong.
func ParseReference(s string) (campaignID, personID int64, err error) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	bad := errs.E(errs.Invalid, "that is not a reference of a notification (it looks like 12-4711-3)")
	if len(parts) != 3 || len(parts[2]) != 1 {
		return 0, 0, bad
	}
	c, err1 := strconv.ParseInt(parts[0], 10, 64)
	p, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || c < 0 || p <= 0 || Reference(c, p) != strings.TrimSpace(s) {
		return 0, 0, bad
	}
	return c, p, nil
}

// luhnDigit is the Luhn check digit of a string of digits.
func luhnDigit(digits string) int {
	sum := 0
	double := true
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}
