package hotline

import (
	"context"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Dashboard window: a day by default, at most a week, one bar an hour.
const (
	DefaultDashboardHours = 24
	MaxDashboardHours     = 7 * 24
	dashboardTopQuestions = 10
)

// Dashboard sums up the last hours of the incident's hotline: inquiries
// per hour by channel and topic (empty hours included, so a chart shows
// the quiet ones too), what is open and overdue now, the average first
// response per channel and the questions asked most.
func (s *Service) Dashboard(ctx context.Context, a auth.Actor, id int64, hours int) (*Dashboard, error) {
	rights, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !rights.View {
		return nil, errs.E(errs.Forbidden, "your role does not allow you to see the hotline")
	}
	if hours <= 0 {
		hours = DefaultDashboardHours
	}
	hours = min(hours, MaxDashboardHours)
	now := s.now()
	first := now.Truncate(time.Hour).Add(-time.Duration(hours-1) * time.Hour)
	counts, err := s.store.Dashboard(ctx, id, DashboardQuery{Since: first, Now: now, Top: dashboardTopQuestions})
	if err != nil {
		return nil, err
	}
	return buildDashboard(counts, first, hours), nil
}

// buildDashboard lays the store's counts out one hour a slot from first.
func buildDashboard(c *DashboardCounts, first time.Time, hours int) *Dashboard {
	d := &Dashboard{
		Hours: make([]Hour, hours),
		Open:  c.Open, Overdue: c.Overdue, Callbacks: c.Callbacks, Requests: c.Requests,
		ByChannel: map[Channel]int64{}, ByTopic: map[string]int64{},
		TopQuestions:     c.TopQuestions,
		AvgFirstResponse: map[Channel]time.Duration{},
	}
	for i := range d.Hours {
		d.Hours[i] = Hour{Start: first.Add(time.Duration(i) * time.Hour), ByChannel: map[Channel]int64{}, ByTopic: map[string]int64{}}
	}
	for _, hc := range c.Hours {
		i := int(hc.Hour.UTC().Truncate(time.Hour).Sub(first) / time.Hour)
		if i < 0 || i >= hours || hc.N <= 0 {
			continue
		}
		d.Hours[i].ByChannel[hc.Channel] += hc.N
		d.Hours[i].ByTopic[hc.Topic] += hc.N
		d.ByChannel[hc.Channel] += hc.N
		d.ByTopic[hc.Topic] += hc.N
	}
	for ch, n := range c.FirstResponseCount {
		if n > 0 {
			d.AvgFirstResponse[ch] = c.FirstResponseSum[ch] / time.Duration(n)
		}
	}
	return d
}
