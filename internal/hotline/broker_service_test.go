package hotline_test

import (
	"context"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func TestSubscribeEndsWithItsContextAndChecksAccess(t *testing.T) {
	d := newCTIDesk(t)
	ctx, stop := context.WithCancel(context.Background())
	notices, cancel, err := d.svc.Subscribe(ctx, d.actor("viewer"), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	d.event(inbound("newCall", "sub-1", callerE164))
	if n := <-notices; n.CallID != "sub-1" || n.IncidentID != d.inc.ID {
		t.Fatalf("got %+v", n)
	}
	stop()
	for range notices { // drains, then ends: the channel is closed
	}
	cancel() // a second cancel is harmless

	if _, _, err := d.svc.Subscribe(context.Background(), d.actor("outsider"), d.inc.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("an outsider subscribed: %v", err)
	}
}
