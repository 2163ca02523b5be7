// Package scan is the impact scanner: it walks the inputs, turns every file
// into records (package extract), finds and validates personal data in them
// (package detect), links records into persons, and sums it all up in a
// Report. See docs/scanner.md for what it counts and how.
//
// Work is split by file: each worker scans whole files (archive members and
// mail attachments within the file it has) into accumulators of its own,
// and the accumulators merge at the end. Counts add, distinct values are
// sets of hashes, persons are union-find over linking values: everything
// merges, so a later distributed mode can hand out files as shards.
package scan

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
	"github.com/breachdesk/breachdesk/internal/scan/source"
)

// Options configure a scan.
type Options struct {
	Paths   []string
	Region  string // default country for phone numbers without a country code
	Workers int    // files scanned at once; 0 means the number of CPUs
	// Findings, if set, receives one JSON line per distinct (record,
	// category, value): the only output with full values.
	Findings io.Writer
	// Progress, if set, is called about twice a second with the figures
	// so far, and once at the end.
	Progress func(Progress)
	Limits   source.Limits // zero value: source.DefaultLimits()
	Now      time.Time     // "today" for dates of birth; zero means time.Now()
}

// Progress is how far a scan has come.
type Progress struct {
	Files      int64 // top-level files done
	Bytes      int64 // bytes of top-level files read
	TotalBytes int64 // size of all top-level files, 0 while still counting
	Elapsed    time.Duration
	Done       bool
}

// ErrNothingRead is returned (with the report) when no file could be read
// at all.
var ErrNothingRead = errors.New("nothing could be read")

// Run scans opt.Paths and returns the report. When ctx is cancelled it
// stops, and returns the report so far with Complete false and ctx.Err().
func Run(ctx context.Context, opt Options) (*Report, error) {
	start := time.Now()
	if opt.Now.IsZero() {
		opt.Now = start
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Limits == (source.Limits{}) {
		opt.Limits = source.DefaultLimits()
	}
	det, err := detect.NewScanner(opt.Region, opt.Now)
	if err != nil {
		return nil, err
	}
	r := newRun(ctx, opt, det)
	r.scanAll()
	rep := r.report(time.Since(start))
	// The findings are flushed on every way out: an interrupted scan keeps
	// every finding its report counts.
	findingsErr := r.findingsErr()
	if err := ctx.Err(); err != nil {
		return rep, errors.Join(err, findingsErr)
	}
	if rep.Scanned.Files == 0 && len(rep.Skipped) > 0 {
		return rep, ErrNothingRead
	}
	return rep, findingsErr
}

// run is one scan in progress.
type run struct {
	ctx      context.Context
	opt      Options
	det      *detect.Scanner
	progress *progressMeter
	findings *findingsWriter

	// batches carry records from the extractors to the detectors.
	batches chan *batch
	// files and bytes count the files whose content was scanned.
	scannedFiles, scannedBytes atomic.Int64
	// fileReports waits for the files whose last batches are still being
	// scanned.
	fileReports sync.WaitGroup

	mu      sync.Mutex
	skipped []Skipped
	files   []FileReport
	accs    []*acc
	tables  *tables
}

func newRun(ctx context.Context, opt Options, det *detect.Scanner) *run {
	return &run{
		ctx: ctx, opt: opt, det: det,
		progress: newProgressMeter(opt.Progress),
		findings: newFindingsWriter(opt.Findings),
	}
}

// job is one top-level file for a worker.
type job struct {
	path string
	size int64
}

// scanAll walks the inputs: opt.Workers extractors read files and pack
// their records into batches, and opt.Workers detectors scan the batches.
func (r *run) scanAll() {
	r.batches = make(chan *batch, 2*r.opt.Workers)
	var detectors sync.WaitGroup
	r.tables = newTables() // shared by the detectors: see tables
	for range r.opt.Workers {
		d := &detector{run: r, acc: newAcc(r.tables, r.opt.Workers), fields: r.det.NewFieldScanner()}
		r.accs = append(r.accs, d.acc)
		detectors.Add(1)
		go func() {
			defer detectors.Done()
			d.loop(r.batches)
		}()
	}
	jobs := make(chan job, 64)
	var wg sync.WaitGroup
	for range r.opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &worker{run: r}
			for j := range jobs {
				if r.ctx.Err() != nil {
					continue // drain
				}
				w.scanTopLevel(j.path, j.size)
				r.progress.fileDone()
			}
		}()
	}
	stopTotal := r.progress.countTotal(r.ctx, r.opt.Paths)
	_ = source.Files(r.ctx, r.opt.Paths, func(path string, size int64) error {
		select {
		case jobs <- job{path, size}:
			return nil
		case <-r.ctx.Done():
			return r.ctx.Err()
		}
	}, r.skip)
	close(jobs)
	wg.Wait()
	close(r.batches)
	detectors.Wait()
	r.fileReports.Wait()
	stopTotal()
	r.progress.finish()
}

// scannedFile counts a file whose content was scanned.
func (r *run) scannedFile(bytes int64) {
	r.scannedFiles.Add(1)
	r.scannedBytes.Add(bytes)
}

// whenScanned adds a file's figures to the report once its last batch has
// been scanned.
func (r *run) whenScanned(st *fileState) {
	r.fileReports.Add(1)
	go func() {
		defer r.fileReports.Done()
		st.wg.Wait()
		r.addFile(st.report)
	}()
}

// skip records a file that was not scanned, or not to its end.
func (r *run) skip(path, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.skipped = append(r.skipped, Skipped{Path: path, Reason: reason})
}

func (r *run) addFile(f FileReport) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.files = append(r.files, f)
}

// report merges the workers' accumulators into the report.
func (r *run) report(elapsed time.Duration) *Report {
	total := mergeAccs(r.tables, r.accs)
	sort.Slice(r.files, func(i, j int) bool { return r.files[i].Path < r.files[j].Path })
	sort.SliceStable(r.skipped, func(i, j int) bool { return r.skipped[i].Path < r.skipped[j].Path })
	rep := &Report{
		Complete: r.ctx.Err() == nil,
		Scanned: Scanned{Files: r.scannedFiles.Load(), Bytes: r.scannedBytes.Load(), Records: total.records,
			Seconds: elapsed.Seconds()},
		Skipped:    r.skipped,
		Categories: total.categoryCounts(),
		Persons:    total.personCount(),
		Files:      r.files,
	}
	rep.Examples = make(map[detect.Category]string)
	for i, c := range detect.Categories {
		if total.examples[i] != "" {
			rep.Examples[c] = Mask(c, total.examples[i])
		}
	}
	if rep.Skipped == nil {
		rep.Skipped = []Skipped{}
	}
	if rep.Files == nil {
		rep.Files = []FileReport{}
	}
	return rep
}

func (r *run) findingsErr() error { return r.findings.err() }
