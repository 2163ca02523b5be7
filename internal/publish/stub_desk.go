package publish

// Stubs of the desk's side, replaced by statement.go, component.go,
// page.go, listing.go, site.go and rights.go.

import (
	"context"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var errNotBuilt = errs.E(errs.Invalid, "publish: not built yet")

// Statements lists the incident's statements, newest first.
func (s *Service) Statements(ctx context.Context, a auth.Actor, id int64) ([]Statement, error) {
	return nil, errNotBuilt
}

// Statement returns one statement.
func (s *Service) Statement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	return nil, errNotBuilt
}

// CreateStatement starts a Draft (creating the incident's Listing, not
// public, with the statement's titles when it has none).
func (s *Service) CreateStatement(ctx context.Context, a auth.Actor, id int64, d StatementDraft) (*Statement, error) {
	return nil, errNotBuilt
}

// EditStatement changes a Draft, or an Approved statement (which goes back
// to Draft: the approval was for other words).
func (s *Service) EditStatement(ctx context.Context, a auth.Actor, id, statementID int64, d StatementDraft) (*Statement, error) {
	return nil, errNotBuilt
}

// ApproveStatement approves a Draft; the approver must not be its author.
func (s *Service) ApproveStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	return nil, errNotBuilt
}

// PublishStatement publishes an Approved statement: it becomes public with
// its date, the one it Replaces becomes Superseded, the listing becomes
// public, and one update mail per confirmed subscriber is queued in the
// same transaction.
func (s *Service) PublishStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	return nil, errNotBuilt
}

// WithdrawStatement gives up a Draft or Approved statement.
func (s *Service) WithdrawStatement(ctx context.Context, a auth.Actor, id, statementID int64) (*Statement, error) {
	return nil, errNotBuilt
}

// Listing returns how the incident appears publicly; a zero Listing (not
// public) when it has none yet.
func (s *Service) Listing(ctx context.Context, a auth.Actor, id int64) (*Listing, error) {
	return nil, errNotBuilt
}

// SaveListing changes the incident's public name, impact and visibility.
func (s *Service) SaveListing(ctx context.Context, a auth.Actor, id int64, ch ListingChange) (*Listing, error) {
	return nil, errNotBuilt
}

// Components lists every component with its status.
func (s *Service) Components(ctx context.Context, a auth.Actor) ([]Component, error) {
	return nil, errNotBuilt
}

// AddComponent adds a component, Operational.
func (s *Service) AddComponent(ctx context.Context, a auth.Actor, e ComponentEdit) (*Component, error) {
	return nil, errNotBuilt
}

// EditComponent renames, moves or hides a component.
func (s *Service) EditComponent(ctx context.Context, a auth.Actor, componentID int64, e ComponentEdit) (*Component, error) {
	return nil, errNotBuilt
}

// SetComponentStatus changes a component's status and records the change.
func (s *Service) SetComponentStatus(ctx context.Context, a auth.Actor, componentID int64, st ComponentStatus) (*Component, error) {
	return nil, errNotBuilt
}

// ComponentHistory lists the changes of the last days, newest first.
func (s *Service) ComponentHistory(ctx context.Context, a auth.Actor, days int) ([]ComponentChange, error) {
	return nil, errNotBuilt
}

// Page returns the page settings (defaults when never saved).
func (s *Service) Page(ctx context.Context, a auth.Actor) (*Page, error) {
	return nil, errNotBuilt
}

// SavePage stores the page settings.
func (s *Service) SavePage(ctx context.Context, a auth.Actor, p Page) (*Page, error) {
	return nil, errNotBuilt
}

// Site reads everything the public listener shows.
func (s *Service) Site(ctx context.Context) (*Site, error) {
	return nil, errNotBuilt
}
