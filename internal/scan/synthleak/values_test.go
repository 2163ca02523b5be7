package synthleak

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The detect package's validators are written by colleagues at the same
// time; until one is there, a stub rejects everything. ready tells them
// apart by a value every real validator accepts, so these tests check
// what exists and say what they skipped.
type readiness struct {
	email, ip, date, hash, secret, key bool
}

func probeValidators() readiness {
	_, email := detect.ValidEmail([]byte("wang.wei@163.com"))
	_, ip := detect.ParseIP([]byte("8.8.8.8"), nil)
	_, date := detect.ParseDate([]byte("1985-03-14"), defaultNow())
	_, key := detect.PrivateKeyBlock([]byte(privateKey(rand.New(rand.NewPCG(1, 1)), "")))
	return readiness{
		email: email, ip: ip, date: date, key: key,
		hash:   detect.HashKind([]byte("$2a$10$"+strings.Repeat("a", 53))) == "bcrypt",
		secret: detect.SecretKind([]byte("AKIA"+strings.Repeat("B", 16))) == "aws_access_key",
	}
}

// missing names the validators that are still stubs.
func (r readiness) missing() string {
	var m []string
	for name, ok := range map[string]bool{
		"ValidEmail": r.email, "ParseIP": r.ip, "ParseDate": r.date, "HashKind": r.hash, "SecretKind": r.secret, "PrivateKeyBlock": r.key,
	} {
		if !ok {
			m = append(m, name)
		}
	}
	slices.Sort(m)
	return strings.Join(m, ", ")
}

// TestEveryPlantedValueValidates checks every value the report counts
// with the validator the scanner uses for its category.
func TestEveryPlantedValueValidates(t *testing.T) {
	lk := generated(t)
	ready := probeValidators()
	phones, err := detect.NewPhones()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[finding]bool{}
	for _, f := range lk.plant.values {
		if seen[f] {
			continue
		}
		seen[f] = true
		if ok, checked := validates(f, phones, ready); checked && !ok {
			t.Errorf("planted %s (%s) does not validate", f.cat, f.kind) // no value: it could be anyone's
		}
	}
	if missing := ready.missing(); missing != "" {
		t.Logf("validators not there yet, so not checked: %s", missing)
	}
}

// validates checks one planted value; checked is false when the
// category's validator is not there yet.
func validates(f finding, phones *detect.Phones, ready readiness) (ok, checked bool) {
	b := []byte(f.value)
	switch f.cat {
	case detect.IBAN:
		return detect.ValidIBAN(b), true
	case detect.PaymentCard:
		return detect.ValidCard(b), true
	case detect.VIN:
		return detect.ValidVIN(b), true
	case detect.NationalID:
		norm, ok := idFormat(f.kind).Validate(b)
		return ok && norm == f.value, true
	case detect.Phone:
		e164, ok := phones.E164(b, "CN")
		return ok && e164 == f.value && validE164(f.value), true
	case detect.Email:
		norm, ok := detect.ValidEmail(b)
		return ok && norm == f.value, ready.email
	case detect.IPAddress:
		norm, ok := detect.ParseIP(b, nil)
		return ok && norm == f.value, ready.ip
	case detect.DateOfBirth:
		norm, ok := detect.ParseDate(b, defaultNow())
		return ok && norm == f.value, ready.date
	case detect.Credential:
		return f.kind == "password" || detect.HashKind(b) == f.kind, ready.hash
	case detect.Secret:
		if f.kind == "private_key" {
			n, ok := detect.PrivateKeyBlock(b)
			return ok && n == len(b), ready.key
		}
		return detect.SecretKind(b) == f.kind, ready.secret
	case detect.Name, detect.PostalAddress:
		return f.value != "" && f.value == strings.TrimSpace(f.value), true
	}
	return false, true
}

// TestEveryDecoyFails checks every decoy against the validators that
// could take it for personal data.
func TestEveryDecoyFails(t *testing.T) {
	lk := generated(t)
	ready := probeValidators()
	counts := map[string]int{}
	for _, d := range lk.plant.decoys {
		counts[d.what]++
		if reason := decoyCounts(d, ready); reason != "" {
			t.Errorf("decoy %s %s", d.what, reason)
		}
	}
	for _, what := range []string{"order_no", "tracking_no", "iban", "card", "uuid", "sha256", "version"} {
		if counts[what] == 0 {
			t.Errorf("no %s decoy in the leak", what)
		}
	}
}

// decoyCounts says why a decoy would count, or "" when it would not.
func decoyCounts(d decoy, ready readiness) string {
	compact := []byte(strings.ToUpper(d.value))
	switch d.what {
	case "order_no":
		if validID("cn_resident_id", d.value) || !inert(d.value) {
			return "validates"
		}
	case "tracking_no":
		if !inert(string(compact)) {
			return "validates"
		}
	case "iban":
		if detect.ValidIBAN(compact) {
			return "is a valid IBAN"
		}
	case "card":
		if detect.ValidCard(compact) {
			return "is a valid card number"
		}
	case "uuid", "sha256":
		if ready.secret && detect.SecretKind([]byte(d.value)) != "" {
			return "has a secret's shape"
		}
	case "version":
		if _, ok := detect.ParseIP([]byte(d.value), []byte(d.before)); ready.ip && ok {
			return "reads as an IP address"
		}
	}
	return ""
}

// FuzzValueMakers makes values from any seed: the valid ones must
// validate, the decoys must not.
func FuzzValueMakers(f *testing.F) {
	for _, seed := range []uint64{0, 1, 7, 42, 1 << 40} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, 3))
		day := dateOf(defaultNow()).yearsBefore(18 + rng.IntN(50)).addDays(-rng.IntN(365))
		for _, c := range []struct {
			what  string
			valid bool
		}{
			{"resident ID", validID("cn_resident_id", residentID(pick(rng, cnIDRegions), day, rng.IntN(1000)))},
			{"tax ID", validID("de_tax_id", taxID(rng))},
			{"VIN", detect.ValidVIN([]byte(vinFor(rng.IntN(vinSpace), "ES8AA")))},
			{"IBAN", detect.ValidIBAN([]byte(iban("DE", randString(rng, digits, 18))))},
			{"card", detect.ValidCard([]byte(validCard(rng)))},
			{"order number is no ID", !validID("cn_resident_id", orderNumber(rng, day))},
			{"tracking number is nothing", inert(trackingNumber(rng))},
			{"invalid IBAN", !detect.ValidIBAN([]byte(invalidIBAN(rng, "DE", randString(rng, digits, 18))))},
			{"invalid card", !detect.ValidCard([]byte(invalidCard(rng, "4", 16)))},
		} {
			if !c.valid {
				t.Errorf("seed %d: %s fails", seed, c.what)
			}
		}
	})
}

func TestMakersMakeWhatTheirNamesSay(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	born := date{1985, 3, 14}
	tests := []struct {
		name string
		ok   bool
	}{
		{"a resident ID holds the birth date", residentID("110105", born, 123)[6:14] == "19850314"},
		{"a resident ID of an odd sequence number is a man's", residentID("110105", born, 123)[16]%2 == 1},
		{"a VIN has 17 characters without I, O, Q", len(vinFor(12345, "ES8AA")) == 17 && !strings.ContainsAny(vinFor(12345, "ES8AA"), "IOQ")},
		{"a spaced IBAN is the IBAN in groups of four", spacedIBAN("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"},
		{"a spaced tax ID is printed 2-3-3-3", spacedTaxID("86095742719") == "86 095 742 719"},
		{"a bcrypt hash has 60 characters", len(bcryptHash(rng)) == 60},
		{"an AWS access key has 20 characters", len(awsAccessKey(rng)) == 20},
		{"a JWT has three parts", strings.Count(jwt(rng, "svc", 1), ".") == 2},
		{"a UUID has five groups", strings.Count(uuid(rng), "-") == 4},
		{"a private key block ends with its END line", strings.HasSuffix(privateKey(rng, "  "), "-----END RSA PRIVATE KEY-----")},
		{"an order number has 18 digits", len(onlyDigits(orderNumber(rng, born))) == 18},
	}
	for _, tt := range tests {
		if !tt.ok {
			t.Error(tt.name)
		}
	}
}

func TestPhoneNumbersAreWrittenAsLibphonenumberReadsThem(t *testing.T) {
	for style := range numCNStyles {
		w := writeCNMobile("13812345678", style)
		if err := checkPhone(w, "CN", "+8613812345678"); err != nil {
			t.Errorf("style %d %q: %v", style, w, err)
		}
	}
	tests := []struct{ cc, nsn, want string }{
		{"49", "15123456789", "+49 151 23456789"},
		{"31", "612345678", "+31 6 12345678"},
		{"47", "91234567", "+47 912 34 567"},
		{"45", "21234567", "+45 21 23 45 67"},
		{"46", "701234567", "+46 70 123 45 67"},
	}
	for _, tt := range tests {
		got := writeEUMobile(tt.cc, tt.nsn)
		if got != tt.want {
			t.Errorf("writeEUMobile(%s, %s) = %q, want %q", tt.cc, tt.nsn, got, tt.want)
		}
		if err := checkPhone(got, "", "+"+tt.cc+tt.nsn); err != nil {
			t.Errorf("%q: %v", got, err)
		}
	}
}

func TestAffineIsAPermutation(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, m := range []uint64{10, 1000, 10_000, 20_457} {
		p := newAffine(rng, m)
		seen := make([]bool, m)
		for x := range int(m) {
			y := p.at(x)
			if seen[y] {
				t.Fatalf("m=%d: %d taken twice", m, y)
			}
			seen[y] = true
		}
	}
}
