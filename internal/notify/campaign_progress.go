package notify

import (
	"context"
	"time"
)

// chartSpan is how far back the progress chart reaches.
const chartSpan = 3 * time.Hour

// progress counts the campaign's ledger and derives the rate and ETA: the
// rate is what was sent in the last minute, so a paused campaign shows 0
// and no ETA rather than an old average.
func (s *Service) progress(ctx context.Context, campaignID int64) (Progress, error) {
	var p Progress
	var err error
	if p.ByState, p.ByChannel, err = s.store.Counts(ctx, campaignID); err != nil {
		return p, err
	}
	for _, n := range p.ByState {
		p.Total += n
	}
	now := s.now()
	if p.PerMinute, err = s.store.SentPerMinute(ctx, campaignID, now.Add(-chartSpan)); err != nil {
		return p, err
	}
	last, err := s.store.SentPerMinute(ctx, campaignID, now.Add(-time.Minute))
	if err != nil {
		return p, err
	}
	var lastMinute int64
	for _, b := range last {
		lastMinute += b.Count
	}
	p.Rate = float64(lastMinute) / 60
	if remaining := p.ByState[Pending] + p.ByState[Sending]; remaining > 0 && p.Rate > 0 {
		p.ETA = time.Duration(float64(remaining) / p.Rate * float64(time.Second)).Round(time.Second)
	}
	return p, nil
}
