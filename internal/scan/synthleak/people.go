package synthleak

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// The people of the leak. Chinese customers are the bulk (millions at full
// scale), so each is derived on demand from the seed and their number:
// nothing about them is kept in memory, and every file that mentions
// customer i derives the same person. Their linking identifiers are unique
// by construction (affine permutations of i), so that two made-up people
// never merge into one by accident. The few European customers, staff and
// journalists are made once, up front.

// date is a calendar date.
type date struct{ y, m, d int }

func dateOf(t time.Time) date { return date{t.Year(), int(t.Month()), t.Day()} }

func (d date) time() time.Time                      { return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC) }
func (d date) addDays(n int) date                   { return dateOf(d.time().AddDate(0, 0, n)) }
func (d date) compact() string                      { return pad(d.y, 4) + pad(d.m, 2) + pad(d.d, 2) }
func (d date) iso() string                          { return pad(d.y, 4) + "-" + pad(d.m, 2) + "-" + pad(d.d, 2) }
func daysBetween(from, to date) int                 { return int(to.time().Sub(from.time()).Hours() / 24) }
func (d date) yearsBefore(n int) date               { return dateOf(d.time().AddDate(-n, 0, 0)) }
func (d date) within(rng *rand.Rand, days int) date { return d.addDays(rng.IntN(days)) }

// affine is a permutation of [0, m): x -> (a*x + b) mod m with a prime to
// m. It spreads consecutive person numbers over a number space without
// ever giving two people the same number.
type affine struct{ a, b, m uint64 }

func newAffine(rng *rand.Rand, m uint64) affine {
	for {
		a := 1 + rng.Uint64N(m-1)
		if gcd(a, m) == 1 {
			return affine{a, rng.Uint64N(m), m}
		}
	}
}

func (p affine) at(x int) int { return int((p.a*uint64(x) + p.b) % p.m) }

func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// population says how many people of each kind the leak holds.
type population struct {
	cn     int // Chinese customers
	cnGone int // of them, the last ones: only in the 2020 backup (accounts deleted since)
	eu     int // European customers
	staff  int // German staff
	press  int // journalists who wrote to the service address
	postal int // people known only by a postal address in a letter
}

// newPopulation splits n persons in NIO's proportions: 22,800 staff
// records against 4.85 million registered users.
func newPopulation(n int) population {
	p := population{press: 2, postal: 1}
	p.staff = max(3, n*228/48500)
	p.eu = max(6, n/400)
	p.cn = n - p.staff - p.eu - p.press - p.postal
	p.cnGone = max(1, p.cn/100)
	return p
}

// registered is the number of customers in the current user table.
func (p population) registered() int { return p.cn - p.cnGone }

// cnFlags say in which files a Chinese customer appears besides the user
// table.
type cnFlags struct {
	gone      bool // deleted account: only in the 2020 backup
	address   bool // one shipping address
	second    bool // and a second one
	carOwner  bool
	owner2021 bool // in the 2021 owner backup
	oldMobile bool // with the number they had in 2021
	member    bool // in the member export
	in2020    bool // in the 2020 user backup
	oldEmail  bool // with the address they had in 2020
}

// splitmix scrambles x (SplitMix64's finalizer).
func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ x>>30) * 0xBF58476D1CE4E5B9
	x = (x ^ x>>27) * 0x94D049BB133111EB
	return x ^ x>>31
}

// share reports whether the 10-bit slice of h at shift falls under
// perMille thousandths.
func share(h uint64, shift uint, perMille int) bool {
	return int(h>>shift&1023) < perMille*1024/1000
}

// flags derives customer i's files from the seed, cheaply: most passes
// over the customers need only these.
func (g *generator) flags(i int) cnFlags {
	if i >= g.pop.registered() {
		return cnFlags{gone: true, in2020: true, oldEmail: share(splitmix(g.salt^uint64(i)), 0, 100)}
	}
	h := splitmix(g.salt ^ uint64(i))
	f := cnFlags{
		address:  share(h, 0, 120),
		carOwner: share(h, 10, 82),
		member:   share(h, 20, 30),
		in2020:   share(h, 30, 40),
		oldEmail: share(h, 40, 100),
	}
	h2 := splitmix(h)
	f.second = f.address && share(h2, 0, 117) // 1.4% of all customers
	f.owner2021 = f.carOwner && share(h2, 10, 600)
	f.oldMobile = f.owner2021 && share(h2, 20, 100)
	return f
}

// cnAddress is a Chinese postal address.
type cnAddress struct {
	place    cnPlace
	road     string
	number   int
	postcode string
}

// street is the road and house number: 建国路88号.
func (a cnAddress) street() string { return a.road + strconv.Itoa(a.number) + "号" }

// oneLine writes the address as one string, the way the owner table holds
// it: 北京市朝阳区建国路88号 (the city is left out when it is the province).
func (a cnAddress) oneLine() string {
	city := a.place.city
	if city == a.place.province {
		city = ""
	}
	return a.place.province + city + a.place.district + a.street()
}

func newCNAddress(rng *rand.Rand) cnAddress {
	p := pick(rng, cnPlaces)
	return cnAddress{place: p, road: pick(rng, p.roads), number: 1 + rng.IntN(300), postcode: p.postcode + pad(rng.IntN(100), 2)}
}

// cnPerson is a Chinese customer.
type cnPerson struct {
	i          int
	flags      cnFlags
	surname    hanzi
	given      hanzi
	birth      date
	residentID string
	mobile     string // 11 digits
	oldMobile  string
	email      string // lower case, as registered
	oldEmail   string
	username   string
	ip, ipNorm string // as written and canonical
	hash       string // bcrypt hash of the password
	oldHash    string // the hash in the 2020 backup
	signedUp   string // registration time, as MySQL writes it
	home       cnAddress
	second     cnAddress
	vin, plate string
}

func (p *cnPerson) name() string { return p.surname.han + p.given.han }

// cnPerson derives customer i.
func (g *generator) cnPerson(i int) *cnPerson {
	rng := g.personRNG(1, i)
	p := &cnPerson{i: i, flags: g.flags(i)}
	j := g.perm.id.at(i)
	p.birth = g.oldest.addDays(j / 1000)
	seq := j % 1000
	p.surname = pick(rng, cnSurnames)
	if seq%2 == 1 { // the ID's sequence number is odd for men
		p.given = pick(rng, cnGivenMale)
	} else {
		p.given = pick(rng, cnGivenFemale)
	}
	p.residentID = g.residentIDFor(rng, p.birth, seq)
	body := pad(g.perm.mobile.at(i), 8)
	p.mobile = pick(rng, cnMobilePrefixes) + body
	p.oldMobile = pick(rng, cnOldMobilePrefixes) + body
	p.email, p.oldEmail = g.cnEmails(rng, p, i)
	p.username = p.surname.pinyin + p.given.pinyin + pad(rng.IntN(100), 2)
	if rng.IntN(20) == 0 {
		p.ip, p.ipNorm = ipv6(rng)
	} else {
		p.ip = ipv4(rng)
		p.ipNorm = p.ip
	}
	p.hash, p.oldHash = bcryptHash(rng), bcryptHash(rng)
	p.signedUp = g.timestamp(rng, 2015)
	p.home, p.second = newCNAddress(rng), newCNAddress(rng)
	p.vin = vinFor(g.perm.vin.at(i), pick(rng, []string{"ES8AA", "ES6BB", "EC6CC", "ET7DD", "ET5EE"}))
	p.plate = pick(rng, cnPlatePrefixes) + pick(rng, []string{"D", "F"}) + randString(rng, digits, 5)
	return p
}

// residentIDFor makes the ID of a person born on birth with sequence
// number seq. The county is drawn again while the number would also pass
// as a payment card: the scanner tries cards first, and such an ID would
// count as a card.
func (g *generator) residentIDFor(rng *rand.Rand, birth date, seq int) string {
	for {
		id := residentID(pick(rng, cnIDRegions), birth, seq)
		if !detect.ValidCard([]byte(id)) {
			return id
		}
	}
}

// cnEmails makes a customer's address and the one they had before. The
// number in it is the customer's own (a permutation of i), so no two
// customers share an address. A QQ mailbox is the QQ number.
func (g *generator) cnEmails(rng *rand.Rand, p *cnPerson, i int) (string, string) {
	tag := g.perm.tag.at(i)
	domain := pick(rng, cnMailDomains)
	old := pick(rng, cnMailDomains)
	for old == domain || old == "qq.com" {
		old = pick(rng, cnMailDomains)
	}
	var local string
	switch rng.IntN(3) {
	case 0:
		local = p.given.pinyin + "." + p.surname.pinyin + strconv.Itoa(tag)
	case 1:
		local = p.surname.pinyin + "_" + p.given.pinyin + strconv.Itoa(tag)
	default:
		local = p.surname.pinyin + p.given.pinyin + strconv.Itoa(tag)
	}
	if domain == "qq.com" {
		return strconv.Itoa(100000+tag) + "@" + domain, local + "@" + old
	}
	return local + "@" + domain, local + "@" + old
}

// timestamp is a time after January 1 of year and at least a month before
// now, as MySQL writes it.
func (g *generator) timestamp(rng *rand.Rand, year int) string {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	span := g.now.AddDate(0, -1, 0).Sub(from)
	return from.Add(time.Duration(rng.Int64N(int64(span/time.Second))) * time.Second).Format(time.DateTime)
}

// personRNG returns the generator's per-person random source, seeded for
// person i of a kind. It is shared: derive one person at a time.
func (g *generator) personRNG(kind, i int) *rand.Rand {
	g.pcg.Seed(uint64(g.opt.Seed), uint64(kind)<<56^uint64(i))
	return g.personRand
}

// euPerson is a European customer, a member of staff, a journalist or a
// letter's addressee.
type euPerson struct {
	country   euCountry
	female    bool
	first     string
	last      string
	email     string
	phoneE164 string
	phone     string // as written
	street    string // German addresses only
	postcode  string
	town      string
	iban      string
	taxID     string // staff
	birth     date   // staff
	staffNo   string
	dept      string
	site      string
}

func (p *euPerson) name() string { return p.first + " " + p.last }

// salutation is the German form of address: Frau Schmidt.
func (p *euPerson) salutation() string {
	if p.female {
		return "Frau"
	}
	return "Herr"
}

// asciiMail writes a name part for an e-mail address: lower case, umlauts
// spelled out, spaces dropped.
func asciiMail(s string) string {
	return strings.ToLower(strings.ReplaceAll(asciiName(s), " ", ""))
}
