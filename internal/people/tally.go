package people

// The store keeps the register's counts as tallies, changed in the same
// transaction as the persons (see Store.Tallies), so that the counts are
// read without reading the register.

// Tally dimensions.
const (
	TallyPersons    = "persons"     // not erased
	TallyErased     = "erased"      // erased on request
	TallyRecords    = "records"     // sum of RecordCount, erased persons too
	TallyCategory   = "category"    // item: the category; erased persons too
	TallyCountry    = "country"     // item: "DE", and "US-CA" as well; erased persons too
	TallyLanguage   = "language"    // item: the language; erased persons too
	TallyWithEmail  = "with_email"  // not erased
	TallyWithPhone  = "with_phone"  // not erased
	TallyPostalOnly = "postal_only" // not erased
	TallyUnreach    = "unreachable" // not erased
	// TallyVersion grows with every transaction that changes a person:
	// what is computed from the whole register (the segments' member
	// counts) is cached by it.
	TallyVersion = "version"
)

// Tally is one count of an incident's register.
type Tally struct {
	Dim  string
	Item string // "" for the dimensions without items
	N    int64
}

// RowTallies calls fn with every tally a row counts in and by how much
// (1, or its RecordCount for records). The store adds a new row's tallies
// and subtracts an old row's, so the tallies always equal what a count of
// every row would give.
func RowTallies(r *Row, fn func(dim, item string, n int64)) {
	if r.RecordCount != 0 {
		fn(TallyRecords, "", r.RecordCount)
	}
	for _, cat := range r.Categories {
		fn(TallyCategory, cat, 1)
	}
	if r.Country != "" {
		fn(TallyCountry, r.Country, 1)
		if r.Country == "US" && r.State != "" {
			fn(TallyCountry, "US-"+r.State, 1)
		}
	}
	if r.Language != "" {
		fn(TallyLanguage, r.Language, 1)
	}
	if r.Erased {
		fn(TallyErased, "", 1)
		return
	}
	fn(TallyPersons, "", 1)
	switch {
	case r.HasEmail:
		fn(TallyWithEmail, "", 1)
	case r.HasAddress:
		fn(TallyPostalOnly, "", 1)
	default:
		fn(TallyUnreach, "", 1)
	}
	if r.HasPhone {
		fn(TallyWithPhone, "", 1)
	}
}

// newCounts is an empty Counts with its maps.
func newCounts() *Counts {
	return &Counts{ByCategory: map[string]int64{}, ByCountry: map[string]int64{}, ByLanguage: map[string]int64{},
		BySegment: map[int64]int64{}}
}

// add counts one more row into c.
func (c *Counts) add(r *Row) {
	RowTallies(r, func(dim, item string, n int64) { c.tally(dim, item, n) })
}

// tally adds n to the count dim and item stand for.
func (c *Counts) tally(dim, item string, n int64) {
	addTo := func(m map[string]int64) {
		if m[item] += n; m[item] == 0 {
			delete(m, item)
		}
	}
	switch dim {
	case TallyPersons:
		c.Persons += n
	case TallyErased:
		c.Erased += n
	case TallyRecords:
		c.Records += n
	case TallyCategory:
		addTo(c.ByCategory)
	case TallyCountry:
		addTo(c.ByCountry)
	case TallyLanguage:
		addTo(c.ByLanguage)
	case TallyWithEmail:
		c.WithEmail += n
	case TallyWithPhone:
		c.WithPhone += n
	case TallyPostalOnly:
		c.PostalOnly += n
	case TallyUnreach:
		c.Unreachable += n
	}
}

// countsOf turns the stored tallies into counts (BySegment empty) and the
// register's version.
func countsOf(ts []Tally) (*Counts, int64) {
	c := newCounts()
	var version int64
	for _, t := range ts {
		if t.Dim == TallyVersion {
			version = t.N
			continue
		}
		c.tally(t.Dim, t.Item, t.N)
	}
	return c, version
}
