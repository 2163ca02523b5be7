package synthleak

import (
	"encoding/base64"
	"encoding/hex"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// Makers of values. Valid values are valid by construction: the check
// digits come from the detect package's generators (gen.go), never from a
// copy of their rules here. Decoys are made invalid and then checked with
// the detect validators, and remade until every validator rejects them.

const (
	digits     = "0123456789"
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	bcryptABC  = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	base32ABC  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	hexDigits  = "0123456789abcdef"
)

// randString draws n characters from abc.
func randString(rng *rand.Rand, abc string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = abc[rng.IntN(len(abc))]
	}
	return string(b)
}

// pick returns a random element of list.
func pick[T any](rng *rand.Rand, list []T) T { return list[rng.IntN(len(list))] }

// idFormat returns the detect package's format of kind.
func idFormat(kind string) *detect.IDFormat {
	for i := range detect.IDFormats {
		if detect.IDFormats[i].Kind == kind {
			return &detect.IDFormats[i]
		}
	}
	return nil
}

// validID reports whether compact validates as kind.
func validID(kind, compact string) bool {
	f := idFormat(kind)
	if f == nil {
		return false
	}
	_, ok := f.Validate([]byte(compact))
	return ok
}

// residentID makes a Chinese resident ID: county code, birth date, a
// sequence number (odd for men) and the check character.
func residentID(county string, birth date, seq int) string {
	first17 := county + birth.compact() + pad(seq, 3)
	return first17 + string(detect.CNResidentCheckChar(first17))
}

// vinSpace is how many different VINs vinFor makes: serial numbers times
// plants times model years.
const vinSpace = 1_000_000 * 10 * 4

// vinFor makes a VIN of an NIO-like make: world manufacturer code, vehicle
// descriptor (model, 5 characters), check character, model year
// (2019-2022), plant and serial. Different n below vinSpace make different
// VINs.
func vinFor(n int, model string) string {
	const years = "KLMN"
	const plants = "ABCDEFGHJK"
	serial := pad(n%1_000_000, 6)
	v := "LJ1" + model + "0" + string(years[n/10_000_000%4]) + string(plants[n/1_000_000%10]) + serial
	return v[:8] + string(detect.VINCheckChar(v)) + v[9:]
}

// iban makes a valid IBAN of country from its BBAN.
func iban(country, bban string) string {
	return country + detect.IBANCheckDigits(country, bban) + bban
}

// spacedIBAN writes an IBAN in groups of four, as printed.
func spacedIBAN(compact string) string {
	var b strings.Builder
	for i := 0; i < len(compact); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(compact[i:min(i+4, len(compact))])
	}
	return b.String()
}

// cardNumber makes a valid card number starting with prefix.
func cardNumber(rng *rand.Rand, prefix string, length int) string {
	partial := prefix + randString(rng, digits, length-len(prefix)-1)
	return partial + string(detect.CardCheckDigit(partial))
}

// taxID makes a German tax ID (Steuer-ID): ten digits in which one digit
// appears twice and one not at all, the first not 0, and the check digit.
func taxID(rng *rand.Rand) string {
	for {
		// perm[0] is the digit left out; perm[1] appears twice.
		perm := rng.Perm(10)
		d := make([]byte, 0, 10)
		for _, x := range perm[1:] {
			d = append(d, byte('0'+x))
		}
		d = append(d, byte('0'+perm[1]))
		rng.Shuffle(len(d), func(i, j int) { d[i], d[j] = d[j], d[i] })
		if d[0] == '0' || adjacentTwice(d) {
			continue
		}
		return string(d) + string(detect.DETaxCheckDigit(string(d)))
	}
}

// adjacentTwice reports whether two neighbouring digits are equal: the
// tax office avoids them, and so do we, to stay clear of every variant of
// the digit rules.
func adjacentTwice(d []byte) bool {
	for i := 1; i < len(d); i++ {
		if d[i] == d[i-1] {
			return true
		}
	}
	return false
}

// spacedTaxID writes a tax ID as the tax office prints it: 12 345 678 901.
func spacedTaxID(t string) string {
	return t[:2] + " " + t[2:5] + " " + t[5:8] + " " + t[8:]
}

// bcryptHash makes a string of the shape of a bcrypt hash.
func bcryptHash(rng *rand.Rand) string {
	return "$2" + pick(rng, []string{"a", "b", "y"}) + "$" + pick(rng, []string{"10", "10", "12"}) + "$" +
		randString(rng, bcryptABC, 53)
}

// ipv4 makes a public IPv4 address of a Chinese network.
func ipv4(rng *rand.Rand) string {
	first := pick(rng, []int{27, 36, 39, 58, 59, 60, 61, 101, 106, 110, 111, 112, 113, 114, 115, 116,
		117, 118, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222, 223})
	return strconv.Itoa(first) + "." + strconv.Itoa(rng.IntN(256)) + "." + strconv.Itoa(rng.IntN(256)) + "." +
		strconv.Itoa(1+rng.IntN(254))
}

// ipv6 makes an IPv6 address of a Chinese mobile network, written either
// compressed or in full upper case; the second value is its canonical
// form.
func ipv6(rng *rand.Rand) (written, canonical string) {
	groups := []string{"2408", "8207", strconv.FormatUint(uint64(rng.IntN(0x10000)), 16),
		strconv.FormatUint(uint64(rng.IntN(0x10000)), 16), "0", "0", "0", strconv.FormatUint(uint64(1+rng.IntN(0xfffe)), 16)}
	full := strings.Join(groups, ":")
	addr := netip.MustParseAddr(full)
	if rng.IntN(2) == 0 {
		return strings.ToUpper(full), addr.String()
	}
	return addr.String(), addr.String()
}

// Secrets of the shapes the scanner knows.

func awsAccessKey(rng *rand.Rand) string { return "AKIA" + randString(rng, base32ABC, 16) }
func githubToken(rng *rand.Rand) string  { return "ghp_" + randString(rng, alnum, 36) }
func stripeKey(rng *rand.Rand) string    { return "sk_live_" + randString(rng, alnum, 24) }

// jwt makes a signed-looking JSON Web Token of a service account.
func jwt(rng *rand.Rand, subject string, issuedAt int64) string {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload := enc.EncodeToString([]byte(`{"sub":"` + subject + `","iat":` + strconv.FormatInt(issuedAt, 10) + `}`))
	sig := make([]byte, 32)
	for i := range sig {
		sig[i] = byte(rng.IntN(256))
	}
	return header + "." + payload + "." + enc.EncodeToString(sig)
}

// privateKey makes a PEM block of the shape of an RSA private key; indent
// goes before each line but the first, as in a YAML block.
func privateKey(rng *rand.Rand, indent string) string {
	var b strings.Builder
	b.WriteString("-----BEGIN RSA PRIVATE KEY-----\n")
	body := make([]byte, 48*12)
	for i := range body {
		body[i] = byte(rng.IntN(256))
	}
	text := base64.StdEncoding.EncodeToString(body)
	for i := 0; i < len(text); i += 64 {
		b.WriteString(indent + text[i:min(i+64, len(text))] + "\n")
	}
	b.WriteString(indent + "-----END RSA PRIVATE KEY-----")
	return b.String()
}

// Decoys: identifiers of our own that look like personal data.

// uuid makes a random UUID whose groups each start with a digit and hold a
// letter, so that no run of its groups reads as an IBAN, a card, an ID or
// a phone number.
func uuid(rng *rand.Rand) string {
	lens := []int{8, 4, 4, 4, 12}
	parts := make([]string, len(lens))
	for i, n := range lens {
		for {
			g := randString(rng, hexDigits, n)
			if g[0] >= '0' && g[0] <= '9' && strings.ContainsAny(g, "abcdef") {
				parts[i] = g
				break
			}
		}
	}
	return strings.Join(parts, "-")
}

// sha256Hex makes a hex digest of the shape of a file checksum.
func sha256Hex(rng *rand.Rand) string {
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return hex.EncodeToString(b)
}

// orderNumber makes an 18-digit order number shaped like a resident ID
// (a county code, a date) whose check digit is wrong: the hardest decoy
// for a scanner that does not check.
func orderNumber(rng *rand.Rand, day date) string {
	for {
		first17 := pick(rng, cnIDRegions) + day.compact() + randString(rng, digits, 3)
		check := detect.CNResidentCheckChar(first17)
		wrong := byte('0' + rng.IntN(10))
		if wrong == check {
			continue
		}
		if n := first17 + string(wrong); inert(n) {
			return n
		}
	}
}

// trackingNumber makes a parcel tracking number: UPS (1Z...), SF Express
// (SF + 12 digits) or a bare 12-14 digit number.
func trackingNumber(rng *rand.Rand) string {
	for {
		var n string
		switch rng.IntN(3) {
		case 0:
			n = "1Z" + randString(rng, upperAlnum[:26], 3) + randString(rng, digits, 3) + randString(rng, upperAlnum[:26], 2) + randString(rng, digits, 8)
		case 1:
			n = "SF" + randString(rng, digits, 12)
		default:
			n = string(byte('1'+rng.IntN(9))) + randString(rng, digits, 11+rng.IntN(3))
		}
		if inert(n) {
			return n
		}
	}
}

// invalidIBAN is a valid IBAN with its check digits changed.
func invalidIBAN(rng *rand.Rand, country, bban string) string {
	for {
		v := country + pad(rng.IntN(100), 2) + bban
		if inert(v) {
			return v
		}
	}
}

// invalidCard is a card number of a known issuer whose Luhn digit is wrong.
func invalidCard(rng *rand.Rand, prefix string, length int) string {
	for {
		v := cardNumber(rng, prefix, length)
		last := byte('0' + (int(v[len(v)-1]-'0')+1+rng.IntN(9))%10)
		v = v[:len(v)-1] + string(last)
		if inert(v) {
			return v
		}
	}
}

// inert reports whether compact (upper case, no separators) validates as
// nothing the scanner counts by its shape alone: no IBAN, card, VIN or
// national ID of any kind, weak ones included.
func inert(compact string) bool {
	b := []byte(compact)
	if detect.ValidIBAN(b) || detect.ValidCard(b) || detect.ValidVIN(b) {
		return false
	}
	for _, f := range detect.IDFormats {
		if _, ok := f.Validate(b); ok && contains(f.Lengths, len(b)) {
			return false
		}
	}
	return true
}

// notOtherThanPhone reports whether the digits of a phone number (its
// E.164 form without '+', or as written) validate as no card and no
// strong national ID: the scanner tries those first, and a number that
// passed would count as them instead.
func notOtherThanPhone(digitsOnly string) bool {
	b := []byte(digitsOnly)
	if detect.ValidCard(b) {
		return false
	}
	for _, f := range detect.IDFormats {
		if f.Weak || !contains(f.Lengths, len(b)) {
			continue
		}
		if _, ok := f.Validate(b); ok {
			return false
		}
	}
	return true
}

func contains(list []int, n int) bool {
	for _, x := range list {
		if x == n {
			return true
		}
	}
	return false
}

// pad writes n with at least width digits.
func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// onlyDigits returns the digits of s.
func onlyDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
