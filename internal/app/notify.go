package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// SendConfig is the sending the desk does in the background while it
// serves.
type SendConfig struct {
	// ClaimLease is how long a claimed message is held before another
	// runner may take it over (0: the runner's default).
	ClaimLease time.Duration
	// Backoff are the waits before the retries of a message the relay
	// refused for now (nil: the runner's default).
	Backoff []time.Duration
	// Bounces, when set, is read every BounceInterval.
	Bounces        notify.BounceSource
	BounceInterval time.Duration
}

// restartDelay is how long a background loop that failed waits before it
// starts again: a database that went away for a moment must not end the
// sending for good.
const restartDelay = 10 * time.Second

// StartSending runs the notify runner (and the bounce poller) until ctx
// ends. The returned wait blocks until they have stopped, so that a
// message being sent is recorded before the store closes.
func StartSending(ctx context.Context, svc *Services, c SendConfig, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	if svc.Notify == nil {
		return wg.Wait
	}
	runner := svc.Notify.NewRunner(notify.RunnerOptions{Lease: c.ClaimLease, Backoff: c.Backoff, Logger: log})
	wg.Go(func() { keepRunning(ctx, log, "sending", runner.Run) })
	if c.Bounces != nil {
		wg.Go(func() {
			keepRunning(ctx, log, "bounce polling", func(ctx context.Context) error {
				return svc.Notify.PollBounces(ctx, c.Bounces, c.BounceInterval, log)
			})
		})
	}
	return wg.Wait
}

// keepRunning runs fn until ctx ends, starting it again after a failure.
func keepRunning(ctx context.Context, log *slog.Logger, what string, fn func(context.Context) error) {
	for {
		err := fn(ctx)
		if ctx.Err() != nil {
			return
		}
		if err == nil || errors.Is(err, context.Canceled) {
			err = errors.New("stopped by itself")
		}
		log.Error(what+" failed; starting again shortly", "err", err, "after", restartDelay.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(restartDelay):
		}
	}
}
