package web

import (
	"context"
	"sync"
	"testing"

	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/pdfdoc"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// newTestRegister builds the register and the campaigns over the test
// desk's database, with a fresh register key, as `breachdesk serve` does,
// and a real SMTP relay on loopback for what they send (not set up in the
// desk's settings until a test says so).
func newTestRegister(t testing.TB, db *sqlite.DB, inc *incident.Service, obl *obligation.Service) (*people.Service, *notify.Service, *hotline.Service, *testRelay, *publish.Service) {
	t.Helper()
	keys := newTestKeyring(t)
	if err := people.CheckKey(context.Background(), db.People(), keys); err != nil {
		t.Fatalf("register key: %v", err)
	}
	ppl := people.NewService(db.People(), inc, obl, keys, nil)
	letters := testLetters(t)
	ntf := notify.NewService(db.Notify(), inc, ppl, keys, notify.Options{Letters: letters, Dial: testDial})
	hl := hotline.NewService(db.Hotline(), inc, ppl, ntf, db.Auth(), keys, hotline.Options{})
	pub := publish.NewService(db.Publish(), inc, ppl, hl, ntf, keys, publish.Options{Domain: "beispiel.example"})
	return ppl, ntf, hl, startTestRelay(t), pub
}

// letterRenderer is made once per test binary: it loads the fonts.
var letterRenderer = sync.OnceValues(func() (*pdfdoc.LetterRenderer, error) { return pdfdoc.NewLetterRenderer() })

func testLetters(t testing.TB) notify.LetterRenderer {
	t.Helper()
	r, err := letterRenderer()
	if err != nil {
		t.Fatalf("letter renderer: %v", err)
	}
	return r
}
