package hotline_test

import (
	"bytes"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/people"
)

// A self-check is an answered web inquiry found again by the address's
// blind index; the address itself is kept (sealed) only for an affected
// person.
func TestSelfCheckIsLoggedAndKeepsTheAddressOnlyWhenAffected(t *testing.T) {
	d := newDesk(t)
	d.importRegister()
	keys, err := people.NewKeyring(testKey)
	if err != nil {
		t.Fatal(err)
	}
	maxKey := keys.Index(people.IndexEmail, maxEmail)
	ids, err := d.people.LookupKeys(d.ctx, d.inc.ID, maxKey)
	if err != nil || len(ids) != 1 {
		t.Fatalf("lookup of Max: %v %v", ids, err)
	}
	const stranger = "nobody.here@example.net"
	cases := []struct {
		name     string
		log      hotline.SelfCheckLog
		match    hotline.Match
		personID int64
		kept     string
	}{
		{"affected", hotline.SelfCheckLog{Email: " Max.Mustermann@Example.org ", Lang: "de", PersonID: ids[0]}, hotline.Affected, ids[0], maxEmail},
		{"not affected", hotline.SelfCheckLog{Email: stranger, Lang: "en"}, hotline.NotFound, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q, err := d.svc.LogSelfCheck(d.ctx, d.inc.ID, c.log)
			if err != nil {
				t.Fatal(err)
			}
			if q.Channel != hotline.ByWeb || q.Topic != hotline.SelfCheckTopic || q.Outcome != hotline.Answered ||
				q.Status != hotline.Closed || q.Match != c.match || q.PersonID != c.personID || q.CreatedBy != 0 {
				t.Errorf("inquiry: %+v", q)
			}
			if q.FirstResponseAt == nil || q.Overdue(d.clock.Now().AddDate(0, 1, 0)) {
				t.Error("a self-check is answered at once and never overdue")
			}
			v, err := d.svc.RevealInquiry(d.ctx, d.actor("hotline"), d.inc.ID, q.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Private.CallerEmail != c.kept {
				t.Errorf("kept address %q, want %q", v.Private.CallerEmail, c.kept)
			}
			key := keys.Index(people.IndexEmail, people.NormalizeEmail(c.log.Email)).Hash
			rows, err := d.db.Hotline().Inquiries(d.ctx, d.inc.ID, hotline.Filter{CallerKey: key})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].ID != q.ID || !bytes.Equal(rows[0].CallerKey, key) {
				t.Fatalf("the caller key does not find the inquiry: %d rows", len(rows))
			}
			if bytes.Contains(rows[0].Sealed, []byte("example")) {
				t.Error("the address is stored in the clear")
			}
		})
	}
	if n := len(d.audits("inquiry.create")); n != 2 {
		t.Errorf("%d inquiry.create audit entries, want 2", n)
	}
}

func TestSelfCheckWithoutAnAddressIsRefused(t *testing.T) {
	d := newDesk(t)
	_, err := d.svc.LogSelfCheck(d.ctx, d.inc.ID, hotline.SelfCheckLog{Email: "not an address"})
	if errs.FieldsOf(err)["email"] != errs.InvalidEmail {
		t.Fatalf("err = %v", err)
	}
}
