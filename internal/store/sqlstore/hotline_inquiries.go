package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

const errNoInquiry = "no such inquiry"

// inquiriesLimit is how many inquiries a list returns unless told.
const inquiriesLimit = 50

const inquiryColumns = `id, incident_id, channel, status, outcome, request, request_due, person_match, person_id,
	lang, topic, questions, answer, script_version, sealed, caller_key, call_id, assignee_id, agent_id, callback_due,
	received_at, first_response_due, first_response_at, closed_at, created_by, updated_at`

const inquirySelect = `SELECT ` + inquiryColumns + ` FROM hotline_inquiries`

func scanInquiry(row rowScanner) (r hotline.InquiryRow, err error) {
	q := &r.Inquiry
	err = row.Scan(&q.ID, &q.IncidentID, &q.Channel, &q.Status, &q.Outcome, &q.Request, scanNullTime(&q.RequestDue),
		&q.Match, &q.PersonID, &q.Lang, &q.Topic, scanJSON(&q.Questions), &q.Answer, &q.ScriptVersion, &r.Sealed,
		&r.CallerKey, &q.CallID, scanID(&q.AssigneeID), scanID(&q.AgentID), scanNullTime(&q.CallbackDue),
		scanTime(&q.ReceivedAt), scanTime(&q.FirstResponseDue), scanNullTime(&q.FirstResponseAt),
		scanNullTime(&q.ClosedAt), scanID(&q.CreatedBy), scanTime(&q.UpdatedAt))
	q.Questions = noEmpty(q.Questions)
	return r, err
}

func (c conn) inquiry(ctx context.Context, incidentID, id int64) (*hotline.InquiryRow, error) {
	r, err := scanInquiry(c.queryRow(ctx, inquirySelect+` WHERE incident_id = ? AND id = ?`, incidentID, id))
	if err != nil {
		return nil, readErr(err, errNoInquiry, "load inquiry %d of incident %d", id, incidentID)
	}
	return &r, nil
}

func (s hotlineStore) Inquiry(ctx context.Context, incidentID, id int64) (*hotline.InquiryRow, error) {
	return s.db.reader().inquiry(ctx, incidentID, id)
}

func (t *tx) Inquiry(ctx context.Context, incidentID, id int64) (*hotline.InquiryRow, error) {
	return t.inquiry(ctx, incidentID, id)
}

// overdueCond is the SQL of hotline.Inquiry.Overdue for an open inquiry,
// with three ? for the time.
const overdueCond = `((first_response_at IS NULL AND first_response_due < ?)
	OR (outcome = 'callback' AND callback_due < ?) OR (outcome = 'data_request' AND request_due < ?))`

// Inquiries lists newest first; the callback queue (Filter.Callbacks)
// soonest due first.
func (s hotlineStore) Inquiries(ctx context.Context, incidentID int64, f hotline.Filter) ([]hotline.InquiryRow, error) {
	r := s.db.reader()
	var b strings.Builder
	b.WriteString(inquirySelect + ` WHERE incident_id = ?`)
	args := []any{incidentID}
	cond := func(sql string, v ...any) {
		b.WriteString(" AND " + sql)
		args = append(args, v...)
	}
	if f.Status != "" {
		cond(`status = ?`, string(f.Status))
	}
	if f.Channel != "" {
		cond(`channel = ?`, string(f.Channel))
	}
	if f.Topic != "" {
		cond(`topic = ?`, f.Topic)
	}
	if f.PersonID != 0 {
		// The redundant term lets the partial index serve.
		cond(`person_id = ? AND person_id <> 0`, f.PersonID)
	}
	if len(f.CallerKey) > 0 {
		cond(`caller_key = ?`, f.CallerKey)
	}
	if f.AssigneeID != 0 {
		cond(`assignee_id = ?`, f.AssigneeID)
	}
	if f.Overdue {
		if f.Now.IsZero() {
			return nil, errs.E(errs.Invalid, "the overdue filter needs the time to judge by")
		}
		now := r.time(f.Now)
		cond(`status = 'open' AND `+overdueCond, now, now, now)
	}
	if f.Callbacks {
		cond(`status = 'open' AND outcome = 'callback' AND callback_due IS NOT NULL`)
	}
	if f.Before != 0 {
		cond(`id < ?`, f.Before)
	}
	if f.Callbacks {
		b.WriteString(` ORDER BY callback_due, id`)
	} else {
		b.WriteString(` ORDER BY id DESC`)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = inquiriesLimit
	}
	b.WriteString(` LIMIT ?`)
	args = append(args, limit)
	out, err := queryAll(ctx, r, scanInquiry, b.String(), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list inquiries of incident %d: %w", incidentID, err)
	}
	return out, nil
}

// inquiryArgs are the columns after incident_id and channel up to
// updated_at, as AddInquiry and UpdateInquiry write them.
func (t *tx) inquiryArgs(r *hotline.InquiryRow) ([]any, error) {
	q := &r.Inquiry
	questions, err := listArg(q.Questions)
	if err != nil {
		return nil, err
	}
	sealed := r.Sealed
	if sealed == nil {
		sealed = []byte{} // the column is NOT NULL
	}
	return []any{string(q.Status), string(q.Outcome), string(q.Request), t.nullTime(q.RequestDue), string(q.Match),
		q.PersonID, q.Lang, q.Topic, questions, q.Answer, q.ScriptVersion, sealed, blobArg(r.CallerKey), q.CallID,
		idArg(q.AssigneeID), idArg(q.AgentID), t.nullTime(q.CallbackDue), t.time(q.FirstResponseDue),
		t.nullTime(q.FirstResponseAt), t.nullTime(q.ClosedAt), t.time(q.UpdatedAt)}, nil
}

// AddInquiry inserts the inquiry and its question keys; sets ID.
func (t *tx) AddInquiry(ctx context.Context, r *hotline.InquiryRow) error {
	q := &r.Inquiry
	args, err := t.inquiryArgs(r)
	if err != nil {
		return fmt.Errorf("sqlstore: add an inquiry to incident %d: %w", q.IncidentID, err)
	}
	args = append([]any{q.IncidentID, string(q.Channel), t.time(q.ReceivedAt), idArg(q.CreatedBy)}, args...)
	err = t.queryRow(ctx, `INSERT INTO hotline_inquiries (incident_id, channel, received_at, created_by, status,
		outcome, request, request_due, person_match, person_id, lang, topic, questions, answer, script_version, sealed,
		caller_key, call_id, assignee_id, agent_id, callback_due, first_response_due, first_response_at, closed_at,
		updated_at) VALUES (`+marks(len(args))+`) RETURNING id`, args...).Scan(&q.ID)
	if err != nil {
		return t.writeErr(err, "", "add an inquiry to incident %d", q.IncidentID)
	}
	return t.insertQuestions(ctx, q)
}

// UpdateInquiry changes every field but ID, IncidentID, Channel,
// ReceivedAt and CreatedBy, and replaces the question keys.
func (t *tx) UpdateInquiry(ctx context.Context, r *hotline.InquiryRow) error {
	q := &r.Inquiry
	args, err := t.inquiryArgs(r)
	if err != nil {
		return fmt.Errorf("sqlstore: change inquiry %d: %w", q.ID, err)
	}
	err = t.execOne(ctx, errNoInquiry, `UPDATE hotline_inquiries SET status = ?, outcome = ?, request = ?,
		request_due = ?, person_match = ?, person_id = ?, lang = ?, topic = ?, questions = ?, answer = ?,
		script_version = ?, sealed = ?, caller_key = ?, call_id = ?, assignee_id = ?, agent_id = ?, callback_due = ?,
		first_response_due = ?, first_response_at = ?, closed_at = ?, updated_at = ?
		WHERE incident_id = ? AND id = ?`, append(args, q.IncidentID, q.ID)...)
	if err != nil {
		return t.writeErr(err, "", "change inquiry %d", q.ID)
	}
	if _, err := t.exec(ctx, `DELETE FROM hotline_questions WHERE inquiry_id = ?`, q.ID); err != nil {
		return t.writeErr(err, "", "drop the questions of inquiry %d", q.ID)
	}
	return t.insertQuestions(ctx, q)
}

// questionRows bounds the rows of one INSERT of question keys.
const questionRows = 300

// insertQuestions stores each question key of q once.
func (t *tx) insertQuestions(ctx context.Context, q *hotline.Inquiry) error {
	seen := make(map[string]bool, len(q.Questions))
	var keys []string
	for _, k := range q.Questions {
		if k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	for start := 0; start < len(keys); start += questionRows {
		batch := keys[start:min(start+questionRows, len(keys))]
		args := make([]any, 0, 3*len(batch))
		for _, k := range batch {
			args = append(args, q.IncidentID, q.ID, k)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(batch)), ", ")
		if _, err := t.exec(ctx, `INSERT INTO hotline_questions (incident_id, inquiry_id, key) VALUES `+values, args...); err != nil {
			return t.writeErr(err, "", "store the questions of inquiry %d", q.ID)
		}
	}
	return nil
}
