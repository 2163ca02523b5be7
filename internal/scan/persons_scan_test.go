package scan_test

// Persons and decoys: who counts as a person (docs/scanner.md, Persons),
// and numbers that look like IDs but are not.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestPersons(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		persons int64
		want    map[detect.Category]scan.CategoryCount
	}{
		{
			name: "rows sharing an e-mail across two files are one person",
			files: map[string]string{
				"crm.csv":  "name,email\nAnna Arndt,anna@example.com\nBen Berg,ben@example.com\n",
				"shop.csv": "name,email\nAnna A.,ANNA@Example.com\nDora Diaz,dora@example.com\n",
			},
			persons: 3, // anna, ben, dora
			want: map[detect.Category]scan.CategoryCount{
				detect.Email: {Records: 4, Distinct: 3},
				detect.Name:  {Records: 4, Distinct: 4},
			},
		},
		{
			name: "a row with a phone and an e-mail links them, across files and formats of the number",
			files: map[string]string{
				"a.csv": "email,phone\neva@example.com,+49 30 1234567\n",
				"b.csv": "phone\n030 1234567\n",                             // the same number, national format
				"c.csv": "email,phone\neva@example.com,0170 1234567\n",      // eva's second number
				"d.csv": "phone\n+49 170 1234567\n",                         // joins eva through c.csv
				"e.csv": "phone\n+49 30 12345678\n",                         // someone else
				"f.csv": "mobile,contact_email\n+49 30 12345678,\n",         // the same someone else
				"g.csv": "phone,email\n+49 30 12345678,fritz@example.com\n", // gives them an e-mail
			},
			persons: 2, // eva with two numbers; fritz with one
			want: map[detect.Category]scan.CategoryCount{
				detect.Email: {Records: 3, Distinct: 2},
				detect.Phone: {Records: 7, Distinct: 3},
			},
		},
		{
			name: "a document listing several e-mail addresses counts each as a person of its own",
			files: map[string]string{
				"memo.txt": "To: a1@example.com, a2@example.com, a3@example.com\nCall the desk: +49 30 1234567.\n",
			},
			persons: 4, // three addresses and a phone number, not linked by sharing a document
			want: map[detect.Category]scan.CategoryCount{
				detect.Email: {Records: 1, Distinct: 3},
				detect.Phone: {Records: 1, Distinct: 1},
			},
		},
		{
			name: "a document's identifier that is already known joins that person",
			files: map[string]string{
				"memo.txt":  "To: a1@example.com, a2@example.com, a3@example.com\nCall the desk: +49 30 1234567.\n",
				"staff.csv": "email,phone\na1@example.com,+49 30 1234567\n",
			},
			persons: 3, // a1 with the phone number, a2, a3
			want: map[detect.Category]scan.CategoryCount{
				detect.Email: {Records: 2, Distinct: 3},
				detect.Phone: {Records: 2, Distinct: 1},
			},
		},
		{
			name: "two documents naming the same address are one person",
			files: map[string]string{
				"a.txt": "Reply to same@example.com please.\n",
				"b.txt": "Complaint from SAME@example.com.\n",
			},
			persons: 1,
			want:    map[detect.Category]scan.CategoryCount{detect.Email: {Records: 2, Distinct: 1}},
		},
		{
			name:    "a record with only a name is one person",
			files:   map[string]string{"staff.csv": "first_name,last_name\nMax,Mustermann\nErika,Musterfrau\n"},
			persons: 2,
			want:    map[detect.Category]scan.CategoryCount{detect.Name: {Records: 2, Distinct: 2}},
		},
		{
			name:    "the same name in two records without a linking identifier is two persons",
			files:   map[string]string{"staff.csv": "name\nMax Mustermann\nMax Mustermann\n"},
			persons: 2,
			want:    map[detect.Category]scan.CategoryCount{detect.Name: {Records: 2, Distinct: 1}},
		},
		{
			name:    "a name and an e-mail in one row are one person, not two",
			files:   map[string]string{"users.csv": "name,email\nMax Mustermann,max@example.com\n"},
			persons: 1,
			want: map[detect.Category]scan.CategoryCount{
				detect.Email: {Records: 1, Distinct: 1},
				detect.Name:  {Records: 1, Distinct: 1},
			},
		},
		{
			name:    "a document with an IBAN and no linking identifier is one person",
			files:   map[string]string{"letter.txt": "Please refund to DE89 3704 0044 0532 0130 00.\n"},
			persons: 1,
			want:    map[detect.Category]scan.CategoryCount{detect.IBAN: {Records: 1, Distinct: 1}},
		},
		{
			name: "secrets, credentials, IP addresses and VINs alone make no person",
			files: map[string]string{
				"config.txt": "# deploy settings\naws key: " + token("AKIA", "IOSFODNN7EXAMPLE") + "\n" +
					"password=Sup3rS3cret!\nlisten 192.168.10.20\n",
				"cars.csv": "vin,ip\n1M8GDM9AXKP042788,10.1.2.3\n",
			},
			persons: 0,
			want: map[detect.Category]scan.CategoryCount{
				detect.Secret:     {Records: 1, Distinct: 1, Kinds: map[string]int64{"aws_access_key": 1}},
				detect.Credential: {Records: 1, Distinct: 1, Kinds: map[string]int64{"password": 1}},
				detect.IPAddress:  {Records: 2, Distinct: 2},
				detect.VIN:        {Records: 1, Distinct: 1},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			res := mustScan(t, dir)
			checkNoSkipped(t, res.rep)
			if res.rep.Persons != tc.persons {
				t.Errorf("persons = %d, want %d", res.rep.Persons, tc.persons)
			}
			for c, want := range tc.want {
				checkCategory(t, res.rep, c, want)
			}
			for c, got := range res.rep.Categories {
				if _, ok := tc.want[c]; !ok {
					t.Errorf("unexpected category %s: %+v", c, *got)
				}
			}
		})
	}
}

// cnCheckChar computes the check character of a Chinese resident ID
// from its first 17 digits (ISO 7064 MOD 11-2), written out here rather
// than taken from package detect so the test checks the detector against
// the standard.
func cnCheckChar(first17 string) byte {
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return "10X98765432"[sum%11]
}

// cnID returns a valid resident ID of Beijing Chaoyang born on birth
// (YYYYMMDD) with sequence number seq, and a decoy: the same digits with
// a wrong check digit.
func cnID(t *testing.T, birth string, seq int) (valid, decoy string) {
	t.Helper()
	first17 := "110105" + birth + fmt.Sprintf("%03d", seq)
	check := cnCheckChar(first17)
	if got := detect.CNResidentCheckChar(first17); got != check {
		t.Fatalf("detect.CNResidentCheckChar(%s) = %c, the standard says %c", first17, got, check)
	}
	wrong := byte('0')
	if check == '0' {
		wrong = '1'
	}
	return first17 + string(check), first17 + string(wrong)
}

func TestAnOrderNumberIsNoNationalIDButAnIDCardNumberIs(t *testing.T) {
	var valid, decoys []string
	for i, birth := range []string{"19800101", "19751231", "20000229", "19910715"} {
		v, d := cnID(t, birth, 10+i)
		valid, decoys = append(valid, v), append(decoys, d)
	}
	orders := "order_no,id_card_no,amount\n"
	for i := range 3 {
		orders += decoys[i] + "," + valid[i] + ",19.99\n"
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"orders.csv": orders,
		// the column name does not replace validation
		"cards.csv": "id_card_no\n" + decoys[3] + "\n",
		// a strong format counts in text without context
		"note.txt": "Customer number " + strings.ToLower(valid[3]) + " called.\n",
	})
	res := mustScan(t, dir)
	checkNoSkipped(t, res.rep)
	checkCategory(t, res.rep, detect.NationalID, scan.CategoryCount{Records: 4, Distinct: 4,
		Kinds: map[string]int64{"cn_resident_id": 4}})
	if len(res.rep.Categories) != 1 {
		t.Errorf("categories = %v, want national_id alone (an 18-digit order number is no phone number either)", res.rep.Categories)
	}
	if res.rep.Persons != 4 {
		t.Errorf("persons = %d, want 4", res.rep.Persons)
	}
	checkFiles(t, res.rep, []scan.FileReport{
		{Path: "cards.csv", Format: "csv", Records: 1, Categories: cats()},
		{Path: "note.txt", Format: "text", Records: 1, Categories: cats(detect.NationalID, 1)},
		{Path: "orders.csv", Format: "csv", Records: 3, Categories: cats(detect.NationalID, 3)},
	})
	var got []string
	for _, f := range res.findings {
		if f.Category != "national_id" || f.Kind != "cn_resident_id" {
			t.Errorf("finding %v, want only national_id of kind cn_resident_id", f)
		}
		got = append(got, f.Value)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(valid))
	if !slices.Equal(got, want) {
		t.Errorf("national IDs found = %q, want the valid ones %q and none of the decoys %q", got, want, decoys)
	}
}

func TestValuesInNameAndAddressColumnsAreStillFound(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"orders.csv": "customer_name,delivery_address\n" +
			"hank@example.com,\"Hauptstraße 5, 10115 Berlin, Tel. +49 30 1234567\"\n",
	})
	res := mustScan(t, dir)
	checkCategory(t, res.rep, detect.Email, scan.CategoryCount{Records: 1, Distinct: 1})
	checkCategory(t, res.rep, detect.Phone, scan.CategoryCount{Records: 1, Distinct: 1})
	if res.rep.Persons != 1 {
		t.Errorf("persons = %d, want 1", res.rep.Persons)
	}
}
