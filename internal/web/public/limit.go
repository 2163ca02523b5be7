package public

import (
	"math"
	"sync"
	"time"
)

// bucket is a token bucket: rate tokens a second up to burst.
type bucket struct {
	tokens float64
	last   time.Time
}

// take takes one token; when none is left it returns how long until one
// is, without taking.
func (b *bucket) take(rate, burst float64, now time.Time) (ok bool, wait time.Duration) {
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(burst, b.tokens+el*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rate * float64(time.Second))
}

// ipLimiter keeps one bucket per client address. Buckets that have filled
// up again are dropped, so a flood of addresses costs memory only while
// it lasts.
type ipLimiter struct {
	rate, burst float64
	now         func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
	swept   time.Time
}

func newIPLimiter(rate, burst float64, now func() time.Time) *ipLimiter {
	return &ipLimiter{rate: rate, burst: burst, now: now, buckets: map[string]*bucket{}, swept: now()}
}

// allow takes a token of addr's bucket.
func (l *ipLimiter) allow(addr string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[addr]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[addr] = b
	}
	return b.take(l.rate, l.burst, now)
}

// sweep drops full buckets, at most once a minute.
func (l *ipLimiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
}

// retryAfter is a Retry-After value in whole seconds, at least one.
func retryAfter(d time.Duration) int {
	s := int(math.Ceil(d.Seconds()))
	if s < 1 {
		return 1
	}
	return s
}
