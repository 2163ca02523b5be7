package obligation

import "time"

// Authority is a recipient of notifications: a data-protection authority,
// a CSIRT, a regulator, an attorney general. The directory ships embedded
// (authorities.yaml) and an admin may edit entries; an edited entry wins
// over the shipped one.
type Authority struct {
	ID      string `json:"id"`      // "de-ni-lfd", "bsi", "us-sec"
	Country string `json:"country"` // ISO alpha-2
	Region  string `json:"region"`  // German Land or US state code, "" for national
	Kind    string `json:"kind"`    // see AuthorityKinds
	Name    string `json:"name"`    // in English
	NameDE  string `json:"name_de"` // in German, "" when the same
	Website string `json:"website"`
	Portal  string `json:"portal"` // where notifications are filed
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
	Zone    string `json:"zone"` // IANA time zone of the authority
	Notes   string `json:"notes"`

	UpdatedBy int64     `json:"-"` // 0: as shipped
	UpdatedAt time.Time `json:"-"`
}

// AuthorityKinds lists the kinds.
var AuthorityKinds = []string{"dpa", "csirt", "financial", "securities", "health", "attorney_general", "cyberspace", "police", "other"}
