// Package people is the register of affected persons of an incident: who
// they are (linking identifiers and contact data), which of their data was
// found and where, and the segments they fall into. It is filled from the
// impact scanner's findings and enriched from the company's own customer
// records (a CRM export).
//
// Everything that identifies a person is sealed with an AEAD key before it
// reaches the store (see Keyring), and found again through keyed blind
// indexes (an HMAC of the normalized value): a copy of the database alone
// reveals no one. What stays in the clear is what segments and counts need
// and that names no one: language, country, US state, the categories found,
// the source files, and whether an e-mail, phone or postal address is known.
package people

import "time"

// Contact is what identifies and reaches a person. It is only ever stored
// sealed.
type Contact struct {
	Name        string   `json:"name,omitempty"`
	Emails      []string `json:"emails,omitempty"`       // normalized, lower-case; the first is used
	Phones      []string `json:"phones,omitempty"`       // E.164
	Address     []string `json:"address,omitempty"`      // postal address lines, without the name
	CustomerNos []string `json:"customer_nos,omitempty"` // the company's own customer numbers
	NationalIDs []string `json:"national_ids,omitempty"` // "kind:value", e.g. "de_idcard:T22000129"
	// Locators are where the person's data was found: "file:record"
	// (scanner locators), at most MaxLocators of them.
	Locators []string `json:"locators,omitempty"`
}

// MaxLocators caps the locators kept per person; RecordCount keeps the
// full number.
const MaxLocators = 50

// Person is one affected person, unsealed.
type Person struct {
	ID         int64
	IncidentID int64
	Contact    Contact // zero when erased
	Language   string  // "de", "en", "zh", ... ("" unknown)
	Country    string  // ISO 3166-1 alpha-2 ("" unknown)
	State      string  // US state, "CA" ("" unless Country is "US")
	// Categories are the scanner categories found for this person
	// (email, phone, iban, national_id, ...), sorted.
	Categories  []string
	Files       []string // source files, sorted
	RecordCount int64    // records the person was found in
	FromCRM     bool     // matched in a CRM import
	Erased      bool
	ErasedAt    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// HasEmail, HasPhone and HasAddress say how the person can be reached.
func (p *Person) HasEmail() bool   { return len(p.Contact.Emails) > 0 }
func (p *Person) HasPhone() bool   { return len(p.Contact.Phones) > 0 }
func (p *Person) HasAddress() bool { return len(p.Contact.Address) > 0 }

// Row is a person as stored: the contact sealed, the rest in the clear.
type Row struct {
	ID          int64
	IncidentID  int64
	Sealed      []byte // Keyring.Seal of the Contact's JSON; nil when erased
	Language    string
	Country     string
	State       string
	Categories  []string // sorted
	FileIDs     []int64  // sorted
	HasEmail    bool
	HasPhone    bool
	HasAddress  bool
	RecordCount int64
	FromCRM     bool
	Erased      bool
	ErasedAt    *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// IndexKind names what a blind index entry was computed from.
type IndexKind string

const (
	IndexEmail      IndexKind = "email"
	IndexPhone      IndexKind = "phone"
	IndexNationalID IndexKind = "national_id"
	IndexCustomerNo IndexKind = "customer_no"
	IndexName       IndexKind = "name"
)

// IndexKey is one blind index entry: the HMAC of a normalized value.
type IndexKey struct {
	Kind IndexKind
	Hash []byte // IndexSize bytes (a store keeps at most that many)
}

// File is a source file of an incident's findings.
type File struct {
	ID         int64
	IncidentID int64
	Path       string
}

// Import records one import into the register, for the history and the
// audit; the register itself is idempotent however often a file comes in.
type Import struct {
	ID         int64
	IncidentID int64
	Kind       string // "scan", "findings", "crm"
	Name       string // file name or scanned paths
	SHA256     string // of the imported file; "" for a scan
	Lines      int64  // lines or rows read
	Created    int64  // persons added
	Updated    int64  // persons changed
	Unchanged  int64
	Problems   int64 // bad lines or rows, skipped
	ByUserID   int64
	At         time.Time
}

// Counts sum the register up; they feed the obligation facts.
type Counts struct {
	Persons    int64            // not erased
	Erased     int64            // erased on request (still counted as affected)
	Records    int64            // sum of RecordCount
	ByCategory map[string]int64 // persons per category
	ByCountry  map[string]int64 // persons per country; "US-CA" keys as well
	ByLanguage map[string]int64
	BySegment  map[int64]int64 // persons per segment ID (empty from Summary)
	WithEmail  int64
	WithPhone  int64
	// PostalOnly have a postal address and no e-mail: the letter group.
	PostalOnly int64
	// Unreachable have neither e-mail nor postal address.
	Unreachable int64
}

// Segment is a named rule over the register, such as "car owners with ID
// numbers" or "no e-mail: letter".
type Segment struct {
	ID         int64
	IncidentID int64
	Name       string
	Rules      SegmentRules
	CreatedBy  int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// SegmentRules select persons; every rule that is set must hold (an empty
// rule set selects everyone not erased).
type SegmentRules struct {
	AllCategories []string `json:"all_categories,omitempty"` // has every one of these
	AnyCategories []string `json:"any_categories,omitempty"` // has at least one
	Files         []string `json:"files,omitempty"`          // found in one of these (path, or a prefix ending in "/")
	Countries     []string `json:"countries,omitempty"`      // ISO alpha-2, or "US-CA"
	Languages     []string `json:"languages,omitempty"`
	Reach         Reach    `json:"reach,omitempty"`
}

// Reach selects by how a person can be reached.
type Reach string

const (
	ReachAny        Reach = ""
	ReachEmail      Reach = "email"       // has an e-mail address
	ReachPostal     Reach = "postal"      // has a postal address
	ReachPostalOnly Reach = "postal_only" // a postal address and no e-mail
	ReachNone       Reach = "none"        // neither
)

// Mapping maps the columns of a CRM export onto the register. Column names
// are matched case-insensitively after trimming; unmapped columns are
// ignored. Match says which identifiers find the person (in that order).
type Mapping struct {
	Match      []IndexKind `json:"match" yaml:"match"` // of email, phone, customer_no
	Email      string      `json:"email,omitempty" yaml:"email"`
	Phone      string      `json:"phone,omitempty" yaml:"phone"`
	CustomerNo string      `json:"customer_no,omitempty" yaml:"customer_no"`
	Name       string      `json:"name,omitempty" yaml:"name"`
	FirstName  string      `json:"first_name,omitempty" yaml:"first_name"`
	LastName   string      `json:"last_name,omitempty" yaml:"last_name"`
	Address    []string    `json:"address,omitempty" yaml:"address"` // columns joined as lines
	Postcode   string      `json:"postcode,omitempty" yaml:"postcode"`
	City       string      `json:"city,omitempty" yaml:"city"`
	Country    string      `json:"country,omitempty" yaml:"country"`
	State      string      `json:"state,omitempty" yaml:"state"`
	Language   string      `json:"language,omitempty" yaml:"language"`
	// Region is the default country for phone numbers without a country
	// code ("DE" when empty).
	Region string `json:"region,omitempty" yaml:"region"`
	// AddUnmatched adds CRM rows that match no one as new persons. Off by
	// default: the register is who was affected, not the customer base.
	AddUnmatched bool `json:"add_unmatched,omitempty" yaml:"add_unmatched"`
}

// ImportProblem is a line or row that was skipped, with why. It never
// holds the offending value.
type ImportProblem struct {
	Where  string // "line 17", "row 4"
	Reason string
}

// ImportResult is what an import did.
type ImportResult struct {
	Import   Import
	Problems []ImportProblem // the first 100
	// Unlinked are findings records without a linking identifier (no
	// e-mail, phone or ID number): they give no person.
	Unlinked int64
	// Unmatched are CRM rows that matched no one (and were not added).
	Unmatched int64
}
