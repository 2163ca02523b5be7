package synthleak

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// plantedRecord is a record of a ledger scenario.
type plantedRecord struct {
	tabular bool
	values  []finding
}

func email(v string) finding     { return finding{cat: detect.Email, value: v} }
func phone(v string) finding     { return finding{cat: detect.Phone, value: v} }
func id(v string) finding        { return finding{cat: detect.NationalID, kind: "cn_resident_id", value: v} }
func name(v string) finding      { return finding{cat: detect.Name, value: v} }
func secret(v string) finding    { return finding{cat: detect.Secret, kind: "aws_access_key", value: v} }
func ip(v string) finding        { return finding{cat: detect.IPAddress, value: v} }
func vin(v string) finding       { return finding{cat: detect.VIN, value: v} }
func ibanValue(v string) finding { return finding{cat: detect.IBAN, value: v} }

func row(values ...finding) plantedRecord { return plantedRecord{true, values} }
func doc(values ...finding) plantedRecord { return plantedRecord{false, values} }

// TestLedgerCountsPersonsAsTheSpecSays walks the rules of docs/scanner.md
// "Persons" one by one.
func TestLedgerCountsPersonsAsTheSpecSays(t *testing.T) {
	tests := []struct {
		name    string
		records []plantedRecord
		persons int64
	}{
		{"a row's e-mail and phone are one person",
			[]plantedRecord{row(email("a@x.com"), phone("+1"))}, 1},
		{"rows sharing a phone number are one person",
			[]plantedRecord{row(email("a@x.com"), phone("+1")), row(email("b@x.com"), phone("+1"))}, 1},
		{"links carry over: e-mail to phone to ID",
			[]plantedRecord{row(email("a@x.com"), phone("+1")), row(phone("+1"), id("X")), row(id("X"), email("c@x.com"))}, 1},
		{"a document's identifiers are each a person of their own",
			[]plantedRecord{doc(email("a@x.com"), email("b@x.com"), phone("+1"))}, 3},
		{"a document's identifier that a row knows is that row's person",
			[]plantedRecord{row(email("a@x.com"), phone("+1")), doc(email("a@x.com"), phone("+1"))}, 1},
		{"a document does not link the rows it mentions",
			[]plantedRecord{row(email("a@x.com")), row(email("b@x.com")), doc(email("a@x.com"), email("b@x.com"))}, 2},
		{"personal data without a linking identifier is one person per record",
			[]plantedRecord{row(name("Max Mustermann")), row(name("Max Mustermann")), doc(ibanValue("DE89370400440532013000"))}, 3},
		{"secrets, IP addresses and VINs alone make no person",
			[]plantedRecord{doc(secret("AKIA")), row(ip("1.2.3.4"), vin("LJ1")), row()}, 0},
		{"a name next to a linking identifier adds no person",
			[]plantedRecord{row(name("Max"), email("a@x.com"))}, 1},
		{"the same text as e-mail and as phone are different values",
			[]plantedRecord{doc(email("1"), phone("1"))}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger(false)
			f := l.file("f.csv", "csv")
			for _, pr := range tt.records {
				r := f.row()
				if !pr.tabular {
					r = f.doc()
				}
				for _, v := range pr.values {
					r.add(v.cat, v.kind, v.value)
				}
				f.end()
			}
			f.close(0)
			if got := l.persons(); got != tt.persons {
				t.Errorf("persons = %d, want %d", got, tt.persons)
			}
		})
	}
}

// TestLedgerCountsRecordsAndDistinctValues checks the category figures:
// records holding a category, distinct values, kinds, per-file counts.
func TestLedgerCountsRecordsAndDistinctValues(t *testing.T) {
	l := newLedger(false)
	f := l.file("b.csv", "csv")
	r := f.row()
	r.add(detect.Email, "", "a@x.com")
	r.add(detect.Email, "", "b@x.com")
	r.add(detect.Email, "", "a@x.com") // the same value again counts once
	f.end()
	r = f.row()
	r.add(detect.Email, "", "a@x.com")
	r.add(detect.NationalID, "de_tax_id", "86095742719")
	f.end()
	f.row()
	f.end()
	f.close(100)
	g := l.file("a.txt", "text")
	g.doc().add(detect.NationalID, "cn_resident_id", "11010519491231002X")
	g.end()
	g.close(10)
	l.skip("z.bin", "unsupported binary format")

	rep := l.report()
	if rep.Scanned.Files != 2 || rep.Scanned.Records != 4 || rep.Scanned.Bytes != 110 {
		t.Errorf("scanned = %+v, want 2 files, 4 records, 110 bytes", rep.Scanned)
	}
	if c := rep.Categories[detect.Email]; c.Records != 2 || c.Distinct != 2 || c.Kinds != nil {
		t.Errorf("email = %+v, want 2 records, 2 distinct, no kinds", c)
	}
	if c := rep.Categories[detect.NationalID]; c.Records != 2 || c.Distinct != 2 || c.Kinds["de_tax_id"] != 1 || c.Kinds["cn_resident_id"] != 1 {
		t.Errorf("national_id = %+v, want 2 records, 2 distinct, one of each kind", c)
	}
	if _, ok := rep.Categories[detect.Phone]; ok {
		t.Error("a category with nothing found is listed")
	}
	if rep.Files[0].Path != "a.txt" || rep.Files[1].Categories[detect.Email] != 2 || rep.Files[1].Records != 3 {
		t.Errorf("files = %+v, want a.txt first, b.csv with 3 records, 2 of them with e-mail", rep.Files)
	}
	if len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "unsupported binary format" {
		t.Errorf("skipped = %+v", rep.Skipped)
	}
}

func TestJoinNameAndAddressNormalizeAsTheSpecSays(t *testing.T) {
	tests := []struct {
		name        string
		parts       []string
		wantName    string
		wantAddress string
	}{
		{"values are trimmed", []string{" Max ", "Mustermann "}, "Max Mustermann", "Max, Mustermann"},
		{"placeholders are left out", []string{"n/a", "Mustermann", "-"}, "Mustermann", "Mustermann"},
		{"inner whitespace of addresses collapses", []string{"北京市朝阳区\n建国路88号", "100022"}, "北京市朝阳区\n建国路88号 100022", "北京市朝阳区 建国路88号, 100022"},
		{"nothing left is empty", []string{" ", "NULL"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := joinName(tt.parts...); got != tt.wantName {
				t.Errorf("joinName = %q, want %q", got, tt.wantName)
			}
			if got := joinAddress(tt.parts...); got != tt.wantAddress {
				t.Errorf("joinAddress = %q, want %q", got, tt.wantAddress)
			}
		})
	}
}
