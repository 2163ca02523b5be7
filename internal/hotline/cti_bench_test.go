package hotline_test

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkCTIEvent is one call's three events from the phone system: the
// caller found through the phone index, the call stored sealed three
// times, the consoles told.
func BenchmarkCTIEvent(b *testing.B) {
	d := newCTIDesk(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		id := "bench-" + strconv.Itoa(i)
		for _, event := range []string{"newCall", "answer", "hangup"} {
			if _, err := d.svc.CTIEvent(ctx, d.token, inbound(event, id, callerE164[1:])); err != nil {
				b.Fatal(err)
			}
		}
	}
}
