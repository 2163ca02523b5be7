package notify_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// What an outbox keeps of a failed attempt never holds an address and
// stays short, whatever the relay answered.
func TestLedgerTextKeepsNoAddress(t *testing.T) {
	long := &notify.SendError{Code: 550, Text: "5.1.1 <anna.schmidt@example.de>: mailbox unavailable " + strings.Repeat("x", 600)}
	got := notify.LedgerText(long)
	if strings.Contains(got, "anna.schmidt") || !strings.Contains(got, "mailbox unavailable") || len(got) > 310 {
		t.Errorf("relay reply kept as %q", got)
	}
	if got := notify.LedgerText(errs.E(errs.Invalid, "no mail relay is set up")); !strings.Contains(got, "no mail relay is set up") {
		t.Errorf("a missing relay is kept as %q", got)
	}
	if got := notify.LedgerText(errors.New("dial tcp 10.0.0.5:25: connection refused")); got != "the relay could not be reached" {
		t.Errorf("a dial error is kept as %q", got)
	}
}
