package publish

import (
	"net/url"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// FuzzCheckPage: whatever the form sends, an accepted URL is an absolute
// http(s) root that parses back to itself, and an accepted phone number
// holds only what a phone number holds.
func FuzzCheckPage(f *testing.F) {
	for _, s := range []string{"https://status.example.com/", "http://[::1]:8080", "https://u@x", "https://x/a?b#c",
		"javascript:alert(1)", "https://x\\@y", "//x", "https://x:99999", "+49 (30) 123-4", "0800/123"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, rawURL, phone string) {
		p := Page{URL: rawURL, HotlinePhone: phone}
		fields := errs.Fields{}
		checkPage(fields, &p)
		if _, bad := fields["url"]; !bad && p.URL != "" {
			u, err := url.Parse(p.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" ||
				u.RawQuery != "" || u.Fragment != "" || u.User != nil || u.String() != p.URL {
				t.Errorf("accepted URL %q (from %q)", p.URL, rawURL)
			}
		}
		if _, bad := fields["hotline_phone"]; !bad && strings.Trim(p.HotlinePhone, "0123456789 +-/()") != "" {
			t.Errorf("accepted phone %q", p.HotlinePhone)
		}
	})
}
