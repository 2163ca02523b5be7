package web

import (
	"net/url"
	"slices"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// FuzzTemplateForm reads any editor form: no panic, each language at most
// once and only one the renderer knows, no empty text kept.
func FuzzTemplateForm(f *testing.F) {
	f.Add("de\x00en", "Betreff", "Text {{name}}", "", "Beispiel GmbH\r\nHauptstraße 1\n\n")
	f.Add("de\x00de\x00xx", "", "", "1", "")
	f.Add("zh", "标题", "{{categories}}", "", "\x00")
	f.Fuzz(func(t *testing.T, langs, subject, body, remove, letterhead string) {
		form := url.Values{"letterhead": {letterhead}}
		for _, l := range splitNUL(langs) {
			form.Add("langs", l)
			form.Set("subject_"+l, subject)
			form.Set("body_"+l, body)
			if remove != "" {
				form.Set("remove_"+l, remove)
			}
		}
		var tpl notify.Template
		templateFromForm(form, &tpl)
		seen := map[string]bool{}
		for _, c := range tpl.Contents {
			if seen[c.Lang] || !slices.Contains(templateLangs, c.Lang) || c.Subject == "" && c.Body == "" {
				t.Fatalf("content %q kept: %+v", c.Lang, tpl.Contents)
			}
			seen[c.Lang] = true
		}
		for _, line := range tpl.Letterhead {
			if line == "" {
				t.Fatalf("an empty letterhead line was kept")
			}
		}
	})
}

func splitNUL(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// FuzzRelayForm reads any relay settings form: no panic, no negative
// number, and every unreadable number named as a field error.
func FuzzRelayForm(f *testing.F) {
	f.Add("587", "4", "50", "20000")
	f.Add("-1", "x", "", "99999999999999999999")
	f.Fuzz(func(t *testing.T, port, conc, perSec, perHour string) {
		form := url.Values{"port": {port}, "concurrency": {conc}, "per_second": {perSec}, "per_hour": {perHour}}
		fields := errs.Fields{}
		cfg := smtpFromForm(form, fields)
		for name, n := range map[string]int{"port": cfg.Port, "concurrency": cfg.Concurrency, "per_second": cfg.PerSecond, "per_hour": cfg.PerHour} {
			if n < 0 {
				t.Fatalf("%s read as %d", name, n)
			}
			if _, bad := fields[name]; bad && n != 0 {
				t.Fatalf("%s refused but read as %d", name, n)
			}
		}
	})
}

// Every placeholder a template may use is explained beside the editor in
// both languages.
func TestEveryPlaceholderIsExplainedInBothLanguages(t *testing.T) {
	cat := i18n.MustLoad()
	d := newTestDesk(t)
	for _, lang := range []string{"en", "de"} {
		p := &page{Lang: lang, cat: cat}
		views := d.srv.placeholders(p)
		if len(views) != len(notify.Placeholders()) || len(views) == 0 {
			t.Fatalf("%d placeholders shown of %d", len(views), len(notify.Placeholders()))
		}
		for _, v := range views {
			if !cat.Has(lang, "notify.ph."+v.Name) || v.Help == "" {
				t.Errorf("{{%s}} has no explanation in %s (notify.ph.%s)", v.Name, lang, v.Name)
			}
		}
	}
}
