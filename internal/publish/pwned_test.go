package publish_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// SHA-1 of "password": 5BAA6 1E4C9B93F3F0682250B6CF8331B7EE68FD8.
const passwordSuffix = "1E4C9B93F3F0682250B6CF8331B7EE68FD8"

// rangeOf returns the prefix's suffixes and counts as "SUFFIX:COUNT".
func (d *desk) rangeOf(prefix string) ([]string, error) {
	rows, err := d.svc.PasswordRange(d.ctx, prefix)
	var out []string
	for _, r := range rows {
		out = append(out, r.Suffix+":"+strconv.Itoa(r.Count))
	}
	return out, err
}

// The range endpoint is off until the page names an incident; it serves
// that incident's hashes, from a cache that starts over on every import
// and page change.
func TestPasswordRangeFollowsImportsAndThePage(t *testing.T) {
	d := newDesk(t)
	if _, err := d.rangeOf("5baa6"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("range before any page: %v", err)
	}
	n, err := d.svc.ImportPasswords(d.ctx, d.actor("lead"), d.id(), strings.NewReader("password\npassword\nhunter2\n"))
	if err != nil || n != 2 {
		t.Fatalf("import: %d %v", n, err)
	}
	if len(d.audits("publish.passwords_import")) != 1 {
		t.Error("the import is not audited")
	}
	if _, err := d.rangeOf("5BAA6"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("range with the endpoint off: %v", err)
	}
	d.sitePage(func(p *publish.Page) { p.RangeIncidentID = d.id() })
	d.eventually("the range endpoint on", func() bool {
		got, err := d.rangeOf("5baa6")
		return err == nil && len(got) == 1 && got[0] == passwordSuffix+":2"
	})
	if got, err := d.rangeOf("00000"); err != nil || len(got) != 0 {
		t.Errorf("an empty range: %v %v", got, err)
	}
	for _, bad := range []string{"5baa", "5baa6f", "5bxa6", ""} {
		if _, err := d.rangeOf(bad); errs.FieldsOf(err)["prefix"] != errs.InvalidValue {
			t.Errorf("prefix %q: %v", bad, err)
		}
	}
	if _, err := d.svc.ImportPasswords(d.ctx, d.actor("admin"), d.id(), strings.NewReader("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8:7\n")); err != nil {
		t.Fatal(err)
	}
	if got, err := d.rangeOf("5BAA6"); err != nil || len(got) != 1 || got[0] != passwordSuffix+":7" {
		t.Errorf("after a new import: %v %v", got, err)
	}
	d.sitePage(func(p *publish.Page) { p.RangeIncidentID = 0 })
	d.eventually("the range endpoint off", func() bool {
		_, err := d.rangeOf("5baa6")
		return errs.Is(err, errs.NotFound)
	})
}

// Only admins and leads upload the list; a file with a bad line changes
// nothing and names the line, not its content.
func TestImportPasswordsRightsAndBadLines(t *testing.T) {
	d := newDesk(t)
	if _, err := d.svc.ImportPasswords(d.ctx, d.actor("comms"), d.id(), strings.NewReader("password\n")); !errs.Is(err, errs.Forbidden) {
		t.Errorf("comms: %v", err)
	}
	if _, err := d.svc.ImportPasswords(d.ctx, d.actor("outsider"), d.id(), strings.NewReader("password\n")); !errs.Is(err, errs.NotFound) {
		t.Errorf("outsider: %v", err)
	}
	if _, err := d.svc.ImportPasswords(d.ctx, d.actor("lead"), d.id(), strings.NewReader("password\n")); err != nil {
		t.Fatal(err)
	}
	_, err := d.svc.ImportPasswords(d.ctx, d.actor("lead"), d.id(), strings.NewReader("hunter2\nsecret\x01pw\n"))
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "line 2") || strings.Contains(err.Error(), "secret") {
		t.Errorf("bad line: %v", err)
	}
	if n, err := d.db.Publish().PwnedCount(d.ctx, d.id()); err != nil || n != 1 {
		t.Errorf("the list after a refused import: %d %v", n, err)
	}
}

// Counts are for admins and leads, and hold numbers only.
func TestCounts(t *testing.T) {
	d := newDesk(t)
	d.sitePage(nil)
	d.subscriber("one@example.org", "de", publish.Confirmed)
	if err := d.svc.Subscribe(d.ctx, "two@example.org", "en"); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.SelfCheck(d.ctx, strangerEmail, "en"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.svc.Counts(d.ctx, d.actor("comms")); !errs.Is(err, errs.Forbidden) {
		t.Errorf("comms: %v", err)
	}
	c, err := d.svc.Counts(d.ctx, d.actor("lead"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Subscribers[publish.Confirmed] != 1 || c.Subscribers[publish.Pending] != 1 || c.SelfChecks != 1 ||
		c.Mails[publish.ConfirmMail][publish.MailQueued] != 1 {
		t.Errorf("counts: %+v", c)
	}
}
