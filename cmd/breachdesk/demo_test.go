package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// banner is what the demo prints for the person who started it.
type banner struct {
	url, email, password string
	lines                []string
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
	if b.url == "" || b.email == "" || b.password == "" {
		t.Fatalf("the banner lacks the address, e-mail or password:\n%s", strings.Join(b.lines, "\n"))
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
		code := run(ctx, []string{"demo", "--data", dir, "--addr", "127.0.0.1:0"}, strings.NewReader(""), outW, stderr, func(string) string { return "" })
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

	client.CloseIdleConnections()
	if code := stop(); code != 0 {
		t.Errorf("after Ctrl-C the demo exited with %d, want 0", code)
	}

	// Started again, the demo keeps its desk and hands out a new password.
	again, stopAgain := startDemo(t, dir)
	if again.password == b.password {
		t.Error("the demo started again kept the old password")
	}
	if !strings.Contains(strings.Join(again.lines, "\n"), "was there already") {
		t.Errorf("the banner should say the demo desk was kept:\n%s", strings.Join(again.lines, "\n"))
	}
	if code := stopAgain(); code != 0 {
		t.Errorf("the second demo exited with %d", code)
	}
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
