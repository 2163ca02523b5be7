package obligation

import "time"

// The clock arithmetic. The conventions, all chosen so that a computed
// deadline is never later than the literal reading of the law:
//
//   - Hours are absolute: 72 hours are 72 real hours, so across a DST change
//     the local wall clock of the deadline moves by an hour.
//   - Days and months are counted in the deadline's zone (UTC when nil) and
//     end at the start's local wall-clock time: 30 days from 09:00 end at
//     09:00, across a DST change.
//   - Months clamp to the end of the target month: 31 January + 1 month is
//     28 (or 29) February, never 2 or 3 March.
//   - Business days: the start's local date is day 0, even when it is a
//     business day; the deadline falls on the Amount-th business day after
//     it, at the close of business when one is set, else at the start's
//     local time of day.
//   - A local time that does not exist (the hour skipped when DST begins)
//     is read with the offset after the jump, the earlier of its two
//     possible readings: 02:30 on 29 March 2026 in Berlin is 00:30 UTC
//     (shown as 01:30 CET), where Go's time.Date would give 01:30 UTC. A
//     local time that occurs twice (when DST ends) is its first occurrence.

// After returns the deadline d after start (see the conventions above). For
// NoDeadline, and for a unit it does not know, it returns the zero time:
// callers check the unit before they use the result. The result is in d's
// zone, except for hours, which keep start's location.
func (d Deadline) After(start time.Time) time.Time {
	zone := d.Zone
	if zone == nil {
		zone = time.UTC
	}
	local := start.In(zone)
	y, m, day := local.Date()
	hh, mm, ss := local.Clock()
	ns := local.Nanosecond()
	switch d.Unit {
	case Hours:
		return start.Add(time.Duration(d.Amount) * time.Hour)
	case Days:
		y, m, day = time.Date(y, m, day+d.Amount, 0, 0, 0, 0, time.UTC).Date()
		return wallTime(y, m, day, hh, mm, ss, ns, zone)
	case Months:
		y, m, day = addMonthsClamped(y, m, day, d.Amount)
		return wallTime(y, m, day, hh, mm, ss, ns, zone)
	case BusinessDays:
		y, m, day = addBusinessDays(d.Calendar, y, m, day, d.Amount)
		if h, mi, ok := parseTimeOfDay(d.CloseOfBusiness); ok {
			hh, mm, ss, ns = h, mi, 0, 0
		}
		return wallTime(y, m, day, hh, mm, ss, ns, zone)
	}
	return time.Time{}
}

// Earlier returns the earlier of two deadlines, such as DORA's 4 hours after
// classification and 24 hours after awareness. A zero time means "no
// deadline", so the other one is returned.
func Earlier(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero():
		return a
	case b.Before(a):
		return b
	}
	return a
}

// ValidCloseOfBusiness reports whether s is a valid Deadline.CloseOfBusiness:
// "" or a 24-hour "HH:MM". After ignores an invalid value (the start's time
// of day is kept), so a rule file must be checked with this when loaded.
func ValidCloseOfBusiness(s string) bool {
	if s == "" {
		return true
	}
	_, _, ok := parseTimeOfDay(s)
	return ok
}

// parseTimeOfDay parses "HH:MM", 00:00 to 23:59.
func parseTimeOfDay(s string) (hour, minute int, ok bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, 0, false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return 0, 0, false
		}
	}
	hour = int(s[0]-'0')*10 + int(s[1]-'0')
	minute = int(s[3]-'0')*10 + int(s[4]-'0')
	if hour > 23 || minute > 59 {
		return 0, 0, false
	}
	return hour, minute, true
}

// addMonthsClamped adds n months to a date, clamping the day to the last
// day of the target month.
func addMonthsClamped(y int, m time.Month, d, n int) (int, time.Month, int) {
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	ty, tm, _ := first.Date()
	last := time.Date(ty, tm+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return ty, tm, min(d, last)
}

// addBusinessDays returns the n-th business day of calendar after the date
// y-m-d (the date itself is day 0); for n <= 0, the date itself.
func addBusinessDays(calendar string, y int, m time.Month, d, n int) (int, time.Month, int) {
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for counted := 0; counted < n; {
		day = day.AddDate(0, 0, 1)
		if IsBusinessDay(calendar, day) {
			counted++
		}
	}
	return day.Date()
}

// wallTime returns the instant when the local clock of loc reads the given
// date and time. Where that reading does not exist (a DST gap) it returns
// the earlier of the two readings, with the offset after the jump; where it
// occurs twice (a DST overlap) the first occurrence. time.Date leaves both
// choices open, and takes the later instant in practice.
func wallTime(y int, m time.Month, d, hh, mm, ss, ns int, loc *time.Location) time.Time {
	goTime := time.Date(y, m, d, hh, mm, ss, ns, loc)
	wall := time.Date(y, m, d, hh, mm, ss, ns, time.UTC)
	var best, earliest time.Time
	found := false
	// The offsets in force around the instant cover both sides of any
	// transition near it.
	for _, probe := range []time.Time{goTime.Add(-12 * time.Hour), goTime, goTime.Add(12 * time.Hour)} {
		_, offset := probe.In(loc).Zone()
		c := wall.Add(-time.Duration(offset) * time.Second).In(loc)
		if earliest.IsZero() || c.Before(earliest) {
			earliest = c
		}
		if sameWallClock(c, wall) && (!found || c.Before(best)) {
			best, found = c, true
		}
	}
	if found {
		return best
	}
	return earliest
}

// sameWallClock reports whether a and b show the same date and time of day,
// each in its own location.
func sameWallClock(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	ah, ami, as := a.Clock()
	bh, bmi, bs := b.Clock()
	return ay == by && am == bm && ad == bd && ah == bh && ami == bmi && as == bs &&
		a.Nanosecond() == b.Nanosecond()
}
