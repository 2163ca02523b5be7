package app

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// The demo company's public site: what a journalist, a customer and a
// status widget see on the second port. Everything a person wrote goes
// through the publish service as the desk would: comms writes, the lead
// approves (four eyes), comms publishes, a responder sets the systems'
// status. Phone numbers are from the range Germany keeps for fiction
// (030 23125 xxx); addresses are under .example.

// demoCompany is the demo company's name on its public site.
const demoCompany = "Muster Automobil GmbH"

// The demo's public contacts: the hotline's inbox is the one the hotline
// demo reads (seedHotline).
const (
	demoHotlinePhone = "+49 30 23125 000"
	demoPressPhone   = "+49 30 23125 050"
)

// demoComponent is one of the demo company's systems with its past: the
// changes before today, in hours after awareness, oldest first, and the
// status it has now.
type demoComponent struct {
	names   map[string]string
	history []demoChange
	now     publish.ComponentStatus
}

type demoChange struct {
	after  time.Duration
	status publish.ComponentStatus
}

// seedPublic sets up the public site: the page's settings, four systems
// (the customer portal still degraded), the incident's public name, and
// the published press release, what-to-do statement and update, with an
// FAQ waiting for the lead's approval.
func (s *seeder) seedPublic(ctx context.Context) error {
	p := s.svc.Publish
	if p == nil {
		return nil // opened without the register's key
	}
	if _, err := p.SavePage(ctx, s.as("lead"), publish.Page{
		Names:     map[string]string{"de": demoCompany, "en": demoCompany},
		PressName: "Pressestelle / Press office", PressEmail: "press@" + demoDomain, PressPhone: demoPressPhone,
		HotlinePhone: demoHotlinePhone, HotlineEmail: "hotline@" + demoDomain,
		SelfCheck: true,
	}); err != nil {
		return err
	}
	ids, err := s.seedComponents(ctx)
	if err != nil {
		return err
	}
	if _, err := p.SaveListing(ctx, s.as("comms"), s.inc.ID, publish.ListingChange{
		Titles: map[string]string{"de": "Unbefugter Zugriff auf Kundendaten", "en": "Unauthorised access to customer data"},
		Impact: publish.ImpactMajor,
	}); err != nil {
		return err
	}
	for _, d := range demoStatements(ids) {
		if err := s.publishStatement(ctx, d); err != nil {
			return err
		}
	}
	_, err = p.CreateStatement(ctx, s.as("comms"), s.inc.ID, demoFAQ())
	return err
}

// publishStatement takes a statement the whole way: comms writes it, the
// lead approves it, comms publishes it.
func (s *seeder) publishStatement(ctx context.Context, d publish.StatementDraft) error {
	p, id := s.svc.Publish, s.inc.ID
	st, err := p.CreateStatement(ctx, s.as("comms"), id, d)
	if err != nil {
		return err
	}
	if _, err := p.ApproveStatement(ctx, s.as("lead"), id, st.ID); err != nil {
		return err
	}
	_, err = p.PublishStatement(ctx, s.as("comms"), id, st.ID)
	return err
}

// seedComponents adds the systems and gives them their past. The service
// stamps every change with the clock, so the changes before today are
// written straight into the store (one transaction, the responder as
// actor); the status they have now is set through the service, audited.
// It returns the components' IDs by their English name.
func (s *seeder) seedComponents(ctx context.Context) (map[string]int64, error) {
	p := s.svc.Publish
	ids := map[string]int64{}
	var past []publish.ComponentChange
	for i, dc := range demoComponents() {
		c, err := p.AddComponent(ctx, s.as("comms"), publish.ComponentEdit{Names: dc.names, Position: (i + 1) * 10})
		if err != nil {
			return nil, err
		}
		ids[dc.names["en"]] = c.ID
		for _, ch := range dc.history {
			past = append(past, publish.ComponentChange{ComponentID: c.ID, Status: ch.status,
				At: s.aware.Add(ch.after), ActorID: s.users["responder"].ID})
		}
	}
	err := s.svc.Store.Publish().Update(ctx, func(tx publish.Tx) error {
		for i := range past {
			if err := tx.AddComponentChange(ctx, &past[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, dc := range demoComponents() {
		if _, err := p.SetComponentStatus(ctx, s.as("responder"), ids[dc.names["en"]], dc.now); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// demoComponents are the demo company's systems in the order of the page.
// The portal and the mail servers were taken off the network on the first
// morning; the phone line was swamped on the second day.
func demoComponents() []demoComponent {
	h := time.Hour
	return []demoComponent{
		{names: map[string]string{"de": "Kundenportal", "en": "Customer portal"},
			history: []demoChange{{30 * time.Minute, publish.MajorOutage}, {18 * h, publish.PartialOutage}},
			now:     publish.Degraded},
		{names: map[string]string{"de": "Service-Telefon", "en": "Support phone line"},
			history: []demoChange{{26 * h, publish.PartialOutage}, {28 * h, publish.Operational}},
			now:     publish.Operational},
		{names: map[string]string{"de": "E-Mail", "en": "E-mail"},
			history: []demoChange{{45 * time.Minute, publish.MajorOutage}, {22 * h, publish.Operational}},
			now:     publish.Operational},
		{names: map[string]string{"de": "Fahrzeug-App", "en": "Vehicle app"},
			history: []demoChange{{2 * h, publish.UnderMaintenance}, {6 * h, publish.Operational}},
			now:     publish.Operational},
	}
}

// demoStatements are the published statements, oldest first; ids are the
// components by English name.
func demoStatements(ids map[string]int64) []publish.StatementDraft {
	portal, mail := ids["Customer portal"], ids["E-mail"]
	return []publish.StatementDraft{
		{Kind: publish.PressRelease, Phase: publish.Identified, Components: []int64{portal, mail}, Texts: map[string]publish.Text{
			"de": {Title: "Muster Automobil informiert über einen Angriff auf Kundendaten", Body: "" +
				"Unbekannte haben Daten aus einer Datenbank unseres Kundenservice kopiert und fordern ein Lösegeld. " +
				"Wir haben Anzeige erstattet, die Datenschutz-Aufsichtsbehörde informiert, die betroffenen Systeme vom Netz " +
				"genommen und untersuchen den Vorfall mit externen Forensikern.\n\n" +
				"Nach heutigem Stand betroffen sind Namen, Post- und E-Mail-Adressen und Telefonnummern von Kundinnen und " +
				"Kunden, bei einem Teil der Fahrzeughalter auch Kopien von Ausweisdokumenten. Zahlungsdaten liegen in " +
				"anderen Systemen; für einen Zugriff darauf gibt es keine Anzeichen.\n\n" +
				"**Wir zahlen nicht.** Wer betroffen ist, erfährt es von uns direkt, per E-Mail oder Brief, mit genau den " +
				"eigenen Daten, die betroffen sind. Unsere Hotline beantwortet Fragen täglich von 8 bis 20 Uhr.\n\n" +
				"Jede neue Erkenntnis veröffentlichen wir auf dieser Seite."},
			"en": {Title: "Muster Automobil informs about an attack on customer data", Body: "" +
				"Unknown attackers copied data from a database of our customer service and demand a ransom. " +
				"We have reported the crime to the police, informed the data-protection authority, taken the affected " +
				"systems off the network and are investigating with outside forensic experts.\n\n" +
				"As far as we know today, names, postal and e-mail addresses and phone numbers of customers are affected, " +
				"and for some vehicle owners copies of their ID documents. Payment data is kept in other systems; there is " +
				"no sign that it was accessed.\n\n" +
				"**We will not pay.** Everyone whose data was taken hears it from us directly, by e-mail or letter, with " +
				"exactly which of their data is affected. Our hotline answers questions every day from 8 am to 8 pm.\n\n" +
				"We publish every new finding on this page."},
		}},
		{Kind: publish.WhatToDo, Phase: publish.Identified, Texts: map[string]publish.Text{
			"de": {Title: "Was Sie jetzt tun sollten", Body: "" +
				"- Seien Sie vorsichtig bei E-Mails, SMS und Anrufen, die sich auf Ihr Fahrzeug, Ihren Vertrag oder diesen " +
				"Vorfall beziehen. Wir fragen Sie nie nach einem Passwort, einer PIN oder einer Zahlung.\n" +
				"- Ändern Sie das Passwort Ihres Kundenportal-Kontos, sobald das Portal Sie dazu auffordert, und überall " +
				"dort, wo Sie dasselbe Passwort verwenden, schon jetzt.\n" +
				"- Prüfen Sie Ihre Kontoauszüge und melden Sie unbekannte Abbuchungen sofort Ihrer Bank.\n" +
				"- War Ihr Ausweis betroffen, können Sie ihn neu ausstellen lassen; die Gebühr erstatten wir.\n" +
				"- Fragen beantworten unsere Hotline und unser Anfragepostfach (siehe unten)."},
			"en": {Title: "What you should do now", Body: "" +
				"- Be wary of e-mails, text messages and calls that refer to your vehicle, your contract or this incident. " +
				"We never ask you for a password, a PIN or a payment.\n" +
				"- Change the password of your customer-portal account as soon as the portal asks you to, and right now " +
				"wherever you use the same password.\n" +
				"- Check your bank statements and report unknown debits to your bank at once.\n" +
				"- If your ID document was affected, you can have a new one issued; we refund the fee.\n" +
				"- Our hotline and our inquiry inbox answer your questions (see below)."},
		}},
		{Kind: publish.Update, Phase: publish.Monitoring, Components: []int64{portal, mail}, Texts: map[string]publish.Text{
			"de": {Title: "E-Mail wieder erreichbar, Kundenportal eingeschränkt", Body: "" +
				"Unsere E-Mail-Systeme sind geprüft, bereinigt und wieder in Betrieb. Das Kundenportal ist mit " +
				"eingeschränkten Funktionen zurück: Termine und Dokumente sind sichtbar, Änderungen Ihrer Daten noch " +
				"nicht. Das Service-Telefon ist wieder voll erreichbar. Wir haben begonnen, die Betroffenen anzuschreiben."},
			"en": {Title: "E-mail is back, the customer portal runs with limited functions", Body: "" +
				"Our e-mail systems have been checked, cleaned and are running again. The customer portal is back with " +
				"limited functions: you can see your appointments and documents, but not yet change your data. The " +
				"support phone line is fully available again. We have started to write to the people affected."},
		}},
	}
}

// demoFAQ is the statement that waits for the lead: the desk's public tab
// shows a draft to approve.
func demoFAQ() publish.StatementDraft {
	return publish.StatementDraft{Kind: publish.FAQ, Phase: publish.Monitoring, Texts: map[string]publish.Text{
		"de": {Title: "Fragen und Antworten", Body: "" +
			"**Woher weiß ich, ob ich betroffen bin?** Wir schreiben allen Betroffenen direkt. Über „Bin ich betroffen?“ " +
			"auf dieser Seite erhalten Sie die Antwort an Ihre E-Mail-Adresse.\n\n" +
			"**Ist mein Fahrzeug betroffen?** Nein. Die Fahrzeuge und ihre Software sind nicht Teil der betroffenen Systeme."},
		"en": {Title: "Questions and answers", Body: "" +
			"**How do I know whether I am affected?** We write to everyone affected directly. \"Am I affected?\" on this " +
			"page sends the answer to your e-mail address.\n\n" +
			"**Is my vehicle affected?** No. The vehicles and their software are not part of the affected systems."},
	}}
}
