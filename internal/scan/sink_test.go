package scan

import (
	"context"
	"errors"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// TestFileSinkStopsAtTheNextBatchWhenCancelled checks that a cancelled
// scan stops an extractor when its batch is handed over: the sink does
// not look at the context on every row, but a file is never read on for
// more than a batch.
func TestFileSinkStopsAtTheNextBatchWhenCancelled(t *testing.T) {
	for _, spans := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		r := &run{ctx: ctx, batches: make(chan *batch, 1), findings: newFindingsWriter(nil)}
		go func() {
			for b := range r.batches {
				st := b.file
				b.release()
				st.wg.Done()
			}
		}()
		sink := newFileSink(&worker{run: r}, "x.csv", extract.CSV)
		col := sink.Column("email")
		data := []byte("a@example.com")
		row := func(n int64) error {
			loc := extract.Loc{Unit: "row", N: n}
			if spans {
				return sink.RowSpans(loc, data, []extract.Span{{Col: col, Start: 0, End: len(data)}})
			}
			return sink.Row(loc, []extract.Field{{Col: col, Value: data}})
		}
		if err := row(1); err != nil {
			t.Fatalf("row before cancelling: %v", err)
		}
		cancel()
		var err error
		n := int64(2)
		for ; err == nil && n <= 2*batchItems; n++ {
			err = row(n)
		}
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("RowSpans %v: %d rows after cancelling, error %v; want context.Canceled within a batch", spans, n-2, err)
		}
		if rows := n - 1; rows > batchItems {
			t.Errorf("RowSpans %v: stopped after %d rows, more than a batch (%d)", spans, rows, batchItems)
		}
		sink.finish(0)
		close(r.batches)
	}
}
