package synthleak

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The incident summary: a PDF (one record) listing European customers'
// e-mail addresses, phone numbers and refund IBANs, one card number, and
// two decoys, a mistyped IBAN and an invalid test card. It is Latin text
// in a core font: no CJK font is embedded, names are spelled in ASCII.

const (
	incidentPDFPath  = "reports/incident_summary.pdf"
	maxPDFCustomers  = 8
	pdfLineHeightMM  = 5
	pdfFontSizePoint = 8
)

// writeIncidentPDF writes reports/incident_summary.pdf.
func (g *generator) writeIncidentPDF() error {
	rng := g.rngFor(incidentPDFPath)
	book := g.led.file(incidentPDFPath, "pdf")
	r := book.doc()
	lines := []string{
		"NIO Europe - incident summary (internal)",
		"Prepared by the crisis team on " + dateOf(g.now).iso() + ".",
		"",
		"Customers with refund accounts on file:",
		"No. | Customer | E-Mail | Contact | IBAN",
	}
	customers := g.eu[:min(maxPDFCustomers, len(g.eu))]
	for k, p := range customers {
		lines = append(lines, strconv.Itoa(k+1)+" | "+asciiName(p.name())+" | "+p.email+" | "+p.phone+" | "+p.iban)
		r.add(detect.Email, "", p.email)
		r.add(detect.Phone, "", p.phoneE164)
		r.add(detect.IBAN, "", p.iban)
	}
	card := validCard(rng)
	r.add(detect.PaymentCard, "", card)
	badIBAN := invalidIBAN(rng, "DE", customers[0].iban[4:])
	badCard := invalidCard(rng, "4", 16)
	g.led.decoy("iban", badIBAN)
	g.led.decoy("card", badCard)
	lines = append(lines, "",
		"Card on file for customer 1 (chargeback): "+card,
		"Rejected refund account (typo): "+badIBAN,
		"Test card from the QA system: "+badCard,
		"",
		"Do not forward this document.")
	b, err := g.pdfBytes(lines)
	if err != nil {
		return err
	}
	size, err := g.writeFile(incidentPDFPath, b)
	book.end()
	book.close(size)
	return err
}

// validCard makes a Visa or Mastercard number that passes the card check.
func validCard(rng *rand.Rand) string {
	return cardNumber(rng, pick(rng, []string{"4", "51", "52", "53", "54", "55"}), 16)
}

// pdfBytes lays lines out on A4 pages, one cell per line, dated to the
// breach so that the bytes depend on the seed only.
func (g *generator) pdfBytes(lines []string) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(g.now)
	pdf.SetModificationDate(g.now)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Incident summary", false)
	pdf.SetAuthor("Crisis team", false)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", pdfFontSizePoint)
	for _, l := range lines {
		pdf.Cell(0, pdfLineHeightMM, l)
		pdf.Ln(pdfLineHeightMM)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// umlauts spells German letters in ASCII.
var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss")

// asciiName spells a name in ASCII: umlauts as two letters.
func asciiName(s string) string { return umlauts.Replace(s) }
