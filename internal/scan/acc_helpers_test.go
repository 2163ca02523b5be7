package scan

// newSharedAccs makes n detectors' accumulators sharing one set of tables.
func newSharedAccs(n int) (*tables, []*acc) {
	t := newTables()
	accs := make([]*acc, n)
	for i := range accs {
		accs[i] = newAcc(t)
	}
	return t, accs
}
