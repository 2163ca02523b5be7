package people

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// maxRecordKeys bounds the record keys kept per person. Past it (a phone
// number shared by a whole call centre's records links them all into one
// "person"), RecordCount grows by the new records of each import and
// re-importing the same file may count them again.
const maxRecordKeys = 100_000

// sealedContact is what Row.Sealed holds: the contact, and a 64-bit hash
// per record the person was found in, so that RecordCount stays exact
// beyond MaxLocators and re-importing a file counts no record twice.
type sealedContact struct {
	Contact
	RecordKeys []byte `json:"rk,omitempty"` // sorted big-endian uint64s
}

// entry is a person being built or merged: the row's clear fields, the
// contact and the record keys.
type entry struct {
	row     Row
	contact Contact
	records []uint64 // sorted
}

// sealAD binds a sealed contact to its incident, so that it cannot be
// moved into another incident's register. (It cannot name the row: the
// row's ID is only known after the insert, and a second write per person
// would halve import speed; moving a value between two rows of one
// incident needs write access to the database, which can change the
// clear-text fields anyway.)
func sealAD(incidentID int64) []byte {
	return []byte("breachdesk people v1 incident " + strconv.FormatInt(incidentID, 10))
}

// seal fills e.row.Sealed and the row's reach flags from the contact.
func (s *Service) seal(e *entry) error {
	e.row.HasEmail, e.row.HasPhone, e.row.HasAddress = len(e.contact.Emails) > 0, len(e.contact.Phones) > 0, len(e.contact.Address) > 0
	plain, err := e.plain()
	if err != nil {
		return err
	}
	e.row.Sealed = s.keys.Seal(plain, sealAD(e.row.IncidentID))
	return nil
}

// plain is the JSON that gets sealed.
func (e *entry) plain() ([]byte, error) {
	sc := sealedContact{Contact: e.contact, RecordKeys: packKeys(e.records)}
	b, err := json.Marshal(&sc)
	if err != nil {
		// Only the type: the contact is personal data.
		return nil, fmt.Errorf("people: encode contact of person %d: %T", e.row.ID, err)
	}
	return b, nil
}

// fingerprint tells whether a merge changed anything worth a write.
func (e *entry) fingerprint() []byte {
	plain, _ := e.plain()
	r := e.row
	clear, _ := json.Marshal([]any{r.Language, r.Country, r.State, r.Categories, r.FileIDs, r.RecordCount, r.FromCRM})
	return append(plain, clear...)
}

// open unseals a row into an entry. An erased row has no contact.
func (s *Service) open(r *Row) (*entry, error) {
	e := &entry{row: *r}
	if r.Erased || r.Sealed == nil {
		return e, nil
	}
	plain, err := s.keys.Open(r.Sealed, sealAD(r.IncidentID))
	if err != nil {
		return nil, fmt.Errorf("person %d of incident %d: %w", r.ID, r.IncidentID, err)
	}
	var sc sealedContact
	if err := json.Unmarshal(plain, &sc); err != nil {
		return nil, fmt.Errorf("people: person %d of incident %d: the sealed contact does not decode", r.ID, r.IncidentID)
	}
	e.contact, e.records = sc.Contact, unpackKeys(sc.RecordKeys)
	return e, nil
}

// person is the unsealed person of e.
func (e *entry) person() *Person {
	r := &e.row
	return &Person{
		ID: r.ID, IncidentID: r.IncidentID, Contact: e.contact, Language: r.Language, Country: r.Country,
		State: r.State, Categories: r.Categories, Files: nil, RecordCount: r.RecordCount, FromCRM: r.FromCRM,
		Erased: r.Erased, ErasedAt: r.ErasedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

func packKeys(keys []uint64) []byte {
	if len(keys) == 0 {
		return nil
	}
	b := make([]byte, 8*len(keys))
	for i, k := range keys {
		binary.BigEndian.PutUint64(b[8*i:], k)
	}
	return b
}

func unpackKeys(b []byte) []uint64 {
	out := make([]uint64, len(b)/8)
	for i := range out {
		out[i] = binary.BigEndian.Uint64(b[8*i:])
	}
	return out
}

// addValues appends the values missing from list; front puts them first
// (the company's own address is better than one found in a leak).
func addValues(list []string, front bool, values ...string) []string {
	var fresh []string
	for _, v := range values {
		if v != "" && !slices.Contains(list, v) && !slices.Contains(fresh, v) {
			fresh = append(fresh, v)
		}
	}
	if len(fresh) == 0 {
		return list
	}
	if front {
		return append(fresh, list...)
	}
	return append(list, fresh...)
}

// addSorted merges values into a sorted, duplicate-free list.
func addSorted[T interface{ ~string | ~int64 | ~uint64 }](list []T, values ...T) []T {
	out := list
	for _, v := range values {
		i, found := slices.BinarySearch(out, v)
		if !found {
			out = slices.Insert(out, i, v)
		}
	}
	return out
}

// addRecords adds record keys and locators; RecordCount is the number of
// distinct records.
func (e *entry) addRecords(keys []uint64, locators []string) {
	for _, k := range keys {
		i, found := slices.BinarySearch(e.records, k)
		if found {
			continue
		}
		if len(e.records) >= maxRecordKeys {
			e.row.RecordCount++
			continue
		}
		e.records = slices.Insert(e.records, i, k)
		e.row.RecordCount++
	}
	if int64(len(e.records)) > e.row.RecordCount {
		e.row.RecordCount = int64(len(e.records))
	}
	for _, l := range locators {
		if len(e.contact.Locators) >= MaxLocators {
			break
		}
		e.contact.Locators = addValues(e.contact.Locators, false, l)
	}
}

// absorb merges other (a person a new finding showed to be the same) into
// e: every value, category, file and record of both.
func (e *entry) absorb(o *entry) {
	c := &e.contact
	c.Emails = addValues(c.Emails, false, o.contact.Emails...)
	c.Phones = addValues(c.Phones, false, o.contact.Phones...)
	c.CustomerNos = addValues(c.CustomerNos, false, o.contact.CustomerNos...)
	c.NationalIDs = addValues(c.NationalIDs, false, o.contact.NationalIDs...)
	if c.Name == "" {
		c.Name = o.contact.Name
	}
	if len(c.Address) == 0 {
		c.Address = o.contact.Address
	}
	e.row.Categories = addSorted(e.row.Categories, o.row.Categories...)
	e.row.FileIDs = addSorted(e.row.FileIDs, o.row.FileIDs...)
	e.addRecords(o.records, o.contact.Locators)
	// Records past the keys' cap are counted, not kept: add them as counts.
	if extra := o.row.RecordCount - int64(len(o.records)); extra > 0 {
		e.row.RecordCount += extra
	}
	e.row.FromCRM = e.row.FromCRM || o.row.FromCRM
	if e.row.Language == "" {
		e.row.Language = o.row.Language
	}
	if e.row.Country == "" {
		e.row.Country, e.row.State = o.row.Country, o.row.State
	}
}

// guessPlace fills the country from the first phone number and the
// language from the country, where nothing better is known.
func (e *entry) guessPlace() {
	if e.row.Country == "" {
		for _, p := range e.contact.Phones {
			if c := PhoneCountry(p); c != "" {
				e.row.Country = c
				break
			}
		}
	}
	if e.row.Language == "" {
		e.row.Language = LanguageForCountry(e.row.Country)
	}
}

// sameBytes compares two fingerprints.
func sameBytes(a, b []byte) bool { return bytes.Equal(a, b) }
