package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one link of the audit chain. Each entry stores the hash of
// the one before, so changing, inserting or deleting a row behind the
// program's back breaks the chain at that row.
type AuditEntry struct {
	Seq        int64 // 1, 2, 3 ... without gaps
	At         time.Time
	ActorID    int64 // 0 when not a user (command line, system, anonymous)
	Actor      string
	Via        Channel
	Addr       string
	Action     string // "incident.create", "login.failed", "attachment.view" ...
	ObjectType string
	ObjectID   int64
	IncidentID int64  // 0 when not about one incident
	Detail     string // a JSON object; never personal data of affected persons
	PrevHash   string
	Hash       string
}

// GenesisHash is the PrevHash of the first entry.
var GenesisHash = strings.Repeat("0", 64)

// Event is what a service wants recorded; the store turns it into the next
// entry of the chain in the same transaction as the change itself.
type Event struct {
	Action     string
	ObjectType string
	ObjectID   int64
	IncidentID int64
	Detail     map[string]any
}

// NewAuditEntry fills an entry for ev by actor at time at. Seq and hashes are
// set by Seal once the store knows the previous entry.
func NewAuditEntry(a Actor, at time.Time, ev Event) AuditEntry {
	detail := "{}"
	if len(ev.Detail) > 0 {
		b, err := json.Marshal(ev.Detail) // map keys come out sorted: stable
		if err != nil {
			b, _ = json.Marshal(map[string]string{"detail_error": err.Error()})
		}
		detail = string(b)
	}
	actor := a.Label()
	if a.UserID == 0 && a.Via == ViaWeb {
		actor = "anonymous"
	}
	return AuditEntry{
		At: at.UTC().Truncate(time.Microsecond), ActorID: a.UserID, Actor: actor, Via: a.Via, Addr: a.Addr,
		Action: ev.Action, ObjectType: ev.ObjectType, ObjectID: ev.ObjectID, IncidentID: ev.IncidentID,
		Detail: detail,
	}
}

// Seal links the entry after the entry (prevSeq, prevHash).
func (e *AuditEntry) Seal(prevSeq int64, prevHash string) {
	e.Seq = prevSeq + 1
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash()
}

// ComputeHash is SHA-256 over every field but Hash, each length-prefixed so
// that no two different entries serialize alike.
func (e *AuditEntry) ComputeHash() string {
	fields := []string{
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor,
		string(e.Via),
		e.Addr,
		e.Action,
		e.ObjectType,
		strconv.FormatInt(e.ObjectID, 10),
		strconv.FormatInt(e.IncidentID, 10),
		e.Detail,
		e.PrevHash,
	}
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ChainReport is the outcome of walking the chain.
type ChainReport struct {
	Entries  int64  // entries checked
	BrokenAt int64  // Seq of the first bad entry (or the expected Seq of a missing one); 0 when intact
	Reason   string // why it is broken
}

// OK reports whether the chain is intact.
func (r ChainReport) OK() bool { return r.BrokenAt == 0 }

// ChainVerifier checks entries one by one in Seq order.
type ChainVerifier struct {
	report   ChainReport
	prevSeq  int64
	prevHash string
}

// NewChainVerifier starts a check at the genesis.
func NewChainVerifier() *ChainVerifier { return &ChainVerifier{prevHash: GenesisHash} }

// Add checks the next entry. It returns false once the chain is broken; the
// first break is kept in the report.
func (v *ChainVerifier) Add(e AuditEntry) bool {
	if !v.report.OK() {
		return false
	}
	v.report.Entries++
	switch {
	case e.Seq != v.prevSeq+1:
		v.report.BrokenAt, v.report.Reason = v.prevSeq+1, fmt.Sprintf("entry %d is missing (next found is %d)", v.prevSeq+1, e.Seq)
	case e.PrevHash != v.prevHash:
		v.report.BrokenAt, v.report.Reason = e.Seq, fmt.Sprintf("entry %d does not link to entry %d", e.Seq, v.prevSeq)
	case e.ComputeHash() != e.Hash:
		v.report.BrokenAt, v.report.Reason = e.Seq, fmt.Sprintf("entry %d was changed after it was written", e.Seq)
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	return v.report.OK()
}

// Report returns the result so far.
func (v *ChainVerifier) Report() ChainReport { return v.report }

// AuditFilter selects entries for the audit page.
type AuditFilter struct {
	ActorID    int64
	Action     string // prefix match: "incident." finds every incident action
	IncidentID int64
	From, To   time.Time // zero means open
	BeforeSeq  int64     // page backwards from here; 0 starts at the newest
	Limit      int
}
