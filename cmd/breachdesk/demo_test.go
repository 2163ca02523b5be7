package main

import (
	"bufio"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/synthleak"
)

// banner is what the demo prints for the person who started it.
type banner struct {
	url, public, email, password string
	lines                        []string
}

// readBanner reads the demo's banner from its standard output, up to the
// line that says how to stop it, then keeps draining the output.
func readBanner(t *testing.T, out io.Reader) banner {
	t.Helper()
	var b banner
	done := make(chan struct{})
	sc := bufio.NewScanner(out)
	go func() {
		defer close(done)
		for sc.Scan() {
			line := sc.Text()
			b.lines = append(b.lines, line)
			field := func(name string) string { return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), name)) }
			switch trimmed := strings.TrimSpace(line); {
			case strings.HasPrefix(trimmed, "Open:"):
				b.url = field("Open:")
			case strings.HasPrefix(trimmed, "Public:"):
				b.public = field("Public:")
			case strings.HasPrefix(trimmed, "E-mail:"):
				b.email = field("E-mail:")
			case strings.HasPrefix(trimmed, "Password:"):
				b.password = field("Password:")
			case strings.HasPrefix(trimmed, "Stop the demo"):
				return
			}
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the demo printed no complete banner within 2 minutes")
	}
	go io.Copy(io.Discard, out) // whatever comes later must not block the demo
	if b.url == "" || b.public == "" || b.email == "" || b.password == "" {
		t.Fatalf("the banner lacks the address, the public site's, e-mail or password:\n%s", strings.Join(b.lines, "\n"))
	}
	return b
}

// startDemo runs "breachdesk demo" on dir until the returned stop is called;
// stop returns the exit code.
func startDemo(t *testing.T, dir string) (banner, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr := &lockedBuffer{}
	exit := make(chan int, 1)
	go func() {
		code := run(ctx, []string{"demo", "--data", dir, "--addr", "127.0.0.1:0", "--public-addr", "127.0.0.1:0"}, strings.NewReader(""), outW, stderr, func(string) string { return "" })
		outW.Close()
		exit <- code
	}()
	t.Cleanup(cancel)
	b := readBanner(t, outR)
	stop := func() int {
		cancel()
		select {
		case code := <-exit:
			return code
		case <-time.After(20 * time.Second):
			t.Fatalf("the demo did not stop within 20 seconds of Ctrl-C; log:\n%s", stderr.String())
			return -1
		}
	}
	return b, stop
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// TestMakeRunStartsADemoYouCanLogInTo is what `make run` does: the demo
// starts, prints where to go and how to log in, the login works through the
// real form, the demo incident is there, and Ctrl-C stops it cleanly.
func TestMakeRunStartsADemoYouCanLogInTo(t *testing.T) {
	dir := t.TempDir()
	b, stop := startDemo(t, dir)
	if !strings.HasPrefix(b.url, "http://127.0.0.1:") || strings.HasSuffix(b.url, ":0/") {
		t.Errorf("the banner should show the real address, got %q", b.url)
	}
	if len(b.password) < 20 {
		t.Errorf("the demo password %q is shorter than 20 characters", b.password)
	}
	banner := strings.Join(b.lines, "\n")
	for _, want := range []string{"Log in there", "SQLite in " + dir, "Extortion mail: customer data stolen"} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner lacks %q:\n%s", want, banner)
		}
	}

	leak := filepath.Join(dir, "demo-leak")
	if hint := "breachdesk scan --region CN " + leak; !strings.Contains(banner, hint) {
		t.Errorf("the banner does not suggest %q:\n%s", hint, banner)
	}
	if n := countFiles(t, leak); n < 10 {
		t.Errorf("the demo leak %s holds %d files, want the whole synthetic leak", leak, n)
	}
	importHint := "breachdesk scan --incident 1 --region CN --data " + dir + " " + leak
	for _, want := range []string{importHint, "comms@demo.breachdesk.example", "lead@demo.breachdesk.example"} {
		if !strings.Contains(banner, want) {
			t.Errorf("the banner lacks %q:\n%s", want, banner)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, "register.key")); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the demo's register key: %v, %v; want a file only its owner reads", info, err)
	}

	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	base := strings.TrimSuffix(b.url, "/")

	status, body := fetch(t, client, http.MethodGet, base+"/login", nil)
	if status != http.StatusOK || !strings.Contains(body, `name="password"`) {
		t.Fatalf("GET /login: %d, want 200 with the login form:\n%s", status, body)
	}
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the login form has no csrf field:\n%s", body)
	}
	status, body = fetch(t, client, http.MethodPost, base+"/login", url.Values{
		"email": {b.email}, "password": {b.password}, "csrf": {m[1]}, "next": {"/incidents"},
	})
	if status != http.StatusOK || !strings.Contains(body, "Extortion mail: customer data stolen") {
		t.Fatalf("after logging in, /incidents: %d, want 200 with the demo incident:\n%s", status, body)
	}

	status, body = fetch(t, client, http.MethodGet, base+"/healthz", nil)
	if status != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz: %d %s", status, body)
	}

	checkDemoPublicSite(t, client, b.public)

	client.CloseIdleConnections()
	if code := stop(); code != 0 {
		t.Errorf("after Ctrl-C the demo exited with %d, want 0", code)
	}

	// Started again, the demo keeps its desk and its leak, and hands out a
	// new password.
	marker := filepath.Join(leak, "kept.txt")
	if err := os.WriteFile(marker, []byte("kept\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	again, stopAgain := startDemo(t, dir)
	if again.password == b.password {
		t.Error("the demo started again kept the old password")
	}
	if !strings.Contains(strings.Join(again.lines, "\n"), "was there already") {
		t.Errorf("the banner should say the demo desk was kept:\n%s", strings.Join(again.lines, "\n"))
	}
	if !strings.Contains(strings.Join(again.lines, "\n"), "breachdesk scan --region CN "+leak) {
		t.Errorf("the banner of the demo started again should suggest the scan too:\n%s", strings.Join(again.lines, "\n"))
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the demo started again wrote its leak anew: %v", err)
	}
	if code := stopAgain(); code != 0 {
		t.Errorf("the second demo exited with %d", code)
	}
}

// checkDemoPublicSite: the demo's public site answers on its own port with
// the demo company's statement and systems, and nothing of the desk.
func checkDemoPublicSite(t *testing.T, client *http.Client, public string) {
	t.Helper()
	if !strings.HasPrefix(public, "http://127.0.0.1:") || strings.HasSuffix(public, ":0/") || public == "" {
		t.Errorf("the banner should show the public site's real address, got %q", public)
	}
	base := strings.TrimSuffix(public, "/")
	status, body := fetch(t, client, http.MethodGet, base+"/healthz", nil)
	if status != http.StatusOK {
		t.Errorf("public /healthz: %d %s", status, body)
	}
	for _, desk := range []string{"/login", "/incidents", "/api/v1/incidents"} {
		if status, _ := fetch(t, client, http.MethodGet, base+desk, nil); status != http.StatusNotFound {
			t.Errorf("the desk's %s on the public site: %d, want 404", desk, status)
		}
	}
	status, body = fetch(t, client, http.MethodGet, base+"/en/", nil)
	for _, want := range []string{"Muster Automobil GmbH", "Unauthorised access to customer data", "23125 000", "hotline@demo.breachdesk.example"} {
		if status != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("the public home page (%d) lacks %q:\n%s", status, want, body)
		}
	}
	for _, internal := range []string{"Extortion mail", "lead@", "comms@", "Katrin Vogel", "Lena Hoffmann", "crm-db-02"} {
		if strings.Contains(body, internal) {
			t.Errorf("the public home page shows %q, which is the desk's:\n%s", internal, body)
		}
	}
	status, body = fetch(t, client, http.MethodGet, base+"/api/v2/summary.json", nil)
	if status != http.StatusOK || !strings.Contains(body, `"degraded_performance"`) || !strings.Contains(body, "Kundenportal") {
		t.Errorf("/api/v2/summary.json: %d, want the components with one degraded:\n%s", status, body)
	}
}

// The demo's public site listens beside the desk's port unless told
// otherwise; serve leaves it off.
func TestThePublicSiteIsOnInTheDemoAndOffInServeByDefault(t *testing.T) {
	r := runCmd(t, nil, "", "demo", "--help")
	r.expect(t, 0, []string{"--public-addr ADDRESS", "Default: :8081. Environment: BREACHDESK_PUBLIC_ADDR", "--public-url URL"}, nil)
	r = runCmd(t, nil, "", "serve", "--help")
	r.expect(t, 0, []string{"--public-addr ADDRESS", "Environment: BREACHDESK_PUBLIC_ADDR"}, []string{"Default: :8081"})
}

func TestDemoRefusesADeskThatIsNotADemo(t *testing.T) {
	dir := newDesk(t)
	r := runCmd(t, nil, "", "demo", "--data", dir, "--addr", "127.0.0.1:0")
	r.expect(t, 1, []string{"is not a demo desk", "--data"}, []string{"Password:"})
}

func fetch(t *testing.T, c *http.Client, method, target string, form url.Values) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if method == http.MethodPost {
		resp, err = c.PostForm(target, form)
	} else {
		resp, err = c.Get(target)
	}
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read: %v", method, target, err)
	}
	return resp.StatusCode, string(body)
}

// countFiles counts the regular files under dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	if err != nil {
		t.Errorf("the demo leak: %v", err)
	}
	return n
}

// TestTheDemoLeakIsTheSyntheticLeakTheScannerExplains: the leak the demo
// writes is synthleak's demo leak, so the scan of it gives the generator's
// report figure by figure; it is written once, and a leak left half-written
// by an interrupted start is replaced.
func TestTheDemoLeakIsTheSyntheticLeakTheScannerExplains(t *testing.T) {
	want, err := synthleak.DemoLeak(filepath.Join(t.TempDir(), "expected"))
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if err := os.MkdirAll(filepath.Join(data, "demo-leak.partial", "users"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(data, "demo-leak"), 0o700); err != nil { // empty: written anew
		t.Fatal(err)
	}
	leak, err := writeDemoLeak(data)
	if err != nil {
		t.Fatal(err)
	}
	if leak != filepath.Join(data, "demo-leak") {
		t.Errorf("the leak is in %s, want %s", leak, filepath.Join(data, "demo-leak"))
	}
	if _, err := os.Stat(filepath.Join(data, "demo-leak.partial")); !os.IsNotExist(err) {
		t.Errorf("the half-written leak is still there: %v", err)
	}
	r := mustRun(t, nil, "", "scan", "--region", "CN", "--json", "-", leak)
	for _, d := range reportDiff(t, want, []byte(r.stdout), leak) {
		t.Error(d)
	}

	before := countFiles(t, leak)
	if err := os.Remove(filepath.Join(leak, "users", "registered_users.csv")); err != nil {
		t.Fatal(err)
	}
	if _, err := writeDemoLeak(data); err != nil {
		t.Fatal(err)
	}
	if after := countFiles(t, leak); after != before-1 {
		t.Errorf("a leak that is there is kept as it is: %d files before, %d after", before-1, after)
	}
}

func TestShellWordQuotesOnlyWhatAShellWouldSplit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"breachdesk-demo/demo-leak", "breachdesk-demo/demo-leak"},
		{"/tmp/demo_1.2/demo-leak", "/tmp/demo_1.2/demo-leak"},
		{"/home/max/my demo/demo-leak", "'/home/max/my demo/demo-leak'"},
		{"/home/max/o'brien/demo-leak", `'/home/max/o'\''brien/demo-leak'`},
		{"$HOME/demo-leak", "'$HOME/demo-leak'"},
		{"", "''"},
	}
	for _, tt := range tests {
		if got := shellWord(tt.in); got != tt.want {
			t.Errorf("shellWord(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
