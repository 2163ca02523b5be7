package detect

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// fieldHints are the column hints the field path reads values under.
var fieldHints = func() []ColumnHint {
	hs := []ColumnHint{}
	for h := HintNone; h <= HintIdentifier; h++ {
		hs = append(hs, ColumnHint{Hint: h})
	}
	for _, f := range IDFormats {
		hs = append(hs, ColumnHint{Hint: HintNationalID, Kind: f.Kind})
	}
	return hs
}()

// fieldShapes generates values of the shapes the fast paths answer, and
// near misses of them.
func fieldShapes(r *rand.Rand) []string {
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return string(b)
	}
	octet := func() string {
		switch r.IntN(4) {
		case 0:
			return fmt.Sprint(r.IntN(10))
		case 1:
			return fmt.Sprint(r.IntN(300))
		case 2:
			return digits(1 + r.IntN(3)) // leading zeros
		}
		return fmt.Sprint(100 + r.IntN(156))
	}
	letters := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "ABCDEFGHJKLMNPRSTUVWXYZabcxyz"[r.IntN(29)]
		}
		return string(b)
	}
	mixed := func(n int) string {
		b := []byte(digits(n))
		for range r.IntN(4) {
			b[r.IntN(n)] = letters(1)[0]
		}
		return string(b)
	}
	plusPhone := func() string {
		b := []byte([]string{"86", "49", "1", "44", "33", "7", "852", "0", "999"}[r.IntN(9)])
		for range 1 + r.IntN(5) {
			b = append(b, " -"[r.IntN(2)])
			b = append(b, digits(1+r.IntN(5))...)
		}
		return string(b)
	}
	mobile := []string{"13", "15", "18", "0151", "0", "1", "86", "49", "7"}[r.IntN(9)]
	local := func() string {
		return []string{"xu_tao618530", "Wang.Wei", ".a", "a.", "a..b", "+86", "a b", "王", "a" + digits(60+r.IntN(8)), "a@b"}[r.IntN(10)]
	}
	domain := func() string {
		return []string{"sohu.com", "163.COM", "example.zz", "example.online", "a-.com", "-a.com", "a..de", "de",
			"mail.example.co.uk", "10.0.0.1", "example.com.", "example.com-", "ex_ample.com", digits(250) + ".de"}[r.IntN(14)]
	}
	email := local() + "@" + domain()
	return []string{
		digits(1 + r.IntN(40)),
		"+" + plusPhone(),
		"+" + plusPhone() + []string{"", " ", "-", "x", "--1"}[r.IntN(5)],
		"+" + digits(1+r.IntN(3)) + " " + digits(2) + "-" + digits(2) + "-" + digits(2+2*r.IntN(2)),
		digits(17) + []string{"X", "x", "1", "Y"}[r.IntN(4)],
		mixed(1 + r.IntN(25)),
		letters(1+r.IntN(5)) + digits(r.IntN(12)),
		letters(2) + digits(2) + mixed(12+r.IntN(10)),
		letters(1 + r.IntN(8)),
		"LSV" + mixed(14),
		digits(6 + r.IntN(14)),
		mobile + digits(5+r.IntN(8)),
		octet() + "." + octet() + "." + octet() + "." + octet(),
		octet() + "." + octet() + "." + octet() + "." + octet() + ".",
		"." + octet() + "." + octet() + "." + octet(),
		digits(4) + "-" + digits(2) + "-" + digits(2),
		digits(4) + "-" + digits(2) + "-" + digits(2) + " " + digits(2) + ":" + digits(2) + ":" + digits(2),
		digits(2) + "." + digits(2) + "." + digits(4) + " " + digits(2) + ":" + digits(2) + ":" + digits(2),
		digits(4) + "-" + digits(2) + "-" + digits(2) + "T" + digits(2) + ":" + digits(2) + ":" + digits(2),
		digits(4) + "-" + digits(2) + "-" + digits(2) + " " + digits(2) + ":" + digits(2),
		email,
		email + []string{" ", ",", ";x@y.de", " 13812345678", "@"}[r.IntN(5)],
		[]string{"<", " ", "mailto:", "+", "13812345678 "}[r.IntN(5)] + email,
	}
}

// TestFieldFastPathsMatchGeneralPass runs the field path with and without
// its fast paths over generated values under every hint, and requires the
// same matches.
func TestFieldFastPathsMatchGeneralPass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rounds := 1000
	if testing.Short() {
		rounds = 300
	}
	hits := map[Category]int{}
	for _, region := range []string{"CN", "DE", "US"} {
		s := scannerFor(t, region)
		for range rounds {
			for _, v := range fieldShapes(r) {
				for _, h := range fieldHints {
					want := generalFieldMatches(s, h, []byte(v))
					got := fastFieldMatches(s, h, []byte(v))
					if !slices.Equal(found(got), found(want)) {
						t.Fatalf("%s %v %q: fast path found %v, general pass %v", region, h, v, found(got), found(want))
					}
					for _, m := range got {
						hits[m.Category]++
					}
				}
			}
		}
	}
	// The generated values must reach the validators' accepting side.
	for _, c := range []Category{Phone, IPAddress, NationalID, PaymentCard, VIN, Email} {
		if hits[c] == 0 {
			t.Errorf("no %s among the generated values", c)
		}
	}
}

func fastFieldMatches(s *Scanner, h ColumnHint, v []byte) []Match {
	var ms []Match
	s.NewFieldScanner().Field(h, v, func(m Match) { ms = append(ms, m) })
	return ms
}

// generalFieldMatches is Scanner.Field without the fast paths.
func generalFieldMatches(s *Scanner, h ColumnHint, v []byte) []Match {
	var ms []Match
	emit := func(m Match) { ms = append(ms, m) }
	v, ok := s.byHint(h, v, emit, nil)
	if !ok {
		return ms
	}
	p := &pass{s: s, text: v, hint: h, emit: emit}
	counts := countBytes(v)
	p.generalField(counts)
	return ms
}

// TestFieldScannerMatchesScanner checks that the per-goroutine field
// scanner gives what Scanner.Field gives, also when reused.
func TestFieldScannerMatchesScanner(t *testing.T) {
	s := scannerFor(t, "CN")
	fs := s.NewFieldScanner()
	for _, row := range leakRows {
		for i, v := range row.vals {
			var want, got []Match
			s.Field(row.cols[i], []byte(v), func(m Match) { want = append(want, m) })
			fs.Field(row.cols[i], []byte(v), func(m Match) { got = append(got, m) })
			if !slices.Equal(found(got), found(want)) {
				t.Errorf("%q: field scanner found %v, scanner %v", v, found(got), found(want))
			}
		}
	}
}

type fieldRow struct {
	name string
	cols []ColumnHint
	vals []string
}

func columns(names ...string) []ColumnHint {
	hs := make([]ColumnHint, len(names))
	for i, n := range names {
		hs[i] = ClassifyColumn(n)
	}
	return hs
}

// leakRows are rows shaped like the tables of a real leak (values made up).
var leakRows = []fieldRow{
	{"users", columns("id", "username", "email", "mobile", "reg_date", "last_login_ip", "password_hash"),
		[]string{"1", "xutao24", "xu_tao618530@sohu.com", "18370908293", "2021-08-11 11:49:12", "122.231.102.212", "$2b$10$pFNDgl1YZPue0uOwuSttNNsN1F/Ezc19qWk3tE0rlpv2kL9I43ln/"}},
	{"addresses", columns("receiver", "phone", "province", "city", "street", "postcode"),
		[]string{"王芳", "+86-133-0184-2787", "浙江省", "杭州市", "西湖区文三路 88 号", "310012"}},
	{"car_owners", columns("owner_name", "id_card_no", "vin", "plate_no", "mobile", "address", "remark", "created_at"),
		[]string{"李强", "11010519491231002X", "LSVAU033512345678", "浙A·12345", "13301842787", "杭州市西湖区", "VIP customer since 2019", "2023-05-06 07:08:09"}},
}

func benchmarkRows(b *testing.B, rows []fieldRow) {
	s := scannerFor(b, "CN")
	fs := s.NewFieldScanner()
	n := 0
	var vals [][][]byte
	for _, r := range rows {
		var vs [][]byte
		for _, v := range r.vals {
			n += len(v) + 1
			vs = append(vs, []byte(v))
		}
		vals = append(vals, vs)
	}
	for _, api := range []string{"Scanner", "FieldScanner"} {
		b.Run(api, func(b *testing.B) {
			field := s.Field
			if api == "FieldScanner" {
				field = fs.Field
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				for k, r := range rows {
					for i, v := range vals[k] {
						field(r.cols[i], v, func(Match) {})
					}
					fs.Reset() // a row's values are dropped when it is booked
				}
			}
		})
	}
}

// BenchmarkFieldsUserRow is a whole row of a leaked user table, with the
// username and the bcrypt hash.
func BenchmarkFieldsUserRow(b *testing.B) { benchmarkRows(b, leakRows[:1]) }

// BenchmarkFieldsAddressRecord is an NDJSON address record's fields.
func BenchmarkFieldsAddressRecord(b *testing.B) { benchmarkRows(b, leakRows[1:2]) }

// BenchmarkFieldsCarOwner is a SQL car-owner tuple.
func BenchmarkFieldsCarOwner(b *testing.B) { benchmarkRows(b, leakRows[2:3]) }

// TestCountBytes compares the register count with a plain one, on values
// of every length up to a few words and past the 16-bit chunks.
func TestCountBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := "0123456789.:@$-abzAZ \xe4/`[{\x80\xff\xb0\xba\xc0\x00"
	lengths := []int{65535, 65536, 200000}
	for n := range 40 {
		lengths = append(lengths, n, n, n)
	}
	for _, n := range lengths {
		v := make([]byte, n)
		for i := range v {
			v[i] = alphabet[r.IntN(len(alphabet))]
		}
		if got, want := countBytes(v), countBytesPlainly(v); got != want {
			t.Errorf("%q: counted %+v, want %+v", v[:min(n, 40)], got, want)
		}
	}
}

// countBytesPlainly is countBytes one class test per byte.
func countBytesPlainly(v []byte) fieldCounts {
	var n fieldCounts
	for _, c := range v {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			n.letters++
		case isDigit(c):
			n.digits++
		case c == '.':
			n.dots++
		case c == ':':
			n.colons++
		case c == '@':
			n.at = true
		case c == '$':
			n.dollar = true
		case c == '-':
			n.dash = true
		}
	}
	return n
}

// FuzzCountBytes compares the register count with the plain one.
func FuzzCountBytes(f *testing.F) {
	for _, row := range leakRows {
		for _, v := range row.vals {
			f.Add([]byte(v))
		}
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if got, want := countBytes(v), countBytesPlainly(v); got != want {
			t.Fatalf("%q: counted %+v, want %+v", v, got, want)
		}
	})
}

// BenchmarkCountBytes counts the fields of the leak-shaped rows.
func BenchmarkCountBytes(b *testing.B) {
	var vals [][]byte
	n := 0
	for _, row := range leakRows {
		for _, v := range row.vals {
			vals = append(vals, []byte(v))
			n += len(v)
		}
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, v := range vals {
			sink = countBytes(v)
		}
	}
}

var sink fieldCounts

// TestTrimSpace compares trimSpace with bytes.TrimSpace on values with
// ASCII and Unicode spaces and broken UTF-8 at their ends.
func TestTrimSpace(t *testing.T) {
	parts := []string{"", " ", "\t", "\u3000", "\u00a0", "\u0085", "\u2028", "王芳", "a", "\xe4", "\xe3\x80", "1 2", "\x80", "\u200b"}
	for _, a := range parts {
		for _, b := range parts {
			for _, c := range parts {
				v := []byte(a + b + c)
				if got, want := trimSpace(v), bytes.TrimSpace(v); !bytes.Equal(got, want) {
					t.Errorf("%q: trimmed to %q, bytes.TrimSpace %q", v, got, want)
				}
			}
		}
	}
}

// FuzzFieldFastPaths compares the field path with and without its fast
// paths on any value under any hint.
func FuzzFieldFastPaths(f *testing.F) {
	for _, row := range leakRows {
		for i, v := range row.vals {
			f.Add(v, uint8(row.cols[i].Hint))
		}
	}
	f.Add("203.0.113.7", uint8(HintIP))
	f.Add("2021-03-04 10:11:12", uint8(HintNone))
	f.Add("4242424242424242", uint8(HintIdentifier))
	f.Add("+49 151 2345-6789", uint8(HintPhone))
	f.Add("Wang.Wei@163.COM", uint8(HintEmail))
	f.Add("a@b@example.com", uint8(HintNone))
	s := scannerFor(f, "CN")
	f.Fuzz(func(t *testing.T, v string, hint uint8) {
		h := fieldHints[int(hint)%len(fieldHints)]
		want := generalFieldMatches(s, h, []byte(v))
		got := fastFieldMatches(s, h, []byte(v))
		if !slices.Equal(found(got), found(want)) {
			t.Fatalf("%v %q: fast path found %v, general pass %v", h, v, found(got), found(want))
		}
	})
}

// fieldNationalIDByScan is the former fieldNationalID, kept as the
// reference: it walks all of IDFormats and checks each one's lengths.
func (p *pass) fieldNationalIDByScan(gs []group) bool {
	t := p.text
	for i := range IDFormats {
		f := &IDFormats[i]
		if !hasLength(f.Lengths, len(t)) || f.Weak && !p.idContext(f, 0) {
			continue
		}
		if v, ok := f.Validate(t); ok {
			return p.found(Match{Category: NationalID, Kind: f.Kind, Value: v}, gs)
		}
	}
	return false
}

// nationalIDBothWays runs fieldNationalID and its reference on a whole
// value under h and fails when they differ.
func nationalIDBothWays(t *testing.T, s *Scanner, h ColumnHint, v []byte) {
	t.Helper()
	run := func(by func(*pass, []group) bool) (bool, []Match) {
		var ms []Match
		p := &pass{s: s, text: v, hint: h, emit: func(m Match) { ms = append(ms, m) }}
		return by(p, []group{{start: 0, end: len(v)}}), ms
	}
	got, gotMs := run((*pass).fieldNationalID)
	want, wantMs := run((*pass).fieldNationalIDByScan)
	if got != want || !slices.Equal(gotMs, wantMs) {
		t.Fatalf("%v %q: fieldNationalID %v %v, reference %v %v", h, v, got, gotMs, want, wantMs)
	}
}

// TestFieldNationalIDMatchesScan compares the formats-by-length lookup
// with the walk over all formats, on generated values under every hint.
func TestFieldNationalIDMatchesScan(t *testing.T) {
	s := scannerFor(t, "CN")
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		for _, v := range fieldShapes(r) {
			for _, h := range fieldHints {
				nationalIDBothWays(t, s, h, []byte(v))
			}
		}
	}
	for _, v := range []string{"11010519491231002X", "65929970489", "T22000129", "AB123456C", "078-05-1120", "111222333"} {
		for _, h := range fieldHints {
			nationalIDBothWays(t, s, h, []byte(v))
		}
	}
}

// FuzzFieldNationalID compares fieldNationalID with its reference.
func FuzzFieldNationalID(f *testing.F) {
	f.Add("11010519491231002X", uint8(HintNationalID))
	f.Add("65929970489", uint8(HintNone))
	f.Add("13301842787", uint8(HintPhone))
	s := scannerFor(f, "CN")
	f.Fuzz(func(t *testing.T, v string, hint uint8) {
		nationalIDBothWays(t, s, fieldHints[int(hint)%len(fieldHints)], []byte(v))
	})
}
