package obligation

// Drafts: the text of one notification, prefilled in English or German
// Markdown from the incident, its facts, the newest risk assessment and the
// evaluated duty. What we do not know yet becomes a visible placeholder
// ("[to complete: …]", "[zu ergänzen: …]") that Placeholders counts, so the
// desk can warn before anybody files a draft with gaps.
//
// The content items a rule lists (Rule.Content) are filled where we know
// how; the IDs below are the ones the rule file uses. Any other item gets
// its title, its hint and a placeholder.
//
// Two items are added even when a rule does not list them:
//   - delay_reasons, whenever the deadline (or, for an ASAP duty, the
//     internal target) has passed at Now: GDPR Art. 33(1) sentence 2 asks
//     for the reasons, and for any other regime a late filing is better
//     with them than without;
//   - phased, for GDPR and UK GDPR Art. 33 notifications to the authority
//     when facts are still missing: Art. 33(4) allows the information to
//     follow in phases, and saying so (with what is outstanding) is what
//     the authorities expect of an early report. When a rule lists phased
//     and nothing is missing, the section says the notification is complete
//     as far as known and that new findings will follow.
//
// User-entered text (titles, summaries, facts, notes) is escaped, so that
// a "#" or "- " typed at the start of a line, or a stray "*", cannot
// change the draft's structure.

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// The content item IDs the drafts fill from facts. Rule files use exactly
// these strings in their content lists.
const (
	draftNature            = "nature"             // GDPR 33(3)(a), first part
	draftCategoriesPersons = "categories_persons" // 33(3)(a): categories and numbers
	draftContactPoint      = "contact_point"      // 33(3)(b)
	draftConsequences      = "consequences"       // 33(3)(c)
	draftMeasures          = "measures"           // 33(3)(d)
	draftDelayReasons      = "delay_reasons"      // 33(1) sentence 2
	draftPhased            = "phased"             // 33(4)
	draftRiskAssessment    = "risk_assessment"    // the ENISA assessment and decision
)

// DraftInput is what a draft is generated from. Only Obligation (with its
// Rule) is needed for a useful draft; everything else may be nil or empty
// and then shows up as placeholders.
type DraftInput struct {
	Incident     *incident.Incident
	Facts        *Facts      // may be nil
	Assessment   *Assessment // the newest assessment, may be nil
	Obligation   *Obligation // the evaluated duty, with Rule, DueAt, Status
	Authority    *Authority  // the recipient, may be nil
	Content      map[string]ContentItem
	Organisation string // the controller's name, may be empty
	Now          time.Time
	Zone         *time.Location // where times are shown; nil means UTC
}

// GenerateDraft returns the Markdown draft of the notification in lang
// ("en" or "de"; anything else gives English).
func GenerateDraft(in DraftInput, lang string) string {
	w := newDraftWriter(in, lang)
	w.heading()
	w.overview()
	w.sections()
	return strings.TrimRight(w.b.String(), "\n") + "\n"
}

// Placeholders counts the placeholders left in a draft, in either language:
// "[to complete: …]", "[to complete]", "[zu ergänzen: …]", "[zu ergänzen]".
// An escaped bracket ("\[to complete: …") counts too.
func Placeholders(md string) int {
	n := 0
	for _, p := range []string{"[to complete:", "[to complete]", "[zu ergänzen:", "[zu ergänzen]"} {
		n += strings.Count(md, p)
	}
	return n
}

// draftWriter builds one draft.
type draftWriter struct {
	in    DraftInput
	de    bool
	rule  *Rule
	facts *Facts // never nil: empty when none were recorded
	zone  *time.Location
	b     strings.Builder
	// missing lists the facts not known yet, in the draft's language, for
	// the phased section.
	missing []string
}

func newDraftWriter(in DraftInput, lang string) *draftWriter {
	w := &draftWriter{in: in, de: lang == "de", facts: in.Facts, zone: in.Zone}
	if in.Obligation != nil {
		w.rule = in.Obligation.Rule
	}
	if w.rule == nil {
		w.rule = &Rule{}
	}
	if w.facts == nil {
		w.facts = &Facts{}
	}
	if w.zone == nil {
		w.zone = time.UTC
	}
	return w
}

// t picks the text in the draft's language.
func (w *draftWriter) t(en, de string) string {
	if w.de {
		return de
	}
	return en
}

func (w *draftWriter) lang() string { return w.t("en", "de") }

// todo is a placeholder saying what to complete.
func (w *draftWriter) todo(what string) string {
	return w.t("**[to complete: ", "**[zu ergänzen: ") + what + "]**"
}

func (w *draftWriter) todoBare() string { return w.t("**[to complete]**", "**[zu ergänzen]**") }

// miss records a fact that is not known yet and returns its placeholder.
func (w *draftWriter) miss(what string) string {
	w.missing = append(w.missing, what)
	return w.todo(what)
}

// time formats a time in the draft's zone with the zone's abbreviation:
// "24 Nov 2026, 14:05 CET", "24.11.2026, 14:05 MEZ".
func (w *draftWriter) time(t time.Time) string {
	t = t.In(w.zone)
	abbr := t.Format("MST")
	if !w.de {
		return t.Format("2 Jan 2006, 15:04 ") + abbr
	}
	switch abbr {
	case "CET":
		abbr = "MEZ"
	case "CEST":
		abbr = "MESZ"
	}
	return t.Format("02.01.2006, 15:04 ") + abbr
}

// num writes a count with thousands separators: 12,345 or 12.345.
func (w *draftWriter) num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := w.t(",", ".")
	var out strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out.WriteString(sep)
		}
		out.WriteRune(c)
	}
	if neg {
		return "-" + out.String()
	}
	return out.String()
}

// dec writes a score with at most two decimals: 3.25 or 3,25.
func (w *draftWriter) dec(x float64) string {
	s := strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	if w.de {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// law names the rule's law for article references ("GDPR", "DSGVO",
// "UK GDPR"), "" for other regimes.
func (w *draftWriter) law() string {
	switch {
	case strings.HasPrefix(w.rule.ID, "uk.gdpr"):
		return "UK GDPR"
	case strings.HasPrefix(w.rule.ID, "gdpr"):
		return w.t("GDPR", "DSGVO")
	}
	return ""
}

// art writes an article reference of the rule's law: art("33", "4") is
// "Art. 33(4) GDPR" or "Art. 33 Abs. 4 DSGVO"; "" for other regimes.
func (w *draftWriter) art(article, paragraph string) string {
	law := w.law()
	if law == "" {
		return ""
	}
	ref := "Art. " + article
	if paragraph != "" {
		ref += w.t("("+paragraph+")", " Abs. "+paragraph)
	}
	return ref + " " + law
}

// art33Authority reports whether the duty is a GDPR or UK GDPR Art. 33
// notification to the supervisory authority (not the processor's report to
// its controller, nor the internal register).
func (w *draftWriter) art33Authority() bool {
	id := w.rule.ID
	for _, p := range []string{"gdpr.33", "uk.gdpr.33"} {
		if id == p {
			return true
		}
		if rest, ok := strings.CutPrefix(id, p+"."); ok {
			return rest != "proc" && rest != "doc"
		}
	}
	return false
}

// late reports whether the deadline, or for ASAP duties the internal
// target, has passed at Now.
func (w *draftWriter) late() bool {
	o := w.in.Obligation
	if o == nil {
		return false
	}
	if o.DueAt != nil {
		return w.in.Now.After(*o.DueAt)
	}
	return o.TargetAt != nil && w.in.Now.After(*o.TargetAt)
}

func (w *draftWriter) line(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
	w.b.WriteString("\n")
}

func (w *draftWriter) heading() {
	title := w.rule.Title.In(w.lang())
	if title == "" {
		title = w.t("Notification of a personal data breach", "Meldung einer Verletzung des Schutzes personenbezogener Daten")
	}
	w.line("# ", draftEscapeInline(title))
	w.line()
}

// recipient names who the draft goes to.
func (w *draftWriter) recipient() string {
	if a := w.in.Authority; a != nil {
		name := a.Name
		if w.de && a.NameDE != "" {
			name = a.NameDE
		}
		if name != "" {
			return draftEscapeInline(name)
		}
	}
	if who := w.rule.Recipient.Who.In(w.lang()); who != "" {
		return draftEscapeInline(who)
	}
	return w.todo(w.t("recipient", "Empfänger"))
}

// overview is the block before the sections: recipient, sender, incident,
// times, deadline and legal basis.
func (w *draftWriter) overview() {
	w.line(w.t("- **To:** ", "- **An:** "), w.recipient())
	org := draftEscapeInline(w.in.Organisation)
	if w.law() != "" {
		if org == "" {
			org = w.todo(w.t("name and address of the controller", "Name und Anschrift des Verantwortlichen"))
		}
		w.line(w.t("- **Controller:** ", "- **Verantwortlicher:** "), org)
	} else {
		if org == "" {
			org = w.todo(w.t("name and address of the organisation", "Name und Anschrift der Organisation"))
		}
		w.line("- **Organisation:** ", org)
	}
	if inc := w.in.Incident; inc != nil {
		if title := draftEscapeInline(inc.Title); title != "" {
			w.line(w.t("- **Incident:** ", "- **Vorfall:** "), title)
		}
		if !inc.AwareAt.IsZero() {
			w.line(w.t("- **Date of awareness:** ", "- **Kenntnis erlangt am:** "), w.time(inc.AwareAt))
		}
		if inc.DetectedAt != nil {
			w.line(w.t("- **Date of detection:** ", "- **Entdeckt am:** "), w.time(*inc.DetectedAt))
		}
	}
	w.line(w.t("- **Deadline:** ", "- **Frist:** "), w.deadline())
	if basis := w.basis(); basis != "" {
		w.line(w.t("- **Legal basis:** ", "- **Rechtsgrundlage:** "), basis)
	}
	if !w.in.Now.IsZero() {
		w.line(w.t("- **Date of this notification:** ", "- **Datum dieser Meldung:** "), w.time(w.in.Now))
	}
	w.line()
}

// deadline describes the due time in words.
func (w *draftWriter) deadline() string {
	o := w.in.Obligation
	if o == nil {
		return w.todo(w.t("deadline", "Frist"))
	}
	passed := ""
	if w.late() {
		passed = w.t(" — **passed**", " — **abgelaufen**")
	}
	switch {
	case o.DueAt != nil:
		s := w.time(*o.DueAt)
		period := w.period()
		if w.rule.Strength == Soft {
			period += w.t("; where feasible — a later notification must give the reasons for the delay",
				"; möglichst binnen dieser Frist — eine spätere Meldung ist zu begründen")
		}
		if period != "" {
			s += " (" + strings.TrimPrefix(period, "; ") + ")"
		}
		return s + passed
	case w.rule.Strength == ASAP || o.TargetAt != nil:
		s := w.t("without undue delay", "unverzüglich")
		if o.TargetAt != nil {
			s += w.t(" (internal target: ", " (internes Ziel: ") + w.time(*o.TargetAt) +
				w.t(", a policy of the organisation, not a legal deadline)", ", eine interne Vorgabe, keine gesetzliche Frist)")
		}
		return s + passed
	case w.rule.Deadline.Unit == NoDeadline:
		return w.t("on request of the authority", "auf Anforderung der Behörde")
	case o.ClockStart == nil:
		return w.t("the period has not started yet", "die Frist hat noch nicht begonnen")
	}
	return w.todo(w.t("deadline", "Frist"))
}

// period is "72 hours after awareness", "" when the rule has no period.
func (w *draftWriter) period() string {
	d := w.rule.Deadline
	if d.Amount <= 0 {
		return ""
	}
	one := d.Amount == 1
	var unit string
	switch d.Unit {
	case Hours:
		unit = w.plural(one, "hour", "hours", "Stunde", "Stunden")
	case Days:
		unit = w.plural(one, "calendar day", "calendar days", "Kalendertag", "Kalendertage")
	case BusinessDays:
		unit = w.plural(one, "business day", "business days", "Arbeitstag", "Arbeitstage")
	case Months:
		unit = w.plural(one, "month", "months", "Monat", "Monate")
	default:
		return ""
	}
	var from string
	switch w.rule.Clock {
	case "aware_at":
		from = w.t("awareness", "Kenntniserlangung")
	case "detected_at":
		from = w.t("detection", "Entdeckung")
	default:
		from = w.t("the start of the period", "Fristbeginn")
	}
	return strconv.Itoa(d.Amount) + " " + unit + w.t(" after ", " nach ") + from
}

func (w *draftWriter) plural(one bool, en1, en, de1, de string) string {
	if one {
		return w.t(en1, de1)
	}
	return w.t(en, de)
}

// basis is the legal basis, linked when the rule gives a web address.
func (w *draftWriter) basis() string {
	text := draftEscapeInline(w.rule.Basis.Text)
	url := draftLinkTarget(w.rule.Basis.URL)
	switch {
	case text == "" && url == "":
		return ""
	case url == "":
		return text
	case text == "":
		text = draftEscapeInline(w.rule.Basis.URL)
	}
	return "[" + text + "](" + url + ")"
}

// draftLinkTarget returns an http(s) address fit for a Markdown link, ""
// for anything else; spaces and parentheses are percent-encoded.
func draftLinkTarget(u string) string {
	u = strings.TrimSpace(u)
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C").Replace(u)
}

// draftSection is one rendered content item.
type draftSection struct {
	title string
	body  string
}

// sections writes the content items in the rule's order, then the
// delay reasons and the phased note when they are due but not listed.
func (w *draftWriter) sections() {
	var out []draftSection
	var phasedAt = -1
	listed := map[string]bool{}
	for _, id := range w.rule.Content {
		if listed[id] {
			continue
		}
		listed[id] = true
		if id == draftPhased {
			phasedAt = len(out)
			out = append(out, draftSection{title: w.itemTitle(id)})
			continue
		}
		if s, ok := w.section(id); ok {
			out = append(out, s)
		}
	}
	if !listed[draftDelayReasons] && w.late() {
		s, _ := w.section(draftDelayReasons)
		out = append(out, s)
	}
	if phasedAt < 0 && w.art33Authority() && len(w.missing) > 0 {
		phasedAt = len(out)
		out = append(out, draftSection{title: w.itemTitle(draftPhased)})
	}
	if phasedAt >= 0 {
		out[phasedAt].body = w.phased()
	}
	for i, s := range out {
		w.line("## ", strconv.Itoa(i+1), ". ", s.title)
		w.line()
		w.b.WriteString(strings.TrimRight(s.body, "\n"))
		w.line()
		w.line()
	}
}

// section renders one content item; false when it is left out (the delay
// reasons of a duty that is not late).
func (w *draftWriter) section(id string) (draftSection, bool) {
	var b strings.Builder
	switch id {
	case draftNature:
		w.nature(&b)
	case draftCategoriesPersons:
		w.categoriesPersons(&b)
	case draftContactPoint:
		w.contactPoint(&b)
	case draftConsequences:
		w.consequences(&b)
	case draftMeasures:
		w.measures(&b)
	case draftDelayReasons:
		if !w.late() {
			return draftSection{}, false
		}
		w.delayReasons(&b)
	case draftRiskAssessment:
		w.riskAssessment(&b)
	default:
		if hint := draftEscapeInline(w.in.Content[id].Hint.In(w.lang())); hint != "" {
			b.WriteString("*" + hint + "*\n\n")
		}
		b.WriteString(w.todoBare() + "\n")
	}
	return draftSection{title: w.itemTitle(id), body: b.String()}, true
}

// itemTitle is the content item's title from the rule file, else ours,
// else its ID.
func (w *draftWriter) itemTitle(id string) string {
	if t := w.in.Content[id].Title.In(w.lang()); t != "" {
		return draftEscapeInline(t)
	}
	if t, ok := draftItemTitles[id]; ok {
		return w.t(t[0], t[1])
	}
	return draftEscapeInline(id)
}

// draftItemTitles are the titles of the items we fill, for rule files
// that do not describe them.
var draftItemTitles = map[string][2]string{
	draftNature:            {"Nature of the personal data breach", "Art der Verletzung des Schutzes personenbezogener Daten"},
	draftCategoriesPersons: {"Categories and approximate number of data subjects and records", "Kategorien und ungefähre Zahl der betroffenen Personen und Datensätze"},
	draftContactPoint:      {"Data protection officer or other contact point", "Datenschutzbeauftragter oder sonstige Anlaufstelle"},
	draftConsequences:      {"Likely consequences", "Wahrscheinliche Folgen"},
	draftMeasures:          {"Measures taken or proposed", "Ergriffene oder vorgeschlagene Maßnahmen"},
	draftDelayReasons:      {"Reasons for the delay", "Gründe für die Verzögerung"},
	draftPhased:            {"Information provided in phases", "Schrittweise Bereitstellung von Informationen"},
	draftRiskAssessment:    {"Risk assessment", "Risikobewertung"},
}

func (w *draftWriter) nature(b *strings.Builder) {
	inc := w.in.Incident
	if inc == nil {
		inc = &incident.Incident{}
	}
	if s := draftEscapeBlock(inc.Summary); s != "" {
		b.WriteString(s + "\n\n")
	} else {
		b.WriteString(w.miss(w.t("description of what happened and how it was discovered",
			"Beschreibung, was geschehen ist und wie es entdeckt wurde")) + "\n\n")
	}
	f := w.facts
	var types []string
	for _, t := range BreachTypes {
		if draftContains(f.BreachTypes, t) {
			types = append(types, w.breachType(t))
		}
	}
	typeText := strings.Join(types, "; ")
	if typeText == "" {
		typeText = w.miss(w.t("type of breach (confidentiality, integrity, availability)",
			"Art der Verletzung (Vertraulichkeit, Integrität, Verfügbarkeit)"))
	}
	b.WriteString(w.t("- **Type of breach:** ", "- **Art der Verletzung:** ") + typeText + "\n")
	var malicious string
	switch {
	case f.Malicious == nil:
		malicious = w.miss(w.t("whether the breach was caused deliberately", "ob die Verletzung vorsätzlich verursacht wurde"))
	case *f.Malicious:
		malicious = w.t("yes, the breach results from an attack (malicious intent)",
			"ja, die Verletzung geht auf einen Angriff zurück (böswillige Absicht)")
	default:
		malicious = w.t("no, the breach was not caused deliberately", "nein, die Verletzung wurde nicht vorsätzlich verursacht")
	}
	b.WriteString(w.t("- **Caused deliberately:** ", "- **Vorsätzlich verursacht:** ") + malicious + "\n")
	if kind := w.incidentKind(inc.Kind); kind != "" {
		b.WriteString(w.t("- **Kind of incident:** ", "- **Art des Vorfalls:** ") + kind + "\n")
	}
	systems := draftEscapeInline(inc.AffectedSystems)
	if systems == "" {
		systems = w.miss(w.t("affected systems", "betroffene Systeme"))
	}
	b.WriteString(w.t("- **Affected systems:** ", "- **Betroffene Systeme:** ") + systems + "\n")
	if f.Encrypted {
		enc := w.t("the affected data was encrypted at rest; the key may have been compromised",
			"die betroffenen Daten waren verschlüsselt gespeichert; der Schlüssel könnte kompromittiert sein")
		if f.KeySafe {
			enc = w.t("the affected data was encrypted at rest, and the key was not compromised",
				"die betroffenen Daten waren verschlüsselt gespeichert, der Schlüssel wurde nicht kompromittiert")
		}
		b.WriteString(w.t("- **Encryption:** ", "- **Verschlüsselung:** ") + enc + "\n")
	}
}

func (w *draftWriter) breachType(t string) string {
	switch t {
	case "confidentiality":
		return w.t("breach of confidentiality (unauthorised disclosure of, or access to, personal data)",
			"Verletzung der Vertraulichkeit (unbefugte Offenlegung von oder unbefugter Zugang zu personenbezogenen Daten)")
	case "integrity":
		return w.t("breach of integrity (unauthorised or accidental alteration of personal data)",
			"Verletzung der Integrität (unbefugte oder unbeabsichtigte Veränderung personenbezogener Daten)")
	case "availability":
		return w.t("breach of availability (loss of access to, or destruction of, personal data)",
			"Verletzung der Verfügbarkeit (Verlust des Zugangs zu oder Vernichtung von personenbezogenen Daten)")
	}
	return draftEscapeInline(t)
}

func (w *draftWriter) incidentKind(k incident.Kind) string {
	switch k {
	case incident.KindRansomware:
		return w.t("ransomware attack", "Ransomware-Angriff")
	case incident.KindDataTheft:
		return w.t("data theft", "Datendiebstahl")
	case incident.KindAccountCompromise:
		return w.t("compromised account", "kompromittiertes Benutzerkonto")
	}
	return ""
}

func (w *draftWriter) categoriesPersons(b *strings.Builder) {
	f := w.facts
	var plain, special []string
	for _, c := range f.DataCategories {
		if draftContains(SpecialCategories, c) {
			continue
		}
		plain = append(plain, w.categoryName(c))
	}
	for _, c := range SpecialCategories {
		if draftContains(f.DataCategories, c) {
			special = append(special, w.categoryName(c))
		}
	}
	cats := strings.Join(plain, ", ")
	if cats == "" && len(special) == 0 {
		cats = w.miss(w.t("categories of personal data", "Kategorien personenbezogener Daten"))
	}
	if cats != "" {
		b.WriteString(w.t("- **Categories of personal data:** ", "- **Kategorien personenbezogener Daten:** ") + cats + "\n")
	}
	if len(special) > 0 {
		b.WriteString(w.t("- **Special categories and particularly sensitive data:** ",
			"- **Besondere Kategorien und besonders schutzbedürftige Daten:** ") + strings.Join(special, ", ") + "\n")
	}
	b.WriteString(w.t("- **Categories of data subjects:** ", "- **Kategorien betroffener Personen:** ") +
		w.todo(w.t("e.g. customers, employees, business contacts", "z. B. Kunden, Beschäftigte, Geschäftskontakte")) + "\n")
	var persons string
	if f.PersonsTotal > 0 {
		persons = w.t("approximately ", "etwa ") + w.num(f.PersonsTotal) + w.byCountry()
	} else {
		persons = w.miss(w.t("approximate number of data subjects", "ungefähre Zahl der betroffenen Personen"))
	}
	b.WriteString(w.t("- **Approximate number of data subjects:** ", "- **Ungefähre Zahl der betroffenen Personen:** ") + persons + "\n")
	var records string
	if f.RecordsTotal > 0 {
		records = w.t("approximately ", "etwa ") + w.num(f.RecordsTotal)
	} else {
		records = w.miss(w.t("approximate number of personal data records", "ungefähre Zahl der betroffenen Datensätze"))
	}
	b.WriteString(w.t("- **Approximate number of personal data records:** ", "- **Ungefähre Zahl der betroffenen Datensätze:** ") + records + "\n")
}

// byCountry is " (Germany: 1,100; Austria: 90 (of which …))", largest
// first; regions ("US-CA") follow their country.
func (w *draftWriter) byCountry() string {
	counts := w.facts.PersonsByCountry
	var countries []string
	regions := map[string][]string{}
	for k, n := range counts {
		if n <= 0 {
			continue
		}
		if country, _, ok := strings.Cut(k, "-"); ok {
			regions[country] = append(regions[country], k)
			continue
		}
		countries = append(countries, k)
	}
	byCount := func(keys []string) {
		sort.Slice(keys, func(i, j int) bool {
			if counts[keys[i]] != counts[keys[j]] {
				return counts[keys[i]] > counts[keys[j]]
			}
			return keys[i] < keys[j]
		})
	}
	byCount(countries)
	var parts []string
	for _, c := range countries {
		part := w.countryName(c) + ": " + w.num(counts[c])
		if rs := regions[c]; len(rs) > 0 {
			byCount(rs)
			var sub []string
			for _, r := range rs {
				sub = append(sub, draftEscapeInline(r)+": "+w.num(counts[r]))
			}
			part += w.t(" (of which ", " (davon ") + strings.Join(sub, ", ") + ")"
		}
		parts = append(parts, part)
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}

func (w *draftWriter) countryName(code string) string {
	if n, ok := draftCountryNames[code]; ok {
		return w.t(n[0], n[1])
	}
	return draftEscapeInline(code)
}

func (w *draftWriter) categoryName(c string) string {
	n, ok := draftCategoryNames[c]
	if !ok {
		return draftEscapeInline(c)
	}
	name := w.t(n[0], n[1])
	switch c {
	case "criminal_offences":
		if ref := w.art("10", ""); ref != "" {
			name += " (" + ref + ")"
		}
	case "children":
	default:
		if draftContains(SpecialCategories, c) {
			if ref := w.art("9", ""); ref != "" {
				name += " (" + ref + ")"
			}
		}
	}
	return name
}

// draftCategoryNames are the scanner's and the special categories in
// words, English and German.
var draftCategoryNames = map[string][2]string{
	"email":          {"e-mail addresses", "E-Mail-Adressen"},
	"phone":          {"telephone numbers", "Telefonnummern"},
	"iban":           {"bank account numbers (IBAN)", "Bankverbindungen (IBAN)"},
	"payment_card":   {"payment card numbers", "Zahlungskartennummern"},
	"national_id":    {"national identification numbers", "nationale Kennnummern"},
	"vin":            {"vehicle identification numbers", "Fahrzeug-Identifizierungsnummern"},
	"ip_address":     {"IP addresses", "IP-Adressen"},
	"date_of_birth":  {"dates of birth", "Geburtsdaten"},
	"name":           {"names", "Namen"},
	"postal_address": {"postal addresses", "Postanschriften"},
	"credential":     {"access credentials (user names and passwords)", "Zugangsdaten (Benutzernamen und Passwörter)"},
	"secret":         {"secret keys and access tokens", "geheime Schlüssel und Zugangstoken"},

	"health":               {"health data", "Gesundheitsdaten"},
	"genetic":              {"genetic data", "genetische Daten"},
	"biometric":            {"biometric data for uniquely identifying a person", "biometrische Daten zur eindeutigen Identifizierung einer Person"},
	"racial_ethnic_origin": {"data revealing racial or ethnic origin", "Daten, aus denen die rassische oder ethnische Herkunft hervorgeht"},
	"political_opinions":   {"data revealing political opinions", "Daten, aus denen politische Meinungen hervorgehen"},
	"religious_beliefs":    {"data revealing religious or philosophical beliefs", "Daten, aus denen religiöse oder weltanschauliche Überzeugungen hervorgehen"},
	"trade_union":          {"trade union membership", "Gewerkschaftszugehörigkeit"},
	"sex_life":             {"data concerning sex life or sexual orientation", "Daten zum Sexualleben oder zur sexuellen Orientierung"},
	"criminal_offences":    {"data relating to criminal convictions and offences", "Daten über strafrechtliche Verurteilungen und Straftaten"},
	"children":             {"data of children", "Daten von Kindern"},
}

// draftCountryNames name the countries most drafts meet; others are shown
// by their code.
var draftCountryNames = map[string][2]string{
	"AT": {"Austria", "Österreich"}, "BE": {"Belgium", "Belgien"}, "BG": {"Bulgaria", "Bulgarien"},
	"CH": {"Switzerland", "Schweiz"}, "CN": {"China", "China"}, "CY": {"Cyprus", "Zypern"},
	"CZ": {"Czechia", "Tschechien"}, "DE": {"Germany", "Deutschland"}, "DK": {"Denmark", "Dänemark"},
	"EE": {"Estonia", "Estland"}, "ES": {"Spain", "Spanien"}, "FI": {"Finland", "Finnland"},
	"FR": {"France", "Frankreich"}, "GB": {"United Kingdom", "Vereinigtes Königreich"}, "GR": {"Greece", "Griechenland"},
	"HR": {"Croatia", "Kroatien"}, "HU": {"Hungary", "Ungarn"}, "IE": {"Ireland", "Irland"},
	"IS": {"Iceland", "Island"}, "IT": {"Italy", "Italien"}, "LI": {"Liechtenstein", "Liechtenstein"},
	"LT": {"Lithuania", "Litauen"}, "LU": {"Luxembourg", "Luxemburg"}, "LV": {"Latvia", "Lettland"},
	"MT": {"Malta", "Malta"}, "NL": {"Netherlands", "Niederlande"}, "NO": {"Norway", "Norwegen"},
	"PL": {"Poland", "Polen"}, "PT": {"Portugal", "Portugal"}, "RO": {"Romania", "Rumänien"},
	"SE": {"Sweden", "Schweden"}, "SI": {"Slovenia", "Slowenien"}, "SK": {"Slovakia", "Slowakei"},
	"US": {"United States", "Vereinigte Staaten"},
}

func (w *draftWriter) contactPoint(b *strings.Builder) {
	if s := draftEscapeBlock(w.facts.ContactPoint); s != "" {
		b.WriteString(s + "\n")
		return
	}
	b.WriteString(w.miss(w.t("name and contact details of the data protection officer or other contact point",
		"Name und Kontaktdaten des Datenschutzbeauftragten oder einer sonstigen Anlaufstelle")) + "\n")
}

func (w *draftWriter) consequences(b *strings.Builder) {
	if s := draftEscapeBlock(w.facts.Consequences); s != "" {
		b.WriteString(s + "\n")
		return
	}
	suggested := w.suggestedConsequences()
	if len(suggested) == 0 {
		b.WriteString(w.miss(w.t("likely consequences for the data subjects", "wahrscheinliche Folgen für die betroffenen Personen")) + "\n")
		return
	}
	w.missing = append(w.missing, w.t("likely consequences for the data subjects (assessment)",
		"wahrscheinliche Folgen für die betroffenen Personen (Bewertung)"))
	b.WriteString(w.t("*Suggestion derived from the categories of data; please check and adapt it:*",
		"*Vorschlag, abgeleitet aus den Datenkategorien; bitte prüfen und anpassen:*") + "\n\n")
	for _, s := range suggested {
		b.WriteString("- " + s + "\n")
	}
	b.WriteString("\n" + w.todo(w.t("check the suggested consequences", "vorgeschlagene Folgen prüfen")) + "\n")
}

// suggestedConsequences derives likely consequences from the categories
// and the type of breach, for a person to check.
func (w *draftWriter) suggestedConsequences() []string {
	f := w.facts
	has := func(cats ...string) bool {
		for _, c := range cats {
			if draftContains(f.DataCategories, c) {
				return true
			}
		}
		return false
	}
	var out []string
	add := func(ok bool, en, de string) {
		if ok {
			out = append(out, w.t(en, de))
		}
	}
	confidentiality := draftContains(f.BreachTypes, "confidentiality")
	add(confidentiality && len(f.DataCategories) > 0,
		"loss of control over their personal data",
		"Verlust der Kontrolle über ihre personenbezogenen Daten")
	add(has("national_id") || has("date_of_birth") && has("name"),
		"identity theft or identity fraud",
		"Identitätsdiebstahl oder Identitätsbetrug")
	add(has("payment_card", "iban"),
		"financial loss through fraudulent payments or direct debits",
		"finanzielle Verluste durch betrügerische Zahlungen oder Lastschriften")
	add(has("email", "phone"),
		"targeted phishing, spam and fraudulent calls, also in the name of the organisation or its contacts",
		"gezielte Phishing-Angriffe, Spam und betrügerische Anrufe, auch im Namen der Organisation oder ihrer Kontakte")
	add(has("credential", "secret"),
		"takeover of user accounts and further unauthorised access",
		"Übernahme von Benutzerkonten und weitere unbefugte Zugriffe")
	add(has("postal_address"),
		"unwanted contact by post or at home",
		"unerwünschte Kontaktaufnahme per Post oder an der Wohnanschrift")
	add(has("health", "genetic", "biometric", "racial_ethnic_origin", "political_opinions", "religious_beliefs",
		"trade_union", "sex_life", "criminal_offences"),
		"discrimination, damage to reputation and emotional distress",
		"Diskriminierung, Rufschädigung und psychische Belastung")
	add(has("biometric", "genetic"),
		"irreversible consequences, since biometric and genetic data cannot be changed",
		"nicht umkehrbare Folgen, da sich biometrische und genetische Daten nicht ändern lassen")
	add(has("children"),
		"particular risks for children as especially vulnerable persons",
		"besondere Risiken für Kinder als besonders schutzbedürftige Personen")
	add(draftContains(f.BreachTypes, "availability"),
		"delays and disadvantages while the data or services are unavailable",
		"Verzögerungen und Nachteile, solange die Daten oder Leistungen nicht verfügbar sind")
	return out
}

func (w *draftWriter) measures(b *strings.Builder) {
	b.WriteString(w.t("**Measures taken:**", "**Ergriffene Maßnahmen:**") + "\n\n")
	if s := draftEscapeBlock(w.facts.MeasuresTaken); s != "" {
		b.WriteString(s + "\n\n")
	} else {
		b.WriteString(w.miss(w.t("measures taken to address the breach", "ergriffene Maßnahmen zur Behebung der Verletzung")) + "\n\n")
	}
	b.WriteString(w.t("**Measures proposed, including measures to mitigate its possible adverse effects:**",
		"**Vorgeschlagene Maßnahmen, auch zur Abmilderung möglicher nachteiliger Auswirkungen:**") + "\n\n")
	if s := draftEscapeBlock(w.facts.MeasuresProposed); s != "" {
		b.WriteString(s + "\n")
	} else {
		b.WriteString(w.miss(w.t("measures proposed, including mitigation for the data subjects",
			"vorgeschlagene Maßnahmen, auch zur Abmilderung für die betroffenen Personen")) + "\n")
	}
}

func (w *draftWriter) delayReasons(b *strings.Builder) {
	o := w.in.Obligation
	due := o.DueAt
	if due == nil {
		due = o.TargetAt
	}
	b.WriteString(w.t("This notification is made after the deadline of ", "Diese Meldung erfolgt nach Ablauf der Frist am ") +
		w.time(*due) + ".\n\n")
	if s := draftEscapeBlock(w.facts.DelayReasons); s != "" {
		b.WriteString(s + "\n")
		return
	}
	if w.law() != "" {
		b.WriteString(w.t("**[to complete: reasons for the delay, Art. 33(1) sentence 2]**",
			"**[zu ergänzen: Gründe für die Verzögerung, Art. 33 Abs. 1 Satz 2 "+w.law()+"]**") + "\n")
		return
	}
	b.WriteString(w.todo(w.t("reasons for the delay", "Gründe für die Verzögerung")) + "\n")
}

// phased states that outstanding information will follow (Art. 33(4)),
// with what is outstanding; or that the notification is complete so far.
func (w *draftWriter) phased() string {
	ref := w.art("33", "4")
	if ref != "" {
		ref = " (" + ref + ")"
	}
	if len(w.missing) == 0 {
		return w.t("This notification contains all information available to us at present. We will inform you without undue delay of significant new findings.",
			"Diese Meldung enthält alle derzeit vorliegenden Informationen. Über wesentliche neue Erkenntnisse unterrichten wir Sie unverzüglich.") + "\n"
	}
	var b strings.Builder
	b.WriteString(w.t("Not all information is available yet. In so far as it is not possible to provide the information at the same time, we will provide it in phases without undue further delay",
		"Noch liegen nicht alle Informationen vor. Soweit die Informationen nicht zur gleichen Zeit bereitgestellt werden können, stellen wir sie ohne unangemessene weitere Verzögerung schrittweise zur Verfügung") +
		ref + ". " + w.t("Still outstanding:", "Noch ausstehend:") + "\n\n")
	for _, m := range w.missing {
		b.WriteString("- " + m + "\n")
	}
	return b.String()
}

func (w *draftWriter) riskAssessment(b *strings.Builder) {
	a := w.in.Assessment
	if a == nil {
		b.WriteString(w.miss(w.t("risk assessment (ENISA severity and decision)", "Risikobewertung (Schweregrad nach ENISA und Entscheidung)")) + "\n")
		return
	}
	dpc := math.Min(4, math.Max(1, float64(a.DPCBase)+a.DPCAdjust))
	cb := a.CBConfidentiality + a.CBIntegrity + a.CBAvailability
	if a.CBMalicious {
		cb += 0.5
	}
	note := func(s string) string {
		if s = draftEscapeInline(s); s != "" {
			return " — " + s
		}
		return ""
	}
	b.WriteString(w.t("Severity assessed after the ENISA methodology (SE = DPC × EI + CB):",
		"Schweregrad bewertet nach der ENISA-Methodik (SE = DPC × EI + CB):") + "\n\n")
	b.WriteString(w.t("- **Data processing context (DPC):** ", "- **Kontext der Datenverarbeitung (DPC):** ") +
		w.dec(dpc) + w.t(" (base score ", " (Grundwert ") + strconv.Itoa(a.DPCBase) +
		w.t(", adjustment ", ", Anpassung ") + w.dec(a.DPCAdjust) + ")" + note(a.DPCNote) + "\n")
	b.WriteString(w.t("- **Ease of identification (EI):** ", "- **Identifizierbarkeit (EI):** ") + w.dec(a.EI) + note(a.EINote) + "\n")
	malicious := "0"
	if a.CBMalicious {
		malicious = w.dec(0.5)
	}
	b.WriteString(w.t("- **Circumstances of the breach (CB):** ", "- **Umstände der Verletzung (CB):** ") + w.dec(cb) +
		w.t(" (confidentiality ", " (Vertraulichkeit ") + w.dec(a.CBConfidentiality) +
		w.t(", integrity ", ", Integrität ") + w.dec(a.CBIntegrity) +
		w.t(", availability ", ", Verfügbarkeit ") + w.dec(a.CBAvailability) +
		w.t(", malicious intent ", ", böswillige Absicht ") + malicious + ")" + note(a.CBNote) + "\n")
	b.WriteString(w.t("- **Severity:** SE = ", "- **Schweregrad:** SE = ") + w.dec(dpc) + " × " + w.dec(a.EI) + " + " + w.dec(cb) +
		" = " + w.dec(a.Score) + w.t(", level: ", ", Stufe: ") + w.level(a.Level) + "\n")
	if a.Advice != "" {
		b.WriteString(w.t("- **Advice of the method:** ", "- **Empfehlung der Methodik:** ") + w.advice(a.Advice) + "\n")
	}
	if a.Decision == "" {
		b.WriteString(w.t("- **Decision:** ", "- **Entscheidung:** ") + w.todo(w.t("decision on the assessment", "Entscheidung zur Bewertung")) + "\n")
		return
	}
	decision := w.advice(a.Decision)
	if r := draftEscapeInline(a.DecisionReason); r != "" {
		decision += w.t("; reason: ", "; Begründung: ") + r
	}
	if !a.DecidedAt.IsZero() {
		decision += w.t(" (decided ", " (entschieden ")
		if by := draftEscapeInline(a.DecidedByName); by != "" {
			decision += w.t("by ", "von ") + by + " "
		}
		decision += w.t("on ", "am ") + w.time(a.DecidedAt) + ")"
	}
	b.WriteString(w.t("- **Decision:** ", "- **Entscheidung:** ") + decision + "\n")
}

func (w *draftWriter) level(l Level) string {
	switch l {
	case LevelLow:
		return w.t("low", "gering")
	case LevelMedium:
		return w.t("medium", "mittel")
	case LevelHigh:
		return w.t("high", "hoch")
	case LevelVeryHigh:
		return w.t("very high", "sehr hoch")
	}
	return draftEscapeInline(string(l))
}

func (w *draftWriter) advice(a Advice) string {
	switch a {
	case AdviceDocument:
		s := w.t("internal documentation only", "nur interne Dokumentation")
		if ref := w.art("33", "5"); ref != "" {
			s += " (" + ref + ")"
		}
		return s
	case AdviceAuthority:
		return w.t("notification of the supervisory authority", "Meldung an die Aufsichtsbehörde")
	case AdviceIndividuals:
		return w.t("notification of the supervisory authority and communication to the data subjects",
			"Meldung an die Aufsichtsbehörde und Benachrichtigung der betroffenen Personen")
	}
	return draftEscapeInline(string(a))
}

func draftContains(list []string, v string) bool {
	for _, s := range list {
		if s == v {
			return true
		}
	}
	return false
}

// draftEscapeInline makes user text safe inside one Markdown line: line
// breaks become spaces, and characters that would start emphasis, code,
// links or HTML, or a heading, list or quote at the start, are escaped.
func draftEscapeInline(s string) string {
	return draftEscapeLine(strings.Join(strings.Fields(s), " "))
}

// draftEscapeBlock makes user text safe as Markdown paragraphs: blank
// lines separate paragraphs, single line breaks stay line breaks (a
// trailing backslash), and every line is escaped as by draftEscapeInline.
func draftEscapeBlock(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var paras [][]string
	var cur []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if len(cur) > 0 {
				paras = append(paras, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, draftEscapeLine(l))
	}
	if len(cur) > 0 {
		paras = append(paras, cur)
	}
	out := make([]string, len(paras))
	for i, p := range paras {
		out[i] = strings.Join(p, "\\\n")
	}
	return strings.Join(out, "\n\n")
}

// draftEscapeLine escapes one line of user text (already trimmed).
func draftEscapeLine(s string) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>~|", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// Line starts that open a block: headings, quotes, lists, rules,
	// setext underlines; and "1." or "1)" of a numbered list.
	switch out[0] {
	case '#', '>', '-', '+', '=':
		return "\\" + out
	}
	if i := strings.IndexFunc(out, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (out[i] == '.' || out[i] == ')') {
		return out[:i] + "\\" + out[i:]
	}
	return out
}
