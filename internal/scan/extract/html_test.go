package extract

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestExtractHTML(t *testing.T) {
	data, err := os.ReadFile("testdata/text_customer_page.html")
	if err != nil {
		t.Fatal(err)
	}
	sink, err := extractBytes(t, ExtractHTML, "page.html", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Records) != 1 || sink.Records[0].Kind != docRecord || sink.Records[0].Loc != (Loc{}) {
		t.Fatalf("records %q, want one document for the whole file", sink.Lines())
	}
	text := sink.Records[0].Text
	for _, want := range []string{
		"Kundenkonto – Übersicht",         // entities decoded
		"Willkommen, Max\u00a0Mustermann", // &nbsp; is a no-break space
		"Musterstraße 12\n12345 Berlin",   // <br> keeps the address lines apart
		"\n+49-30-1234567\n",              // tel: link
		"\nmax@example.com\n",             // mailto: link, decoded, without its query
		"DE89 3704 0044 0532 0130 00",     // numeric entities
		"Geburtsdatum\t\t01.02.1980",      // cells apart
		"erster\n\nzweiter",               // list items on lines of their own
		"Bitte JavaScript aktivieren",     // noscript is visible text
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, hidden := range []string{"script@example.com", "hidden@example.com", "comment@example.com", "font-family", "<"} {
		if strings.Contains(text, hidden) {
			t.Errorf("text holds %q, which is not visible text", hidden)
		}
	}
}

func TestExtractHTMLOddInput(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{"a fragment", "<p>Max &amp; Erika</p>", "\nMax & Erika\n"},
		{"unclosed tags", "<div>a<p>b", "\na\nb"},
		{"an unclosed script hides the rest", "x<script>var a = 1; <p>y", "x"},
		{"a style tag in the body", "a<style>p{}</style>b", "ab"},
		{"uppercase tags and attributes", "<A HREF=\"MAILTO:A@EXAMPLE.COM\">x</A>", "\nA@EXAMPLE.COM\nx"},
		{"plain text without tags", "just text", "just text"},
		{"an empty file", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink, err := extractBytes(t, ExtractHTML, "x.html", []byte(tt.input))
			if err != nil {
				t.Fatal(err)
			}
			if got := sink.AllText(); got != tt.want {
				t.Errorf("text %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExtractHTMLLargePageIsChunked(t *testing.T) {
	page := "<html><body>" + strings.Repeat("<p>Kunde Max Mustermann, max@example.com</p>\n", 100000) + "</body></html>"
	sink, err := extractBytes(t, ExtractHTML, "x.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.Records) != 1 || len(sink.Records[0].Chunks) < 4 {
		t.Fatalf("%d records; want one document in several chunks", len(sink.Records))
	}
	if n := strings.Count(sink.Records[0].Text, "max@example.com"); n != 100000 {
		t.Errorf("%d addresses in the text, want 100000 (none cut at a chunk boundary)", n)
	}
}

func BenchmarkExtractHTML(b *testing.B) {
	page := []byte("<html><body>" + strings.Repeat("<div class=\"row\"><p>Kunde <b>Max Mustermann</b>, <a href=\"mailto:max@example.com\">max@example.com</a></p><br>Musterstraße 12</div>\n", 50000) + "</body></html>")
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ExtractHTML(context.Background(), bytes.NewReader(page), "x.html", newDiscardSink()); err != nil {
			b.Fatal(err)
		}
	}
}
