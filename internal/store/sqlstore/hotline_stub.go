package sqlstore

// The hotline's store: a stub until it is built (this file goes then).

import (
	"context"
	"errors"
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

var errHotlineNotBuilt = errors.New("sqlstore: the hotline store is not built yet")

// Hotline returns the store of the hotline.
func (db *DB) Hotline() hotline.Store { return hotlineStore{db} }

type hotlineStore struct{ db *DB }

func (s hotlineStore) Inquiry(ctx context.Context, incidentID, id int64) (*hotline.InquiryRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Inquiries(ctx context.Context, incidentID int64, f hotline.Filter) ([]hotline.InquiryRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Mails(ctx context.Context, incidentID, inquiryID int64) ([]hotline.MailRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Mail(ctx context.Context, incidentID, id int64) (*hotline.MailRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Attachments(ctx context.Context, incidentID, mailID int64) ([]hotline.AttachmentRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Attachment(ctx context.Context, incidentID, id int64) (*hotline.AttachmentRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Scripts(ctx context.Context, incidentID int64) ([]hotline.Script, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Script(ctx context.Context, incidentID, id int64) (*hotline.Script, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) ApprovedScript(ctx context.Context, incidentID int64) (*hotline.Script, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Call(ctx context.Context, incidentID int64, callID string) (*hotline.CallRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Calls(ctx context.Context, incidentID int64, since time.Time) ([]hotline.CallRow, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Settings(ctx context.Context, incidentID int64) ([]byte, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) IncidentByCTIToken(ctx context.Context, hash []byte) (int64, error) {
	return 0, errHotlineNotBuilt
}
func (s hotlineStore) InboxCursor(ctx context.Context, incidentID int64) (string, error) {
	return "", errHotlineNotBuilt
}
func (s hotlineStore) InboxIncidents(ctx context.Context) ([]int64, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Dashboard(ctx context.Context, incidentID int64, q hotline.DashboardQuery) (*hotline.DashboardCounts, error) {
	return nil, errHotlineNotBuilt
}
func (s hotlineStore) Update(ctx context.Context, fn func(hotline.Tx) error) error {
	return errHotlineNotBuilt
}

var _ hotline.Store = hotlineStore{}
