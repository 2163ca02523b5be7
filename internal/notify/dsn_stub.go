package notify

// Placeholder until the mail helper's dsn.go is merged; delete on merge.

import "errors"

// DSN is a delivery status notification (RFC 3464), as far as the ledger
// needs it.
type DSN struct {
	OriginalMessageID string
	Recipients        []DSNRecipient
}

// DSNRecipient is one per-recipient part of a DSN.
type DSNRecipient struct {
	Action     string // failed, delayed, delivered, relayed, expanded
	Status     string // "5.1.1"
	Diagnostic string
}

// ParseDSN reads a DSN message.
func ParseDSN(raw []byte) (*DSN, error) { return nil, errors.New("not built yet") }
