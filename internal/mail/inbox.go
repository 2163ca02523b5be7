package mail

import (
	"context"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

var _ hotline.MailSource = (*InboxSource)(nil)

// InboxSource reads an incident's inquiry inbox: Fetch hands over every
// new message (see Mailbox.Fetch), Wait blocks until the folder reports
// new mail (IMAP IDLE where the server offers it) or the interval passes.
// The hotline's MailSource.
type InboxSource struct {
	box *Mailbox

	mu   sync.Mutex
	last cursor // where the last Fetch stopped: Wait returns at once when the folder moved past it
}

// NewInboxSource takes the mailbox URL (see NewMailbox for the forms and
// the rules on clear text).
func NewInboxSource(rawURL string) (*InboxSource, error) {
	box, err := NewMailbox(rawURL)
	if err != nil {
		return nil, err
	}
	return &InboxSource{box: box}, nil
}

// Fetch calls fn with each new message's raw bytes; see Mailbox.Fetch for
// the cursor, the order and what an error of fn does.
func (s *InboxSource) Fetch(ctx context.Context, cur string, fn func(raw []byte) error) (string, error) {
	next, err := s.box.Fetch(ctx, cur, func(m *Fetched) error { return fn(m.Raw) })
	if c, perr := parseCursor(next); perr == nil {
		s.mu.Lock()
		s.last = c
		s.mu.Unlock()
	}
	return next, err
}

// Wait returns when the folder has mail the last Fetch did not see, when
// interval passed, or when ctx ends (with its error). Over a server
// without IDLE it sleeps the interval; a connection that fails makes it
// sleep the interval too, so a poller never spins against a server that
// is away, and the next Fetch reports the problem.
func (s *InboxSource) Wait(ctx context.Context, interval time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, interval)
	defer cancel()
	if err := s.idle(ctx); err != nil && ctx.Err() == nil {
		<-ctx.Done() // no IDLE, or the server failed: the interval decides
	}
	if err := context.Cause(ctx); err != nil && err != context.DeadlineExceeded {
		return err
	}
	return nil
}

// errNoIdle says the server does not offer IDLE.
var errNoIdle = imapError("server does not offer IDLE")

type imapError string

func (e imapError) Error() string { return "mail: imap: " + string(e) }

// idle selects the folder and idles until new mail arrives (nil) or ctx
// ends. New mail is a folder whose next UID is past the last fetched one,
// or an EXISTS during IDLE.
func (s *InboxSource) idle(ctx context.Context) error {
	arrived := make(chan struct{}, 1)
	signal := func() {
		select {
		case arrived <- struct{}{}:
		default:
		}
	}
	client, err := s.box.openWith(ctx, &imapclient.UnilateralDataHandler{
		Mailbox: func(data *imapclient.UnilateralDataMailbox) {
			if data.NumMessages != nil {
				signal()
			}
		},
	})
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer func() {
		if stop() {
			client.Logout().Wait()
			client.Close()
		}
	}()
	if !client.Caps().Has(imap.CapIdle) {
		return errNoIdle
	}
	sel, err := client.Select(s.box.folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return err
	}
	s.mu.Lock()
	last := s.last
	s.mu.Unlock()
	if sel.UIDValidity != last.validity || (sel.NumMessages > 0 && sel.UIDNext > last.last+1) {
		return nil // mail came after the last Fetch, or the folder was re-created
	}
	// The EXISTS of the SELECT itself may have been signalled: drop it.
	select {
	case <-arrived:
	default:
	}
	cmd, err := client.Idle()
	if err != nil {
		return err
	}
	select {
	case <-arrived:
	case <-ctx.Done():
	}
	cmd.Close() // the connection closes right after; its error says nothing new
	return nil
}
