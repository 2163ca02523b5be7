package detect

import (
	"strconv"
	"testing"
)

func TestGeneratorsMakeValidNumbers(t *testing.T) {
	pinToday(t, 2026, 11, 24)
	iban := func(country, bban string) string { return country + IBANCheckDigits(country, bban) + bban }
	card := func(partial string) string { return partial + string(CardCheckDigit(partial)) }
	vin := func(v string) string { return v[:8] + string(VINCheckChar(v)) + v[9:] }
	dni := func(n int) string { return strconv.Itoa(n) + string(ESControlLetter(n)) }
	nir := func(first13 string) string {
		k := FRNIRKey(first13)
		return first13 + string([]byte{byte('0' + k/10), byte('0' + k%10)})
	}

	ibans := []string{iban("DE", "370400440532013000"), iban("GB", "WEST12345698765432"), iban("MT", "MALT011000012345MTLCAST001S")}
	for _, v := range ibans {
		if !ValidIBAN([]byte(v)) {
			t.Errorf("generated IBAN %q does not validate", v)
		}
	}
	if got := ibans[0]; got != "DE89370400440532013000" {
		t.Errorf("IBANCheckDigits gives %q, want the registry's DE89...", got)
	}
	for _, v := range []string{card("424242424242424"), card("37828224631000"), card("620550000000000000")} {
		if !ValidCard([]byte(v)) {
			t.Errorf("generated card %q does not validate", v)
		}
	}
	if got := vin("1M8GDM9A?KP042788"); got != "1M8GDM9AXKP042788" {
		t.Errorf("VINCheckChar gives %q", got)
	}
	ids := map[string]string{
		"cn_resident_id":    "11010519491231002" + string(CNResidentCheckChar("11010519491231002")),
		"de_tax_id":         "8609574271" + string(DETaxCheckDigit("8609574271")),
		"de_id_card":        "T22000129" + string(DEIDCardCheckDigit("T22000129")),
		"es_dni":            dni(12345678),
		"es_nie":            "X1234567" + string(ESControlLetter(1234567)),
		"it_codice_fiscale": "RSSMRA85T10A562" + string(ITCFCheckChar("RSSMRA85T10A562")),
		"fr_nir":            nir("2811118012345"),
	}
	for kind, v := range ids {
		if _, ok := idFormat(t, kind).Validate([]byte(v)); !ok {
			t.Errorf("generated %s %q does not validate", kind, v)
		}
	}
	if got := nir("281112B012345"); got != "281112B01234557" {
		t.Errorf("FRNIRKey with 2B gives %q, want key 57 as for department 18", got)
	}
}

func TestGeneratorsRefuseWrongShapes(t *testing.T) {
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"IBAN country of one letter", IBANCheckDigits("D", "370400440532013000"), ""},
		{"IBAN BBAN with a space", IBANCheckDigits("DE", "3704 0044"), ""},
		{"card with a letter", CardCheckDigit("42424242424242A"), byte(0)},
		{"resident ID of 16 digits", CNResidentCheckChar("1101051949123100"), byte(0)},
		{"resident ID with X inside", CNResidentCheckChar("1101051949123100X"), byte(0)},
		{"VIN of 16 characters", VINCheckChar("1M8GDM9AXKP04278"), byte(0)},
		{"VIN with O", VINCheckChar("1M8GDM9AXKP04278O"), byte(0)},
		{"tax ID of 9 digits", DETaxCheckDigit("860957427"), byte(0)},
		{"ID card serial with A", DEIDCardCheckDigit("A22000129"), byte(0)},
		{"DNI below 0", ESControlLetter(-1), byte(0)},
		{"fiscal code of 14 characters", ITCFCheckChar("RSSMRA85T10A56"), byte(0)},
		{"fiscal code with a dash", ITCFCheckChar("RSSMRA85T10A56-"), byte(0)},
		{"NIR with a letter outside the department", FRNIRKey("1A50519004123"), -1},
		{"NIR of 12 digits", FRNIRKey("175051900412"), -1},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}
