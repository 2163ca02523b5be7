package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// EntryKind says what a timeline entry records.
type EntryKind string

const (
	EntryNote          EntryKind = "note"
	EntryDetection     EntryKind = "detection"
	EntryExtortion     EntryKind = "extortion"
	EntryDecision      EntryKind = "decision"
	EntryCommunication EntryKind = "communication"
	EntryRegulator     EntryKind = "regulator"
	EntryRecovery      EntryKind = "recovery"
	EntryEvidence      EntryKind = "evidence"
	EntryCorrection    EntryKind = "correction"
	// Written by the desk itself, never typed by a person.
	EntryStatus EntryKind = "status"
	EntrySystem EntryKind = "system"
)

// EntryKinds lists the kinds a person may choose.
var EntryKinds = []EntryKind{
	EntryNote, EntryDetection, EntryExtortion, EntryDecision, EntryCommunication,
	EntryRegulator, EntryRecovery, EntryEvidence,
}

// Entry is one line of the timeline. Entries are never edited or deleted; a
// mistake is fixed by a correction entry that names the corrected one.
type Entry struct {
	ID          int64
	IncidentID  int64
	OccurredAt  time.Time // when it happened
	RecordedAt  time.Time // when it was written down
	AuthorID    int64     // 0 for entries the desk writes itself
	AuthorName  string    // filled by the store from the user
	Kind        EntryKind
	Text        string
	Corrects    *int64       // the entry this one corrects
	CorrectedBy *int64       // the newest entry correcting this one, filled by the store
	Event       *SystemEvent // set on entries the desk writes itself
	Attachments []Attachment
}

// Corrected reports whether a later entry corrects this one.
func (e *Entry) Corrected() bool { return e.CorrectedBy != nil }

// MaxEntryLen bounds the text of an entry.
const MaxEntryLen = 20_000

// Attachment is a file kept with a timeline entry. Its content is stored in
// the database, so a backup holds the evidence too.
type Attachment struct {
	ID          int64
	EntryID     int64
	IncidentID  int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string // hex
	UploadedBy  int64
	UploadedAt  time.Time
}

// NewAttachment is an uploaded file before it is stored.
type NewAttachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Limits on attachments. The web layer refuses a larger body before reading
// it (413); these limits hold for every way in.
const (
	MaxAttachments    = 10
	MaxAttachmentSize = 25 << 20
	maxFileNameLen    = 255
)

// NewEntry is the input for a timeline entry.
type NewEntry struct {
	OccurredAt  time.Time // zero means now
	Kind        EntryKind
	Text        string
	Corrects    *int64
	Attachments []NewAttachment
}

func (n *NewEntry) validate(now time.Time) error {
	f := errs.Fields{}
	n.Text = strings.TrimSpace(n.Text)
	if n.OccurredAt.IsZero() {
		n.OccurredAt = now
	} else if n.OccurredAt.Before(earliestPlausible) {
		f.Add("occurred_at", errs.InvalidTime)
	} else if n.OccurredAt.After(now.Add(clockSlack)) {
		f.Add("occurred_at", errs.InFuture)
	}
	if n.Corrects != nil {
		n.Kind = EntryCorrection
	} else if !oneOf(n.Kind, EntryKinds) {
		f.Add("kind", errs.InvalidChoice)
	}
	switch {
	case n.Text == "":
		f.Add("text", errs.Required)
	case utf8.RuneCountInString(n.Text) > MaxEntryLen:
		f.Add("text", errs.TooLong)
	}
	if len(n.Attachments) > MaxAttachments {
		f.Add("attachments", errs.TooLong)
	}
	for i := range n.Attachments {
		validateAttachment(&n.Attachments[i], f)
	}
	return f.Err()
}

func validateAttachment(a *NewAttachment, f errs.Fields) {
	a.Name = cleanFileName(a.Name)
	if a.Name == "" {
		f.Add("attachments", errs.Required)
	}
	if len(a.Data) > MaxAttachmentSize {
		f.Add("attachments", errs.TooLong)
	}
	if a.ContentType == "" || len(a.ContentType) > 200 {
		a.ContentType = "application/octet-stream"
	}
}

// cleanFileName keeps the base name of an uploaded file, without control
// characters, so it can be shown and offered for download safely.
func cleanFileName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" {
		return ""
	}
	for utf8.RuneCountInString(name) > maxFileNameLen {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// TimelinePage selects a page of the timeline, ordered by when things
// happened (OccurredAt, then ID), newest first: the entries that come after
// entry Before in that order (0: from the newest), at most Limit.
type TimelinePage struct {
	Before int64
	Limit  int
}

// Timeline page sizes.
const (
	DefaultTimelinePage = 100
	MaxTimelinePage     = 1000
)
