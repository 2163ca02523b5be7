// Package synthleak writes a synthetic leak shaped like the NIO dump of
// December 2022 (registered users, shipping addresses, car owners with
// resident IDs and VINs, staff with tax IDs and IBANs, letters, a PDF, a
// mailbox, backups, configuration secrets, and decoys that must not count)
// together with the exact report `breachdesk scan --region CN --json -`
// must give for it.
//
// The expected report comes from the generator's own bookkeeping of what
// it planted (see ledger.go), never from running the scanner. It follows
// docs/scanner.md to the letter: records, categories, distinct normalized
// values, kinds and persons. The same seed writes byte-identical files and
// the same report, so the end-to-end test can compare every figure.
package synthleak

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/breachdesk/breachdesk/internal/scan"
)

// Options size and seed a leak.
type Options struct {
	// Persons is how many distinct people the leak holds in total
	// (default 2,000; benchmarks use 1,000,000). The report's persons
	// equals it: every person is linked through tabular records, or known
	// by one identifier only.
	Persons int
	Seed    int64 // the same seed writes the same leak
	// Now is the day of the breach: birth dates, file and mail dates are
	// before it (default 2022-12-01, so that output is deterministic).
	Now time.Time
}

// Limits of Persons: below the minimum the proportions leave files empty;
// above the maximum the permutations that keep identifiers unique run out.
const (
	DefaultPersons = 2000
	MinPersons     = 100
	MaxPersons     = 10_000_000
	demoPersons    = 500
)

// defaultNow is the day of the breach when Options.Now is zero: NIO's
// data was offered for sale in December 2022.
func defaultNow() time.Time { return time.Date(2022, 12, 1, 10, 0, 0, 0, time.UTC) }

// Generate writes the leak under dir, which must be empty or not exist
// yet, and returns the report scanning it must give (Scanned.Seconds 0).
func Generate(dir string, opt Options) (*scan.Report, error) {
	rep, _, err := generate(dir, opt, false)
	return rep, err
}

// DemoLeak writes a small leak (500 persons) for `breachdesk demo`.
func DemoLeak(dir string) (*scan.Report, error) {
	return Generate(dir, Options{Persons: demoPersons, Seed: 1})
}

// generate writes the leak; with keep it also returns every planted value
// and decoy, for tests.
func generate(dir string, opt Options, keep bool) (*scan.Report, *plantLog, error) {
	if opt.Persons == 0 {
		opt.Persons = DefaultPersons
	}
	if opt.Persons < MinPersons || opt.Persons > MaxPersons {
		return nil, nil, fmt.Errorf("synthleak: persons must be between %d and %d", MinPersons, MaxPersons)
	}
	if opt.Now.IsZero() {
		opt.Now = defaultNow()
	}
	if err := emptyDir(dir); err != nil {
		return nil, nil, err
	}
	g := newGenerator(dir, opt, keep)
	for _, write := range g.writers() {
		if err := write(); err != nil {
			return nil, nil, err
		}
	}
	return g.led.report(), g.led.plant, nil
}

// emptyDir makes sure dir exists and holds nothing: anything else in it
// would be scanned too and make the expected report wrong.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synthleak: %w", err)
	}
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("synthleak: %w", err)
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); !errors.Is(err, io.EOF) {
		if err == nil {
			return fmt.Errorf("synthleak: %s is not empty", dir)
		}
		return fmt.Errorf("synthleak: %w", err)
	}
	return nil
}

// generator writes one leak.
type generator struct {
	dir    string
	opt    Options
	now    time.Time
	oldest date // earliest birth date of a customer (75 years before now)
	pop    population
	led    *ledger

	rng        *rand.Rand // everything that is not a person
	pcg        *rand.PCG  // reseeded per person
	personRand *rand.Rand
	salt       uint64

	// perm keeps the customers' identifiers unique: their number i
	// mapped into each identifier's number space.
	perm struct{ id, mobile, tag, vin affine }

	eu, staff, press, postal []*euPerson
}

func newGenerator(dir string, opt Options, keep bool) *generator {
	g := &generator{dir: dir, opt: opt, now: opt.Now.UTC(), pop: newPopulation(opt.Persons), led: newLedger(keep)}
	g.rng = rand.New(rand.NewPCG(uint64(opt.Seed), 0x5eed))
	g.pcg = rand.NewPCG(0, 0)
	g.personRand = rand.New(g.pcg)
	g.salt = g.rng.Uint64()
	today := dateOf(g.now)
	g.oldest = today.yearsBefore(75)
	youngest := today.yearsBefore(18)
	g.perm.id = newAffine(g.rng, uint64(daysBetween(g.oldest, youngest))*1000)
	g.perm.mobile = newAffine(g.rng, 100_000_000)
	g.perm.tag = newAffine(g.rng, tagSpace(g.pop.cn))
	g.perm.vin = newAffine(g.rng, vinSpace)
	return g
}

// tagSpace is the number space of the numbers in customers' e-mail
// addresses: at least four digits, and room for every customer.
func tagSpace(n int) uint64 {
	space := uint64(10_000)
	for space < uint64(n) {
		space *= 10
	}
	return space
}

// writers lists the files in the order they are written; the order is
// part of the seed's output, as each draws from the same random source.
func (g *generator) writers() []func() error {
	return []func() error{
		g.makePeople,
		g.writeRegisteredUsers,
		g.writeAddresses,
		g.writeCarOwners,
		g.writeMembers,
		g.writeStaff,
		g.writeLetters,
		g.writeIncidentPDF,
		g.writeMailbox,
		g.writeUserBackup,
		g.writeCarBackup,
		g.writeConfig,
		g.writeDecoys,
		g.writeJunk,
	}
}

// output is a file being written. It counts its bytes; write errors stick
// (bufio) and surface when it is closed.
type output struct {
	*bufio.Writer
	file    *os.File
	counter *countingWriter
	now     time.Time
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// create opens the file at rel (slash-separated) under the leak's root.
func (g *generator) create(rel string) (*output, error) {
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("synthleak: %w", err)
	}
	f, err := os.Create(p)
	if err != nil {
		return nil, fmt.Errorf("synthleak: %w", err)
	}
	c := &countingWriter{w: f}
	return &output{Writer: bufio.NewWriterSize(c, 256<<10), file: f, counter: c, now: g.now}, nil
}

// close flushes and closes the file, dates it to the breach, and returns
// its size.
func (o *output) close() (int64, error) {
	err := o.Flush()
	if cerr := o.file.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chtimes(o.file.Name(), o.now, o.now)
	}
	if err != nil {
		return 0, fmt.Errorf("synthleak: %w", err)
	}
	return o.counter.n, nil
}

// writeFile writes a file whole; it returns its size.
func (g *generator) writeFile(rel string, content []byte) (int64, error) {
	o, err := g.create(rel)
	if err != nil {
		return 0, err
	}
	o.Write(content)
	return o.close()
}

// rngFor is a random source of its own for one file, so that files can be
// made in any order without changing each other.
func (g *generator) rngFor(file string) *rand.Rand {
	h := uint64(14695981039346656037)
	for i := 0; i < len(file); i++ {
		h = (h ^ uint64(file[i])) * 1099511628211
	}
	return rand.New(rand.NewPCG(uint64(g.opt.Seed), h))
}
