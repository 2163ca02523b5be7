package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// assertEveryoneOnce checks the relay and the ledger: every person with an
// e-mail address got exactly one copy of their message, with the
// Message-ID of their ledger row; the others have a pending letter.
func assertEveryoneOnce(t *testing.T, e *env, cid int64, persons int) {
	t.Helper()
	assertDelivered(t, e, cid, persons, nil)
}

// assertDelivered is assertEveryoneOnce; a second copy with the same
// Message-ID is allowed for the Message-IDs in doubt (the documented
// window: handed to the relay, the result never recorded).
func assertDelivered(t *testing.T, e *env, cid int64, persons int, inDoubt map[string]bool) {
	t.Helper()
	got := e.relay.snapshot()
	rows := e.ledger(cid)
	if len(rows) != persons {
		t.Fatalf("%d ledger rows, want %d", len(rows), persons)
	}
	seen, twice := 0, 0
	for _, d := range rows {
		p, err := e.people.Unsealed(context.Background(), e.id, d.PersonID)
		if err != nil {
			t.Fatal(err)
		}
		if p.HasEmail() {
			ids := got[p.Contact.Emails[0]]
			if len(ids) == 0 || ids[0] != d.MessageID {
				t.Errorf("person %d got %v, want their ledger's Message-ID %s", d.PersonID, ids, d.MessageID)
			}
		}
		if d.Channel == notify.ByLetter {
			if d.State != notify.Pending {
				t.Errorf("letter row %d is %s, want pending", d.ID, d.State)
			}
			continue
		}
		if d.State != notify.Sent {
			t.Errorf("row %d is %s (%s), want sent", d.ID, d.State, d.LastError)
			continue
		}
		seen++
	}
	for _, ids := range got {
		if len(ids) == 0 {
			continue
		}
		for _, id := range ids[1:] {
			if id != ids[0] {
				t.Errorf("a recipient got two different messages: %s and %s", ids[0], id)
			}
		}
		switch {
		case len(ids) >= 2 && inDoubt[ids[0]]:
			// A row in doubt is sent again by whichever runner takes it
			// next; that runner can itself be stopped, or lose its lease
			// on a busy machine, before the relay's answer is recorded,
			// and the row is in doubt once more. Every copy still carries
			// the same Message-ID (checked above), which is what lets a
			// mail client show it once.
			twice++
		case len(ids) != 1:
			t.Errorf("a recipient got %d copies of %s", len(ids), ids[0])
		}
	}
	if len(got) != seen {
		t.Errorf("%d recipients got mail, %d rows are sent", len(got), seen)
	}
	if twice > 0 {
		t.Logf("%d messages came twice with the same Message-ID (in doubt when the runner stopped)", twice)
	}
}

// assertNoPersonalData checks that the runners' logs name no recipient:
// no address, no name, no street.
func assertNoPersonalData(t *testing.T, e *env) {
	t.Helper()
	logs := e.logs.String()
	for _, bad := range []string{"@example.org", "Person Nummer", "Hauptstraße", "K0000"} {
		if strings.Contains(logs, bad) {
			t.Errorf("the logs hold personal data (%q):\n%s", bad, logs)
		}
	}
}
