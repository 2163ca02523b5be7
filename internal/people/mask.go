package people

import (
	"strings"
	"unicode/utf8"
)

// MaskContact hides all but a hint of each value: "m***@example.com",
// "+49 *** *** 67", the first letter of each name part, the first three
// characters of each address line, the last two of an ID number.
// Locators are kept: they name files and rows, not people.
func MaskContact(c Contact) Contact {
	out := Contact{Name: maskName(c.Name), Locators: append([]string(nil), c.Locators...)}
	out.Emails = maskAll(c.Emails, maskEmail)
	out.Phones = maskAll(c.Phones, maskPhone)
	out.Address = maskAll(c.Address, maskLine)
	out.CustomerNos = maskAll(c.CustomerNos, maskTail)
	out.NationalIDs = maskAll(c.NationalIDs, maskID)
	return out
}

func maskAll(values []string, mask func(string) string) []string {
	if values == nil {
		return nil
	}
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = mask(v)
	}
	return out
}

// maskEmail keeps the first letter of the local part and the domain: the
// domain helps an agent ("the gmail one") and names no one.
func maskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return "***"
	}
	first, _ := utf8.DecodeRuneInString(s)
	return string(first) + "***" + s[at:]
}

// maskPhone keeps the country code and the last two digits.
func maskPhone(s string) string {
	if len(s) < 5 || s[0] != '+' {
		return "***"
	}
	code := PhoneCountryCode(s)
	if code == "" {
		code = "+"
	}
	return code + " *** *** " + s[len(s)-2:]
}

// maskName keeps the first letter of each part: "Max Müller" -> "M*** M***".
func maskName(s string) string {
	parts := strings.Fields(s)
	for i, p := range parts {
		first, _ := utf8.DecodeRuneInString(p)
		parts[i] = string(first) + "***"
	}
	return strings.Join(parts, " ")
}

// maskLine keeps the first three characters of an address line.
func maskLine(s string) string {
	return firstRunes(s, 3) + "***"
}

// maskTail keeps the last two characters, as of an ID number.
func maskTail(s string) string {
	r := []rune(s)
	if len(r) <= 2 {
		return "***"
	}
	return "***" + string(r[len(r)-2:])
}

// maskID keeps the kind of an ID number and the value's last two characters.
func maskID(s string) string {
	kind, value, ok := strings.Cut(s, ":")
	if !ok {
		return maskTail(s)
	}
	return kind + ":" + maskTail(value)
}

func firstRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// PhoneCountryCode returns the "+49" of an E.164 number, or "".
func PhoneCountryCode(e164 string) string {
	if len(e164) < 3 || e164[0] != '+' {
		return ""
	}
	for digits := 1; digits <= 3 && digits < len(e164); digits++ {
		if regionsForCode(e164[1 : 1+digits]) {
			return e164[:1+digits]
		}
	}
	return ""
}
