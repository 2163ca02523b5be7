// Package mail is the SMTP and IMAP adapter. PLACEHOLDER from h5-cli until
// h5-mail is merged; delete on merge.
package mail

import (
	"context"
	"errors"

	"github.com/breachdesk/breachdesk/internal/notify"
)

type Dialer struct{}

func NewDialer(cfg notify.SMTPConfig) (*Dialer, error) { return &Dialer{}, nil }

func (d *Dialer) Dial(ctx context.Context) (notify.Conn, error) { return nil, errors.New("placeholder") }

type BounceSource struct{}

func NewBounceSource(url string) (*BounceSource, error) { return &BounceSource{}, nil }

func (b *BounceSource) Fetch(ctx context.Context, cursor string, fn func(raw []byte) error) (string, error) {
	return cursor, errors.New("placeholder")
}
