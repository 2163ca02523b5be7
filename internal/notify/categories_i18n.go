package notify

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Languages are the languages a template's content may be written in:
// those for which the desk knows how to name the data categories, write a
// date and greet a person.
func Languages() []string { return []string{"de", "en", "zh"} }

// language is what the renderer needs to know of one language.
type language struct {
	categories map[string]string // scanner category -> name, as in a running sentence
	listSep    string            // between categories in a running sentence
	months     [12]string
	dateFormat func(l *language, t time.Time) string
	greetName  func(name string) string
	greeting   string // when the name is unknown
	// cjk texts are joined without spaces.
	cjk bool
	// font is the HTML part's font stack.
	font string
}

var languages = map[string]*language{
	"de": {
		categories: map[string]string{
			"email":          "E-Mail-Adresse",
			"phone":          "Telefonnummer",
			"iban":           "Bankverbindung (IBAN)",
			"payment_card":   "Zahlungskartennummer",
			"national_id":    "Ausweisnummer",
			"vin":            "Fahrzeug-Identifizierungsnummer (FIN)",
			"ip_address":     "IP-Adresse",
			"date_of_birth":  "Geburtsdatum",
			"name":           "Name",
			"postal_address": "Postanschrift",
			"credential":     "Zugangsdaten (Benutzername und Passwort)",
			"secret":         "Zugangsschlüssel oder Token",
		},
		listSep: ", ",
		months: [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
			"August", "September", "Oktober", "November", "Dezember"},
		dateFormat: func(l *language, t time.Time) string {
			return strconv.Itoa(t.Day()) + ". " + l.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
		},
		greetName: func(name string) string { return "Guten Tag " + name + "," },
		greeting:  "Guten Tag,",
		font:      "Arial,Helvetica,sans-serif",
	},
	"en": {
		categories: map[string]string{
			"email":          "e-mail address",
			"phone":          "phone number",
			"iban":           "bank account number (IBAN)",
			"payment_card":   "payment card number",
			"national_id":    "ID document number",
			"vin":            "vehicle identification number (VIN)",
			"ip_address":     "IP address",
			"date_of_birth":  "date of birth",
			"name":           "name",
			"postal_address": "postal address",
			"credential":     "login details (user name and password)",
			"secret":         "access keys or tokens",
		},
		listSep: ", ",
		months: [12]string{"January", "February", "March", "April", "May", "June", "July",
			"August", "September", "October", "November", "December"},
		dateFormat: func(l *language, t time.Time) string {
			return strconv.Itoa(t.Day()) + " " + l.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
		},
		greetName: func(name string) string { return "Dear " + name + "," },
		greeting:  "Dear customer,",
		font:      "Arial,Helvetica,sans-serif",
	},
	"zh": {
		categories: map[string]string{
			"email":          "电子邮件地址",
			"phone":          "电话号码",
			"iban":           "银行账号（IBAN）",
			"payment_card":   "支付卡号",
			"national_id":    "身份证件号码",
			"vin":            "车辆识别代号（VIN）",
			"ip_address":     "IP地址",
			"date_of_birth":  "出生日期",
			"name":           "姓名",
			"postal_address": "邮寄地址",
			"credential":     "登录凭据（用户名和密码）",
			"secret":         "访问密钥或令牌",
		},
		listSep: "、",
		dateFormat: func(_ *language, t time.Time) string {
			return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
		},
		greetName: func(name string) string { return "尊敬的" + name + "：" },
		greeting:  "尊敬的用户：",
		cjk:       true,
		font:      "'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC',Arial,sans-serif",
	},
}

// categoryOrder is the order categories are listed in: the scanner's, the
// most telling first.
var categoryOrder = []string{"email", "phone", "iban", "payment_card", "national_id", "vin",
	"ip_address", "date_of_birth", "name", "postal_address", "credential", "secret"}

// categoryNames names the person's categories in l, in categoryOrder; a
// category the desk has no name for (a newer scanner's) is named by its
// code rather than left out: the person must learn of it.
func (l *language) categoryNames(codes []string) []string {
	names := make([]string, 0, len(codes))
	for _, code := range categoryOrder {
		if containsString(codes, code) {
			names = append(names, l.categories[code])
		}
	}
	for _, code := range codes {
		if _, known := l.categories[code]; !known && code != "" {
			names = append(names, code)
		}
	}
	return names
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// upperFirst capitalises a list item ("e-mail address" -> "E-mail address").
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// baseLanguage reduces a language tag to its primary subtag: "de-AT" ->
// "de", "zh_Hans" -> "zh".
func baseLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// formatDate writes t as the letters and messages of lang show it.
func formatDate(lang string, t time.Time) string {
	l := languages[lang]
	if l == nil {
		return t.Format("2006-01-02")
	}
	return l.dateFormat(l, t)
}
