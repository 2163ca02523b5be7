package scan

// absorb adds o, the tables of another scan, into t: the shards of a leak
// scanned apart (by another process, later by a distributed worker) give
// the figures of one scan of the whole. Values are sets, so they unite;
// persons are union-find over the linking values, so a person of o joins
// the person of t that shares one of its values. Neither t nor o may be in
// use by detectors, and o's accumulators must be flushed (their counts
// add up in mergeAccs); absorb takes no locks.
func (t *tables) absorb(o *tables) {
	kinds := t.translateKinds(o)
	// rep is, per person of o (its root node), a node of t in that person.
	rep := make(map[int32]int32)
	var block nodeBlock
	for s := range o.shards {
		from, to := &o.shards[s], &t.shards[s]
		for c := range from.sets {
			for _, slot := range from.sets[c].slots {
				if slot != 0 {
					// The shard's number is the hash's top byte: see setTable.
					key := uint64(s)<<56 | slot&setKeyMask
					to.sets[c].add(key, kinds[c][slot>>56])
				}
			}
		}
		for i, key := range from.ids.keys {
			if key == 0 {
				continue
			}
			id := from.ids.vals[i]
			n := o.persons.at(id)
			mine := to.node(&t.persons, &block, key, n.cat, kinds[n.cat][n.kind])
			root := o.persons.find(id)
			if first, ok := rep[root]; ok {
				t.persons.union(first, mine)
			} else {
				rep[root] = mine
			}
		}
	}
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
