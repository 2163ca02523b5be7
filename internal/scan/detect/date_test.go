package detect

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	today := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   string
		want string // "" = no date
	}{
		{"ISO", "1990-01-02", "1990-01-02"},
		{"ISO with slashes", "1990/01/02", "1990-01-02"},
		{"ISO with dots", "1990.01.02", "1990-01-02"},
		{"ISO without leading zeros", "1990-1-2", "1990-01-02"},
		{"German with dots", "02.01.1990", "1990-01-02"},
		{"German without leading zeros", "2.1.1990", "1990-01-02"},
		{"day first with dashes", "02-01-1990", "1990-01-02"},
		{"day first with slashes", "02/01/1990", "1990-01-02"},
		{"month first when the day is over 12", "01/13/1990", "1990-01-13"},
		{"day first when both are 12 or less", "01/02/1990", "1990-02-01"},
		{"month first is never read from dots", "01.13.1990", ""},
		{"compact digits", "19900102", "1990-01-02"},
		{"Chinese", "1990年1月2日", "1990-01-02"},
		{"Chinese with 号", "1990年01月02号", "1990-01-02"},
		{"English day month year", "2 January 1990", "1990-01-02"},
		{"English ordinal", "2nd Jan 1990", "1990-01-02"},
		{"English month first", "January 2, 1990", "1990-01-02"},
		{"English abbreviated month first", "Jan. 2nd, 1990", "1990-01-02"},
		{"German month name", "2. Januar 1990", "1990-01-02"},
		{"German März", "15. März 1985", "1985-03-15"},
		{"French", "1er janvier 1990", "1990-01-01"},
		{"French with accent", "14 février 1975", "1975-02-14"},
		{"Spanish with de", "2 de enero de 1990", "1990-01-02"},
		{"Italian", "2 gennaio 1990", "1990-01-02"},
		{"Dutch", "2 maart 1990", "1990-03-02"},
		{"a month name in capitals", "2 JANUARY 1990", "1990-01-02"},
		{"spreadsheet style", "02-Jan-1990", "1990-01-02"},
		{"with a time", "1990-01-02 15:04:05", "1990-01-02"},
		{"with an ISO time and zone", "1990-01-02T15:04:05Z", "1990-01-02"},
		{"with a time and offset", "1990-01-02T15:04:05.000+08:00", "1990-01-02"},
		{"a German date with Uhr", "02.01.1990 10:11 Uhr", "1990-01-02"},
		{"surrounding spaces", "  02.01.1990 ", "1990-01-02"},
		{"a leap day", "29.02.2000", "2000-02-29"},
		{"no leap day in 1900", "29.02.1900", ""},
		{"the 31st of a 30-day month", "31.04.1990", ""},
		{"month 13", "1990-13-01", ""},
		{"day 0", "1990-01-00", ""},
		{"before 1900", "31.12.1899", ""},
		{"1900-01-01 is the first", "1900-01-01", "1900-01-01"},
		{"today", "24.11.2026", "2026-11-24"},
		{"tomorrow", "25.11.2026", ""},
		{"a two-digit year", "02.01.90", ""},
		{"text after the date", "02.01.1990 in Köln", ""},
		{"a longer number", "1990-01-0234", ""},
		{"nine digits", "199001021", ""},
		{"mixed separators", "1990-01/02", ""},
		{"a version number", "1.2.3", ""},
		{"a phone number", "0151 2345 6789", ""},
		{"a word before the date", "am 2. Januar 1990", ""},
		{"an unknown month", "2 Smarch 1990", ""},
		{"empty", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseDate([]byte(tc.in), today)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("ParseDate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
			}
		})
	}
}

func BenchmarkParseDate(b *testing.B) {
	today := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, in := range []string{"02.01.1990", "2021-03-04 10:11:12", "2 January 1990", "13812345678"} {
		b.Run(in, func(b *testing.B) {
			s := []byte(in)
			b.ReportAllocs()
			for b.Loop() {
				ParseDate(s, today)
			}
		})
	}
}
