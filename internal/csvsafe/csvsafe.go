// Package csvsafe keeps the CSV files the desk writes from being read as
// formulas by a spreadsheet (CSV injection). Every text cell that came from
// a user, a leak or a CRM export goes through Cell; the desk's audit and
// breach-register exports and the print house's address lists share it.
package csvsafe

// Cell returns s with a leading apostrophe when a spreadsheet would take it
// for a formula: it starts with =, +, -, @, a tab or a carriage return.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
