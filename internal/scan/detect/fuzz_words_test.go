package detect

// Fuzz targets for the validators and finders of phone.go, email.go,
// ip.go, date.go, secret.go, credential.go, address.go, columns.go and
// words.go. Each checks what must hold for any input: no panic, and
// outputs that are well-formed and stable when read again. FuzzE164 also
// compares every answer with libphonenumber.

import (
	"bytes"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzE164(f *testing.F) {
	for _, s := range []string{
		"0151 2345 6789", "+49 (0)30 1234567", "13812345678", "8613812345678", "(201) 555-0123",
		"011 49 30 1234567", "06 4567 8901", "0 15 11 91234-5678", "+0049 30 1234567", "+999 1234",
		"12", "1-2", "+", "00", "0049", "(+86)13812345678", "+1 000 555 0123",
	} {
		for i := range crossCheckRegions {
			f.Add(s, uint8(i))
		}
	}
	p := phonesForTest(f)
	e164 := regexp.MustCompile(`^\+[1-9][0-9]{2,17}$`)
	f.Fuzz(func(t *testing.T, raw string, r uint8) {
		region := crossCheckRegions[int(r)%len(crossCheckRegions)]
		got, ok := p.E164([]byte(raw), region)
		if !ok {
			if got != "" {
				t.Fatalf("E164(%q) = %q but not ok", raw, got)
			}
		} else if !e164.MatchString(got) {
			t.Fatalf("E164(%q) = %q: not E.164", raw, got)
		}
		var in phoneInput
		if in.read([]byte(raw)) {
			agreeWithLibphonenumber(t, p, raw, region)
		}
		if ok {
			if again, ok2 := p.E164([]byte(got), "ZZ"); !ok2 || again != got {
				t.Fatalf("E164(%q) = %q, but that reads as %q, %v", raw, got, again, ok2)
			}
		}
	})
}

func FuzzValidEmail(f *testing.F) {
	for _, s := range []string{"Wang.Wei@163.com", "a@b.c", "user@host.invalidtld", "x@example.co.ck", "..@..", "a@b@c.de"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		got, ok := ValidEmail([]byte(addr))
		if !ok {
			return
		}
		if got != strings.ToLower(addr) && !strings.EqualFold(got, addr) {
			t.Fatalf("ValidEmail(%q) = %q: not the address lower-cased", addr, got)
		}
		if again, ok := ValidEmail([]byte(got)); !ok || again != got {
			t.Fatalf("ValidEmail(%q) = %q, but that gives %q, %v", addr, got, again, ok)
		}
	})
}

func FuzzParseIP(f *testing.F) {
	for _, s := range [][2]string{{"203.0.113.7", "from "}, {"1.2.3.4", "v"}, {"2001:db8::1", ""}, {"12:30:45", ""}, {":10.0.0.1", "IP"}, {"1.2.3.4:80", ""}, {"::0", " "}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, tok, prev string) {
		got, ok := ParseIP([]byte(tok), []byte(prev))
		if !ok {
			return
		}
		addr, err := netip.ParseAddr(got)
		if err != nil || addr.String() != got {
			t.Fatalf("ParseIP(%q) = %q: not canonical (%v)", tok, got, err)
		}
		if again, ok := ParseIP([]byte(got), nil); !ok || again != got {
			t.Fatalf("ParseIP(%q) = %q, but that gives %q, %v", tok, got, again, ok)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"02.01.1990", "1990-01-02T15:04:05Z", "2 January 1990", "1990年1月2日", "01/13/1990", "19900102", "Jan. 2nd, 1990", "2 de enero de 1990"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseDate([]byte(s), today)
		if !ok {
			return
		}
		d, err := time.Parse("2006-01-02", got)
		if err != nil || d.Year() < 1900 || d.After(today) {
			t.Fatalf("ParseDate(%q) = %q: not a date from 1900 to today (%v)", s, got, err)
		}
		if again, ok := ParseDate([]byte(got), today); !ok || again != got {
			t.Fatalf("ParseDate(%q) = %q, but that gives %q, %v", s, got, again, ok)
		}
	})
}

func FuzzSecretKind(f *testing.F) {
	for _, s := range []string{testAWSKey, testGitHubPAT, testJWT, "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx", "eyJ.e.e", "sk_live_"} {
		f.Add(s)
	}
	kinds := []string{"", "aws_access_key", "github_token", "slack_token", "stripe_key", "jwt"}
	f.Fuzz(func(t *testing.T, tok string) {
		if k := SecretKind([]byte(tok)); !slices.Contains(kinds, k) {
			t.Fatalf("SecretKind(%q) = %q: unknown kind", tok, k)
		}
	})
}

func FuzzPrivateKeyBlock(f *testing.F) {
	f.Add(pem("RSA PRIVATE KEY", "RSA PRIVATE KEY", "", 4) + "\n")
	f.Add(pem("OPENSSH PRIVATE KEY", "OPENSSH PRIVATE KEY", "Proc-Type: 4\n", 2))
	f.Add("-----BEGIN PRIVATE KEY-----")
	f.Fuzz(func(t *testing.T, text string) {
		n, ok := PrivateKeyBlock([]byte(text))
		if ok && (n > len(text) || !strings.HasSuffix(text[:n], "-----") || !strings.HasPrefix(text, "-----BEGIN ")) {
			t.Fatalf("PrivateKeyBlock(%q) = %d: not a whole block", text, n)
		}
	})
}

func FuzzHashKind(f *testing.F) {
	for _, s := range []string{"$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "$$$$", "argon2$$", "bcrypt_sha256$$"} {
		f.Add(s)
	}
	kinds := []string{"", "bcrypt", "md5_crypt", "sha256_crypt", "sha512_crypt", "yescrypt", "argon2", "scrypt", "pbkdf2"}
	f.Fuzz(func(t *testing.T, tok string) {
		if k := HashKind([]byte(tok)); !slices.Contains(kinds, k) {
			t.Fatalf("HashKind(%q) = %q: unknown kind", tok, k)
		}
	})
}

func FuzzFindPasswordAssignments(f *testing.F) {
	for _, s := range []string{"DB_PASSWORD=x\n", `{"password": "a\"b"}`, "<password>p</password>", "password := \"", "pass=", "<pass>", "a:=:="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		FindPasswordAssignments([]byte(text), func(v []byte) {
			if len(v) == 0 || len(v) > maxPasswordValue+1 || !strings.Contains(text, string(v)) {
				t.Fatalf("FindPasswordAssignments(%q) gave %q", text, v)
			}
		})
	})
}

func FuzzFindAddresses(f *testing.F) {
	for _, s := range []string{"Musterstraße 12, 12345 Berlin", "12 rue de Rivoli, 75001 Paris", "1600 Pennsylvania Avenue NW, Washington, DC 20500", "10 Downing Street, London SW1A 2AA", "北京市朝阳区建国路88号", "1 A", "号", "路1号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		FindAddresses([]byte(text), func(a []byte) {
			if len(a) == 0 || bytes.Contains(a, []byte("  ")) || a[0] == ' ' || a[len(a)-1] == ' ' {
				t.Fatalf("FindAddresses(%q) gave %q", text, a)
			}
			if utf8.ValidString(text) && !utf8.Valid(a) {
				t.Fatalf("FindAddresses(%q) cut a character: %q", text, a)
			}
		})
	})
}

func FuzzClassifyColumn(f *testing.F) {
	for _, s := range []string{"first_name", "shipping_address.zip", "身份证号", "E-Mail-Adresse", "a[0].b", "IPAddress", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		h := ClassifyColumn(name)
		if h.Kind != "" && h.Hint != HintNationalID && !(h.Hint == HintAddress && h.Kind == KindLocality) {
			t.Fatalf("ClassifyColumn(%q) = %+v: a kind without its hint", name, h)
		}
	})
}

func FuzzContextBefore(f *testing.F) {
	f.Add("Tel. 0151 2345 6789", 5)
	f.Add("出生日期：1990", 15)
	f.Add("", -3)
	f.Fuzz(func(t *testing.T, text string, i int) {
		ContextBefore([]byte(text), i, PhoneWords)
		ContextBefore([]byte(text), i, BirthWords)
	})
}
