package people

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/scan"
)

const (
	// chunkRecords is how many records are linked in memory and merged
	// into the register in one transaction.
	chunkRecords = 10000
	// maxLineLen bounds a findings line; longer ones are counted as bad.
	maxLineLen = 1 << 20
	// maxProblems is how many problems an ImportResult lists.
	maxProblems = 100
)

// record gathers the findings of one record (a row, an object, a
// document) of the findings file.
type record struct {
	key        uint64     // hash of the locator
	index      []IndexKey // blind indexes of the linking values (see chunk.keyRecords)
	locator    string
	file       string
	emails     []string
	phones     []string
	ids        []string
	name       string
	address    []string
	categories []string
}

// ImportFindings reads a findings file (the scanner's --findings JSON
// lines) into the register: values found in the same record link into one
// person, and persons already in the register are found through their
// identifiers and updated. kind is "scan" or "findings".
func (s *Service) ImportFindings(ctx context.Context, a auth.Actor, id int64, kind, name string, r io.Reader) (*ImportResult, error) {
	if kind != "scan" && kind != "findings" {
		return nil, errs.E(errs.Invalid, "the kind of a findings import is scan or findings")
	}
	if err := s.mayChange(ctx, a, id, func(r Rights) bool { return r.Import }, "import into the register"); err != nil {
		return nil, err
	}
	digest := sha256.New()
	im := newImporter(s, id)
	res := &ImportResult{}
	if err := im.readFindings(ctx, io.TeeReader(r, digest), res); err != nil {
		return nil, err
	}
	sum := ""
	if kind == "findings" {
		sum = hex.EncodeToString(digest.Sum(nil))
	}
	res.Import = im.finish(kind, name, sum, a.UserID)
	res.Unlinked = im.unlinked
	if err := s.recordImport(ctx, a, id, &res.Import, map[string]any{"unlinked_records": im.unlinked}); err != nil {
		return nil, err
	}
	return res, nil
}

// readFindings reads the lines, gathering records into chunks that are
// merged into the register as they fill. Reading (parsing, normalizing,
// the records' blind indexes) runs in its own goroutine, a chunk ahead of
// the merging, so the two share the machine's CPUs.
func (im *importer) readFindings(ctx context.Context, r io.Reader, res *ImportResult) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan *chunk, 1)
	var readErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(chunks)
		readErr = im.readChunks(ctx, r, res, chunks)
	}()
	var mergeErr error
	for ch := range chunks {
		if mergeErr == nil {
			mergeErr = im.mergeChunk(ctx, ch)
			if mergeErr != nil {
				cancel() // the reader stops at its next chunk
			}
		}
	}
	<-done
	if mergeErr != nil {
		return mergeErr
	}
	return readErr
}

// readChunks reads the lines into chunks and sends each full one (and the
// last) to chunks. It alone writes res and the line and problem counts.
func (im *importer) readChunks(ctx context.Context, r io.Reader, res *ImportResult, chunks chan<- *chunk) error {
	br := bufio.NewReaderSize(r, 64<<10)
	ch := newChunk()
	send := func(c *chunk) error {
		c.keyRecords(im.s.keys)
		select {
		case chunks <- c:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	var lineNo int64
	for {
		line, tooLong, read, err := readLine(br)
		if read {
			lineNo++
		}
		if len(line) > 0 || tooLong {
			var f scan.Finding
			reason := "the line is longer than 1 MiB"
			if !tooLong {
				reason = parseFinding(line, &f)
			}
			if reason == "" {
				if ch.full() && !ch.holds(f.Record) {
					if err := send(ch); err != nil {
						return err
					}
					ch = newChunk()
				}
				reason = ch.add(&f)
			}
			if reason != "" {
				im.problem(res, fmt.Sprintf("line %d", lineNo), reason)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("people: read findings after line %d: %w", lineNo, err)
		}
	}
	im.lines = lineNo
	return send(ch)
}

// readLine reads one line without its newline; read is false at the end
// of the input. A line longer than maxLineLen is skipped to its end and
// reported as tooLong.
func readLine(br *bufio.Reader) (line []byte, tooLong, read bool, err error) {
	var buf []byte
	for {
		part, err := br.ReadSlice('\n')
		read = read || len(part) > 0
		if len(buf)+len(part) > maxLineLen {
			tooLong = true
		} else {
			buf = append(buf, part...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			buf = nil
		}
		return bytes.TrimSpace(buf), tooLong, read, err
	}
}

// parseFinding decodes a line; the reason is "" when it is a finding.
func parseFinding(line []byte, f *scan.Finding) string {
	if err := json.Unmarshal(line, f); err != nil {
		return "not a JSON object with file, record, category, kind and value"
	}
	switch {
	case f.Record == "":
		return "the record locator is missing"
	case f.Value == "":
		return "the value is missing"
	case !slices.Contains(obligation.ScannerCategories, f.Category):
		return "the category is not one of the scanner's"
	}
	if f.File == "" {
		f.File, _, _ = strings.Cut(f.Record, ":")
	}
	return ""
}

// chunk is the records of up to chunkRecords, in the order read.
type chunk struct {
	records []*record
	byLoc   map[string]*record
}

func newChunk() *chunk { return &chunk{byLoc: make(map[string]*record, chunkRecords)} }

// keyRecords computes the blind indexes of every record's linking values.
func (c *chunk) keyRecords(k *Keyring) {
	for _, r := range c.records {
		r.index = recordKeys(k, r)
	}
}

func (c *chunk) full() bool { return len(c.records) >= chunkRecords }

// holds reports whether the chunk has the record already: a record's
// findings stay together in one chunk.
func (c *chunk) holds(locator string) bool { _, ok := c.byLoc[locator]; return ok }

// add books a finding into its record; the reason is "" when its value
// was usable.
func (c *chunk) add(f *scan.Finding) string {
	r := c.byLoc[f.Record]
	if r == nil {
		r = &record{key: xxhash.Sum64String(f.Record), locator: f.Record, file: f.File}
		c.byLoc[f.Record] = r
		c.records = append(c.records, r)
	}
	switch f.Category {
	case "email":
		v := NormalizeEmail(f.Value)
		if v == "" {
			return "the e-mail address is not valid"
		}
		r.emails = addValues(r.emails, false, v)
	case "phone":
		v := NormalizePhone(f.Value, DefaultRegion)
		if v == "" {
			return "the phone number is not valid"
		}
		r.phones = addValues(r.phones, false, v)
	case "national_id":
		v := NormalizeNationalID(f.Kind, f.Value)
		if v == "" {
			return "the ID number has no kind"
		}
		r.ids = addValues(r.ids, false, v)
	case "name":
		if r.name == "" {
			r.name = strings.Join(strings.Fields(f.Value), " ")
		}
	case "postal_address":
		if r.address == nil {
			r.address = splitAddress(f.Value)
		}
	}
	r.categories = addSorted(r.categories, f.Category)
	return ""
}

// splitAddress turns the scanner's "street, postcode town" into lines.
func splitAddress(v string) []string {
	var lines []string
	for _, part := range strings.Split(v, ", ") {
		if part = strings.TrimSpace(part); part != "" {
			lines = append(lines, part)
		}
	}
	return lines
}
