package detect

// Column hints: what a column or field name says about its values, in
// English, German, French, Spanish, Italian, Dutch, Chinese and some
// Japanese.
//
// A name is cut into lower-case words (snake_case, camelCase, kebab-case,
// spaces; letters and digits apart; Latin and CJK script apart) and
// matched against phrases. The longest phrase wins, so "email_address" is
// an e-mail column and not an address, "user_name" (an account handle) is
// no name, and "place_of_birth" is no date of birth. A phrase counts only
// at the end of the name or before words that do not change what the
// column holds ("password_hash", "phone_no", "address_line_1"): so
// "password_changed_at" and "address_verified" say nothing.
//
// Decisions: user names, logins, nicknames and display names are account
// handles, not a person's name, and get no hint. "name" alone is a name;
// with a qualifier only when the qualifier is a person (customer_name,
// receiver_name), so product_name and company_name are not. A city, town
// or Ort column is an address part (HintAddress) with Kind "locality": the
// caller joins it with the street and postcode (docs/scanner.md), but a
// record whose only address column is a locality holds no address.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// KindLocality marks a HintAddress column that holds only a town or city.
const KindLocality = "locality"

// ClassifyColumn classifies a column or field name. For a dotted path
// ("customer.address.city", "items[0].sku") the last element decides;
// when it says nothing but an earlier element names an address, the field
// is an address part. It runs once per column per file: it is written for
// clarity, not speed.
func ClassifyColumn(name string) ColumnHint {
	elems := pathElements(name)
	if len(elems) == 0 {
		return ColumnHint{}
	}
	h := classifyElement(elems[len(elems)-1])
	if h.Hint != HintNone && !(h.Hint == HintAddress && h.Kind == KindLocality) {
		return h
	}
	for _, e := range elems[:len(elems)-1] {
		if p := classifyElement(e); p.Hint == HintAddress && p.Kind == "" {
			return ColumnHint{Hint: HintAddress}
		}
	}
	return h
}

// pathElements splits a JSON path at dots and slashes, without array
// indexes.
func pathElements(name string) []string {
	var elems []string
	for _, e := range strings.FieldsFunc(name, func(r rune) bool { return r == '.' || r == '/' }) {
		if i := strings.IndexByte(e, '['); i >= 0 {
			e = e[:i]
		}
		if e = strings.TrimSpace(e); e != "" {
			elems = append(elems, e)
		}
	}
	return elems
}

// columnPhrase is one phrase of the tables below, cut into words.
type columnPhrase struct {
	hint    Hint
	kind    string // HintAddress: KindLocality
	format  string // a national ID format whose words include the phrase
	generic bool   // a generic national ID phrase ("id card")
	words   []string
	compact string // the words joined
	cjk     bool   // written in CJK: matched inside words
	exact   bool   // must be the whole name ("name", "id")
	head    bool   // may end a compound word ("lieferadresse")
}

// columnMatch is how well a phrase matched.
type columnMatch struct {
	phrase *columnPhrase
	score  int
}

func classifyElement(elem string) ColumnHint {
	lower := strings.ToLower(elem)
	words := columnWords(elem)
	var best columnMatch
	formats := map[string]int{}
	generic := 0
	for i := range columnPhrases {
		p := &columnPhrases[i]
		score := p.match(lower, words)
		if score == 0 {
			continue
		}
		if p.format != "" {
			formats[p.format] = max(formats[p.format], score)
		}
		if p.generic {
			generic = max(generic, score)
		}
		if score > best.score {
			best = columnMatch{p, score}
		}
	}
	if best.phrase == nil {
		return ColumnHint{}
	}
	h := ColumnHint{Hint: best.phrase.hint, Kind: best.phrase.kind}
	if h.Hint == HintNationalID && len(formats) == 1 {
		for kind, score := range formats {
			if score > generic {
				h.Kind = kind
			}
		}
	}
	return h
}

// match returns the phrase's score (its length) if it matches the name,
// else 0.
func (p *columnPhrase) match(lower string, words []string) int {
	if p.cjk {
		return p.matchCJK(lower)
	}
	for i := range words {
		end := p.matchAt(words, i)
		if end < 0 || p.exact && (i > 0 || end < len(words)) {
			continue
		}
		if neutralTail(words[end:]) {
			return len(p.compact)
		}
	}
	return 0
}

// matchAt returns where the phrase ends if it starts at words[i], or -1:
// word for word or glued ("firstname" for "first name"), or as the head
// of a compound word.
func (p *columnPhrase) matchAt(words []string, i int) int {
	rest := p.compact
	for j := i; j < len(words) && strings.HasPrefix(rest, words[j]); j++ {
		rest = rest[len(words[j]):]
		if rest == "" {
			return j + 1
		}
	}
	if p.head && len(words[i]) > len(p.compact) && strings.HasSuffix(words[i], p.compact) {
		return i + 1
	}
	return -1
}

func (p *columnPhrase) matchCJK(lower string) int {
	for off := 0; ; {
		i := strings.Index(lower[off:], p.compact)
		if i < 0 {
			return 0
		}
		rest := lower[off+i+len(p.compact):]
		if neutralCJKTail(rest) && (!p.exact || off+i == 0 && rest == "") {
			return len(p.compact)
		}
		off += i + len(p.compact)
	}
}

// neutralWords may follow a phrase without changing what the column holds.
var neutralWords = map[string]bool{
	"no": true, "nr": true, "num": true, "number": true, "nummer": true, "numero": true, "número": true,
	"code": true, "hash": true, "hashed": true, "enc": true, "encrypted": true, "crypt": true, "crypted": true,
	"md": true, "sha": true, "digest": true, "value": true, "val": true, "text": true, "txt": true, "str": true,
	"string": true, "raw": true, "plain": true, "clear": true, "cleartext": true, "line": true, "l": true,
	"data": true, "info": true, "detail": true, "details": true, "full": true, "new": true, "old": true,
	"current": true, "primary": true, "main": true, "home": true, "work": true, "private": true,
	"personal": true, "business": true, "mobile": true, "de": true, "du": true, "des": true, "di": true,
	"da": true, "del": true, "of": true, "client": true, "cliente": true, "customer": true, "kunde": true,
	"klant": true, "usuario": true, "utente": true, "utilisateur": true, "user": true, "x": true,
}

func neutralTail(words []string) bool {
	for _, w := range words {
		if !neutralWords[w] && !isAllDigits(w) {
			return false
		}
	}
	return true
}

// neutralCJKTails may follow a CJK phrase in the same word.
var neutralCJKTails = []string{"", "号", "号码", "码", "编号", "信息", "详情", "番号"}

func neutralCJKTail(rest string) bool {
	rest = strings.TrimRightFunc(rest, func(r rune) bool { return r < utf8.RuneSelf && !unicode.IsLetter(r) })
	for _, t := range neutralCJKTails {
		if rest == t {
			return true
		}
	}
	return false
}

func isAllDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

// columnWords cuts a name into lower-case words: at separators, at
// lower-to-upper case changes ("firstName", "IPAddress"), between
// letters and digits, and between Latin and CJK script.
func columnWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush()
			continue
		}
		if len(cur) > 0 && wordBreak(runes, i) {
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// wordBreak reports whether a new word starts at runes[i] (which follows
// another letter or digit).
func wordBreak(runes []rune, i int) bool {
	prev, r := runes[i-1], runes[i]
	switch {
	case unicode.IsDigit(prev) != unicode.IsDigit(r):
		return true
	case isCJK(prev) != isCJK(r):
		return true
	case unicode.IsLower(prev) && unicode.IsUpper(r):
		return true
	case unicode.IsUpper(prev) && unicode.IsUpper(r) && i+1 < len(runes) && unicode.IsLower(runes[i+1]):
		return true // "IPAddress": the last capital starts a word
	}
	return false
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// newColumnPhrase cuts a phrase into words the way names are cut.
func newColumnPhrase(h Hint, text string) columnPhrase {
	p := columnPhrase{hint: h}
	if strings.HasPrefix(text, "=") {
		p.exact, text = true, text[1:]
	}
	if strings.HasPrefix(text, "~") {
		p.head, text = true, text[1:]
	}
	p.words = columnWords(text)
	p.compact = strings.Join(p.words, "")
	r, _ := utf8.DecodeRuneInString(p.compact)
	p.cjk = isCJK(r)
	if p.cjk {
		p.compact = strings.ToLower(text)
	}
	return p
}

// columnPhrases are all phrases, made once. In the tables a leading "="
// marks a phrase that must be the whole name, "~" one that may end a
// compound word.
var columnPhrases = func() []columnPhrase {
	var ps []columnPhrase
	add := func(h Hint, kind string, texts ...string) {
		for _, t := range texts {
			p := newColumnPhrase(h, t)
			p.kind = kind
			ps = append(ps, p)
		}
	}
	for _, f := range IDFormats {
		for _, w := range f.Words {
			p := newColumnPhrase(HintNationalID, w)
			p.format = f.Kind
			if p.compact != "" {
				ps = append(ps, p)
			}
		}
	}
	for _, w := range genericIDPhrases {
		p := newColumnPhrase(HintNationalID, w)
		p.generic = true
		ps = append(ps, p)
	}
	add(HintNone, "", noHintPhrases...)
	add(HintEmail, "", emailPhrases...)
	add(HintPhone, "", phonePhrases...)
	add(HintIP, "", ipPhrases...)
	add(HintSecret, "", secretPhrases...)
	add(HintCard, "", cardPhrases...)
	add(HintIBAN, "", ibanPhrases...)
	add(HintVIN, "", vinPhrases...)
	add(HintBirth, "", birthPhrases...)
	add(HintPassword, "", passwordPhrases...)
	add(HintName, "", namePhrases()...)
	add(HintAddress, "", addressPhrases...)
	add(HintAddress, KindLocality, localityPhrases...)
	add(HintIdentifier, "", identifierPhrases...)
	return ps
}()

var genericIDPhrases = []string{
	"id card", "id card number", "identity card", "identity number", "id number", "=id no", "national id",
	"national identity", "national id number", "personal id", "personal number", "citizen id",
	"government id", "document number", "身份证", "身份证号", "身份证号码", "证件号", "证件号码",
}

// noHintPhrases outrank shorter phrases inside them and say nothing.
var noHintPhrases = []string{
	"place of birth", "birth place", "birthplace", "country of birth", "birth country", "city of birth",
	"birth city", "geburtsort", "geburtsland", "lieu de naissance", "lugar de nacimiento", "luogo di nascita",
	"geboorteplaats", "geboorteland", "出生地", "籍贯", "mac address", "mac addr", "wallet address",
	"contract address", "bitcoin address", "btc address", "eth address", "server address", "host address",
	"web address", "url address", "用户名", "benutzername", "password policy", "password hint",
}

var emailPhrases = []string{
	"email", "e mail", "mail", "email address", "e mail address", "mail address", "email addr", "mail addr",
	"~mailadresse", "e mail adresse", "email adresse", "mail adresse", "courriel", "correo", "correo electronico", "correo electrónico", "posta elettronica",
	"邮箱", "电子邮件", "电子邮箱", "邮件地址", "邮箱地址", "メール", "メールアドレス",
}

var phonePhrases = []string{
	"phone", "telephone", "tel", "mobile", "mobile phone", "cell", "cellphone", "cell phone", "handy",
	"~telefon", "telefonnummer", "mobil", "mobilnummer", "handynummer", "rufnummer", "fax", "phone number",
	"contact number", "whatsapp", "msisdn", "téléphone", "portable", "teléfono", "telefono", "móvil", "movil",
	"celular", "cellulare", "telefoon", "mobiel", "gsm", "手机", "手机号", "电话", "联系电话", "座机", "电话号码",
	"手機", "電話", "携帯", "電話番号",
}

var ipPhrases = []string{
	"ip", "ip address", "ip addr", "ipv4", "ipv6", "remote addr", "remote address", "remote ip", "client ip",
	"source ip", "src ip", "last ip", "login ip", "host ip", "x forwarded for", "ip 地址", "ip地址",
}

var secretPhrases = []string{
	"api key", "apikey", "token", "access token", "refresh token", "auth token", "session token", "secret",
	"client secret", "secret key", "access key", "secret access key", "private key", "bearer", "密钥", "令牌",
}

var cardPhrases = []string{
	"card number", "card no", "cc number", "cc num", "=cc", "ccnum", "credit card", "credit card number",
	"debit card", "=pan", "kreditkarte", "kreditkartennummer", "kartennummer", "carte bancaire",
	"numero de carte", "tarjeta", "numero de tarjeta", "número de tarjeta", "carta di credito", "银行卡",
	"银行卡号", "信用卡", "卡号",
}

var ibanPhrases = []string{
	"iban", "account number", "account no", "bank account", "kontonummer", "konto", "bankverbindung",
	"rekeningnummer", "numéro de compte", "numero de compte", "numero de cuenta", "número de cuenta",
	"conto corrente", "银行账号", "银行账户",
}

var vinPhrases = []string{
	"vin", "vin number", "vehicle identification number", "chassis", "chassis number", "fahrgestellnummer",
	"车架号", "车架号码", "车辆识别代号", "车辆识别码", "车辆识别号",
}

var birthPhrases = []string{
	"dob", "birth", "birthday", "birthdate", "birth date", "date of birth", "birth day", "born", "born on",
	"geburtsdatum", "geburtstag", "geb datum", "gebdatum", "date de naissance", "naissance",
	"fecha de nacimiento", "fecha nacimiento", "nacimiento", "data di nascita", "data nascita", "nascita",
	"geboortedatum", "出生日期", "出生年月", "生日", "出生", "生年月日", "誕生日",
}

var passwordPhrases = []string{
	"password", "passwd", "pwd", "pass", "pw", "password hash", "pw hash", "pass hash", "hashed password",
	"encrypted password", "passphrase", "~passwort", "~kennwort", "mot de passe", "motdepasse", "contraseña",
	"contrasena", "~wachtwoord", "密码", "口令", "パスワード",
}

// personWords qualify "name" as a person's: customer_name, name_first.
var personWords = []string{
	"first", "last", "full", "given", "family", "middle", "maiden", "birth", "real", "legal", "customer",
	"client", "owner", "receiver", "recipient", "contact", "sender", "buyer", "member", "patient",
	"employee", "guest", "holder", "cardholder", "card holder", "account holder", "driver", "passenger",
	"parent", "father", "mother", "spouse", "guardian", "person", "consignee", "addressee", "applicant",
	"beneficiary", "insured", "policyholder", "tenant", "student", "billing", "shipping", "delivery",
	"emergency contact", "cliente", "kunde", "klant", "destinataire", "destinatario", "titular",
	"titulaire", "intestatario",
}

func namePhrases() []string {
	ps := []string{
		"=name", "=nom", "=nombre", "=nome", "=naam", "surname", "firstname", "lastname", "fullname",
		"forename", "receiver", "recipient", "consignee", "addressee", "contact person", "cardholder",
		"card holder", "account holder", "vorname", "nachname", "familienname", "zuname", "rufname",
		"geburtsname", "kundenname", "empfänger", "empfaenger", "inhaber", "kontoinhaber", "karteninhaber",
		"ansprechpartner", "fahrzeughalter", "halter", "prénom", "prenom", "nom de famille", "nom complet",
		"apellido", "apellidos", "primer apellido", "segundo apellido", "nombre completo", "cognome",
		"nome completo", "voornaam", "achternaam", "姓名", "名字", "收件人", "收货人", "联系人", "持卡人", "户名",
		"真实姓名", "氏名", "名前", "=姓", "=名",
	}
	for _, n := range []string{"name", "nom", "nombre", "nome", "naam"} {
		for _, q := range personWords {
			ps = append(ps, q+" "+n, n+" "+q)
		}
	}
	return ps
}

var addressPhrases = []string{
	"~address", "addr", "adr", "street", "street address", "street name", "house number", "housenumber",
	"house no", "postcode", "post code", "postal code", "zip", "zipcode", "zip code", "plz", "~postleitzahl",
	"~straße", "~strasse", "hausnummer", "hausnr", "~anschrift", "~adresse", "rue", "calle", "indirizzo",
	"dirección", "direccion", "domicilio", "código postal", "codigo postal", "code postal", "~adres",
	"straat", "huisnummer", "地址", "住址", "收货地址", "详细地址", "家庭住址", "通讯地址", "联系地址", "街道",
	"邮编", "邮政编码", "住所", "郵便番号", "番地",
}

var localityPhrases = []string{
	"city", "town", "ort", "wohnort", "stadt", "ville", "ciudad", "localidad", "città", "citta", "comune",
	"stad", "plaats", "woonplaats", "城市", "所在地", "=市",
}

var identifierPhrases = []string{
	"id", "uuid", "guid", "sku", "order", "order no", "order number", "order id", "bestellnummer",
	"auftragsnummer", "tracking", "tracking number", "tracking no", "tracking id", "sendungsnummer",
	"invoice", "invoice number", "invoice no", "rechnungsnummer", "transaction", "transaction id", "txn",
	"reference", "ref", "ref no", "referenz", "serial", "serial number", "seriennummer", "ticket",
	"ticket number", "订单号", "订单编号", "快递单号", "运单号", "物流单号", "发票号", "流水号", "交易号",
	"商品编号",
}
