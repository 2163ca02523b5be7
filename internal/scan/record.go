package scan

import (
	"github.com/zeebo/xxh3"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// record is the tabular record (a row, object or tuple) being scanned:
// its distinct matches, all of one person. Documents are booked as their
// chunks are scanned (docRecord).
//
// The matches' Values may point into the detector's FieldScanner arena:
// they are valid until the record is booked, and whatever keeps one
// longer copies it (see acc.offerExample).
type record struct {
	loc     extract.Loc
	matches []detect.Match
	// keys are the matches' category indices and value hashes, in step
	// with matches: each value is hashed once, here, both to find
	// duplicates and for the tables (acc.addRecord).
	keys      []matchKey
	index     map[matchKey]struct{} // used once a record holds many matches
	names     [][]byte
	addresses [][]byte
	street    bool // an address value that is more than a town
	add       func(detect.Match)
}

// matchKey is a value as the tables know it: two matches with the same
// key are the same value (see acc on hashes).
type matchKey struct {
	cat  int    // categoryIndex
	hash uint64 // nonZero(valueHash)
}

// keyOf is m's key. A category the report does not know (cat is
// numCategories) adds its name to the hash, so that its values are told
// apart from another's.
func keyOf(m *detect.Match) matchKey {
	cat := categoryIndex(m.Category)
	h := valueHash(cat, m.Value)
	if cat >= numCategories {
		h ^= xxh3.HashString(string(m.Category))
	}
	return matchKey{cat: cat, hash: nonZero(h)}
}

// linearLimit is how many matches are deduplicated by a linear search
// before a map takes over: most records hold a handful.
const linearLimit = 16

func (r *record) reset(loc extract.Loc) {
	r.loc = loc
	r.matches = r.matches[:0]
	r.keys = r.keys[:0]
	r.index = nil
	r.names = r.names[:0]
	r.addresses = r.addresses[:0]
	r.street = false
}

// addFunc returns the record's add method as a func value made once, so
// scanning a field does not allocate a closure.
func (r *record) addFunc() func(detect.Match) {
	if r.add == nil {
		r.add = r.addMatch
	}
	return r.add
}

// addMatch keeps m unless the record holds the same value already.
func (r *record) addMatch(m detect.Match) {
	k := keyOf(&m)
	if r.index != nil {
		if _, dup := r.index[k]; dup {
			return
		}
		r.index[k] = struct{}{}
		r.keep(m, k)
		return
	}
	for _, x := range r.keys {
		if x == k {
			return
		}
	}
	r.keep(m, k)
	if len(r.keys) > linearLimit {
		r.index = make(map[matchKey]struct{}, 2*linearLimit)
		for _, x := range r.keys {
			r.index[x] = struct{}{}
		}
	}
}

func (r *record) keep(m detect.Match, k matchKey) {
	r.matches = append(r.matches, m)
	r.keys = append(r.keys, k)
}

// categoryIndex numbers the categories for bit sets and arrays: the
// index in detect.Categories, or numCategories for a category the report
// does not know. It runs for every value found, so it is a switch (a few
// comparisons of length and bytes) rather than a map (a string hash);
// TestCategoryIndexFollowsTheReportOrder keeps it in step.
func categoryIndex(c detect.Category) int {
	switch c {
	case detect.Email:
		return 0
	case detect.Phone:
		return 1
	case detect.IBAN:
		return 2
	case detect.PaymentCard:
		return 3
	case detect.NationalID:
		return 4
	case detect.VIN:
		return 5
	case detect.IPAddress:
		return 6
	case detect.DateOfBirth:
		return 7
	case detect.Name:
		return 8
	case detect.PostalAddress:
		return 9
	case detect.Credential:
		return 10
	case detect.Secret:
		return 11
	}
	return numCategories
}

// nonZero keeps a hash apart from 0, which a zeroed matchKey holds.
func nonZero(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}
