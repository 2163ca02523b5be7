// Package i18n holds every text a person reads on the desk, in English and
// German, and picks the reader's language.
//
// Catalogs are flat JSON files (key -> text) embedded in the binary, one
// folder per language and one file per area of the desk. A text
// may hold named placeholders such as {count}; T fills them from name/value
// pairs. A test checks that both catalogs have the same keys and that every
// key the templates and the code use exists.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed catalog
var catalogFS embed.FS

// Languages the desk speaks, the default first.
var Languages = []string{"en", "de"}

// Default is the language used when nothing else fits.
const Default = "en"

// Catalog holds the texts of every language.
type Catalog struct {
	texts map[string]map[string]string // lang -> key -> text
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) {
	c := &Catalog{texts: make(map[string]map[string]string, len(Languages))}
	for _, lang := range Languages {
		m, err := loadLanguage(lang)
		if err != nil {
			return nil, err
		}
		c.texts[lang] = m
	}
	return c, nil
}

// loadLanguage merges the files of one language; a key defined in two files
// is an error, so two areas cannot silently fight over a text.
func loadLanguage(lang string) (map[string]string, error) {
	files, err := fs.Glob(catalogFS, "catalog/"+lang+"/*.json")
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("i18n: no catalog files for %s", lang)
	}
	merged := map[string]string{}
	for _, file := range files {
		b, err := catalogFS.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", file, err)
		}
		part := map[string]string{}
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", file, err)
		}
		for k, v := range part {
			if _, dup := merged[k]; dup {
				return nil, fmt.Errorf("i18n: %s: key %q is defined in another file too", file, k)
			}
			merged[k] = v
		}
	}
	return merged, nil
}

// MustLoad is Load for tests and package initialisation of tests.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// Has reports whether key exists in lang.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.texts[lang][key]
	return ok
}

// Keys returns the sorted keys of lang.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.texts[lang]))
	for k := range c.texts[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the text for key in lang, with placeholders filled from the
// name/value pairs in args. A missing key falls back to English, then to the
// key itself in brackets, so a gap is visible but never breaks a page.
func (c *Catalog) T(lang, key string, args ...any) string {
	text, ok := c.texts[lang][key]
	if !ok {
		if text, ok = c.texts[Default][key]; !ok {
			return "[" + key + "]"
		}
	}
	if len(args) < 2 || !strings.Contains(text, "{") {
		return text
	}
	return fill(text, args)
}

// fill replaces each {name} in text by the value paired with name in args;
// unknown names stay as they are. Pages call T thousands of times, so this
// avoids building a strings.Replacer per call.
func fill(text string, args []any) string {
	var b strings.Builder
	b.Grow(len(text) + 16)
	for {
		open := strings.IndexByte(text, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(text[open:], '}')
		if end < 0 {
			break
		}
		name := text[open+1 : open+end]
		b.WriteString(text[:open])
		if v, ok := lookup(args, name); ok {
			b.WriteString(v)
		} else {
			b.WriteString(text[open : open+end+1])
		}
		text = text[open+end+1:]
	}
	b.WriteString(text)
	return b.String()
}

func lookup(args []any, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok && k == name {
			return format(args[i+1]), true
		}
	}
	return "", false
}

func format(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	default:
		return fmt.Sprint(v)
	}
}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Negotiate picks the best supported language from an Accept-Language
// header, honouring q-values; Default when nothing matches.
func Negotiate(header string) string {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := parseLanguageRange(part)
		if tag == "" || q <= 0 {
			continue
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if Supported(base) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}

func parseLanguageRange(part string) (string, float64) {
	fields := strings.Split(part, ";")
	tag := strings.TrimSpace(fields[0])
	q := 1.0
	for _, p := range fields[1:] {
		name, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || strings.TrimSpace(name) != "q" {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || f < 0 || f > 1 {
			return "", 0
		}
		q = f
	}
	if len(tag) > 35 {
		return "", 0
	}
	return tag, q
}
