package scan

import "github.com/breachdesk/breachdesk/internal/scan/detect"

// newSharedAccs makes n detectors' accumulators sharing one set of tables.
func newSharedAccs(n int) (*tables, []*acc) {
	t := newTables()
	accs := make([]*acc, n)
	for i := range accs {
		accs[i] = newAcc(t, n)
	}
	return t, accs
}

// addMatches adds ms to the record as a detector's row does.
func (r *record) addMatches(ms ...detect.Match) {
	for _, m := range ms {
		r.addMatch(m)
	}
}
