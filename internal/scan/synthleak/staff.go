package synthleak

import (
	"github.com/xuri/excelize/v2"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The staff list: an XLSX export of the German staff (a share of NIO's
// European staff) with tax IDs, IBANs and birth dates.

const (
	staffPath  = "hr/staff.xlsx"
	staffSheet = "Mitarbeiter"
)

var staffHeader = []string{
	"Personalnummer", "Vorname", "Nachname", "E-Mail", "Telefon", "Steuer-ID", "IBAN", "Geburtsdatum", "Abteilung", "Standort",
}

// writeStaff writes hr/staff.xlsx. Birth dates are real date cells shown
// as DD.MM.YYYY, as HR exports have them; tax IDs and IBANs are written
// now compact, now in the printed groups.
func (g *generator) writeStaff() error {
	rng := g.rngFor(staffPath)
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", staffSheet); err != nil {
		return err
	}
	dateFormat := "dd.mm.yyyy"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat})
	if err != nil {
		return err
	}
	if err := f.SetSheetRow(staffSheet, "A1", &staffHeader); err != nil {
		return err
	}
	book := g.led.file(staffPath, "xlsx")
	for k, p := range g.staff {
		taxID, ibanText := p.taxID, p.iban
		if rng.IntN(2) == 0 {
			taxID = spacedTaxID(taxID)
		}
		if rng.IntN(2) == 0 {
			ibanText = spacedIBAN(ibanText)
		}
		row := []any{p.staffNo, p.first, p.last, p.email, p.phone, taxID, ibanText, p.birth.time(), p.dept, p.site}
		cell, _ := excelize.CoordinatesToCellName(1, k+2)
		if err := f.SetSheetRow(staffSheet, cell, &row); err != nil {
			return err
		}
		birthCell, _ := excelize.CoordinatesToCellName(8, k+2)
		if err := f.SetCellStyle(staffSheet, birthCell, birthCell, dateStyle); err != nil {
			return err
		}
		r := book.row()
		r.add(detect.Name, "", joinName(p.first, p.last))
		r.add(detect.Email, "", p.email)
		r.add(detect.Phone, "", p.phoneE164)
		r.add(detect.NationalID, "de_tax_id", p.taxID)
		r.add(detect.IBAN, "", p.iban)
		r.add(detect.DateOfBirth, "", p.birth.iso())
		book.end()
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	size, err := g.writeFile(staffPath, b.Bytes())
	book.close(size)
	return err
}
