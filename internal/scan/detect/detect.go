// Package detect finds personal data in values and text, and validates it:
// e-mail addresses, phone numbers, IBANs, payment cards, national ID numbers,
// VINs, IP addresses, dates of birth, names, postal addresses, credentials
// and secrets.
//
// Finding is cheap and validation is strict. The scanner looks for cheap
// candidates (an '@', a run of digits, a capital-letter pair) and hands each
// to the validator of its shape; only what validates is a Match. Each
// validator lives in its own file with a table of valid and invalid examples
// next to it; a new national ID format is one new file and one new table.
package detect

// Category is a kind of personal data, as the report names it.
type Category string

const (
	Email         Category = "email"
	Phone         Category = "phone"
	IBAN          Category = "iban"
	PaymentCard   Category = "payment_card"
	NationalID    Category = "national_id"
	VIN           Category = "vin"
	IPAddress     Category = "ip_address"
	DateOfBirth   Category = "date_of_birth"
	Name          Category = "name"
	PostalAddress Category = "postal_address"
	Credential    Category = "credential"
	Secret        Category = "secret"
)

// Categories lists every category in report order.
var Categories = []Category{
	Email, Phone, IBAN, PaymentCard, NationalID, VIN, IPAddress,
	DateOfBirth, Name, PostalAddress, Credential, Secret,
}

// Linking reports whether values of c link records into persons (shared
// e-mail, phone or national ID).
func (c Category) Linking() bool { return c == Email || c == Phone || c == NationalID }

// Personal reports whether a value of c makes its record hold personal
// data, so that a record with it counts as (part of) a person. Secrets,
// credentials, IP addresses and VINs alone do not make a person.
func (c Category) Personal() bool {
	switch c {
	case Name, PostalAddress, DateOfBirth, IBAN, PaymentCard, NationalID, Email, Phone:
		return true
	}
	return false
}

// Match is one validated value.
type Match struct {
	Category Category
	Kind     string // national_id: cn_resident_id ...; secret: aws_access_key ...; credential: bcrypt ...; "" otherwise
	Value    string // normalized as the report defines it (see docs/scanner.md)
}
