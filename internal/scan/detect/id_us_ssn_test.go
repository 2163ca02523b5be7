package detect

import "testing"

func TestUSSSN(t *testing.T) {
	testIDCases(t, "us_ssn", []idCase{
		{"an ordinary number", "536905001", true, ""},
		{"area 001", "001010001", true, ""},
		{"area 899", "899999999", true, ""},
		{"area 665", "665123456", true, ""},
		{"area 667", "667123456", true, ""},
		{"group 01 and serial 0001", "123010001", true, ""},

		// The numbers of specimen cards people took for their own
		// (snopes.com/business/taxes/woolworth.asp).
		{"the Woolworth wallet card 078-05-1120", "078051120", false, ""},
		{"the SSA pamphlet's 219-09-9999", "219099999", false, ""},
		{"the form placeholder 123-45-6789", "123456789", false, ""},
		{"reserved for advertisements 987-65-4321", "987654321", false, ""},

		{"area 000", "000123456", false, ""},
		{"area 666", "666123456", false, ""},
		{"area 900 (ITINs start here)", "900701234", false, ""},
		{"area 999", "999123456", false, ""},
		{"group 00", "536005001", false, ""},
		{"serial 0000", "536900000", false, ""},
		{"8 digits", "53690500", false, ""},
		{"10 digits", "5369050011", false, ""},
		{"a letter inside", "5369O5001", false, ""},
	})
}
