package extract

// rowWriter delivers tabular records whose values lie in one buffer:
// through RowSpans when the Sink has it, so that the record is copied at
// once, and else value by value through Row.
type rowWriter struct {
	sink   Sink
	spans  SpanSink // nil when the Sink has no RowSpans
	fields []Field  // reused for Row
}

func newRowWriter(sink Sink) rowWriter {
	ss, _ := sink.(SpanSink)
	return rowWriter{sink: sink, spans: ss}
}

// row delivers the record whose values are data[s.Start:s.End].
func (w *rowWriter) row(loc Loc, data []byte, spans []Span) error {
	if w.spans != nil {
		return w.spans.RowSpans(loc, data, spans)
	}
	w.fields = w.fields[:0]
	for _, s := range spans {
		w.fields = append(w.fields, Field{Col: s.Col, Value: data[s.Start:s.End]})
	}
	return w.sink.Row(loc, w.fields)
}
