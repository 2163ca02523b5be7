package hotline

// The inbox and the outbox: contracts, filled in by the helper that owns
// them (this file goes when they are built).

import (
	"context"
	"log/slog"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// RunOutbox sends the queued acknowledgements and replies until ctx ends.
func (s *Service) RunOutbox(ctx context.Context, d notify.Dialer, log *slog.Logger) error {
	return notBuilt()
}

// Reply queues an agent's reply to a mail inquiry, threaded.
func (s *Service) Reply(ctx context.Context, a auth.Actor, id, inquiryID int64, r ReplyDraft) (*Mail, error) {
	return nil, notBuilt()
}

// BulkReply queues the same reply to every open mail inquiry of a topic;
// it returns how many were queued.
func (s *Service) BulkReply(ctx context.Context, a auth.Actor, id int64, topic string, r ReplyDraft) (int, error) {
	return 0, notBuilt()
}

// Attachment returns one attachment with its content and name; audited.
func (s *Service) Attachment(ctx context.Context, a auth.Actor, id, attachmentID int64) (*Attachment, string, error) {
	return nil, "", notBuilt()
}
