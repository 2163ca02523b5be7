package publish_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/publish"
)

const (
	affectedEmail = "max.mustermann@example.org"
	strangerEmail = "nobody.here@example.net"
)

// importRegister puts Max (e-mail and ID card number) into incident id's
// register.
func (d *desk) importRegister(id int64) {
	d.t.Helper()
	line := func(category, kind, value string) string {
		b, _ := json.Marshal(map[string]string{"file": "crm.csv", "record": "crm.csv:row 2",
			"category": category, "kind": kind, "value": value})
		return string(b) + "\n"
	}
	data := line("email", "", affectedEmail) + line("national_id", "de_id_card", "T22000129")
	if _, err := d.people.ImportFindings(d.ctx, d.actor("responder"), id, "findings", "crm.jsonl", strings.NewReader(data)); err != nil {
		d.t.Fatalf("import: %v", err)
	}
}

// selfChecks returns incident id's self-check inquiries, revealed.
func (d *desk) selfChecks(id int64) []hotline.Inquiry {
	d.t.Helper()
	qs, err := d.hotline.Inquiries(d.ctx, d.actor("lead"), id, hotline.Filter{Topic: hotline.SelfCheckTopic})
	if err != nil {
		d.t.Fatal(err)
	}
	var out []hotline.Inquiry
	for _, q := range qs {
		v, err := d.hotline.RevealInquiry(d.ctx, d.actor("lead"), id, q.ID)
		if err != nil {
			d.t.Fatal(err)
		}
		out = append(out, v.Inquiry)
	}
	return out
}

// The answer goes only to the address asked about: the affected person
// learns the categories, what to do and the hotline; anybody else that
// they are not in the data analysed so far. Each check is an inquiry of
// every public incident, with the address kept only where it is affected.
func TestSelfCheckAnswersAffectedAndNotAffectedByMailOnly(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	d.importRegister(d.id())
	d.published(d.id(), draft("Breach"))
	d.published(d.id(), publish.StatementDraft{Kind: publish.WhatToDo, Phase: publish.Identified,
		Texts: texts("What to do", "Block your card at **116 116**.")})
	other := d.newIncident("Second leak")
	d.published(other.ID, draft("Another"))
	hidden := d.newIncident("Not public")
	d.importRegister(hidden.ID)

	for _, addr := range []string{"Max.Mustermann@Example.org", strangerEmail} {
		if err := d.svc.SelfCheck(d.ctx, addr, "en"); err != nil {
			t.Fatalf("self-check: %v", err)
		}
	}
	if len(d.mails()) != 2 {
		t.Fatalf("%d mails queued", len(d.mails()))
	}
	d.outbox(r)
	rows := d.settled()
	for _, m := range rows {
		if m.State != publish.MailSent || m.Sealed != nil {
			t.Errorf("mail %d: %s, sealed %d bytes", m.ID, m.State, len(m.Sealed))
		}
	}
	got := r.to(affectedEmail)
	if len(got) != 1 {
		t.Fatalf("%d answers to the affected address", len(got))
	}
	mustContain(t, "affected answer", got[0].Text, "is in the data", "Breach (en)", "- E-mail address", "- ID document number",
		"What you should do now", "Block your card at 116 116. (en)", "+49 800 1234567", "hotline@acme.example")
	mustContain(t, "affected answer (HTML)", got[0].HTML, "<strong>116 116</strong>")
	if strings.Contains(got[0].Text, "Another (en)") || strings.Contains(got[0].Text, "Not public") {
		t.Error("the answer names an incident the address is not in, or one not on the public site")
	}
	got = r.to(strangerEmail)
	if len(got) != 1 {
		t.Fatalf("%d answers to the other address", len(got))
	}
	mustContain(t, "not-affected answer", got[0].Text, "not in the data analysed so far", "+49 800 1234567")
	if strings.Contains(got[0].Text, "ID document") {
		t.Error("the not-affected answer names categories")
	}

	d.eventually("the inquiries", func() bool { return len(d.selfChecks(other.ID)) == 2 })
	byEmail := map[hotline.Match]hotline.Inquiry{}
	for _, q := range d.selfChecks(d.id()) {
		byEmail[q.Match] = q
	}
	if q := byEmail[hotline.Affected]; q.PersonID == 0 || q.Private.CallerEmail != affectedEmail || q.Channel != hotline.ByWeb {
		t.Errorf("affected inquiry: %+v", q)
	}
	if q := byEmail[hotline.NotFound]; q.ID == 0 || q.PersonID != 0 || q.Private.CallerEmail != "" {
		t.Errorf("not-affected inquiry keeps the address or a person: %+v", q)
	}
	for _, q := range d.selfChecks(other.ID) {
		if q.Match != hotline.NotFound || q.Private.CallerEmail != "" {
			t.Errorf("incident without the address: %+v", q)
		}
	}
	if n := len(d.selfChecks(hidden.ID)); n != 0 {
		t.Errorf("%d inquiries in an incident not on the public site", n)
	}
}

// SelfCheck answers nil for every well-formed address, also beyond the
// limit of three answers a day, which then queues nothing; a malformed
// address names the field, and a page with the self-check off refuses.
func TestSelfCheckLimitsAnswersPerAddressSilently(t *testing.T) {
	d := newDesk(t)
	d.sitePage(nil)
	for i := range 5 {
		if err := d.svc.SelfCheck(d.ctx, affectedEmail, "de"); err != nil {
			t.Fatalf("check %d: %v", i+1, err)
		}
	}
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "de"); err != nil {
		t.Fatal(err)
	}
	if n := len(d.mails()); n != 4 {
		t.Errorf("%d answers queued, want 3 + 1", n)
	}
	for i, m := range d.mails() {
		if strings.Contains(string(m.Sealed)+m.MessageID, "mustermann") || strings.Contains(string(m.Sealed)+m.MessageID, "nobody") {
			t.Errorf("mail %d holds the address in the clear", i)
		}
	}
	if err := d.svc.SelfCheck(d.ctx, "not an address", "de"); errs.FieldsOf(err)["email"] != errs.InvalidEmail {
		t.Errorf("malformed: %v", err)
	}
	d.sitePage(func(p *publish.Page) { p.SelfCheck = false })
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "de"); !errs.Is(err, errs.NotFound) {
		t.Errorf("self-check off: %v", err)
	}
}

// The German answer is German.
func TestSelfCheckAnswersInTheLanguageAsked(t *testing.T) {
	d := newDesk(t)
	r := startRelay(t)
	d.sitePage(nil)
	d.published(d.id(), draft("Vorfall"))
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "de"); err != nil {
		t.Fatal(err)
	}
	d.outbox(r)
	d.eventually("the answer", func() bool { return len(r.to(strangerEmail)) == 1 })
	m := r.to(strangerEmail)[0]
	mustContain(t, "German answer", m.Text, "in den bisher ausgewerteten Daten nicht enthalten", "Presse: Petra Presse")
	if m.Header.Get("Content-Language") != "de" || !strings.Contains(m.Subject, "Bin ich betroffen?") {
		t.Errorf("language %q subject %q", m.Header.Get("Content-Language"), m.Subject)
	}
}
