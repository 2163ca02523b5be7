package hotline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"
)

// pollBatch is how many mails one Fetch hands over before the cursor is
// saved: a restart refetches at most this many (and stores none twice).
const pollBatch = 200

// ingestTries is how often a mail the store refused is tried before it is
// skipped as bad (when the store itself answers).
const ingestTries = 3

// errBatchFull ends a Fetch after pollBatch mails; the poller saves the
// cursor and fetches on at once.
var errBatchFull = errors.New("hotline: batch full")

// PollInbox fetches incident id's inbox until ctx ends: every new mail is
// ingested (IngestMail), the cursor is saved after each batch, and between
// rounds src.Wait blocks until new mail arrives (IMAP IDLE) or interval
// passes. One mail that cannot be stored is logged by its hash and
// skipped; it never holds the rest. Mailbox and store problems are logged
// and tried again the next round. It returns nil when ctx ends.
func (s *Service) PollInbox(ctx context.Context, id int64, src MailSource, interval time.Duration, log *slog.Logger) error {
	if log == nil {
		log = s.log
	}
	if interval <= 0 {
		interval = time.Minute
	}
	log = log.With("incident", id)
	for ctx.Err() == nil {
		more, err := s.pollOnce(ctx, id, src, log)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			log.Warn("hotline: polling the inbox failed; trying again", "err", err)
		}
		if more {
			continue
		}
		if err := src.Wait(ctx, interval); err != nil && ctx.Err() == nil {
			log.Warn("hotline: waiting for the inbox failed", "err", err)
		}
	}
	return nil
}

// pollOnce fetches one batch from the stored cursor and saves the cursor
// past it. more says the batch was full: fetch again at once.
func (s *Service) pollOnce(ctx context.Context, id int64, src MailSource, log *slog.Logger) (more bool, err error) {
	cur, err := s.store.InboxCursor(ctx, id)
	if err != nil {
		return false, err
	}
	n := 0
	next, ferr := src.Fetch(ctx, cur, func(raw []byte) error {
		if n == pollBatch {
			return errBatchFull
		}
		if err := s.ingestOne(ctx, id, raw, log); err != nil {
			return err
		}
		n++
		return nil
	})
	if next != cur && next != "" {
		// Saved even when the context ended: the mails before it are
		// stored, and a cursor behind them only costs a refetch.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err := s.store.Update(sctx, func(tx Tx) error { return tx.SetInboxCursor(sctx, id, next) })
		cancel()
		if err != nil {
			return false, err
		}
	}
	if errors.Is(ferr, errBatchFull) {
		return true, nil
	}
	return false, ferr
}

// ingestOne stores one fetched mail. A mail the store keeps refusing
// while it answers otherwise is bad: it is logged by hash and skipped
// (nil). An error ends the fetch, so the mail comes again next round.
func (s *Service) ingestOne(ctx context.Context, id int64, raw []byte, log *slog.Logger) error {
	var err error
	for try := 1; try <= ingestTries; try++ {
		if _, err = s.IngestMail(ctx, id, raw); err == nil || ctx.Err() != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(try) * 100 * time.Millisecond):
		}
	}
	if _, serr := s.store.InboxCursor(ctx, id); serr != nil {
		return err // the store is away: not the mail's fault
	}
	sum := sha256.Sum256(raw)
	log.Error("hotline: an inbox mail could not be stored and is skipped",
		"sha256", hex.EncodeToString(sum[:]), "size", len(raw), "err", err)
	return nil
}
