package pdfdoc

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

var testCreated = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// pdfPages extracts the text of each page, lines joined by "\n", words by
// the spaces the PDF holds.
func pdfPages(t *testing.T, b []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the PDF does not open: %v", err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatalf("page %d: %v", i, err)
		}
		var lines []string
		for _, row := range rows {
			var line strings.Builder
			for _, w := range row.Content {
				line.WriteString(w.S)
			}
			lines = append(lines, line.String())
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	return pages
}

const germanDraft = `# Meldung an die Aufsichtsbehörde

- **An:** Die Landesbeauftragte für den Datenschutz Niedersachsen
- **Frist:** 27.11.2026, 14:05 MEZ

## 1. Art der Verletzung

Angreifer haben eine Schwachstelle des Mailservers ausgenutzt und **Postfächer** sowie *das Adressbuch* kopiert.\
Die Schäden schätzen wir auf 12.000 €; der Dienstleister nennt das „außergewöhnlich“.

1. Mailserver isoliert
2. Passwörter zurückgesetzt (` + "`passwd --all`" + `)

---

### Rechtsgrundlage

Siehe [Art. 33 DSGVO](https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_33).
`

func TestRenderWritesTheTextOfTheDraft(t *testing.T) {
	b, err := Render(germanDraft, Meta{Title: "Meldung Art. 33 DSGVO", Footer: "Muster Maschinenbau GmbH · vertraulich", Lang: "de", Created: testCreated})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:min(len(b), 16)])
	}
	pages := pdfPages(t, b)
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1", len(pages))
	}
	text := pages[0]
	for _, want := range []string{
		"Meldung an die Aufsichtsbehörde",
		"1. Art der Verletzung",
		"Rechtsgrundlage",
		"Die Landesbeauftragte für den Datenschutz Niedersachsen",
		"Postfächer",
		"12.000 €",
		"„außergewöhnlich“",
		"passwd --all",
		"Art. 33 DSGVO (https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_33)",
		"Seite 1 von 1",
		"Muster Maschinenbau GmbH · vertraulich",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
	for _, markup := range []string{"**", "# ", "](", "`"} {
		if strings.Contains(text, markup) {
			t.Errorf("PDF text shows the markup %q:\n%s", markup, text)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	meta := Meta{Title: "Draft", Subject: "gdpr.33.sa", Author: "breachdesk", Footer: "confidential", Lang: "en", Created: testCreated}
	a, err := Render(germanDraft, meta)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(germanDraft, meta)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two renderings of the same draft differ")
	}
}

func TestRenderBreaksPagesAndNumbersThem(t *testing.T) {
	var md strings.Builder
	md.WriteString("# A long notification\n\n")
	for i := range 120 {
		md.WriteString("- item ")
		md.WriteString(strings.Repeat("word ", 10+i%7))
		md.WriteString("\n")
	}
	md.WriteString("\nThe last paragraph, with a verylongwordthatdoesnotfitonasinglelineatallbecauseithasnospacesanywhereinitwhatsoeverandgoesonandonandonandonandonandon.\n")
	for _, c := range []struct{ lang, page string }{{"en", "Page %d of %d"}, {"de", "Seite %d von %d"}} {
		b, err := Render(md.String(), Meta{Title: "Long", Lang: c.lang, Created: testCreated})
		if err != nil {
			t.Fatal(err)
		}
		pages := pdfPages(t, b)
		if len(pages) < 3 {
			t.Fatalf("%s: %d pages, want at least 3", c.lang, len(pages))
		}
		for i, text := range pages {
			want := strings.Replace(strings.Replace(c.page, "%d", strconv.Itoa(i+1), 1), "%d", strconv.Itoa(len(pages)), 1)
			if !strings.Contains(text, want) {
				t.Errorf("%s page %d lacks %q:\n%s", c.lang, i+1, want, text)
			}
			if !strings.Contains(text, "Long") {
				t.Errorf("%s page %d lacks the header title", c.lang, i+1)
			}
		}
		if last := pages[len(pages)-1]; !strings.Contains(last, "The last paragraph") {
			t.Errorf("%s: the last paragraph is not on the last page", c.lang)
		}
	}
}

func TestRenderReplacesCharactersOutsideWindows1252(t *testing.T) {
	b, err := Render("Grüße, 数据 and → done", Meta{Created: testCreated})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfPages(t, b)[0]
	if !strings.Contains(text, "Grüße, ?? and ? done") {
		t.Errorf("PDF text is %q", text)
	}
}

func TestParseBlocks(t *testing.T) {
	md := "# Title #\n\npara one\ncontinued  \nbroken\\\nagain\n\n- a\n  - nested\n* b\n+ c\n\n10. ten\n11) eleven\n\n***\n#### deep\n#nospace\n\\# escaped"
	got := parseBlocks(md)
	want := []block{
		{kind: blockHeading, level: 1, text: "Title"},
		{kind: blockParagraph, text: "para one continued\nbroken\nagain"},
		{kind: blockBullet, level: 0, text: "a"},
		{kind: blockBullet, level: 1, text: "nested"},
		{kind: blockBullet, level: 0, text: "b"},
		{kind: blockBullet, level: 0, text: "c"},
		{kind: blockNumbered, number: "10", text: "ten"},
		{kind: blockNumbered, number: "11", text: "eleven"},
		{kind: blockRule},
		{kind: blockHeading, level: 3, text: "deep"},
		{kind: blockParagraph, text: "#nospace \\# escaped"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseBlocks:\n got %+v\nwant %+v", got, want)
	}
}

func TestParseInline(t *testing.T) {
	cases := []struct {
		in   string
		want []span
	}{
		{"plain", []span{{text: "plain"}}},
		{"a **bold** b", []span{{text: "a "}, {text: "bold", bold: true}, {text: " b"}}},
		{"*it* and ***both***", []span{{text: "it", italic: true}, {text: " and "}, {text: "both", bold: true, italic: true}}},
		{"5 * 3 * 2", []span{{text: "5 * 3 * 2"}}},
		{"**unclosed", []span{{text: "**unclosed"}}},
		{"\\*not\\* it", []span{{text: "*not* it"}}},
		{"run `x *y*` now", []span{{text: "run "}, {text: "x *y*", code: true}, {text: " now"}}},
		{"[Art. 33](https://e.eu/a) end", []span{{text: "Art. 33", link: "https://e.eu/a"}, {text: " (https://e.eu/a) end"}}},
		{"[x](y z)", []span{{text: "[x](y z)"}}},
		{"[**b** c](u)", []span{{text: "b c", link: "u"}, {text: " (u)"}}},
		{"line\nbreak", []span{{text: "line"}, {br: true}, {text: "break"}}},
		{"**a *b** c*", []span{{text: "a *b", bold: true}, {text: " c*"}}},
	}
	for _, c := range cases {
		if got := parseInline(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseInline(%q):\n got %+v\nwant %+v", c.in, got, c.want)
		}
	}
}

func FuzzRender(f *testing.F) {
	f.Add(germanDraft)
	f.Add("# h\n- *a **b*** `c` [d](e)\n1. x\\\n---")
	f.Add("****[[[]]]((()))``` ** * _ \\")
	f.Add(strings.Repeat("- ", 200) + strings.Repeat("word", 500))
	f.Fuzz(func(t *testing.T, md string) {
		if len(md) > 4096 {
			t.Skip("bounded input")
		}
		if _, err := Render(md, Meta{Title: md, Footer: md, Lang: "de", Created: testCreated}); err != nil {
			t.Fatalf("Render: %v", err)
		}
	})
}
