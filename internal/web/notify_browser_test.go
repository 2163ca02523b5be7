package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// Comms writes a German and an English template and creates a campaign;
// the lead, a second person, approves it; comms starts it, and the page
// shows what the relay took. With BREACHDESK_SCREENSHOT=docs/img/campaign.jpg
// it writes the README's picture of the campaign page.
func TestBrowserRunsACampaignWithFourEyes(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	cdesk := newCampaignDesk(t)
	cdesk.setRelay()
	ts := httptest.NewServer(cdesk.srv)
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)
	incURL := fmt.Sprintf("%s/incidents/%d", ts.URL, cdesk.inc.ID)

	browserLogin(t, ctx, ts.URL, auth.RoleComms)
	step(t, ctx, "open the campaigns from the incident page",
		cd.Navigate(incURL),
		cd.WaitVisible(cd.CSS("a.campaigns-link")),
		cd.Click(cd.CSS("a.campaigns-link")),
		cd.WaitVisible(cd.CSS(".nt-tabs")),
		cd.Click(cd.CSS(`.nt-tabs a[href$="/templates"]`)),
		cd.WaitVisible(cd.CSS(`a.button[href$="/templates/new"]`)),
		cd.Click(cd.CSS(`a.button[href$="/templates/new"]`)),
		cd.WaitVisible(cd.CSS("#body_de")),
	)
	step(t, ctx, "write the German and the English text",
		cd.SendKeys(cd.CSS("#name"), "Erstinformation Kunden"),
		cd.SendKeys(cd.CSS("#company"), "Beispiel GmbH"),
		cd.SendKeys(cd.CSS("#hotline"), "+49 511 123456"),
		cd.SendKeys(cd.CSS("#subject_de"), "Wichtige Information zu Ihren Daten"),
		cd.SetValue(cd.CSS("#body_de"), deBody),
		cd.SendKeys(cd.CSS("#subject_en"), "Important information about your data"),
		cd.SetValue(cd.CSS("#body_en"), enBody),
		cd.SetValue(cd.CSS("#fallback"), "en"),
		cd.Click(cd.CSS("#form-template button.primary")),
		cd.WaitVisible(cd.CSS(".flash")),
	)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("fieldset.nt-lang").length`); n != 2 {
		t.Fatalf("the saved template has %d language sections, want 2", n)
	}
	tid := evalJS[string](t, ctx, `location.pathname.split("/").pop()`)

	step(t, ctx, "preview the letter of a person from the register",
		cd.Navigate(fmt.Sprintf("%s/templates/%s/preview", incURL, tid)),
		cd.WaitVisible(cd.CSS("#person")),
		cd.SendKeys(cd.CSS("#person"), strconv.FormatInt(cdesk.personID(annaSchmidt), 10)),
		cd.SetValue(cd.CSS("#lang"), "de"),
		cd.Click(cd.CSS("#form-person button.primary")),
		cd.WaitVisible(cd.CSS("iframe.nt-mailframe")),
	)
	if s := textOf(t, ctx, ".nt-subject"); s != "Wichtige Information zu Ihren Daten" {
		t.Errorf("preview subject %q", s)
	}

	step(t, ctx, "create the campaign",
		cd.Navigate(incURL+"/campaigns/new"),
		cd.WaitVisible(cd.CSS("#name")),
		cd.SendKeys(cd.CSS("#name"), "Kunden informieren"),
		cd.SetValue(cd.CSS("#segment"), strconv.FormatInt(cdesk.segment, 10)),
		cd.SetValue(cd.CSS("#template"), tid),
		cd.Click(cd.CSS("#form-campaign button.primary")),
		cd.WaitVisible(cd.CSS(".nt-waiting")),
	)
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#approve").length`); n != 0 {
		t.Fatalf("the creator is offered the approval")
	}
	campaignPath := evalJS[string](t, ctx, `location.pathname`)

	browserLogout(t, ctx)
	browserLogin(t, ctx, ts.URL, auth.RoleLead)
	step(t, ctx, "the lead approves",
		cd.Navigate(ts.URL+campaignPath),
		cd.WaitVisible(cd.CSS("#approve")),
		cd.Click(cd.CSS("#approve")),
		cd.WaitVisible(cd.CSS("#campaign-state.nt-state-approved")),
	)

	browserLogout(t, ctx)
	browserLogin(t, ctx, ts.URL, auth.RoleComms)
	step(t, ctx, "comms starts it",
		cd.Navigate(ts.URL+campaignPath),
		cd.WaitVisible(cd.CSS("#start")),
		// Accept app.js's "start sending to 3 recipients?" question.
		cd.Evaluate[cd.Void](`window.confirm = function () { return true; }`),
		cd.Click(cd.CSS("#start")),
		cd.WaitVisible(cd.CSS("#campaign-state.nt-state-running")),
	)
	if err := cdesk.notify.NewRunner(notify.RunnerOptions{ID: "browser-test"}).RunUntilIdle(context.Background()); err != nil {
		t.Fatalf("runner: %v", err)
	}
	step(t, ctx, "refresh the progress",
		cd.Click(cd.CSS("#refresh")),
		cd.WaitVisible(cd.CSS("#count-sent")),
	)
	if sent := textOf(t, ctx, "#count-sent"); sent != "2" {
		t.Errorf("the page counts %s sent, want 2", sent)
	}
	if got := len(cdesk.relay.mails()); got != 2 {
		t.Errorf("the relay took %d mails, want 2", got)
	}
	if text := pageText(ctx); strings.Contains(text, annaSchmidt.email) || strings.Contains(text, wangWei.name) {
		t.Errorf("the campaign page shows register data")
	}
	checkNoMissingTranslations(t, ctx)
	if out := os.Getenv("BREACHDESK_SCREENSHOT"); out != "" {
		// make screenshot: the picture in the README.
		quality := 80 // JPEG; 100 writes a PNG
		if strings.HasSuffix(out, ".png") {
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
}

// browserLogin logs the test user of role in.
func browserLogin(t *testing.T, ctx context.Context, base string, role auth.Role) {
	t.Helper()
	step(t, ctx, "log in as "+string(role),
		cd.Navigate(base+"/login"),
		cd.WaitVisible(cd.CSS("#email")),
		cd.SendKeys(cd.CSS("#email"), testEmail(role)),
		cd.SendKeys(cd.CSS("#password"), testPassword),
		cd.Click(cd.CSS(".login-card button[type=submit]")),
		cd.WaitVisible(cd.CSS(".role-badge")),
	)
}

func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	step(t, ctx, "log out",
		cd.Click(cd.CSS(`form[action="/logout"] button`)),
		cd.WaitVisible(cd.CSS("#email")),
	)
}
