package scan

import (
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// Mask shows enough of a value to recognise its shape, never the value:
// w***@163.com, +86*******78, DE89**************00, 王*, sk_l***.
func Mask(c detect.Category, v string) string {
	switch c {
	case detect.Email:
		at := strings.LastIndexByte(v, '@')
		if at < 1 {
			return stars(v)
		}
		return firstRunes(v[:at], 1) + "***" + v[at:]
	case detect.Phone:
		if len(v) < 6 {
			return stars(v)
		}
		return v[:3] + strings.Repeat("*", len(v)-5) + v[len(v)-2:]
	case detect.IBAN, detect.PaymentCard, detect.NationalID, detect.VIN:
		if len(v) < 6 {
			return stars(v)
		}
		return v[:2] + strings.Repeat("*", len(v)-4) + v[len(v)-2:]
	case detect.Name:
		return firstRunes(v, 1) + "*"
	case detect.PostalAddress:
		return firstRunes(v, 3) + "***"
	case detect.IPAddress:
		if i := strings.IndexAny(v, ".:"); i > 0 {
			return v[:i] + v[i:i+1] + "***"
		}
	case detect.DateOfBirth:
		if len(v) == 10 {
			return v[:4] + "-**-**"
		}
	case detect.Secret, detect.Credential:
		return firstRunes(v, 4) + "***"
	}
	return stars(v)
}

func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func stars(v string) string { return strings.Repeat("*", min(utf8.RuneCountInString(v), 8)) }
