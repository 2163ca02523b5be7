package notify

import (
	"context"
	"sync"
	"time"
)

// pacer keeps the relay's limits for every connection together: a token
// bucket for messages per second and a sliding one-hour window for
// messages per hour. A connection takes a slot before it claims a row, so
// no row waits for the pace while its lease runs, and gives it back when
// there was nothing to send.
type pacer struct {
	perSecond int
	perHour   int

	mu     sync.Mutex
	tokens float64
	burst  float64
	filled time.Time // when tokens was last topped up
	// sent holds the times of the messages of the last hour, oldest first.
	sent []time.Time
}

// newPacer returns a pacer; 0 means no limit.
func newPacer(perSecond, perHour int) *pacer {
	p := &pacer{perSecond: perSecond, perHour: perHour}
	if perSecond > 0 {
		// A tenth of a second's worth may go at once: connections that
		// come free together need not queue behind each other.
		p.burst = max(1, float64(perSecond)/10)
		p.tokens = p.burst
	}
	return p
}

// prime counts n messages as sent at at: the window of a restarted runner
// starts where the ledger says the last hour was. The times of those
// messages are not kept, so they are counted as of now; the window frees
// them an hour later, never too early.
func (p *pacer) prime(n int64, at time.Time) {
	if p.perHour <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := int64(0); i < min(n, int64(p.perHour)); i++ {
		p.sent = append(p.sent, at)
	}
}

// acquire waits for a slot. It gives up, returning false, when ctx ends or
// keepOn turns false; it checks keepOn at least every second, so a pause
// is seen while waiting for the hourly window.
func (p *pacer) acquire(ctx context.Context, keepOn func() bool) bool {
	for {
		wait := p.take(time.Now())
		if wait == 0 {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(min(wait, time.Second)):
		}
		if !keepOn() {
			return false
		}
	}
}

// tryAcquire takes a slot if one is free now.
func (p *pacer) tryAcquire() bool { return p.take(time.Now()) == 0 }

// take takes a slot at now and returns 0, or returns how long to wait for
// one and takes nothing.
func (p *pacer) take(now time.Time) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.perHour > 0 {
		for len(p.sent) > 0 && !p.sent[0].After(now.Add(-time.Hour)) {
			p.sent = p.sent[1:]
		}
		if len(p.sent) >= p.perHour {
			return max(p.sent[0].Add(time.Hour).Sub(now), time.Millisecond)
		}
	}
	if p.perSecond > 0 {
		if !p.filled.IsZero() {
			p.tokens = min(p.burst, p.tokens+now.Sub(p.filled).Seconds()*float64(p.perSecond))
		}
		p.filled = now
		if p.tokens < 1 {
			return max(time.Duration((1-p.tokens)/float64(p.perSecond)*float64(time.Second)), time.Millisecond)
		}
		p.tokens--
	}
	if p.perHour > 0 {
		p.sent = append(p.sent, now)
	}
	return 0
}

// release gives back the last slot taken: nothing was sent with it.
func (p *pacer) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.perSecond > 0 {
		p.tokens = min(p.burst, p.tokens+1)
	}
	if p.perHour > 0 && len(p.sent) > 0 {
		p.sent = p.sent[:len(p.sent)-1]
	}
}
