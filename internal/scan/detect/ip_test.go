package detect

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestParseIP(t *testing.T) {
	for _, tc := range []struct {
		name string
		prev string
		tok  string
		want string // "" = not an address
	}{
		{"an IPv4 address in a sentence", "login from ", "203.0.113.7", "203.0.113.7"},
		{"an IPv4 address at the start of a text", "", "192.168.0.1", "192.168.0.1"},
		{"the smallest and largest octets", "", "0.0.0.0", "0.0.0.0"},
		{"broadcast", "", "255.255.255.255", "255.255.255.255"},
		{"an IPv4 address with a port", "connect ", "10.0.0.1:8080", "10.0.0.1"},
		{"an IPv4 address after a colon cut from its key", "IP", ":10.1.2.3", "10.1.2.3"},
		{"an IPv4 address after an equals sign", "client=", "198.51.100.23", "198.51.100.23"},
		{"a version number after v", "running v", "1.2.3.4", ""},
		{"a version number after the word version", "and version ", "10.0.0.1", ""},
		{"a version number after Version and a colon", "Version: ", "4.2.1.0", ""},
		{"a browser version in a user agent", "Chrome/", "120.0.6099.109", ""},
		{"a pinned package version", "requests==", "2.31.0.1", ""},
		{"a build number", "build ", "5.1.2.3", ""},
		{"a German date", "am ", "01.02.2003", ""},
		{"five parts", "", "1.2.3.4.5", ""},
		{"three parts", "", "1.2.3", ""},
		{"an octet over 255", "", "256.1.1.1", ""},
		{"a leading zero", "", "01.2.3.4", ""},
		{"an empty octet", "", "1..2.3", ""},
		{"four digits in an octet", "", "1000.2.3.4", ""},
		{"glued to a word", "abc", "1.2.3.4", ""},
		{"after a dot", "section.", "1.2.3.4", ""},
		{"a port out of range", "", "1.2.3.4:70000", ""},
		{"a full IPv6 address, canonical", "from ", "2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:db8::ff00:42:8329"},
		{"a compressed IPv6 address", "", "2001:db8::1", "2001:db8::1"},
		{"an IPv6 address with upper-case hex", "", "FE80::1:2", "fe80::1:2"},
		{"an IPv4-mapped IPv6 address", "", "::ffff:192.0.2.1", "::ffff:192.0.2.1"},
		{"a time is not IPv6", "at ", "12:30:45", ""},
		{"a MAC address is not IPv6", "", "00:1a:2b:3c:4d:5e", ""},
		{"a C++ scope after a word", "Class", "::add", ""},
		{"hex words without digits", "", "dead::beef", ""},
		{"hex words without digits once canonical", "", "0:0:0:0:0:0:0:dead", ""},
		{"the unspecified address", "", "::0", ""},
		{"one colon", "", "12:30", ""},
		{"an IPv6 zone", "", "fe80::1%eth0", ""},
		{"a UUID", "", "123e4567-e89b-12d3-a456-426614174000", ""},
		{"a hex hash", "", "d41d8cd98f00b204e9800998ecf8427e", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseIP([]byte(tc.tok), []byte(tc.prev))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("ParseIP(%q after %q) = %q, %v; want %q", tc.tok, tc.prev, got, ok, tc.want)
			}
		})
	}
}

func TestParseIPDoesNotAllocateOnDecoys(t *testing.T) {
	for _, tok := range []string{"12:30:45", "01.02.2003", "1.2.3.4.5"} {
		if n := testing.AllocsPerRun(100, func() { ParseIP([]byte(tok), nil) }); n != 0 {
			t.Errorf("ParseIP(%q) allocates %v times", tok, n)
		}
	}
}

func BenchmarkParseIP(b *testing.B) {
	for _, bc := range []struct{ name, tok string }{
		{"IPv4", "203.0.113.77"},
		{"IPv6", "2001:db8::ff00:42:8329"},
		{"time", "10:15:02"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tok, prev := []byte(bc.tok), []byte("login from ")
			b.ReportAllocs()
			for b.Loop() {
				ParseIP(tok, prev)
			}
		})
	}
}

// validIPv4ByBytes is the former validIPv4, the reference of the word
// reading: a byte at a time, octet values summed as they come.
func validIPv4ByBytes(s []byte) bool {
	parts, digits, value := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || digits > 1 && s[i-digits] == '0' || value > 255 {
				return false
			}
			parts++
			digits, value = 0, 0
			continue
		}
		if !isDigit(s[i]) || digits == 3 {
			return false
		}
		digits++
		value = value*10 + int(s[i]-'0')
	}
	return parts == 4
}

// TestValidIPv4MatchesBytes compares both readings on every octet value
// and on generated near misses of every length up to 17 bytes.
func TestValidIPv4MatchesBytes(t *testing.T) {
	same := func(s string) {
		t.Helper()
		if got, want := validIPv4([]byte(s)), validIPv4ByBytes([]byte(s)); got != want {
			t.Fatalf("validIPv4(%q) = %v, byte by byte %v", s, got, want)
		}
	}
	for o := range 1000 {
		for _, f := range []string{"%d.1.2.3", "1.%d.2.3", "1.2.%d.3", "1.2.3.%d", "%03d.1.2.3", "1.2.3.%02d", "%[1]d.%[1]d.%[1]d.%[1]d"} {
			same(fmt.Sprintf(f, o))
		}
	}
	r := rand.New(rand.NewPCG(9, 10))
	alphabet := "0123456789.....12:/\x80\xff a"
	for range 300000 {
		b := make([]byte, r.IntN(18))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		same(string(b))
	}
}

// FuzzValidIPv4 compares the word reading with the byte reading.
func FuzzValidIPv4(f *testing.F) {
	for _, s := range []string{"203.0.113.7", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4.5", "0.0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validIPv4([]byte(s)), validIPv4ByBytes([]byte(s)); got != want {
			t.Fatalf("validIPv4(%q) = %v, byte by byte %v", s, got, want)
		}
	})
}

// BenchmarkValidIPv4 reads addresses of varied octet lengths, with both
// readings.
func BenchmarkValidIPv4(b *testing.B) {
	r := rand.New(rand.NewPCG(11, 12))
	ips := make([][]byte, 1024)
	for i := range ips {
		ips[i] = fmt.Appendf(nil, "%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), r.IntN(256))
	}
	for _, read := range []struct {
		name string
		f    func([]byte) bool
	}{{"words", validIPv4}, {"bytes", validIPv4ByBytes}} {
		b.Run(read.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				read.f(ips[i%len(ips)])
				i++
			}
		})
	}
}
