package publish

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// mailWords are the fixed texts of the public side's mails in one
// language. %s-free on purpose: the composers join the parts, so a word
// order that differs between languages is a different sentence here, not
// a format string to get wrong.
type mailWords struct {
	confirmSubject string
	confirmAsked   string
	confirmHow     string
	confirmLink    string
	confirmIgnore  string

	updateRead   string
	unsubscribe  string
	updateWhy    string
	phases       map[Phase]string
	publishedOn  string
	checkSubject string
	checkAsked   string
	affected     string
	categories   string
	whatToDo     string
	standardToDo string
	notAffected  string
	notYet       string
	hotline      string
	notYou       string
	press        string
	hotlineShort string
}

var mailTexts = map[string]*mailWords{
	"de": {
		confirmSubject: "Bitte bestätigen Sie Ihr Abonnement",
		confirmAsked:   "Jemand – hoffentlich Sie – möchte die Mitteilungen dieser Seite an diese Adresse erhalten.",
		confirmHow:     "Um das Abonnement zu bestätigen, öffnen Sie den folgenden Link und klicken Sie dort auf „Bestätigen“.",
		confirmLink:    "Abonnement bestätigen:",
		confirmIgnore:  "Waren Sie das nicht, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung erhalten Sie nichts weiter von uns.",
		updateRead:     "Diese Mitteilung im Web lesen:",
		unsubscribe:    "Abonnement beenden (ein Klick):",
		updateWhy:      "Sie erhalten diese E-Mail, weil Sie die Mitteilungen dieser Seite abonniert haben.",
		phases: map[Phase]string{Investigating: "Wir untersuchen den Vorfall", Identified: "Ursache ermittelt",
			Monitoring: "Wir beobachten die Lage", Resolved: "Behoben"},
		publishedOn:  "Veröffentlicht am",
		checkSubject: "Ihre Anfrage: Bin ich betroffen?",
		checkAsked:   "Sie haben auf unserer Seite gefragt, ob diese E-Mail-Adresse von dem Vorfall betroffen ist. Hier ist unsere Antwort.",
		affected:     "Diese E-Mail-Adresse ist in den Daten enthalten, die bei diesem Vorfall abgeflossen sind.",
		categories:   "Betroffen sind diese Angaben zu Ihrer Person:",
		whatToDo:     "Was Sie jetzt tun sollten",
		standardToDo: "Seien Sie vorsichtig bei E-Mails, Anrufen und Nachrichten, die sich auf den Vorfall beziehen oder nach Passwörtern, PINs oder Zahlungen fragen. Ändern Sie Passwörter, die Sie bei uns verwendet haben, und überall dort, wo Sie dasselbe Passwort nutzen. Prüfen Sie Ihre Kontoauszüge.",
		notAffected:  "Diese E-Mail-Adresse ist in den bisher ausgewerteten Daten nicht enthalten.",
		notYet:       "Die Auswertung kann noch andauern. Was wir Neues erfahren, veröffentlichen wir auf unserer Seite.",
		hotline:      "Haben Sie Fragen? Unsere Hotline hilft Ihnen weiter:",
		notYou:       "Haben Sie nicht gefragt, können Sie diese E-Mail ignorieren. Wir haben niemandem sonst mitgeteilt, ob diese Adresse betroffen ist.",
		press:        "Presse:",
		hotlineShort: "Hotline:",
	},
	"en": {
		confirmSubject: "Please confirm your subscription",
		confirmAsked:   "Someone – hopefully you – asked to receive this page's updates at this address.",
		confirmHow:     "To confirm the subscription, open the following link and press “Confirm” there.",
		confirmLink:    "Confirm the subscription:",
		confirmIgnore:  "If it was not you, just ignore this e-mail: without the confirmation you will get nothing more from us.",
		updateRead:     "Read this update on the web:",
		unsubscribe:    "Unsubscribe (one click):",
		updateWhy:      "You receive this e-mail because you subscribed to this page's updates.",
		phases: map[Phase]string{Investigating: "Investigating", Identified: "Identified",
			Monitoring: "Monitoring", Resolved: "Resolved"},
		publishedOn:  "Published on",
		checkSubject: "Your question: am I affected?",
		checkAsked:   "You asked on our page whether this e-mail address is affected by the incident. Here is our answer.",
		affected:     "This e-mail address is in the data that was taken in this incident.",
		categories:   "These details of yours are affected:",
		whatToDo:     "What you should do now",
		standardToDo: "Be careful with e-mails, calls and messages that refer to the incident or ask for passwords, PINs or payments. Change the passwords you used with us, and wherever you use the same password. Check your bank statements.",
		notAffected:  "This e-mail address is not in the data analysed so far.",
		notYet:       "The analysis may still be going on. Whatever we learn, we publish on our page.",
		hotline:      "Any questions? Our hotline will help you:",
		notYou:       "If you did not ask, you can ignore this e-mail. We have told nobody else whether this address is affected.",
		press:        "Press:",
		hotlineShort: "Hotline:",
	},
}

// words returns the texts of lang (the first language's when unknown).
func words(lang string) *mailWords {
	if w := mailTexts[lang]; w != nil {
		return w
	}
	return mailTexts[Languages[0]]
}

// mailCommon is what every mail of the public side names: the page, its
// address, the press contact and the hotline.
type mailCommon struct {
	page *Page
	base string // the public site, no trailing slash
	lang string
}

func (c mailCommon) name() string {
	if n := c.page.Names[c.lang]; n != "" {
		return oneLine(n)
	}
	for _, l := range Languages {
		if n := c.page.Names[l]; n != "" {
			return oneLine(n)
		}
	}
	return strings.TrimPrefix(strings.TrimPrefix(c.base, "https://"), "http://")
}

// home is the page in the mail's language.
func (c mailCommon) home() string { return c.base + "/" + c.lang + "/" }

func (c mailCommon) doc(subject string) *mailDoc {
	return &mailDoc{lang: c.lang, subject: oneLine(c.name() + ": " + subject)}
}

// hotlineLine is the hotline's number and address, "" when the page has
// neither.
func (c mailCommon) hotlineLine() string {
	return joinNonEmpty(", ", c.page.HotlinePhone, c.page.HotlineEmail)
}

// footer names the page, the press contact and the hotline.
func (c mailCommon) footer(extra ...string) []string {
	w := words(c.lang)
	lines := append([]string{}, extra...)
	lines = append(lines, c.name()+" · "+c.home())
	if p := joinNonEmpty(", ", c.page.PressName, c.page.PressEmail, c.page.PressPhone); p != "" {
		lines = append(lines, w.press+" "+p)
	}
	if h := c.hotlineLine(); h != "" {
		lines = append(lines, w.hotlineShort+" "+h)
	}
	return lines
}

// upperFirsts capitalises list items ("e-mail address" -> "E-mail address").
func upperFirsts(items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it
		if r, size := utf8.DecodeRuneInString(it); size > 0 && r != utf8.RuneError {
			out[i] = string(unicode.ToUpper(r)) + it[size:]
		}
	}
	return out
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = oneLine(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// confirmDoc is the double opt-in mail.
func confirmDoc(c mailCommon, confirmURL string) *mailDoc {
	w := words(c.lang)
	d := c.doc(w.confirmSubject)
	d.para(w.confirmAsked)
	d.para(w.confirmHow)
	d.link(w.confirmLink, confirmURL)
	d.para(w.confirmIgnore)
	d.small(c.footer()...)
	return d
}

// updateDoc is a published statement as a subscriber gets it.
func updateDoc(c mailCommon, st *Statement, incidentTitle, statementURL, unsubURL string) *mailDoc {
	w := words(c.lang)
	t := statementText(st, c.lang)
	d := c.doc(t.Title)
	d.heading(oneLine(t.Title))
	meta := []string{}
	if incidentTitle != "" {
		meta = append(meta, oneLine(incidentTitle))
	}
	if ph := w.phases[st.Phase]; ph != "" {
		meta = append(meta, ph)
	}
	if st.PublishedAt != nil {
		meta = append(meta, w.publishedOn+" "+notify.FormatDate(c.lang, *st.PublishedAt))
	}
	if len(meta) > 0 {
		d.para(strings.Join(meta, " · "))
	}
	d.markdown(t.Body)
	d.link(w.updateRead, statementURL)
	d.small(c.footer(w.updateWhy, w.unsubscribe+" "+unsubURL)...)
	return d
}

// statementText is the statement in lang, else in the first language it
// has (an approved statement has them all).
func statementText(st *Statement, lang string) Text {
	if t, ok := st.Texts[lang]; ok {
		return t
	}
	for _, l := range Languages {
		if t, ok := st.Texts[l]; ok {
			return t
		}
	}
	return Text{}
}

// checkFinding is the self-check's answer for one incident where the
// address was found.
type checkFinding struct {
	incidentID int64
	personID   int64
	title      string   // the listing's public title
	categories []string // scanner categories
	whatToDo   string   // the newest published what-to-do statement's body; "" for the standard text
}

// selfCheckDoc is the answer to "am I affected?".
func selfCheckDoc(c mailCommon, found []checkFinding) *mailDoc {
	w := words(c.lang)
	d := c.doc(w.checkSubject)
	d.para(w.checkAsked)
	if len(found) == 0 {
		d.para(w.notAffected)
		d.para(w.notYet)
	}
	for _, f := range found {
		d.heading(f.title)
		d.para(w.affected)
		if len(f.categories) > 0 {
			d.para(w.categories)
			d.list(upperFirsts(notify.CategoryNames(c.lang, f.categories)))
		}
		d.heading(w.whatToDo)
		if f.whatToDo != "" {
			d.markdown(f.whatToDo)
		} else {
			d.para(w.standardToDo)
		}
	}
	if h := c.hotlineLine(); h != "" {
		d.para(w.hotline + " " + h)
	}
	d.para(w.notYou)
	d.small(c.footer()...)
	return d
}
