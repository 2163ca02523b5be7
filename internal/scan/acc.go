package scan

import (
	"github.com/cespare/xxhash/v2"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// acc accumulates one worker's figures. Values are kept as 64-bit hashes,
// never as text: memory grows with the number of distinct values (16 bytes
// a slot in the tables below, at most 3/4 full, plus 12 bytes a person
// link), not with their size. Two different values sharing a hash is
// astronomically unlikely at the scale of a leak (1e-6 for ten million).
type acc struct {
	records    int64
	catRecords [numCategories]int64
	// sets hold the distinct values of the categories that do not link
	// persons; the linking ones (e-mail, phone, national ID) are the
	// nodes of persons.
	sets       [numCategories]hashTable
	kinds      [numCategories][]string
	persons    *unionFind
	standalone int64 // records with personal data but no linking value
	examples   [numCategories]string
}

// numCategories is len(detect.Categories); a test keeps them equal.
const numCategories = 12

func newAcc() *acc { return &acc{persons: newUnionFind()} }

// valueHash hashes a normalized value; the category moves it, so that the
// same text as an e-mail and as a phone number are different links.
func valueHash(category int, v string) uint64 {
	return xxhash.Sum64String(v) + uint64(category+1)*0x9E3779B97F4A7C15
}

// addRecord books one finished record and returns the set of its
// categories (bit i for detect.Categories[i]).
func (a *acc) addRecord(r *record) uint32 {
	a.records++
	var seen uint32
	personal := false
	first := int32(-1)
	for _, m := range r.matches {
		i := categoryIndex(m.Category)
		if i >= numCategories {
			continue
		}
		if bit := uint32(1) << i; seen&bit == 0 {
			seen |= bit
			a.catRecords[i]++
		}
		if a.examples[i] == "" {
			a.examples[i] = m.Value
		}
		personal = personal || m.Category.Personal()
		h, kind := valueHash(i, m.Value), a.kindIndex(i, m.Kind)
		if !m.Category.Linking() {
			a.sets[i].put(h, kind)
			continue
		}
		node := a.persons.node(h, uint8(i), uint8(kind))
		switch {
		case first < 0:
			first = node
		case r.tabular:
			a.persons.union(first, node)
		}
	}
	if personal && first < 0 {
		a.standalone++
	}
	return seen
}

// kindIndex numbers the kinds of a category in this accumulator.
func (a *acc) kindIndex(cat int, kind string) int32 {
	for i, k := range a.kinds[cat] {
		if k == kind {
			return int32(i)
		}
	}
	a.kinds[cat] = append(a.kinds[cat], kind)
	return int32(len(a.kinds[cat]) - 1)
}

// size is how many distinct values the accumulator holds.
func (a *acc) size() int {
	n := a.persons.ids.len()
	for i := range a.sets {
		n += a.sets[i].len()
	}
	return n
}

// mergeAccs folds the workers' accumulators into the largest of them.
func mergeAccs(accs []*acc) *acc {
	base := 0
	for i, a := range accs {
		if a.size() > accs[base].size() {
			base = i
		}
	}
	total := accs[base]
	for i, a := range accs {
		if i != base {
			total.merge(a)
		}
	}
	return total
}

func (a *acc) merge(o *acc) {
	a.records += o.records
	a.standalone += o.standalone
	for i := range o.sets {
		a.catRecords[i] += o.catRecords[i]
		if a.examples[i] == "" {
			a.examples[i] = o.examples[i]
		}
		o.sets[i].each(func(h uint64, k int32) {
			a.sets[i].put(h, a.kindIndex(i, o.kinds[i][k]))
		})
	}
	a.persons.merge(o.persons, func(cat, kind uint8) uint8 {
		return uint8(a.kindIndex(int(cat), o.kinds[cat][kind]))
	})
}

// kindCategories are the categories whose report lists kinds.
var kindCategories = map[detect.Category]bool{detect.NationalID: true, detect.Secret: true, detect.Credential: true}

// categoryCounts is the report's categories section.
func (a *acc) categoryCounts() map[detect.Category]*CategoryCount {
	distinct := make([]int64, numCategories)
	kinds := make([]map[int32]int64, numCategories)
	for i := range kinds {
		kinds[i] = make(map[int32]int64)
	}
	for i := range a.sets {
		a.sets[i].each(func(_ uint64, k int32) { kinds[i][k]++ })
		distinct[i] = int64(a.sets[i].len())
	}
	a.persons.eachNode(func(cat, kind uint8) {
		distinct[cat]++
		kinds[cat][int32(kind)]++
	})
	out := make(map[detect.Category]*CategoryCount)
	for i, c := range detect.Categories {
		if a.catRecords[i] == 0 {
			continue
		}
		cc := &CategoryCount{Records: a.catRecords[i], Distinct: distinct[i]}
		if kindCategories[c] {
			cc.Kinds = make(map[string]int64)
			for k, n := range kinds[i] {
				cc.Kinds[a.kinds[i][k]] = n
			}
		}
		out[c] = cc
	}
	return out
}

// personCount counts people: connected groups of linking values, plus the
// records with personal data but no linking value.
func (a *acc) personCount() int64 { return a.persons.components() + a.standalone }
