package detect

import "testing"

func TestValidIBAN(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		valid bool
	}{
		// The examples of the SWIFT IBAN registry (as listed in
		// support.currencycloud.com/hc/en-gb/articles/360017418760).
		{"Germany, the registry's example", "DE89370400440532013000", true},
		{"United Kingdom, the registry's example", "GB29NWBK60161331926819", true},
		{"France, with a letter in the BBAN", "FR1420041010050500013M02606", true},
		{"Belgium, 16 characters", "BE68539007547034", true},
		{"Switzerland, 21 characters", "CH9300762011623852957", true},
		{"Austria", "AT611904300234573201", true},
		{"Spain", "ES9121000418450200051332", true},
		{"Brazil, letters at the end", "BR1800360305000010009795493C1", true},
		{"Belarus, letters inside", "BY13NBRB3600900000002Z00AB00", true},
		// The ECBS example, used in ISO 13616 and everywhere since.
		{"United Kingdom, the ECBS example", "GB82WEST12345698765432", true},
		{"Norway, the shortest (15)", "NO9386011117947", true},
		{"Saint Lucia, the longest (32)", "LC55HEMM000100010012001200023015", true},
		{"Russia, 33 characters", "RU0204452560040702810412345678901", true},
		{"Netherlands", "NL91ABNA0417164300", true},
		{"Honduras, added in 2024, generated", "HN54PISA00000000000000123124", true},
		{"Yemen, added in 2024, generated", "YE15CBYE0001018861234567891234", true},
		{"Burundi, generated", "BI7610000100100000001234567", true},
		{"Germany, generated", "DE44500105175407324931", true},

		{"one digit changed", "DE89370400440532013001", false},
		{"two adjacent digits swapped", "DE89370400440532010300", false},
		{"check digits off by one", "DE88370400440532013000", false},
		{"check digits swapped", "DE98370400440532013000", false},
		{"a letter changed", "GB29NWBL60161331926819", false},
		{"Germany one character short", "DE8937040044053201300", false},
		{"Germany one character long", "DE893704004405320130000", false},
		{"a country without IBANs, valid mod 97", "CN111234567890123456", false},
		{"a made-up country code", "XX89370400440532013000", false},
		{"lower-case is not upper-cased here", "de89370400440532013000", false},
		{"a space inside", "DE89 370400440532013000", false},
		{"letters as check digits", "DEAB370400440532013000", false},
		{"check digits 97, generated", "DE97370400440532010043", true},
		{"check digits 98, generated", "DE98370400440532010025", true},
		{"check digits 00 in place of 97 pass mod 97 but are never issued", "DE00370400440532010043", false},
		{"check digits 01 in place of 98 pass mod 97 but are never issued", "DE01370400440532010025", false},
		{"check digits 99 are never issued", "DE99370400440532013000", false},
		{"14 characters", "NO938601111794", false},
		{"35 characters", "LC55HEMM000100010012001200023015000", false},
		{"empty", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ValidIBAN([]byte(c.in)); got != c.valid {
				t.Errorf("ValidIBAN(%q) = %v, want %v", c.in, got, c.valid)
			}
		})
	}
}

func TestValidIBANCatchesEverySingleDigitChange(t *testing.T) {
	for _, valid := range []string{"DE89370400440532013000", "GB82WEST12345698765432", "FR1420041010050500013M02606"} {
		for _, v := range append(singleCharChanges(valid), adjacentSwaps(valid)...) {
			if ValidIBAN([]byte(v)) {
				t.Errorf("%q, a near miss of %q, validates", v, valid)
			}
		}
	}
}

func TestIBANCountriesAreTheRegistrys(t *testing.T) {
	n := 0
	for _, l := range ibanLength {
		if l != 0 {
			n++
		}
		if l != 0 && (l < 15 || l > 34) {
			t.Errorf("length %d is outside 15-34", l)
		}
	}
	if n != 89 {
		t.Errorf("%d countries, the registry (release 102) has 89", n)
	}
}

func BenchmarkValidIBAN(b *testing.B) {
	for _, in := range []string{"DE89370400440532013000", "LC55HEMM000100010012001200023015", "DE89370400440532013001"} {
		v := []byte(in)
		b.Run(in[:2]+"/"+map[bool]string{true: "valid", false: "invalid"}[ValidIBAN(v)], func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			b.ReportAllocs()
			for b.Loop() {
				ValidIBAN(v)
			}
		})
	}
}
