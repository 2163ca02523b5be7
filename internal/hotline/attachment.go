package hotline

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Attachment returns one attachment of an inbound mail with its content
// and file name, for download; audited ("attachment.view"). An attachment
// whose content was not kept (past the size limit per mail) is an
// errs.NotFound error that says so.
func (s *Service) Attachment(ctx context.Context, a auth.Actor, id, attachmentID int64) (*Attachment, string, error) {
	if _, err := s.may(ctx, a, id, canView, "see the hotline"); err != nil {
		return nil, "", err
	}
	row, err := s.store.Attachment(ctx, id, attachmentID)
	if err != nil {
		return nil, "", err
	}
	if row.Sealed == nil {
		return nil, "", errs.E(errs.NotFound, "attachment %d was not kept: the mail brought more than %d MB; only its hash and size were recorded",
			attachmentID, maxKeptAttachments>>20)
	}
	att, err := s.openAttachment(row)
	if err != nil {
		return nil, "", err
	}
	mr, err := s.store.Mail(ctx, id, att.MailID)
	if err != nil {
		return nil, "", err
	}
	m, err := s.openMail(mr)
	if err != nil {
		return nil, "", err
	}
	name := ""
	if att.Index < len(m.Private.AttachmentNames) {
		name = m.Private.AttachmentNames[att.Index]
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "attachment.view", ObjectType: "attachment", ObjectID: attachmentID,
			Detail: map[string]any{"mail": att.MailID, "inquiry": m.InquiryID, "sha256": att.SHA256}})
	})
	if err != nil {
		return nil, "", err
	}
	return att, name, nil
}
