package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// An agent has the console open; the phone system reports a call from
// Wang Wei and that the agent answered it; the console opens the caller by
// itself (by the call's ID; the number never goes into the address), the
// agent logs the inquiry, and it is in the list. With
// BREACHDESK_SCREENSHOT=docs/img/hotline.jpg it writes the README's
// picture of the console.
func TestBrowserAgentAnswersACallFromThePhoneSystem(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	hd := newHotlineDesk(t)
	token, err := hd.hotline.NewCTIToken(context.Background(), hd.actor(auth.RoleLead), hd.inc.ID)
	if err != nil {
		t.Fatalf("CTI token: %v", err)
	}
	ts := httptest.NewServer(hd.srv)
	t.Cleanup(ts.Close)
	ctx := newBrowser(t)
	pid := hd.personID(wangWei)

	browserLogin(t, ctx, ts.URL, auth.RoleHotline)
	step(t, ctx, "open the console from the incident page",
		cd.Navigate(fmt.Sprintf("%s/incidents/%d", ts.URL, hd.inc.ID)),
		cd.WaitVisible(cd.CSS("a.hotline-link")),
		cd.Click(cd.CSS("a.hotline-link")),
		cd.WaitVisible(cd.CSS("#lookup-form")),
		// The calls panel listens once its stream is open.
		cd.WaitVisible(cd.CSS("#calls.hl-live")),
	)
	cti := func(form url.Values) {
		t.Helper()
		res, err := http.PostForm(ts.URL+"/api/v1/cti/"+token, form)
		if err != nil {
			t.Fatalf("CTI %s: %v", form.Get("event"), err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("CTI %s: status %d", form.Get("event"), res.StatusCode)
		}
	}
	call := url.Values{"from": {wangWei.phoneE164}, "to": {"+495111234560"}, "direction": {"in"}, "callId": {"call-4711"}}
	call.Set("event", "newCall")
	cti(call)
	step(t, ctx, "the ringing call shows", cd.WaitVisible(cd.CSS(`#calls li[data-call="call-4711"]`)))
	call.Set("event", "answer")
	call.Set("user", "Test hotline")
	cti(call)
	step(t, ctx, "answering opens the caller", cd.WaitVisible(cd.CSS(fmt.Sprintf(`#caller[data-person="%d"]`, pid))))
	if u := pageURL(ctx); !strings.HasSuffix(u, "?call=call-4711") {
		t.Errorf("the console opened %s, want the call's ID in the address and nothing else", u)
	}
	if text := pageText(ctx); strings.Contains(text, wangWei.name) || strings.Contains(text, wangWei.email) {
		t.Errorf("the console shows the caller unmasked before the reveal")
	}
	checkNoMissingTranslations(t, ctx)
	if out := os.Getenv("BREACHDESK_SCREENSHOT"); out != "" {
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

	step(t, ctx, "log the inquiry",
		cd.SetValue(cd.CSS("#log-topic"), "what_leaked"),
		cd.Click(cd.CSS(`#log-form input[name=questions][value=am_i_affected]`)),
		cd.SetValue(cd.CSS("#log-answer"), "what_leaked"),
		cd.SetValue(cd.CSS("#log-outcome"), "answered"),
		cd.SendKeys(cd.CSS("#log-notes"), "Asked which data was taken."),
		cd.Click(cd.CSS("#log-submit")),
		cd.WaitVisible(cd.CSS("#inquiries .hl-inq")),
	)
	if s := textOf(t, ctx, "#inquiries tbody tr:first-child"); !strings.Contains(s, "Phone") || !strings.Contains(s, "What was taken") {
		t.Errorf("the list's newest inquiry reads %q, want the phone call about what was taken", s)
	}
	list, err := hd.hotline.Inquiries(context.Background(), auth.CLI(), hd.inc.ID, inquiryFilterAll())
	if err != nil || len(list) != 1 {
		t.Fatalf("inquiries: %d, %v", len(list), err)
	}
	if q := list[0]; q.CallID != "call-4711" || q.PersonID != pid || q.ScriptVersion != 1 {
		t.Errorf("the inquiry has call %q, person %d, script v%d; want call-4711, %d, v1", q.CallID, q.PersonID, q.ScriptVersion, pid)
	}
	hd.checkNoSecretsLogged(t)
}
