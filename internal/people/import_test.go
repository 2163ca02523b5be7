package people_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// A leak's records: Wang Wei appears in the user table and, by phone, in
// the orders; Anna has an e-mail only; a record with a name alone links
// no one.
var leak = []string{
	line("users.csv", 2, "email", "", "wang.wei@163.com"),
	line("users.csv", 2, "phone", "", "+8613812345678"),
	line("users.csv", 2, "name", "", "Wang Wei"),
	line("users.csv", 2, "postal_address", "", "1 Renmin Road, 100000 Beijing"),
	line("orders.csv", 7, "phone", "", "+8613812345678"),
	line("orders.csv", 7, "iban", "", "DE89370400440532013000"),
	line("users.csv", 3, "email", "", "anna@example.de"),
	line("users.csv", 3, "phone", "", "+49 170 1234567"),
	line("users.csv", 4, "name", "", "Nobody Linked"),
}

func TestRecordsSharingAValueAreOnePerson(t *testing.T) {
	d := newDesk(t)
	res := d.importFindings("leak.jsonl", leak...)
	if res.Import.Created != 2 || res.Unlinked != 1 || res.Import.Lines != int64(len(leak)) || res.Import.Problems != 0 {
		t.Fatalf("import: %+v, unlinked %d, problems %v", res.Import, res.Unlinked, res.Problems)
	}
	all := d.all()
	if len(all) != 2 {
		t.Fatalf("%d persons, want 2", len(all))
	}
	wang := byEmail(t, all, "wang.wei@163.com")
	want := people.Contact{
		Name: "Wang Wei", Emails: []string{"wang.wei@163.com"}, Phones: []string{"+8613812345678"},
		Address:  []string{"1 Renmin Road", "100000 Beijing"},
		Locators: []string{"users.csv:row 2", "orders.csv:row 7"},
	}
	if !reflect.DeepEqual(wang.Contact, want) {
		t.Fatalf("contact %+v\nwant %+v", wang.Contact, want)
	}
	if !slices.Equal(wang.Categories, []string{"email", "iban", "name", "phone", "postal_address"}) ||
		!slices.Equal(wang.Files, []string{"orders.csv", "users.csv"}) || wang.RecordCount != 2 {
		t.Fatalf("categories %v, files %v, records %d", wang.Categories, wang.Files, wang.RecordCount)
	}
	if wang.Country != "CN" || wang.Language != "zh" {
		t.Fatalf("country %q language %q, want CN zh (from the phone)", wang.Country, wang.Language)
	}
	anna := byEmail(t, all, "anna@example.de")
	if anna.Country != "DE" || anna.Language != "de" || anna.Contact.Phones[0] != "+491701234567" {
		t.Fatalf("anna: %+v", anna)
	}
}

func TestReimportingTheSameFileChangesNothing(t *testing.T) {
	d := newDesk(t)
	d.importFindings("leak.jsonl", leak...)
	before := d.rows()
	res := d.importFindings("leak.jsonl", leak...)
	if res.Import.Created != 0 || res.Import.Updated != 0 || res.Import.Unchanged != 2 {
		t.Fatalf("second import: %+v", res.Import)
	}
	if after := d.rows(); !reflect.DeepEqual(before, after) {
		t.Fatalf("the register changed:\n%+v\n%+v", before, after)
	}
}

func TestAFindingThatLinksTwoPersonsMergesThem(t *testing.T) {
	d := newDesk(t)
	d.importFindings("a.jsonl",
		line("a.csv", 1, "email", "", "max@example.de"),
		line("b.csv", 1, "phone", "", "+4917012345678"),
		line("b.csv", 1, "national_id", "de_id_card", "t22000129"),
	)
	if n := len(d.all()); n != 2 {
		t.Fatalf("%d persons before the link, want 2", n)
	}
	res := d.importFindings("c.jsonl",
		line("c.csv", 9, "email", "", "MAX@example.de"),
		line("c.csv", 9, "phone", "", "+49 170 12345678"),
	)
	all := d.all()
	if len(all) != 1 {
		t.Fatalf("%d persons after the link, want 1", len(all))
	}
	p := all[0]
	if p.RecordCount != 3 || len(p.Contact.Emails) != 1 || !slices.Equal(p.Contact.NationalIDs, []string{"de_id_card:T22000129"}) {
		t.Fatalf("merged person: %+v", p)
	}
	if res.Import.Created != 0 || res.Import.Updated != 2 {
		t.Fatalf("link import: %+v", res.Import)
	}
	// Chunks: the same holds when the records are far apart in a large file.
	if got := d.importFindings("c.jsonl", line("c.csv", 9, "email", "", "max@example.de")); got.Import.Unchanged != 1 {
		t.Fatalf("re-import: %+v", got.Import)
	}
}

func TestBadLinesAreCountedByNumberWithoutTheirContent(t *testing.T) {
	d := newDesk(t)
	secret := "not-an-address-4711"
	res := d.importFindings("bad.jsonl",
		line("a.csv", 1, "email", "", "ok@example.de"),
		"{broken "+secret+"\n",
		line("a.csv", 2, "email", "", secret),
		line("a.csv", 3, "weather", "", "sunny"),
		"\n",
		line("a.csv", 4, "phone", "", "12"),
	)
	if res.Import.Problems != 4 || res.Import.Created != 1 {
		t.Fatalf("import: %+v %+v", res.Import, res.Problems)
	}
	var wheres []string
	for _, p := range res.Problems {
		wheres = append(wheres, p.Where)
		if strings.Contains(p.Reason, secret) || strings.Contains(p.Reason, "sunny") {
			t.Fatalf("a problem quotes the value: %q", p.Reason)
		}
	}
	if !slices.Equal(wheres, []string{"line 2", "line 3", "line 4", "line 6"}) {
		t.Fatalf("problems at %v", wheres)
	}
}

func TestAFindingsImportNeedsTheImportRight(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	for role, code := range map[auth.Role]errs.Code{
		auth.RoleHotline: errs.Forbidden, auth.RoleViewer: errs.Forbidden, "outsider": errs.NotFound,
	} {
		_, err := d.svc.ImportFindings(ctx, d.actor(role), d.inc.ID, "findings", "x", strings.NewReader(leak[0]))
		if !errs.Is(err, code) {
			t.Errorf("%s: %v, want %s", role, err, code)
		}
	}
	if n := len(d.all()); n != 0 {
		t.Fatalf("a refused import stored %d persons", n)
	}
}
