package notify

// PLACEHOLDER from h5-cli until h5-ledger is merged; delete on merge.

import "context"

// BounceResult is what one pass over the bounce mailbox did.
type BounceResult struct {
	Read    int64 // messages fetched
	Matched int64 // bounces of our messages
}

// FetchBounces reads the bounce mailbox once, from where the last pass
// stopped.
func (s *Service) FetchBounces(ctx context.Context, src BounceSource) (BounceResult, error) {
	return BounceResult{}, errNotBuilt
}
