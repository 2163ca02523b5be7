package scan

// absorb adds o, the tables of another scan, into t: the shards of a leak
// scanned apart (by another process, later by a distributed worker) give
// the figures of one scan of the whole. Values are sets, so they unite;
// persons are union-find over records, so a person of o becomes one node
// of t, which joins the person of t that shares one of its values.
// Neither t nor o may be in use by detectors, and o's accumulators must be
// flushed (their counts add up in mergeAccs); absorb takes no locks.
func (t *tables) absorb(o *tables) {
	kinds := t.translateKinds(o)
	o.settle()
	// rep is, per person of o (its root node), its node in t.
	rep := make(map[int32]int32)
	var block nodeBlock
	var pairs []nodePair
	// translate is e with t's kind and node; the order of keys stays.
	translate := func(e entry) entry {
		mine := newEntry(e.key, e.cat(), kinds[e.cat()][e.kind()], 0)
		if e.links() {
			root := o.persons.find(e.node())
			n, ok := rep[root]
			if !ok {
				n = t.persons.newNode(&block)
				rep[root] = n
			}
			mine = mine.setNode(n)
		}
		return mine
	}
	for _, r := range o.runs.runs {
		mine := make(sortedRun, len(r))
		for c, part := range r {
			mine[c] = make([]entry, len(part))
			for i, e := range part {
				mine[c][i] = translate(e)
			}
		}
		pairs = t.runs.add(mine, pairs)
	}
	t.persons.join(pairs)
}

// translateKinds maps o's kind numbers, per category, to t's.
func (t *tables) translateKinds(o *tables) [numCategories][]uint8 {
	var kinds [numCategories][]uint8
	for c := range o.kinds {
		kinds[c] = make([]uint8, len(o.kinds[c]))
		for k, name := range o.kinds[c] {
			_, mine := t.kindIndex(c, name)
			kinds[c][k] = uint8(mine)
		}
	}
	return kinds
}
