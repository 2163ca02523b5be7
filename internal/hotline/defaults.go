package hotline

// The default script: what a new incident's first draft holds, in German
// and English, so comms start from a sensible text rather than a blank
// page. It names no company and no person; comms adapt it before the lead
// approves it.

// DefaultTopics are the topic keys of the default script, in its order.
var DefaultTopics = []string{"affected", "what_leaked", "bank_data", "id_documents", "notification_received", "data_request", "press", "other"}

// DefaultContents returns the default script contents (de, en); a fresh
// copy each time.
func DefaultContents() []ScriptContent {
	return []ScriptContent{defaultDE(), defaultEN()}
}

func defaultEN() ScriptContent {
	return ScriptContent{
		Lang: "en",
		Script: `**Greeting.** "Thank you for calling the information line about the data security incident. My name is … How can I help you?"

**Find the caller.** Ask for the e-mail address or phone number we know them by (or the customer number on our letter) and search for it. Never read out what the register holds; let the caller say it.

**Say what we know.**
- Found: "Yes, your data was among the data affected." Name the categories shown, nothing more.
- Not found: "We have not found you in the data analysed so far. The analysis continues; if that changes, we will write to you."

**Give the approved answers** from the FAQ below, no guesses. Do not speculate about the attackers, the police investigation or compensation.

**Journalists** are referred to the press office.

**Close.** Log the inquiry: topic, the questions asked, the answer given, and a callback or escalation if you promised one.`,
		Topics: []Topic{
			{"affected", "Am I affected?"}, {"what_leaked", "What was taken"}, {"bank_data", "Bank or card data"},
			{"id_documents", "ID documents"}, {"notification_received", "Notification letter or mail received"},
			{"data_request", "Data-subject request"}, {"press", "Press"}, {"other", "Other"},
		},
		FAQ: []FAQEntry{
			{Key: "am_i_affected", Question: "Am I affected?", Situations: []Situation{AnySituation},
				Answer: "We check this with the e-mail address or phone number you gave us. Everyone whose data we find is informed by letter or e-mail."},
			{Key: "what_leaked", Question: "Which of my data was taken?", Situations: []Situation{AffectedAny},
				Answer: "We can tell you the kinds of data of yours that were in the affected files. The letter we send you lists them too."},
			{Key: "bank_steps", Question: "My bank details were taken. What should I do?", Situations: []Situation{AffectedBank},
				Answer: "Check your account statements for direct debits you do not know and have your bank reverse them (possible for eight weeks). Your IBAN alone does not allow anyone to withdraw money."},
			{Key: "card_block", Question: "Should I block my card?", Situations: []Situation{AffectedBank},
				Answer: "If your card number was affected, ask your bank for a new card; the central blocking number 116 116 works around the clock in Germany."},
			{Key: "id_documents", Question: "My ID number was taken. What should I do?", Situations: []Situation{AffectedID},
				Answer: "Be careful with contracts or accounts opened in your name. You may report the incident to the police and ask your local authority about a new ID document."},
			{Key: "not_found", Question: "You did not find me. Am I safe?", Situations: []Situation{NotAffected},
				Answer: "You were not found in the data analysed so far. The analysis continues; if that changes, we will write to you."},
			{Key: "phishing", Question: "I received a suspicious mail or call. Was that you?", Situations: []Situation{AnySituation},
				Answer: "We never ask for passwords, PINs or bank details by mail or phone. Do not answer such requests and delete the mail."},
			{Key: "letter_genuine", Question: "Is the letter or mail I received really from you?", Situations: []Situation{AffectedAny, AnySituation},
				Answer: "Our notifications carry a reference; read it out and we will confirm it. We never ask you to click a link to enter data."},
			{Key: "data_request", Question: "I want to know what you store about me, or have it erased.", Situations: []Situation{AnySituation},
				Answer: "We record your request now and answer it within one month. You will hear from our data protection officer."},
			{Key: "press", Question: "I am a journalist.", Situations: []Situation{PressCaller},
				Answer: "Please contact our press office; the agents on this line give no statements to the press."},
		},
		AckSubject: "We have received your message",
		AckBody: `Thank you for your message about the data security incident.

We have received it and will answer as soon as possible, usually within one working day. You do not need to write again.

We will never ask you for passwords, PINs or bank details by e-mail.`,
	}
}

func defaultDE() ScriptContent {
	return ScriptContent{
		Lang: "de",
		Script: `**Begrüßung.** „Vielen Dank für Ihren Anruf bei der Informationshotline zum Datenschutzvorfall. Mein Name ist … Wie kann ich Ihnen helfen?“

**Anrufer finden.** Fragen Sie nach der E-Mail-Adresse oder Telefonnummer, unter der wir die Person kennen (oder nach der Kundennummer aus unserem Schreiben), und suchen Sie danach. Lesen Sie nie vor, was das Register enthält; lassen Sie die Person es sagen.

**Sagen, was wir wissen.**
- Gefunden: „Ja, Ihre Daten waren unter den betroffenen Daten.“ Nennen Sie die angezeigten Kategorien, nicht mehr.
- Nicht gefunden: „In den bisher ausgewerteten Daten haben wir Sie nicht gefunden. Die Auswertung läuft weiter; ändert sich das, schreiben wir Ihnen.“

**Geben Sie die freigegebenen Antworten** aus den FAQ unten, keine Vermutungen. Keine Spekulationen über die Täter, die Ermittlungen oder Entschädigungen.

**Journalisten** verweisen Sie an die Pressestelle.

**Abschluss.** Erfassen Sie die Anfrage: Thema, gestellte Fragen, gegebene Antwort und einen zugesagten Rückruf oder eine Weitergabe.`,
		Topics: []Topic{
			{"affected", "Bin ich betroffen?"}, {"what_leaked", "Was wurde entwendet"}, {"bank_data", "Bank- oder Kartendaten"},
			{"id_documents", "Ausweisdokumente"}, {"notification_received", "Benachrichtigung erhalten (Brief oder E-Mail)"},
			{"data_request", "Betroffenenanfrage"}, {"press", "Presse"}, {"other", "Sonstiges"},
		},
		FAQ: []FAQEntry{
			{Key: "am_i_affected", Question: "Bin ich betroffen?", Situations: []Situation{AnySituation},
				Answer: "Wir prüfen das anhand der E-Mail-Adresse oder Telefonnummer, die Sie uns nennen. Alle, deren Daten wir finden, werden per Brief oder E-Mail informiert."},
			{Key: "what_leaked", Question: "Welche meiner Daten wurden entwendet?", Situations: []Situation{AffectedAny},
				Answer: "Wir können Ihnen sagen, welche Arten Ihrer Daten in den betroffenen Dateien waren. Das Schreiben, das Sie von uns erhalten, nennt sie ebenfalls."},
			{Key: "bank_steps", Question: "Meine Bankdaten wurden entwendet. Was soll ich tun?", Situations: []Situation{AffectedBank},
				Answer: "Prüfen Sie Ihre Kontoauszüge auf unbekannte Lastschriften und lassen Sie diese von Ihrer Bank zurückbuchen (acht Wochen lang möglich). Mit der IBAN allein kann niemand Geld abheben."},
			{Key: "card_block", Question: "Soll ich meine Karte sperren?", Situations: []Situation{AffectedBank},
				Answer: "War Ihre Kartennummer betroffen, bitten Sie Ihre Bank um eine neue Karte; der Sperr-Notruf 116 116 ist rund um die Uhr erreichbar."},
			{Key: "id_documents", Question: "Meine Ausweisnummer wurde entwendet. Was soll ich tun?", Situations: []Situation{AffectedID},
				Answer: "Achten Sie auf Verträge oder Konten, die in Ihrem Namen eröffnet werden. Sie können Anzeige bei der Polizei erstatten und bei Ihrer Gemeinde nach einem neuen Ausweis fragen."},
			{Key: "not_found", Question: "Sie haben mich nicht gefunden. Bin ich sicher?", Situations: []Situation{NotAffected},
				Answer: "In den bisher ausgewerteten Daten wurden Sie nicht gefunden. Die Auswertung läuft weiter; ändert sich das, schreiben wir Ihnen."},
			{Key: "phishing", Question: "Ich habe eine verdächtige E-Mail oder einen Anruf erhalten. Waren Sie das?", Situations: []Situation{AnySituation},
				Answer: "Wir fragen nie per E-Mail oder Telefon nach Passwörtern, PINs oder Bankdaten. Antworten Sie nicht auf solche Anfragen und löschen Sie die E-Mail."},
			{Key: "letter_genuine", Question: "Ist das Schreiben oder die E-Mail wirklich von Ihnen?", Situations: []Situation{AffectedAny, AnySituation},
				Answer: "Unsere Benachrichtigungen tragen ein Aktenzeichen; nennen Sie es uns, und wir bestätigen es. Wir bitten Sie nie, über einen Link Daten einzugeben."},
			{Key: "data_request", Question: "Ich möchte wissen, was Sie über mich speichern, oder es löschen lassen.", Situations: []Situation{AnySituation},
				Answer: "Wir nehmen Ihren Antrag jetzt auf und beantworten ihn innerhalb eines Monats. Unser Datenschutzbeauftragter meldet sich bei Ihnen."},
			{Key: "press", Question: "Ich bin Journalist.", Situations: []Situation{PressCaller},
				Answer: "Bitte wenden Sie sich an unsere Pressestelle; die Hotline gibt keine Auskünfte an die Presse."},
		},
		AckSubject: "Wir haben Ihre Nachricht erhalten",
		AckBody: `Vielen Dank für Ihre Nachricht zum Datenschutzvorfall.

Wir haben sie erhalten und antworten so bald wie möglich, in der Regel innerhalb eines Werktags. Sie müssen nicht erneut schreiben.

Wir fragen Sie nie per E-Mail nach Passwörtern, PINs oder Bankdaten.`,
	}
}
