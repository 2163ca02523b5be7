package detect

import (
	"bytes"
	"testing"
)

// The fuzz targets feed arbitrary bytes to the checksum validators and
// their generators. None may panic; whatever validates must agree with the
// generator of its check, and a normalized national ID must validate again
// as itself.

func FuzzValidIBAN(f *testing.F) {
	for _, s := range []string{"DE89370400440532013000", "GB82WEST12345698765432", "LC55HEMM000100010012001200023015",
		"DE00370400440532010043", "NO9386011117947", "", "DE", "ZZ99", "de89370400440532013000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !ValidIBAN(b) {
			return
		}
		if got := IBANCheckDigits(string(b[:2]), string(b[4:])); got != string(b[2:4]) {
			t.Errorf("valid IBAN of length %d: the generator computes other check digits", len(b))
		}
	})
}

func FuzzValidCard(f *testing.F) {
	for _, s := range []string{"4242424242424242", "378282246310005", "6205500000000000004", "36227206271667",
		"4242424242424241", "", "4", "6767700000000005"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		CardCheckDigit(string(b))
		if !ValidCard(b) {
			return
		}
		if CardCheckDigit(string(b[:len(b)-1])) != b[len(b)-1] {
			t.Errorf("valid card of %d digits: the generator computes another check digit", len(b))
		}
	})
}

func FuzzValidVIN(f *testing.F) {
	for _, s := range []string{"1M8GDM9AXKP042788", "11111111111111111", "1HGCM82633A004352", "WVWZZZ1JZXW386752", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		VINCheckChar(string(b))
		if !ValidVIN(b) {
			return
		}
		if VINCheckChar(string(b)) != b[8] {
			t.Error("valid VIN: the generator computes another check character")
		}
		if bytes.ContainsAny(b, "IOQ") {
			t.Error("valid VIN holds I, O or Q")
		}
	})
}

// fuzzIDFormat fuzzes the validator of kind. agree, when set, checks a
// valid input against the generator of its check.
func fuzzIDFormat(f *testing.F, kind string, seeds []string, agree func(t *testing.T, b []byte)) {
	format := idFormat(f, kind)
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, ok := format.Validate(b)
		if !ok {
			if v != "" {
				t.Error("Validate returns a value with ok false")
			}
			return
		}
		again, ok := format.Validate([]byte(v))
		if !ok || again != v {
			t.Error("the normalized value does not validate as itself")
		}
		for i := 0; i < len(v); i++ {
			if !isDigit(v[i]) && !isUpper(v[i]) {
				t.Errorf("the normalized value holds a byte other than 0-9 and A-Z at %d", i)
			}
		}
		if agree != nil {
			agree(t, b)
		}
	})
}

func FuzzCNResidentID(f *testing.F) {
	fuzzIDFormat(f, "cn_resident_id", []string{"11010519491231002X", "440524188001010014", "65010220000229001X", "110105202611250016"},
		func(t *testing.T, b []byte) {
			if CNResidentCheckChar(string(b[:17])) != b[17] {
				t.Error("the generator computes another check character")
			}
		})
}

func FuzzDETaxID(f *testing.F) {
	fuzzIDFormat(f, "de_tax_id", []string{"86095742719", "12345678995", "11213456783", "11123456786", "06095742719"},
		func(t *testing.T, b []byte) {
			if DETaxCheckDigit(string(b[:10])) != b[10] {
				t.Error("the generator computes another check digit")
			}
		})
}

func FuzzDEIDCard(f *testing.F) {
	fuzzIDFormat(f, "de_id_card", []string{"T220001293", "T220001293D", "LZ6311T475", "1234567897", "A220001293"},
		func(t *testing.T, b []byte) {
			if DEIDCardCheckDigit(string(b[:9])) != b[9] {
				t.Error("the generator computes another check digit")
			}
		})
}

func FuzzUSSSN(f *testing.F) {
	fuzzIDFormat(f, "us_ssn", []string{"536905001", "078051120", "666123456", "900701234"}, nil)
}

func FuzzUKNINO(f *testing.F) {
	fuzzIDFormat(f, "uk_nino", []string{"AB123456C", "QQ123456C", "BG123456A", "AO123456A"}, nil)
}

func FuzzNLBSN(f *testing.F) {
	fuzzIDFormat(f, "nl_bsn", []string{"123456782", "111222333", "000000000", "123456783"}, nil)
}

func FuzzESDNI(f *testing.F) {
	fuzzIDFormat(f, "es_dni", []string{"12345678Z", "00000001R", "12345678S", "X1234567L"},
		func(t *testing.T, b []byte) {
			if ESControlLetter(decimal(b[:8])) != b[8] {
				t.Error("the generator computes another letter")
			}
		})
}

func FuzzESNIE(f *testing.F) {
	fuzzIDFormat(f, "es_nie", []string{"X1234567L", "Y7654321G", "Z0000001Y", "W1234567L"},
		func(t *testing.T, b []byte) {
			if ESControlLetter(int(b[0]-'X')*10_000_000+decimal(b[1:8])) != b[8] {
				t.Error("the generator computes another letter")
			}
		})
}

func FuzzITCodiceFiscale(f *testing.F) {
	fuzzIDFormat(f, "it_codice_fiscale", []string{"RSSMRA85T10A562S", "RSSMRAURTMLARSNL", "FRNSST75D50A717N", "RSSMRA85T32A562Y"},
		func(t *testing.T, b []byte) {
			if ITCFCheckChar(string(b[:15])) != b[15] {
				t.Error("the generator computes another check letter")
			}
		})
}

func FuzzFRNIR(f *testing.F) {
	fuzzIDFormat(f, "fr_nir", []string{"157016748214562", "175052A00412361", "281112B01234557", "175052C00412361"},
		func(t *testing.T, b []byte) {
			if FRNIRKey(string(b[:13])) != decimal(b[13:15]) {
				t.Error("the generator computes another key")
			}
		})
}
