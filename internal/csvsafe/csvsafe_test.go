package csvsafe

import "testing"

func TestCellDisarmsFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"login.ok", "login.ok"},
		{"Müller, Hauptstraße 5", "Müller, Hauptstraße 5"},
		{`=HYPERLINK("x")`, `'=HYPERLINK("x")`},
		{"+49 170 1234567", "'+49 170 1234567"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
	} {
		if got := Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
