package publish

// The range endpoint speaks the Pwned Passwords k-anonymity format: a
// client sends the first five hex digits of a password's SHA-1 and gets
// every leaked hash with that prefix, so the desk never learns which
// password was checked. It serves the hashes of one incident
// (Page.RangeIncidentID) and is off while that is 0.

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// rangeCacheSize is how many prefixes the range cache holds before it
// starts over (of 16^5 = 1,048,576).
const rangeCacheSize = 1 << 16

var errRangeOff = errs.E(errs.NotFound, "publish: the password range endpoint is off")

// ImportPasswords replaces incident id's leaked password hashes with the
// lines of r: SHA-1 hashes (40 hex digits, optionally ":count") or plain
// passwords, one per line. It returns how many distinct hashes it stored.
// A file with bad lines imports nothing; the error names the lines by
// number only.
func (s *Service) ImportPasswords(ctx context.Context, a auth.Actor, id int64, r io.Reader) (int, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return 0, err
	}
	if !s.DeskRights(a).Page {
		return 0, errs.E(errs.Forbidden, "your role does not allow you to upload the leaked passwords")
	}
	rows, err := parsePasswords(r)
	if err != nil {
		return 0, err
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.ReplacePwned(ctx, id, rows); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{Action: "publish.passwords_import",
			IncidentID: id, ObjectType: "incident", ObjectID: id, Detail: map[string]any{"hashes": len(rows)}}))
	})
	if err != nil {
		return 0, err
	}
	s.pub.ranges.reset()
	return len(rows), nil
}

// PasswordRange returns the Pwned Passwords range lines ("SUFFIX:COUNT")
// for a five-hex-digit prefix of the page's RangeIncidentID; errs.NotFound
// when the range endpoint is off, errs.Invalid naming "prefix" for a
// prefix that is not five hex digits. The rows are the cache's: do not
// change them.
func (s *Service) PasswordRange(ctx context.Context, prefix string) ([]PwnedRow, error) {
	if len(prefix) != 5 || !isHex(prefix) {
		return nil, errs.Fields{"prefix": errs.InvalidValue}.Err()
	}
	prefix = strings.ToUpper(prefix)
	c := &s.pub.ranges
	// The page's range setting changes through SavePage, which tells the
	// watchers: the cache starts over then.
	c.watch.Do(func() { s.OnChange(c.reset) })
	gen, incident, known, rows, ok := c.get(prefix)
	if ok {
		return rows, nil
	}
	if !known {
		p, err := s.page(ctx)
		if err != nil {
			return nil, err
		}
		incident = p.RangeIncidentID
	}
	if incident == 0 {
		c.put(gen, incident, "", nil)
		return nil, errRangeOff
	}
	rows, err := s.store.PwnedRange(ctx, incident, prefix)
	if err != nil {
		return nil, err
	}
	if rows == nil {
		rows = []PwnedRow{}
	}
	c.put(gen, incident, prefix, rows)
	return rows, nil
}

// rangeCache keeps the range endpoint's answers in memory: a flood of
// requests for popular prefixes reads the database once per prefix.
type rangeCache struct {
	watch sync.Once
	mu    sync.Mutex
	// gen counts resets: an answer read before a reset is not kept.
	gen      uint64
	known    bool // incident is read
	incident int64
	prefixes map[string][]PwnedRow
}

// get returns the cache's generation, the incident when known, and the
// prefix's rows when cached (ok); the endpoint being off is cached too.
func (c *rangeCache) get(prefix string) (gen uint64, incident int64, known bool, rows []PwnedRow, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known && c.incident == 0 {
		return c.gen, 0, true, nil, false
	}
	rows, ok = c.prefixes[prefix]
	return c.gen, c.incident, c.known, rows, ok
}

// put keeps what was read at generation gen, unless a reset came since.
func (c *rangeCache) put(gen uint64, incident int64, prefix string, rows []PwnedRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	c.known, c.incident = true, incident
	if prefix == "" {
		return
	}
	if c.prefixes == nil || len(c.prefixes) >= rangeCacheSize {
		c.prefixes = map[string][]PwnedRow{}
	}
	c.prefixes[prefix] = slices.Clip(rows)
}

func (c *rangeCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.known, c.incident, c.prefixes = false, 0, nil
}
