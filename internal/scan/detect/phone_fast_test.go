package detect

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestRegionObjectsUnique: the fast path for "+CC" numbers takes the main
// region of a code where the general parse keeps the default region when
// it has the same id; both must be the same metadata.
func TestRegionObjectsUnique(t *testing.T) {
	p := phonesForTest(t)
	for code, rs := range p.byCode {
		for _, r := range rs {
			if r.id != "001" && p.region(r.id) != r {
				t.Errorf("region %s of code %d is not the one its id finds", r.id, code)
			}
		}
	}
}

// e164Equal compares E164 (with its fast paths) with the general parse.
func e164Equal(t *testing.T, p *Phones, raw, region string) {
	t.Helper()
	got, ok := p.E164([]byte(raw), region)
	general, wantOK := p.e164General(nil, []byte(raw), p.region(region))
	want := string(general)
	if got != want || ok != wantOK {
		t.Fatalf("E164(%q, %q) = %q, %v; the general parse %q, %v", raw, region, got, ok, want, wantOK)
	}
}

// TestE164FastPathsTaken makes sure the usual shapes do not fall back to
// the general parse.
func TestE164FastPathsTaken(t *testing.T) {
	p := phonesForTest(t)
	for _, tc := range []struct{ raw, region, want string }{
		{"13812345678", "CN", "+8613812345678"},
		{"18370908293", "CN", "+8618370908293"},
		{"20261124000123", "CN", ""},
		{"+86 133 0184 2787", "CN", "+8613301842787"},
		{"+86-133-0184-2787", "DE", "+8613301842787"},
		{"+49 151 23456789", "", "+4915123456789"},
		{"2015550123", "US", "+12015550123"},
	} {
		b, ok, done := p.e164Fast(nil, []byte(tc.raw), p.region(tc.region))
		v := string(b)
		if !done || v != tc.want || ok != (tc.want != "") {
			t.Errorf("e164Fast(%q, %q) = %q, %v, done %v; want %q, done", tc.raw, tc.region, v, ok, done, tc.want)
		}
	}
}

// TestE164FastPathsMatchGeneral writes example numbers of every region and
// type, and random variants of them, bare and as "+CC" with groups, and
// reads each in every cross-check region and its own.
func TestE164FastPathsMatchGeneral(t *testing.T) {
	p := phonesForTest(t)
	rng := rand.New(rand.NewPCG(11, 12))
	types := []phonenumbers.PhoneNumberType{
		phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
		phonenumbers.VOIP, phonenumbers.UAN, phonenumbers.PERSONAL_NUMBER,
	}
	checked := 0
	for region := range phonenumbers.GetSupportedRegions() {
		regions := append([]string{region}, crossCheckRegions...)
		for _, typ := range types {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			nsn := phonenumbers.GetNationalSignificantNumber(ex)
			code := phonenumbers.GetCountryCodeForRegion(region)
			for _, digits := range fastPathVariants(rng, nsn) {
				for _, raw := range fastPathForms(rng, code, digits) {
					for _, r := range regions {
						e164Equal(t, p, raw, r)
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d readings compared", checked)
}

// fastPathVariants are a national number, with its last digits changed,
// one digit more or less, and with a trunk 0 or 1 before it.
func fastPathVariants(rng *rand.Rand, nsn string) []string {
	out := []string{nsn, "0" + nsn, "1" + nsn, nsn[:len(nsn)-1], nsn + "5"}
	for range 4 {
		b := []byte(nsn)
		for i := max(0, len(b)-4); i < len(b); i++ {
			b[i] = byte('0' + rng.IntN(10))
		}
		out = append(out, string(b))
	}
	return out
}

// fastPathForms writes digits bare, after "+CC" in groups joined by
// spaces or dashes, and in forms only the general parse reads.
func fastPathForms(rng *rand.Rand, code int, digits string) []string {
	cc := itoa(code)
	out := []string{digits, cc + digits, "00" + cc + digits, "+" + cc + digits, "+" + digits}
	for range 3 {
		var sb strings.Builder
		sb.WriteString("+" + cc)
		sep := []string{" ", "-"}[rng.IntN(2)]
		for i := 0; i < len(digits); {
			n := min(len(digits)-i, 1+rng.IntN(4))
			sb.WriteString(sep + digits[i:i+n])
			i += n
		}
		out = append(out, sb.String())
	}
	out = append(out, "+"+cc+"  "+digits, "+"+cc+" "+digits+" ", "+ "+cc+digits, "+"+cc+"-(0)"+digits)
	return out
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// FuzzE164FastPaths compares E164 with the general parse on any input.
func FuzzE164FastPaths(f *testing.F) {
	for _, s := range []string{
		"13812345678", "8613812345678", "17912345678", "+86 133 0184 2787", "+86-133-0184-2787",
		"+49 151 23456789", "+1 201 555 0123", "+7 912 345 67 89", "+0 12", "+86", "12", "0012345678",
		"+44 07911 123456", "+39 06 4567 8901", "+999 1234 5678", "+86 133 0184 2787 1234 5678",
	} {
		for i := range crossCheckRegions {
			f.Add(s, uint8(i))
		}
	}
	p := phonesForTest(f)
	regions := append(append([]string{}, crossCheckRegions...), "", "ZZ", "001")
	f.Fuzz(func(t *testing.T, raw string, r uint8) {
		e164Equal(t, p, raw, regions[int(r)%len(regions)])
	})
}

// onlyDigitsByByte is the former onlyDigits, the reference of the word
// check.
func onlyDigitsByByte(s []byte) bool {
	for _, c := range s {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// TestOnlyDigits puts every byte at every position of digit strings up to
// 25 bytes long.
func TestOnlyDigits(t *testing.T) {
	for n := range 26 {
		for at := range n {
			for c := range 256 {
				v := []byte(strings.Repeat("0123456789", 3)[:n])
				v[at] = byte(c)
				if got, want := onlyDigits(v), onlyDigitsByByte(v); got != want {
					t.Fatalf("onlyDigits(%q) = %v, byte by byte %v", v, got, want)
				}
			}
		}
	}
	if !onlyDigits(nil) || !onlyDigits([]byte("13301842787")) {
		t.Error("digits turned down")
	}
}

func FuzzOnlyDigits(f *testing.F) {
	f.Add([]byte("13301842787"))
	f.Add([]byte("1330184278/"))
	f.Fuzz(func(t *testing.T, v []byte) {
		if got, want := onlyDigits(v), onlyDigitsByByte(v); got != want {
			t.Fatalf("onlyDigits(%q) = %v, byte by byte %v", v, got, want)
		}
	})
}

// BenchmarkOnlyDigits checks mobile numbers with both readings.
func BenchmarkOnlyDigits(b *testing.B) {
	rng := rand.New(rand.NewPCG(13, 14))
	nums := make([][]byte, 1024)
	for i := range nums {
		nums[i] = []byte(itoa(13000000000 + rng.IntN(6000000000)))
	}
	for _, read := range []struct {
		name string
		f    func([]byte) bool
	}{{"words", onlyDigits}, {"bytes", onlyDigitsByByte}} {
		b.Run(read.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				read.f(nums[i%len(nums)])
				i++
			}
		})
	}
}

// TestAppendE164 appends numbers behind bytes already there, without an
// allocation when there is room, and leaves dst alone for an invalid one.
func TestAppendE164(t *testing.T) {
	p := phonesForTest(t)
	for _, tc := range []struct{ raw, want string }{
		{"13812345678", "+8613812345678"},
		{"+49 151 23456789", "+4915123456789"},
		{"0151 23456789", ""},
		{"(010) 6552 9988", "+861065529988"},
		{"12345", ""},
	} {
		buf := make([]byte, 0, 64)
		buf = append(buf, "x|"...)
		got, ok := p.appendE164(buf, []byte(tc.raw), "CN")
		want, wantOK := p.E164([]byte(tc.raw), "CN")
		if ok != wantOK || string(got) != "x|"+want {
			t.Errorf("appendE164(%q) = %q, %v; E164 %q, %v", tc.raw, got, ok, want, wantOK)
		}
		if tc.want != "" && want != tc.want {
			t.Errorf("E164(%q) = %q, want %q", tc.raw, want, tc.want)
		}
		if allocs := testing.AllocsPerRun(20, func() { p.appendE164(buf[:2], []byte(tc.raw), "CN") }); allocs != 0 {
			t.Errorf("appendE164(%q) allocates %v times", tc.raw, allocs)
		}
	}
}
