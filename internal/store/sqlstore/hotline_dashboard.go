package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// hourLayout is how Dialect.Hour spells an hour.
const hourLayout = "2006-01-02T15"

// topQuestions is how many top questions the dashboard counts unless told.
const topQuestions = 10

// Dashboard counts in SQL, on the read pool: the inquiries per hour,
// channel and topic and the top questions over those received since
// q.Since; the first-response times over those answered since q.Since; the
// open, overdue, callback and request counts over all the incident's open
// inquiries at q.Now, since a backlog does not age out of a window.
func (s hotlineStore) Dashboard(ctx context.Context, incidentID int64, q hotline.DashboardQuery) (*hotline.DashboardCounts, error) {
	r := s.db.reader()
	out := &hotline.DashboardCounts{
		FirstResponseSum:   map[hotline.Channel]time.Duration{},
		FirstResponseCount: map[hotline.Channel]int64{},
	}
	fail := func(what string, err error) (*hotline.DashboardCounts, error) {
		return nil, fmt.Errorf("sqlstore: count the %s of incident %d: %w", what, incidentID, err)
	}
	since := r.time(q.Since)

	hour := r.d.Hour("received_at")
	hours, err := queryAll(ctx, r, scanHourCount, `SELECT `+hour+`, channel, topic, COUNT(*) FROM hotline_inquiries
		WHERE incident_id = ? AND received_at >= ? GROUP BY `+hour+`, channel, topic ORDER BY `+hour+`, channel, topic`,
		incidentID, since)
	if err != nil {
		return fail("inquiries per hour", err)
	}
	out.Hours = hours

	now := r.time(q.Now)
	err = r.queryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN `+overdueCond+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN outcome = 'callback' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN outcome = 'data_request' THEN 1 ELSE 0 END), 0)
		FROM hotline_inquiries WHERE incident_id = ? AND status = 'open'`,
		now, now, now, incidentID).Scan(&out.Open, &out.Overdue, &out.Callbacks, &out.Requests)
	if err != nil {
		return fail("open inquiries", err)
	}

	top := q.Top
	if top <= 0 {
		top = topQuestions
	}
	out.TopQuestions, err = queryAll(ctx, r, func(row rowScanner) (c hotline.Count, err error) {
		return c, row.Scan(&c.Key, &c.N)
	}, `SELECT k.key, COUNT(*) FROM hotline_questions k
		JOIN hotline_inquiries i ON i.incident_id = k.incident_id AND i.id = k.inquiry_id
		WHERE i.incident_id = ? AND i.received_at >= ?
		GROUP BY k.key ORDER BY COUNT(*) DESC, k.key LIMIT ?`, incidentID, since, top)
	if err != nil {
		return fail("top questions", err)
	}

	rows, err := r.query(ctx, `SELECT channel, COUNT(*),
		CAST(SUM(`+r.d.Micros("first_response_at")+` - `+r.d.Micros("received_at")+`) AS BIGINT)
		FROM hotline_inquiries WHERE incident_id = ? AND first_response_at >= ? GROUP BY channel`, incidentID, since)
	if err != nil {
		return fail("first responses", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ch hotline.Channel
		var n, micros int64
		if err := rows.Scan(&ch, &n, &micros); err != nil {
			return fail("first responses", err)
		}
		out.FirstResponseCount[ch] = n
		out.FirstResponseSum[ch] = time.Duration(micros) * time.Microsecond
	}
	if err := rows.Err(); err != nil {
		return fail("first responses", err)
	}
	return out, nil
}

func scanHourCount(row rowScanner) (h hotline.HourCount, err error) {
	var hour string
	if err = row.Scan(&hour, &h.Channel, &h.Topic, &h.N); err != nil {
		return h, err
	}
	h.Hour, err = time.Parse(hourLayout, hour)
	return h, err
}
