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
// The number is appended to dst.
func (p *Phones) e164Fast(dst, raw []byte, def *phoneRegion) (v []byte, ok, done bool) {
	if len(raw) == 0 || len(raw) > maxInputLength {
		return dst, false, false
	}
	if raw[0] == '+' {
		return p.plusE164(dst, raw)
	}
	if def != nil {
		return p.bareNationalE164(dst, raw, def)
	}
	return dst, false, false
}

// bareNationalE164 reads a number of digits only in the default region.
// The general parse takes such a number as national (its code is the
// region's) unless the international prefix matches at its start or it
// starts with the region's calling code, and strips nothing from it
// unless the national prefix matches there.
func (p *Phones) bareNationalE164(dst, raw []byte, def *phoneRegion) ([]byte, bool, bool) {
	if len(raw) < minNSN || len(raw) > maxNSN || !onlyDigits(raw) {
		return dst, false, false
	}
	var caps [maxCaptures]int
	if def.idd != nil && def.idd.mayMatch(raw) && def.idd.match(raw, &caps) ||
		def.natPrefix != nil && def.natPrefix.mayMatch(raw) && def.natPrefix.match(raw, &caps) ||
		hasCodePrefix(raw, def.codeDigits) {
		return dst, false, false
	}
	if !p.valid(def.code, raw) {
		return dst, false, true
	}
	return def.appendE164(dst, raw), true, true
}

// plusE164 reads '+' and digits in groups joined by single spaces or
// dashes. The general parse reads the country code after the '+' (when
// none is known it tries again without the '+': left to it), and strips
// a national prefix from the rest only when the prefix pattern of the
// code's main region matches there.
func (p *Phones) plusE164(dst, raw []byte) ([]byte, bool, bool) {
	var digits [maxNSN + 3]byte
	n, ok := plusDigits(raw, &digits)
	if !ok || n <= minNSN {
		return dst, false, false
	}
	code, national := p.leadingCode(digits[:n])
	if code == 0 {
		return dst, false, false
	}
	main := p.byCode[code][0]
	var caps [maxCaptures]int
	if main.natPrefix != nil && main.natPrefix.mayMatch(national) && main.natPrefix.match(national, &caps) {
		return dst, false, false
	}
	if len(national) < minNSN || len(national) > maxNSN || !p.valid(code, national) {
		return dst, false, true
	}
	return main.appendE164(dst, national), true, true
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

// appendE164 appends a national significant number of the region's
// calling code in E.164 form: the prebuilt "+CC", then the number.
func (r *phoneRegion) appendE164(dst, nsn []byte) []byte {
	return append(append(dst, r.plusCode...), nsn...)
}
