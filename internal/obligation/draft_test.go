package obligation

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

var updateDraftGoldens = flag.Bool("update-draft-goldens", false, "rewrite testdata/drafts/*.md from GenerateDraft")

func draftBerlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("time zone data missing (install tzdata): %v", err)
	}
	return loc
}

// draftSeedCase is the seed story: a machine builder in Lower Saxony whose
// mail server was taken over, mails and contacts exfiltrated and the
// network encrypted. Aware on 24 Nov 2026 at 14:05 local time; the draft
// is written the next morning, well within the 72 hours.
func draftSeedCase(t *testing.T) DraftInput {
	t.Helper()
	berlin := draftBerlin(t)
	aware := time.Date(2026, 11, 24, 14, 5, 0, 0, berlin)
	detected := time.Date(2026, 11, 24, 9, 40, 0, 0, berlin)
	due := aware.Add(72 * time.Hour)
	malicious := true
	rule := &Rule{
		ID:     "gdpr.33.sa",
		Regime: "EU GDPR",
		Title: Text{
			EN: "Notification of a personal data breach to the supervisory authority (Art. 33 GDPR)",
			DE: "Meldung einer Verletzung des Schutzes personenbezogener Daten an die Aufsichtsbehörde (Art. 33 DSGVO)",
		},
		Recipient: Recipient{Authority: "competent_dpa"},
		Clock:     "aware_at",
		Deadline:  Deadline{Amount: 72, Unit: Hours},
		Strength:  Soft,
		Content: []string{"nature", "categories_persons", "contact_point", "consequences",
			"measures", "delay_reasons", "phased", "risk_assessment"},
		Basis: Basis{Text: "Art. 33 GDPR", URL: "https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_33"},
	}
	return DraftInput{
		Incident: &incident.Incident{
			ID:       7,
			Title:    "Mailserver kompromittiert, Mails und Kontakte abgeflossen",
			Kind:     incident.KindRansomware,
			Severity: incident.SeverityCritical,
			Status:   incident.StatusContaining,
			AwareAt:  aware.UTC(),
			DetectedAt: func() *time.Time {
				d := detected.UTC()
				return &d
			}(),
			Summary: "Angreifer haben eine nicht gepatchte Schwachstelle unseres Mailservers (Exchange 2019) " +
				"ausgenutzt und Postfächer sowie das Firmenadressbuch kopiert.\n" +
				"Anschließend haben sie die Dateiserver im Büronetz verschlüsselt und eine Lösegeldforderung hinterlassen.\n\n" +
				"Die Forderung wurde am 24.11.2026 um 09:40 Uhr entdeckt; die forensische Analyse bestätigte den Abfluss um 14:05 Uhr.",
			AffectedSystems: "Mailserver MX01, Dateiserver FS01-FS03, *alle* Büro-PCs",
		},
		Facts: &Facts{
			EstablishmentCountry: "DE",
			DELand:               "NI",
			BreachTypes:          []string{"confidentiality", "availability"},
			Malicious:            &malicious,
			PersonsTotal:         4310,
			PersonsByCountry:     map[string]int64{"DE": 3900, "AT": 260, "NL": 150},
			RecordsTotal:         187_450,
			DataCategories:       []string{"email", "phone", "name", "postal_address", "health"},
			ContactPoint:         "Dr. Jana Berger, externe Datenschutzbeauftragte\ndatenschutz@muster-maschinenbau.example, +49 511 555 0100",
			MeasuresTaken:        "Mailserver isoliert und neu aufgesetzt, alle Passwörter zurückgesetzt, Anzeige bei der ZAC Niedersachsen erstattet.",
			MeasuresProposed:     "Betroffene Geschäftskontakte vor Phishing-Mails warnen; Patch-Management mit wöchentlicher Prüfung.",
		},
		Assessment: &Assessment{
			DPCBase: 2, EI: 1, CBConfidentiality: 0.5, CBAvailability: 0.25, CBMalicious: true,
			DPCNote: "Geschäftskontakte und Mailinhalte unbekannter Art",
			Score:   3.25, Level: LevelHigh, Advice: AdviceIndividuals,
			Decision: AdviceIndividuals, DecisionReason: "Mailinhalte können Gesundheitsdaten enthalten",
			DecidedByName: "Petra Lange",
			DecidedAt:     time.Date(2026, 11, 25, 8, 30, 0, 0, berlin),
		},
		Obligation: &Obligation{
			Rule: rule, Applies: true, Status: StatusOpen,
			ClockStart: &aware, DueAt: &due,
		},
		Authority: &Authority{
			ID: "de-ni-lfd", Country: "DE", Region: "NI", Kind: "dpa",
			Name:   "The State Commissioner for Data Protection Lower Saxony",
			NameDE: "Die Landesbeauftragte für den Datenschutz Niedersachsen",
		},
		Content: map[string]ContentItem{
			"nature": {ID: "nature", Title: Text{EN: "Nature of the personal data breach", DE: "Art der Verletzung des Schutzes personenbezogener Daten"}},
			"categories_persons": {ID: "categories_persons", Title: Text{
				EN: "Categories and approximate number of data subjects and records",
				DE: "Kategorien und ungefähre Zahl der betroffenen Personen und Datensätze"}},
		},
		Organisation: "Muster Maschinenbau GmbH, Hannover",
		Now:          time.Date(2026, 11, 25, 10, 0, 0, 0, berlin),
		Zone:         berlin,
	}
}

func checkDraftGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "drafts", name)
	if *updateDraftGoldens {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update-draft-goldens to create it)", err)
	}
	if got != string(want) {
		t.Errorf("draft differs from %s (run go test -update-draft-goldens after checking the change):\n%s", path, got)
	}
}

func TestGenerateDraftSeedCaseMatchesGoldens(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			checkDraftGolden(t, "seed_"+lang+".md", GenerateDraft(draftSeedCase(t), lang))
		})
	}
}

func TestGenerateDraftSeedCaseSaysWhatTheLawAsks(t *testing.T) {
	cases := []struct {
		lang string
		want []string
		not  []string
	}{
		{"en", []string{
			"# Notification of a personal data breach to the supervisory authority (Art. 33 GDPR)",
			"- **To:** The State Commissioner for Data Protection Lower Saxony",
			"- **Date of awareness:** 24 Nov 2026, 14:05 CET",
			"- **Date of detection:** 24 Nov 2026, 09:40 CET",
			"- **Deadline:** 27 Nov 2026, 14:05 CET (72 hours after awareness",
			"[Art. 33 GDPR](https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_33)",
			"## 1. Nature of the personal data breach",
			"breach of confidentiality", "breach of availability", "yes, the breach results from an attack",
			"Mailserver MX01, Dateiserver FS01-FS03, \\*alle\\* Büro-PCs",
			"e-mail addresses, telephone numbers, names, postal addresses",
			"health data (Art. 9 GDPR)",
			"approximately 4,310 (Germany: 3,900; Austria: 260; Netherlands: 150)",
			"approximately 187,450",
			"Dr. Jana Berger, externe Datenschutzbeauftragte\\\ndatenschutz@muster-maschinenbau.example",
			"*Suggestion derived from the categories of data; please check and adapt it:*",
			"targeted phishing", "SE = 2 × 1 + 1.25 = 3.25, level: high",
			"decided by Petra Lange on 25 Nov 2026, 08:30 CET",
			"in phases without undue further delay (Art. 33(4) GDPR)",
		}, []string{"Reasons for the delay", "[to complete: reasons for the delay"}},
		{"de", []string{
			"# Meldung einer Verletzung des Schutzes personenbezogener Daten an die Aufsichtsbehörde (Art. 33 DSGVO)",
			"- **An:** Die Landesbeauftragte für den Datenschutz Niedersachsen",
			"- **Verantwortlicher:** Muster Maschinenbau GmbH, Hannover",
			"- **Kenntnis erlangt am:** 24.11.2026, 14:05 MEZ",
			"- **Frist:** 27.11.2026, 14:05 MEZ (72 Stunden nach Kenntniserlangung",
			"Verletzung der Vertraulichkeit", "Verletzung der Verfügbarkeit",
			"ja, die Verletzung geht auf einen Angriff zurück",
			"E-Mail-Adressen, Telefonnummern, Namen, Postanschriften",
			"Gesundheitsdaten (Art. 9 DSGVO)",
			"etwa 4.310 (Deutschland: 3.900; Österreich: 260; Niederlande: 150)",
			"etwa 187.450",
			"## 3. Datenschutzbeauftragter oder sonstige Anlaufstelle",
			"**Ergriffene Maßnahmen:**",
			"SE = 2 × 1 + 1,25 = 3,25, Stufe: hoch",
			"Meldung an die Aufsichtsbehörde und Benachrichtigung der betroffenen Personen",
			"ohne unangemessene weitere Verzögerung schrittweise zur Verfügung (Art. 33 Abs. 4 DSGVO)",
		}, []string{"Gründe für die Verzögerung", "approximately", "[to complete"}},
	}
	for _, c := range cases {
		t.Run(c.lang, func(t *testing.T) {
			md := GenerateDraft(draftSeedCase(t), c.lang)
			for _, w := range c.want {
				if !strings.Contains(md, w) {
					t.Errorf("draft lacks %q", w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(md, n) {
					t.Errorf("draft contains %q", n)
				}
			}
		})
	}
}

func TestGenerateDraftLateFilingAsksForDelayReasons(t *testing.T) {
	in := draftSeedCase(t)
	in.Now = time.Date(2026, 11, 28, 9, 15, 0, 0, in.Zone)
	t.Run("placeholder when no reasons were recorded", func(t *testing.T) {
		en := GenerateDraft(in, "en")
		for _, w := range []string{
			"27 Nov 2026, 14:05 CET (72 hours after awareness; where feasible — a later notification must give the reasons for the delay) — **passed**",
			"## 6. Reasons for the delay",
			"This notification is made after the deadline of 27 Nov 2026, 14:05 CET.",
			"**[to complete: reasons for the delay, Art. 33(1) sentence 2]**",
		} {
			if !strings.Contains(en, w) {
				t.Errorf("draft lacks %q", w)
			}
		}
		de := GenerateDraft(in, "de")
		if !strings.Contains(de, "**[zu ergänzen: Gründe für die Verzögerung, Art. 33 Abs. 1 Satz 2 DSGVO]**") {
			t.Errorf("German draft lacks the delay placeholder:\n%s", de)
		}
		checkDraftGolden(t, "late_de.md", de)
	})
	t.Run("the recorded reasons", func(t *testing.T) {
		in := in
		facts := *in.Facts
		facts.DelayReasons = "The external forensic team needed until 28 Nov to confirm *which* mailboxes were copied."
		in.Facts = &facts
		en := GenerateDraft(in, "en")
		if !strings.Contains(en, "confirm \\*which\\* mailboxes") || strings.Contains(en, "[to complete: reasons") {
			t.Errorf("draft does not give the recorded reasons:\n%s", en)
		}
	})
	t.Run("added for rules that do not list them", func(t *testing.T) {
		in := in
		rule := *in.Obligation.Rule
		rule.ID, rule.Content = "nis2.23.ew", []string{"nature"}
		ob := *in.Obligation
		ob.Rule = &rule
		in.Obligation = &ob
		en := GenerateDraft(in, "en")
		if !strings.Contains(en, "## 2. Reasons for the delay") || !strings.Contains(en, "**[to complete: reasons for the delay]**") {
			t.Errorf("late NIS2 draft lacks the delay section:\n%s", en)
		}
	})
	t.Run("ASAP duty past its internal target", func(t *testing.T) {
		in := in
		target := in.Incident.AwareAt.Add(24 * time.Hour)
		rule := *in.Obligation.Rule
		rule.ID, rule.Strength, rule.Deadline = "gdpr.34.ds", ASAP, Deadline{Unit: NoDeadline}
		rule.Recipient = Recipient{Who: Text{EN: "the data subjects", DE: "die betroffenen Personen"}}
		in.Obligation = &Obligation{Rule: &rule, Applies: true, Status: StatusOpen, TargetAt: &target}
		in.Authority = nil
		de := GenerateDraft(in, "de")
		for _, w := range []string{
			"- **An:** die betroffenen Personen",
			"unverzüglich (internes Ziel: 25.11.2026, 14:05 MEZ, eine interne Vorgabe, keine gesetzliche Frist) — **abgelaufen**",
			"Gründe für die Verzögerung",
		} {
			if !strings.Contains(de, w) {
				t.Errorf("draft lacks %q:\n%s", w, de)
			}
		}
	})
}

func TestGenerateDraftWithoutFactsHasPlaceholders(t *testing.T) {
	full := draftSeedCase(t)
	in := DraftInput{
		Incident:   &incident.Incident{Title: "Suspicious login", AwareAt: full.Incident.AwareAt},
		Obligation: full.Obligation,
		Now:        full.Now,
		Zone:       full.Zone,
	}
	for _, lang := range []string{"en", "de"} {
		t.Run(lang, func(t *testing.T) {
			md := GenerateDraft(in, lang)
			checkDraftGolden(t, "missing_"+lang+".md", md)
			// organisation, recipient, summary, type, malice, systems,
			// categories, subjects' categories, persons, records, contact,
			// consequences, two measures, the assessment.
			if got, want := Placeholders(md), 15; got != want {
				t.Errorf("Placeholders = %d, want %d:\n%s", got, want, md)
			}
			word := map[string]string{"en": "Still outstanding:", "de": "Noch ausstehend:"}[lang]
			if !strings.Contains(md, word) {
				t.Errorf("phased section does not list what is outstanding")
			}
		})
	}
	t.Run("complete facts have no placeholders but the subjects' categories and the suggestion check", func(t *testing.T) {
		md := GenerateDraft(full, "en")
		if got := Placeholders(md); got != 2 {
			t.Errorf("Placeholders = %d, want 2:\n%s", got, md)
		}
	})
}

func TestGenerateDraftNamesSpecialCategories(t *testing.T) {
	in := draftSeedCase(t)
	facts := *in.Facts
	facts.DataCategories = []string{"name", "criminal_offences", "health", "children", "biometric", "trade_union"}
	in.Facts = &facts
	cases := map[string][]string{
		"en": {
			"**Special categories and particularly sensitive data:** health data (Art. 9 GDPR), biometric data for uniquely identifying a person (Art. 9 GDPR), trade union membership (Art. 9 GDPR), data relating to criminal convictions and offences (Art. 10 GDPR), data of children",
			"irreversible consequences", "particular risks for children", "discrimination, damage to reputation",
		},
		"de": {
			"**Besondere Kategorien und besonders schutzbedürftige Daten:** Gesundheitsdaten (Art. 9 DSGVO), biometrische Daten zur eindeutigen Identifizierung einer Person (Art. 9 DSGVO), Gewerkschaftszugehörigkeit (Art. 9 DSGVO), Daten über strafrechtliche Verurteilungen und Straftaten (Art. 10 DSGVO), Daten von Kindern",
			"Diskriminierung, Rufschädigung und psychische Belastung",
		},
	}
	for lang, wants := range cases {
		md := GenerateDraft(in, lang)
		for _, w := range wants {
			if !strings.Contains(md, w) {
				t.Errorf("%s draft lacks %q:\n%s", lang, w, md)
			}
		}
	}
}

func TestGenerateDraftUnknownItemsGetTitleHintAndPlaceholder(t *testing.T) {
	in := draftSeedCase(t)
	rule := *in.Obligation.Rule
	rule.Content = []string{"nature", "cross_border"}
	ob := *in.Obligation
	ob.Rule = &rule
	in.Obligation = &ob
	in.Content = map[string]ContentItem{"cross_border": {ID: "cross_border",
		Title: Text{EN: "Cross-border impact", DE: "Grenzüberschreitende Auswirkungen"},
		Hint:  Text{EN: "Whether other Member States are affected.", DE: "Ob andere Mitgliedstaaten betroffen sind."}}}
	de := GenerateDraft(in, "de")
	if !strings.Contains(de, "## 2. Grenzüberschreitende Auswirkungen\n\n*Ob andere Mitgliedstaaten betroffen sind.*\n\n**[zu ergänzen]**") {
		t.Errorf("unknown item not rendered with title, hint and placeholder:\n%s", de)
	}
	if strings.Contains(de, "Schrittweise") {
		t.Errorf("phased section added although nothing is missing:\n%s", de)
	}
}

func TestGenerateDraftEscapesUserText(t *testing.T) {
	in := draftSeedCase(t)
	inc := *in.Incident
	inc.Title = "# [Urgent](javascript:alert(1)) <b>"
	inc.Summary = "# not a heading\n- not a list\n1. not numbered\n---\n`code` and **bold**"
	in.Incident = &inc
	md := GenerateDraft(in, "en")
	for _, w := range []string{
		"- **Incident:** \\# \\[Urgent\\](javascript:alert(1)) \\<b\\>",
		"\\# not a heading\\\n\\- not a list\\\n1\\. not numbered\\\n\\---\\\n\\`code\\` and \\*\\*bold\\*\\*",
	} {
		if !strings.Contains(md, w) {
			t.Errorf("draft lacks %q:\n%s", w, md)
		}
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "# ") && !strings.HasPrefix(line, "# Notification") {
			t.Errorf("user text became a heading: %q", line)
		}
	}
}

func TestGenerateDraftOtherLanguagesAreEnglish(t *testing.T) {
	in := draftSeedCase(t)
	if GenerateDraft(in, "zh") != GenerateDraft(in, "en") {
		t.Error("an unknown language does not give the English draft")
	}
}

func TestGenerateDraftSurvivesEmptyInput(t *testing.T) {
	md := GenerateDraft(DraftInput{}, "de")
	if !strings.HasPrefix(md, "# Meldung einer Verletzung") || Placeholders(md) == 0 {
		t.Errorf("empty input gives:\n%s", md)
	}
}

func TestPlaceholders(t *testing.T) {
	cases := []struct {
		md   string
		want int
	}{
		{"", 0},
		{"all done", 0},
		{"**[to complete: contact point]** and [to complete]", 2},
		{"**[zu ergänzen: Kontaktstelle]**, [zu ergänzen]", 2},
		{"escaped \\[to complete: x\\] still counts", 1},
		{"[to completely unrelated]", 0},
	}
	for _, c := range cases {
		if got := Placeholders(c.md); got != c.want {
			t.Errorf("Placeholders(%q) = %d, want %d", c.md, got, c.want)
		}
	}
}
