package pdfdoc

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/ledongthuc/pdf"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// textItem is a piece of text drawn on a page, at its baseline start in
// millimetres from the page's top left corner.
type textItem struct {
	X, Y float64
	S    string
}

// pageTexts extracts the text of every page. ledongthuc/pdf's own decoder
// garbles the characters above U+00FF of fpdf's Identity-H fonts (it
// applies a bfrange by adding to the last byte only), so the strings are
// decoded here: fpdf writes the character codes of its Unicode fonts as
// UTF-16BE.
func pageTexts(t testing.TB, b []byte) [][]textItem {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("open PDF: %v", err)
	}
	var pages [][]textItem
	for i := 1; i <= r.NumPage(); i++ {
		page := r.Page(i)
		fonts := page.Resources().Key("Font")
		var items []textItem
		var font pdf.Value
		var x, y float64
		pdf.Interpret(page.V.Key("Contents"), func(stk *pdf.Stack, op string) {
			args := make([]pdf.Value, stk.Len())
			for j := len(args) - 1; j >= 0; j-- {
				args[j] = stk.Pop()
			}
			switch op {
			case "BT":
				x, y = 0, 0
			case "Td":
				x, y = x+args[0].Float64(), y+args[1].Float64()
			case "Tm":
				x, y = args[4].Float64(), args[5].Float64()
			case "Tf":
				font = fonts.Key(args[0].Name())
			case "Tj":
				items = append(items, textItem{x / 72 * 25.4, pageH - y/72*25.4, decodePDFString(font, args[0].RawString())})
			}
		})
		pages = append(pages, items)
	}
	return pages
}

func decodePDFString(font pdf.Value, raw string) string {
	if font.Key("Subtype").Name() != "Type0" {
		return raw
	}
	u := make([]uint16, 0, len(raw)/2)
	for i := 0; i+1 < len(raw); i += 2 {
		u = append(u, uint16(raw[i])<<8|uint16(raw[i+1]))
	}
	return string(utf16.Decode(u))
}

// joined is a page's text in drawing order, pieces separated by spaces.
func joined(items []textItem) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(it.S)
		b.WriteByte(' ')
	}
	return b.String()
}

func newRenderer(t testing.TB) *LetterRenderer {
	t.Helper()
	r, err := NewLetterRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func renderLetters(t testing.TB, r *LetterRenderer, letters ...notify.Letter) []byte {
	t.Helper()
	b, err := r.RenderLetters(letters)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("output is not a PDF: %q", b[:min(len(b), 16)])
	}
	return b
}

func germanLetter() notify.Letter {
	return notify.Letter{
		Lang:       "de",
		Letterhead: []string{"Beispiel AG", "Datenschutz", "Königstraße 1, 70173 Stuttgart"},
		Return:     "Beispiel AG · Königstraße 1 · 70173 Stuttgart",
		Address:    []string{"Jürgen Müller", "Straße des 17. Juni 135", "10623 Berlin"},
		Date:       "24. November 2026",
		Subject:    "Information über einen Datenschutzvorfall",
		Body: "Sehr geehrter Herr Müller,\n\nwir informieren Sie über einen **Vorfall**.\n\n" +
			"## Welche Daten betroffen sind\n\n- Name und Anschrift\n- Geburtsdatum\n\nMit freundlichen Grüßen",
		Reference: "c12-p345",
	}
}

func chineseLetter() notify.Letter {
	return notify.Letter{
		Lang:       "zh",
		Letterhead: []string{"示例股份公司", "数据保护部"},
		Return:     "示例股份公司 · 德国斯图加特",
		Address:    []string{"张伟", "建国路88号", "100022 北京市朝阳区", "中国"},
		Date:       "2026年11月24日",
		Subject:    "关于数据泄露事件的通知",
		Body:       "尊敬的张伟先生：\n\n您的**个人数据**在一次事件中被泄露。\n\n## 涉及的数据\n\n- 姓名和地址\n- 出生日期",
		Reference:  "c12-p346",
	}
}

func TestLetterGermanTextIsExtractable(t *testing.T) {
	pages := pageTexts(t, renderLetters(t, newRenderer(t), germanLetter()))
	if len(pages) != 1 {
		t.Fatalf("%d pages, want 1", len(pages))
	}
	text := joined(pages[0])
	for _, want := range []string{"Jürgen Müller", "Straße des 17. Juni 135", "10623 Berlin", "Straße", "Müller",
		"Königstraße 1, 70173 Stuttgart", "24. November 2026", "Information über einen Datenschutzvorfall",
		"Vorfall", "Welche Daten betroffen sind", "Geburtsdatum", "Grüßen", "Seite 1 von 1", "c12-p345"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q:\n%s", want, text)
		}
	}
}

func TestLetterChineseTextIsExtractable(t *testing.T) {
	pages := pageTexts(t, renderLetters(t, newRenderer(t), chineseLetter()))
	text := joined(pages[0])
	for _, want := range []string{"张伟", "建国路88号", "100022 北京市朝阳区", "关于数据泄露事件的通知",
		"个人数据", "涉及的数据", "出生日期", "第 1 页，共 1 页", "示例股份公司"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q:\n%s", want, text)
		}
	}
}

// A German letter to a person whose name is written in Chinese takes the
// Chinese glyphs from the CJK font.
func TestLetterMixesScripts(t *testing.T) {
	l := germanLetter()
	l.Address[0] = "王芳 (Wang Fang)"
	text := joined(pageTexts(t, renderLetters(t, newRenderer(t), l))[0])
	if !strings.Contains(text, "王芳") || !strings.Contains(text, "(Wang Fang)") {
		t.Errorf("mixed name lost:\n%s", text)
	}
}

func longBody(paragraphs int) string {
	var b strings.Builder
	for i := range paragraphs {
		fmt.Fprintf(&b, "Absatz %d: Wir haben Maßnahmen ergriffen, um Ihre Daten zu schützen, und prüfen alle Systeme gründlich.\n\n", i+1)
	}
	return b.String()
}

// pageLabels are the page-number texts per page ("" for a page without).
func pageLabels(pages [][]textItem) []string {
	var out []string
	for _, items := range pages {
		label := ""
		for _, it := range items {
			if strings.HasPrefix(it.S, "Seite ") || strings.HasPrefix(it.S, "Page ") {
				label = it.S
			}
		}
		out = append(out, label)
	}
	return out
}

func TestLetterBatchNumbersPagesPerLetter(t *testing.T) {
	long := germanLetter()
	long.Body = longBody(22)
	long.Reference = "c12-p2"
	english := germanLetter()
	english.Lang = "en"
	r := newRenderer(t)

	r.PadForDuplex = false
	got := pageLabels(pageTexts(t, renderLetters(t, r, germanLetter(), long, english)))
	want := []string{"Seite 1 von 1", "Seite 1 von 2", "Seite 2 von 2", "Page 1 of 1"}
	if !slices.Equal(got, want) {
		t.Fatalf("page labels %q, want %q", got, want)
	}

	r.PadForDuplex = true
	out, spans, err := r.RenderBatch([]notify.Letter{germanLetter(), long, english})
	if err != nil {
		t.Fatal(err)
	}
	if want := []LetterPages{{1, 1}, {3, 2}, {5, 1}}; !slices.Equal(spans, want) {
		t.Errorf("letter pages %v, want %v", spans, want)
	}
	pages := pageTexts(t, out)
	got = pageLabels(pages)
	want = []string{"Seite 1 von 1", "", "Seite 1 von 2", "Seite 2 von 2", "Page 1 of 1", ""}
	if !slices.Equal(got, want) {
		t.Fatalf("padded page labels %q, want %q", got, want)
	}
	for _, blank := range []int{1, 5} {
		if len(pages[blank]) != 0 {
			t.Errorf("padding page %d has text %q", blank+1, joined(pages[blank]))
		}
	}
	// The second page of a letter carries its reference too.
	if !strings.Contains(joined(pages[3]), "c12-p2") {
		t.Errorf("second page lacks the reference: %s", joined(pages[3]))
	}
}

// A single letter, the per-person PDF, is never padded.
func TestLetterSingleIsNotPadded(t *testing.T) {
	r := newRenderer(t)
	if n := len(pageTexts(t, renderLetters(t, r, germanLetter()))); n != 1 {
		t.Errorf("single letter has %d pages, want 1", n)
	}
}

// inWindow reports whether a baseline point lies in the address field's
// zone for recipient lines (below the return line zone).
func inRect(it textItem, x0, y0, x1, y1 float64) bool {
	return it.X >= x0 && it.X <= x1 && it.Y >= y0 && it.Y <= y1
}

func TestLetterAddressSitsInTheWindow(t *testing.T) {
	long := germanLetter()
	long.Address = []string{"Prof. Dr. Maximiliane Theodora von und zu Hohenzollern-Sigmaringen-Württemberg",
		"c/o Müller", "Abteilung Datenschutz und Informationssicherheit", "Hauptstraße 5", "Hinterhaus, 3. OG",
		"Postfach 12 34 56", "80331 München", "Deutschland"}
	for _, l := range []notify.Letter{germanLetter(), chineseLetter(), long} {
		items := pageTexts(t, renderLetters(t, newRenderer(t), l))[0]
		found := map[string]bool{}
		for _, it := range items {
			for _, line := range l.Address {
				if it.S == line || strings.HasPrefix(line, strings.TrimSuffix(it.S, "…")) && strings.HasSuffix(it.S, "…") {
					found[line] = true
					// Recipient lines: inside the window, below the return zone.
					if !inRect(it, fieldX, fieldY+returnZoneH, fieldX+fieldW, fieldY+fieldH) {
						t.Errorf("address line %q at (%.1f, %.1f) mm, outside the window", it.S, it.X, it.Y)
					}
				}
			}
			if it.S == l.Return && !inRect(it, fieldX, fieldY, fieldX+fieldW, fieldY+returnZoneH) {
				t.Errorf("return line at (%.1f, %.1f) mm, outside its zone", it.X, it.Y)
			}
		}
		if len(found) != len(l.Address) {
			t.Errorf("found %d of %d address lines in %v", len(found), len(l.Address), items)
		}
		// Nothing else is printed in the window.
		for _, it := range items {
			if inRect(it, fieldX, fieldY, fieldX+fieldW, fieldY+fieldH) && !slices.Contains(l.Address, it.S) &&
				it.S != l.Return && !strings.HasSuffix(it.S, "…") {
				t.Errorf("%q printed in the window", it.S)
			}
		}
	}
}

func TestLetterIsDeterministic(t *testing.T) {
	letters := []notify.Letter{germanLetter(), chineseLetter()}
	a := renderLetters(t, newRenderer(t), letters...)
	b := renderLetters(t, newRenderer(t), letters...)
	if !bytes.Equal(a, b) {
		t.Fatal("the same letters gave different bytes")
	}
	letters[0].Address[0] = "Jürgen Maier"
	if c := renderLetters(t, newRenderer(t), letters...); bytes.Equal(a, c) {
		t.Fatal("different letters gave the same bytes")
	}
}

func TestLetterRefusesNoLetters(t *testing.T) {
	if _, err := newRenderer(t).RenderLetters(nil); err == nil {
		t.Fatal("no error for an empty batch")
	}
}

// Characters no font has, control characters and invalid UTF-8 print as
// "?" or spaces, and never reach an error message.
func TestLetterCleansUnprintableText(t *testing.T) {
	l := germanLetter()
	l.Address[0] = "Jürgen \x00Müller \xff😀"
	l.Body = "Hallo\u200b Welt\tTab"
	text := joined(pageTexts(t, renderLetters(t, newRenderer(t), l))[0])
	for _, want := range []string{"Jürgen  Müller ??", "Hallo Welt Tab"} {
		if !strings.Contains(text, want) {
			t.Errorf("page text lacks %q:\n%s", want, text)
		}
	}
}

func FuzzRenderLetters(f *testing.F) {
	f.Add("Jürgen Müller", "Straße 1", "de", "Hallo **Welt**\n\n## Kopf\n\n- eins\n- zwei")
	f.Add("张伟", "北京市", "zh", "您好，**数据**泄露。\n\n1. 一\n2. 二")
	f.Add("", "", "", "")
	f.Add("\xff\x00", "\t", "en", "**unclosed *mixed* `code` [link](http://x)\n---\n  - deep\n      - deeper")
	r := newRenderer(f)
	f.Fuzz(func(t *testing.T, name, street, lang, body string) {
		l := germanLetter()
		l.Lang, l.Body, l.Subject = lang, body, name
		l.Address = []string{name, street, name + street}
		l.Letterhead = []string{name, street}
		b, err := r.RenderLetters([]notify.Letter{l, l})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatal("output is not a PDF")
		}
	})
}

// benchLetters are n letters in German, English and Chinese with
// different names, so each per-person PDF has its own set of characters.
func benchLetters(n int) []notify.Letter {
	givenDE := []string{"Jürgen", "Anna", "Sören", "Käthe", "Björn", "Lina"}
	givenZH := []string{"伟", "芳", "娜", "敏", "静", "磊"}
	out := make([]notify.Letter, n)
	for i := range out {
		var l notify.Letter
		switch i % 3 {
		case 0, 1:
			l = germanLetter()
			l.Body = longBody(3 + i%5)
			if i%3 == 1 {
				l.Lang = "en"
			}
			l.Address[0] = fmt.Sprintf("%s Müller-%d", givenDE[i%len(givenDE)], i)
		default:
			l = chineseLetter()
			l.Address[0] = "张" + givenZH[i%len(givenZH)]
		}
		l.Reference = fmt.Sprintf("c1-p%d", i)
		out[i] = l
	}
	return out
}

// BenchmarkLetters1000 renders 1,000 letters (two thirds German and
// English, one third Chinese, one or two pages each): each as its own PDF,
// the per-person path, and all in one batch PDF for a print house. One
// operation is the whole 1,000.
func BenchmarkLetters1000(b *testing.B) {
	letters := benchLetters(1000)
	r := newRenderer(b)
	b.Run("per-person", func(b *testing.B) {
		for b.Loop() {
			size := 0
			for _, l := range letters {
				out, err := r.RenderLetters([]notify.Letter{l})
				if err != nil {
					b.Fatal(err)
				}
				size += len(out)
			}
			b.ReportMetric(float64(size)/1000, "bytes/letter")
		}
	})
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			out, err := r.RenderLetters(letters)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(len(out)), "bytes/batch")
		}
	})
}

// One renderer serves many goroutines (the glyph cache is shared), and
// each gets the same bytes as a lone render.
func TestLetterConcurrentRenders(t *testing.T) {
	r := newRenderer(t)
	letters := benchLetters(12)
	want := make([][]byte, len(letters))
	for i, l := range letters {
		want[i] = renderLetters(t, r, l)
	}
	var wg sync.WaitGroup
	got := make([][]byte, len(letters))
	errs := make([]error, len(letters))
	for i, l := range letters {
		wg.Go(func() { got[i], errs[i] = r.RenderLetters([]notify.Letter{l}) })
	}
	wg.Wait()
	for i := range letters {
		if errs[i] != nil || !bytes.Equal(got[i], want[i]) {
			t.Errorf("letter %d: concurrent render differs (err %v)", i, errs[i])
		}
	}
}
