package incident

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Timeline returns a page of incident id's timeline, newest first.
func (s *Service) Timeline(ctx context.Context, a auth.Actor, id int64, page TimelinePage) ([]Entry, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	if page.Limit <= 0 {
		page.Limit = DefaultTimelinePage
	}
	page.Limit = min(page.Limit, MaxTimelinePage)
	return s.store.Timeline(ctx, id, page)
}

// TimelineCount returns the number of entries of incident id.
func (s *Service) TimelineCount(ctx context.Context, a auth.Actor, id int64) (int, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return 0, err
	}
	return s.store.TimelineCount(ctx, id)
}

// Entry returns one timeline entry.
func (s *Service) Entry(ctx context.Context, a auth.Actor, id, entryID int64) (*Entry, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Entry(ctx, id, entryID)
}

// AddEntry appends an entry to the timeline, with its attachments. With
// Corrects set it is a correction of an earlier entry of the same incident.
func (s *Service) AddEntry(ctx context.Context, a auth.Actor, id int64, n NewEntry) (*Entry, error) {
	acc, err := s.access(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := acc.need(acc.Write, "write on the timeline"); err != nil {
		return nil, err
	}
	now := s.now()
	if err := n.validate(now); err != nil {
		return nil, err
	}
	e := &Entry{
		IncidentID: id, OccurredAt: n.OccurredAt.UTC(), RecordedAt: now, AuthorID: a.UserID,
		Kind: n.Kind, Text: n.Text, Corrects: n.Corrects,
	}
	data := make([][]byte, len(n.Attachments))
	for i, att := range n.Attachments {
		e.Attachments = append(e.Attachments, Attachment{
			IncidentID: id, Name: att.Name, ContentType: att.ContentType, Size: int64(len(att.Data)),
			SHA256: sha256Hex(att.Data), UploadedBy: a.UserID, UploadedAt: now,
		})
		data[i] = att.Data
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if e.Corrects != nil {
			if err := checkCorrectable(ctx, tx, id, *e.Corrects); err != nil {
				return err
			}
		}
		if err := tx.AppendEntry(ctx, e, data); err != nil {
			return err
		}
		detail := map[string]any{"kind": e.Kind, "attachments": len(e.Attachments)}
		if e.Corrects != nil {
			detail["corrects"] = *e.Corrects
		}
		return s.audit(ctx, tx, a, id, auth.Event{Action: "timeline.add", ObjectType: "entry", ObjectID: e.ID, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkCorrectable refuses corrections of entries the desk wrote itself and
// of entries of another incident.
func checkCorrectable(ctx context.Context, tx Tx, id, entryID int64) error {
	target, err := tx.Entry(ctx, id, entryID)
	if errs.Is(err, errs.NotFound) {
		return &errs.Error{Code: errs.Invalid, Message: "the entry to correct does not exist in this incident",
			Fields: map[string]string{"corrects": errs.InvalidValue}}
	}
	if err != nil {
		return err
	}
	if target.Event != nil {
		return &errs.Error{Code: errs.Invalid, Message: "entries written by the desk cannot be corrected; change the incident instead",
			Fields: map[string]string{"corrects": errs.InvalidValue}}
	}
	return nil
}

// Attachment returns an attachment with its content. The download is on
// record: evidence often holds personal data.
func (s *Service) Attachment(ctx context.Context, a auth.Actor, id, attachmentID int64) (*Attachment, []byte, error) {
	if _, err := s.access(ctx, a, id); err != nil {
		return nil, nil, err
	}
	att, data, err := s.store.AttachmentData(ctx, id, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		return s.audit(ctx, tx, a, id, auth.Event{Action: "attachment.view", ObjectType: "attachment", ObjectID: att.ID,
			Detail: map[string]any{"sha256": att.SHA256}})
	})
	if err != nil {
		return nil, nil, err
	}
	return att, data, nil
}
