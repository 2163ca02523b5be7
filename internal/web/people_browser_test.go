package web

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// A comms user opens the register from the incident's head, uploads the
// scan's findings, reads what the import did, builds a segment of car
// owners with ID numbers and sees how many persons it holds, all masked.
// With BREACHDESK_SCREENSHOT=docs/img/people.jpg it writes the README's
// picture of the register.
func TestBrowserBuildsASegmentFromImportedFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	d := newTestDesk(t)
	inc := d.newIncident("Customer database stolen", auth.RoleComms)
	findings := filepath.Join(t.TempDir(), "findings.jsonl")
	if err := os.WriteFile(findings, []byte(testFindings()), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(d.srv)
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)

	step(t, ctx, "log in as comms",
		cd.Navigate(ts.URL+"/"),
		cd.WaitVisible(cd.CSS("#email")),
		cd.SendKeys(cd.CSS("#email"), testEmail(auth.RoleComms)),
		cd.SendKeys(cd.CSS("#password"), testPassword),
		cd.Click(cd.CSS(".login-card button[type=submit]")),
		cd.WaitVisible(cd.CSS(".mainnav")),
	)
	step(t, ctx, "open the register from the incident's head",
		cd.Navigate(fmt.Sprintf("%s/incidents/%d", ts.URL, inc.ID)),
		cd.WaitVisible(cd.CSS("a.people-link")),
		cd.Click(cd.CSS("a.people-link")),
		cd.WaitVisible(cd.CSS("#count-persons")),
	)
	if n := textOf(t, ctx, "#count-persons"); n != "0" {
		t.Fatalf("a fresh register counts %q persons", n)
	}
	step(t, ctx, "upload the findings",
		cd.Click(cd.CSS(`.people-tabs a[href$="/people/import"]`)),
		cd.WaitVisible(cd.CSS("#findings-file")),
		cd.SetUploadFiles(cd.CSS("#findings-file"), []string{findings}),
		cd.Click(cd.CSS("#form-findings button[type=submit]")),
		cd.WaitVisible(cd.CSS("#import-result")),
	)
	if n := textOf(t, ctx, "#result-created"); n != "3" {
		t.Fatalf("the import added %q persons, want 3", n)
	}
	if text := textOf(t, ctx, "#import-result"); !strings.Contains(text, "line 4") {
		t.Errorf("the import result does not name the broken line 4: %q", text)
	}
	step(t, ctx, "build a segment of car owners with ID numbers",
		cd.Click(cd.CSS(`.people-tabs a[href$="/people/segments"]`)),
		cd.WaitVisible(cd.CSS("#seg-name")),
		cd.SendKeys(cd.CSS("#seg-name"), "Car owners with ID numbers"),
		cd.Click(cd.CSS(`input[name=all_categories][value=national_id]`)),
		cd.Click(cd.CSS(`input[name=files][value="owners/car_owners.csv"]`)),
		cd.Click(cd.CSS("#form-segment button[type=submit]")),
		cd.WaitVisible(cd.CSS(`tr[data-segment="Car owners with ID numbers"]`)),
	)
	if n := textOf(t, ctx, `tr[data-segment="Car owners with ID numbers"] .segment-members`); n != "2" {
		t.Fatalf("the segment holds %q persons, want 2", n)
	}
	checkNoMissingTranslations(t, ctx)
	step(t, ctx, "see the register with its chart",
		cd.Click(cd.CSS(`.people-tabs a[href$="/people"]`)),
		cd.WaitVisible(cd.CSS(".people-chart svg")),
	)
	body := pageText(ctx)
	for _, s := range allSecrets() {
		if strings.Contains(body, s) {
			t.Errorf("the register shows %q unmasked", s)
		}
	}
	checkNoMissingTranslations(t, ctx)
	if out := os.Getenv("BREACHDESK_SCREENSHOT"); out != "" && strings.Contains(out, "people") {
		// make screenshot: the picture of the register in the README.
		quality := 70 // JPEG; 100 gives a PNG
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
	(&peopleDesk{testDesk: d}).checkNoSecretsLogged(t)
}
