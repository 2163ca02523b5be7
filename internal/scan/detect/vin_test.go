package detect

import "testing"

func TestValidVIN(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		valid bool
	}{
		// The worked example of the check digit (Wikibooks, "Vehicle
		// Identification Numbers (VIN codes)/Check digit"): sum 351,
		// remainder 10, check X.
		{"the worked example, check X", "1M8GDM9AXKP042788", true},
		{"a Honda, check 3", "1HGCM82633A004352", true},
		{"an Acura, check 1", "JH4KA7561PC008269", true},
		{"a Chinese VIN (GB 16735 requires the check), generated", "LSVAU218XN2183294", true},
		{"a Chinese VIN, generated", "LFV2A21K4A3041922", true},
		{"a Tesla, generated", "5YJ3E1EA2KF317000", true},

		{"the famous all-ones passes the check but has no letter", "11111111111111111", false},
		{"17 digits: order numbers, not VINs", "12345678901234567", false},
		{"a European VIN without a check digit", "WVWZZZ1JZXW386752", false},
		{"one character changed", "1M8GDM9AXKP042789", false},
		{"two adjacent characters swapped", "1M8GDM9AXKP047288", false},
		{"check off by one", "1M8GDM9A9KP042788", false},
		{"check X written lower-case", "1M8GDM9AxKP042788", false},
		{"I is not allowed", "1M8GDI9AXKP042788", false},
		{"O is not allowed", "1M8GDO9AXKP042788", false},
		{"Q is not allowed", "1M8GDQ9AXKP042788", false},
		{"a dash inside", "1M8GDM9AX-P042788", false},
		{"16 characters", "1M8GDM9AXKP04278", false},
		{"18 characters", "1M8GDM9AXKP0427880", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ValidVIN([]byte(c.in)); got != c.valid {
				t.Errorf("ValidVIN(%q) = %v, want %v", c.in, got, c.valid)
			}
		})
	}
}

func TestValidVINCatchesEverySingleDigitChange(t *testing.T) {
	// Weights 2-10 are all prime to 11, so a wrong digit always changes
	// the check (position 9 itself is the check).
	for _, valid := range []string{"1M8GDM9AXKP042788", "1HGCM82633A004352"} {
		for _, v := range singleCharChanges(valid) {
			if ValidVIN([]byte(v)) {
				t.Errorf("%q, one digit away from %q, validates", v, valid)
			}
		}
	}
}

func BenchmarkValidVIN(b *testing.B) {
	v := []byte("1M8GDM9AXKP042788")
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	for b.Loop() {
		ValidVIN(v)
	}
}
