package mail

import "context"

// BounceSource reads delivery status notifications from the bounce
// mailbox (the relay's envelope sender delivers there).
type BounceSource struct {
	box *Mailbox
}

// NewBounceSource takes the mailbox URL (see NewMailbox).
func NewBounceSource(rawURL string) (*BounceSource, error) {
	box, err := NewMailbox(rawURL)
	if err != nil {
		return nil, err
	}
	return &BounceSource{box: box}, nil
}

// Fetch calls fn with each new message's raw bytes; see Mailbox.Fetch for
// the cursor, the order and what an error of fn does.
func (b *BounceSource) Fetch(ctx context.Context, cursor string, fn func(raw []byte) error) (string, error) {
	return b.box.Fetch(ctx, cursor, func(m *Fetched) error { return fn(m.Raw) })
}
