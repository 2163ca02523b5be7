package app

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// seedHotline sets up the demo incident's hotline: the settings (the DPO
// takes escalations), the default script written by comms and approved by
// the lead (four eyes), and a handful of inquiries over every channel — an
// answered call, a journalist, an open callback, a mail overdue by its
// SLA, a data-subject request and an escalation. Callers are linked to the
// register where it knows them. Phone numbers are from the range Germany
// keeps for fiction (030 23125 xxx); addresses are under .example.
func (s *seeder) seedHotline(ctx context.Context) error {
	h := s.svc.Hotline
	if h == nil {
		return nil // opened without the register's key
	}
	id := s.inc.ID
	err := h.SaveSettings(ctx, s.as("lead"), id, hotline.Settings{
		SLA: hotline.DefaultSLA, InboxAddress: "hotline@" + demoDomain, Acknowledge: true,
		FromName:  s.tr("Information line", "Informationshotline"),
		DPOUserID: s.users["dpo"].ID,
		Press:     s.tr("Press office: press@", "Pressestelle: press@") + demoDomain,
	})
	if err != nil {
		return err
	}
	sc := &hotline.Script{}
	if err := h.SaveScript(ctx, s.as("comms"), id, sc); err != nil {
		return err
	}
	if err := h.ApproveScript(ctx, s.as("lead"), id, sc.ID); err != nil {
		return err
	}
	for _, q := range s.demoInquiries() {
		q.ScriptVersion = sc.Version
		s.linkCaller(ctx, &q)
		if _, err := h.LogInquiry(ctx, s.as("hotline"), id, q); err != nil {
			return err
		}
	}
	return nil
}

// linkCaller links an inquiry to the register's person with the caller's
// address or number, if the register knows them.
func (s *seeder) linkCaller(ctx context.Context, q *hotline.NewInquiry) {
	for _, query := range []string{q.Private.CallerEmail, q.Private.CallerPhone} {
		if query == "" || s.svc.People == nil {
			continue
		}
		found, err := s.svc.People.Lookup(ctx, s.as("hotline"), s.inc.ID, query)
		if err == nil && len(found) == 1 {
			q.PersonID, q.Match = found[0].ID, hotline.Affected
			return
		}
	}
	if q.Match == hotline.Unchecked && (q.Private.CallerEmail != "" || q.Private.CallerPhone != "") {
		q.Match = hotline.NotFound
	}
}

// demoInquiries are the demo's inquiries, oldest first.
func (s *seeder) demoInquiries() []hotline.NewInquiry {
	at := func(ago time.Duration) *time.Time { t := s.now.Add(-ago); return &t }
	callback := s.now.Add(90 * time.Minute)
	lang := s.lang
	return []hotline.NewInquiry{
		{Channel: hotline.ByPhone, Lang: lang, Topic: "affected", Questions: []string{"am_i_affected", "what_leaked"},
			Answer: "not_found", Outcome: hotline.Answered, ReceivedAt: at(20 * time.Hour),
			Private: hotline.Private{CallerName: "Erika Mustermann", CallerPhone: "+49 30 23125 101",
				Notes: s.tr("Worried after the press reports; not found so far, explained that we write if that changes.",
					"Nach den Presseberichten besorgt; bisher nicht gefunden, erklärt, dass wir schreiben, falls sich das ändert.")}},
		{Channel: hotline.ByMail, Lang: lang, Topic: "notification_received", ReceivedAt: at(30 * time.Hour),
			Private: hotline.Private{CallerName: "Max Mustermann", CallerEmail: "max.mustermann@mail.example",
				Subject: s.tr("Is your letter genuine?", "Ist Ihr Schreiben echt?")}},
		{Channel: hotline.ByPhone, Lang: "en", Topic: "press", Questions: []string{"press"}, Answer: "press",
			Outcome: hotline.Answered, ReceivedAt: at(6 * time.Hour),
			Private: hotline.Private{CallerName: "Alex Reporter", CallerPhone: "+49 30 23125 202",
				Notes: "Journalist; referred to the press office."}},
		{Channel: hotline.ByPhone, Lang: lang, Topic: "bank_data", Questions: []string{"bank_steps", "card_block"},
			Outcome: hotline.Callback, CallbackDue: &callback, ReceivedAt: at(2 * time.Hour),
			Private: hotline.Private{CallerName: "Jana Beispiel", CallerPhone: "030 23125 303",
				Notes: s.tr("Wants to know whether her card number was in the data; call back once the analysis of the payment exports is done.",
					"Möchte wissen, ob ihre Kartennummer betroffen ist; Rückruf, sobald die Zahlungsexporte ausgewertet sind.")}},
		{Channel: hotline.ByWeb, Lang: lang, Topic: "data_request", Questions: []string{"data_request"}, Answer: "data_request",
			Outcome: hotline.DataRequest, Request: hotline.AccessRequest, ReceivedAt: at(4 * time.Hour),
			Private: hotline.Private{CallerName: "Lukas Probe", CallerEmail: "lukas.probe@mail.example"}},
		{Channel: hotline.ByPhone, Lang: lang, Topic: "id_documents", Questions: []string{"id_documents"},
			Outcome: hotline.Escalated, ReceivedAt: at(45 * time.Minute),
			Private: hotline.Private{CallerName: "Sabine Muster", CallerPhone: "+49 30 23125 404",
				Notes: s.tr("Says a loan was requested in her name; escalated to the DPO.",
					"Gibt an, in ihrem Namen sei ein Kredit beantragt worden; an den DSB weitergegeben.")}},
	}
}
