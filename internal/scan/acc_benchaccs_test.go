package scan

func benchAccs(n int) []*acc {
	accs := make([]*acc, n)
	for i := range accs {
		accs[i] = newAcc()
	}
	return accs
}
