// Package publish is the public side of an incident: statements and
// updates that comms drafts and a lead approves (four-eyes) before they go
// out, the status of the company's systems, the subscribers who get every
// published update by mail, and the safe "am I affected?" check whose
// answer goes only to the address asked about.
//
// What this package hands the public listener (Site) holds only what the
// public may read: no internal IDs (public items carry random PublicIDs),
// no names of staff, no incident titles from the desk.
package publish

import "time"

// Languages the public side writes in; the first is the default.
var Languages = []string{"de", "en"}

// Text is one language's version of a statement.
type Text struct {
	Title string `json:"title"`
	// Body is Markdown-light (paragraphs, "- " lists, **bold**, links), the
	// same dialect as the notification templates.
	Body string `json:"body"`
}

// Kind is what a statement is.
type Kind string

const (
	PressRelease      Kind = "press_release"
	CustomerStatement Kind = "customer_statement"
	FAQ               Kind = "faq"
	WhatToDo          Kind = "what_to_do"
	// PublicNotice is the GDPR Art. 34(3)(c) public communication, used
	// when telling every person directly would take disproportionate effort.
	PublicNotice Kind = "public_notice"
	Update       Kind = "update"
)

// Kinds lists the kinds in the order the desk offers them.
var Kinds = []Kind{PressRelease, CustomerStatement, FAQ, WhatToDo, PublicNotice, Update}

// Phase is where the incident stands, as a statement says it; the names
// are Statuspage's incident statuses.
type Phase string

const (
	Investigating Phase = "investigating"
	Identified    Phase = "identified"
	Monitoring    Phase = "monitoring"
	Resolved      Phase = "resolved"
)

// Phases lists the phases in order.
var Phases = []Phase{Investigating, Identified, Monitoring, Resolved}

// State is where a statement is on its way out.
type State string

const (
	Draft     State = "draft"     // comms writes; editable
	Approved  State = "approved"  // a lead (not the author) approved; may be published
	Published State = "published" // public; never changed again
	// Superseded is a published statement that a newer version replaced:
	// still public, shown as an earlier version.
	Superseded State = "superseded"
	Withdrawn  State = "withdrawn" // a draft or approval given up; never public
)

// Statement is one statement or update of an incident. A published
// statement is never edited: a correction is a new statement that
// Replaces it, and the old one stays visible as history.
type Statement struct {
	ID         int64
	IncidentID int64
	// PublicID names it on the public site (random, 12 characters of
	// [a-z0-9]); set when the statement is created.
	PublicID string
	Kind     Kind
	Phase    Phase
	// Texts by language ("de", "en"); at least one, all listed Languages
	// to be approved.
	Texts map[string]Text
	// Components are the IDs of the components the statement says are
	// affected (Statuspage's incident.components).
	Components []int64
	// Replaces is the published statement this one is a new version of
	// (0 for none): publishing this one marks that one Superseded.
	Replaces    int64
	State       State
	AuthorID    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ApprovedBy  int64
	ApprovedAt  *time.Time
	PublishedBy int64
	PublishedAt *time.Time
}

// StatementDraft is what comms writes.
type StatementDraft struct {
	Kind       Kind
	Phase      Phase
	Texts      map[string]Text
	Components []int64
	Replaces   int64
}

// ComponentStatus is a component's state; the names are Statuspage's.
type ComponentStatus string

const (
	Operational      ComponentStatus = "operational"
	Degraded         ComponentStatus = "degraded_performance"
	PartialOutage    ComponentStatus = "partial_outage"
	MajorOutage      ComponentStatus = "major_outage"
	UnderMaintenance ComponentStatus = "under_maintenance"
)

// ComponentStatuses lists the states from best to worst (maintenance last).
var ComponentStatuses = []ComponentStatus{Operational, Degraded, PartialOutage, MajorOutage, UnderMaintenance}

// Component is one of the company's systems as the public sees it
// ("customer portal", "support phone line", "e-mail"). Components belong
// to the desk, not to one incident, as on a status page.
type Component struct {
	ID       int64
	PublicID string
	Names    map[string]string // by language
	Position int               // order on the page, lowest first
	Status   ComponentStatus
	// Hidden components are not on the public site (retired systems
	// keep their history).
	Hidden    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ComponentChange is one change of a component's status.
type ComponentChange struct {
	ID          int64
	ComponentID int64
	Status      ComponentStatus
	At          time.Time
	ActorID     int64
}

// Page is the public site's settings (one per desk).
type Page struct {
	// Names of the company or page by language ("ACME Status").
	Names map[string]string
	// URL is where the public site is reached from outside
	// (https://status.example.com), for links in mails and feeds; the
	// public listener's own address when empty.
	URL string
	// DefaultLang is the language of "/"; Languages[0] when empty.
	DefaultLang string
	// The press contact, the hotline's number and the inquiry inbox appear
	// on every public page.
	PressName    string
	PressEmail   string
	PressPhone   string
	HotlinePhone string
	HotlineEmail string
	// SenderEmail sends the subscribers' and the self-check's mails
	// (HotlineEmail, else the relay's sender, when empty).
	SenderEmail string
	// SelfCheck switches the "am I affected?" form on.
	SelfCheck bool
	// RangeIncidentID serves /range/{prefix} from that incident's leaked
	// password hashes; 0 (the default) leaves the endpoint off.
	RangeIncidentID int64
	UpdatedAt       time.Time
}

// Impact is Statuspage's incident impact.
type Impact string

const (
	ImpactNone     Impact = "none"
	ImpactMinor    Impact = "minor"
	ImpactMajor    Impact = "major"
	ImpactCritical Impact = "critical"
)

// Listing is how an incident appears on the public site: its public name
// (never the desk's title) and impact. An incident without a Listing, or
// with Public false, is not on the public site.
type Listing struct {
	IncidentID int64
	PublicID   string
	Titles     map[string]string // by language
	Impact     Impact
	Public     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// SubscriberState is where a subscription stands.
type SubscriberState string

const (
	Pending      SubscriberState = "pending" // waiting for the confirmation click
	Confirmed    SubscriberState = "confirmed"
	Unsubscribed SubscriberState = "unsubscribed"
)

// MailKind is what an outgoing mail of the public side is.
type MailKind string

const (
	ConfirmMail   MailKind = "confirm"   // double opt-in
	UpdateMail    MailKind = "update"    // a published statement to a subscriber
	SelfCheckMail MailKind = "selfcheck" // the answer to "am I affected?"
)

// MailState is a mail's place in the outbox ledger.
type MailState string

const (
	MailQueued  MailState = "queued"
	MailSending MailState = "sending"
	MailSent    MailState = "sent"
	MailFailed  MailState = "failed"
)

// Counts are the desk's view of the public side's mail and subscribers:
// numbers only, never an address.
type Counts struct {
	Subscribers map[SubscriberState]int
	Mails       map[MailKind]map[MailState]int
	SelfChecks  int // self-checks asked since the start
}

// Site is everything the public listener shows, read in one go and
// rendered into memory; it holds nothing the public may not read.
type Site struct {
	Page       Page
	Components []SiteComponent
	Incidents  []SiteIncident // newest first
	// Version changes with every change to what the site shows; the
	// listener uses it for ETags.
	Version string
	// Updated is the latest change, for Last-Modified.
	Updated time.Time
}

// SiteComponent is a public component with its recent history.
type SiteComponent struct {
	PublicID  string
	Names     map[string]string
	Position  int
	Status    ComponentStatus
	CreatedAt time.Time
	UpdatedAt time.Time
	// History holds the changes of the last 90 days, newest first.
	History []SiteChange
}

// SiteChange is one public status change of a component.
type SiteChange struct {
	Status ComponentStatus
	At     time.Time
}

// SiteIncident is a listed incident with its published statements.
type SiteIncident struct {
	PublicID   string
	Titles     map[string]string
	Impact     Impact
	Phase      Phase // the newest published statement's phase
	CreatedAt  time.Time
	UpdatedAt  time.Time
	ResolvedAt *time.Time // when a statement said Resolved, if the newest does
	// Statements holds every published and superseded statement, newest
	// first.
	Statements []SiteStatement
	// Components are the public IDs of the components its statements name.
	Components []string
}

// SiteStatement is a published statement as the public sees it.
type SiteStatement struct {
	PublicID    string
	Kind        Kind
	Phase       Phase
	Texts       map[string]Text
	Components  []string // public IDs
	PublishedAt time.Time
	// SupersededBy is the public ID of the newer version, "" for the
	// current one; Replaces the public ID of the version it replaced.
	SupersededBy string
	Replaces     string
}

// MailDropped is a queued update whose subscriber left before it went.
const MailDropped MailState = "dropped"

// Rights are what an actor may do with an incident's public side.
//
//   - every member of the incident sees its statements and listing;
//   - comms, leads and admins (and the incident lead) draft statements and
//     edit the listing;
//   - leads and admins (and the incident lead, or the incident's legal
//     counsel) approve a statement they did not write (four-eyes);
//   - comms, leads and admins (and the incident lead) publish an approved
//     statement.
type Rights struct {
	View    bool
	Write   bool
	Approve bool
	Publish bool
}

// DeskRights are what an actor may do with the public side as a whole,
// by desk role: components (admins, leads, comms, responders: whoever
// restores a system tells the page) and the page's settings, subscriber
// counts and the leaked-password list (admins and leads).
type DeskRights struct {
	ViewComponents bool
	Components     bool
	Page           bool
}

// ListingChange is what the desk may change of an incident's listing.
type ListingChange struct {
	Titles map[string]string
	Impact Impact
	Public bool
}

// ComponentEdit adds or edits a component.
type ComponentEdit struct {
	Names    map[string]string
	Position int
	Hidden   bool
}
