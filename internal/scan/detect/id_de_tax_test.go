package detect

import "testing"

func TestDETaxID(t *testing.T) {
	testIDCases(t, "de_tax_id", []idCase{
		// The number most often cited as an example of a valid Steuer-ID.
		{"the often cited example 86095742719", "86095742719", true, ""},
		// kryptografie.de/kryptografie/chiffre/steuer-id.htm: the worked
		// example of the check digit (9 twice, 0 missing).
		{"the worked example of kryptografie.de", "12345678995", true, ""},
		{"one digit twice, generated", "50123987413", true, ""},
		{"one digit three times, not in a row (since 2016)", "11213456783", true, ""},

		{"one digit three times in a row", "11123456786", false, ""},
		{"every digit once: no digit repeated", "12345678903", false, ""},
		{"two digits repeated", "29293847566", false, ""},
		{"one digit four times", "11112345670", false, ""},
		{"first digit 0", "06095742719", false, ""},

		{"one digit changed", "86095742729", false, ""},
		{"two adjacent digits swapped", "86095747219", false, ""},
		{"check digit off by one", "86095742718", false, ""},
		{"10 digits", "8609574271", false, ""},
		{"12 digits", "860957427190", false, ""},
		{"a letter inside", "8609574271O", false, ""},
		{"all zeros", "00000000000", false, ""},
	})
}

func TestDETaxIDSingleDigitChanges(t *testing.T) {
	// ISO 7064 MOD 11,10 catches every single wrong digit; swaps it
	// catches only mostly, so they are in the table above, not here.
	f := idFormat(t, "de_tax_id")
	for _, valid := range []string{"86095742719", "12345678995", "11213456783"} {
		for _, v := range singleCharChanges(valid) {
			if _, ok := f.Validate([]byte(v)); ok {
				t.Errorf("%q, one digit away from %q, validates", v, valid)
			}
		}
	}
}

func TestDETaxIDAcceptsAboutOneRandomNumberIn300(t *testing.T) {
	// Why the format is weak: count how many of the 11-digit numbers from
	// a fixed sequence pass. The expected share is 0.9 (first digit) x
	// 0.037 (digit rules) x 0.1 (check digit), about 1 in 300.
	f := idFormat(t, "de_tax_id")
	passed, total := 0, 300_000
	x := uint64(88172645463325252)
	for range total {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		var b [11]byte
		v := x
		for i := range b {
			b[i] = byte('0' + v%10)
			v /= 10
		}
		if _, ok := f.Validate(b[:]); ok {
			passed++
		}
	}
	if share := float64(total) / float64(max(passed, 1)); share < 200 || share > 450 {
		t.Errorf("1 in %.0f random numbers passes; expected about 1 in 300", share)
	}
}
