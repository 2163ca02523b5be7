package notify

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// FuzzCompile: any body either compiles or is refused as invalid; what
// compiles renders without panicking, its HTML part holds no markup the
// author typed, and its text part no line wider than 76 columns but an
// unbreakable word.
func FuzzCompile(f *testing.F) {
	for _, c := range DefaultContents() {
		f.Add(c.Subject, c.Body, "<b>Name</b>")
	}
	f.Add("{{name", "{{ name }}\n## {{categories}}\n- **x\n[[note]] https://x.y/{{reference}}", "")
	f.Add("S", "\\*\\*a\\** **b** ***c*** {{}} }} {{ {{date}}", "Zoë\r\n## x")
	f.Add("S", "汉字汉字汉字（汉字）汉字，汉字。 https://例子.中国/路径", "王")
	f.Fuzz(func(t *testing.T, subject, body, name string) {
		tm := &Template{Contents: []Content{{Lang: "de", Subject: subject, Body: body}}, Company: "C", Hotline: "1", Inbox: "a@b.c", UpdatesURL: "https://u.v"}
		c, err := Compile(tm)
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Compile error not invalid: %v", err)
			}
			return
		}
		p := testPerson("de", name)
		r, err := c.preview(p, "de", nil, testDay)
		if err != nil {
			t.Fatalf("preview: %v", err)
		}
		if strings.Contains(strings.ToLower(r.Message.HTML), "<script") || strings.Contains(r.Message.HTML, "<b>") {
			t.Fatalf("markup passed into the HTML part")
		}
		if strings.ContainsAny(r.Message.Subject, "\r\n") {
			t.Fatalf("subject holds a line break")
		}
		for _, line := range strings.Split(r.Message.Text, "\n") {
			if displayWidth(line) > textWidth && utf8.ValidString(line) && strings.Count(strings.TrimLeft(line, "- "), " ") > 0 && !strings.Contains(line, "https://") {
				if n, _ := nextUnit(strings.TrimLeft(line, "- ")); n < len(strings.TrimLeft(line, "- ")) {
					t.Fatalf("line of %d columns: %q", displayWidth(line), line)
				}
			}
		}
		ParseMarkdown(r.Letter.Body)
	})
}

// FuzzParseSMTPURL: no input panics, every refusal is invalid, and no
// error shows the password.
func FuzzParseSMTPURL(f *testing.F) {
	for _, s := range []string{
		"smtp://user:pass@mail.example.com:587?from=a@example.com",
		"smtps://u%40x:p%2F@h:465", "smtp://127.0.0.1:2525?tls=none", "smtp://[::1]?tls=none&per_hour=5",
		"smtp://u:pw@h?from=a@b.c&dkim_domain=b.c&dkim_selector=s&dkim_key_file=/dev/null", "smtp://u:%zz@h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ParseSMTPURL(s)
		if err == nil {
			return
		}
		if !errs.Is(err, errs.Invalid) {
			t.Fatalf("error not invalid: %v", err)
		}
		pw := passwordOf(s)
		if len(pw) < 4 || !strings.Contains(err.Error(), pw) {
			return
		}
		// The password's letters may be part of the message's own words
		// ("pass" in "password"): they must be there without it too.
		_, other := ParseSMTPURL(strings.Replace(s, ":"+pw+"@", ":Zq9Zq9@", 1))
		if other == nil || !strings.Contains(other.Error(), pw) {
			t.Fatalf("error %q shows the password %q", err, pw)
		}
	})
}

// passwordOf is the raw password part of an URL-like string.
func passwordOf(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return ""
	}
	userinfo, _, ok := strings.Cut(rest, "@")
	if !ok {
		return ""
	}
	_, pw, _ := strings.Cut(userinfo, ":")
	return pw
}
