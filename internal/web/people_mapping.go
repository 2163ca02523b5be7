package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/people"
)

// mappingPage is the column mapping dialog of a held CRM export.
type mappingPage struct {
	*peopleFrame
	Token   string
	Name    string
	Columns []string
	Fields  []mappingField
	Match   []matchChoice
	Region  string
	Add     bool
}

// mappingField is one field of the register and the column mapped onto it.
type mappingField struct {
	Name   string // the form field
	Label  string
	Column string // "" for none
}

// matchChoice is one identifier the export may be matched on.
type matchChoice struct {
	Kind    string
	Label   string
	Checked bool
}

// addressLines is how many address columns the dialog offers.
const addressLines = 3

// mappingTargets are the dialog's fields, in its order.
var mappingTargets = []string{"email", "phone", "customer_no", "name", "first_name", "last_name",
	"address_1", "address_2", "address_3", "postcode", "city", "country", "state", "language"}

// matchKinds are the identifiers a CRM export is matched on.
var matchKinds = []people.IndexKind{people.IndexEmail, people.IndexPhone, people.IndexCustomerNo}

func newMappingPage(f *peopleFrame, token, name string, cols []string, m people.Mapping) *mappingPage {
	p := &mappingPage{peopleFrame: f, Token: token, Name: name, Columns: cols, Region: m.Region, Add: m.AddUnmatched}
	values := mappingValues(m)
	for _, t := range mappingTargets {
		p.Fields = append(p.Fields, mappingField{Name: t, Label: f.T("people.mapping.field." + t), Column: values[t]})
	}
	for _, k := range matchKinds {
		p.Match = append(p.Match, matchChoice{Kind: string(k), Label: f.T("people.mapping.field." + string(k)), Checked: slices.Contains(m.Match, k)})
	}
	return p
}

// mappingValues are a mapping's columns by the dialog's field names.
func mappingValues(m people.Mapping) map[string]string {
	v := map[string]string{"email": m.Email, "phone": m.Phone, "customer_no": m.CustomerNo, "name": m.Name,
		"first_name": m.FirstName, "last_name": m.LastName, "postcode": m.Postcode, "city": m.City,
		"country": m.Country, "state": m.State, "language": m.Language}
	for i, col := range m.Address {
		if i < addressLines {
			v["address_"+strconv.Itoa(i+1)] = col
		}
	}
	return v
}

// mappingFromForm reads the dialog back into a mapping. Columns that are
// not the file's are dropped: the form is the user's, the columns the file's.
func mappingFromForm(form url.Values, cols []string) people.Mapping {
	col := func(name string) string {
		v := form.Get(name)
		if slices.Contains(cols, v) {
			return v
		}
		return ""
	}
	m := people.Mapping{Email: col("email"), Phone: col("phone"), CustomerNo: col("customer_no"), Name: col("name"),
		FirstName: col("first_name"), LastName: col("last_name"), Postcode: col("postcode"), City: col("city"),
		Country: col("country"), State: col("state"), Language: col("language"),
		Region: strings.ToUpper(strings.TrimSpace(form.Get("region"))), AddUnmatched: form.Get("add_unmatched") != ""}
	for i := 1; i <= addressLines; i++ {
		if c := col("address_" + strconv.Itoa(i)); c != "" {
			m.Address = append(m.Address, c)
		}
	}
	for _, k := range matchKinds {
		if slices.Contains(form["match"], string(k)) {
			m.Match = append(m.Match, k)
		}
	}
	return m
}
