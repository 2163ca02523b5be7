package detect

import (
	"testing"
	"time"
)

func TestCNResidentID(t *testing.T) {
	pinToday(t, 2026, time.November, 24)
	testIDCases(t, "cn_resident_id", []idCase{
		// GB 11643-1999, Appendix A: the standard's own example for
		// Chaoyang district, Beijing (cited in zh.wikisource.org/wiki/GB_11643-1999).
		{"the standard's Beijing example with check X", "11010519491231002X", true, ""},
		// GB 11643-1999, Appendix A: the Shantou example, born 1880; a
		// person born before 1900 is not in a leak of living customers.
		{"the standard's Shantou example is born before 1900", "440524188001010014", false, ""},

		{"Shenzhen, born 1985", "440306198501011238", true, ""},
		{"Urumqi, born on 29 February 2000, check X", "65010220000229001X", true, ""},
		{"Hong Kong residence permit code 81", "810000199912310020", true, ""},
		{"born on 1 January 1900", "330106190001010017", true, ""},
		{"Chengdu, born 2010", "510107201006150132", true, ""},
		{"Shanghai, born 1977", "310115197704202589", true, ""},
		{"born today", "110105202611240010", true, ""},
		{"province code 83", "83010519900101001X", true, ""},
		{"province code 91", "91010519900101001X", true, ""},

		{"born tomorrow", "110105202611250016", false, ""},
		{"born on 31 December 1899", "110105189912310015", false, ""},
		{"born on 29 February 2001, which did not exist", "110105200102290010", false, ""},
		{"born in month 13", "110105199013010018", false, ""},
		{"born on 31 April", "110105199004310019", false, ""},
		{"province code 01 does not exist", "010105199001010017", false, ""},
		{"province code 16 does not exist", "16010519900101001X", false, ""},
		{"province code 72 does not exist", "720105199001010014", false, ""},

		{"one digit changed", "11010519491231012X", false, ""},
		{"two adjacent digits swapped", "11015019491231002X", false, ""},
		{"check character off by one", "110105194912310029", false, ""},
		{"check digit where X belongs", "110105194912310020", false, ""},
		{"lower-case x is not upper-cased here", "11010519491231002x", false, ""},
		{"a letter among the first 17", "11010519491231O02X", false, ""},
		{"X anywhere but last", "X10105194912310021", false, ""},
		{"17 characters", "11010519491231002", false, ""},
		{"19 characters", "11010519491231002X0", false, ""},
		{"the old 15-digit form", "110105491231002", false, ""},
		{"18 zeros", "000000000000000000", false, ""},
	})
}

func TestCNResidentIDNearMisses(t *testing.T) {
	pinToday(t, 2026, time.November, 24)
	for _, valid := range []string{"11010519491231002X", "440306198501011238", "310115197704202589"} {
		testNoNearMissValidates(t, "cn_resident_id", valid)
	}
}
