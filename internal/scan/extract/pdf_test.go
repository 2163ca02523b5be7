package extract

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// pdfOf writes a PDF with fpdf: draw gets the document after the first
// page was added and Helvetica chosen, and a translator to its encoding.
func pdfOf(t testing.TB, draw func(p *fpdf.Fpdf, tr func(string) string)) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(false)
	p.AddPage()
	p.SetFont("Helvetica", "", 11)
	draw(p, p.UnicodeTranslatorFromDescriptor(""))
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// lines writes each text on a line of its own.
func lines(texts ...string) func(p *fpdf.Fpdf, tr func(string) string) {
	return func(p *fpdf.Fpdf, tr func(string) string) {
		for _, text := range texts {
			p.Cell(0, 6, tr(text))
			p.Ln(6)
		}
	}
}

// rawPDF writes a one-page PDF by hand around a content stream, for the
// text operators fpdf does not use. Its font is F1; more objects, numbered
// from 6, may follow, and the page's XObject Fm1 is object 6.
func rawPDF(content string, more ...string) []byte {
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R " +
			"/Resources << /Font << /F1 4 0 R >> /XObject << /Fm1 6 0 R >> >> >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content),
	}
	objects = append(objects, more...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func TestExtractPDF(t *testing.T) {
	tests := []struct {
		name string
		pdf  []byte
		want string
	}{
		{
			name: "an address block and a phone number over two lines keep their lines",
			pdf: pdfOf(t, lines("Max Mustermann", "Musterstraße 12", "12345 Berlin", "",
				"Rufen Sie mich an, Telefon:", "+49 30 1234567", "Kundennummer 4711")),
			want: "Max Mustermann\nMusterstraße 12\n12345 Berlin\nRufen Sie mich an, Telefon:\n+49 30 1234567\nKundennummer 4711\n",
		},
		{
			name: "text drawn in pieces on one line is one line with spaces between the pieces",
			pdf: pdfOf(t, func(p *fpdf.Fpdf, tr func(string) string) {
				p.Text(20, 30, "Name:")
				p.Text(60, 30, "Max Mustermann")
				p.Text(20, 40, "IBAN:")
				p.Text(60, 40, "DE89 3704 0044 0532 0130 00")
			}),
			want: "Name: Max Mustermann\nIBAN: DE89 3704 0044 0532 0130 00\n",
		},
		{
			name: "pages are joined by line breaks",
			pdf: pdfOf(t, func(p *fpdf.Fpdf, tr func(string) string) {
				lines("Seite eins")(p, tr)
				p.AddPage()
				lines("Seite zwei", "max@example.de")(p, tr)
			}),
			want: "Seite eins\nSeite zwei\nmax@example.de\n",
		},
		{
			name: "a wrapped paragraph keeps its line breaks",
			pdf: pdfOf(t, func(p *fpdf.Fpdf, tr func(string) string) {
				p.MultiCell(60, 6, tr("Bitte überweisen Sie an DE89 3704 0044 0532 0130 00 bis Freitag."), "", "L", false)
			}),
			want: "Bitte überweisen Sie an DE89\n3704 0044 0532 0130 00 bis\nFreitag.\n",
		},
		{
			name: "word gaps written as glyph offsets are spaces, kerning is not",
			pdf:  rawPDF("BT /F1 10 Tf 72 700 Td [(Max)-333(Muster)-20(mann)] TJ 0 -12 Td [(Tel.)-250(030)-300(1234567)] TJ ET"),
			want: "Max Mustermann\nTel. 030 1234567\n",
		},
		{
			name: "lines moved by T*, ' and a text matrix are lines",
			pdf:  rawPDF("BT /F1 10 Tf 14 TL 1 0 0 1 72 700 Tm (eins) Tj T* (zwei) Tj (drei) ' 1 0 0 1 72 600 Tm (vier) Tj 1 0 0 1 150 600 Tm (fuenf) Tj ET"),
			want: "eins\nzwei\ndrei\nvier fuenf\n",
		},
		{
			name: "text in a form XObject counts",
			pdf: rawPDF("BT /F1 10 Tf 72 700 Td (Briefkopf:) Tj ET /Fm1 Do",
				"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Length 45 >>\n"+
					"stream\nBT /F1 10 Tf 72 680 Td (Firma GmbH) Tj ET\n\nendstream"),
			want: "Briefkopf:\nFirma GmbH\n",
		},
		{
			name: "junk before the header is skipped, as viewers do",
			pdf:  append([]byte("From the mail gateway\r\n"), pdfOf(t, lines("max@example.de"))...),
			want: "max@example.de\n",
		},
		{
			name: "a PDF 2.0 header is read",
			pdf:  bytes.Replace(pdfOf(t, lines("max@example.de")), []byte("%PDF-1.3"), []byte("%PDF-2.0"), 1),
			want: "max@example.de\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractPDF, "brief.pdf", tt.pdf)
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"doc: " + tt.want}; !slices.Equal(sink.Lines(), want) {
				t.Errorf("records:\n%q\nwant:\n%q", sink.Lines(), want)
			}
		})
	}
}

func TestExtractPDFBadInput(t *testing.T) {
	valid := pdfOf(t, lines("Max Mustermann", "max@example.de"))
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{
			name: "a PDF that needs a password is reported and not scanned",
			data: pdfOf(t, func(p *fpdf.Fpdf, tr func(string) string) {
				p.SetProtection(fpdf.CnProtectPrint, "secret", "owner")
				lines("max@example.de")(p, tr)
			}),
			reason: "encrypted PDF, not scanned",
		},
		{
			name: "a PDF with 40-bit encryption is reported: the library would read noise",
			data: pdfOf(t, func(p *fpdf.Fpdf, tr func(string) string) {
				p.SetProtection(fpdf.CnProtectPrint, "", "owner")
				lines("max@example.de")(p, tr)
			}),
			reason: "PDF with 40-bit encryption, not scanned",
		},
		{"a file without a PDF header is damaged", []byte("max@example.de"), "PDF header not found"},
		{"a truncated PDF is damaged", valid[:len(valid)/2], "PDF could not be read"},
		{"a PDF whose cross-reference table is gone is damaged", bytes.Replace(valid, []byte("xref"), []byte("xxxx"), -1), "PDF could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractPDF, "brief.pdf", tt.data)
			var d *Damaged
			if !errors.As(err, &d) || d.Reason != tt.reason {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			if len(sink.Records) != 0 {
				t.Errorf("records = %q, want none", sink.Lines())
			}
		})
	}
}

func TestExtractPDFSkipsAPageItCannotRead(t *testing.T) {
	// The content stream of the page is missing: object 5 points nowhere.
	doc := bytes.Replace(rawPDF("BT /F1 10 Tf 72 700 Td (max@example.de) Tj ET"), []byte("/Contents 5 0 R"), []byte("/Contents 9 0 R"), 1)
	sink, err := extractBytes(t, ExtractPDF, "brief.pdf", doc)
	if err != nil && !IsDamaged(err) {
		t.Fatalf("err = %v, want nil or Damaged", err)
	}
	if len(sink.Records) != 1 {
		t.Errorf("records = %q, want the one document", sink.Lines())
	}
}

func TestExtractPDFNeedsRandomAccess(t *testing.T) {
	if err := ExtractPDF(t.Context(), streamOnly("%PDF-1.4"), "brief.pdf", newRecordingSink()); !errors.Is(err, ErrNotRandomAccess) {
		t.Fatalf("err = %v, want ErrNotRandomAccess", err)
	}
}

func TestExtractPDFStopsWhenTheSinkSaysSo(t *testing.T) {
	sink := newRecordingSink()
	err := ExtractPDF(t.Context(), bytes.NewReader(pdfOf(t, lines("max@example.de"))), "brief.pdf", &stoppingSink{sink})
	if !errors.Is(err, errSinkStopped) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
}

// stoppingSink refuses all text.
type stoppingSink struct{ *recordingSink }

func (s *stoppingSink) Text([]byte) error { return errSinkStopped }

func TestPDFNeverPanicsOnFlippedBytes(t *testing.T) {
	valid := pdfOf(t, lines("Max Mustermann", "Musterstraße 12", "12345 Berlin"))
	for i := 0; i < len(valid); i += 7 {
		damaged := slices.Clone(valid)
		damaged[i] ^= 0x5a
		_, err := extractBytes(t, ExtractPDF, "brief.pdf", damaged)
		if err != nil && !IsDamaged(err) {
			t.Fatalf("byte %d flipped: err = %v, want nil or Damaged", i, err)
		}
	}
}

func TestPDFSourcePresentsAVersionTheLibraryAccepts(t *testing.T) {
	src := &pdfSource{ra: strings.NewReader("junk%PDF-2.0\r\nrest"), base: 4}
	got := make([]byte, 14)
	n, _ := src.ReadAt(got, 0)
	if string(got[:n]) != "%PDF-1.7\n\nrest" {
		t.Errorf("read %q", got[:n])
	}
	n, _ = src.ReadAt(got[:3], 7)
	if string(got[:n]) != "7\n\n" {
		t.Errorf("read at 7: %q", got[:n])
	}
}
