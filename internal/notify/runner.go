package notify

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// RunnerOptions tune a Runner.
type RunnerOptions struct {
	// ID names this process in the ledger's ClaimedBy ("host:pid" when
	// empty); each connection appends its number.
	ID string
	// Lease is how long a claimed row is held before another runner may
	// take it as abandoned (2 minutes when 0).
	Lease time.Duration
	// Poll is how often the runner looks for work when idle (1 s when 0).
	Poll time.Duration
	// Backoff are the waits after a temporary refusal before the second,
	// third, ... attempt (1m, 5m, 15m, 1h when nil); a message refused
	// len(Backoff)+1 times is given up as Failed.
	Backoff []time.Duration
	// Logger gets the runner's problems, with campaign and delivery IDs
	// and SMTP codes only (slog.Default when nil).
	Logger *slog.Logger
}

// defaultBackoff is how long a temporarily refused message waits.
var defaultBackoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour}

// stateCheck is how often a sending campaign's state is read again, so
// that a pause or cancel is seen within about a second without a read per
// message.
const stateCheck = time.Second

// workerRetry is how long a campaign whose sending failed to start (no
// relay, a template that does not compile) waits before the next try.
const workerRetry = 30 * time.Second

// Runner sends the running campaigns' messages: per campaign, up to the
// relay's Concurrency connections, each claiming one row at a time, paced
// by PerSecond and the sliding PerHour window.
type Runner struct {
	svc *Service
	opt RunnerOptions
	log *slog.Logger

	mu    sync.Mutex
	pacer *pacer // shared by every campaign: the limits are the relay's
}

// NewRunner returns a runner over the service's ledger.
func (s *Service) NewRunner(opt RunnerOptions) *Runner {
	if opt.ID == "" {
		host, _ := os.Hostname()
		opt.ID = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if opt.Lease <= 0 {
		opt.Lease = 2 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	if opt.Backoff == nil {
		opt.Backoff = defaultBackoff
	}
	log := opt.Logger
	if log == nil {
		log = slog.Default()
	}
	return &Runner{svc: s, opt: opt, log: log}
}

// Run sends until ctx is cancelled. Messages being sent when ctx ends are
// left claimed; their lease runs out and the next runner sends them again
// with the same Message-ID.
func (r *Runner) Run(ctx context.Context) error {
	err := r.run(ctx, false)
	if ctx.Err() != nil {
		return nil
	}
	return err
}

// RunUntilIdle sends until no running campaign has an e-mail row left to
// send (or ctx is cancelled). Rows waiting for a retry are waited for.
func (r *Runner) RunUntilIdle(ctx context.Context) error { return r.run(ctx, true) }

// run is the runner's loop: every Poll it starts a worker for each running
// campaign with e-mails left that has none, and marks campaigns done. Run
// rides out a failed round (the database away for a moment); RunUntilIdle
// reports it.
func (r *Runner) run(ctx context.Context, untilIdle bool) error {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	rs := &rounds{workers: map[int64]*worker{}, retryAt: map[int64]time.Time{}, wg: &wg}
	for {
		busy, err := r.round(ctx, rs, untilIdle)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && untilIdle:
			return err
		case err != nil:
			r.log.Error("notify: the runner's round failed; trying again", "err", err)
		case untilIdle && !busy:
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(r.opt.Poll):
		}
	}
}

// worker sends one campaign.
type worker struct {
	done chan struct{}
	err  error
}

// rounds is what the runner's loop keeps from one round to the next.
type rounds struct {
	workers map[int64]*worker   // by campaign
	retryAt map[int64]time.Time // campaigns whose worker failed wait until then
	wg      *sync.WaitGroup
}

// round looks at every running campaign once. busy says whether any of
// them has e-mails being sent or left to send.
func (r *Runner) round(ctx context.Context, rs *rounds, untilIdle bool) (busy bool, err error) {
	cs, err := r.svc.store.CampaignsIn(ctx, []State{Running})
	if err != nil {
		return false, err
	}
	for i := range cs {
		c := cs[i]
		if w, ok := rs.workers[c.ID]; ok {
			select {
			case <-w.done:
				delete(rs.workers, c.ID)
				if w.err != nil && ctx.Err() == nil {
					if untilIdle {
						return false, w.err
					}
					r.log.Error("notify: campaign sending stopped", "campaign", c.ID, "err", w.err)
					rs.retryAt[c.ID] = time.Now().Add(workerRetry)
				}
			default:
				busy = true
				continue
			}
		}
		if time.Now().Before(rs.retryAt[c.ID]) {
			busy = true
			continue
		}
		left, err := r.svc.store.Unsent(ctx, c.ID, ByEmail)
		if err != nil {
			return busy, err
		}
		if left == 0 {
			if err := r.finishIfDone(ctx, &c); err != nil {
				return busy, err
			}
			continue
		}
		busy = true
		w := &worker{done: make(chan struct{})}
		rs.workers[c.ID] = w
		rs.wg.Add(1)
		go func() {
			defer rs.wg.Done()
			defer close(w.done)
			w.err = r.work(ctx, &c)
		}()
	}
	return busy, nil
}

// finishIfDone marks the campaign done when nothing is left of its ledger;
// it looks before it takes the write lock, as letters may keep a campaign
// running for days.
func (r *Runner) finishIfDone(ctx context.Context, c *Campaign) error {
	byState, _, err := r.svc.store.Counts(ctx, c.ID)
	if err != nil || byState[Pending]+byState[Sending] > 0 {
		return err
	}
	if done, err := r.svc.finish(ctx, c.IncidentID, c.ID); err != nil || !done {
		return err
	}
	r.log.Info("notify: campaign done", "campaign", c.ID)
	return nil
}

// work sends one campaign's e-mails over the relay's Concurrency
// connections until none is left, the campaign stops running, or ctx ends.
func (r *Runner) work(ctx context.Context, c *Campaign) error {
	relay, err := r.svc.relayConfig(ctx)
	if err != nil {
		return err
	}
	if r.svc.dial == nil {
		return fmt.Errorf("notify: no mail adapter to send with")
	}
	dialer, err := r.svc.dial(*relay)
	if err != nil {
		return err
	}
	if c.Snapshot == nil {
		return fmt.Errorf("notify: campaign %d runs without an approved template", c.ID)
	}
	compiled, err := Compile(c.Snapshot)
	if err != nil {
		return err
	}
	p, err := r.pacerFor(ctx, relay)
	if err != nil {
		return err
	}
	watch := newStateWatch(r.svc.store, c)
	go watch.run(ctx)
	conns := relay.Concurrency
	if conns <= 0 {
		conns = 4
	}
	ledger := newLedgerWriter(r, c, conns)
	go ledger.run()
	var wg sync.WaitGroup
	errc := make(chan error, conns)
	for i := range conns {
		s := &sender{
			r: r, c: c, compiled: compiled, relay: relay, dialer: dialer, pacer: p, watch: watch, ledger: ledger,
			by: fmt.Sprintf("%s/c%d/%d", r.opt.ID, c.ID, i+1),
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.loop(ctx); err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	ledger.close()
	if !watch.Running() {
		r.log.Info("notify: the campaign stopped running; its connections are closed", "campaign", c.ID)
	}
	watch.stop()
	close(errc)
	return <-errc // the first error, or nil
}

// pacerFor returns the runner's pacer for the relay's limits, primed with
// the e-mails sent in the last hour so the window survives a restart.
func (r *Runner) pacerFor(ctx context.Context, relay *SMTPConfig) (*pacer, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.pacer != nil && r.pacer.perSecond == relay.PerSecond && r.pacer.perHour == relay.PerHour {
		return r.pacer, nil
	}
	p := newPacer(relay.PerSecond, relay.PerHour)
	if relay.PerHour > 0 {
		n, err := r.svc.store.SentSince(ctx, r.svc.now().Add(-time.Hour))
		if err != nil {
			return nil, err
		}
		p.prime(n, time.Now())
	}
	r.pacer = p
	return p, nil
}

// stateWatch re-reads a campaign's state every stateCheck and tells the
// senders when it stops running (paused, cancelled, done).
type stateWatch struct {
	store   Store
	c       *Campaign
	mu      sync.Mutex
	running bool
	quit    chan struct{}
	once    sync.Once
}

func newStateWatch(store Store, c *Campaign) *stateWatch {
	return &stateWatch{store: store, c: c, running: true, quit: make(chan struct{})}
}

func (w *stateWatch) run(ctx context.Context) {
	t := time.NewTicker(stateCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.quit:
			return
		case <-t.C:
		}
		c, err := w.store.Campaign(ctx, w.c.IncidentID, w.c.ID)
		if err != nil {
			continue // a failed read stops nothing; the next one decides
		}
		if c.State != Running {
			w.mu.Lock()
			w.running = false
			w.mu.Unlock()
			return
		}
	}
}

// Running reports whether the campaign was running at the last look.
func (w *stateWatch) Running() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.running
}

func (w *stateWatch) stop() { w.once.Do(func() { close(w.quit) }) }
