package detect

import "testing"

func TestUKNINO(t *testing.T) {
	testIDCases(t, "uk_nino", []idCase{
		{"an ordinary number", "AB123456C", true, ""},
		{"suffix A", "JY000000A", true, ""},
		{"suffix D", "ZY999999D", true, ""},
		{"O as the first letter", "OA123456B", true, ""},
		{"BT, used in Northern Ireland", "BT123456A", true, ""},

		// HMRC National Insurance Manual NIM39110: "QQ 12 34 56 A ... an
		// example only and should not be used as an actual number".
		{"HMRC's example QQ123456A", "QQ123456A", false, ""},
		{"Wikipedia's example QQ123456C", "QQ123456C", false, ""},

		{"first letter D", "DA123456A", false, ""},
		{"first letter F", "FA123456A", false, ""},
		{"first letter I", "IA123456A", false, ""},
		{"first letter U", "UA123456A", false, ""},
		{"first letter V", "VA123456A", false, ""},
		{"second letter O", "AO123456A", false, ""},
		{"second letter Q", "AQ123456A", false, ""},
		{"prefix BG", "BG123456A", false, ""},
		{"prefix GB", "GB123456A", false, ""},
		{"prefix KN", "KN123456A", false, ""},
		{"prefix NK", "NK123456A", false, ""},
		{"prefix NT", "NT123456A", false, ""},
		{"prefix TN", "TN123456A", false, ""},
		{"prefix ZZ", "ZZ123456A", false, ""},
		{"suffix E", "AB123456E", false, ""},
		{"a digit as suffix", "AB1234567", false, ""},
		{"a digit in the prefix", "A1123456C", false, ""},
		{"a letter among the digits", "AB12345CC", false, ""},
		{"no suffix", "AB123456", false, ""},
		{"lower-case is not upper-cased here", "ab123456c", false, ""},
	})
}
