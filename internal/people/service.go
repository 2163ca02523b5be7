package people

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// Service keeps the registers of affected persons. Access follows the
// incident's (see Rights); every unmasked view of a person is audited.
type Service struct {
	store       Store
	incidents   *incident.Service
	obligations *obligation.Service // the counts feed the incident's facts
	keys        *Keyring
	now         func() time.Time
	segments    segmentCache // member counts by register version
	files       fileCache    // source file paths by ID
}

// NewService returns the service. keys must be the register's key (see
// CheckKey).
func NewService(store Store, incidents *incident.Service, obligations *obligation.Service, keys *Keyring, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{
		store: store, incidents: incidents, obligations: obligations, keys: keys,
		now: func() time.Time { return now().UTC().Truncate(time.Microsecond) },
	}
}

// Rights are what an actor may do with an incident's register.
//
//   - every member sees the register, masked, and its counts;
//   - leads, comms and admins (and the incident lead) may unmask a person:
//     they write the letters and answer for them; each unmasking is audited;
//   - responders, comms, leads and admins import scans, findings and CRM
//     exports;
//   - comms, leads and admins define segments;
//   - leads and admins (and the incident lead) erase a person on request.
type Rights struct {
	View     bool
	Unmask   bool
	Import   bool
	Segments bool
	Erase    bool
}

// ListQuery pages through the register.
type ListQuery struct {
	After   int64  // persons with a greater ID
	Limit   int    // 0: 50; at most 500
	Segment int64  // only this segment's members; 0: all
	Search  string // an e-mail, phone, customer number, ID number or full name (exact, through the blind indexes)
}

// ListPage is one page of the register, masked.
type ListPage struct {
	Persons []Person // Contact masked (see MaskContact)
	Next    int64    // After for the next page; 0 at the end
}

// SegmentView is a segment with its current member count.
type SegmentView struct {
	Segment
	Members int64 // -1 when not counted (see notify.CampaignView)
}
