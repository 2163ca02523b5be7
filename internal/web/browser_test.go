package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	cd "github.com/chromedp/chromedp"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// findChromium returns the browser the UI test drives, or skips the test
// saying what to install. .ci/run installs Debian's chromium, so CI never
// skips it.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("BREACHDESK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found: install Debian's chromium (apt-get install chromium) or set BREACHDESK_CHROMIUM; .ci/run installs it")
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile that makes no
// connections of its own (the machine may have no network at all).
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(cd.DefaultExecAllocatorOptions[:],
		cd.ExecPath(findChromium(t)), cd.NoSandbox, cd.DisableGPU, cd.UserDataDir(t.TempDir()),
		cd.Flag("disable-background-networking", true), cd.Flag("disable-component-update", true),
		cd.Flag("disable-sync", true), cd.Flag("disable-quic", true), cd.WindowSize(1280, 900),
	)
	actx, cancelAlloc := cd.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := cd.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := cd.Do(ctx); err != nil { // start the browser with no deadline
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// step runs browser actions with a deadline, failing the test with what was
// being done.
func step(t *testing.T, ctx context.Context, what string, actions ...cd.Action[cd.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := cd.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v\npage %s:\n%s", what, err, pageURL(ctx), truncate(pageText(ctx), 3000))
	}
}

// pageURL and pageText tell a failing test where the browser stood.
func pageURL(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	u, _ := cd.Run(sctx, cd.Evaluate[string]("location.href"))
	return u
}

func pageText(ctx context.Context) string {
	sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s, _ := cd.Run(sctx, cd.Evaluate[string]("document.body ? document.body.innerText : ''"))
	return s
}

func evalJS[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := cd.Run(sctx, cd.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := cd.Run(sctx, cd.Text(cd.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// TestBrowserRunsAnIncidentFromAPlaybook is the crisis lead's first hour in
// a real browser: log in, open an incident from the data-theft playbook,
// record the extortion mail, correct that entry, complete a task, and
// switch to German.
func TestBrowserRunsAnIncidentFromAPlaybook(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not run with -short")
	}
	d := newTestDesk(t)
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

	const title = "Extortion mail: car owner data stolen"
	step(t, ctx, "open an incident from the data-theft playbook",
		cd.Click(cd.CSS(`a.button[href="/incidents/new"]`)),
		cd.WaitVisible(cd.CSS("#title")),
		cd.SendKeys(cd.CSS("#title"), title),
		cd.SetValue(cd.CSS("#severity"), "critical"),
		// Choosing the playbook fills in the kind (app.js).
		cd.SetValue(cd.CSS("#playbook"), "data-theft"),
		cd.Evaluate[cd.Void](`document.getElementById("playbook").dispatchEvent(new Event("change"))`),
		cd.Click(cd.CSS("main form button.primary[type=submit]")),
		cd.WaitVisible(cd.CSS("#tasks .task")),
	)
	if h1 := textOf(t, ctx, "h1"); h1 != title {
		t.Fatalf("incident page shows %q, want %q", h1, title)
	}
	if n := evalJS[int](t, ctx, `document.querySelectorAll("#tasks .task").length`); n < 15 {
		t.Fatalf("the playbook created %d tasks on the page, want its whole plan", n)
	}
	if clock := textOf(t, ctx, ".clock-value"); !strings.HasPrefix(clock, "T+") {
		t.Errorf("the clock shows %q", clock)
	}

	step(t, ctx, "record the extortion mail on the timeline",
		cd.SetValue(cd.CSS("#entry-kind"), "extortion"),
		cd.SendKeys(cd.CSS("#entry-text"), "Mail demands USD 2.5 million in bitcoin by Friday."),
		cd.Click(cd.CSS("#form-entry button[type=submit]")),
		cd.WaitVisible(cd.CSS("#timeline li.kind-extortion")),
	)
	entryID := evalJS[string](t, ctx, `document.querySelector("#timeline li.kind-extortion").id.replace("entry-", "")`)

	step(t, ctx, "correct the amount",
		cd.Click(cd.CSS("#entry-"+entryID+" .inc-correcttoggle")),
		cd.WaitVisible(cd.CSS("#correct-"+entryID+"-text")),
		cd.Clear(cd.CSS("#correct-"+entryID+"-text")),
		cd.SendKeys(cd.CSS("#correct-"+entryID+"-text"), "Mail demands USD 2.25 million in bitcoin by Friday."),
		cd.Click(cd.CSS("#form-correct-"+entryID+" button[type=submit]")),
		cd.WaitVisible(cd.CSS("#timeline li.kind-correction")),
	)
	if cls := evalJS[string](t, ctx, `document.getElementById("entry-`+entryID+`").className`); !strings.Contains(cls, "corrected") {
		t.Errorf("the corrected entry has class %q, want it marked corrected", cls)
	}
	if s := textOf(t, ctx, "#timeline li.kind-correction"); !strings.Contains(s, "2.25 million") || !strings.Contains(s, "#"+entryID) {
		t.Errorf("the correction reads %q, want the new amount and a link to #%s", s, entryID)
	}

	taskID := evalJS[string](t, ctx, `document.querySelector('#tasks button[name=status][value=done]').closest("li.task").id`)
	step(t, ctx, "complete a task",
		cd.Click(cd.CSS("#"+taskID+` button[name=status][value=done]`)),
		cd.WaitVisible(cd.CSS("#"+taskID+" .status-done")),
	)

	step(t, ctx, "switch to German",
		cd.Click(cd.CSS(".langswitch button")),
		cd.WaitVisible(cd.CSS(`html[lang="de"]`)),
	)
	for sel, want := range map[string]string{"#tasks-title": "Aufgaben", "#timeline-title": "Zeitleiste", `.mainnav a[href="/incidents"]`: "Vorfälle"} {
		if got := textOf(t, ctx, sel); got != want {
			t.Errorf("%s reads %q in German, want %q", sel, got, want)
		}
	}
	if s := textOf(t, ctx, "#"+taskID+" .status-done"); s != "Erledigt" {
		t.Errorf("the completed task's status reads %q in German, want %q", s, "Erledigt")
	}
	checkNoMissingTranslations(t, ctx)
}

// checkNoMissingTranslations fails on a "[key]" placeholder, which is what
// the catalog shows for a key it lacks.
func checkNoMissingTranslations(t *testing.T, ctx context.Context) {
	t.Helper()
	missing := evalJS[string](t, ctx, `(document.body.innerText.match(/\[[a-z_]+(\.[a-z_]+)+\]/g) || []).join(", ")`)
	if missing != "" {
		t.Errorf("the page shows untranslated keys: %s", missing)
	}
}
