package detect

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	testScannerOnce sync.Once
	testScanners    = map[string]*Scanner{}
	testToday       = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
)

// scannerFor builds each region's scanner once: building the phone tables
// takes a moment.
func scannerFor(t testing.TB, region string) *Scanner {
	t.Helper()
	testScannerOnce.Do(func() {
		for _, r := range []string{"DE", "CN", "US", "GB"} {
			s, err := NewScanner(r, testToday)
			if err != nil {
				panic(err)
			}
			testScanners[r] = s
		}
	})
	return testScanners[region]
}

// found renders matches as sorted "category/kind=value" strings.
func found(ms []Match) []string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		s := string(m.Category)
		if m.Kind != "" {
			s += "/" + m.Kind
		}
		out = append(out, s+"="+m.Value)
	}
	sort.Strings(out)
	return out
}

func collect(scan func(emit func(Match))) []string {
	var ms []Match
	scan(func(m Match) { ms = append(ms, m) })
	return found(ms)
}

func TestTextFindsWhatValidatesAndNothingElse(t *testing.T) {
	for _, tc := range []struct {
		name   string
		region string
		text   string
		want   []string
	}{
		{"an e-mail address in a sentence", "DE", "Write to Wang.Wei@163.com today.", []string{"email=wang.wei@163.com"}},
		{"an address with an unknown top-level domain is not one", "DE", "user@host.invalidtld", nil},
		{"a formatted German mobile number", "DE", "Ruf an: 0151 2345 6789 bis 17 Uhr", []string{"phone=+4915123456789"}},
		{"an international number with plus", "DE", "Call +86 138 1234 5678 now", []string{"phone=+8613812345678"}},
		{"a bare number counts after a phone word", "CN", "手机 13812345678", []string{"phone=+8613812345678"}},
		{"a bare number without a phone word does not", "CN", "order 13812345678 shipped", nil},
		{"a date is not a phone number", "DE", "Termin am 24.11.2026 um 10 Uhr", nil},
		{"a spaced IBAN", "DE", "IBAN: DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX", []string{"iban=DE89370400440532013000"}},
		{"an IBAN with a wrong check is not one", "DE", "IBAN DE88 3704 0044 0532 0130 00", nil},
		{"a spaced card number is a card, not a phone", "DE", "Karte 4111 1111 1111 1111 gültig", []string{"payment_card=4111111111111111"}},
		{"a card failing Luhn is nothing", "DE", "Karte 4111 1111 1111 1112", nil},
		{"a number written with + is a phone even where Luhn passes", "DE", "Tel. +49 151 2345 0004 abends", []string{"phone=+4915123450004"}},
		{"an SSN needs its word", "US", "SSN: 536-22-1457", []string{"national_id/us_ssn=536221457"}},
		{"an SSN-shaped number alone is nothing", "US", "ticket 536-22-1457", nil},
		{"an IPv4 address", "DE", "login from 203.0.113.7 failed", []string{"ip_address=203.0.113.7"}},
		{"a version number is not an IP", "DE", "running v1.2.3.4 and version 10.0.0.1", nil},
		{"a date of birth after a birth word", "DE", "geboren am 02.01.1990 in Köln", []string{"date_of_birth=1990-01-02"}},
		{"a Chinese date of birth", "CN", "出生日期：1990年1月2日", []string{"date_of_birth=1990-01-02"}},
		{"a date without a birth word is no date of birth", "DE", "Rechnung vom 02.01.1990", nil},
		{"digits inside an e-mail are not a phone", "CN", "手机 13812345678@163.com", []string{"email=13812345678@163.com"}},
		{"an argon2 hash in text", "DE", "hash: $argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG end", []string{"credential/argon2=$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"}},
		{"a Django pbkdf2 hash in text", "DE", "pbkdf2_sha256$600000$abcdefghijklmnop$q8gGaGdHnXnPLG0G4vUyE2wJvVEZtU0AHmUsY9Hvc2I=", []string{"credential/pbkdf2=pbkdf2_sha256$600000$abcdefghijklmnop$q8gGaGdHnXnPLG0G4vUyE2wJvVEZtU0AHmUsY9Hvc2I="}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scannerFor(t, tc.region)
			got := collect(func(emit func(Match)) { s.Text([]byte(tc.text), emit) })
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Text(%q)\n got  %v\n want %v", tc.text, got, tc.want)
			}
		})
	}
}

func TestFieldsFollowTheirColumn(t *testing.T) {
	for _, tc := range []struct {
		name   string
		column string
		value  string
		want   []string
	}{
		{"a bare mobile in a phone column", "mobile", "13812345678", []string{"phone=+8613812345678"}},
		{"the same digits in an order column", "order_no", "13812345678", nil},
		{"a valid resident ID in an ID column", "身份证号", "11010519491231002X", []string{"national_id/cn_resident_id=11010519491231002X"}},
		{"a resident-ID-shaped order number fails its check", "order_no", "110105194912310021", nil},
		{"a date of birth column", "Geburtsdatum", "02.01.1990", []string{"date_of_birth=1990-01-02"}},
		{"a password column keeps the value as found", "password", "hunter2hunter2", []string{"credential/password=hunter2hunter2"}},
		{"a bcrypt hash anywhere is a credential", "note", "$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW", []string{"credential/bcrypt=$2b$12$KIXQJ9j5sWcGJpl6ecGvUOyW7eLM8SEdzN3o1oK9m4Y8Q5r1bJ7aW"}},
		{"a name column yields nothing on its own", "first_name", "Max", nil},
		{"an e-mail in any column", "contact", "Max.M@Example.de", []string{"email=max.m@example.de"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scannerFor(t, "CN")
			h := ClassifyColumn(tc.column)
			got := collect(func(emit func(Match)) { s.Field(h, []byte(tc.value), emit) })
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Field(%q, %q)\n got  %v\n want %v", tc.column, tc.value, got, tc.want)
			}
		})
	}
}

func TestJoinNameAndAddress(t *testing.T) {
	if got := JoinName([][]byte{[]byte(" Max "), []byte("n/a"), []byte("Mustermann")}); got != "Max Mustermann" {
		t.Errorf("JoinName = %q", got)
	}
	if got := JoinAddress([][]byte{[]byte("Musterstraße  12"), []byte(""), []byte("12345"), []byte(" Berlin\n")}); got != "Musterstraße 12, 12345, Berlin" {
		t.Errorf("JoinAddress = %q", got)
	}
	if got := JoinName([][]byte{[]byte("12345")}); got != "" {
		t.Errorf("a name without letters gave %q", got)
	}
}

// BenchmarkTextPlain measures the scanner over ordinary prose with few
// values: the common case of documents and logs.
func BenchmarkTextPlain(b *testing.B) {
	s := scannerFor(b, "DE")
	line := "2026-11-24 10:15:02 INFO request GET /api/orders/17 took 12 ms for client session 4f1c; cache hit ratio 0.93\n"
	text := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Text(text, func(Match) {})
	}
}

// BenchmarkTextDense measures text full of values: a mail of contacts.
func BenchmarkTextDense(b *testing.B) {
	s := scannerFor(b, "DE")
	var sb strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&sb, "Kontakt %d: max.mustermann%d@example.de, Tel. +49 151 2345 %04d, IBAN DE89 3704 0044 0532 0130 00\n", i, i, i)
	}
	text := []byte(sb.String())
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		s.Text(text, func(Match) {})
	}
}

// BenchmarkFields measures typical CSV fields of a user table.
func BenchmarkFields(b *testing.B) {
	s := scannerFor(b, "CN")
	cols := []ColumnHint{ClassifyColumn("id"), ClassifyColumn("email"), ClassifyColumn("mobile"), ClassifyColumn("reg_date"), ClassifyColumn("last_login_ip")}
	vals := [][]byte{[]byte("1048576"), []byte("wang.wei1048576@163.com"), []byte("13812345678"), []byte("2021-03-04 10:11:12"), []byte("203.0.113.77")}
	n := 0
	for _, v := range vals {
		n += len(v) + 1
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for i, v := range vals {
			s.Field(cols[i], v, func(Match) {})
		}
	}
}
