package web

import (
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// The lead opens the obligations view of a fresh incident, sees the 72 h
// countdown of the Art. 33 notification, files it with a reference number,
// and sees the duty turn green and the filing on the timeline.
func TestBrowserFilesTheArt33Notification(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	d := newTestDesk(t)
	inc := d.newIncident("Mail server taken over")
	ts := httptest.NewServer(d.srv)
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)

	step(t, ctx, "log in",
		cd.Navigate(ts.URL+"/"),
		cd.WaitVisible(cd.CSS("#email")),
		cd.SendKeys(cd.CSS("#email"), testEmail(auth.RoleLead)),
		cd.SendKeys(cd.CSS("#password"), testPassword),
		cd.Click(cd.CSS(".login-card button[type=submit]")),
		cd.WaitVisible(cd.CSS(`a.button[href="/incidents/new"]`)),
	)
	duty := `li.duty[data-rule="gdpr.33"]`
	step(t, ctx, "open the obligations view from the incident page",
		cd.Navigate(fmt.Sprintf("%s/incidents/%d", ts.URL, inc.ID)),
		cd.WaitVisible(cd.CSS("a.duties-link")),
		cd.Click(cd.CSS("a.duties-link")),
		cd.WaitVisible(cd.CSS(duty)),
	)
	// The incident became known 30 hours ago: 42 hours are left, and
	// app.js keeps the countdown running.
	left := textOf(t, ctx, duty+" [data-until]")
	if !strings.Contains(left, "1 d 18 h") && !strings.Contains(left, "1 d 17 h") {
		t.Fatalf("countdown shows %q, want about 1 d 18 h", left)
	}
	if cls := evalJS[string](t, ctx, `document.querySelector('`+duty+`').className`); !strings.Contains(cls, "status-open") {
		t.Fatalf("duty class %q, want status-open", cls)
	}
	step(t, ctx, "file the notification with its reference",
		cd.Click(cd.CSS(duty+" details.duty-file summary")),
		cd.WaitVisible(cd.CSS("#duty-gdpr-33-reference")),
		cd.SendKeys(cd.CSS("#duty-gdpr-33-reference"), "LfD-NI 2026/4711"),
		cd.Click(cd.CSS(duty+" details.duty-file button.primary")),
		cd.WaitVisible(cd.CSS(duty+".status-filed")),
	)
	if ref := textOf(t, ctx, duty+" .reference"); ref != "LfD-NI 2026/4711" {
		t.Fatalf("filed reference %q", ref)
	}
	if color := evalJS[string](t, ctx, `getComputedStyle(document.querySelector('`+duty+` .duty-status')).color`); color != "rgb(26, 127, 55)" {
		t.Errorf("filed status colour %s, want green rgb(26, 127, 55)", color)
	}
	if out := os.Getenv("BREACHDESK_SCREENSHOT"); out != "" {
		// make screenshot: the picture in the README.
		png, err := cd.Run(ctx, cd.FullScreenshot(45))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	step(t, ctx, "see the filing on the timeline",
		cd.Navigate(fmt.Sprintf("%s/incidents/%d", ts.URL, inc.ID)),
		cd.WaitVisible(cd.CSS("#timeline li.kind-regulator")),
	)
	if text := textOf(t, ctx, "#timeline li.kind-regulator"); !strings.Contains(text, "LfD-NI 2026/4711") {
		t.Fatalf("timeline entry %q lacks the reference", text)
	}
	checkNoMissingTranslations(t, ctx)
}
