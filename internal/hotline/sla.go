package hotline

import "time"

// maxSLA bounds a channel's first-response time: past a month the SLA
// watches nothing.
const maxSLA = 30 * 24 * time.Hour

// slaFor is the first-response time of ch under st (DefaultSLA where st
// sets none).
func slaFor(st *Settings, ch Channel) time.Duration {
	if st != nil {
		if d, ok := st.SLA[ch]; ok {
			return d
		}
	}
	return DefaultSLA[ch]
}

// monthLater is one calendar month after t, clamped to the end of the
// month: Jan 31 -> Feb 28 (29 in a leap year), Mar 31 -> Apr 30. The
// one-month clock of a data-subject request (GDPR Art. 12(3)).
func monthLater(t time.Time) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	first := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC) // normalizes December
	last := first.AddDate(0, 1, -1).Day()
	day := min(d, last)
	return time.Date(first.Year(), first.Month(), day, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// startClocks sets the due times of a new inquiry received at q.ReceivedAt:
// the first response by the channel's SLA (a phone call an agent logs, or
// any inquiry logged with an outcome, is answered at once) and the
// one-month clock of a data-subject request.
func startClocks(q *Inquiry, st *Settings) {
	q.FirstResponseDue = q.ReceivedAt.Add(slaFor(st, q.Channel))
	if q.Channel == ByPhone || q.Outcome != NoOutcome {
		at := q.ReceivedAt
		q.FirstResponseAt = &at
	}
	setRequestDue(q)
}

// setRequestDue starts the one-month clock of a data-subject request once.
func setRequestDue(q *Inquiry) {
	if q.Outcome == DataRequest && q.RequestDue == nil {
		due := monthLater(q.ReceivedAt)
		q.RequestDue = &due
	}
}
