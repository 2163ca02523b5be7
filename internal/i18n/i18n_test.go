package i18n

import (
	"sort"
	"strings"
	"testing"
)

func TestEveryLanguageHasTheSameKeys(t *testing.T) {
	c := MustLoad()
	en := c.Keys("en")
	if len(en) == 0 {
		t.Fatal("the English catalog is empty")
	}
	for _, lang := range Languages[1:] {
		for _, k := range en {
			if !c.Has(lang, k) {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for _, k := range c.Keys(lang) {
			if !c.Has("en", k) {
				t.Errorf("%s has %q, which English lacks", lang, k)
			}
		}
	}
}

func TestPlaceholdersMatchAcrossLanguages(t *testing.T) {
	c := MustLoad()
	for _, k := range c.Keys("en") {
		want := placeholders(c.texts["en"][k])
		for _, lang := range Languages[1:] {
			if got := placeholders(c.texts[lang][k]); got != want {
				t.Errorf("%s %q has placeholders %q, English has %q", lang, k, got, want)
			}
		}
	}
}

// placeholders returns the sorted set of {names} in text, joined.
func placeholders(text string) string {
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			break
		}
		seen[text[i:i+j+1]] = true
		text = text[i+j+1:]
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func TestTFillsPlaceholdersAndShowsGaps(t *testing.T) {
	c := MustLoad()
	if got := c.T("de", "duration.dh", "d", 3, "h", 4); got != "3 Tg. 4 Std." {
		t.Errorf("got %q", got)
	}
	if got := c.T("de", "no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key renders %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]string{
		"":                        "en",
		"de-DE,de;q=0.9,en;q=0.8": "de",
		"en-US,en;q=0.9,de;q=0.8": "en",
		"fr-FR,fr;q=0.9,de;q=0.5": "de",
		"de;q=0.2, en;q=0.3":      "en",
		"zh-CN":                   "en",
		"DE-at":                   "de",
		"de;q=0":                  "en",
		"de;q=abc, en;q=0.1":      "en",
		"*":                       "en",
	} {
		if got := Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", header, got, want)
		}
	}
}

func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"de-DE,de;q=0.9", "en;q=0.1,de;q=0.2", ";;;", "de;q=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if got := Negotiate(header); !Supported(got) {
			t.Fatalf("Negotiate(%q) = %q, not a supported language", header, got)
		}
	})
}
