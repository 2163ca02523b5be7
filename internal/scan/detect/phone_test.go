package detect

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

var (
	testPhonesOnce sync.Once
	testPhones     *Phones
)

// phonesForTest builds the phone tables once for all tests of the package.
func phonesForTest(t testing.TB) *Phones {
	t.Helper()
	testPhonesOnce.Do(func() {
		p, err := NewPhones()
		if err != nil {
			panic(err)
		}
		testPhones = p
	})
	return testPhones
}

func TestE164(t *testing.T) {
	p := phonesForTest(t)
	for _, tc := range []struct {
		name   string
		raw    string
		region string
		want   string // "" = not valid
	}{
		{"a German mobile in national format loses its trunk 0", "0151 2345 6789", "DE", "+4915123456789"},
		{"a German number with country code and (0)", "+49 (0)30 1234567", "DE", "+49301234567"},
		{"a German number after the international prefix 00", "0049 30 1234567", "DE", "+49301234567"},
		{"a German number with dots and slashes", "030/123.4567", "DE", "+49301234567"},
		{"a Chinese mobile written bare", "13812345678", "CN", "+8613812345678"},
		{"a Chinese mobile with its country code but no plus", "8613812345678", "CN", "+8613812345678"},
		{"a Chinese fixed line loses its trunk 0", "010-6552 9988", "CN", "+861065529988"},
		{"a Chinese mobile with plus read in another region", "+86 138 1234 5678", "DE", "+8613812345678"},
		{"a US number in the usual format", "(201) 555-0123", "US", "+12015550123"},
		{"a US number with the NANP trunk 1", "1-201-555-0123", "US", "+12015550123"},
		{"a German number dialled from the US with 011", "011 49 30 1234567", "US", "+49301234567"},
		{"00 is no international prefix in the US", "0049 30 1234567", "US", ""},
		{"an Italian number keeps its leading 0", "06 4567 8901", "IT", "+390645678901"},
		{"an Italian number with country code keeps its 0", "+39 06 4567 8901", "DE", "+390645678901"},
		{"a British number", "020 7946 0018", "GB", "+442079460018"},
		{"a French number", "01 23 45 67 89", "FR", "+33123456789"},
		{"a Japanese mobile", "090-1234-5678", "JP", "+819012345678"},
		{"an Indian mobile", "+91 98765 43210", "IN", "+919876543210"},
		{"a Brazilian mobile", "(11) 91234-5678", "BR", "+5511912345678"},
		{"a Brazilian mobile with trunk 0 and carrier code 15", "0 15 11 91234-5678", "BR", "+5511912345678"},
		{"a Dutch mobile", "06 12345678", "NL", "+31612345678"},
		{"a Spanish mobile", "612 34 56 78", "ES", "+34612345678"},
		{"the region may be written in lower case", "0151 2345 6789", "de", "+4915123456789"},
		{"a number with plus needs no known region", "+49 151 2345 6789", "", "+4915123456789"},
		{"a national number needs a known region", "0151 2345 6789", "XX", ""},
		{"an unknown country code", "+999 1234 5678", "DE", ""},
		{"too few digits", "0151 23", "DE", ""},
		{"one digit too many", "0151 2345 67890 1", "DE", ""},
		{"a letter makes it no number", "0151 2345 678O", "DE", ""},
		{"an extension makes it no number", "0151 2345 6789 x12", "DE", ""},
		{"an extension written out", "0151 2345 6789 ext. 12", "DE", ""},
		{"a plus inside the digits", "0151+2345 6789", "DE", ""},
		{"a Chinese mobile prefix that does not exist", "12012345678", "CN", ""},
		{"a US number whose area code starts with 0", "(012) 555-0123", "US", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := p.E164([]byte(tc.raw), tc.region)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("E164(%q, %q) = %q, %v; want %q", tc.raw, tc.region, got, ok, tc.want)
			}
		})
	}
}

// TestE164ConcurrentFirstUse checks numbers of regions not built yet from
// several goroutines at once (run with -race).
func TestE164ConcurrentFirstUse(t *testing.T) {
	p, err := readPhones() // not the shared one: its regions may be built
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for _, raw := range []string{"0151 2345 6789", "+86 138 1234 5678", "+44 20 7946 0018", "+1 201 555 0123"} {
				if _, ok := p.E164([]byte(raw), "DE"); !ok {
					t.Errorf("E164(%q) not valid", raw)
				}
			}
		})
	}
	wg.Wait()
}

func TestRegionKnown(t *testing.T) {
	p := phonesForTest(t)
	for _, tc := range []struct {
		region string
		want   bool
	}{
		{"DE", true}, {"cn", true}, {"Us", true}, {"GG", true}, {"XX", false}, {"001", false}, {"", false}, {"D", false}, {"D1", false},
	} {
		if got := p.RegionKnown(tc.region); got != tc.want {
			t.Errorf("RegionKnown(%q) = %v, want %v", tc.region, got, tc.want)
		}
	}
}

// crossCheckRegions are the regions whose numbers must read exactly as
// libphonenumber reads them.
var crossCheckRegions = []string{"CN", "DE", "US", "GB", "FR", "NL", "ES", "IT", "JP", "IN", "BR"}

// TestE164AgreesWithLibphonenumber compares E164 with phonenumbers.Parse +
// IsValidNumber on generated numbers: example numbers of every type,
// variants of them with random digits, and random digit strings, each
// written nationally, with a trunk prefix, with +, with the country code
// alone, after an international prefix, and with separators.
func TestE164AgreesWithLibphonenumber(t *testing.T) {
	p := phonesForTest(t)
	perRegion := 2000
	if testing.Short() {
		perRegion = 500
	}
	for _, region := range crossCheckRegions {
		t.Run(region, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(len(region))*7+uint64(region[0])))
			g := newPhoneGen(region, rng)
			checked, valid := 0, 0
			for range perRegion {
				for _, raw := range g.forms(g.nsn()) {
					if agreeWithLibphonenumber(t, p, raw, region) {
						valid++
					}
					checked++
				}
			}
			t.Logf("%s: %d inputs, %d valid", region, checked, valid)
			if valid < checked/20 {
				t.Errorf("only %d of %d generated inputs valid: the generator misses valid numbers", valid, checked)
			}
		})
	}
}

// TestE164AgreesWithLibphonenumberEverywhere reads international numbers of
// every calling code, and national numbers of every region, fewer of each.
func TestE164AgreesWithLibphonenumberEverywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("every region: not in -short")
	}
	p := phonesForTest(t)
	for region := range phonenumbers.GetSupportedRegions() {
		rng := rand.New(rand.NewPCG(2, uint64(region[0])<<8|uint64(region[1])))
		g := newPhoneGen(region, rng)
		for range 40 {
			for _, raw := range g.forms(g.nsn()) {
				agreeWithLibphonenumber(t, p, raw, region)
			}
		}
	}
}

// agreeWithLibphonenumber checks one input and reports whether it is valid.
func agreeWithLibphonenumber(t *testing.T, p *Phones, raw, region string) bool {
	t.Helper()
	want := ""
	if num, err := phonenumbers.Parse(raw, region); err == nil && phonenumbers.IsValidNumber(num) {
		want = phonenumbers.Format(num, phonenumbers.E164)
	}
	got, ok := p.E164([]byte(raw), region)
	if got != want || ok != (want != "") {
		t.Errorf("E164(%q, %s) = %q, %v; libphonenumber says %q", raw, region, got, ok, want)
	}
	return ok
}

// phoneGen makes phone-number-like inputs for one region.
type phoneGen struct {
	rng      *rand.Rand
	region   string
	code     string
	trunk    string
	examples []string
}

func newPhoneGen(region string, rng *rand.Rand) *phoneGen {
	g := &phoneGen{rng: rng, region: region, code: strconv.Itoa(phonenumbers.GetCountryCodeForRegion(region))}
	g.trunk = phonenumbers.GetNddPrefixForRegion(region, true)
	for typ := range phonenumbers.UNKNOWN {
		if n := phonenumbers.GetExampleNumberForType(region, typ); n != nil {
			g.examples = append(g.examples, phonenumbers.GetNationalSignificantNumber(n))
		}
	}
	if len(g.examples) == 0 {
		g.examples = []string{"1234567"}
	}
	return g
}

// nsn returns a national significant number: an example, an example with
// its last digits replaced, or random digits of a plausible length.
func (g *phoneGen) nsn() string {
	ex := g.examples[g.rng.IntN(len(g.examples))]
	switch g.rng.IntN(4) {
	case 0:
		return ex
	case 1, 2:
		keep := max(0, len(ex)-1-g.rng.IntN(6))
		return ex[:keep] + g.digits(len(ex)-keep+g.rng.IntN(3)-1)
	}
	return g.digits(4 + g.rng.IntN(11))
}

func (g *phoneGen) digits(n int) string {
	b := make([]byte, max(n, 0))
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

// forms writes a national significant number the ways people write it.
func (g *phoneGen) forms(nsn string) []string {
	out := []string{
		nsn,
		g.trunk + nsn,
		"+" + g.code + nsn,
		"+" + g.code + g.trunk + nsn,
		g.code + nsn,
		"00" + g.code + nsn,
		"011" + g.code + nsn,
		"+" + g.digits(1+g.rng.IntN(3)) + nsn,
	}
	out = append(out, g.spaced(out[g.rng.IntN(len(out))]), g.spaced(out[g.rng.IntN(len(out))]))
	return out
}

// spaced inserts separators between groups of digits, and sometimes
// parentheses around the first group.
func (g *phoneGen) spaced(s string) string {
	seps := []string{" ", "-", ".", "/", " - "}
	var b strings.Builder
	i := 0
	if strings.HasPrefix(s, "+") {
		b.WriteByte('+')
		i = 1
	}
	first := true
	for i < len(s) {
		n := min(len(s)-i, 2+g.rng.IntN(3))
		part := s[i : i+n]
		if first && g.rng.IntN(3) == 0 {
			part = "(" + part + ")"
		}
		if !first {
			b.WriteString(seps[g.rng.IntN(len(seps))])
		}
		b.WriteString(part)
		i += n
		first = false
	}
	return b.String()
}

// TestPrefixPatternMatchesLikeRegexp runs every international and national
// prefix of the metadata on random digit strings through the backtracker
// and through Go's regexp: match, end and groups must be the same.
func TestPrefixPatternMatchesLikeRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	eachPrefixPattern(t, func(pattern string, pp *prefixPattern, re *regexp.Regexp) {
		for range 300 {
			comparePrefixMatch(t, pp, re, randomPrefixInput(rng, pattern))
		}
	})
}

// eachPrefixPattern calls fn with every international and national prefix
// pattern of the metadata, compiled by the backtracker and by Go's regexp.
func eachPrefixPattern(t *testing.T, fn func(pattern string, pp *prefixPattern, re *regexp.Regexp)) {
	t.Helper()
	coll, err := phonenumbers.MetadataCollection()
	if err != nil {
		t.Fatal(err)
	}
	for _, md := range coll.GetMetadata() {
		for _, pattern := range []string{md.GetInternationalPrefix(), md.GetNationalPrefixForParsing()} {
			if pattern == "" {
				continue
			}
			pp, err := newPrefixPattern(pattern)
			if err != nil {
				t.Fatalf("%s %q: %v", md.GetId(), pattern, err)
			}
			re := regexp.MustCompile("^(?:" + pattern + ")")
			fn(pattern, pp, re)
		}
	}
}

// randomPrefixInput makes digit strings that often start like the pattern:
// the pattern's literal digits, then random ones.
func randomPrefixInput(rng *rand.Rand, pattern string) string {
	var b []byte
	for i := 0; i < len(pattern) && rng.IntN(4) != 0; i++ {
		if c := pattern[i]; c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	for n := rng.IntN(14); n > 0; n-- {
		b = append(b, byte('0'+rng.IntN(10)))
	}
	return string(b)
}

func comparePrefixMatch(t *testing.T, pp *prefixPattern, re *regexp.Regexp, s string) {
	t.Helper()
	var caps [maxCaptures]int
	ok := pp.match([]byte(s), &caps)
	want := re.FindStringSubmatchIndex(s)
	if ok != (want != nil) {
		t.Fatalf("%q on %q: match %v, regexp %v", re, s, ok, want)
	}
	for i := range want {
		if caps[i] != want[i] {
			t.Fatalf("%q on %q: slots %v, regexp %v", re, s, caps[:len(want)], want)
		}
	}
}

func TestTemplateExpandsLikeRegexp(t *testing.T) {
	re := regexp.MustCompile(`^(?:(1)(2)?)`)
	for _, tmpl := range []string{"268$1", "$2", "9$1", "$$1", "${1}0", "$x1", "$", "a$1b$2c"} {
		caps := [maxCaptures]int{0, 2, 0, 1, 1, 2, -1, -1}
		got := string(parseTemplate(tmpl).expand(nil, []byte("12"), &caps))
		want := string(re.ExpandString(nil, tmpl, "12", re.FindStringSubmatchIndex("12")))
		if got != want {
			t.Errorf("template %q: %q, regexp %q", tmpl, got, want)
		}
	}
}

// TestEveryRegionBuilds builds every region's DFA and reports the sizes.
func TestEveryRegionBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every DFA: not in -short")
	}
	p := phonesForTest(t)
	states, biggest, biggestID := 0, 0, ""
	for _, rs := range p.byCode {
		for _, r := range rs {
			r.match(nil)
			n := len(r.dfa.accept)
			states += n
			if n > biggest {
				biggest, biggestID = n, r.id
			}
		}
	}
	t.Logf("%d DFA states in all, the largest %d (%s)", states, biggest, biggestID)
}

// BenchmarkReadPhones measures reading the metadata (once per process).
func BenchmarkReadPhones(b *testing.B) {
	for b.Loop() {
		if _, err := readPhones(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildRegionDFA measures the subset construction of one region
// (done once per region and scan).
func BenchmarkBuildRegionDFA(b *testing.B) {
	p := phonesForTest(b)
	for _, region := range []string{"DE", "CN", "US", "GB"} {
		b.Run(region, func(b *testing.B) {
			r := p.region(region)
			r.match(nil) // compiles the patterns
			for b.Loop() {
				buildDigitDFA(r.patterns)
			}
		})
	}
}

func BenchmarkE164(b *testing.B) {
	p := phonesForTest(b)
	for _, bc := range []struct {
		name, raw, region string
	}{
		{"valid national DE", "0151 2345 6789", "DE"},
		{"valid bare CN", "13812345678", "CN"},
		{"valid international", "+86 138 1234 5678", "DE"},
		{"valid NANP", "(201) 555-0123", "US"},
		{"invalid digits DE", "0123 4567 8901", "DE"},
		{"invalid order number CN", "20261124000123", "CN"},
		{"invalid international", "+1 000 555 0123", "DE"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			raw := []byte(bc.raw)
			p.E164(raw, bc.region)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				p.E164(raw, bc.region)
			}
		})
	}
}

// BenchmarkLibphonenumber is the yardstick E164 replaces.
func BenchmarkLibphonenumber(b *testing.B) {
	for b.Loop() {
		if n, err := phonenumbers.Parse("0151 2345 6789", "DE"); err == nil {
			phonenumbers.IsValidNumber(n)
		}
	}
}

// TestPrefixPatternFilterKeepsMatches runs every prefix pattern of the
// metadata on all digit strings of up to three digits, and on each of
// them followed by random digits: the first- and second-digit filter must
// reject nothing that Go's regexp matches.
func TestPrefixPatternFilterKeepsMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var inputs []string
	for n := 0; n <= 999; n++ {
		for _, f := range []string{"%d", "%02d", "%03d"} {
			if s := fmt.Sprintf(f, n); len(s) <= 3 {
				inputs = append(inputs, s)
			}
		}
	}
	inputs = append(inputs, "")
	eachPrefixPattern(t, func(_ string, pp *prefixPattern, re *regexp.Regexp) {
		for _, s := range inputs {
			comparePrefixMatch(t, pp, re, s)
			comparePrefixMatch(t, pp, re, s+fmt.Sprint(rng.Uint64()))
		}
	})
}

func TestNewPhonesIsSharedByTheProcess(t *testing.T) {
	a, errA := NewPhones()
	b, errB := NewPhones()
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if a != b {
		t.Error("NewPhones read the metadata again: the CLI's flag check and the scan would each pay for it")
	}
}
