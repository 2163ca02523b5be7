package web

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// TEMPORARY, until the SQLite store of the regulator clock is merged: the
// test desk's obligation.Store lives in memory here, so that the pages of
// the regulator clock can be tested before it. When the store lands,
// newTestObligations builds the service on it (one line) and this file is
// deleted. It keeps the Store contract as store.go states it (NotFound for
// a missing row, the documented orders, all-or-nothing Update), not more:
// timeline entries and audit entries written inside a transaction are
// only counted, not stored on the incident's timeline or the audit chain.

// newTestObligations is the regulator clock of a test desk.
func newTestObligations(t testing.TB, incidents *incident.Service) *obligation.Service {
	t.Helper()
	svc, err := obligation.NewService(context.Background(), newMemObligationStore(incidents), incidents, incidents.Now)
	if err != nil {
		t.Fatalf("obligation service: %v", err)
	}
	return svc
}

type memObligationStore struct {
	mu        sync.Mutex
	incidents *incident.Service
	data      memObligationData
}

// memObligationData is everything stored; Update works on a copy and keeps
// it only when the transaction succeeds.
type memObligationData struct {
	nextID      int64
	facts       map[int64]obligation.Facts
	assessments map[int64][]obligation.Assessment // oldest first
	filings     map[int64][]obligation.Filing
	docs        map[int64][]byte // by filing ID
	waivers     map[int64][]obligation.Waiver
	drafts      map[int64][]obligation.Draft
	authorities map[string]obligation.Authority
	ruleFiles   []obligation.RuleFile // oldest first
	due         map[int64][]obligation.DueState
	entries     int
	audits      int
}

func newMemObligationStore(incidents *incident.Service) *memObligationStore {
	return &memObligationStore{incidents: incidents, data: memObligationData{
		facts: map[int64]obligation.Facts{}, assessments: map[int64][]obligation.Assessment{},
		filings: map[int64][]obligation.Filing{}, docs: map[int64][]byte{}, waivers: map[int64][]obligation.Waiver{},
		drafts: map[int64][]obligation.Draft{}, authorities: map[string]obligation.Authority{},
		due: map[int64][]obligation.DueState{},
	}}
}

func (d memObligationData) clone() memObligationData {
	c := d
	c.facts, c.assessments, c.filings, c.docs = maps.Clone(d.facts), maps.Clone(d.assessments), maps.Clone(d.filings), maps.Clone(d.docs)
	c.waivers, c.drafts, c.authorities, c.due = maps.Clone(d.waivers), maps.Clone(d.drafts), maps.Clone(d.authorities), maps.Clone(d.due)
	c.ruleFiles = slices.Clone(d.ruleFiles)
	return c
}

// Reads, shared by the store and its transactions.

func (d *memObligationData) getFacts(id int64) (*obligation.Facts, error) {
	f, ok := d.facts[id]
	if !ok {
		return nil, errs.E(errs.NotFound, "no facts for incident %d", id)
	}
	return &f, nil
}

func (d *memObligationData) getAssessments(id int64) []obligation.Assessment {
	out := slices.Clone(d.assessments[id])
	slices.Reverse(out)
	return out
}

func (d *memObligationData) getAuthorities() []obligation.Authority {
	out := slices.Collect(maps.Values(d.authorities))
	slices.SortFunc(out, func(a, b obligation.Authority) int {
		if a.Country != b.Country {
			return cmp.Compare(a.Country, b.Country)
		}
		if a.Region != b.Region {
			return cmp.Compare(a.Region, b.Region)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

func (d *memObligationData) getDueStates(ids []int64) []obligation.DueState {
	var out []obligation.DueState
	for _, id := range slices.Sorted(maps.Keys(d.due)) {
		if len(ids) == 0 || slices.Contains(ids, id) {
			out = append(out, d.due[id]...)
		}
	}
	return out
}

func (s *memObligationStore) Facts(_ context.Context, id int64) (*obligation.Facts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.getFacts(id)
}

func (s *memObligationStore) Assessments(_ context.Context, id int64) ([]obligation.Assessment, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.getAssessments(id), nil
}

func (s *memObligationStore) Filings(_ context.Context, id int64) ([]obligation.Filing, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.filings[id]), nil
}

func (s *memObligationStore) FilingDocument(_ context.Context, id, filingID int64) (*obligation.Filing, []byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.data.filings[id] {
		if f.ID == filingID {
			return &f, s.data.docs[filingID], nil
		}
	}
	return nil, nil, errs.E(errs.NotFound, "no filing %d", filingID)
}

func (s *memObligationStore) Waivers(_ context.Context, id int64) ([]obligation.Waiver, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.waivers[id]), nil
}

func (s *memObligationStore) Drafts(_ context.Context, id int64) ([]obligation.Draft, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.data.drafts[id]), nil
}

func (s *memObligationStore) Draft(_ context.Context, id int64, rule, lang string) (*obligation.Draft, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.data.drafts[id] {
		if d.Rule == rule && d.Lang == lang {
			return &d, nil
		}
	}
	return nil, errs.E(errs.NotFound, "no draft")
}

func (s *memObligationStore) Authorities(context.Context) ([]obligation.Authority, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.getAuthorities(), nil
}

func (s *memObligationStore) Authority(_ context.Context, id string) (*obligation.Authority, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.data.authorities[id]
	if !ok {
		return nil, errs.E(errs.NotFound, "no authority %q", id)
	}
	return &a, nil
}

func (s *memObligationStore) ActiveRuleFile(context.Context) (*obligation.RuleFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.data.ruleFiles) == 0 {
		return nil, errs.E(errs.NotFound, "no rule file loaded")
	}
	f := s.data.ruleFiles[len(s.data.ruleFiles)-1]
	return &f, nil
}

func (s *memObligationStore) RuleFiles(context.Context) ([]obligation.RuleFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.data.ruleFiles)
	slices.Reverse(out)
	for i := range out {
		out[i].Source = ""
	}
	return out, nil
}

func (s *memObligationStore) DueStates(_ context.Context, ids []int64) ([]obligation.DueState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.getDueStates(ids), nil
}

func (s *memObligationStore) Update(ctx context.Context, fn func(obligation.Tx) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx := &memObligationTx{store: s, data: s.data.clone()}
	if err := fn(tx); err != nil {
		return err
	}
	s.data = tx.data
	return nil
}

// memObligationTx works on a copy of the data.
type memObligationTx struct {
	store *memObligationStore
	data  memObligationData
}

func (tx *memObligationTx) newID() int64 { tx.data.nextID++; return tx.data.nextID }

func (tx *memObligationTx) AppendAudit(context.Context, auth.AuditEntry) error {
	tx.data.audits++
	return nil
}

func (tx *memObligationTx) IncidentForUpdate(ctx context.Context, id int64) (*incident.Incident, error) {
	inc, _, err := tx.store.incidents.Get(ctx, auth.CLI(), id)
	return inc, err
}

func (tx *memObligationTx) AppendEntry(context.Context, *incident.Entry, [][]byte) error {
	tx.data.entries++
	return nil
}

func (tx *memObligationTx) Facts(_ context.Context, id int64) (*obligation.Facts, error) {
	return tx.data.getFacts(id)
}

func (tx *memObligationTx) SaveFacts(_ context.Context, f *obligation.Facts) error {
	tx.data.facts[f.IncidentID] = *f
	return nil
}

func (tx *memObligationTx) Assessments(_ context.Context, id int64) ([]obligation.Assessment, error) {
	return tx.data.getAssessments(id), nil
}

func (tx *memObligationTx) AddAssessment(_ context.Context, a *obligation.Assessment) error {
	a.ID = tx.newID()
	tx.data.assessments[a.IncidentID] = append(slices.Clone(tx.data.assessments[a.IncidentID]), *a)
	return nil
}

func (tx *memObligationTx) Filings(_ context.Context, id int64) ([]obligation.Filing, error) {
	return slices.Clone(tx.data.filings[id]), nil
}

func (tx *memObligationTx) AddFiling(_ context.Context, f *obligation.Filing, doc []byte) error {
	f.ID = tx.newID()
	list := append(slices.Clone(tx.data.filings[f.IncidentID]), *f)
	slices.SortStableFunc(list, func(a, b obligation.Filing) int { return a.FiledAt.Compare(b.FiledAt) })
	tx.data.filings[f.IncidentID] = list
	tx.data.docs[f.ID] = doc
	return nil
}

func (tx *memObligationTx) AcknowledgeFiling(_ context.Context, id, filingID int64, at time.Time, note string) error {
	list := slices.Clone(tx.data.filings[id])
	for i := range list {
		if list[i].ID != filingID {
			continue
		}
		if list[i].AckAt != nil {
			return errs.E(errs.Conflict, "the filing was already acknowledged")
		}
		list[i].AckAt, list[i].AckNote = &at, note
		tx.data.filings[id] = list
		return nil
	}
	return errs.E(errs.NotFound, "no filing %d", filingID)
}

func (tx *memObligationTx) Waivers(_ context.Context, id int64) ([]obligation.Waiver, error) {
	return slices.Clone(tx.data.waivers[id]), nil
}

func (tx *memObligationTx) AddWaiver(_ context.Context, w *obligation.Waiver) error {
	w.ID = tx.newID()
	tx.data.waivers[w.IncidentID] = append(slices.Clone(tx.data.waivers[w.IncidentID]), *w)
	return nil
}

func (tx *memObligationTx) SaveDraft(_ context.Context, d *obligation.Draft) error {
	list := slices.DeleteFunc(slices.Clone(tx.data.drafts[d.IncidentID]), func(x obligation.Draft) bool {
		return x.Rule == d.Rule && x.Lang == d.Lang
	})
	tx.data.drafts[d.IncidentID] = append(list, *d)
	return nil
}

func (tx *memObligationTx) SaveAuthority(_ context.Context, a *obligation.Authority) error {
	tx.data.authorities[a.ID] = *a
	return nil
}

func (tx *memObligationTx) AddRuleFile(_ context.Context, f *obligation.RuleFile) error {
	f.ID = tx.newID()
	tx.data.ruleFiles = append(tx.data.ruleFiles, *f)
	return nil
}

func (tx *memObligationTx) DueStates(_ context.Context, ids []int64) ([]obligation.DueState, error) {
	return tx.data.getDueStates(ids), nil
}

func (tx *memObligationTx) ReplaceDueStates(_ context.Context, id int64, states []obligation.DueState) error {
	tx.data.due[id] = slices.Clone(states)
	return nil
}

var _ obligation.Store = (*memObligationStore)(nil)
var _ obligation.Tx = (*memObligationTx)(nil)
