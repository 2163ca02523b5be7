package scan

import (
	"bufio"
	"encoding/json"
	"io"
	"sync"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/extract"
)

// findingsWriter writes the findings file: one JSON object per line per
// distinct (record, category, value). It is the only output with full
// values; the file is opened 0600 by the command.
type findingsWriter struct {
	mu    sync.Mutex
	w     *bufio.Writer
	first error
}

// Finding is one line of the findings file; package people reads the file
// back into an incident's register with it.
type Finding struct {
	File     string `json:"file"`
	Record   string `json:"record"`
	Category string `json:"category"`
	Kind     string `json:"kind"`
	Value    string `json:"value"`
}

func newFindingsWriter(w io.Writer) *findingsWriter {
	if w == nil {
		return &findingsWriter{}
	}
	return &findingsWriter{w: bufio.NewWriterSize(w, 1<<20)}
}

func (f *findingsWriter) enabled() bool { return f.w != nil }

// writeMatches writes the lines of a record's matches (all of them, or a
// document's matches not yet written). Lines are encoded before the lock
// is taken, so workers do not wait on each other's encoding. The values
// may point into a FieldScanner's arena: they are encoded, a copy, before
// it returns, and ms is not kept.
func (f *findingsWriter) writeMatches(file string, loc extract.Loc, ms []detect.Match) {
	if len(ms) == 0 || f.w == nil {
		return
	}
	locator := file
	if l := loc.String(); l != "" {
		locator += ":" + l
	}
	var buf []byte
	for _, m := range ms {
		line, err := json.Marshal(Finding{File: file, Record: locator, Category: string(m.Category), Kind: m.Kind, Value: m.Value})
		if err != nil {
			continue // cannot happen for strings
		}
		buf = append(buf, line...)
		buf = append(buf, '\n')
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first != nil {
		return
	}
	if _, err := f.w.Write(buf); err != nil {
		f.first = err
	}
}

// err flushes and returns the first write error.
func (f *findingsWriter) err() error {
	if f.w == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.first == nil {
		f.first = f.w.Flush()
	}
	return f.first
}
