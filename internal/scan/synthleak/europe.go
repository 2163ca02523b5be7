package synthleak

import "strconv"

// The people who are not Chinese customers: European customers, German
// staff, journalists and a letter's addressee known only by address. They
// are few, so they are made once, and their identifiers are kept unique
// by remembering the ones handed out.

// marketCycle is the order in which European customers' countries come:
// Germany first, as NIO's largest European market.
var marketCycle = []int{0, 0, 1, 0, 2, 0, 3, 0, 4}

// uniqueSet hands out values at most once.
type uniqueSet map[string]bool

// claim reports whether v was still free, and takes it.
func (u uniqueSet) claim(v string) bool {
	if u[v] {
		return false
	}
	u[v] = true
	return true
}

// makePeople makes the European customers, staff, journalists and postal
// addressees.
func (g *generator) makePeople() error {
	taken := uniqueSet{}
	for k := 0; k < g.pop.eu; k++ {
		p, err := g.euCustomer(euCountries[marketCycle[k%len(marketCycle)]], taken)
		if err != nil {
			return err
		}
		g.eu = append(g.eu, p)
	}
	for k := 0; k < g.pop.staff; k++ {
		p, err := g.staffMember(k, taken)
		if err != nil {
			return err
		}
		g.staff = append(g.staff, p)
	}
	for k := 0; k < g.pop.press; k++ {
		p := g.german()
		p.email = g.uniqueMail(p, pick(g.rng, newsDomains), taken)
		g.press = append(g.press, p)
	}
	for k := 0; k < g.pop.postal; k++ {
		p := g.german()
		g.germanAddress(p)
		g.postal = append(g.postal, p)
	}
	return nil
}

// german makes a person with a German name.
func (g *generator) german() *euPerson {
	p := &euPerson{country: euCountries[0], female: g.rng.IntN(2) == 0, last: pick(g.rng, deLastNames)}
	if p.female {
		p.first = pick(g.rng, deFirstFemale)
	} else {
		p.first = pick(g.rng, deFirstMale)
	}
	return p
}

func (g *generator) euCustomer(c euCountry, taken uniqueSet) (*euPerson, error) {
	p := g.german()
	if c.first != nil {
		p.country, p.first, p.last = c, pick(g.rng, c.first), pick(g.rng, c.last)
	} else {
		g.germanAddress(p)
	}
	p.email = g.uniqueMail(p, pick(g.rng, c.mailDomains), taken)
	if err := g.euMobile(p, c, taken); err != nil {
		return nil, err
	}
	p.iban = g.ibanOf(c)
	return p, nil
}

func (g *generator) staffMember(k int, taken uniqueSet) (*euPerson, error) {
	p := g.german()
	p.email = g.uniqueMail(p, "staff.nio-synthetic.de", taken)
	if err := g.euMobile(p, euCountries[0], taken); err != nil {
		return nil, err
	}
	for p.taxID == "" || !taken.claim("tax:"+p.taxID) {
		p.taxID = taxID(g.rng)
	}
	p.iban = g.ibanOf(euCountries[0])
	p.birth = dateOf(g.now).yearsBefore(64).within(g.rng, 44*365)
	p.staffNo = "P" + strconv.Itoa(10001+k)
	p.dept, p.site = pick(g.rng, deDepartments), pick(g.rng, deSites)
	return p, nil
}

// germanAddress gives p a street address in a German town.
func (g *generator) germanAddress(p *euPerson) {
	t := pick(g.rng, deTowns)
	p.street = pick(g.rng, deStreets) + " " + strconv.Itoa(1+g.rng.IntN(120))
	p.postcode, p.town = t.postcode, t.town
}

// uniqueMail makes first.last@domain, numbered when taken.
func (g *generator) uniqueMail(p *euPerson, domain string, taken uniqueSet) string {
	base := asciiMail(p.first) + "." + asciiMail(p.last)
	mail := base + "@" + domain
	for n := 2; !taken.claim(mail); n++ {
		mail = base + strconv.Itoa(n) + "@" + domain
	}
	return mail
}

// euMobile draws a mobile number of country c that libphonenumber
// accepts as written, that no one else has, and whose digits are no card
// or ID number.
func (g *generator) euMobile(p *euPerson, c euCountry, taken uniqueSet) error {
	for range 1000 {
		nsn := pick(g.rng, c.mobile)
		nsn += randString(g.rng, digits, c.digits)
		e164 := "+" + c.callingCode + nsn
		written := writeEUMobile(c.callingCode, nsn)
		if !notOtherThanPhone(c.callingCode+nsn) || checkPhone(written, "", e164) != nil || !taken.claim(e164) {
			continue
		}
		p.phoneE164, p.phone = e164, written
		return nil
	}
	return errInvalidPhone
}

// ibanOf makes an IBAN of country c: a bank code of letters where the
// country has one, then digits.
func (g *generator) ibanOf(c euCountry) string {
	return iban(c.code, randString(g.rng, upperAlnum[:26], c.ibanLetters)+randString(g.rng, digits, c.ibanDigits))
}
