package scan

import (
	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// record is the tabular record (a row, object or tuple) being scanned:
// its distinct matches, all of one person. Documents are booked as their
// chunks are scanned (docRecord).
type record struct {
	loc       extract.Loc
	matches   []detect.Match
	index     map[matchKey]struct{} // used once a record holds many matches
	names     [][]byte
	addresses [][]byte
	street    bool // an address value that is more than a town
	add       func(detect.Match)
}

type matchKey struct {
	category detect.Category
	value    string
}

// linearLimit is how many matches are deduplicated by a linear search
// before a map takes over: most records hold a handful.
const linearLimit = 16

func (r *record) reset(loc extract.Loc) {
	r.loc = loc
	r.matches = r.matches[:0]
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
	if r.index != nil {
		k := matchKey{m.Category, m.Value}
		if _, dup := r.index[k]; dup {
			return
		}
		r.index[k] = struct{}{}
		r.matches = append(r.matches, m)
		return
	}
	for i := range r.matches {
		if r.matches[i].Category == m.Category && r.matches[i].Value == m.Value {
			return
		}
	}
	r.matches = append(r.matches, m)
	if len(r.matches) > linearLimit {
		r.index = make(map[matchKey]struct{}, 2*linearLimit)
		for _, x := range r.matches {
			r.index[matchKey{x.Category, x.Value}] = struct{}{}
		}
	}
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
