package people

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// columnAliases are common column names of CRM exports, German and
// English, after foldHeader.
var columnAliases = map[string][]string{
	"email":       {"email", "emailadresse", "emailaddress", "mail", "mailadresse"},
	"phone":       {"telefon", "telefonnummer", "tel", "phone", "phonenumber", "telephone", "mobil", "mobile", "handy", "mobilnummer", "mobilephone"},
	"customer_no": {"kundennummer", "kundennr", "kdnr", "customerno", "customernumber", "customerid", "kundenid", "accountnumber"},
	"name":        {"name", "fullname", "vollername", "kundenname", "customername"},
	"first_name":  {"vorname", "firstname", "givenname", "forename"},
	"last_name":   {"nachname", "lastname", "surname", "familyname", "familienname"},
	"address":     {"strasse", "street", "adresse", "address", "anschrift", "strasseundhausnummer", "streetaddress", "address1", "addressline1", "adresszeile1", "hausnummer", "hausnr", "housenumber", "address2", "addressline2", "adresszeile2", "adresszusatz"},
	"postcode":    {"plz", "postleitzahl", "postcode", "postalcode", "zip", "zipcode"},
	"city":        {"ort", "stadt", "wohnort", "city", "town"},
	"country":     {"land", "country", "countrycode", "laendercode", "landeskennzeichen"},
	"state":       {"state", "bundesstaat", "province"},
	"language":    {"sprache", "language", "lang", "korrespondenzsprache", "locale"},
}

// foldHeader makes column names comparable: lower case, umlauts and ß
// spelled out, without spaces, dashes, dots and underscores.
func foldHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("ß", "ss", "ä", "ae", "ö", "oe", "ü", "ue").Replace(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '/', '\t', ':', '(', ')':
			return -1
		}
		return r
	}, s)
}

// GuessMapping maps the columns it recognizes by their names and matches
// on e-mail, phone and customer number, those present.
func GuessMapping(header []string) Mapping {
	var m Mapping
	single := map[string]*string{
		"email": &m.Email, "phone": &m.Phone, "customer_no": &m.CustomerNo, "name": &m.Name,
		"first_name": &m.FirstName, "last_name": &m.LastName, "postcode": &m.Postcode, "city": &m.City,
		"country": &m.Country, "state": &m.State, "language": &m.Language,
	}
	for _, col := range header {
		folded := foldHeader(col)
		for field, aliases := range columnAliases {
			if !slices.Contains(aliases, folded) {
				continue
			}
			if field == "address" {
				m.Address = append(m.Address, col)
			} else if *single[field] == "" {
				*single[field] = col
			}
		}
	}
	for _, k := range []struct {
		kind IndexKind
		col  string
	}{{IndexEmail, m.Email}, {IndexPhone, m.Phone}, {IndexCustomerNo, m.CustomerNo}} {
		if k.col != "" {
			m.Match = append(m.Match, k.kind)
		}
	}
	return m
}

// ParseMapping reads a mapping file (YAML) for the command line. Unknown
// keys are errors, with their line, so that a typo ("emial:") does not
// silently leave a column out.
func ParseMapping(data []byte) (Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		if errors.Is(err, io.EOF) {
			return Mapping{}, errs.E(errs.Invalid, "the mapping file is empty")
		}
		return Mapping{}, errs.E(errs.Invalid, "mapping file: %s", yamlMessage(err))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return Mapping{}, errs.E(errs.Invalid, "mapping file: it holds more than one YAML document")
	}
	if err := m.check(nil); err != nil {
		return Mapping{}, err
	}
	return m, nil
}

// yamlMessage shortens the YAML library's messages ("yaml: unmarshal
// errors:\n  line 3: field emial not found in type people.Mapping") to
// what a user needs.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.TrimPrefix(msg, "unmarshal errors:\n")
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		l = strings.TrimSpace(l)
		l = strings.Replace(l, " in type people.Mapping", "", 1)
		l = strings.Replace(l, "field ", "unknown key ", 1)
		if l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

// check validates the mapping, and when header is given, that every
// column it names is in the file. Column names are the company's, not
// personal data, so messages quote them.
func (m *Mapping) check(header []string) error {
	if len(m.Match) == 0 {
		return errs.E(errs.Invalid, "the mapping must say what finds a person (match: email, phone or customer_no)")
	}
	for _, k := range m.Match {
		col := ""
		switch k {
		case IndexEmail:
			col = m.Email
		case IndexPhone:
			col = m.Phone
		case IndexCustomerNo:
			col = m.CustomerNo
		default:
			return errs.E(errs.Invalid, "match %q is none of email, phone and customer_no", string(k))
		}
		if col == "" {
			return errs.E(errs.Invalid, "the mapping matches on %s but maps no column to it", string(k))
		}
	}
	m.Region = strings.ToUpper(strings.TrimSpace(m.Region))
	if m.Region != "" && (!ValidCountry(m.Region) || len(m.Region) != 2) {
		return errs.E(errs.Invalid, "region %q is not an ISO country code such as DE", m.Region)
	}
	if header == nil {
		return nil
	}
	for _, c := range m.columns() {
		if columnIndex(header, c.col) < 0 {
			return errs.E(errs.Invalid, "%s: the file has no column %q", c.field, c.col)
		}
	}
	return nil
}

type mappedColumn struct{ field, col string }

// columns lists the mapped columns with the mapping's field names.
func (m *Mapping) columns() []mappedColumn {
	var out []mappedColumn
	for _, c := range []mappedColumn{
		{"email", m.Email}, {"phone", m.Phone}, {"customer_no", m.CustomerNo}, {"name", m.Name},
		{"first_name", m.FirstName}, {"last_name", m.LastName}, {"postcode", m.Postcode}, {"city", m.City},
		{"country", m.Country}, {"state", m.State}, {"language", m.Language},
	} {
		if c.col != "" {
			out = append(out, c)
		}
	}
	for i, a := range m.Address {
		out = append(out, mappedColumn{fmt.Sprintf("address[%d]", i), a})
	}
	return out
}

// columnIndex finds a column by name, case-insensitively after trimming;
// -1 when missing.
func columnIndex(header []string, name string) int {
	name = strings.TrimSpace(name)
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}
