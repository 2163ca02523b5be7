package scan_test

// The report never holds a full value: only counts, paths and reasons,
// and masked examples for the summary table.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/scan"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

func TestTheReportNeverHoldsAFullValue(t *testing.T) {
	bcrypt := token("$2b$12$", "R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW")
	awsKey := token("AKIA", "IOSFODNN7EXAMPLE")
	// planted are the values as written and as normalized; each must be
	// long enough not to turn up in a count or a path by chance.
	planted := map[detect.Category][]string{
		detect.Email:         {"Wang.Wei@163.com", "wang.wei@163.com", "zhang.min@example.org"},
		detect.Phone:         {"+49 170 1234567", "+491701234567", "0170 1234567"},
		detect.IBAN:          {"DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		detect.PaymentCard:   {"4111 1111 1111 1111", "4111111111111111"},
		detect.NationalID:    {"11010519491231002X"},
		detect.VIN:           {"1M8GDM9AXKP042788"},
		detect.IPAddress:     {"192.168.10.20"},
		detect.DateOfBirth:   {"17.05.1980", "1980-05-17"},
		detect.Name:          {"Wang Wei", "Zhang Min"},
		detect.PostalAddress: {"Musterstraße 12", "Musterstraße 12, 12345, Berlin"},
		detect.Credential:    {"Sup3rS3cret!", bcrypt},
		detect.Secret:        {awsKey},
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"leak/customers.csv": "first_name,last_name,email,phone,iban,card,id_card_no,vin,ip,birth_date,street,zip,city,password\n" +
			"Wang,Wei,Wang.Wei@163.com,0170 1234567,DE89 3704 0044 0532 0130 00,4111 1111 1111 1111," +
			"11010519491231002X,1M8GDM9AXKP042788,192.168.10.20,17.05.1980,Musterstraße 12,12345,Berlin,Sup3rS3cret!\n",
		"leak/config.txt": "aws key: " + awsKey + "\nadmin hash " + bcrypt + "\n",
		// a damaged file: its reason is in the report too
		"leak/broken.csv": "name,email\nZhang Min,\"zhang.min@example.org\n",
		"leak/mail.mbox":  "From x@y Mon Jan  1 00:00:00 2024\nFrom: zhang.min@example.org\nSubject: hi\n\nMy mobile: +49 170 1234567\n\n",
	})
	res := scanDir(t, dir, "leak")
	if res.err != nil {
		t.Fatalf("scan.Run: %v", res.err)
	}
	for _, c := range detect.Categories {
		if res.rep.Categories[c] == nil {
			t.Errorf("category %s was not found: the test plants one of each", c)
		}
	}
	out, err := json.Marshal(res.rep)
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for c, values := range planted {
		for _, v := range values {
			if strings.Contains(text, v) {
				t.Errorf("the report's JSON holds the %s %q:\n%s", c, v, text)
			}
			if strings.Contains(strings.ToLower(text), strings.ToLower(v)) {
				t.Errorf("the report's JSON holds the %s %q in another case", c, v)
			}
		}
	}
	// The masked examples of the summary table: one per category found,
	// none a full value.
	for c := range res.rep.Categories {
		ex, ok := res.rep.Examples[c]
		if !ok || !strings.Contains(ex, "*") {
			t.Errorf("example of %s = %q, want a masked value", c, ex)
		}
		for _, values := range planted {
			for _, v := range values {
				if strings.Contains(ex, v) {
					t.Errorf("the masked example of %s %q holds the full value %q", c, ex, v)
				}
			}
		}
	}
}

func TestMaskShowsTheShapeNotTheValue(t *testing.T) {
	tests := []struct {
		category detect.Category
		value    string
		want     string
	}{
		{detect.Email, "wang.wei@163.com", "w***@163.com"},
		{detect.Phone, "+8613812345678", "+86*********78"},
		{detect.IBAN, "DE89370400440532013000", "DE******************00"},
		{detect.Name, "王伟", "王*"},
		{detect.DateOfBirth, "1980-05-17", "1980-**-**"},
		{detect.IPAddress, "192.168.10.20", "192.***"},
		{detect.Secret, token("sk", "_live_abcdefghijklmnopqrstuvwx"), "sk_l***"},
		{detect.NationalID, "1234", "****"},
	}
	for _, tc := range tests {
		if got := scan.Mask(tc.category, tc.value); got != tc.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tc.category, tc.value, got, tc.want)
		}
	}
}
