package hotline_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestLookupPhoneInAnyFormat(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	d.approveDefault()
	var first int64
	// The "+49 151 2345678" and "0151-2345678" have one digit
	// fewer than its "004915112345678": a 0151 number has eight after the
	// prefix, so those two are no valid number (and never in a register).
	// The same formats with the digits of the third:
	for _, q := range []string{"+49 151 12345678", "0151-12345678", "004915112345678", "+49 (0)151 1234 5678", "0151/123 456 78"} {
		res, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, q, "en")
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if res.NotFound || len(res.Callers) != 1 {
			t.Fatalf("%q: not found = %v, %d callers; want exactly one", q, res.NotFound, len(res.Callers))
		}
		c := res.Callers[0]
		if first == 0 {
			first = c.Person.ID
		}
		if c.Person.ID != first {
			t.Errorf("%q found person %d, the others %d", q, c.Person.ID, first)
		}
		if !slices.Contains(c.Situations, hotline.AffectedBank) {
			t.Errorf("%q: situations %v lack affected_bank (the person's IBAN leaked)", q, c.Situations)
		}
		var keys []string
		for _, e := range c.Suggestions {
			keys = append(keys, e.Key)
		}
		if !slices.Contains(keys, "bank_steps") || slices.Contains(keys, "id_documents") || slices.Contains(keys, "press") {
			t.Errorf("%q: suggestions %v; want bank_steps, not id_documents or press", q, keys)
		}
		if res.Script == nil || res.Script.Version != 1 {
			t.Errorf("%q: the approved script is not shown", q)
		}
		b, _ := json.Marshal(res.Callers) // Query is what the agent typed
		for _, secret := range []string{erikaPhone, "12345678", erikaIBAN, "Erika"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("%q: the lookup's result shows %q unmasked", q, secret)
			}
		}
	}
}

func TestLookupByEmailAndIDNumber(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	d.approveDefault()
	for _, q := range []string{"Max.Mustermann@Example.org", maxIDCard} {
		res, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, q, "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Callers) != 1 {
			t.Fatalf("%q: %d callers, want 1", q, len(res.Callers))
		}
		c := res.Callers[0]
		if !slices.Contains(c.Situations, hotline.AffectedID) || slices.Contains(c.Situations, hotline.AffectedBank) {
			t.Errorf("%q: situations %v, want affected_id without affected_bank", q, c.Situations)
		}
		if len(c.Suggestions) == 0 || !strings.Contains(c.Suggestions[0].Question, "Ausweis") {
			t.Errorf("%q: the first suggestion is not the German ID answer: %+v", q, c.Suggestions)
		}
	}
}

func TestLookupNotFoundIsHonest(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	for _, q := range []string{"+49 170 9999999", "nobody@example.org", "Hans Niemand"} {
		res, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, q, "en")
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if !res.NotFound || len(res.Callers) != 0 {
			t.Errorf("%q: not found = %v with %d callers; want an honest not found", q, res.NotFound, len(res.Callers))
		}
		if res.Script != nil {
			t.Errorf("%q: a script is shown though none is approved", q)
		}
	}
	if _, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, "  ", "en"); errs.FieldsOf(err)["q"] != errs.Required {
		t.Errorf("empty query: err = %v, want q required", err)
	}
	if n := len(d.audits("hotline.lookup")); n != 3 {
		t.Errorf("%d lookups audited, want 3", n)
	}
	for _, e := range d.audits("hotline.lookup") {
		if strings.Contains(e.Detail, "nobody") || strings.Contains(e.Detail, "9999999") {
			t.Errorf("the audit names the query: %s", e.Detail)
		}
	}
}

func TestRevealIsAudited(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	res, err := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, "0151 12345678", "en")
	if err != nil || len(res.Callers) != 1 {
		t.Fatalf("lookup: %v, %+v", err, res)
	}
	pid := res.Callers[0].Person.ID
	if got := res.Callers[0].Person.Contact.Phones; len(got) != 1 || got[0] == erikaPhone {
		t.Fatalf("the lookup shows the phone unmasked: %v", got)
	}
	if n := len(d.audits("person.reveal")); n != 0 {
		t.Fatalf("%d reveals audited before any", n)
	}
	c, err := d.svc.Reveal(d.ctx, d.actor("hotline"), d.inc.ID, pid)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Phones) != 1 || c.Phones[0] != erikaPhone {
		t.Errorf("revealed phones %v, want %s", c.Phones, erikaPhone)
	}
	es := d.audits("person.reveal")
	if len(es) != 1 || es[0].ObjectID != pid || es[0].ActorID != d.users["hotline"].ID || es[0].IncidentID != d.inc.ID {
		t.Fatalf("reveal audit = %+v, want one entry of the agent for person %d", es, pid)
	}
	if strings.Contains(es[0].Detail, "12345678") {
		t.Errorf("the audit entry holds the number: %s", es[0].Detail)
	}
	if _, err := d.svc.Reveal(d.ctx, d.actor("hotline"), d.inc.ID, pid+1000); !errs.Is(err, errs.NotFound) {
		t.Errorf("reveal of nobody: err = %v, want not_found", err)
	}
	if n := len(d.audits("person.reveal")); n != 1 {
		t.Errorf("a failed reveal was audited: %d entries", n)
	}
	// The caller panel stays masked after a reveal.
	panel, err := d.svc.Caller(d.ctx, d.actor("hotline"), d.inc.ID, pid, "en")
	if err != nil {
		t.Fatal(err)
	}
	if panel.Revealed || slices.Contains(panel.Person.Contact.Phones, erikaPhone) {
		t.Errorf("the caller panel is unmasked: %+v", panel.Person.Contact)
	}
}

// Earlier inquiries are found by the person and by the caller's number,
// also when the agent did not link the person.
func TestCallerShowsEarlierInquiries(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	res, _ := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, erikaPhone, "en")
	pid := res.Callers[0].Person.ID
	linked, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByPhone, PersonID: pid, Outcome: hotline.Answered})
	if err != nil {
		t.Fatal(err)
	}
	byNumber, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Answered,
		Private: hotline.Private{CallerPhone: "0151 1234 5678", Notes: "asked about the letter"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), d.inc.ID, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Answered,
		Private: hotline.Private{CallerPhone: "+49 170 1234567"}}); err != nil {
		t.Fatal(err)
	}
	panel, err := d.svc.Caller(d.ctx, d.actor("hotline"), d.inc.ID, pid, "en")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, q := range panel.Inquiries {
		ids = append(ids, q.ID)
		if q.Private.Notes != "" || q.Private.CallerPhone == erikaPhone {
			t.Errorf("inquiry %d shows its notes or number in the panel", q.ID)
		}
	}
	if !slices.Equal(ids, []int64{byNumber.ID, linked.ID}) {
		t.Errorf("earlier inquiries %v, want [%d %d]", ids, byNumber.ID, linked.ID)
	}
}

// Resend goes to the notification ledger, which has its own rules; the
// hotline's right comes first.
func TestResendDelegatesToTheLedger(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	res, _ := d.svc.Lookup(d.ctx, d.actor("hotline"), d.inc.ID, maxEmail, "en")
	pid := res.Callers[0].Person.ID
	if len(res.Callers[0].Deliveries) != 0 {
		t.Errorf("deliveries without any campaign: %+v", res.Callers[0].Deliveries)
	}
	if err := d.svc.Resend(d.ctx, d.actor("viewer"), d.inc.ID, 1, pid); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a viewer resends: %v, want forbidden", err)
	}
	if err := d.svc.Resend(d.ctx, d.actor("hotline"), d.inc.ID, 4242, pid); !errs.Is(err, errs.NotFound) {
		t.Errorf("resend of no campaign: %v, want not_found", err)
	}
}
