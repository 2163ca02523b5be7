package detect

import (
	"strings"
	"testing"
)

func TestValidEmail(t *testing.T) {
	for _, tc := range []struct {
		name string
		addr string
		want string // "" = not valid
	}{
		{"a plain address, lower-cased", "Wang.Wei@163.com", "wang.wei@163.com"},
		{"a German address", "max.mustermann@example.de", "max.mustermann@example.de"},
		{"a plus tag and digits", "user+news_2024@mail.example.co.uk", "user+news_2024@mail.example.co.uk"},
		{"every atext symbol", "a!#$%&'*+/=?^_`{|}~-z@example.org", "a!#$%&'*+/=?^_`{|}~-z@example.org"},
		{"an internationalized TLD in xn-- form", "info@example.xn--p1ai", "info@example.xn--p1ai"},
		{"a long new TLD", "hello@example.photography", "hello@example.photography"},
		{"a country TLD under a wildcard rule", "info@example.co.ck", "info@example.co.ck"},
		{"a subdomain of a private suffix", "me@foo.blogspot.com", "me@foo.blogspot.com"},
		{"an unknown TLD", "user@host.invalidtld", ""},
		{"a reserved TLD", "user@example.test", ""},
		{"a single label domain", "root@localhost", ""},
		{"a numeric TLD", "user@10.0.0.1", ""},
		{"two @", "a@b@example.com", ""},
		{"no @", "example.com", ""},
		{"an empty local part", "@example.com", ""},
		{"a leading dot", ".user@example.com", ""},
		{"a trailing dot in the local part", "user.@example.com", ""},
		{"two dots in a row", "us..er@example.com", ""},
		{"a local part over 64 bytes", strings.Repeat("a", 65) + "@example.com", ""},
		{"a label starting with a hyphen", "user@-example.com", ""},
		{"a label ending with a hyphen", "user@example-.com", ""},
		{"an empty label", "user@example..com", ""},
		{"a trailing dot after the TLD", "user@example.com.", ""},
		{"an underscore in the domain", "user@ex_ample.com", ""},
		{"a space", "us er@example.com", ""},
		{"a label over 63 bytes", "user@" + strings.Repeat("a", 64) + ".com", ""},
		{"a file name with an @", "logo@2x.png", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ValidEmail([]byte(tc.addr))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("ValidEmail(%q) = %q, %v; want %q", tc.addr, got, ok, tc.want)
			}
		})
	}
}

func TestValidEmailAllocatesOnlyWhenValid(t *testing.T) {
	ValidEmail([]byte("warm@example.com")) // builds the short TLD table
	for _, tc := range []struct {
		addr   string
		allocs float64
	}{
		{"user@host.zz", 0},
		{"us..er@example.com", 0},
		{"a@b", 0},
		{"user@host.invalidtld", 2}, // the public suffix lookup allocates
	} {
		if n := testing.AllocsPerRun(100, func() { ValidEmail([]byte(tc.addr)) }); n > tc.allocs {
			t.Errorf("ValidEmail(%q) allocates %v times, want at most %v", tc.addr, n, tc.allocs)
		}
	}
}

func BenchmarkValidEmail(b *testing.B) {
	for _, bc := range []struct{ name, addr string }{
		{"short TLD", "wang.wei1048576@163.com"},
		{"long TLD", "wang.wei1048576@example.online"},
		{"invalid", "wang.wei1048576@host.invalidtld"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			addr := []byte(bc.addr)
			ValidEmail(addr)
			b.SetBytes(int64(len(addr)))
			b.ReportAllocs()
			for b.Loop() {
				ValidEmail(addr)
			}
		})
	}
}
