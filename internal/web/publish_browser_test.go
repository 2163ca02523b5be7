package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/publish"
	"github.com/breachdesk/breachdesk/internal/web/public"
)

// Comms drafts a press release in German and English, the lead approves
// it, comms publishes it; a visitor sees it on the public listener in both
// languages, subscribes, confirms through the link of the mail the test
// SMTP server caught, and receives the next update when comms publishes
// it after approval. The public outbox runs all along over a real SMTP
// connection. With BREACHDESK_SCREENSHOT=docs/img/public.jpg it writes the
// public page there and the desk's statements page beside it
// (public-desk.jpg).
func TestBrowserPublishesAStatementAndAnUpdateReachesASubscriber(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	d := newTestDesk(t)
	inc := d.newIncident("Ransomware im Rechenzentrum (intern)", auth.RoleComms)
	ctx0, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	desk := httptest.NewServer(d.srv)
	t.Cleanup(desk.Close)
	site := startPublicSite(t, ctx0, d)
	lead := d.actor(auth.RoleLead)
	if _, err := d.publish.SavePage(ctx0, lead, publish.Page{Names: map[string]string{"de": "Beispiel GmbH", "en": "Beispiel Ltd"},
		PressEmail: "presse@beispiel.example", HotlinePhone: "+49 511 1234560", HotlineEmail: "hilfe@beispiel.example",
		SenderEmail: "status@beispiel.example"}); err != nil {
		t.Fatalf("page settings: %v", err)
	}
	portal, err := d.publish.AddComponent(ctx0, lead, publish.ComponentEdit{Names: map[string]string{"de": "Kundenportal", "en": "Customer portal"}})
	if err != nil {
		t.Fatalf("component: %v", err)
	}
	outboxDone := make(chan error, 1)
	go func() { outboxDone <- d.publish.RunOutbox(ctx0, testDialer{addr: d.relay.addr}, nil) }()
	t.Cleanup(func() { cancel(); <-outboxDone })

	ctx := newBrowser(t)
	publicPath := fmt.Sprintf("%s/incidents/%d/public", desk.URL, inc.ID)
	browserLogin(t, ctx, desk.URL, auth.RoleComms)
	step(t, ctx, "open the public side from the incident page",
		cd.Navigate(fmt.Sprintf("%s/incidents/%d", desk.URL, inc.ID)),
		cd.WaitVisible(cd.CSS("a.public-link")),
		cd.Click(cd.CSS("a.public-link")),
		cd.WaitVisible(cd.CSS("#statement-form")),
	)
	draftStatement(t, ctx, "press_release", "investigating", portal.ID,
		"Angriff auf die Beispiel GmbH", "Wir untersuchen einen Angriff auf unsere Systeme.",
		"Attack on Beispiel Ltd", "We are investigating an attack on our systems.")
	first := onlyStatement(t, d, inc.ID, publish.Draft)
	checkNoMissingTranslations(t, ctx)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("button.approve").length`); n != 0 {
		t.Errorf("comms is offered to approve a statement (four eyes are the lead's)")
	}
	browserLogout(t, ctx)

	approveAs(t, ctx, desk.URL, publicPath, first)
	publishAs(t, ctx, desk.URL, publicPath, first)

	step(t, ctx, "the visitor reads it in German",
		cd.Navigate(site+"/de/"),
		cd.WaitVisible(cd.CSS("section.incident")),
	)
	if text := pageText(ctx); !strings.Contains(text, "Angriff auf die Beispiel GmbH") || !strings.Contains(text, "Wir untersuchen") {
		t.Errorf("the German page lacks the statement:\n%s", truncate(text, 2000))
	}
	if text := pageText(ctx); strings.Contains(text, inc.Title) {
		t.Errorf("the public page shows the desk's title of the incident")
	}
	step(t, ctx, "and in English",
		cd.Navigate(site+"/en/"),
		cd.WaitVisible(cd.CSS("section.incident")),
	)
	if text := pageText(ctx); !strings.Contains(text, "Attack on Beispiel Ltd") || !strings.Contains(text, "We are investigating") {
		t.Errorf("the English page lacks the statement:\n%s", truncate(text, 2000))
	}
	screenshot(t, ctx, "")

	const visitor = "leser@example.org"
	step(t, ctx, "subscribe",
		cd.Navigate(site+"/en/subscribe"),
		cd.WaitVisible(cd.CSS("#email")),
		cd.SendKeys(cd.CSS("#email"), visitor),
		cd.Submit(cd.CSS("#email")),
		cd.WaitNotPresent(cd.CSS("#email")),
	)
	if text := pageText(ctx); !strings.Contains(text, "check your inbox") {
		t.Fatalf("the subscription's answer reads:\n%s", truncate(text, 2000))
	}
	confirm := waitForMail(t, d.relay, visitor, "confirm your subscription")
	link := regexp.MustCompile(`https?://\S+/en/confirm/[A-Za-z0-9_-]+`).FindString(confirm.Raw)
	if !strings.HasPrefix(link, site) {
		t.Fatalf("the confirmation mail has no link to the public site %s:\n%s", site, confirm.Raw)
	}
	step(t, ctx, "confirm through the mail's link",
		cd.Navigate(link),
		cd.WaitVisible(cd.CSS(`form[action*="/confirm/"] button`)),
		cd.Click(cd.CSS(`form[action*="/confirm/"] button`)),
		cd.WaitNotPresent(cd.CSS(`form[action*="/confirm/"]`)),
	)
	if text := pageText(ctx); !strings.Contains(text, "subscription is confirmed") {
		t.Fatalf("the confirmation's answer reads:\n%s", truncate(text, 2000))
	}

	browserLogin(t, ctx, desk.URL, auth.RoleComms)
	step(t, ctx, "open the statements", cd.Navigate(publicPath), cd.WaitVisible(cd.CSS("#statement-form")))
	draftStatement(t, ctx, "update", "identified", portal.ID,
		"Ursache gefunden", "Die Angreifer kamen über einen veralteten Mailserver herein.",
		"Cause found", "The attackers came in through an outdated mail server.")
	update := newestStatement(t, d, inc.ID)
	browserLogout(t, ctx)
	approveAs(t, ctx, desk.URL, publicPath, update)
	publishAs(t, ctx, desk.URL, publicPath, update)

	mail := waitForMail(t, d.relay, visitor, "Cause found")
	if !strings.Contains(mail.Raw, "outdated mail server") {
		t.Errorf("the update mail lacks the update's text:\n%s", mail.Raw)
	}
	for _, m := range d.relay.mails() {
		if m.To == visitor && strings.Contains(m.Subject, "Attack on Beispiel Ltd") {
			t.Errorf("the subscriber got the statement published before they subscribed: %q", m.Subject)
		}
	}
	if os.Getenv("BREACHDESK_SCREENSHOT") != "" {
		browserLogin(t, ctx, desk.URL, auth.RoleComms)
		step(t, ctx, "the desk's statements page", cd.Navigate(publicPath), cd.WaitVisible(cd.CSS("#statements")))
		screenshot(t, ctx, "-desk")
	}
}

// startPublicSite serves the public listener over httptest with the desk's
// publish service and returns its address; links in mails point there.
func startPublicSite(t *testing.T, ctx context.Context, d *testDesk) string {
	t.Helper()
	var site *public.Server
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { site.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	var err error
	site, err = public.New(public.Config{Publish: d.publish, BaseURL: ts.URL})
	if err != nil {
		t.Fatalf("public site: %v", err)
	}
	d.publish.SetFallbackURL(ts.URL)
	if err := site.Start(ctx); err != nil {
		t.Fatalf("start the public site: %v", err)
	}
	return ts.URL
}

// draftStatement fills the statement form of the open statements page.
func draftStatement(t *testing.T, ctx context.Context, kind, phase string, component int64, titleDE, bodyDE, titleEN, bodyEN string) {
	t.Helper()
	step(t, ctx, "draft "+titleEN,
		cd.SetValue(cd.CSS("#st-kind"), kind),
		cd.SetValue(cd.CSS("#st-phase"), phase),
		cd.SendKeys(cd.CSS("#st-title-de"), titleDE),
		cd.SendKeys(cd.CSS("#st-body-de"), bodyDE),
		cd.SendKeys(cd.CSS("#st-title-en"), titleEN),
		cd.SendKeys(cd.CSS("#st-body-en"), bodyEN),
		cd.Click(cd.CSS(fmt.Sprintf(`#statement-form input[name=components][value="%d"]`, component))),
		cd.Click(cd.CSS("#st-save")),
		cd.WaitVisible(cd.CSS(`#statements tr[data-state="draft"]`)),
	)
}

// approveAs logs the lead in, approves the statement and logs out.
func approveAs(t *testing.T, ctx context.Context, base, publicPath string, st *publish.Statement) {
	t.Helper()
	browserLogin(t, ctx, base, auth.RoleLead)
	row := fmt.Sprintf("#statement-%d", st.ID)
	step(t, ctx, "the lead approves",
		cd.Navigate(publicPath),
		cd.WaitVisible(cd.CSS(row+" button.approve")),
		cd.Click(cd.CSS(row+" button.approve")),
		cd.WaitVisible(cd.CSS(row+`[data-state="approved"]`)),
	)
	browserLogout(t, ctx)
}

// publishAs logs comms in and publishes the approved statement.
func publishAs(t *testing.T, ctx context.Context, base, publicPath string, st *publish.Statement) {
	t.Helper()
	browserLogin(t, ctx, base, auth.RoleComms)
	row := fmt.Sprintf("#statement-%d", st.ID)
	step(t, ctx, "comms publishes",
		cd.Navigate(publicPath),
		cd.WaitVisible(cd.CSS(row+" button.publish")),
		// Accept app.js's "publish this statement now?" question.
		cd.Evaluate[cd.Void](`window.confirm = function () { return true; }`),
		cd.Click(cd.CSS(row+" button.publish")),
		cd.WaitVisible(cd.CSS(row+`[data-state="published"]`)),
	)
	checkNoMissingTranslations(t, ctx)
	browserLogout(t, ctx)
}

func onlyStatement(t *testing.T, d *testDesk, id int64, want publish.State) *publish.Statement {
	t.Helper()
	list, err := d.publish.Statements(context.Background(), auth.CLI(), id)
	if err != nil || len(list) != 1 || list[0].State != want {
		t.Fatalf("statements: %+v, %v; want one %s", list, err, want)
	}
	return &list[0]
}

func newestStatement(t *testing.T, d *testDesk, id int64) *publish.Statement {
	t.Helper()
	list, err := d.publish.Statements(context.Background(), auth.CLI(), id)
	if err != nil || len(list) == 0 {
		t.Fatalf("statements: %v", err)
	}
	return &list[0]
}

// waitForMail waits until the relay has a mail to whose subject holds
// subject (case-insensitive); the outbox sends on its own schedule.
func waitForMail(t *testing.T, r *testRelay, to, subject string) relayedMail {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range r.mails() {
			if m.To == to && strings.Contains(strings.ToLower(m.Subject), strings.ToLower(subject)) {
				return m
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	var got []string
	for _, m := range r.mails() {
		got = append(got, m.Subject)
	}
	t.Fatalf("no mail %q arrived; the relay has %q", subject, got)
	return relayedMail{}
}

// screenshot writes the page to BREACHDESK_SCREENSHOT, with suffix before
// the file's extension.
func screenshot(t *testing.T, ctx context.Context, suffix string) {
	t.Helper()
	out := os.Getenv("BREACHDESK_SCREENSHOT")
	if out == "" {
		return
	}
	ext := filepath.Ext(out)
	out = strings.TrimSuffix(out, ext) + suffix + ext
	quality := 80 // JPEG; 100 writes a PNG
	if ext == ".png" {
		quality = 100
	}
	img, err := cd.Run(ctx, cd.FullScreenshot(quality))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, img, 0o644); err != nil {
		t.Fatal(err)
	}
}
