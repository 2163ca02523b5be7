package source

import (
	"math"
	"strconv"
	"sync/atomic"
)

// Limits protect against archive bombs and endless nesting. A zero field
// takes its default.
type Limits struct {
	// MaxDepth: archives inside archives (and attachments inside mails)
	// deeper than this are skipped. A top-level archive is depth 0.
	MaxDepth int
	// MaxExpanded caps the uncompressed bytes read from one top-level
	// file's archives, every layer counted (a tar.gz counts its tar and
	// the tar's members). See ForFile.
	MaxExpanded int64
	// MaxRatio: a member that expands beyond this many times its
	// compressed size is a bomb. Ordinary text compresses about 10:1,
	// bombs 10^3:1 to 10^6:1. ForFile applies it to a whole top-level
	// file as well, which is what stops nested bombs (42.zip), whose
	// every layer looks harmless.
	MaxRatio float64
	// MaxMembers: files per archive.
	MaxMembers int
	// SpoolMemory: members up to this size that need random access are
	// spooled into memory; larger ones into a temporary file.
	SpoolMemory int64
	// TempDir is where larger members are spooled ("" = os.TempDir()).
	// The files are created 0600 and removed after use.
	TempDir string

	// budget is shared by the copies of a Limits that ForFile returned,
	// so that it spans every archive nested in one top-level file.
	budget *budget
}

// ratioGrace is how far a member may expand before its expansion ratio
// counts: a few kilobytes of blanks compress beyond any ratio, and a tiny
// file is no bomb.
const ratioGrace = 1 << 20

// DefaultLimits returns the limits a scan uses unless told otherwise.
func DefaultLimits() Limits {
	return Limits{
		MaxDepth: 8,
		// 1 TiB: a day of scanning at the target speed. A leak of tens
		// of terabytes comes as many files, each with its own budget;
		// ForFile's ratio cap is the one that stops bombs early.
		MaxExpanded: 1 << 40,
		MaxRatio:    1000,
		MaxMembers:  10_000_000,
		SpoolMemory: 32 << 20,
	}
}

// withDefaults fills the zero fields with their defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	if l.MaxExpanded <= 0 {
		l.MaxExpanded = d.MaxExpanded
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxMembers <= 0 {
		l.MaxMembers = d.MaxMembers
	}
	if l.SpoolMemory <= 0 {
		l.SpoolMemory = d.SpoolMemory
	}
	return l
}

// ForFile returns a copy of l with a fresh expansion budget for one
// top-level file of the given size (-1 if unknown). Every Walk given the
// copy, or a copy of it, at any depth, draws on the same budget: at most
// MaxExpanded bytes, and at most MaxRatio times the file's size (plus a
// small grace), so a 42 KB file cannot make the scanner read petabytes
// however its layers are nested. Call it once per top-level file and pass
// the result down; a Walk given Limits without a budget has a budget of its
// own, for its archive alone.
func (l Limits) ForFile(size int64) Limits {
	l = l.withDefaults()
	l.budget = newBudget(l, size)
	return l
}

// budget counts the bytes expanded from one top-level file's archives.
// Readers nested in each other run on one goroutine, but the counter is
// atomic so that a budget shared by mistake stays correct.
type budget struct {
	max  int64
	used atomic.Int64
}

func newBudget(l Limits, size int64) *budget {
	max := l.MaxExpanded
	if size > 0 {
		byRatio := l.MaxRatio*float64(size) + ratioGrace
		if byRatio < float64(max) {
			max = int64(byRatio)
		}
	}
	return &budget{max: max}
}

// add counts n more expanded bytes and reports whether the budget still
// holds.
func (b *budget) add(n int) bool { return b.used.Add(int64(n)) <= b.max }

func (b *budget) exhausted() bool { return b.used.Load() > b.max }

// Reasons for the skipped list when a limit stops reading.
const (
	reasonExpanded     = "zip bomb: expanded size over limit"
	reasonExpandedRest = "zip bomb: expanded size over limit, rest of the archive not scanned"
	reasonOverlap      = "zip bomb: members share their data, not scanned"
)

// ratioReason is the reason for a member that expanded beyond the ratio
// while it was read.
func ratioReason(ratio, max float64) string {
	return "expansion ratio 1:" + formatRatio(ratio) + " over 1:" + formatRatio(max) + " — not scanned further"
}

// declaredRatioReason is the reason for a member whose header says it
// would expand beyond the ratio, so it is not read at all.
func declaredRatioReason(ratio, max float64) string {
	return "expansion ratio 1:" + formatRatio(ratio) + " over 1:" + formatRatio(max) + " — not scanned"
}

// formatRatio rounds up, so that a ratio just over the limit does not
// read as equal to it.
func formatRatio(r float64) string {
	if r >= math.MaxInt64 {
		return "∞"
	}
	return strconv.FormatInt(int64(math.Ceil(r)), 10)
}

func depthReason(max int) string {
	return "archives nested deeper than " + strconv.Itoa(max) + ", not scanned"
}

func membersReason(max int) string {
	return "more than " + strconv.Itoa(max) + " members, the rest not scanned"
}
