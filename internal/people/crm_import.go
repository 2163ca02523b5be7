package people

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// CRMColumns returns the header of a CRM export (CSV or XLSX), for the
// mapping dialog, and a mapping guessed from the column names.
func (s *Service) CRMColumns(ctx context.Context, a auth.Actor, id int64, name string, data []byte) ([]string, Mapping, error) {
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Import }, "import into the register"); err != nil {
		return nil, Mapping{}, err
	}
	t, err := openTable(name, data)
	if err != nil {
		return nil, Mapping{}, errs.E(errs.Invalid, "%s: %v", name, err)
	}
	t.close()
	return t.header, GuessMapping(t.header), nil
}

// crmRow is one row of a CRM export, read through the mapping and
// normalized.
type crmRow struct {
	email, phone, customerNo string
	name                     string
	address                  []string
	country, state, language string
}

// crmColumns are the column positions of a mapping in a file.
type crmColumns struct {
	email, phone, customerNo, name, first, last, postcode, city, country, state, language int
	address                                                                               []int
}

func (m *Mapping) positions(header []string) crmColumns {
	at := func(col string) int {
		if col == "" {
			return -1
		}
		return columnIndex(header, col)
	}
	c := crmColumns{
		email: at(m.Email), phone: at(m.Phone), customerNo: at(m.CustomerNo), name: at(m.Name),
		first: at(m.FirstName), last: at(m.LastName), postcode: at(m.Postcode), city: at(m.City),
		country: at(m.Country), state: at(m.State), language: at(m.Language),
	}
	for _, a := range m.Address {
		c.address = append(c.address, at(a))
	}
	return c
}

// readRow reads a row; problems name the column of each bad value, whose
// value is left out.
func (m *Mapping) readRow(header []string, pos crmColumns, cells []string) (crmRow, []string) {
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	var r crmRow
	var bad []string
	if v := cell(pos.country); v != "" {
		if r.country = NormalizeCountry(v); r.country == "" {
			bad = append(bad, m.Country)
		}
	}
	if v := cell(pos.state); v != "" {
		r.state = strings.ToUpper(v)
		if r.country != "US" || !ValidCountry("US-"+r.state) {
			r.state = ""
			bad = append(bad, m.State)
		}
	}
	if v := cell(pos.language); v != "" {
		if r.language = NormalizeLanguage(v); r.language == "" {
			bad = append(bad, m.Language)
		}
	}
	if v := cell(pos.email); v != "" {
		if r.email = NormalizeEmail(v); r.email == "" {
			bad = append(bad, m.Email)
		}
	}
	if v := cell(pos.phone); v != "" {
		region := m.Region
		if r.country != "" {
			region = r.country
		}
		if r.phone = NormalizePhone(v, region); r.phone == "" {
			bad = append(bad, m.Phone)
		}
	}
	r.customerNo = NormalizeCustomerNo(cell(pos.customerNo))
	r.name = cell(pos.name)
	if r.name == "" {
		r.name = strings.TrimSpace(cell(pos.first) + " " + cell(pos.last))
	}
	r.name = strings.Join(strings.Fields(r.name), " ")
	r.address = addressLines(cells, pos, cell)
	return r, bad
}

// addressLines joins the address columns as lines, a house number column
// onto the street before it, and "postcode city" as the last line.
func addressLines(cells []string, pos crmColumns, cell func(int) string) []string {
	var lines []string
	for _, i := range pos.address {
		v := strings.Join(strings.Fields(cell(i)), " ")
		switch {
		case v == "":
		case len(lines) > 0 && isHouseNumber(v):
			lines[len(lines)-1] += " " + v
		default:
			lines = append(lines, v)
		}
	}
	if town := strings.TrimSpace(cell(pos.postcode) + " " + cell(pos.city)); town != "" {
		lines = append(lines, strings.Join(strings.Fields(town), " "))
	}
	return lines
}

// isHouseNumber recognizes "12", "12a", "12-14": short and starting with a
// digit.
func isHouseNumber(v string) bool {
	return len(v) <= 8 && v[0] >= '0' && v[0] <= '9'
}

// keyFor is the blind index of the row's value for a match kind, or false
// when the row has none.
func (s *Service) keyFor(r *crmRow, kind IndexKind) (IndexKey, bool) {
	v := map[IndexKind]string{IndexEmail: r.email, IndexPhone: r.phone, IndexCustomerNo: r.customerNo}[kind]
	if v == "" {
		return IndexKey{}, false
	}
	return s.keys.Index(kind, v), true
}

// apply writes what the CRM knows onto a person: its contact data is
// better than the leak's, so it overwrites name, address, language and
// country; its identifiers come first.
func (r *crmRow) apply(e *entry) {
	c := &e.contact
	if r.name != "" {
		c.Name = r.name
	}
	if len(r.address) > 0 {
		c.Address = r.address
	}
	c.Emails = addValues(c.Emails, true, r.email)
	c.Phones = addValues(c.Phones, true, r.phone)
	c.CustomerNos = addValues(c.CustomerNos, true, r.customerNo)
	if r.country != "" {
		e.row.Country, e.row.State = r.country, r.state
	}
	if r.language != "" {
		e.row.Language = r.language
	}
	e.row.FromCRM = true
}

// ImportCRM enriches the register from a CRM export (CSV or XLSX).
func (s *Service) ImportCRM(ctx context.Context, a auth.Actor, id int64, name string, data []byte, m Mapping) (*ImportResult, error) {
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Import }, "import into the register"); err != nil {
		return nil, err
	}
	t, err := openTable(name, data)
	if err != nil {
		return nil, errs.E(errs.Invalid, "%s: %v", name, err)
	}
	defer t.close()
	if err := m.check(t.header); err != nil {
		return nil, err
	}
	im := newImporter(s, id)
	res := &ImportResult{}
	if err := im.readCRM(ctx, t, &m, res); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	res.Import = im.finish("crm", name, hex.EncodeToString(sum[:]), a.UserID)
	res.Unmatched = im.unmatched
	if err := s.recordImport(ctx, a, id, &res.Import, map[string]any{"unmatched": im.unmatched, "add_unmatched": m.AddUnmatched}); err != nil {
		return nil, err
	}
	return res, nil
}

// readCRM reads the rows and merges them in transactions of chunkRecords.
func (im *importer) readCRM(ctx context.Context, t *table, m *Mapping, res *ImportResult) error {
	pos := m.positions(t.header)
	var batch []crmRow
	rowNo := 1 // the header
	for {
		cells, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		rowNo++
		var re *rowError
		if errors.As(err, &re) {
			im.problem(res, fmt.Sprintf("row %d", rowNo), re.reason)
			continue
		}
		if err != nil {
			return errs.E(errs.Invalid, "row %d: %v", rowNo, err)
		}
		if blank(cells) {
			continue
		}
		im.lines++
		r, bad := m.readRow(t.header, pos, cells)
		if len(bad) > 0 {
			im.problem(res, fmt.Sprintf("row %d", rowNo), "not a valid value in column "+strings.Join(quoteAll(bad), ", ")+"; the value was left out")
		}
		batch = append(batch, r)
		if len(batch) == chunkRecords {
			if err := im.mergeCRM(ctx, m, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return im.mergeCRM(ctx, m, batch)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimFunc(c, unicode.IsSpace) != "" {
			return false
		}
	}
	return true
}

func quoteAll(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = fmt.Sprintf("%q", c)
	}
	return out
}

// mergeCRM finds each row's person by the mapping's match keys, in order,
// and applies the row; rows that match no one are added or counted.
func (im *importer) mergeCRM(ctx context.Context, m *Mapping, rows []crmRow) error {
	if len(rows) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return im.s.store.Update(ctx, func(tx Tx) error {
		for i := range rows {
			r := &rows[i]
			ids, err := im.findCRM(ctx, tx, m, r)
			if err != nil {
				return err
			}
			if len(ids) == 0 && !m.AddUnmatched {
				im.unmatched++
				continue
			}
			if _, err := im.merge(ctx, tx, ids, &entry{row: Row{IncidentID: im.id}}, r.apply); err != nil {
				return err
			}
		}
		return nil
	})
}

// findCRM returns the persons of the first match key the row has that
// finds anyone.
func (im *importer) findCRM(ctx context.Context, tx Tx, m *Mapping, r *crmRow) ([]int64, error) {
	for _, kind := range m.Match {
		key, ok := im.s.keyFor(r, kind)
		if !ok {
			continue
		}
		ids, err := tx.Lookup(ctx, im.id, []IndexKey{key})
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			return ids, nil
		}
	}
	return nil, nil
}

// NormalizeCountry returns the ISO code of a country given by code or by
// a common German or English name; "" when unknown.
func NormalizeCountry(v string) string {
	v = strings.TrimSpace(v)
	if up := strings.ToUpper(v); len(up) == 2 && ValidCountry(up) {
		return up
	}
	return countryNames[foldHeader(v)]
}

var countryNames = map[string]string{
	"deutschland": "DE", "germany": "DE", "bundesrepublikdeutschland": "DE", "deu": "DE",
	"oesterreich": "AT", "austria": "AT", "aut": "AT", "schweiz": "CH", "switzerland": "CH", "che": "CH",
	"china": "CN", "volksrepublikchina": "CN", "中国": "CN", "chn": "CN", "taiwan": "TW", "hongkong": "HK",
	"usa": "US", "unitedstates": "US", "unitedstatesofamerica": "US", "vereinigtestaaten": "US",
	"uk": "GB", "unitedkingdom": "GB", "grossbritannien": "GB", "vereinigteskoenigreich": "GB", "england": "GB", "gbr": "GB",
	"frankreich": "FR", "france": "FR", "italien": "IT", "italy": "IT", "spanien": "ES", "spain": "ES",
	"niederlande": "NL", "netherlands": "NL", "belgien": "BE", "belgium": "BE", "polen": "PL", "poland": "PL",
	"luxemburg": "LU", "luxembourg": "LU", "daenemark": "DK", "denmark": "DK", "schweden": "SE", "sweden": "SE",
	"tschechien": "CZ", "czechia": "CZ", "liechtenstein": "LI", "irland": "IE", "ireland": "IE",
}

// NormalizeLanguage returns a language code ("de") given by code, locale
// ("de-DE", "de_AT") or a common name; "" when unknown.
func NormalizeLanguage(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if code, _, ok := strings.Cut(strings.ReplaceAll(v, "_", "-"), "-"); ok && validLanguage(code) {
		return code
	}
	if validLanguage(v) && len(v) == 2 {
		return v
	}
	return languageNames[foldHeader(v)]
}

var languageNames = map[string]string{
	"deutsch": "de", "german": "de", "englisch": "en", "english": "en", "chinesisch": "zh", "chinese": "zh",
	"中文": "zh", "franzoesisch": "fr", "french": "fr", "italienisch": "it", "italian": "it",
	"spanisch": "es", "spanish": "es", "niederlaendisch": "nl", "dutch": "nl",
	"polnisch": "pl", "polish": "pl", "deu": "de", "ger": "de", "eng": "en", "chi": "zh", "zho": "zh",
}
