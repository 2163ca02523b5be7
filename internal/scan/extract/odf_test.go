package extract

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// odfContent wraps body in an OpenDocument content part.
func odfContent(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
		`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
		`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
		`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
		`xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n" +
		body + "\n</office:document-content>"
}

func odfPackage(t *testing.T, mimetype string, parts map[string]string) []byte {
	t.Helper()
	files := map[string]string{"mimetype": mimetype}
	for name, content := range parts {
		files[name] = content
	}
	return zipOf(t, files)
}

func TestExtractODT(t *testing.T) {
	content := odfContent(`<office:body><office:text>
<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
<text:h text:outline-level="1">Kündigung</text:h>
<text:p>Max<text:s/>Mustermann</text:p>
<text:p>Musterstraße 12<text:line-break/>12345 Berlin</text:p>
<text:p>Tel.<text:tab/>030<text:s text:c="3"/>1234567</text:p>
<text:p>Mail: <text:a xlink:href="mailto:max@example.de"><text:span>max@example.de</text:span></text:a></text:p>
<text:p>Kunde<office:annotation><dc:creator>Erika Musterfrau</dc:creator><dc:date>2025-03-03T10:00:00</dc:date><text:p>prüfen</text:p></office:annotation>nummer 4711</text:p>
<table:table table:name="Konto"><table:table-row><table:table-cell><text:p>IBAN</text:p></table:table-cell>` +
		`<table:table-cell><text:p>DE89 3704 0044 0532 0130 00</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body>`)
	styles := odfContent(`<office:master-styles><style:master-page style:name="Standard">` +
		`<style:header><text:p>Firma GmbH</text:p></style:header>` +
		`<style:footer><text:p>Seite <text:page-number>1</text:page-number></text:p></style:footer>` +
		`</style:master-page></office:master-styles>`)
	sink, err := extractBytes(t, ExtractODT, "brief.odt", odfPackage(t, "application/vnd.oasis.opendocument.text",
		map[string]string{"content.xml": content, "styles.xml": styles, "meta.xml": odfContent("<dc:creator>Not text</dc:creator>")}))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"doc: Kündigung\nMax Mustermann\nMusterstraße 12\n12345 Berlin\nTel.\t030   1234567\n" +
		"Mail: max@example.de\nKunde\nErika Musterfrau 2025-03-03T10:00:00 prüfen\n\nnummer 4711\nIBAN\nDE89 3704 0044 0532 0130 00\n\nFirma GmbH\nSeite 1\n\n"}
	if got := sink.Lines(); !slices.Equal(got, want) {
		t.Errorf("records:\n%q\nwant:\n%q", got, want)
	}
}

// odsTable is a table:table element named name holding rows.
func odsTable(name string, rows ...string) string {
	return `<table:table table:name="` + name + `"><table:table-column table:number-columns-repeated="3"/>` +
		strings.Join(rows, "") + `</table:table>`
}

func odsRowXML(cells ...string) string {
	return "<table:table-row>" + strings.Join(cells, "") + "</table:table-row>"
}

func odsCell(text string) string {
	return `<table:table-cell office:value-type="string"><text:p>` + text + `</text:p></table:table-cell>`
}

func odsSheets(sheets ...string) string {
	return odfContent("<office:body><office:spreadsheet>" + strings.Join(sheets, "") + "</office:spreadsheet></office:body>")
}

// emptyFiller is the block LibreOffice writes after the last row: a
// million empty rows of a thousand empty cells.
const emptyFiller = `<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`

func TestExtractODS(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
	}{
		{
			name: "the first row names the columns, numbers come as stored and dates as ISO dates",
			content: odsSheets(odsTable("Kunden",
				odsRowXML(odsCell("name"), odsCell("karte"), odsCell("geboren"), odsCell("anteil")),
				odsRowXML(odsCell("Max"),
					`<table:table-cell office:value-type="float" office:value="4111111111111111"><text:p>4.11111111111111E+015</text:p></table:table-cell>`,
					`<table:table-cell office:value-type="date" office:date-value="1985-03-15"><text:p>15.03.85</text:p></table:table-cell>`,
					`<table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>`),
				odsRowXML(odsCell("Erika"), `<table:table-cell/>`,
					`<table:table-cell office:value-type="date" office:date-value="1990-01-02T13:45:00"><text:p>02.01.90 13:45</text:p></table:table-cell>`),
				emptyFiller)),
			want: []string{
				"sheet Kunden row 1: name=Max | karte=4111111111111111 | geboren=1985-03-15 | anteil=0.25",
				"sheet Kunden row 2: name=Erika | geboren=1990-01-02 13:45:00",
			},
		},
		{
			name: "repeated rows and cells with values are expanded, empty ones only counted",
			content: odsSheets(odsTable("Liste",
				odsRowXML(odsCell("a"), odsCell("b"), odsCell("c")),
				`<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell><table:table-cell/></table:table-row>`,
				`<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="3"/></table:table-row>`,
				odsRowXML(`<table:table-cell table:number-columns-repeated="2"/>`, odsCell("z")),
				emptyFiller)),
			want: []string{
				"sheet Liste row 1: a=x | b=x",
				"sheet Liste row 2: a=x | b=x",
				"sheet Liste row 3: c=z",
			},
		},
		{
			name: "every sheet is read; a first row with an e-mail address is data",
			content: odsSheets(
				odsTable("Eins", odsRowXML(odsCell("name")), odsRowXML(odsCell("Max"))),
				odsTable("Zwei", odsRowXML(odsCell("max@example.de"), odsCell("Max")), emptyFiller),
				odsTable("Leer", `<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>`)),
			want: []string{
				"sheet Eins row 1: name=Max",
				"sheet Zwei row 1: column 1=max@example.de | column 2=Max",
			},
		},
		{
			name: "a table nested in a cell is not a sheet of its own",
			content: odsSheets(odsTable("Außen",
				odsRowXML(odsCell("name"), odsCell("notiz")),
				odsRowXML(odsCell("Max"), `<table:table-cell><table:table table:name="Innen">`+odsRowXML(odsCell("x"))+`</table:table></table:table-cell>`),
				odsRowXML(odsCell("Erika")))),
			want: []string{
				"sheet Außen row 1: name=Max",
				"sheet Außen row 2: name=Erika",
			},
		},
		{
			name: "a cell's paragraphs are lines, its spaces spaces, its comments not its value",
			content: odsSheets(odsTable("Adressen",
				odsRowXML(odsCell("anschrift"), odsCell("name")),
				odsRowXML(`<table:table-cell office:value-type="string"><office:annotation><dc:creator>Erika</dc:creator><text:p>prüfen</text:p></office:annotation>`+
					`<text:p>Musterstraße<text:s text:c="2"/>12</text:p><text:p>12345<text:tab/>Berlin</text:p></table:table-cell>`,
					`<table:covered-table-cell/>`, odsCell("Max")))),
			want: []string{"sheet Adressen row 1: anschrift=Musterstraße  12\n12345\tBerlin | column 3=Max"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractODS, "kunden.ods", odfPackage(t, "application/vnd.oasis.opendocument.spreadsheet",
				map[string]string{"content.xml": tt.content}))
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestExtractODSDamaged(t *testing.T) {
	tests := []struct {
		name    string
		content string
		rows    int
		reason  string
	}{
		{
			name: "a row with values repeated beyond the sheet's million rows is cut there and reported",
			content: odsSheets(odsTable("Viel", odsRowXML(odsCell("name")),
				`<table:table-row table:number-rows-repeated="2000000">`+odsCell("Max")+`</table:table-row>`)),
			rows:   maxODSRows - 1,
			reason: "ODS sheet 1: rows beyond 1048576 not scanned",
		},
		{
			name:    "a content part cut short gives the rows before the cut",
			content: cutBefore(odsSheets(odsTable("Kurz", odsRowXML(odsCell("name")), odsRowXML(odsCell("Max")), odsRowXML(odsCell("Erika")))), "Erika"),
			rows:    1,
			reason:  "ODS: damaged XML in content.xml at byte ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newDiscardSink()
			err := ExtractODS(t.Context(), bytes.NewReader(odfPackage(t, "application/vnd.oasis.opendocument.spreadsheet",
				map[string]string{"content.xml": tt.content})), "kunden.ods", sink)
			var d *Damaged
			if !errors.As(err, &d) || !strings.HasPrefix(d.Reason, tt.reason) {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			if sink.rows != int64(tt.rows) {
				t.Errorf("rows = %d, want %d", sink.rows, tt.rows)
			}
		})
	}
}

func TestExtractODFBadInput(t *testing.T) {
	encrypted := map[string]string{
		"content.xml":           "\x8f\x12 encrypted bytes",
		"META-INF/manifest.xml": `<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`,
	}
	tests := []struct {
		name    string
		extract Extractor
		data    []byte
		reason  string
	}{
		{"an ODT that is no zip is damaged", ExtractODT, []byte("Sehr geehrte"), "ODT is not a readable zip package"},
		{"a password-protected ODT is reported, not scanned", ExtractODT, odfPackage(t, "application/vnd.oasis.opendocument.text", encrypted), "encrypted ODT, not scanned"},
		{"a password-protected ODS is reported, not scanned", ExtractODS, odfPackage(t, "application/vnd.oasis.opendocument.spreadsheet", encrypted), "encrypted ODS, not scanned"},
		{"an ODS without content is damaged", ExtractODS, odfPackage(t, "application/vnd.oasis.opendocument.spreadsheet", nil), "ODS has no content.xml"},
		{"an ODS claiming to expand beyond 1 GiB is refused", ExtractODS, zipClaiming(t, "content.xml", 2<<30), "ODS too large when expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, tt.extract, "file", tt.data)
			var d *Damaged
			if !errors.As(err, &d) || d.Reason != tt.reason {
				t.Fatalf("err = %v, want Damaged %q", err, tt.reason)
			}
			if len(sink.Records) != 0 {
				t.Errorf("records = %q, want none", sink.Lines())
			}
		})
	}
	for _, extract := range []Extractor{ExtractODT, ExtractODS} {
		if err := extract(t.Context(), streamOnly("PK"), "file", newRecordingSink()); !errors.Is(err, ErrNotRandomAccess) {
			t.Errorf("err = %v, want ErrNotRandomAccess", err)
		}
	}
}

// cutBefore cuts s short before the first mark.
func cutBefore(s, mark string) string { return s[:strings.Index(s, mark)] }
