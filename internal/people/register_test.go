package people_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
	"github.com/breachdesk/breachdesk/internal/people"
)

func TestPersonsSpreadOverChunksAreLinked(t *testing.T) {
	d := newDesk(t)
	lines := []string{line("doc.txt", 1, "email", "", "zed@example.de")}
	for i := range 1200 {
		lines = append(lines, line("big.csv", i, "email", "", fmt.Sprintf("u%d@example.de", i)))
	}
	// Record 1100 shares user 0's phone; doc.txt's second part names Zed.
	lines = append(lines, line("big.csv", 0, "phone", "", "+4917011111111"), line("big.csv", 1100, "phone", "", "+4917011111111"),
		line("doc.txt", 1, "name", "", "Zed Zulu"))
	res := d.importFindings("big.jsonl", lines...)
	all := d.all()
	if len(all) != 1200 || res.Import.Created != 1200 {
		t.Fatalf("%d persons, import %+v", len(all), res.Import)
	}
	u0 := byEmail(t, all, "u0@example.de")
	if !slices.Contains(u0.Contact.Emails, "u1100@example.de") || u0.RecordCount != 2 {
		t.Fatalf("user 0: %+v", u0.Contact)
	}
	if zed := byEmail(t, all, "zed@example.de"); zed.Contact.Name != "Zed Zulu" {
		t.Fatalf("the second part of doc.txt:row 1 did not reach its person: %+v", zed.Contact)
	}
}

// crmCSV is a German CRM export: semicolons, a byte order mark, umlauts,
// a house number column, one bad e-mail, one customer not in the leak.
const crmCSV = "\ufeffKundennummer;Vorname;Nachname;E-Mail;Telefon;Straße;Hausnummer;PLZ;Ort;Land;Sprache\n" +
	"K-100 77;Jürgen;Müller;ANNA@example.de;0170 1234567;Hauptstraße;5;30159;Hannover;Deutschland;Deutsch\n" +
	"K-200;Wei;Wang;wang.wei@163.com;;\"Renmin Road; Block 1\";1;100000;Beijing;CN;zh\n" +
	"K-300;Kein;Treffer;keiner@example.de;;;;;;DE;de\n" +
	"K-400;Falsche;Adresse;kaputt-at-example;;;;;;Atlantis;de\n"

func TestCRMEnrichesTheRegisterFromAGermanCSV(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	d.importFindings("leak.jsonl", leak...)
	a := d.actor(auth.RoleComms)
	cols, m, err := d.svc.CRMColumns(ctx, a, d.inc.ID, "kunden.csv", []byte(crmCSV))
	if err != nil {
		t.Fatal(err)
	}
	if cols[5] != "Straße" || m.Email != "E-Mail" || m.CustomerNo != "Kundennummer" || m.FirstName != "Vorname" ||
		!slices.Equal(m.Address, []string{"Straße", "Hausnummer"}) || m.Postcode != "PLZ" || m.City != "Ort" ||
		m.Country != "Land" || m.Language != "Sprache" || !slices.Equal(m.Match, []people.IndexKind{"email", "phone", "customer_no"}) {
		t.Fatalf("columns %q, guessed mapping %+v", cols, m)
	}
	res, err := d.svc.ImportCRM(ctx, a, d.inc.ID, "kunden.csv", []byte(crmCSV), m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Import.Lines != 4 || res.Import.Updated != 2 || res.Unmatched != 2 || res.Import.Problems != 1 {
		t.Fatalf("import %+v, unmatched %d, problems %+v", res.Import, res.Unmatched, res.Problems)
	}
	if p := res.Problems[0]; p.Where != "row 5" || !strings.Contains(p.Reason, `"E-Mail"`) || !strings.Contains(p.Reason, `"Land"`) ||
		strings.Contains(p.Reason, "kaputt") || strings.Contains(p.Reason, "Atlantis") {
		t.Fatalf("problem %+v", p)
	}
	anna := byEmail(t, d.all(), "anna@example.de")
	if anna.Contact.Name != "Jürgen Müller" || !slices.Equal(anna.Contact.Address, []string{"Hauptstraße 5", "30159 Hannover"}) ||
		!slices.Equal(anna.Contact.CustomerNos, []string{"K-10077"}) || !anna.FromCRM || anna.Language != "de" || anna.Country != "DE" {
		t.Fatalf("anna after the CRM: %+v", anna)
	}
	wang := byEmail(t, d.all(), "wang.wei@163.com")
	if !slices.Equal(wang.Contact.Address, []string{"Renmin Road; Block 1 1", "100000 Beijing"}) || wang.Contact.CustomerNos[0] != "K-200" {
		t.Fatalf("wang after the CRM: %+v", wang.Contact)
	}

	before := d.rows()
	again, err := d.svc.ImportCRM(ctx, a, d.inc.ID, "kunden.csv", []byte(crmCSV), m)
	if err != nil {
		t.Fatal(err)
	}
	if again.Import.Updated != 0 || again.Import.Unchanged != 2 || !slices.EqualFunc(before, d.rows(), rowsEqual) {
		t.Fatalf("re-import changed the register: %+v", again.Import)
	}
	found, err := d.svc.Lookup(ctx, a, d.inc.ID, " k-100 77 ")
	if err != nil || len(found) != 1 || found[0].ID != anna.ID {
		t.Fatalf("lookup by customer number: %v %+v", err, found)
	}

	m.AddUnmatched = true
	added, err := d.svc.ImportCRM(ctx, a, d.inc.ID, "kunden.csv", []byte(crmCSV), m)
	if err != nil || added.Import.Created != 2 {
		t.Fatalf("adding the unmatched: %v %+v", err, added)
	}
}

func rowsEqual(a, b people.Row) bool {
	return a.ID == b.ID && bytes.Equal(a.Sealed, b.Sealed) && a.UpdatedAt.Equal(b.UpdatedAt) && a.RecordCount == b.RecordCount
}

func TestCRMFromAnXLSXWorkbookMatchesByPhone(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	d.importFindings("leak.jsonl", leak...)
	f := excelize.NewFile()
	rows := [][]any{
		{"Customer No", "Full Name", "Phone", "Street", "Zip", "City", "Country", "State", "Language"},
		{"C-1", "Anna Schmidt", "+49 (170) 123-4567", "Elm Street 1", "10001", "New York", "US", "NY", "en-US"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, m, err := d.svc.CRMColumns(ctx, d.actor(auth.RoleLead), d.inc.ID, "crm.xlsx", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Full Name" || m.Phone != "Phone" || !slices.Equal(m.Match, []people.IndexKind{"phone", "customer_no"}) {
		t.Fatalf("guessed %+v", m)
	}
	res, err := d.svc.ImportCRM(ctx, d.actor(auth.RoleLead), d.inc.ID, "crm.xlsx", buf.Bytes(), m)
	if err != nil || res.Import.Updated != 1 {
		t.Fatalf("import: %v %+v", err, res)
	}
	anna := byEmail(t, d.all(), "anna@example.de")
	if anna.Contact.Name != "Anna Schmidt" || anna.Country != "US" || anna.State != "NY" || anna.Language != "en" {
		t.Fatalf("anna: %+v", anna)
	}
}

func TestSegmentsSelectByRulesAndCountInOnePass(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	d.importFindings("leak.jsonl", append(leak,
		line("letters.csv", 1, "postal_address", "", "Hauptstraße 5, 30159 Hannover"),
		line("letters.csv", 1, "national_id", "de_id_card", "T22000129"))...)
	a := d.actor(auth.RoleComms)
	segs := map[string]*people.Segment{
		"chinese with iban": {Name: "chinese with iban", Rules: people.SegmentRules{AllCategories: []string{"iban"}, Languages: []string{"zh"}}},
		"e-mail":            {Name: "e-mail", Rules: people.SegmentRules{Reach: people.ReachEmail}},
		"letter":            {Name: "letter", Rules: people.SegmentRules{Reach: people.ReachPostalOnly, Files: []string{"letters.csv"}}},
		"germany":           {Name: "germany", Rules: people.SegmentRules{Countries: []string{"de"}}},
		"users dir":         {Name: "users dir", Rules: people.SegmentRules{Files: []string{"users"}}},
	}
	for _, s := range segs {
		if err := d.svc.SaveSegment(ctx, a, d.inc.ID, s); err != nil {
			t.Fatal(err)
		}
	}
	views, err := d.svc.Segments(ctx, d.actor(auth.RoleHotline), d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, v := range views {
		got[v.Name] = v.Members
	}
	want := map[string]int64{"chinese with iban": 1, "e-mail": 2, "letter": 1, "germany": 1, "users dir": 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("members %v, want %v", got, want)
	}
	var letters []string
	err = d.svc.EachMember(ctx, d.inc.ID, segs["letter"].Rules, func(p *people.Person) error {
		letters = append(letters, strings.Join(p.Contact.Address, " / "))
		return nil
	})
	if err != nil || !slices.Equal(letters, []string{"Hauptstraße 5 / 30159 Hannover"}) {
		t.Fatalf("letter members: %v %v", err, letters)
	}
	bad := &people.Segment{Name: "x", Rules: people.SegmentRules{AnyCategories: []string{"shoe_size"}, Countries: []string{"Germany"}, Reach: "pigeon"}}
	err = d.svc.SaveSegment(ctx, a, d.inc.ID, bad)
	if f := errs.FieldsOf(err); f["any_categories"] == "" || f["countries"] == "" || f["reach"] == "" {
		t.Fatalf("bad rules: %v %v", err, f)
	}
	err = d.svc.SaveSegment(ctx, d.actor(auth.RoleResponder), d.inc.ID, &people.Segment{Name: "y"})
	if !errs.Is(err, errs.Forbidden) {
		t.Fatalf("a responder defined a segment: %v", err)
	}
	page, err := d.svc.List(ctx, a, d.inc.ID, people.ListQuery{Segment: segs["e-mail"].ID, Limit: 1})
	if err != nil || len(page.Persons) != 1 || page.Next == 0 {
		t.Fatalf("first page of a segment: %v %+v", err, page)
	}
	page, err = d.svc.List(ctx, a, d.inc.ID, people.ListQuery{Segment: segs["e-mail"].ID, Limit: 1, After: page.Next})
	if err != nil || len(page.Persons) != 1 || page.Next != 0 {
		t.Fatalf("second page of a segment: %v %+v", err, page)
	}
}

func TestMaskContact(t *testing.T) {
	got := people.MaskContact(people.Contact{
		Name: "Jürgen Müller", Emails: []string{"max@example.com"}, Phones: []string{"+491701234567", "+8613812345678"},
		Address: []string{"Hauptstraße 5", "30159 Hannover"}, CustomerNos: []string{"K-10077"},
		NationalIDs: []string{"de_id_card:T22000129"}, Locators: []string{"a.csv:row 1"},
	})
	want := people.Contact{
		Name: "J*** M***", Emails: []string{"m***@example.com"}, Phones: []string{"+49 *** *** 67", "+86 *** *** 78"},
		Address: []string{"Hau***", "301***"}, CustomerNos: []string{"***77"},
		NationalIDs: []string{"de_id_card:***29"}, Locators: []string{"a.csv:row 1"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("masked\n%+v\nwant\n%+v", got, want)
	}
}

func TestRightsPerRole(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	d.importFindings("leak.jsonl", leak...)
	id := byEmail(t, d.all(), "anna@example.de").ID
	for _, tc := range []struct {
		role   auth.Role
		rights people.Rights
	}{
		{auth.RoleAdmin, people.Rights{View: true, Unmask: true, Import: true, Segments: true, Erase: true}},
		{auth.RoleLead, people.Rights{View: true, Unmask: true, Import: true, Segments: true, Erase: true}},
		{auth.RoleComms, people.Rights{View: true, Unmask: true, Import: true, Segments: true}},
		{auth.RoleResponder, people.Rights{View: true, Import: true}},
		{auth.RoleHotline, people.Rights{View: true}},
		{auth.RoleViewer, people.Rights{View: true}},
	} {
		got, err := d.svc.Rights(ctx, d.actor(tc.role), d.inc.ID)
		if err != nil || got != tc.rights {
			t.Errorf("%s: %+v %v, want %+v", tc.role, got, err, tc.rights)
		}
		p, err := d.svc.Person(ctx, d.actor(tc.role), d.inc.ID, id, true)
		if err != nil {
			t.Fatal(err)
		}
		unmasked := p.Contact.Emails[0] == "anna@example.de"
		if unmasked != tc.rights.Unmask {
			t.Errorf("%s sees %q", tc.role, p.Contact.Emails[0])
		}
	}
	if _, err := d.svc.Person(ctx, d.actor("outsider"), d.inc.ID, id, true); !errs.Is(err, errs.NotFound) {
		t.Fatalf("an outsider: %v", err)
	}
	views, err := d.db.Auth().AuditEntries(ctx, auth.AuditFilter{Action: "person.view"})
	if err != nil || len(views) != 3 {
		t.Fatalf("%d unmasked views audited, want 3 (admin, lead, comms): %v", len(views), err)
	}
	page, err := d.svc.List(ctx, d.actor(auth.RoleHotline), d.inc.ID, people.ListQuery{Search: "0170 1234567"})
	if err != nil || len(page.Persons) != 1 || page.Persons[0].Contact.Emails[0] != "a***@example.de" {
		t.Fatalf("hotline search by phone: %v %+v", err, page)
	}
}

func TestErasingKeepsTheCountsAndNothingPersonalIsRecorded(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	d.importFindings("leak.jsonl", leak...)
	lead := d.actor(auth.RoleLead)
	before, err := d.svc.Counts(ctx, lead, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	wang := byEmail(t, d.all(), "wang.wei@163.com")
	if err := d.svc.Erase(ctx, lead, d.inc.ID, wang.ID, " "); !errs.Is(err, errs.Invalid) {
		t.Fatalf("erase without a reason: %v", err)
	}
	if err := d.svc.Erase(ctx, d.actor(auth.RoleComms), d.inc.ID, wang.ID, "Art. 17"); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("comms erased: %v", err)
	}
	if err := d.svc.Erase(ctx, lead, d.inc.ID, wang.ID, "Request by Wang Wei, wang.wei@163.com"); err != nil {
		t.Fatal(err)
	}
	after, err := d.svc.Counts(ctx, lead, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Persons != before.Persons-1 || after.Erased != 1 || after.Records != before.Records ||
		fmt.Sprint(after.ByCategory) != fmt.Sprint(before.ByCategory) || after.ByCountry["CN"] != 1 {
		t.Fatalf("counts before %+v after %+v", before, after)
	}
	p, err := d.svc.Person(ctx, lead, d.inc.ID, wang.ID, true)
	if err != nil || !p.Erased || p.Contact.Name != "" || len(p.Contact.Emails) != 0 {
		t.Fatalf("erased person: %v %+v", err, p)
	}
	if found, _ := d.svc.Lookup(ctx, lead, d.inc.ID, "wang.wei@163.com"); len(found) != 0 {
		t.Fatalf("an erased person is still found")
	}
	// Re-importing the leak does not bring the erased person's data back
	// into the erased row.
	d.importFindings("leak.jsonl", leak...)
	if p, _ := d.svc.Unsealed(ctx, d.inc.ID, wang.ID); !p.Erased || p.Contact.Name != "" {
		t.Fatalf("erased row refilled: %+v", p)
	}

	if err := d.svc.ApplyCounts(ctx, lead, d.inc.ID); err != nil {
		t.Fatal(err)
	}
	facts, err := d.db.Obligations().Facts(ctx, d.inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if facts.PersonsTotal < 2 || facts.PersonsByCountry["DE"] != 1 || !slices.Contains(facts.DataCategories, "iban") {
		t.Fatalf("facts %+v", facts)
	}

	// Nothing a person could be known by is in the audit or the timeline.
	d.svc.Person(ctx, d.actor(auth.RoleComms), d.inc.ID, byEmail(t, d.all(), "anna@example.de").ID, true)
	recorded := d.auditAndTimeline()
	for _, v := range []string{"wang.wei", "163.com", "Wang", "anna@", "8613812345678", "1701234567", "Renmin", "Beijing", "Nobody", "Request by"} {
		if strings.Contains(recorded, v) {
			t.Errorf("%q is in the audit or the timeline", v)
		}
	}
	for _, action := range []string{"people.import", "person.erase", "person.view"} {
		if !strings.Contains(recorded, action) {
			t.Errorf("no %s entry", action)
		}
	}
	_ = obligation.ScannerCategories
}
