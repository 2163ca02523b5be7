package extract

// Plain text: logs, configuration files, exports of unknown shape. The
// whole file is one document record, decoded to UTF-8 and handed to the
// Sink in chunks cut at line breaks.

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// ExtractText reads any text file as one document (Loc{}).
func ExtractText(ctx context.Context, r io.Reader, name string, sink Sink) error {
	text, err := decodeStream(r)
	if err != nil {
		return fmt.Errorf("read text: %w", err)
	}
	if err := sink.BeginDoc(Loc{}); err != nil {
		return err
	}
	err = Chunks(text, MaxChunk, func(chunk []byte) error {
		if err := ctx.Err(); err != nil {
			return sinkError{err}
		}
		if err := sink.Text(chunk); err != nil {
			return sinkError{err}
		}
		return nil
	})
	return endDoc(sink, err, "read text")
}

// endDoc closes a document after its text was written with result err:
// an error of the Sink (or a cancellation) stops at once; a read error is
// returned after the document is closed, so that the text before it
// counts.
func endDoc(sink Sink, err error, what string) error {
	var stop sinkError
	if errors.As(err, &stop) {
		return stop.err
	}
	if endErr := sink.EndDoc(); endErr != nil {
		return endErr
	}
	if err != nil && !IsDamaged(err) {
		return fmt.Errorf("%s: %w", what, err)
	}
	return err
}
