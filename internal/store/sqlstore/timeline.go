package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// entrySelect reads entries with the author's name (or e-mail when the
// name is empty; "" for the desk itself) and the newest correction.
const entrySelect = `SELECT e.id, e.incident_id, e.occurred_at, e.recorded_at, e.author_id,
	COALESCE(NULLIF(u.name, ''), u.email, ''), e.kind, e.text, e.corrects,
	(SELECT max(c.id) FROM timeline_entries c WHERE c.corrects = e.id), e.event
	FROM timeline_entries e LEFT JOIN users u ON u.id = e.author_id`

const errNoEntry = "no such timeline entry"

func scanEntry(row rowScanner) (e incident.Entry, err error) {
	err = row.Scan(&e.ID, &e.IncidentID, scanTime(&e.OccurredAt), scanTime(&e.RecordedAt), scanID(&e.AuthorID),
		&e.AuthorName, &e.Kind, &e.Text, &e.Corrects, &e.CorrectedBy, scanJSON(&e.Event))
	return e, err
}

// TimelineQuery is the query of a timeline page, with the cursor condition
// or without, for tests that check the database answers it from the index.
// Its arguments: incident ID, [cursor occurred_at, cursor ID,] limit.
func TimelineQuery(cursor bool) string {
	q := entrySelect + ` WHERE e.incident_id = ?`
	if cursor {
		// A row-value comparison, so entries that occurred at the same
		// time are split by ID and none is skipped or shown twice.
		q += ` AND (e.occurred_at, e.id) < (?, ?)`
	}
	return q + ` ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?`
}

func (s incidentStore) Timeline(ctx context.Context, incidentID int64, page incident.TimelinePage) ([]incident.Entry, error) {
	c := s.db.reader()
	args := []any{incidentID}
	if page.Before != 0 {
		before, err := c.entryRow(ctx, incidentID, page.Before)
		if err != nil {
			return nil, err
		}
		args = append(args, c.time(before.OccurredAt), before.ID)
	}
	limit := page.Limit
	if limit <= 0 {
		limit = incident.DefaultTimelinePage
	}
	entries, err := queryAll(ctx, c, scanEntry, TimelineQuery(page.Before != 0), append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: load timeline of incident %d: %w", incidentID, err)
	}
	if err := c.attach(ctx, entries); err != nil {
		return nil, err
	}
	return entries, nil
}

func (s incidentStore) TimelineCount(ctx context.Context, incidentID int64) (int, error) {
	var n int
	err := s.db.reader().queryRow(ctx, `SELECT count(*) FROM timeline_entries WHERE incident_id = ?`, incidentID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: count timeline of incident %d: %w", incidentID, err)
	}
	return n, nil
}

// entryRow reads an entry without its attachments.
func (c conn) entryRow(ctx context.Context, incidentID, entryID int64) (*incident.Entry, error) {
	e, err := scanEntry(c.queryRow(ctx, entrySelect+` WHERE e.incident_id = ? AND e.id = ?`, incidentID, entryID))
	if err != nil {
		return nil, readErr(err, errNoEntry, "load entry %d of incident %d", entryID, incidentID)
	}
	return &e, nil
}

// entry reads an entry with its attachments.
func (c conn) entry(ctx context.Context, incidentID, entryID int64) (*incident.Entry, error) {
	e, err := c.entryRow(ctx, incidentID, entryID)
	if err != nil {
		return nil, err
	}
	entries := []incident.Entry{*e}
	if err := c.attach(ctx, entries); err != nil {
		return nil, err
	}
	return &entries[0], nil
}

func (s incidentStore) Entry(ctx context.Context, incidentID, entryID int64) (*incident.Entry, error) {
	return s.db.reader().entry(ctx, incidentID, entryID)
}

func (t *tx) Entry(ctx context.Context, incidentID, entryID int64) (*incident.Entry, error) {
	return t.entry(ctx, incidentID, entryID)
}

const attachmentColumns = `id, entry_id, incident_id, name, content_type, size, sha256, uploaded_by, uploaded_at`

func scanAttachment(row rowScanner) (a incident.Attachment, err error) {
	err = row.Scan(&a.ID, &a.EntryID, &a.IncidentID, &a.Name, &a.ContentType, &a.Size, &a.SHA256,
		scanID(&a.UploadedBy), scanTime(&a.UploadedAt))
	return a, err
}

// attach fills the attachments (without their content) of entries with
// one query for all of them.
func (c conn) attach(ctx context.Context, entries []incident.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	index := make(map[int64]int, len(entries))
	args := make([]any, len(entries))
	for i, e := range entries {
		index[e.ID] = i
		args[i] = e.ID
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(entries)), ", ")
	atts, err := queryAll(ctx, c, scanAttachment, `SELECT `+attachmentColumns+` FROM attachments
		WHERE entry_id IN (`+marks+`) ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("sqlstore: load attachments of %d entries: %w", len(entries), err)
	}
	for _, a := range atts {
		e := &entries[index[a.EntryID]]
		e.Attachments = append(e.Attachments, a)
	}
	return nil
}

func (s incidentStore) AttachmentData(ctx context.Context, incidentID, attachmentID int64) (*incident.Attachment, []byte, error) {
	var data []byte
	row := s.db.reader().queryRow(ctx, `SELECT `+attachmentColumns+`, data FROM attachments
		WHERE incident_id = ? AND id = ?`, incidentID, attachmentID)
	a, err := scanAttachment(dataScanner{row, &data})
	if err != nil {
		return nil, nil, readErr(err, "no such attachment", "load attachment %d of incident %d", attachmentID, incidentID)
	}
	if data == nil {
		data = []byte{} // an empty file is not a missing one
	}
	return &a, data, nil
}

// dataScanner scans one more column, the content, after those of an
// attachment's metadata.
type dataScanner struct {
	row  rowScanner
	data *[]byte
}

func (d dataScanner) Scan(dest ...any) error { return d.row.Scan(append(dest, d.data)...) }

// AppendEntry stores e and its attachments, the content of attachment i
// being data[i]. It fills the IDs and, as a read would, AuthorName.
func (t *tx) AppendEntry(ctx context.Context, e *incident.Entry, data [][]byte) error {
	if len(data) != len(e.Attachments) {
		return fmt.Errorf("sqlstore: entry of incident %d: %d attachments but %d contents", e.IncidentID, len(e.Attachments), len(data))
	}
	event, err := eventArg(e.Event)
	if err != nil {
		return err
	}
	err = t.queryRow(ctx, `INSERT INTO timeline_entries (incident_id, occurred_at, recorded_at, author_id, kind,
		text, corrects, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		e.IncidentID, t.time(e.OccurredAt), t.time(e.RecordedAt), idArg(e.AuthorID), string(e.Kind), e.Text,
		nullInt(e.Corrects), event).Scan(&e.ID)
	if err != nil {
		return t.writeErr(err, "", "append entry to incident %d", e.IncidentID)
	}
	for i := range e.Attachments {
		if err := t.storeAttachment(ctx, e, &e.Attachments[i], data[i]); err != nil {
			return err
		}
	}
	e.AuthorName, err = t.displayName(ctx, e.AuthorID)
	return err
}

func eventArg(ev *incident.SystemEvent) (any, error) {
	if ev == nil {
		return nil, nil
	}
	return jsonArg(ev)
}

func (t *tx) storeAttachment(ctx context.Context, e *incident.Entry, a *incident.Attachment, data []byte) error {
	a.EntryID, a.IncidentID = e.ID, e.IncidentID
	if data == nil {
		data = []byte{} // the column is NOT NULL; an empty file is still a file
	}
	err := t.queryRow(ctx, `INSERT INTO attachments (entry_id, incident_id, name, content_type, size, sha256,
		uploaded_by, uploaded_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.EntryID, a.IncidentID, a.Name, a.ContentType, a.Size, a.SHA256, idArg(a.UploadedBy),
		t.time(a.UploadedAt), data).Scan(&a.ID)
	if err != nil {
		return t.writeErr(err, "", "store attachment of entry %d", e.ID)
	}
	return nil
}

// displayName is what the desk calls user id: the name, or the e-mail
// address when the name is empty; "" for nobody (id 0).
func (c conn) displayName(ctx context.Context, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var name string
	err := c.queryRow(ctx, `SELECT COALESCE(NULLIF(name, ''), email) FROM users WHERE id = ?`, id).Scan(&name)
	if err != nil {
		return "", readErr(err, errNoUser, "load name of user %d", id)
	}
	return name, nil
}
