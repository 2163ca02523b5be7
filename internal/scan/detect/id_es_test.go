package detect

import "testing"

func TestESDNI(t *testing.T) {
	testIDCases(t, "es_dni", []idCase{
		// The Ministry of the Interior's worked example: 12345678 mod 23
		// is 14, letter Z (as cited by ordenacionjuego.es/gl/calculo-digito-control).
		{"the Ministry's example 12345678Z", "12345678Z", true, ""},
		{"generated", "87654321X", true, ""},
		{"a small number with leading zeros", "00000001R", true, ""},
		{"the largest number", "99999999R", true, ""},
		{"generated", "31415926L", true, ""},

		{"letter off by one in the table", "12345678S", false, ""},
		{"one digit changed", "12345688Z", false, ""},
		{"two adjacent digits swapped", "12345687Z", false, ""},
		{"I, which the table leaves out", "12345678I", false, ""},
		{"a digit as control", "123456781", false, ""},
		{"7 digits and a letter", "1234567Z", false, ""},
		{"a NIE is not a DNI", "X1234567L", false, ""},
	})
}

func TestESNIE(t *testing.T) {
	testIDCases(t, "es_nie", []idCase{
		// The same rule with X counting 0: X1234567 gives 1234567 mod 23,
		// letter L.
		{"the usual example X1234567L", "X1234567L", true, ""},
		{"Y counts 1", "Y7654321G", true, ""},
		{"Z counts 2", "Z0000001Y", true, ""},
		{"all zeros after X", "X0000000T", true, ""},

		{"Y in place of X changes the letter", "Y1234567L", false, ""},
		{"letter off by one", "X1234567M", false, ""},
		{"one digit changed", "X1234667L", false, ""},
		{"two adjacent digits swapped", "X1234576L", false, ""},
		{"W is not a NIE letter", "W1234567L", false, ""},
		{"a DNI is not a NIE", "12345678Z", false, ""},
		{"8 digits after X", "X12345678L", false, ""},
	})
}

func TestESNearMisses(t *testing.T) {
	testNoNearMissValidates(t, "es_dni", "12345678Z")
	testNoNearMissValidates(t, "es_dni", "31415926L")
	testNoNearMissValidates(t, "es_nie", "X1234567L")
	testNoNearMissValidates(t, "es_nie", "Y7654321G")
}
