package mail

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Mailbox reads new messages from one IMAP folder in UID order and keeps
// how far it got in a cursor that the caller stores. It is general: the
// bounce mailbox uses it, and so can an inquiry inbox.
type Mailbox struct {
	addr     string
	security string // ImplicitTLS, StartTLS or NoTLS
	user     string
	password string
	folder   string
	tls      *tls.Config
	batch    int           // messages fetched per FETCH
	timeout  time.Duration // bounds one Fetch call unless ctx ends earlier
}

// Fetched is one message read from the mailbox.
type Fetched struct {
	UID uint32
	Raw []byte // the whole message as stored
}

// NewMailbox reads an IMAP URL: imaps://user:pass@host:993/Folder
// (implicit TLS), imap://user:pass@host:143/Folder (STARTTLS, required),
// imap://...?tls=none (clear text, loopback only). The folder defaults to
// INBOX; ?insecure_skip_verify=true accepts any certificate (test
// servers). Errors never repeat the URL: it holds a password.
func NewMailbox(rawURL string) (*Mailbox, error) {
	bad := func(key string) error {
		return &errs.Error{Code: errs.Invalid, Message: "mailbox URL is not valid", Fields: errs.Fields{"url": key}}
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		return nil, bad(errs.InvalidValue)
	}
	m := &Mailbox{folder: strings.Trim(u.Path, "/"), batch: 25, timeout: 5 * time.Minute}
	port := u.Port()
	switch u.Scheme {
	case "imaps":
		m.security, port = ImplicitTLS, or(port, "993")
	case "imap":
		m.security, port = StartTLS, or(port, "143")
		if u.Query().Get("tls") == NoTLS {
			m.security = NoTLS
		}
	default:
		return nil, bad(errs.InvalidChoice)
	}
	if m.security == NoTLS && !isLoopback(u.Hostname()) {
		return nil, bad(errs.InvalidChoice)
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, bad(errs.Required)
	}
	m.user = u.User.Username()
	m.password, _ = u.User.Password()
	if m.folder == "" {
		m.folder = "INBOX"
	}
	m.addr = net.JoinHostPort(u.Hostname(), port)
	skip, _ := strconv.ParseBool(u.Query().Get("insecure_skip_verify"))
	m.tls = &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12, InsecureSkipVerify: skip} //nolint:gosec // only when asked for, for test servers
	return m, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// cursor is where a Fetch left off: the folder's UIDVALIDITY and the last
// UID handled. Its text form is "v1:<uidvalidity>:<uid>"; "" is the start.
type cursor struct {
	validity uint32
	last     imap.UID
}

func parseCursor(s string) (cursor, error) {
	if s == "" {
		return cursor{}, nil
	}
	parts := strings.Split(s, ":")
	if len(parts) == 3 && parts[0] == "v1" {
		v, err1 := strconv.ParseUint(parts[1], 10, 32)
		u, err2 := strconv.ParseUint(parts[2], 10, 32)
		if err1 == nil && err2 == nil {
			return cursor{validity: uint32(v), last: imap.UID(u)}, nil
		}
	}
	return cursor{}, errs.E(errs.Invalid, "mailbox cursor is not valid")
}

func (c cursor) String() string {
	return "v1:" + strconv.FormatUint(uint64(c.validity), 10) + ":" + strconv.FormatUint(uint64(c.last), 10)
}

// Fetch calls fn with every message after the cursor, in UID order, and
// marks each one fn accepted \Seen. It stops at the first error of fn, so
// that message comes again next time. The returned cursor is valid even
// with an error: it is past exactly the messages fn accepted.
//
// When the folder's UIDVALIDITY changed (it was re-created), the UIDs
// mean other messages and Fetch starts from the beginning: fn sees some
// messages again and must be idempotent.
func (m *Mailbox) Fetch(ctx context.Context, cur string, fn func(msg *Fetched) error) (string, error) {
	at, err := parseCursor(cur)
	if err != nil {
		return cur, err
	}
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	client, err := m.open(ctx)
	if err != nil {
		return cur, err
	}
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer func() {
		if stop() {
			client.Logout().Wait()
			client.Close()
		}
	}()
	sel, err := client.Select(m.folder, nil).Wait()
	if err != nil {
		return cur, m.fail(ctx, "select", err)
	}
	if sel.UIDValidity != at.validity {
		at = cursor{validity: sel.UIDValidity}
	}
	if sel.NumMessages == 0 {
		return at.String(), nil
	}
	uids, err := m.newUIDs(client, at.last)
	if err != nil {
		return at.String(), m.fail(ctx, "search", err)
	}
	for len(uids) > 0 {
		n := min(len(uids), m.batch)
		if err := m.fetchBatch(client, uids[:n], &at, fn); err != nil {
			return at.String(), m.fail(ctx, "fetch", err)
		}
		uids = uids[n:]
	}
	return at.String(), nil
}

// open connects and logs in.
func (m *Mailbox) open(ctx context.Context) (*imapclient.Client, error) {
	return m.openWith(ctx, nil)
}

// openWith connects and logs in; h, when set, hears what the server
// reports unasked (new mail during IDLE).
func (m *Mailbox) openWith(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
	nd := &net.Dialer{}
	var conn net.Conn
	var err error
	if m.security == ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: nd, Config: m.tls}).DialContext(ctx, "tcp", m.addr)
	} else {
		conn, err = nd.DialContext(ctx, "tcp", m.addr)
	}
	if err != nil {
		return nil, fmt.Errorf("mail: imap connect: %w", err)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	var client *imapclient.Client
	opts := &imapclient.Options{TLSConfig: m.tls, UnilateralDataHandler: h}
	if m.security == StartTLS {
		if client, err = imapclient.NewStartTLS(conn, opts); err != nil {
			return nil, fmt.Errorf("mail: imap starttls (required): %w", err)
		}
	} else {
		client = imapclient.New(conn, opts)
	}
	if err := client.WaitGreeting(); err != nil {
		client.Close()
		return nil, fmt.Errorf("mail: imap greeting: %w", err)
	}
	if err := client.Login(m.user, m.password).Wait(); err != nil {
		client.Close()
		return nil, fmt.Errorf("mail: imap login: %w", err)
	}
	return client, nil
}

// newUIDs lists the UIDs after last. "last+1:*" always matches the
// newest message even when its UID is lower, so the list is filtered.
func (m *Mailbox) newUIDs(client *imapclient.Client, last imap.UID) ([]imap.UID, error) {
	var set imap.UIDSet
	set.AddRange(last+1, 0)
	data, err := client.UIDSearch(&imap.SearchCriteria{UID: []imap.UIDSet{set}}, nil).Wait()
	if err != nil {
		return nil, err
	}
	uids := slices.DeleteFunc(data.AllUIDs(), func(u imap.UID) bool { return u <= last })
	slices.Sort(uids)
	return uids, nil
}

// fetchBatch hands a few messages to fn in UID order, advancing at past
// each one fn accepts, and marks those \Seen.
func (m *Mailbox) fetchBatch(client *imapclient.Client, uids []imap.UID, at *cursor, fn func(*Fetched) error) error {
	section := &imap.FetchItemBodySection{Peek: true}
	msgs, err := client.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return err
	}
	slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return cmp.Compare(a.UID, b.UID) })
	var handled imap.UIDSet
	var fnErr error
	for _, msg := range msgs {
		if msg.UID <= at.last {
			continue
		}
		if fnErr = fn(&Fetched{UID: uint32(msg.UID), Raw: msg.FindBodySection(section)}); fnErr != nil {
			break
		}
		at.last = msg.UID
		handled.AddNum(msg.UID)
	}
	if len(handled) > 0 {
		seen := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}
		if err := client.Store(handled, seen, nil).Close(); err != nil && fnErr == nil {
			return err
		}
	}
	if fnErr != nil {
		return &handlerError{fnErr}
	}
	return nil
}

// handlerError is fn's own error, passed through as it is.
type handlerError struct{ err error }

func (e *handlerError) Error() string { return e.err.Error() }
func (e *handlerError) Unwrap() error { return e.err }

// fail wraps a server or connection error; fn's errors pass unchanged.
func (m *Mailbox) fail(ctx context.Context, stage string, err error) error {
	var he *handlerError
	if errors.As(err, &he) {
		return he.err
	}
	if ctx.Err() != nil {
		return fmt.Errorf("mail: imap %s: %w", stage, ctx.Err())
	}
	return fmt.Errorf("mail: imap %s: %w", stage, err)
}
