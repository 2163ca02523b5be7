package people

import (
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/unicode/norm"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// Values are normalized before they are indexed or compared, so that the
// same e-mail written twice, or a phone number written in two formats,
// finds the same person. The scanner normalizes its findings the same way
// (docs/scanner.md), so a findings value and a CRM value meet.

// DefaultRegion is the country of phone numbers written without a country
// code, unless a mapping names another.
const DefaultRegion = "DE"

// phones is the scanner's fast E.164 parser, built once: its metadata
// tables take a moment to build and never change.
var phones = sync.OnceValues(detect.NewPhones)

// NormalizeEmail lower-cases and trims an address; "" when it does not
// look like one (no @ with text on both sides, or spaces inside).
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "mailto:")
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || strings.ContainsAny(s, " \t\r\n,;<>") || !strings.Contains(s[at:], ".") {
		return ""
	}
	return s
}

// NormalizePhone returns a number in E.164 form, reading numbers without a
// country code as numbers of region; "" when it is no valid number.
func NormalizePhone(s, region string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if region == "" {
		region = DefaultRegion
	}
	if p, err := phones(); err == nil {
		if e164, ok := p.E164([]byte(s), region); ok {
			return e164
		}
	}
	// The fast parser takes digits and separators only; libphonenumber
	// also reads extensions, letters and the like.
	n, err := phonenumbers.Parse(s, strings.ToUpper(region))
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return ""
	}
	return phonenumbers.Format(n, phonenumbers.E164)
}

// PhoneCountry returns the ISO country of an E.164 number, or "".
func PhoneCountry(e164 string) string {
	if len(e164) < 3 || e164[0] != '+' {
		return ""
	}
	for digits := 1; digits <= 3 && digits < len(e164); digits++ {
		code, err := strconv.Atoi(e164[1 : 1+digits])
		if err != nil {
			return ""
		}
		regions := phonenumbers.GetRegionCodesForCountryCode(code)
		if len(regions) == 0 {
			continue
		}
		// A code that serves one country says it; shared codes (1, 7,
		// 44 ...) need the whole number, which is slower to parse.
		if len(regions) == 1 && regions[0] != "001" {
			return regions[0]
		}
		n, err := phonenumbers.Parse(e164, "")
		if err != nil {
			return ""
		}
		if r := phonenumbers.GetRegionCodeForNumber(n); r != "001" && r != "ZZ" {
			return r
		}
		return ""
	}
	return ""
}

// regionsForCode reports whether digits are a country calling code.
func regionsForCode(digits string) bool {
	code, err := strconv.Atoi(digits)
	return err == nil && len(phonenumbers.GetRegionCodesForCountryCode(code)) > 0
}

// NormalizeCustomerNo trims and upper-cases a customer number and drops
// the spaces inside it.
func NormalizeCustomerNo(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
}

// NormalizeName composes (NFC), lower-cases and collapses the spaces of a
// name, for the name index: "Müller,  Jürgen" and "müller, jürgen" meet.
func NormalizeName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// NormalizeNationalID writes an ID number as "kind:VALUE": the kind in
// lower case, the value upper-cased without separators. A value that
// already carries its kind ("de_id_card:T220001293") may come with kind "".
func NormalizeNationalID(kind, value string) string {
	if kind == "" {
		k, v, ok := strings.Cut(value, ":")
		if !ok {
			return ""
		}
		kind, value = k, v
	}
	kind = strings.ToLower(strings.TrimSpace(kind))
	value = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '-', r == '.', r == '/':
			return -1
		}
		return unicode.ToUpper(r)
	}, value)
	if kind == "" || value == "" {
		return ""
	}
	return kind + ":" + value
}

// NationalIDKinds are the ID formats the scanner knows, for searching a
// bare ID number under every kind.
func NationalIDKinds() []string {
	out := make([]string, len(detect.IDFormats))
	for i, f := range detect.IDFormats {
		out[i] = f.Kind
	}
	return out
}

// LanguageForCountry guesses a person's language from their country when
// nothing better is known: the letters go out in it.
func LanguageForCountry(country string) string {
	switch country {
	case "DE", "AT", "CH", "LI":
		return "de"
	case "CN", "TW", "HK", "MO":
		return "zh"
	case "":
		return ""
	}
	return "en"
}

// IndexKeys are the blind index entries of a contact: every e-mail, phone,
// customer number and ID number, and the full name. Values are normalized
// already (as the register keeps them).
func (k *Keyring) IndexKeys(c *Contact) []IndexKey {
	keys := make([]IndexKey, 0, len(c.Emails)+len(c.Phones)+len(c.CustomerNos)+len(c.NationalIDs)+1)
	for _, v := range c.Emails {
		keys = append(keys, k.Index(IndexEmail, v))
	}
	for _, v := range c.Phones {
		keys = append(keys, k.Index(IndexPhone, v))
	}
	for _, v := range c.CustomerNos {
		keys = append(keys, k.Index(IndexCustomerNo, v))
	}
	for _, v := range c.NationalIDs {
		keys = append(keys, k.Index(IndexNationalID, v))
	}
	if name := NormalizeName(c.Name); name != "" {
		keys = append(keys, k.Index(IndexName, name))
	}
	return keys
}

// linkingKeys are the keys that say two entries are the same person. The
// name is not one of them: two people may share a name.
func linkingKeys(keys []IndexKey) []IndexKey {
	out := make([]IndexKey, 0, len(keys))
	for _, key := range keys {
		if key.Kind != IndexName {
			out = append(out, key)
		}
	}
	return out
}
