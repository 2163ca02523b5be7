package detect

import "testing"

func TestNLBSN(t *testing.T) {
	testIDCases(t, "nl_bsn", []idCase{
		// calaris.nl's worked example of the 11-test.
		{"the worked example 123456782", "123456782", true, ""},
		// privacynieuws.nl's "fictief nummer" worked example.
		{"the fictitious example 249566758", "249566758", true, ""},
		{"the test number 111222333", "111222333", true, ""},
		{"an eight-digit number written with a leading 0", "012345672", true, ""},
		{"generated", "271458380", true, ""},
		{"ending in 0", "999999990", true, ""},
		{"generated", "100000009", true, ""},

		{"nine zeros pass the 11-test but are no one's", "000000000", false, ""},
		{"one digit changed", "123456882", false, ""},
		{"two adjacent digits swapped", "123456872", false, ""},
		{"last digit off by one", "123456783", false, ""},
		{"8 digits", "12345678", false, ""},
		{"10 digits", "1234567820", false, ""},
		{"a letter inside", "12345678Z", false, ""},
	})
}
