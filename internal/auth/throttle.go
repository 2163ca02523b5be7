package auth

import (
	"sync"
	"time"
)

// ThrottlePolicy says how many failures are free and how long a key is then
// held back. Each further failure doubles the wait, up to Max. A key that has
// not failed for Forget starts afresh.
type ThrottlePolicy struct {
	Free   int
	Base   time.Duration
	Max    time.Duration
	Forget time.Duration
}

// Login throttling: per account it stops password guessing against one
// person; per address it stops one machine spraying many accounts.
var (
	AccountThrottle = ThrottlePolicy{Free: 5, Base: 30 * time.Second, Max: 15 * time.Minute, Forget: time.Hour}
	AddrThrottle    = ThrottlePolicy{Free: 20, Base: time.Minute, Max: 30 * time.Minute, Forget: time.Hour}
)

// maxThrottleKeys bounds the memory a flood of made-up accounts can take.
const maxThrottleKeys = 100_000

// Throttle counts failures per key (an account or an address). It lives in
// memory: a restart forgives, which is acceptable for a desk that restarts
// rarely, and it costs no database write per attempt.
type Throttle struct {
	policy ThrottlePolicy
	now    func() time.Time
	mu     sync.Mutex
	keys   map[string]*failures
}

type failures struct {
	count int
	last  time.Time
	until time.Time
}

// NewThrottle returns an empty throttle.
func NewThrottle(p ThrottlePolicy, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{policy: p, now: now, keys: make(map[string]*failures)}
}

// Wait returns how long key must wait before the next attempt; 0 means go.
func (t *Throttle) Wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.keys[key]
	if f == nil {
		return 0
	}
	now := t.now()
	if now.Sub(f.last) > t.policy.Forget {
		delete(t.keys, key)
		return 0
	}
	if now.Before(f.until) {
		return f.until.Sub(now)
	}
	return 0
}

// Fail records a failed attempt for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	f := t.keys[key]
	if f == nil || now.Sub(f.last) > t.policy.Forget {
		if len(t.keys) >= maxThrottleKeys {
			t.sweep(now)
		}
		f = &failures{}
		t.keys[key] = f
	}
	f.count++
	f.last = now
	if over := f.count - t.policy.Free; over > 0 {
		wait := t.policy.Base
		for i := 1; i < over && wait < t.policy.Max; i++ {
			wait *= 2
		}
		f.until = now.Add(min(wait, t.policy.Max))
	}
}

// Succeed forgets the failures of key.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.keys, key)
}

// sweep drops forgotten keys, and if that is not enough, all keys that are
// not currently held back.
func (t *Throttle) sweep(now time.Time) {
	for k, f := range t.keys {
		if now.Sub(f.last) > t.policy.Forget {
			delete(t.keys, k)
		}
	}
	if len(t.keys) < maxThrottleKeys {
		return
	}
	for k, f := range t.keys {
		if !now.Before(f.until) {
			delete(t.keys, k)
		}
	}
}
