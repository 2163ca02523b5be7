package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// openRegisterDesk returns services over a fresh SQLite desk with the
// register's key, so that the public side is there.
func openRegisterDesk(t *testing.T) *Services {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{7}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	fast := auth.FastArgon2
	svc, err := NewServices(db, Options{Argon2: &fast, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// served is a running Serve: the desk's and the public site's addresses,
// and stop, which ends it and returns what Serve returned.
type served struct {
	desk, public string
	stop         func() error
}

func startServe(t *testing.T, svc *Services, c ServeConfig) served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan served, 1)
	var s served
	c.PublicReady = func(addr string) { s.public = addr }
	c.Ready = func(addr string) { s.desk = addr; ready <- s }
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, svc, c, slog.New(slog.NewTextHandler(io.Discard, nil))) }()
	select {
	case s = <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("Serve returned before it was ready: %v", err)
	case <-time.After(time.Minute):
		cancel()
		t.Fatal("Serve was not ready within a minute")
	}
	s.stop = func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			t.Fatal("Serve did not return within 30 seconds of the end of its context")
			return nil
		}
	}
	t.Cleanup(func() { cancel() })
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 30 * time.Second}
	defer c.CloseIdleConnections()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// With --public-addr the public site answers on a port of its own, beside
// the desk, and knows nothing of the desk's routes; both stop together.
func TestServeWithAPublicAddrServesThePublicSiteBesideTheDesk(t *testing.T) {
	svc := openRegisterDesk(t)
	s := startServe(t, svc, ServeConfig{Addr: "127.0.0.1:0", PublicAddr: "127.0.0.1:0", MaxUpload: 1 << 20, Location: time.UTC})
	if s.public == "" || s.public == s.desk {
		t.Fatalf("the public site listens on %q, the desk on %q; want two ports", s.public, s.desk)
	}
	if status, body := get(t, "http://"+s.public+"/healthz"); status != http.StatusOK {
		t.Errorf("public /healthz: %d %s", status, body)
	}
	if status, body := get(t, "http://"+s.desk+"/healthz"); status != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Errorf("desk /healthz: %d %s", status, body)
	}
	for _, route := range []string{"/login", "/incidents", "/api/v1/incidents", "/metrics", "/admin/smtp"} {
		if status, _ := get(t, "http://"+s.public+route); status != http.StatusNotFound {
			t.Errorf("the desk's %s on the public listener: %d, want 404", route, status)
		}
	}
	// Without a URL in the page settings, the links are the listener's.
	if status, body := get(t, "http://"+s.public+"/api/v2/status.json"); status != http.StatusOK ||
		!strings.Contains(body, `"url":"http://`+s.public) {
		t.Errorf("/api/v2/status.json: %d, want the page's url to be the listener's:\n%s", status, body)
	}
	if err := s.stop(); err != nil {
		t.Errorf("Serve after the end of its context: %v, want nil", err)
	}
	for _, addr := range []string{s.desk, s.public} {
		if conn, err := net.DialTimeout("tcp", addr, 5*time.Second); err == nil {
			conn.Close()
			t.Errorf("%s still accepts connections after Serve returned", addr)
		}
	}
}

// --public-url is where the links of the JSON and the feeds point.
func TestServeWithAPublicURLLinksToIt(t *testing.T) {
	svc := openRegisterDesk(t)
	s := startServe(t, svc, ServeConfig{Addr: "127.0.0.1:0", PublicAddr: "127.0.0.1:0", PublicURL: "https://status.example.com",
		MaxUpload: 1 << 20, Location: time.UTC})
	status, body := get(t, "http://"+s.public+"/api/v2/status.json")
	if status != http.StatusOK || !strings.Contains(body, `"url":"https://status.example.com`) || strings.Contains(body, s.public) {
		t.Errorf("/api/v2/status.json: %d, want the page's url to be --public-url:\n%s", status, body)
	}
	if err := s.stop(); err != nil {
		t.Error(err)
	}
}

// A public port that is taken stops the start: the desk does not run
// without the public site it was told to serve.
func TestServeWhosePublicPortIsTakenDoesNotStart(t *testing.T) {
	svc := openRegisterDesk(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	ready := false
	c := ServeConfig{Addr: "127.0.0.1:0", PublicAddr: taken.Addr().String(), MaxUpload: 1 << 20, Location: time.UTC,
		Ready: func(string) { ready = true }}
	err = Serve(context.Background(), svc, c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "--public-addr") {
		t.Errorf("Serve = %v, want an error naming --public-addr", err)
	}
	if ready {
		t.Error("the desk said it was ready although its public site could not listen")
	}
}

// Without the register's key there is no public side to serve.
func TestServeWithAPublicAddrNeedsTheRegistersKey(t *testing.T) {
	svc := openTestDesk(t)
	c := ServeConfig{Addr: "127.0.0.1:0", PublicAddr: "127.0.0.1:0", MaxUpload: 1 << 20, Location: time.UTC}
	err := Serve(context.Background(), svc, c, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err == nil || !strings.Contains(err.Error(), "register's key") {
		t.Errorf("Serve = %v, want an error saying the key is needed", err)
	}
}

func TestListenURLOpensOnThisComputer(t *testing.T) {
	for addr, want := range map[string]string{
		":8081":          "http://localhost:8081",
		"[::]:8081":      "http://localhost:8081",
		"0.0.0.0:8081":   "http://localhost:8081",
		"127.0.0.1:8081": "http://127.0.0.1:8081",
		"[::1]:8081":     "http://[::1]:8081",
		"status:80":      "http://status:80",
	} {
		if got := ListenURL(addr); got != want {
			t.Errorf("ListenURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestCheckPublicURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://status.example.com":         true,
		"https://example.com/status":         true,
		"http://127.0.0.1:8081":              true,
		"status.example.com":                 false,
		"ftp://status.example.com":           false,
		"https://status.example.com/?x=1":    false,
		"https://status.example.com/#top":    false,
		"https://user:pw@status.example.com": false,
		"https:///path":                      false,
	} {
		if err := CheckPublicURL(raw); (err == nil) != ok {
			t.Errorf("CheckPublicURL(%q) = %v, want ok %v", raw, err, ok)
		}
	}
}
