package detect

import (
	"strings"
	"testing"
)

func TestContextBefore(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string // the value starts at the '|'
		words []string
		want  bool
	}{
		{"a phone word right before", "Tel. |0151 2345 6789", PhoneWords, true},
		{"a phone word in any case", "TELEFON: |0151 2345 6789", PhoneWords, true},
		{"a Chinese phone word", "联系电话：|13812345678", PhoneWords, true},
		{"a phone word a few words before", "Handy (privat, nur abends): |0151 2345 6789", PhoneWords, true},
		{"a phone word inside another word is none", "Hotel |0151 2345 6789", PhoneWords, false},
		{"a phone word starting another word is none", "telegram |0151 2345 6789", PhoneWords, false},
		{"a phone word more than 40 bytes before is too far", "Tel. is what we do not want to write here at all |0151", PhoneWords, false},
		{"a phone word after the value does not count", "|0151 2345 6789 Tel.", PhoneWords, false},
		{"no word at all", "Bestellung |13812345678", PhoneWords, false},
		{"a birth word", "geboren am |02.01.1990", BirthWords, true},
		{"an abbreviated birth word with dots", "D.O.B. |1990-01-02", BirthWords, true},
		{"a French birth word with an accent", "Née le |2 janvier 1990", BirthWords, true},
		{"a Chinese birth word", "出生日期：|1990年1月2日", BirthWords, true},
		{"an invoice date has no birth word", "Rechnung vom |02.01.1990", BirthWords, false},
		{"a national ID word with a space", "National Insurance no. |QQ 12 34 56 C", ukNINOWords, true},
		{"the value at the start of the text", "|0151 2345 6789", PhoneWords, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.IndexByte(tc.text, '|')
			text := []byte(tc.text[:i] + tc.text[i+1:])
			if got := ContextBefore(text, i, tc.words); got != tc.want {
				t.Errorf("ContextBefore(%q, %d) = %v, want %v", text, i, got, tc.want)
			}
		})
	}
}

func TestContextWordsAreLowerCase(t *testing.T) {
	for _, list := range [][]string{PhoneWords, BirthWords} {
		for _, w := range list {
			if w != strings.ToLower(w) || w == "" {
				t.Errorf("context word %q must be lower-case and not empty", w)
			}
		}
	}
}

func TestContextBeforeDoesNotAllocate(t *testing.T) {
	text := []byte("Kunde Max Mustermann, erreichbar unter Tel. 0151 2345 6789")
	at := strings.Index(string(text), "0151")
	if n := testing.AllocsPerRun(100, func() { ContextBefore(text, at, PhoneWords) }); n != 0 {
		t.Errorf("ContextBefore allocates %v times", n)
	}
}

func BenchmarkContextBefore(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"found", "Kunde Max Mustermann, erreichbar unter Tel. 0151 2345 6789"},
		{"not found", "Bestellung 4711 vom Montag, versandt an Lager 3 unter Nr. 13812345678"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := []byte(bc.text)
			at := len(text) - 11
			b.ReportAllocs()
			for b.Loop() {
				ContextBefore(text, at, PhoneWords)
			}
		})
	}
}
