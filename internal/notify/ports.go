package notify

import (
	"context"
	"errors"
	"strconv"
)

// Dialer opens connections to the mail relay. The mail adapter implements
// it over SMTP.
type Dialer interface {
	Dial(ctx context.Context) (Conn, error)
}

// Conn is one connection to the relay. It sends one message at a time and
// is used by one goroutine.
type Conn interface {
	Send(ctx context.Context, m *Message) error
	Close() error
}

// SendError is a refusal by the relay. Permanent refusals (5xx) are not
// retried; temporary ones (4xx, a dropped connection) are.
type SendError struct {
	Permanent bool
	Code      int    // SMTP reply code, 0 when the connection failed
	Text      string // the server's text; never a recipient's address
}

func (e *SendError) Error() string {
	if e.Code == 0 {
		return "relay: " + e.Text
	}
	return "relay: " + strconv.Itoa(e.Code) + " " + e.Text
}

// IsPermanent reports whether err is a permanent refusal.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// LetterRenderer turns letters into one PDF: one letter gives the PDF for
// one person, many give a print house's batch, each letter starting on a
// new page with its own page numbers. The PDF adapter implements it.
type LetterRenderer interface {
	RenderLetters(letters []Letter) ([]byte, error)
}

// BounceSource fetches delivery status notifications from the bounce
// mailbox. The mail adapter implements it over IMAP. It calls fn with
// every message newer than the cursor and returns the new cursor; a
// message fn returns an error for is fetched again next time.
type BounceSource interface {
	Fetch(ctx context.Context, cursor string, fn func(raw []byte) error) (string, error)
}
