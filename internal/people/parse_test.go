package people

import (
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
)

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{NormalizeEmail(" Max@Example.COM "), "max@example.com"},
		{NormalizeEmail("max@localhost"), ""},
		{NormalizeEmail("a b@example.com"), ""},
		{NormalizePhone("0170 1234567", "DE"), "+491701234567"},
		{NormalizePhone("+49 (0)170 1234567", ""), "+491701234567"},
		{NormalizePhone("+1 650-253-0000", "DE"), "+16502530000"},
		{NormalizePhone("12", "DE"), ""},
		{PhoneCountry("+16502530000"), "US"},
		{PhoneCountry("+8613812345678"), "CN"},
		{PhoneCountry("+491701234567"), "DE"},
		{NormalizeCustomerNo(" k-100 77 "), "K-10077"},
		{NormalizeName("  Müller,\tJÜRGEN "), "müller, jürgen"},
		{NormalizeName("Mu\u0308ller"), "müller"},
		{NormalizeNationalID("DE_ID_CARD", "t22 000-129"), "de_id_card:T22000129"},
		{NormalizeNationalID("", "us_ssn:123-45-6789"), "us_ssn:123456789"},
		{NormalizeNationalID("", "123456789"), ""},
		{NormalizeCountry("Deutschland"), "DE"},
		{NormalizeCountry("österreich"), "AT"},
		{NormalizeCountry("us"), "US"},
		{NormalizeCountry("Atlantis"), ""},
		{NormalizeLanguage("de-AT"), "de"},
		{NormalizeLanguage("Chinesisch"), "zh"},
		{NormalizeLanguage("Klingonisch"), ""},
		{LanguageForCountry("AT"), "de"},
		{LanguageForCountry("TW"), "zh"},
		{LanguageForCountry("FR"), "en"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping([]byte("match: [customer_no, email]\nemail: E-Mail\ncustomer_no: Kundennummer\naddress: [Straße, Hausnummer]\nregion: at\n"))
	if err != nil || m.Region != "AT" || len(m.Address) != 2 || m.Match[0] != IndexCustomerNo {
		t.Fatalf("%+v %v", m, err)
	}
	for text, want := range map[string]string{
		"match: [email]\nemial: E-Mail\n":        "line 2: unknown key emial",
		"match: [email]\n":                       "maps no column",
		"email: E-Mail\n":                        "what finds a person",
		"match: [name]\nname: Name\n":            "none of email, phone and customer_no",
		"":                                       "empty",
		"match: [email]\nemail: x\nregion: XX\n": "region",
		"match: [email]\nemail: [1\n":            "line",
	} {
		_, err := ParseMapping([]byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

func TestSniffDelimiter(t *testing.T) {
	for text, want := range map[string]rune{
		"a;b;c\n1,5;2;3\n": ';', "a,b\n": ',', "a\tb\tc": '\t', "a|b": '|', `"x;y;z",b` + "\n": ',', "single": ',',
	} {
		if got := sniffDelimiter([]byte(text)); got != want {
			t.Errorf("%q: %q, want %q", text, got, want)
		}
	}
}

func FuzzParseMapping(f *testing.F) {
	f.Add([]byte("match: [email]\nemail: E-Mail\n"))
	f.Add([]byte("match: [phone, customer_no]\nphone: Tel\ncustomer_no: Nr\naddress: [a, b]\nadd_unmatched: true\n"))
	f.Add([]byte("- a\n- b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMapping(data)
		if err == nil && len(m.Match) == 0 {
			t.Fatal("a mapping without match keys was taken")
		}
	})
}

func FuzzParseFinding(f *testing.F) {
	f.Add([]byte(`{"file":"a.csv","record":"a.csv:row 1","category":"email","kind":"","value":"x@example.com"}`))
	f.Add([]byte(`{"record":"r","category":"phone","value":"+4917012345678"}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var fd scan.Finding
		reason := parseFinding(line, &fd)
		if reason != "" {
			if len(line) > 12 && strings.Contains(reason, string(line)) {
				t.Fatalf("the reason quotes the line: %q", reason)
			}
			return
		}
		if fd.Record == "" || fd.Value == "" {
			t.Fatalf("accepted an incomplete finding %+v", fd)
		}
		c := newChunk()
		c.add(&fd) // never panics on any accepted finding
	})
}

func FuzzCRMTable(f *testing.F) {
	f.Add([]byte("\ufeffE-Mail;Name\nmax@example.de;Max\n"))
	f.Add([]byte("a,\"b\nc\",d\n1,2,3\n"))
	f.Add([]byte{0xe4, ';', 'x', '\n'})
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := openTable("export.csv", data)
		if err != nil {
			return
		}
		defer tb.close()
		m := GuessMapping(tb.header)
		pos := m.positions(tb.header)
		for i := 0; i < 1000; i++ {
			cells, err := tb.next()
			if err != nil {
				if _, ok := err.(*rowError); ok {
					continue
				}
				return
			}
			m.readRow(tb.header, pos, cells)
		}
	})
}
