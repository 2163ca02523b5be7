package detect

import "testing"

func TestFRNIR(t *testing.T) {
	testIDCases(t, "fr_nir", []idCase{
		// maths-forum.com/lycee/congruence-t179375.html: the exercise's
		// number 1 57 01 67 482 145, key 62.
		{"a man born January 1957 in Bas-Rhin", "157016748214562", true, ""},
		// trabucaire.free.fr/?p=1824: 2 62 08 75 032 039, key 77.
		{"a woman born August 1962 in Paris", "262087503203977", true, ""},
		// lbcd78.fr: 2 06 12 75 111 005, key 64.
		{"a woman born December 1906 in Paris", "206127511100564", true, ""},
		{"born in Corse-du-Sud: 2A counts 19", "175052A00412361", true, ""},
		{"born in Haute-Corse: 2B counts 18", "281112B01234557", true, ""},
		{"born abroad: department 99", "192049935012358", true, ""},
		{"a temporary number starting with 8", "801209912345636", true, ""},
		{"month 30 for an incomplete civil record", "255309761100313", true, ""},
		{"generated", "185057800608491", true, ""},

		{"one digit changed", "157016748215562", false, ""},
		{"two adjacent digits swapped", "157016748241562", false, ""},
		{"key off by one", "157016748214563", false, ""},
		{"the key Corsica would have as 19, written 2A", "175052A00412362", false, ""},
		{"2C is no department", "175052C00412361", false, ""},
		{"A outside the department", "1750A1900412361", false, ""},
		{"sex 5", "557016748214562", false, ""},
		{"sex 0", "057016748214562", false, ""},
		{"month 00", "157006748214562", false, ""},
		{"month 13", "157136748214562", false, ""},
		{"month 45", "157456748214562", false, ""},
		{"department 00", "157010048214562", false, ""},
		{"order number 000", "157016748200062", false, ""},
		{"13 digits without the key", "1570167482145", false, ""},
	})
}

func TestFRNIRNearMisses(t *testing.T) {
	testNoNearMissValidates(t, "fr_nir", "157016748214562")
	testNoNearMissValidates(t, "fr_nir", "262087503203977")
}
