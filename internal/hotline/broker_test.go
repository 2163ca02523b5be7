package hotline

import (
	"testing"
)

func TestBrokerPassesNoticesToTheIncidentsListenersOnly(t *testing.T) {
	b := newBroker()
	one, two, other := b.subscribe(1), b.subscribe(1), b.subscribe(2)
	b.publish(CallNotice{IncidentID: 1, CallID: "a", State: Ringing})
	for _, sub := range []*subscriber{one, two} {
		if n := <-sub.ch; n.CallID != "a" || n.State != Ringing {
			t.Fatalf("got %+v", n)
		}
	}
	if len(other.ch) != 0 {
		t.Fatalf("incident 2's listener heard incident 1's call")
	}
}

func TestBrokerDropsForASlowListenerWithoutBlocking(t *testing.T) {
	b := newBroker()
	slow, fast := b.subscribe(1), b.subscribe(1)
	for i := range noticeBuffer + 5 {
		b.publish(CallNotice{IncidentID: 1, CallID: string(rune('a' + i%26)), State: Ringing})
		<-fast.ch // the fast one keeps up
	}
	if len(slow.ch) != noticeBuffer || slow.dropped != 5 {
		t.Fatalf("the slow listener holds %d and dropped %d; want %d and 5", len(slow.ch), slow.dropped, noticeBuffer)
	}
	if fast.dropped != 0 {
		t.Fatalf("the fast listener dropped %d", fast.dropped)
	}
}

func TestBrokerUnsubscribeClosesOnce(t *testing.T) {
	b := newBroker()
	sub := b.subscribe(1)
	b.unsubscribe(1, sub)
	b.unsubscribe(1, sub)
	if _, ok := <-sub.ch; ok {
		t.Fatal("the channel is still open")
	}
	if n := b.listeners(1); n != 0 {
		t.Fatalf("%d listeners left", n)
	}
	b.publish(CallNotice{IncidentID: 1}) // nobody listens: no panic
}
