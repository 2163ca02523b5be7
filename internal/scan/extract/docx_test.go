package extract

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// wordXML wraps body in a WordprocessingML part whose root is root.
func wordXML(root, body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:` + root + ` xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` + "\n" +
		body + "\n</w:" + root + ">"
}

func para(runs ...string) string {
	return "<w:p><w:r>" + strings.Join(runs, "") + "</w:r></w:p>\n"
}

func wt(text string) string { return `<w:t xml:space="preserve">` + text + `</w:t>` }

func TestExtractDOCX(t *testing.T) {
	letter := wordXML("document", "<w:body>\n"+
		para(wt("Sehr geehrter Herr Mustermann,"))+
		`<w:p><w:r>`+wt("Ihre Kundennummer: ")+`</w:r><w:r>`+wt("4711")+`</w:r></w:p>`+"\n"+
		`<w:tbl><w:tr><w:tc>`+para(wt("Name"))+`</w:tc><w:tc>`+para(wt("Telefon"))+`</w:tc></w:tr>`+
		`<w:tr><w:tc>`+para(wt("Max Mustermann"))+`</w:tc><w:tc>`+para(wt("+49 30 1234567"))+`</w:tc></w:tr></w:tbl>`+"\n"+
		para(wt("Musterstraße 12"), "<w:br/>", wt("12345 Berlin"))+
		para(wt("IBAN"), "<w:tab/>", wt("DE89 3704 0044 0532 0130 00"))+
		"</w:body>")
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{
			name:  "paragraphs, table cells and line breaks become lines, tabs stay tabs",
			files: map[string]string{"word/document.xml": letter},
			want: []string{"doc: Sehr geehrter Herr Mustermann,\nIhre Kundennummer: 4711\nName\nTelefon\n" +
				"Max Mustermann\n+49 30 1234567\nMusterstraße 12\n12345 Berlin\nIBAN\tDE89 3704 0044 0532 0130 00\n\n"},
		},
		{
			name: "headers, footers, notes and comments follow the body in name order",
			files: map[string]string{
				"word/document.xml":  wordXML("document", "<w:body>"+para(wt("Body"))+"</w:body>"),
				"word/header1.xml":   wordXML("hdr", para(wt("Firma GmbH, Tel. 030 123456"))),
				"word/footer1.xml":   wordXML("ftr", para(wt("info@firma.de"))),
				"word/footnotes.xml": wordXML("footnotes", `<w:footnote w:id="1">`+para(wt("Footnote"))+`</w:footnote>`),
				"word/endnotes.xml":  wordXML("endnotes", `<w:endnote w:id="1">`+para(wt("Endnote"))+`</w:endnote>`),
				"word/comments.xml":  wordXML("comments", `<w:comment w:id="0" w:author="Erika">`+para(wt("Comment"))+`</w:comment>`),
				"word/styles.xml":    wordXML("styles", `<w:style><w:name w:val="Normal"/></w:style>`),
				"docProps/app.xml":   `<Properties><Company>Not text</Company></Properties>`,
			},
			want: []string{"doc: Body\n\nComment\n\nEndnote\n\ninfo@firma.de\n\nFootnote\n\nFirma GmbH, Tel. 030 123456\n\n"},
		},
		{
			name: "deleted text of tracked changes and field instructions are text, tab stops are not",
			files: map[string]string{"word/document.xml": wordXML("document", "<w:body>"+
				`<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>`+
				`<w:del><w:r><w:delText>alt@example.de</w:delText></w:r></w:del>`+
				`<w:r><w:instrText> HYPERLINK "mailto:neu@example.de" </w:instrText></w:r></w:p>`+
				"</w:body>")},
			want: []string{"doc: \talt@example.de HYPERLINK \"mailto:neu@example.de\" \n\n"},
		},
		{
			name: "embedded files come back through Nested after the document",
			files: map[string]string{
				"word/document.xml":                    wordXML("document", "<w:body>"+para(wt("See the table."))+"</w:body>"),
				"word/embeddings/Kunden.csv":           "name,email\nMax,max@example.de\n",
				"word/embeddings/oleObject1.bin":       "binary",
				"word/media/image1.png":                "PNG",
				"customXml/item1.xml":                  "<x>not text</x>",
				"word/embeddings/sub/":                 "",
				"word/theme/theme1.xml":                "<a:theme/>",
				"[Content_Types].xml":                  "<Types/>",
				"word/_rels/document.xml.rels":         "<Relationships/>",
				"word/embeddings/Microsoft_Excel.xlsx": "PK",
			},
			want: []string{
				"doc: See the table.\n\n",
				"nested word/embeddings/Kunden.csv: name,email\nMax,max@example.de\n",
				"nested word/embeddings/Microsoft_Excel.xlsx: PK",
				"nested word/embeddings/oleObject1.bin: binary",
			},
		},
		{
			name:  "a package without a body still gives one document",
			files: map[string]string{"word/header1.xml": wordXML("hdr", para(wt("Only a header")))},
			want:  []string{"doc: Only a header\n\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractDOCX, "letter.docx", zipOf(t, tt.files))
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.Lines(); !slices.Equal(got, tt.want) {
				t.Errorf("records:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestExtractDOCXReadsDamagedXMLAsFarAsItGoes(t *testing.T) {
	body := wordXML("document", "<w:body>"+para(wt("Max Mustermann"))+para(wt("Tel. 030 1234567")))
	cut := body[:strings.Index(body, "Tel.")+8]
	files := map[string]string{
		"word/document.xml": cut,
		"word/footer1.xml":  wordXML("ftr", para(wt("info@firma.de"))),
	}
	sink, err := extractBytes(t, ExtractDOCX, "letter.docx", zipOf(t, files))
	var d *Damaged
	if !errors.As(err, &d) || !strings.HasPrefix(d.Reason, "DOCX: damaged XML in word/document.xml at byte ") {
		t.Fatalf("err = %v, want Damaged naming the part and a byte position", err)
	}
	if want := []string{"doc: Max Mustermann\nTel. 030\ninfo@firma.de\n\n"}; !slices.Equal(sink.Lines(), want) {
		t.Errorf("records = %q, want %q", sink.Lines(), want)
	}
	if strings.Contains(d.Reason, "Tel") || strings.Contains(d.Reason, "030") {
		t.Errorf("reason %q quotes the content", d.Reason)
	}
}

func TestExtractDOCXBadInput(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		reason string
	}{
		{"bytes that are no zip are damaged", []byte("Dear Max,\n"), "DOCX is not a readable zip package"},
		{"a password-protected document is reported, not scanned", oleHeader(), "encrypted DOCX, not scanned"},
		{"a body claiming to expand beyond 1 GiB is refused", zipClaiming(t, "word/document.xml", 2<<30), "DOCX too large when expanded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractDOCX, "letter.docx", tt.data)
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

func TestExtractDOCXNeedsRandomAccess(t *testing.T) {
	if err := ExtractDOCX(t.Context(), streamOnly("PK"), "letter.docx", newRecordingSink()); !errors.Is(err, ErrNotRandomAccess) {
		t.Fatalf("err = %v, want ErrNotRandomAccess", err)
	}
}

func TestExtractDOCXStopsWhenTheSinkSaysSo(t *testing.T) {
	files := map[string]string{
		"word/document.xml":          wordXML("document", "<w:body>"+para(wt("Body"))+"</w:body>"),
		"word/embeddings/Kunden.csv": "name\nMax\n",
		"word/embeddings/Other.csv":  "name\nErika\n",
	}
	sink := newRecordingSink()
	sink.StopAfter = 2
	err := ExtractDOCX(t.Context(), bytes.NewReader(zipOf(t, files)), "letter.docx", sink)
	if !errors.Is(err, errSinkStopped) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
	if len(sink.Records) != 2 {
		t.Errorf("records = %q, want two", sink.Lines())
	}
}
