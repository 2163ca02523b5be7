package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// registerDesk is an initialised desk with one incident; it returns the
// data folder and the incident's number.
func registerDesk(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	mustRun(t, nil, "", "init", "--data", dir)
	svc, err := app.Open(context.Background(), app.StoreConfig{DataDir: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	inc, err := svc.Incidents.Create(context.Background(), auth.CLI(), incident.NewIncident{
		Title: "Leak", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh, AwareAt: time.Now().Add(-time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, strconv.FormatInt(inc.ID, 10)
}

func TestScanIntoAnIncidentFillsItsRegisterSealedAndOnlyOnce(t *testing.T) {
	dir, id := registerDesk(t)
	leak := t.TempDir()
	var csv strings.Builder
	csv.WriteString("name,email,phone\n")
	for i := range 25 {
		fmt.Fprintf(&csv, "Person %d,leaked.person%02d@example.com,+49 151 %08d\n", i, i, 23456700+i)
	}
	writeFileMode(t, filepath.Join(leak, "customers.csv"), csv.String(), 0o644)

	r := mustRun(t, nil, "", "scan", "--quiet", "--incident", id, "--data", dir, leak)
	r.expect(t, 0, []string{"Distinct persons: 25", "Register: 25 persons added, 0 updated", "25 affected persons in the register"},
		[]string{"leaked.person07@example.com"})
	again := mustRun(t, nil, "", "scan", "--quiet", "--incident", id, "--data", dir, leak)
	again.expect(t, 0, []string{"Register: 0 persons added, 0 updated, 25 unchanged", "25 affected persons"}, nil)

	counts := mustRun(t, nil, "", "people", "counts", id, "--data", dir)
	counts.expect(t, 0, []string{"Persons:      25", "With e-mail:  25", "email"}, []string{"leaked.person"})

	// No file beside the desk holds a value in the clear: no findings
	// file was written, and the register is sealed.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("leaked.person07@example.com")) || bytes.Contains(b, []byte("Person 7,")) {
			t.Errorf("%s holds a leaked value in the clear", e.Name())
		}
	}
}

func TestScanIntoAnIncidentThatIsNotThereStopsBeforeScanning(t *testing.T) {
	dir, _ := registerDesk(t)
	r := runCmd(t, nil, "", "scan", "--quiet", "--incident", "99", "--data", dir, phoneLeak(t))
	r.expect(t, 1, []string{"incident 99"}, []string{"Scanned"})
}

func TestPeopleImportReadsAFindingsFileAndACRMExport(t *testing.T) {
	dir, id := registerDesk(t)
	leak := phoneLeak(t)
	findings := filepath.Join(t.TempDir(), "findings.jsonl")
	mustRun(t, nil, "", "scan", "--quiet", "--region", "CN", "--findings", findings, leak)
	r := mustRun(t, nil, "", "people", "import", id, "--findings", findings, "--data", dir)
	r.expect(t, 0, []string{"Register: 1 persons added", "1 affected persons"}, []string{chinesePhone})

	crm := filepath.Join(t.TempDir(), "crm.csv")
	writeFileMode(t, crm, "Kundennummer;Telefon;E-Mail;Sprache\nK-1;"+chinesePhoneE164+";wang.wei@example.com;zh\nK-2;+8613900000000;other@example.com;en\n", 0o600)
	mapping := filepath.Join(t.TempDir(), "mapping.yaml")
	writeFileMode(t, mapping, "match: [phone]\nphone: Telefon\nemail: E-Mail\ncustomer_no: Kundennummer\nlanguage: Sprache\nregion: CN\n", 0o600)
	r = mustRun(t, nil, "", "people", "import", id, "--crm", crm, "--mapping", mapping, "--data", dir)
	r.expect(t, 0, []string{"0 persons added, 1 updated", "1 affected persons in the register (1 with e-mail"}, []string{"wang.wei", chinesePhone})
	counts := mustRun(t, nil, "", "people", "counts", id, "--data", dir, "--json")
	counts.expect(t, 0, []string{`"with_email": 1`, `"zh": 1`}, []string{"wang.wei"})

	bad := filepath.Join(t.TempDir(), "bad.yaml")
	writeFileMode(t, bad, "match: [shoe_size]\n", 0o600)
	r = runCmd(t, nil, "", "people", "import", id, "--crm", crm, "--mapping", bad, "--data", dir)
	r.expect(t, 1, []string{"the mapping file " + bad}, nil)
}
