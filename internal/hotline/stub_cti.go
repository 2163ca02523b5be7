package hotline

// The phone system's events and the dashboard: contracts, filled in by the
// helper that owns them (this file goes when they are built).

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// broker passes call notices to the open consoles.
type broker struct{}

func newBroker() *broker { return &broker{} }

// CTIEvent records an event of the phone system; the incident is the one
// whose CTI token is token.
func (s *Service) CTIEvent(ctx context.Context, token string, ev CTIEvent) (*Call, error) {
	return nil, notBuilt()
}

// Calls lists the incident's recent calls, masked, with the person found.
func (s *Service) Calls(ctx context.Context, a auth.Actor, id int64) ([]CallView, error) {
	return nil, notBuilt()
}

// Subscribe returns the call notices of incident id until cancel is called.
func (s *Service) Subscribe(ctx context.Context, a auth.Actor, id int64) (<-chan CallNotice, func(), error) {
	return nil, func() {}, notBuilt()
}

// Dashboard sums up the last hours of the incident's hotline.
func (s *Service) Dashboard(ctx context.Context, a auth.Actor, id int64, hours int) (*Dashboard, error) {
	return nil, notBuilt()
}
