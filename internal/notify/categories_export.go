package notify

import "time"

// CategoryNames names scanner categories (email, iban, ...) in lang as the
// notifications do, in the scanner's order, for other capabilities' mails
// (the public self-check's answer). A language the desk does not write is
// read as English.
func CategoryNames(lang string, codes []string) []string {
	l := languages[baseLanguage(lang)]
	if l == nil {
		l = languages["en"]
	}
	return l.categoryNames(codes)
}

// FormatDate writes t as the notifications of lang write a date.
func FormatDate(lang string, t time.Time) string { return formatDate(baseLanguage(lang), t) }
