package synthleak

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// writeAddresses writes users/addresses.ndjson: the shipping addresses,
// one JSON object per line, with the address as a nested object. Per
// docs/scanner.md a record's address fields (address.* and postcode, in
// field order) are one postal address joined with ", ", and its name field
// (receiver) is its name.
func (g *generator) writeAddresses() error {
	const path = "users/addresses.ndjson"
	rng := g.rngFor(path)
	o, err := g.create(path)
	if err != nil {
		return err
	}
	book := g.led.file(path, "ndjson")
	for i := range g.pop.registered() {
		f := g.flags(i)
		if !f.address {
			continue
		}
		p := g.cnPerson(i)
		if err := g.writeAddress(o, book, rng, p, p.home, true); err != nil {
			return err
		}
		if f.second {
			if err := g.writeAddress(o, book, rng, p, p.second, false); err != nil {
				return err
			}
		}
	}
	size, err := o.close()
	book.close(size)
	return err
}

// writeAddress writes one address record. The receiver is now and then a
// placeholder ("-", "n/a": no name) or padded with spaces (trimmed); the
// phone number is written in one of the usual ways.
func (g *generator) writeAddress(o *output, book *fileBook, rng *rand.Rand, p *cnPerson, a cnAddress, isDefault bool) error {
	receiver, name := p.name(), p.name()
	switch rng.IntN(40) {
	case 0:
		receiver, name = "-", ""
	case 1:
		receiver, name = "n/a", ""
	case 2, 3:
		receiver = " " + receiver + " "
	}
	phone, err := writtenCNMobile(p.mobile, rng.IntN(numCNStyles))
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(`{"user_id":` + strconv.Itoa(p.i+1))
	b.WriteString(`,"receiver":` + jsonString(receiver))
	b.WriteString(`,"phone":` + jsonString(phone))
	b.WriteString(`,"address":{"province":` + jsonString(a.place.province) + `,"city":` + jsonString(a.place.city))
	b.WriteString(`,"district":` + jsonString(a.place.district) + `,"street":` + jsonString(a.street()) + `}`)
	b.WriteString(`,"postcode":` + jsonString(a.postcode) + `,"is_default":` + strconv.FormatBool(isDefault) + "}\n")
	o.WriteString(b.String())
	r := book.row()
	if name != "" {
		r.add(detect.Name, "", name)
	}
	r.add(detect.Phone, "", "+86"+p.mobile)
	r.add(detect.PostalAddress, "", joinAddress(a.place.province, a.place.city, a.place.district, a.street(), a.postcode))
	book.end()
	return nil
}

// writtenCNMobile writes mobile m in style, or in the next style whose
// digits read as nothing but a phone number, and checks it with
// libphonenumber.
func writtenCNMobile(m string, style int) (string, error) {
	for k := range numCNStyles {
		w := writeCNMobile(m, (style+k)%numCNStyles)
		if !writtenDigitsInert(w) {
			continue
		}
		return w, checkPhone(w, "CN", "+86"+m)
	}
	return "", errInvalidPhone
}

// jsonString writes s as a JSON string. The generator's values hold no
// quotes, backslashes or control characters; anything else is escaped the
// JSON way.
func jsonString(s string) string {
	if !strings.ContainsAny(s, "\"\\\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f") {
		return `"` + s + `"`
	}
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

// joinName is a tabular record's name: its name values trimmed, without
// placeholders, joined with one space (docs/scanner.md).
func joinName(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !placeholder(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, " ")
}

// joinAddress is a tabular record's postal address: its address values
// trimmed, inner whitespace runs collapsed to one space, joined with ", "
// (docs/scanner.md).
func joinAddress(parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.Join(strings.Fields(p), " "); p != "" && !placeholder(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ", ")
}

// placeholder reports whether v stands for "nothing" (docs/scanner.md).
func placeholder(v string) bool {
	switch strings.ToLower(v) {
	case "n/a", "-", "null", "unknown", "none":
		return true
	}
	return false
}
