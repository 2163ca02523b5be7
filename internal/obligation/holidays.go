package obligation

import "time"

// Holiday calendars for business-day deadlines. A calendar is computed by
// rule for any year, so it never runs out; ad-hoc closures (a national day
// of mourning, an extra day off by executive order) are not in it. Missing
// a closure only ever makes a deadline earlier, never later.

// CalendarUSFederal is the US federal holiday calendar (5 U.S.C. 6103),
// which the SEC's EDGAR filing calendar follows.
const CalendarUSFederal = "us-federal"

// KnownCalendar reports whether name is a holiday calendar this package
// knows. "" is the weekends-only calendar. A rule file naming an unknown
// calendar must be refused when it is loaded.
func KnownCalendar(name string) bool {
	return name == "" || name == CalendarUSFederal
}

// IsBusinessDay reports whether the calendar date of day, read in day's own
// location, is a business day: not a Saturday or Sunday and, for the
// "us-federal" calendar, not a federal holiday as observed. An unknown
// calendar counts weekends only, which can only make a deadline earlier.
func IsBusinessDay(calendar string, day time.Time) bool {
	switch day.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	if calendar == CalendarUSFederal {
		return !isUSFederalHoliday(day.Date())
	}
	return true
}

// isUSFederalHoliday reports whether y-m-d is the observed date of a US
// federal holiday. A holiday on a Saturday is observed on the Friday before,
// one on a Sunday on the Monday after; so New Year's Day of y+1 may be
// observed on 31 December of y.
func isUSFederalHoliday(y int, m time.Month, d int) bool {
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, h := range usFederalHolidays(y) {
		if h.Equal(day) {
			return true
		}
	}
	if m == time.December && d == 31 {
		return observed(time.Date(y+1, time.January, 1, 0, 0, 0, 0, time.UTC)).Equal(day)
	}
	return false
}

// usFederalHolidays returns the observed dates of year y's federal holidays
// at midnight UTC. The New Year's Day of y is left out when it is observed
// in y-1.
func usFederalHolidays(y int) []time.Time {
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	days := []time.Time{
		observed(date(time.January, 1)),                // New Year's Day
		nthWeekday(y, time.January, time.Monday, 3),    // Birthday of Martin Luther King, Jr.
		nthWeekday(y, time.February, time.Monday, 3),   // Washington's Birthday
		lastWeekday(y, time.May, time.Monday),          // Memorial Day
		observed(date(time.July, 4)),                   // Independence Day
		nthWeekday(y, time.September, time.Monday, 1),  // Labor Day
		nthWeekday(y, time.October, time.Monday, 2),    // Columbus Day
		observed(date(time.November, 11)),              // Veterans Day
		nthWeekday(y, time.November, time.Thursday, 4), // Thanksgiving Day
		observed(date(time.December, 25)),              // Christmas Day
	}
	if y >= 2021 { // Juneteenth National Independence Day Act, 17 June 2021
		days = append(days, observed(date(time.June, 19)))
	}
	if days[0].Year() != y {
		days = days[1:]
	}
	return days
}

// observed moves a holiday on a Saturday to the Friday before and one on a
// Sunday to the Monday after.
func observed(day time.Time) time.Time {
	switch day.Weekday() {
	case time.Saturday:
		return day.AddDate(0, 0, -1)
	case time.Sunday:
		return day.AddDate(0, 0, 1)
	}
	return day
}

// nthWeekday returns the n-th (1-based) weekday wd of month m in year y.
func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	shift := (int(wd) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, shift+7*(n-1))
}

// lastWeekday returns the last weekday wd of month m in year y.
func lastWeekday(y int, m time.Month, wd time.Weekday) time.Time {
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	shift := (int(last.Weekday()) - int(wd) + 7) % 7
	return last.AddDate(0, 0, -shift)
}
