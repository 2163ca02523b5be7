package detect

import "encoding/binary"

// Fast paths of E164 for the two ways most phone fields of a leak are
// written: a bare national number of the default region ("13812345678"
// in a Chinese table) and "+CC" followed by groups of digits
// ("+86 133 0184 2787"). For these the general parse (phone.go) would
// find no international or national prefix to strip, so the answer is
// one walk of the DFA and one copy behind the prebuilt "+CC". Whenever a
// prefix pattern could match, or the number starts with the region's own
// calling code, the general parse decides. phone_fast_test.go compares
// both on many numbers.

// e164Fast answers raw when it has one of the two shapes; done is false
// when the general parse must read it.
func (p *Phones) e164Fast(raw []byte, def *phoneRegion) (v string, ok, done bool) {
	if len(raw) == 0 || len(raw) > maxInputLength {
		return "", false, false
	}
	if raw[0] == '+' {
		return p.plusE164(raw)
	}
	if def != nil {
		return p.bareNationalE164(raw, def)
	}
	return "", false, false
}

// bareNationalE164 reads a number of digits only in the default region.
// The general parse takes such a number as national (its code is the
// region's) unless the international prefix matches at its start or it
// starts with the region's calling code, and strips nothing from it
// unless the national prefix matches there.
func (p *Phones) bareNationalE164(raw []byte, def *phoneRegion) (string, bool, bool) {
	if len(raw) < minNSN || len(raw) > maxNSN || !onlyDigits(raw) {
		return "", false, false
	}
	var caps [maxCaptures]int
	if def.idd != nil && def.idd.mayMatch(raw) && def.idd.match(raw, &caps) ||
		def.natPrefix != nil && def.natPrefix.mayMatch(raw) && def.natPrefix.match(raw, &caps) ||
		hasCodePrefix(raw, def.codeDigits) {
		return "", false, false
	}
	if !p.valid(def.code, raw) {
		return "", false, true
	}
	return def.e164(raw), true, true
}

// plusE164 reads '+' and digits in groups joined by single spaces or
// dashes. The general parse reads the country code after the '+' (when
// none is known it tries again without the '+': left to it), and strips
// a national prefix from the rest only when the prefix pattern of the
// code's main region matches there.
func (p *Phones) plusE164(raw []byte) (string, bool, bool) {
	var digits [maxNSN + 3]byte
	n, ok := plusDigits(raw, &digits)
	if !ok || n <= minNSN {
		return "", false, false
	}
	code, national := p.leadingCode(digits[:n])
	if code == 0 {
		return "", false, false
	}
	main := p.byCode[code][0]
	var caps [maxCaptures]int
	if main.natPrefix != nil && main.natPrefix.mayMatch(national) && main.natPrefix.match(national, &caps) {
		return "", false, false
	}
	if len(national) < minNSN || len(national) > maxNSN || !p.valid(code, national) {
		return "", false, true
	}
	return main.e164(national), true, true
}

// plusDigits collects the digits after raw's leading '+' when groups of
// digits follow, joined by single spaces or dashes; it reports false for
// anything else, and for more digits than an E.164 number with a long
// national number can have.
func plusDigits(raw []byte, digits *[maxNSN + 3]byte) (int, bool) {
	n := 0
	sep := true // no separator right after the '+'
	for _, c := range raw[1:] {
		if isDigit(c) {
			if n == len(digits) {
				return 0, false
			}
			digits[n] = c
			n++
			sep = false
			continue
		}
		if sep || c != ' ' && c != '-' {
			return 0, false
		}
		sep = true
	}
	return n, !sep
}

// onlyDigits reports whether s is all ASCII digits, eight bytes at a
// time: a mobile number is two words, the second overlapping the first.
func onlyDigits(s []byte) bool {
	if len(s) < 8 {
		for _, c := range s {
			if !isDigit(c) {
				return false
			}
		}
		return true
	}
	var bad uint64
	for i := 0; i < len(s)-8; i += 8 {
		bad |= notDigits(binary.LittleEndian.Uint64(s[i:]))
	}
	return bad|notDigits(binary.LittleEndian.Uint64(s[len(s)-8:])) == 0
}

// notDigits sets the top bit of each byte of w that is not a digit. Only
// the top bits of the sums count: each byte's low seven bits plus less
// than 0x80 cannot carry into the next byte.
func notDigits(w uint64) uint64 {
	t := w & byteLow7
	digit := (t + (0x80-'0')*byteOnes) &^ (t + (0x80-'9'-1)*byteOnes)
	return (w | ^digit) & byteHigh
}

func hasCodePrefix(number []byte, code string) bool {
	return len(number) >= len(code) && string(number[:len(code)]) == code
}

// e164 writes a national significant number of the region's calling code
// in E.164 form: one copy behind the prebuilt "+CC".
func (r *phoneRegion) e164(nsn []byte) string {
	var buf [4 + maxNSN]byte
	n := copy(buf[:], r.plusCode)
	n += copy(buf[n:], nsn)
	return string(buf[:n])
}
