package obligation

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zone files
)

// Every expected value here was worked out by hand from a calendar, not by
// running the code.

func loadClockZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func TestDeadlineAfter(t *testing.T) {
	berlin := loadClockZone(t, "Europe/Berlin")
	la := loadClockZone(t, "America/Los_Angeles")
	ny := loadClockZone(t, "America/New_York")
	utc := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, time.UTC) }
	sec := Deadline{Amount: 4, Unit: BusinessDays, Calendar: CalendarUSFederal, Zone: ny, CloseOfBusiness: "17:30"}

	tests := []struct {
		name     string
		deadline Deadline
		start    time.Time
		want     time.Time
	}{
		// Hours are real hours: the wall clock moves across DST.
		{"72h across the March change in Berlin end an hour later on the wall clock",
			Deadline{Amount: 72, Unit: Hours, Zone: berlin},
			time.Date(2026, 3, 27, 12, 0, 0, 0, berlin),  // 11:00 UTC, CET
			time.Date(2026, 3, 30, 13, 0, 0, 0, berlin)}, // 11:00 UTC, CEST
		{"72h across the October change in Berlin end an hour earlier on the wall clock",
			Deadline{Amount: 72, Unit: Hours, Zone: berlin},
			time.Date(2026, 10, 23, 12, 0, 0, 0, berlin),  // 10:00 UTC, CEST
			time.Date(2026, 10, 26, 11, 0, 0, 0, berlin)}, // 10:00 UTC, CET
		{"24h without a zone",
			Deadline{Amount: 24, Unit: Hours},
			utc(2026, 2, 28, 23, 0), utc(2026, 3, 1, 23, 0)},

		// Days keep the local wall-clock time.
		{"30 days across the spring change in Los Angeles keep 09:00",
			Deadline{Amount: 30, Unit: Days, Zone: la},
			utc(2026, 2, 20, 17, 0),  // 09:00 PST
			utc(2026, 3, 22, 16, 0)}, // 09:00 PDT
		{"30 days across the autumn change in Los Angeles keep 09:00",
			Deadline{Amount: 30, Unit: Days, Zone: la},
			utc(2026, 10, 15, 16, 0),  // 09:00 PDT
			utc(2026, 11, 14, 17, 0)}, // 09:00 PST
		{"30 days in UTC when the zone is nil",
			Deadline{Amount: 30, Unit: Days},
			utc(2026, 1, 15, 12, 0), utc(2026, 2, 14, 12, 0)},
		{"a day ending in the skipped hour takes the earlier reading",
			Deadline{Amount: 1, Unit: Days, Zone: berlin},
			utc(2026, 3, 28, 1, 30),  // 02:30 CET
			utc(2026, 3, 29, 0, 30)}, // 02:30 read as CEST; Go's Date gives 01:30 UTC
		{"a day ending in the repeated hour takes its first occurrence",
			Deadline{Amount: 1, Unit: Days, Zone: berlin},
			utc(2026, 10, 24, 0, 30),  // 02:30 CEST
			utc(2026, 10, 25, 0, 30)}, // 02:30 CEST, not 02:30 CET an hour later
		{"days are counted from the local date, not the UTC date",
			Deadline{Amount: 3, Unit: Days, Zone: la},
			utc(2026, 6, 2, 5, 0),  // 1 Jun 22:00 PDT
			utc(2026, 6, 5, 5, 0)}, // 4 Jun 22:00 PDT

		// Months clamp to the end of the month.
		{"31 Jan 2025 + 1 month is 28 Feb",
			Deadline{Amount: 1, Unit: Months},
			utc(2025, 1, 31, 10, 0), utc(2025, 2, 28, 10, 0)},
		{"31 Jan 2024 + 1 month is 29 Feb in a leap year",
			Deadline{Amount: 1, Unit: Months},
			utc(2024, 1, 31, 10, 0), utc(2024, 2, 29, 10, 0)},
		{"30 Apr + 1 month is 30 May",
			Deadline{Amount: 1, Unit: Months},
			utc(2026, 4, 30, 8, 15), utc(2026, 5, 30, 8, 15)},
		{"31 Mar + 1 month is 30 Apr",
			Deadline{Amount: 1, Unit: Months},
			utc(2026, 3, 31, 8, 15), utc(2026, 4, 30, 8, 15)},
		{"29 Feb 2024 + 12 months is 28 Feb 2025",
			Deadline{Amount: 12, Unit: Months},
			utc(2024, 2, 29, 0, 0), utc(2025, 2, 28, 0, 0)},
		{"31 Dec + 2 months crosses the year and clamps",
			Deadline{Amount: 2, Unit: Months},
			utc(2025, 12, 31, 23, 59), utc(2026, 2, 28, 23, 59)},
		{"a month across the spring change in Berlin keeps 10:00",
			Deadline{Amount: 1, Unit: Months, Zone: berlin},
			utc(2026, 3, 15, 9, 0),  // 10:00 CET
			utc(2026, 4, 15, 8, 0)}, // 10:00 CEST
		{"31 Jan in Berlin is still 31 Jan although UTC says 30 Jan",
			Deadline{Amount: 1, Unit: Months, Zone: berlin},
			utc(2026, 1, 30, 23, 30),  // 31 Jan 00:30 CET
			utc(2026, 2, 27, 23, 30)}, // 28 Feb 00:30 CET

		// SEC: four business days, federal holidays, 17:30 New York.
		{"SEC: Friday 3 Jul 2026 is the observed Independence Day",
			sec, time.Date(2026, 7, 2, 14, 0, 0, 0, ny), // Thu
			utc(2026, 7, 9, 21, 30)}, // Thu 9 Jul 17:30 EDT: Mon 6, Tue 7, Wed 8, Thu 9
		{"SEC: the start's local date counts, not the UTC date",
			sec, utc(2026, 7, 3, 2, 0), // Thu 2 Jul 22:00 EDT
			utc(2026, 7, 9, 21, 30)},
		{"weekends only: without the calendar 3 Jul counts",
			Deadline{Amount: 4, Unit: BusinessDays, Zone: ny, CloseOfBusiness: "17:30"},
			time.Date(2026, 7, 2, 14, 0, 0, 0, ny),
			utc(2026, 7, 8, 21, 30)}, // Wed 8 Jul: Fri 3, Mon 6, Tue 7, Wed 8
		{"SEC: Thanksgiving 26 Nov 2026",
			sec, time.Date(2026, 11, 24, 10, 0, 0, 0, ny), // Tue
			utc(2026, 12, 1, 22, 30)}, // Tue 1 Dec 17:30 EST: Wed 25, Fri 27, Mon 30, Tue 1
		{"SEC: Christmas, Friday 25 Dec 2026",
			sec, time.Date(2026, 12, 23, 16, 0, 0, 0, ny), // Wed
			utc(2026, 12, 30, 22, 30)}, // Wed 30 Dec: Thu 24, Mon 28, Tue 29, Wed 30
		{"SEC: New Year 2028 (Saturday) is observed Friday 31 Dec 2027",
			sec, time.Date(2027, 12, 29, 9, 0, 0, 0, ny), // Wed
			utc(2028, 1, 5, 22, 30)}, // Wed 5 Jan: Thu 30, Mon 3, Tue 4, Wed 5
		{"SEC: Christmas 2027 (Saturday) is observed Friday 24 Dec",
			sec, time.Date(2027, 12, 22, 9, 0, 0, 0, ny), // Wed
			utc(2027, 12, 29, 22, 30)}, // Wed 29 Dec: Thu 23, Mon 27, Tue 28, Wed 29
		{"SEC: a Saturday start, across the spring change",
			sec, time.Date(2026, 3, 7, 12, 0, 0, 0, ny), // Sat, EST
			utc(2026, 3, 12, 21, 30)}, // Thu 12 Mar 17:30 EDT: Mon 9 .. Thu 12
		{"business days without close of business keep the start's time",
			Deadline{Amount: 4, Unit: BusinessDays, Calendar: CalendarUSFederal, Zone: ny},
			time.Date(2026, 3, 6, 11, 15, 0, 0, ny), // Fri, EST
			utc(2026, 3, 12, 15, 15)},               // Thu 12 Mar 11:15 EDT
		{"a business day start is day 0",
			Deadline{Amount: 1, Unit: BusinessDays, Zone: ny, CloseOfBusiness: "17:30"},
			time.Date(2026, 3, 10, 9, 0, 0, 0, ny), // Tue
			utc(2026, 3, 11, 21, 30)},              // Wed 11 Mar 17:30 EDT

		{"no deadline is the zero time",
			Deadline{Unit: NoDeadline}, utc(2026, 1, 1, 0, 0), time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.deadline.After(tt.start)
			if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() {
				t.Errorf("After(%s) = %s, want %s", tt.start.Format(time.RFC3339), got.Format(time.RFC3339), tt.want.UTC().Format(time.RFC3339))
			}
		})
	}
}

func TestDeadlineAfterKeepsLocalWallClock(t *testing.T) {
	berlin := loadClockZone(t, "Europe/Berlin")
	got := Deadline{Amount: 72, Unit: Hours}.After(time.Date(2026, 3, 27, 12, 0, 0, 0, berlin)).In(berlin)
	if h, m, _ := got.Clock(); h != 13 || m != 0 {
		t.Errorf("72h from 12:00 CET on 27 Mar 2026 shows %02d:%02d in Berlin, want 13:00", h, m)
	}
	la := loadClockZone(t, "America/Los_Angeles")
	got = Deadline{Amount: 30, Unit: Days, Zone: la}.After(time.Date(2026, 2, 20, 9, 0, 0, 0, la)).In(la)
	if h, m, _ := got.Clock(); h != 9 || m != 0 || got.Day() != 22 || got.Month() != time.March {
		t.Errorf("30 days from 20 Feb 09:00 in Los Angeles = %s, want 22 Mar 09:00", got)
	}
}

func TestEarlierDORA(t *testing.T) {
	four := Deadline{Amount: 4, Unit: Hours}
	day := Deadline{Amount: 24, Unit: Hours}
	utc := func(d, hh int) time.Time { return time.Date(2026, 3, d, hh, 0, 0, 0, time.UTC) }
	tests := []struct {
		name              string
		aware, classified time.Time
		want              time.Time
	}{
		{"classified early: 4 hours after classification", utc(10, 8), utc(10, 14), utc(10, 18)},
		{"classified late: 24 hours after awareness", utc(10, 8), utc(11, 6), utc(11, 8)},
		{"both the same", utc(10, 8), utc(11, 4), utc(11, 8)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Earlier(four.After(tt.classified), day.After(tt.aware))
			if !got.Equal(tt.want) {
				t.Errorf("got %s, want %s", got, tt.want)
			}
			if again := Earlier(day.After(tt.aware), four.After(tt.classified)); !again.Equal(got) {
				t.Errorf("Earlier is not symmetric: %s and %s", got, again)
			}
		})
	}
}

func TestEarlierZeroIsNoDeadline(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if got := Earlier(time.Time{}, at); !got.Equal(at) {
		t.Errorf("Earlier(zero, t) = %s, want t", got)
	}
	if got := Earlier(at, time.Time{}); !got.Equal(at) {
		t.Errorf("Earlier(t, zero) = %s, want t", got)
	}
	if got := Earlier(time.Time{}, time.Time{}); !got.IsZero() {
		t.Errorf("Earlier(zero, zero) = %s, want zero", got)
	}
}

func TestUSFederalHolidays(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 12, 0, 0, 0, time.UTC) }
	holidays := []time.Time{
		// 2026
		d(2026, 1, 1), d(2026, 1, 19), d(2026, 2, 16), d(2026, 5, 25), d(2026, 6, 19),
		d(2026, 7, 3), d(2026, 9, 7), d(2026, 10, 12), d(2026, 11, 11), d(2026, 11, 26), d(2026, 12, 25),
		// 2027: Juneteenth, Independence Day and Christmas fall on weekends
		d(2027, 1, 1), d(2027, 1, 18), d(2027, 2, 15), d(2027, 5, 31), d(2027, 6, 18),
		d(2027, 7, 5), d(2027, 9, 6), d(2027, 10, 11), d(2027, 11, 11), d(2027, 11, 25), d(2027, 12, 24),
		d(2027, 12, 31), // New Year 2028, a Saturday
		d(2021, 12, 31), // New Year 2022, a Saturday
		d(2021, 6, 18),  // the first Juneteenth, a Saturday
		d(2023, 1, 2),   // New Year 2023, a Sunday
		d(2023, 11, 10), // Veterans Day 2023, a Saturday
	}
	for _, h := range holidays {
		if IsBusinessDay(CalendarUSFederal, h) {
			t.Errorf("%s (%s) is a business day, want a federal holiday", h.Format("2006-01-02"), h.Weekday())
		}
		if !IsBusinessDay("", h) {
			t.Errorf("%s (%s) is not a business day without a calendar", h.Format("2006-01-02"), h.Weekday())
		}
	}
	workdays := []time.Time{
		d(2020, 6, 19),  // a Friday before Juneteenth was a holiday
		d(2027, 12, 27), // the Monday after Christmas 2027 (Saturday)
		d(2028, 1, 3),   // the Monday after New Year 2028: observed the Friday before
		d(2026, 12, 24), d(2026, 12, 31), d(2026, 11, 27),
		d(2026, 5, 18), // a Monday, not the last in May
	}
	for _, w := range workdays {
		if !IsBusinessDay(CalendarUSFederal, w) {
			t.Errorf("%s (%s) is not a business day, want one", w.Format("2006-01-02"), w.Weekday())
		}
	}
	for _, w := range []time.Time{d(2026, 7, 4), d(2026, 7, 5), d(2028, 1, 1)} {
		if IsBusinessDay("", w) || IsBusinessDay(CalendarUSFederal, w) {
			t.Errorf("%s (%s), a weekend day, is a business day", w.Format("2006-01-02"), w.Weekday())
		}
	}
}

func TestIsBusinessDayReadsTheDayInItsLocation(t *testing.T) {
	ny := loadClockZone(t, "America/New_York")
	// 26 Nov 2026 02:00 UTC is still Wednesday 25 Nov in New York.
	if !IsBusinessDay(CalendarUSFederal, time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC).In(ny)) {
		t.Error("Wednesday 25 Nov 2026 21:00 New York is not a business day")
	}
	if IsBusinessDay(CalendarUSFederal, time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)) {
		t.Error("Thanksgiving 26 Nov 2026 (UTC) is a business day")
	}
}

func TestKnownCalendar(t *testing.T) {
	for name, want := range map[string]bool{"": true, "us-federal": true, "US-Federal": false, "de-ni": false, "uk": false} {
		if got := KnownCalendar(name); got != want {
			t.Errorf("KnownCalendar(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestValidCloseOfBusiness(t *testing.T) {
	for s, want := range map[string]bool{
		"": true, "17:30": true, "00:00": true, "23:59": true,
		"24:00": false, "17:60": false, "7:30": false, "17.30": false, "+1:30": false, "17:3a": false, " 17:30": false,
	} {
		if got := ValidCloseOfBusiness(s); got != want {
			t.Errorf("ValidCloseOfBusiness(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestInvalidCloseOfBusinessKeepsStartTime(t *testing.T) {
	start := time.Date(2026, 3, 10, 9, 45, 0, 0, time.UTC) // Tue
	got := Deadline{Amount: 1, Unit: BusinessDays, CloseOfBusiness: "25:00"}.After(start)
	if want := time.Date(2026, 3, 11, 9, 45, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}
