package hotline

import (
	"context"
	"sync"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// noticeBuffer is how many notices a console may fall behind before it
// misses some. A console that misses one reloads the call list anyway on
// the next notice, so dropping is safe; blocking the phone system's
// webhook on a slow browser is not.
const noticeBuffer = 16

// broker passes call notices to the open consoles of each incident, in
// memory: a desk runs as one process, and a console that reconnects after
// a restart reads the recent calls from the store.
type broker struct {
	mu   sync.Mutex
	subs map[int64]map[*subscriber]struct{}
}

type subscriber struct {
	ch      chan CallNotice
	dropped int
}

func newBroker() *broker { return &broker{subs: make(map[int64]map[*subscriber]struct{})} }

// subscribe registers a listener for incident id's notices.
func (b *broker) subscribe(id int64) *subscriber {
	sub := &subscriber{ch: make(chan CallNotice, noticeBuffer)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[id] == nil {
		b.subs[id] = make(map[*subscriber]struct{})
	}
	b.subs[id][sub] = struct{}{}
	return sub
}

// unsubscribe removes the listener and closes its channel; calling it
// twice is harmless.
func (b *broker) unsubscribe(id int64, sub *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	set := b.subs[id]
	if _, ok := set[sub]; !ok {
		return
	}
	delete(set, sub)
	if len(set) == 0 {
		delete(b.subs, id)
	}
	close(sub.ch)
}

// publish hands n to every listener of its incident without waiting: a
// listener whose buffer is full misses it.
func (b *broker) publish(n CallNotice) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for sub := range b.subs[n.IncidentID] {
		select {
		case sub.ch <- n:
		default:
			sub.dropped++
		}
	}
}

// listeners counts the listeners of incident id, for tests.
func (b *broker) listeners(id int64) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[id])
}

// Subscribe returns the call notices of incident id until cancel is called
// or ctx ends; the channel is closed then. Every member who sees the
// hotline may listen.
func (s *Service) Subscribe(ctx context.Context, a auth.Actor, id int64) (<-chan CallNotice, func(), error) {
	rights, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, func() {}, err
	}
	if !rights.View {
		return nil, func() {}, errs.E(errs.Forbidden, "your role does not allow you to see the hotline")
	}
	sub := s.calls.subscribe(id)
	stop := make(chan struct{})
	var once sync.Once
	cancel := func() {
		once.Do(func() {
			close(stop)
			s.calls.unsubscribe(id, sub)
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			cancel()
		case <-stop:
		}
	}()
	return sub.ch, cancel, nil
}
