package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

var obligationScenarios = []scenario{
	{"obligations/facts survive a round trip, every field, nil and empty kept apart", testFactsRoundTrip},
	{"obligations/facts are saved over, and read back in the transaction", testFactsReplace},
	{"obligations/assessments come back newest first with the decider's name", testAssessments},
	{"obligations/filings come back by filing time then ID, without the document", testFilings},
	{"obligations/the document filed and its digest come back byte for byte", testFilingDocument},
	{"obligations/a filing is acknowledged once", testAcknowledgeFiling},
	{"obligations/waivers come back by decision time then ID", testWaivers},
	{"obligations/drafts are saved over and listed by rule then language", testDrafts},
	{"obligations/authorities are saved over and listed by country, region, then ID", testAuthorities},
	{"obligations/the newest rule file is active; the list leaves sources out", testRuleFiles},
	{"obligations/due states are replaced per incident and listed by incident then rule", testDueStates},
	{"obligations/a failed transaction stores none of it", testObligationRollback},
	{"obligations/assessments, filings and waivers refuse change but one acknowledgement", testObligationRecordsAppendOnly},
	{"obligations/every single-row read and change of a missing row, or of another incident's row", testObligationNotFound},
}

// updateObligations runs fn in a transaction and fails the test on an error.
func updateObligations(t *testing.T, s Stores, fn func(ctx context.Context, tx obligation.Tx) error) {
	t.Helper()
	ctx := t.Context()
	if err := s.Obligations.Update(ctx, func(tx obligation.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatalf("obligation update: %v", err)
	}
}

// fullFacts sets every field of the facts, each to something other than
// its zero value.
func fullFacts(incidentID, by int64) *obligation.Facts {
	return &obligation.Facts{
		IncidentID: incidentID, EstablishmentCountry: "DE", DELand: "NI",
		NIS2Entity: "essential", NIS2Sector: "health", NIS2Significant: true, DORAFinancialEntity: true,
		SECRegistrant: true, HIPAA: "business_associate", CNCIIOperator: true, CNGrade: "major", PublicBody: true,
		Processor: true, NYDFSCovered: true, UKPECRProvider: true,
		BreachTypes: []string{"confidentiality", "availability"}, Malicious: ptr(false), Encrypted: true, KeySafe: true,
		PersonsTotal: 120_000, PersonsByCountry: map[string]int64{"DE": 100_000, "US": 20_000, "US-CA": 1_500},
		RecordsTotal: 3_400_000, DataCategories: []string{"email", "health", "children"},
		DORAClassifiedAt: ptr(at(time.Hour)), SECMaterialityAt: ptr(at(2 * time.Hour)),
		USDiscoveredAt: ptr(at(-time.Hour)), USDeterminedAt: ptr(at(3 * time.Hour)),
		ContactPoint: "DPO Jana Beispiel, +49 511 000000", Consequences: "Phishing with the stolen addresses",
		MeasuresTaken: "Servers isolated", MeasuresProposed: "Password reset", DelayReasons: "Forensics took a day",
		UpdatedBy: by, UpdatedAt: at(4 * time.Hour),
	}
}

func testFactsRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	full := newIncident(t, s, "full")
	bare := newIncident(t, s, "bare")
	empty := newIncident(t, s, "empty")
	_, err := s.Obligations.Facts(ctx, full.ID)
	wantCode(t, err, errs.NotFound)

	want := fullFacts(full.ID, u.ID)
	// Zero facts of an incident nobody set anything for, by the desk.
	zero := &obligation.Facts{IncidentID: bare.ID, UpdatedAt: t0}
	// Empty lists and maps are not missing ones.
	emptyLists := &obligation.Facts{IncidentID: empty.ID, BreachTypes: []string{}, PersonsByCountry: map[string]int64{},
		DataCategories: []string{}, Malicious: ptr(true), UpdatedBy: u.ID, UpdatedAt: t0}
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		for _, f := range []*obligation.Facts{want, zero, emptyLists} {
			if err := tx.SaveFacts(ctx, f); err != nil {
				return err
			}
		}
		return nil
	})
	for _, f := range []*obligation.Facts{want, zero, emptyLists} {
		wantEqual(t, fmt.Sprint("Facts of incident ", f.IncidentID), must(s.Obligations.Facts(ctx, f.IncidentID))(t), f)
	}

	// A clock time in another zone is stored as the same instant, in UTC.
	berlin := time.FixedZone("CET", 3600)
	local := *want
	local.DORAClassifiedAt = ptr(want.DORAClassifiedAt.In(berlin))
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.SaveFacts(ctx, &local) })
	if local.DORAClassifiedAt.Location() != berlin {
		t.Error("SaveFacts changed the caller's time")
	}
	wantEqual(t, "Facts with a time saved in another zone", must(s.Obligations.Facts(ctx, full.ID))(t), want)
}

func testFactsReplace(t *testing.T, s Stores) {
	ctx := t.Context()
	a := newUser(t, s, "a@example.org", "A", auth.RoleLead)
	b := newUser(t, s, "b@example.org", "B", auth.RoleLead)
	inc := newIncident(t, s, "facts")
	other := newIncident(t, s, "other")
	first := fullFacts(inc.ID, a.ID)
	otherFacts := fullFacts(other.ID, a.ID)
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		if err := tx.SaveFacts(ctx, otherFacts); err != nil {
			return err
		}
		return tx.SaveFacts(ctx, first)
	})
	second := &obligation.Facts{IncidentID: inc.ID, EstablishmentCountry: "CN", CNGrade: "general",
		PersonsByCountry: map[string]int64{"CN": 7}, UpdatedBy: b.ID, UpdatedAt: at(time.Hour)}
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		if _, err := tx.IncidentForUpdate(ctx, inc.ID); err != nil {
			return err
		}
		wantEqual(t, "Facts in the transaction before saving", must(tx.Facts(ctx, inc.ID))(t), first)
		if err := tx.SaveFacts(ctx, second); err != nil {
			return err
		}
		wantEqual(t, "Facts in the transaction after saving", must(tx.Facts(ctx, inc.ID))(t), second)
		return nil
	})
	wantEqual(t, "Facts replaced", must(s.Obligations.Facts(ctx, inc.ID))(t), second)
	wantEqual(t, "Facts of the other incident", must(s.Obligations.Facts(ctx, other.ID))(t), otherFacts)
}

// assessment is an assessment of incident id decided by by at when.
func assessment(id, by int64, when time.Time, decision obligation.Advice) *obligation.Assessment {
	return &obligation.Assessment{IncidentID: id, DPCBase: 3, DPCAdjust: -0.25, DPCNote: "Card data, partly expired",
		EI: 0.75, EINote: "Names with addresses", CBConfidentiality: 0.5, CBIntegrity: 0.25, CBAvailability: 0,
		CBMalicious: true, CBNote: "Extortion", Score: 3.125, Level: obligation.LevelHigh,
		Advice: obligation.AdviceIndividuals, Decision: decision, DecisionReason: "Agreed", DecidedBy: by, DecidedAt: when}
}

func addAssessment(t *testing.T, s Stores, a *obligation.Assessment) *obligation.Assessment {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.AddAssessment(ctx, a) })
	if a.ID == 0 {
		t.Fatal("AddAssessment did not set the ID")
	}
	return a
}

func testAssessments(t *testing.T, s Stores) {
	ctx := t.Context()
	named := newUser(t, s, "ada@example.org", "Ada", auth.RoleLead)
	nameless := newUser(t, s, "bob@example.org", "", auth.RoleLead)
	inc := newIncident(t, s, "assessed")
	other := newIncident(t, s, "other")
	if got := must(s.Obligations.Assessments(ctx, inc.ID))(t); len(got) != 0 {
		t.Fatalf("%d assessments of a new incident", len(got))
	}
	oldest := addAssessment(t, s, assessment(inc.ID, named.ID, t0, obligation.AdviceIndividuals))
	newest := addAssessment(t, s, assessment(inc.ID, nameless.ID, at(2*time.Hour), obligation.AdviceAuthority))
	mild := assessment(inc.ID, 0, at(time.Hour), obligation.AdviceDocument)
	mild.CBMalicious, mild.DPCAdjust, mild.Score, mild.Level = false, 0.5, 1.5, obligation.LevelLow
	mild.DPCNote, mild.EINote, mild.CBNote, mild.DecisionReason = "", "", "", ""
	addAssessment(t, s, mild)
	// Decided at the same time as the newest, stored later: it counts.
	tie := addAssessment(t, s, assessment(inc.ID, named.ID, at(2*time.Hour), obligation.AdviceIndividuals))
	addAssessment(t, s, assessment(other.ID, named.ID, at(9*time.Hour), obligation.AdviceDocument))

	for a, name := range map[*obligation.Assessment]string{oldest: "Ada", newest: "bob@example.org", mild: ""} {
		if a.DecidedByName != name {
			t.Errorf("AddAssessment set DecidedByName %q, want %q", a.DecidedByName, name)
		}
	}
	got := must(s.Obligations.Assessments(ctx, inc.ID))(t)
	wantEqual(t, "Assessments", got, []obligation.Assessment{*tie, *newest, *mild, *oldest})
}

// filing is a filing of rule in incident id, filed by by at when.
func filing(id, by int64, rule string, when time.Time, doc []byte) *obligation.Filing {
	sum := sha256.Sum256(doc)
	return &obligation.Filing{IncidentID: id, Rule: rule, FiledAt: when, FiledBy: by, Channel: "portal",
		Recipient: "de-ni-lfd", Reference: "LfD-2025-0815", Note: "Filed through the portal",
		DocName: "meldung.pdf", DocType: "application/pdf", DocSize: int64(len(doc)),
		DocSHA256: hex.EncodeToString(sum[:]), RecordedAt: when.Add(time.Minute)}
}

func addFiling(t *testing.T, s Stores, f *obligation.Filing, doc []byte) *obligation.Filing {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.AddFiling(ctx, f, doc) })
	if f.ID == 0 {
		t.Fatal("AddFiling did not set the ID")
	}
	return f
}

func testFilings(t *testing.T, s Stores) {
	ctx := t.Context()
	named := newUser(t, s, "ada@example.org", "Ada", auth.RoleLead)
	nameless := newUser(t, s, "bob@example.org", "", auth.RoleLead)
	inc := newIncident(t, s, "filed")
	other := newIncident(t, s, "other")
	late := addFiling(t, s, filing(inc.ID, named.ID, "gdpr.33", at(3*time.Hour), []byte("%PDF-1.7 late")), []byte("%PDF-1.7 late"))
	acked := filing(inc.ID, nameless.ID, "nis2.23.early", at(time.Hour), []byte("early warning"))
	acked.AckAt, acked.AckNote = ptr(at(90*time.Minute)), "Received, reference given"
	addFiling(t, s, acked, []byte("early warning"))
	byPhone := filing(inc.ID, 0, "gdpr.34", at(3*time.Hour), nil)
	byPhone.Channel, byPhone.Recipient, byPhone.Reference, byPhone.Note = "phone", "", "", ""
	byPhone.DocName, byPhone.DocType, byPhone.DocSHA256 = "", "", ""
	addFiling(t, s, byPhone, nil)
	addFiling(t, s, filing(other.ID, named.ID, "gdpr.33", t0, []byte("x")), []byte("x"))

	for f, name := range map[*obligation.Filing]string{late: "Ada", acked: "bob@example.org", byPhone: ""} {
		if f.FiledByName != name {
			t.Errorf("AddFiling set FiledByName %q, want %q", f.FiledByName, name)
		}
	}
	want := []obligation.Filing{*acked, *late, *byPhone}
	wantEqual(t, "Filings", must(s.Obligations.Filings(ctx, inc.ID))(t), want)
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		wantEqual(t, "Filings in a transaction", must(tx.Filings(ctx, inc.ID))(t), want)
		return nil
	})
}

func testFilingDocument(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "documents")
	binary := make([]byte, 256*1024)
	for i := range binary {
		binary[i] = byte(i * 13)
	}
	for _, doc := range [][]byte{binary, {}, nil} {
		f := addFiling(t, s, filing(inc.ID, u.ID, "gdpr.33", t0, doc), doc)
		gotF, gotDoc, err := s.Obligations.FilingDocument(ctx, inc.ID, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "filing with its document", gotF, f)
		if gotDoc == nil || string(gotDoc) != string(doc) {
			t.Fatalf("document of %d bytes: %d bytes back (nil %v)", len(doc), len(gotDoc), gotDoc == nil)
		}
		if sum := sha256.Sum256(gotDoc); hex.EncodeToString(sum[:]) != gotF.DocSHA256 || gotF.DocSize != int64(len(gotDoc)) {
			t.Errorf("the document back does not match its stored digest and size")
		}
	}
}

func testAcknowledgeFiling(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "acknowledged")
	other := newIncident(t, s, "other")
	f := addFiling(t, s, filing(inc.ID, u.ID, "gdpr.33", t0, []byte("doc")), []byte("doc"))
	untouched := addFiling(t, s, filing(inc.ID, u.ID, "gdpr.34", at(time.Hour), []byte("doc")), []byte("doc"))
	ack := func(incidentID, filingID int64, when time.Time, note string) error {
		return s.Obligations.Update(ctx, func(tx obligation.Tx) error {
			return tx.AcknowledgeFiling(ctx, incidentID, filingID, when, note)
		})
	}
	if err := ack(inc.ID, f.ID, at(2*time.Hour), "Receipt LfD-4711"); err != nil {
		t.Fatal(err)
	}
	f.AckAt, f.AckNote = ptr(at(2*time.Hour)), "Receipt LfD-4711"
	wantEqual(t, "Filings after the acknowledgement", must(s.Obligations.Filings(ctx, inc.ID))(t), []obligation.Filing{*f, *untouched})

	wantCode(t, ack(inc.ID, f.ID, at(3*time.Hour), "again"), errs.Conflict)
	wantCode(t, ack(other.ID, untouched.ID, at(3*time.Hour), "wrong incident"), errs.NotFound)
	wantCode(t, ack(inc.ID, 1<<40, at(3*time.Hour), "missing"), errs.NotFound)
	wantEqual(t, "Filings after refused acknowledgements", must(s.Obligations.Filings(ctx, inc.ID))(t), []obligation.Filing{*f, *untouched})

	// Within one transaction, the second acknowledgement sees the first.
	err := s.Obligations.Update(ctx, func(tx obligation.Tx) error {
		if err := tx.AcknowledgeFiling(ctx, inc.ID, untouched.ID, at(4*time.Hour), ""); err != nil {
			return err
		}
		got := must(tx.Filings(ctx, inc.ID))(t)
		if got[1].AckAt == nil || !got[1].AckAt.Equal(at(4*time.Hour)) {
			t.Errorf("the transaction reads AckAt %v, want its own write", show(got[1].AckAt))
		}
		return tx.AcknowledgeFiling(ctx, inc.ID, untouched.ID, at(5*time.Hour), "again")
	})
	wantCode(t, err, errs.Conflict)
	if got := must(s.Obligations.Filings(ctx, inc.ID))(t)[1]; got.AckAt != nil {
		t.Errorf("the rolled back acknowledgement was kept: %s", show(got.AckAt))
	}
}

func addWaiver(t *testing.T, s Stores, w *obligation.Waiver) *obligation.Waiver {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.AddWaiver(ctx, w) })
	if w.ID == 0 {
		t.Fatal("AddWaiver did not set the ID")
	}
	return w
}

func testWaivers(t *testing.T, s Stores) {
	ctx := t.Context()
	named := newUser(t, s, "ada@example.org", "Ada", auth.RoleLead)
	nameless := newUser(t, s, "bob@example.org", "", auth.RoleLead)
	inc := newIncident(t, s, "waived")
	other := newIncident(t, s, "other")
	later := addWaiver(t, s, &obligation.Waiver{IncidentID: inc.ID, Rule: "gdpr.34", Reason: "Encrypted, key safe (Art. 34(3)(a))",
		DecidedBy: named.ID, DecidedAt: at(time.Hour)})
	first := addWaiver(t, s, &obligation.Waiver{IncidentID: inc.ID, Rule: "gdpr.33", Reason: "Unlikely to result in a risk",
		DecidedBy: nameless.ID, DecidedAt: t0})
	tie := addWaiver(t, s, &obligation.Waiver{IncidentID: inc.ID, Rule: "nis2.23", Reason: "Not significant", DecidedAt: at(time.Hour)})
	addWaiver(t, s, &obligation.Waiver{IncidentID: other.ID, Rule: "gdpr.33", Reason: "other", DecidedAt: t0})
	for w, name := range map[*obligation.Waiver]string{later: "Ada", first: "bob@example.org", tie: ""} {
		if w.DecidedName != name {
			t.Errorf("AddWaiver set DecidedName %q, want %q", w.DecidedName, name)
		}
	}
	want := []obligation.Waiver{*first, *later, *tie}
	wantEqual(t, "Waivers", must(s.Obligations.Waivers(ctx, inc.ID))(t), want)
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		wantEqual(t, "Waivers in a transaction", must(tx.Waivers(ctx, inc.ID))(t), want)
		return nil
	})
}

func saveDraft(t *testing.T, s Stores, d *obligation.Draft) *obligation.Draft {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.SaveDraft(ctx, d) })
	return d
}

func testDrafts(t *testing.T, s Stores) {
	ctx := t.Context()
	named := newUser(t, s, "ada@example.org", "Ada", auth.RoleComms)
	nameless := newUser(t, s, "bob@example.org", "", auth.RoleComms)
	inc := newIncident(t, s, "drafted")
	other := newIncident(t, s, "other")
	if got := must(s.Obligations.Drafts(ctx, inc.ID))(t); len(got) != 0 {
		t.Fatalf("%d drafts of a new incident", len(got))
	}
	// Rule IDs sort by byte: "gdpr.33" before "gdpr.33a" before "gdpr.34",
	// and upper case before lower case, whatever the server's locale.
	de := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.33", Lang: "de", Body: "# Meldung\n\nÜber…",
		UpdatedBy: named.ID, UpdatedAt: t0})
	en := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.33", Lang: "en", Body: "# Notification",
		UpdatedBy: nameless.ID, UpdatedAt: t0})
	suffixed := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.33a", Lang: "en", Body: "", UpdatedAt: t0})
	upper := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "US-CA.1798", Lang: "en", Body: "x", UpdatedAt: t0})
	later := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.34", Lang: "en", Body: "Dear customer", UpdatedAt: t0})
	saveDraft(t, s, &obligation.Draft{IncidentID: other.ID, Rule: "gdpr.33", Lang: "en", Body: "other", UpdatedAt: t0})
	for d, name := range map[*obligation.Draft]string{de: "Ada", en: "bob@example.org", later: ""} {
		if d.UpdatedByName != name {
			t.Errorf("SaveDraft set UpdatedByName %q, want %q", d.UpdatedByName, name)
		}
	}
	wantEqual(t, "Drafts", must(s.Obligations.Drafts(ctx, inc.ID))(t),
		[]obligation.Draft{*upper, *de, *en, *suffixed, *later})

	replaced := saveDraft(t, s, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.33", Lang: "de", Body: "# Meldung, zweite Fassung",
		UpdatedBy: nameless.ID, UpdatedAt: at(time.Hour)})
	wantEqual(t, "Draft saved over", must(s.Obligations.Draft(ctx, inc.ID, "gdpr.33", "de"))(t), replaced)
	wantEqual(t, "Draft of the other language", must(s.Obligations.Draft(ctx, inc.ID, "gdpr.33", "en"))(t), en)
	if n := len(must(s.Obligations.Drafts(ctx, inc.ID))(t)); n != 5 {
		t.Errorf("%d drafts after saving one over, want 5", n)
	}
	_, err := s.Obligations.Draft(ctx, inc.ID, "gdpr.34", "de")
	wantCode(t, err, errs.NotFound)
}

func saveAuthority(t *testing.T, s Stores, a *obligation.Authority) *obligation.Authority {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.SaveAuthority(ctx, a) })
	return a
}

func testAuthorities(t *testing.T, s Stores) {
	ctx := t.Context()
	admin := newUser(t, s, "admin@example.org", "Admin", auth.RoleAdmin)
	if got := must(s.Obligations.Authorities(ctx))(t); len(got) != 0 {
		t.Fatalf("%d authorities in a new database", len(got))
	}
	lfd := saveAuthority(t, s, &obligation.Authority{ID: "de-ni-lfd", Country: "DE", Region: "NI", Kind: "dpa",
		Name: "State Commissioner for Data Protection Lower Saxony", NameDE: "Die Landesbeauftragte für den Datenschutz Niedersachsen",
		Website: "https://lfd.niedersachsen.de", Portal: "https://lfd.niedersachsen.de/meldung", Email: "poststelle@lfd.niedersachsen.de",
		Phone: "+49 511 120-4500", Address: "Prinzenstraße 5, 30159 Hannover", Zone: "Europe/Berlin", Notes: "Portal preferred",
		UpdatedBy: admin.ID, UpdatedAt: at(time.Hour)})
	// As shipped: nobody changed it, and it has no time of change.
	bsi := saveAuthority(t, s, &obligation.Authority{ID: "bsi", Country: "DE", Kind: "csirt", Name: "BSI", Zone: "Europe/Berlin"})
	bfdi := saveAuthority(t, s, &obligation.Authority{ID: "bfdi", Country: "DE", Kind: "dpa", Name: "BfDI", UpdatedAt: t0})
	bayern := saveAuthority(t, s, &obligation.Authority{ID: "de-by-lda", Country: "DE", Region: "BY", Kind: "dpa", Name: "BayLDA", UpdatedAt: t0})
	sec := saveAuthority(t, s, &obligation.Authority{ID: "us-sec", Country: "US", Kind: "securities", Name: "SEC", UpdatedAt: t0})
	cac := saveAuthority(t, s, &obligation.Authority{ID: "cn-cac", Country: "CN", Kind: "cyberspace", Name: "CAC", UpdatedAt: t0})

	wantEqual(t, "Authorities", must(s.Obligations.Authorities(ctx))(t),
		[]obligation.Authority{*cac, *bfdi, *bsi, *bayern, *lfd, *sec})
	wantEqual(t, "Authority as shipped", must(s.Obligations.Authority(ctx, "bsi"))(t), bsi)

	edited := *bsi
	edited.Email, edited.Phone, edited.UpdatedBy, edited.UpdatedAt = "meldestelle@bsi.bund.de", "+49 228 99 9582-0", admin.ID, at(2*time.Hour)
	saveAuthority(t, s, &edited)
	wantEqual(t, "Authority saved over", must(s.Obligations.Authority(ctx, "bsi"))(t), &edited)
	if n := len(must(s.Obligations.Authorities(ctx))(t)); n != 6 {
		t.Errorf("%d authorities after saving one over, want 6", n)
	}
	_, err := s.Obligations.Authority(ctx, "BSI") // IDs are exact
	wantCode(t, err, errs.NotFound)
}

func addRuleFile(t *testing.T, s Stores, f *obligation.RuleFile) *obligation.RuleFile {
	t.Helper()
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.AddRuleFile(ctx, f) })
	if f.ID == 0 {
		t.Fatal("AddRuleFile did not set the ID")
	}
	return f
}

func testRuleFiles(t *testing.T, s Stores) {
	ctx := t.Context()
	admin := newUser(t, s, "admin@example.org", "Admin", auth.RoleAdmin)
	_, err := s.Obligations.ActiveRuleFile(ctx)
	wantCode(t, err, errs.NotFound)
	if got := must(s.Obligations.RuleFiles(ctx))(t); len(got) != 0 {
		t.Fatalf("%d rule files in a new database", len(got))
	}
	ruleFile := func(version string, by int64, when time.Time) *obligation.RuleFile {
		source := "version: " + version + "\nrules:\n  - id: gdpr.33 # Meldung binnen 72 Stunden\n"
		sum := sha256.Sum256([]byte(source))
		return &obligation.RuleFile{Version: version, Source: source, SHA256: hex.EncodeToString(sum[:]), LoadedBy: by, LoadedAt: when}
	}
	first := addRuleFile(t, s, ruleFile("2025.1", admin.ID, t0))
	second := addRuleFile(t, s, ruleFile("2025.2", 0, at(time.Hour)))
	wantEqual(t, "ActiveRuleFile", must(s.Obligations.ActiveRuleFile(ctx))(t), second)
	third := addRuleFile(t, s, ruleFile("2025.3", admin.ID, at(time.Hour)))
	wantEqual(t, "ActiveRuleFile after one loaded at the same time", must(s.Obligations.ActiveRuleFile(ctx))(t), third)

	var want []obligation.RuleFile
	for _, f := range []*obligation.RuleFile{third, second, first} {
		f := *f
		f.Source = ""
		want = append(want, f)
	}
	wantEqual(t, "RuleFiles", must(s.Obligations.RuleFiles(ctx))(t), want)
}

func testDueStates(t *testing.T, s Stores) {
	ctx := t.Context()
	a := newIncident(t, s, "a")
	b := newIncident(t, s, "b")
	c := newIncident(t, s, "c")
	replace := func(id int64, states ...obligation.DueState) {
		t.Helper()
		updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error { return tx.ReplaceDueStates(ctx, id, states) })
	}
	if got := must(s.Obligations.DueStates(ctx, nil))(t); len(got) != 0 {
		t.Fatalf("%d due states in a new database", len(got))
	}
	aStates := []obligation.DueState{
		{IncidentID: a.ID, Rule: "gdpr.34", Applies: true, Status: obligation.StatusOpen}, // ASAP without a target
		{IncidentID: a.ID, Rule: "gdpr.33", Applies: true, DueAt: ptr(at(72 * time.Hour)), Status: obligation.StatusFiled},
		{IncidentID: a.ID, Rule: "dora.19", Applies: false, Status: obligation.StatusOpen},
	}
	replace(a.ID, aStates...)
	bStates := []obligation.DueState{{IncidentID: b.ID, Rule: "nis2.23.early", Applies: true, DueAt: ptr(at(24 * time.Hour)),
		Status: obligation.StatusWaived}}
	replace(b.ID, bStates...)
	replace(c.ID, obligation.DueState{IncidentID: c.ID, Rule: "gdpr.33", Applies: true, DueAt: ptr(t0), Status: obligation.StatusOpen})

	aSorted := []obligation.DueState{aStates[2], aStates[1], aStates[0]}
	all := append(append([]obligation.DueState{}, aSorted...), bStates...)
	all = append(all, obligation.DueState{IncidentID: c.ID, Rule: "gdpr.33", Applies: true, DueAt: ptr(t0), Status: obligation.StatusOpen})
	wantEqual(t, "DueStates of all incidents", must(s.Obligations.DueStates(ctx, nil))(t), all)
	wantEqual(t, "DueStates of an empty list", must(s.Obligations.DueStates(ctx, []int64{}))(t), all)
	wantEqual(t, "DueStates of b and a", must(s.Obligations.DueStates(ctx, []int64{b.ID, a.ID}))(t), append(aSorted, bStates...))
	if got := must(s.Obligations.DueStates(ctx, []int64{1 << 40}))(t); len(got) != 0 {
		t.Errorf("%d due states of a missing incident", len(got))
	}

	// Replacing drops the rules no longer listed and touches no other incident.
	newA := obligation.DueState{IncidentID: a.ID, Rule: "gdpr.33", Applies: true, DueAt: ptr(at(70 * time.Hour)), Status: obligation.StatusOpen}
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		if err := tx.ReplaceDueStates(ctx, a.ID, []obligation.DueState{newA}); err != nil {
			return err
		}
		wantEqual(t, "DueStates in the transaction", must(tx.DueStates(ctx, []int64{a.ID}))(t), []obligation.DueState{newA})
		return nil
	})
	wantEqual(t, "DueStates of a and b after replacing a's", must(s.Obligations.DueStates(ctx, []int64{a.ID, b.ID}))(t),
		append([]obligation.DueState{newA}, bStates...))
	replace(b.ID)
	if got := must(s.Obligations.DueStates(ctx, []int64{b.ID}))(t); len(got) != 0 {
		t.Errorf("%d due states after replacing them with none", len(got))
	}
}

func testObligationRollback(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "rolled back")
	kept := addFiling(t, s, filing(inc.ID, u.ID, "gdpr.33", t0, []byte("doc")), []byte("doc"))
	err := s.Obligations.Update(ctx, func(tx obligation.Tx) error {
		if _, err := tx.IncidentForUpdate(ctx, inc.ID); err != nil {
			return err
		}
		steps := []func() error{
			func() error { return tx.SaveFacts(ctx, fullFacts(inc.ID, u.ID)) },
			func() error { return tx.AddAssessment(ctx, assessment(inc.ID, u.ID, t0, obligation.AdviceAuthority)) },
			func() error {
				return tx.AddFiling(ctx, filing(inc.ID, u.ID, "gdpr.34", t0, []byte("letter")), []byte("letter"))
			},
			func() error { return tx.AcknowledgeFiling(ctx, inc.ID, kept.ID, at(time.Hour), "ack") },
			func() error {
				return tx.AddWaiver(ctx, &obligation.Waiver{IncidentID: inc.ID, Rule: "nis2.23", Reason: "r", DecidedAt: t0})
			},
			func() error {
				return tx.SaveDraft(ctx, &obligation.Draft{IncidentID: inc.ID, Rule: "gdpr.33", Lang: "en", Body: "b", UpdatedAt: t0})
			},
			func() error {
				return tx.SaveAuthority(ctx, &obligation.Authority{ID: "bsi", Country: "DE", Kind: "csirt", Name: "BSI", UpdatedAt: t0})
			},
			func() error {
				return tx.AddRuleFile(ctx, &obligation.RuleFile{Version: "1", Source: "rules: []", SHA256: "x", LoadedAt: t0})
			},
			func() error {
				return tx.ReplaceDueStates(ctx, inc.ID, []obligation.DueState{{IncidentID: inc.ID, Rule: "gdpr.33", Applies: true,
					Status: obligation.StatusOpen}})
			},
			func() error {
				e := &incident.Entry{IncidentID: inc.ID, OccurredAt: t0, RecordedAt: t0, Kind: incident.EntryNote, Text: "facts changed"}
				return tx.AppendEntry(ctx, e, nil)
			},
			func() error {
				return tx.AppendAudit(ctx, audit(t0, auth.Event{Action: "obligation.facts", IncidentID: inc.ID}))
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		// Every write is visible to the transaction itself.
		if _, err := tx.Facts(ctx, inc.ID); err != nil {
			return err
		}
		if n := len(must(tx.Filings(ctx, inc.ID))(t)); n != 2 {
			t.Errorf("the transaction sees %d filings, want 2", n)
		}
		if n := len(must(tx.Waivers(ctx, inc.ID))(t)); n != 1 {
			t.Errorf("the transaction sees %d waivers, want 1", n)
		}
		if n := len(must(tx.DueStates(ctx, nil))(t)); n != 1 {
			t.Errorf("the transaction sees %d due states, want 1", n)
		}
		return errRollback
	})
	if !errors.Is(err, errRollback) {
		t.Fatalf("Update returned %v, want the error of fn", err)
	}

	_, err = s.Obligations.Facts(ctx, inc.ID)
	wantCode(t, err, errs.NotFound)
	_, err = s.Obligations.Authority(ctx, "bsi")
	wantCode(t, err, errs.NotFound)
	_, err = s.Obligations.ActiveRuleFile(ctx)
	wantCode(t, err, errs.NotFound)
	wantEqual(t, "Filings", must(s.Obligations.Filings(ctx, inc.ID))(t), []obligation.Filing{*kept})
	for what, n := range map[string]int{
		"assessments":      len(must(s.Obligations.Assessments(ctx, inc.ID))(t)),
		"waivers":          len(must(s.Obligations.Waivers(ctx, inc.ID))(t)),
		"drafts":           len(must(s.Obligations.Drafts(ctx, inc.ID))(t)),
		"authorities":      len(must(s.Obligations.Authorities(ctx))(t)),
		"rule files":       len(must(s.Obligations.RuleFiles(ctx))(t)),
		"due states":       len(must(s.Obligations.DueStates(ctx, nil))(t)),
		"timeline entries": must(s.Incidents.TimelineCount(ctx, inc.ID))(t),
		"audit entries":    len(must(s.Auth.AuditEntries(ctx, auth.AuditFilter{}))(t)),
	} {
		if n != 0 {
			t.Errorf("%d %s after the rollback", n, what)
		}
	}
}

func testObligationRecordsAppendOnly(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	inc := newIncident(t, s, "records")
	a := addAssessment(t, s, assessment(inc.ID, u.ID, t0, obligation.AdviceAuthority))
	w := addWaiver(t, s, &obligation.Waiver{IncidentID: inc.ID, Rule: "gdpr.34", Reason: "encrypted", DecidedAt: t0})
	acked := filing(inc.ID, u.ID, "gdpr.33", t0, []byte("doc"))
	acked.AckAt = ptr(at(time.Hour))
	addFiling(t, s, acked, []byte("doc"))
	open := addFiling(t, s, filing(inc.ID, u.ID, "gdpr.34", at(time.Minute), []byte("doc")), []byte("doc"))

	for _, stmt := range []string{
		`UPDATE risk_assessments SET decision = 'document'`,
		`DELETE FROM risk_assessments`,
		`UPDATE obligation_waivers SET reason = 'rewritten'`,
		`DELETE FROM obligation_waivers`,
		`DELETE FROM obligation_filings`,
		fmt.Sprintf(`UPDATE obligation_filings SET ack_note = 'again' WHERE id = %d`, acked.ID),
		fmt.Sprintf(`UPDATE obligation_filings SET ack_at = NULL WHERE id = %d`, acked.ID),
		// The document may not change, not even with the acknowledgement.
		fmt.Sprintf(`UPDATE obligation_filings SET doc = doc || doc WHERE id = %d`, open.ID),
		fmt.Sprintf(`UPDATE obligation_filings SET ack_at = recorded_at, doc_size = 0 WHERE id = %d`, open.ID),
		fmt.Sprintf(`UPDATE obligation_filings SET ack_at = recorded_at, note = 'rewritten' WHERE id = %d`, open.ID),
		fmt.Sprintf(`UPDATE obligation_filings SET ack_note = 'no date' WHERE id = %d`, open.ID),
	} {
		t.Run(stmt, func(t *testing.T) {
			_, err := s.SQL.ExecContext(ctx, stmt)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("the database answered %v, want a refusal naming the table append-only", err)
			}
		})
	}
	wantEqual(t, "Assessments", must(s.Obligations.Assessments(ctx, inc.ID))(t), []obligation.Assessment{*a})
	wantEqual(t, "Waivers", must(s.Obligations.Waivers(ctx, inc.ID))(t), []obligation.Waiver{*w})
	wantEqual(t, "Filings", must(s.Obligations.Filings(ctx, inc.ID))(t), []obligation.Filing{*acked, *open})

	// The one change allowed: an acknowledgement, once.
	stmt := fmt.Sprintf(`UPDATE obligation_filings SET ack_at = recorded_at, ack_note = 'by hand' WHERE id = %d`, open.ID)
	if _, err := s.SQL.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("the database refused an acknowledgement: %v", err)
	}
	if _, err := s.SQL.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("the database answered %v to a second acknowledgement, want a refusal", err)
	}
}

func testObligationNotFound(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "U", auth.RoleLead)
	a := newIncident(t, s, "a")
	b := newIncident(t, s, "b")
	const missing = 1 << 40
	f := addFiling(t, s, filing(a.ID, u.ID, "gdpr.33", t0, []byte("doc")), []byte("doc"))
	updateObligations(t, s, func(ctx context.Context, tx obligation.Tx) error {
		if err := tx.SaveFacts(ctx, &obligation.Facts{IncidentID: a.ID, UpdatedAt: t0}); err != nil {
			return err
		}
		return tx.SaveDraft(ctx, &obligation.Draft{IncidentID: a.ID, Rule: "gdpr.33", Lang: "en", UpdatedAt: t0})
	})
	reads := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Facts of another incident", func(ctx context.Context) error { _, err := s.Obligations.Facts(ctx, b.ID); return err }},
		{"FilingDocument of another incident", func(ctx context.Context) error {
			_, _, err := s.Obligations.FilingDocument(ctx, b.ID, f.ID)
			return err
		}},
		{"FilingDocument", func(ctx context.Context) error {
			_, _, err := s.Obligations.FilingDocument(ctx, a.ID, missing)
			return err
		}},
		{"Draft of another incident", func(ctx context.Context) error { _, err := s.Obligations.Draft(ctx, b.ID, "gdpr.33", "en"); return err }},
		{"Draft in another language", func(ctx context.Context) error { _, err := s.Obligations.Draft(ctx, a.ID, "gdpr.33", "de"); return err }},
		{"Authority", func(ctx context.Context) error { _, err := s.Obligations.Authority(ctx, "missing"); return err }},
		{"ActiveRuleFile", func(ctx context.Context) error { _, err := s.Obligations.ActiveRuleFile(ctx); return err }},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) { wantCode(t, r.call(t.Context()), errs.NotFound) })
	}
	changes := []struct {
		name string
		call func(ctx context.Context, tx obligation.Tx) error
	}{
		{"transaction Facts of another incident", func(ctx context.Context, tx obligation.Tx) error {
			_, err := tx.Facts(ctx, b.ID)
			return err
		}},
		{"IncidentForUpdate", func(ctx context.Context, tx obligation.Tx) error {
			_, err := tx.IncidentForUpdate(ctx, missing)
			return err
		}},
		{"AcknowledgeFiling of another incident", func(ctx context.Context, tx obligation.Tx) error {
			return tx.AcknowledgeFiling(ctx, b.ID, f.ID, t0, "")
		}},
		{"AcknowledgeFiling", func(ctx context.Context, tx obligation.Tx) error {
			return tx.AcknowledgeFiling(ctx, a.ID, missing, t0, "")
		}},
	}
	for _, c := range changes {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			wantCode(t, s.Obligations.Update(ctx, func(tx obligation.Tx) error { return c.call(ctx, tx) }), errs.NotFound)
		})
	}
}
