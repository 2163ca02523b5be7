package scan

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/source"
)

// progressMeter counts what has been read and calls the Progress callback
// about twice a second from a goroutine of its own.
type progressMeter struct {
	report func(Progress)
	start  time.Time
	bytes  atomic.Int64
	files  atomic.Int64
	total  atomic.Int64
	stop   chan struct{}
	done   sync.WaitGroup
}

const progressEvery = 500 * time.Millisecond

func newProgressMeter(report func(Progress)) *progressMeter {
	m := &progressMeter{report: report, start: time.Now(), stop: make(chan struct{})}
	if report != nil {
		m.done.Add(1)
		go m.loop()
	}
	return m
}

func (m *progressMeter) loop() {
	defer m.done.Done()
	t := time.NewTicker(progressEvery)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.report(m.snapshot(false))
		}
	}
}

func (m *progressMeter) snapshot(done bool) Progress {
	return Progress{
		Files: m.files.Load(), Bytes: m.bytes.Load(), TotalBytes: m.total.Load(),
		Elapsed: time.Since(m.start), Done: done,
	}
}

func (m *progressMeter) add(n int64) { m.bytes.Add(n) }
func (m *progressMeter) fileDone()   { m.files.Add(1) }

// countTotal sums the sizes of the inputs in the background, for the ETA;
// the scan does not wait for it. The returned func stops it.
func (m *progressMeter) countTotal(ctx context.Context, roots []string) func() {
	if m.report == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var sum int64
		err := source.Files(ctx, roots, func(_ string, size int64) error {
			sum += size
			return nil
		}, func(string, string) {})
		if err == nil {
			m.total.Store(sum)
		}
	}()
	return func() { cancel(); wg.Wait() }
}

// finish stops the meter and reports the final figures.
func (m *progressMeter) finish() {
	if m.report == nil {
		return
	}
	close(m.stop)
	m.done.Wait()
	m.report(m.snapshot(true))
}
