package people

import "context"

// SealForBench turns a contact into a stored row as the importer would
// (contact and record keys sealed, place guessed, reach flags set) and
// returns the row's index keys: for benchmarks that build a register
// without the importer.
func SealForBench(k *Keyring, r *Row, c Contact, records []uint64) []IndexKey {
	e := &entry{row: *r, contact: c}
	e.addRecords(addSorted(nil, records...), nil)
	e.guessPlace()
	s := &Service{keys: k}
	if err := s.seal(e); err != nil {
		panic(err)
	}
	*r = e.row
	return k.IndexKeys(&e.contact)
}

// Recount counts the register by reading every row, as the tallies must.
func (s *Service) Recount(ctx context.Context, id int64) (*Counts, error) { return s.recount(ctx, id) }
