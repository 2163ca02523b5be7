package mail

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testCert is a self-signed certificate for 127.0.0.1 and localhost.
type testCert struct {
	server *tls.Config
	pool   *x509.CertPool
}

func newTestCert(t testing.TB) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "test relay"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return testCert{
		server: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		pool:   pool,
	}
}

// received is one message as the relay got it.
type received struct {
	From, To string
	Opts     smtp.MailOptions
	Data     []byte
	User     string // who authenticated
	TLS      bool
}

// relay is a go-smtp server on loopback that keeps what it receives. The
// hooks, when set, decide a RCPT's or DATA's fate by the running count
// of commands of that kind (1 for the first).
type relay struct {
	addr string
	srv  *smtp.Server

	user, password string // AUTH PLAIN required when set
	discard        bool   // keep counts only (benchmarks)
	onRcpt         func(n int, to string) error
	onData         func(n int, c *smtp.Conn, r io.Reader) error

	mu       sync.Mutex
	got      []received
	sessions int
	rcpts    int
	datas    int
	count    int
}

// relayMode: "plain", "starttls" (offered), "tls" (implicit).
func startRelay(t testing.TB, mode string, cert testCert, setup func(*relay)) *relay {
	t.Helper()
	r := &relay{}
	if setup != nil {
		setup(r)
	}
	r.srv = smtp.NewServer(smtp.BackendFunc(r.newSession))
	r.srv.Domain = "relay.test"
	r.srv.EnableDSN = true
	r.srv.EnableSMTPUTF8 = true
	r.srv.ErrorLog = quietLog{}
	var l net.Listener
	var err error
	switch mode {
	case "plain":
		r.srv.AllowInsecureAuth = true // loopback only
		l, err = net.Listen("tcp", "127.0.0.1:0")
	case "starttls":
		r.srv.TLSConfig = cert.server
		l, err = net.Listen("tcp", "127.0.0.1:0")
	case "tls":
		r.srv.TLSConfig = cert.server
		l, err = tls.Listen("tcp", "127.0.0.1:0", cert.server)
	}
	if err != nil {
		t.Fatal(err)
	}
	r.addr = l.Addr().String()
	go r.srv.Serve(l)
	t.Cleanup(func() { r.srv.Close() })
	return r
}

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}

func (r *relay) port(t testing.TB) int {
	_, p, _ := net.SplitHostPort(r.addr)
	n, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (r *relay) messages() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *relay) sessionCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sessions
}

func (r *relay) newSession(c *smtp.Conn) (smtp.Session, error) {
	r.mu.Lock()
	r.sessions++
	r.mu.Unlock()
	_, isTLS := c.TLSConnectionState()
	s := &session{r: r, c: c, tls: isTLS}
	if r.user != "" {
		return &authSession{s}, nil
	}
	return s, nil
}

type session struct {
	r    *relay
	c    *smtp.Conn
	tls  bool
	user string
	cur  received
}

func (s *session) Reset()        { s.cur = received{} }
func (s *session) Logout() error { return nil }

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if s.r.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	s.cur = received{From: from, User: s.user, TLS: s.tls}
	if opts != nil {
		s.cur.Opts = *opts
	}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.r.mu.Lock()
	s.r.rcpts++
	n := s.r.rcpts
	s.r.mu.Unlock()
	if s.r.onRcpt != nil {
		if err := s.r.onRcpt(n, to); err != nil {
			return err
		}
	}
	s.cur.To = to
	return nil
}

func (s *session) Data(rd io.Reader) error {
	s.r.mu.Lock()
	s.r.datas++
	n := s.r.datas
	s.r.mu.Unlock()
	if s.r.onData != nil {
		if err := s.r.onData(n, s.c, rd); err != nil {
			return err
		}
	}
	if s.r.discard {
		if _, err := io.Copy(io.Discard, rd); err != nil {
			return err
		}
		s.r.mu.Lock()
		s.r.count++
		s.r.mu.Unlock()
		return nil
	}
	data, err := io.ReadAll(rd)
	if err != nil {
		return err
	}
	s.cur.Data = data
	s.r.mu.Lock()
	s.r.got = append(s.r.got, s.cur)
	s.r.mu.Unlock()
	return nil
}

// authSession offers AUTH PLAIN.
type authSession struct{ *session }

func (s *authSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *authSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.r.user || pass != s.r.password {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}
