package extract

// Fuzz targets of the document extractors: the mbox splitter and the XML
// text walkers take any bytes; XLSX and PDF, whose parsing is the
// libraries', take valid files with bytes flipped. Every extractor must
// return nil or a *Damaged, keep the Sink protocol and never panic.

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// checkExtracted fails the fuzz case unless err is nil or a *Damaged.
func checkExtracted(t *testing.T, err error) {
	t.Helper()
	if err != nil && !IsDamaged(err) {
		t.Fatalf("err = %v, want nil or Damaged", err)
	}
}

func FuzzMBOX(f *testing.F) {
	f.Add([]byte(mboxOf("From: a@example.de\n\nHallo\n>From Berlin\n", "From: b@example.de\n\nDanke\n")))
	f.Add([]byte(crlf(mboxOf(complaintMail))))
	f.Add([]byte("From \n\nFrom \n>From \n\n\nFrom x"))
	f.Add([]byte(mboxOf(complaintMail[:300])))
	f.Fuzz(func(t *testing.T, data []byte) {
		sink, err := extractBytes(t, ExtractMBOX, "fuzz.mbox", data)
		checkExtracted(t, err)
		n := int64(0)
		for _, r := range sink.Records {
			if r.Kind != docRecord {
				continue
			}
			n++
			if r.Loc != (Loc{Unit: "message", N: n}) {
				t.Fatalf("document %d is at %q", n, r.Loc)
			}
		}
		if froms := int64(bytes.Count(data, []byte("From "))); n > froms+1 {
			t.Fatalf("%d messages from %d From lines", n, froms)
		}
	})
}

func FuzzEML(f *testing.F) {
	f.Add([]byte(crlf(complaintMail)))
	f.Add([]byte("From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\nSubject: x\n\nbody\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/html\n\n<p>x</p>\n--b--\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sink, err := extractBytes(t, ExtractEML, "fuzz.eml", data)
		checkExtracted(t, err)
		if docs := countKind(sink, docRecord); docs > 1 {
			t.Fatalf("%d documents from one message", docs)
		}
	})
}

func FuzzDOCXText(f *testing.F) {
	f.Add(wordXML("document", "<w:body>"+para(wt("Max"), "<w:br/>", wt("Berlin"), "<w:tab/>")+"</w:body>"))
	f.Add(`<w:document><w:body><w:p><w:r><w:t>a &amp; b &#x41; &bogus;</w:t></w:r></w:p>`)
	f.Add(`<?xml version="1.0" encoding="UTF-16"?><w:t>x</w:t>`)
	f.Add(`<w:t><![CDATA[max@example.de]]></w:t><w:t`)
	f.Fuzz(func(t *testing.T, document string) {
		data := zipOf(t, map[string]string{"word/document.xml": document})
		sink, err := extractBytes(t, ExtractDOCX, "fuzz.docx", data)
		checkExtracted(t, err)
		if docs := countKind(sink, docRecord); docs != 1 {
			t.Fatalf("%d documents, want 1", docs)
		}
	})
}

func FuzzODTText(f *testing.F) {
	f.Add(odfContent(`<office:body><office:text><text:p>Max<text:s text:c="3"/>Mustermann<text:line-break/>Berlin</text:p></office:text></office:body>`))
	f.Add(`<text:p><text:s text:c="999999999999"/><text:s text:c="-1"/></text:p>`)
	f.Add(`<text:h><text:p>nested</text:h></text:p>`)
	f.Fuzz(func(t *testing.T, content string) {
		data := zipOf(t, map[string]string{"content.xml": content})
		sink, err := extractBytes(t, ExtractODT, "fuzz.odt", data)
		checkExtracted(t, err)
		if docs := countKind(sink, docRecord); docs != 1 {
			t.Fatalf("%d documents, want 1", docs)
		}
	})
}

func FuzzODS(f *testing.F) {
	f.Add(odsSheets(odsTable("Kunden",
		odsRowXML(odsCell("name"), odsCell("karte")),
		odsRowXML(odsCell("Max"), `<table:table-cell office:value-type="float" office:value="4111111111111111"><text:p>4,1E+15</text:p></table:table-cell>`),
		`<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row>`,
		emptyFiller)))
	f.Add(`<table:table><table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell></table:table-row></table:table></table:table>`)
	f.Add(`<table:table-row table:number-rows-repeated="9999999"><table:table-cell table:number-columns-repeated="99999999"><text:p>x</text:p></table:table-cell></table:table-row>`)
	f.Fuzz(func(t *testing.T, content string) {
		data := zipOf(t, map[string]string{"content.xml": content})
		sink := newDiscardSink()
		err := ExtractODS(context.Background(), bytes.NewReader(data), "fuzz.ods", sink)
		checkExtracted(t, err)
		if sink.rows > maxODSRows*int64(strings.Count(content, "table")+1) {
			t.Fatalf("%d rows", sink.rows)
		}
	})
}

// flipped returns data with the byte at pos (wrapped) xor-ed with mask.
func flipped(data []byte, pos uint32, mask byte) []byte {
	out := slices.Clone(data)
	if mask == 0 {
		mask = 0xff
	}
	out[int(pos)%len(out)] ^= mask
	return out
}

func FuzzXLSXFlipped(f *testing.F) {
	book := excelize.NewFile()
	sheet(f, book, "Staff", [][]any{{"name", "card", "birth"}, {"Max", 4111111111111111, 31121}, {"Erika", "x", 1.5}})
	data := workbookBytes(f, book)
	for _, pos := range []uint32{0, 30, 200, 1000, 2000, 4000, 6000} {
		f.Add(pos, byte(0x20), pos+1, byte(0x01))
	}
	f.Fuzz(func(t *testing.T, pos1 uint32, mask1 byte, pos2 uint32, mask2 byte) {
		damaged := flipped(flipped(data, pos1, mask1), pos2, mask2)
		sink := newRecordingSink()
		err := ExtractXLSX(context.Background(), bytes.NewReader(damaged), "fuzz.xlsx", sink)
		sink.assertProtocol(t)
		checkExtracted(t, err)
	})
}

func FuzzPDFFlipped(f *testing.F) {
	data := pdfOf(f, func(p *fpdf.Fpdf, tr func(string) string) {
		lines("Max Mustermann", "Musterstraße 12", "12345 Berlin", "Tel. +49 30 1234567")(p, tr)
		p.AddPage()
		p.Text(20, 30, "max@example.de")
	})
	compressed := func() []byte {
		p := fpdf.New("P", "mm", "A4", "")
		p.AddPage()
		p.SetFont("Helvetica", "", 11)
		p.Cell(0, 6, "max@example.de")
		var buf bytes.Buffer
		if err := p.Output(&buf); err != nil {
			f.Fatal(err)
		}
		return buf.Bytes()
	}()
	for _, pos := range []uint32{0, 9, 100, 400, 800, 1200, 1600} {
		f.Add(false, pos, byte(0x01), pos+3, byte(0x40))
		f.Add(true, pos, byte(0x01), pos+3, byte(0x40))
	}
	f.Fuzz(func(t *testing.T, deflated bool, pos1 uint32, mask1 byte, pos2 uint32, mask2 byte) {
		valid := data
		if deflated {
			valid = compressed
		}
		damaged := flipped(flipped(valid, pos1, mask1), pos2, mask2)
		_, err := extractBytes(t, ExtractPDF, "fuzz.pdf", damaged)
		checkExtracted(t, err)
	})
}

func countKind(sink *recordingSink, kind recordKind) int {
	n := 0
	for _, r := range sink.Records {
		if r.Kind == kind {
			n++
		}
	}
	return n
}
