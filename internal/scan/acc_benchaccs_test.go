package scan

func benchAccs(n int) (*tables, []*acc) {
	t := newTables()
	accs := make([]*acc, n)
	for i := range accs {
		accs[i] = newAcc(t)
	}
	return t, accs
}
