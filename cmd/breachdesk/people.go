package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/people"
)

// incidentArg reads the one positional argument of a command about an
// incident: its number.
func incidentArg(cmd string, rest []string) (int64, error) {
	arg, err := oneArg(cmd, rest, "the incident's number")
	if err != nil {
		return 0, err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return 0, usageErrorf(cmd, "%q is not an incident number", arg)
	}
	return id, nil
}

func (p *program) peopleImport(ctx context.Context, args []string) error {
	const cmd = "people import"
	f := p.newFlags(cmd, "ID (--findings FILE | --crm FILE --mapping FILE) [options]",
		"Imports into the register of affected persons of incident ID, either a findings file written by "+
			"'breachdesk scan --findings' (the persons found in a leak), or a CRM export (CSV or XLSX) with a mapping file "+
			"that says which column is what, to add the better contact data and language the company's own records hold.\n\n"+
			"A CRM row finds its person by e-mail, phone or customer number (as the mapping's match: says); rows that match "+
			"no one are skipped unless the mapping says add_unmatched: true. Importing the same file again changes nothing. "+
			"Afterwards the incident's facts are updated with the register's counts.\n\n"+
			"A mapping file (YAML):\n\n"+
			"match: [email, customer_no]  email: E-Mail  customer_no: Kundennummer  first_name: Vorname  last_name: Nachname  "+
			"address: [Strasse]  postcode: PLZ  city: Ort  country: Land  language: Sprache")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	var findings, crm, mapping string
	f.stringVar(&findings, "findings", "FILE", "", "A findings file of 'breachdesk scan --findings' (JSON lines).")
	f.stringVar(&crm, "crm", "FILE", "", "A CRM export: a CSV file (comma or semicolon separated, with a header row) or an XLSX workbook (the first sheet).")
	f.stringVar(&mapping, "mapping", "FILE", "", "With --crm: the mapping file (YAML) that names the CRM's columns.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	id, err := incidentArg(cmd, rest)
	if err != nil {
		return err
	}
	switch {
	case (findings == "") == (crm == ""):
		return usageErrorf(cmd, "give either --findings FILE or --crm FILE (with --mapping FILE)")
	case crm != "" && mapping == "":
		return usageErrorf(cmd, "--crm needs --mapping FILE: the file that says which column is what")
	case findings != "" && mapping != "":
		return usageErrorf(cmd, "--mapping goes with --crm, not with --findings")
	}
	var m people.Mapping
	if crm != "" {
		if m, err = readMapping(mapping); err != nil {
			return err
		}
	}
	svc, err := p.openRegister(ctx, &st, &keys, false, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	var res *people.ImportResult
	if findings != "" {
		res, err = importFindingsFile(ctx, svc, id, findings)
	} else {
		res, err = importCRMFile(ctx, svc, id, crm, m)
	}
	if err != nil {
		return err
	}
	writeImportResult(p.stdout, res)
	return p.applyCounts(ctx, svc, id)
}

func readMapping(name string) (people.Mapping, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return people.Mapping{}, fmt.Errorf("cannot read the mapping file: %w", err)
	}
	m, err := people.ParseMapping(data)
	if err != nil {
		return people.Mapping{}, fmt.Errorf("the mapping file %s: %w", name, err)
	}
	return m, nil
}

func importFindingsFile(ctx context.Context, svc *app.Services, id int64, name string) (*people.ImportResult, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the findings file: %w", err)
	}
	defer f.Close()
	return svc.People.ImportFindings(ctx, auth.CLI(), id, "findings", filepath.Base(name), f)
}

// crmLimit bounds a CRM export read into memory (the services take the
// whole file, as XLSX needs it).
const crmLimit = 2 << 30

func importCRMFile(ctx context.Context, svc *app.Services, id int64, name string, m people.Mapping) (*people.ImportResult, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read the CRM export: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, crmLimit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read the CRM export: %w", err)
	}
	if len(data) > crmLimit {
		return nil, fmt.Errorf("the CRM export %s is larger than 2 GiB; split it into several files", name)
	}
	return svc.People.ImportCRM(ctx, auth.CLI(), id, filepath.Base(name), data, m)
}

func (p *program) peopleCounts(ctx context.Context, args []string) error {
	const cmd = "people counts"
	f := p.newFlags(cmd, "ID [options]",
		"Shows how many persons the register of incident ID holds: in total, by category of data found, by country, "+
			"by language and by segment, and how they can be reached (e-mail, letter only, not at all). It shows no one's data.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	var asJSON bool
	f.boolVar(&asJSON, "json", "Print the counts as JSON.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	id, err := incidentArg(cmd, rest)
	if err != nil {
		return err
	}
	svc, err := p.openRegister(ctx, &st, &keys, false, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	c, err := svc.People.Counts(ctx, auth.CLI(), id)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(countsJSON(c))
	}
	writeCounts(p.stdout, c)
	return nil
}

// countsJSON names the counts in snake case, as the API does.
func countsJSON(c *people.Counts) map[string]any {
	return map[string]any{
		"persons": c.Persons, "erased": c.Erased, "records": c.Records,
		"by_category": c.ByCategory, "by_country": c.ByCountry, "by_language": c.ByLanguage, "by_segment": c.BySegment,
		"with_email": c.WithEmail, "with_phone": c.WithPhone, "postal_only": c.PostalOnly, "unreachable": c.Unreachable,
	}
}

func writeCounts(w io.Writer, c *people.Counts) {
	fmt.Fprintf(w, "Persons:      %s (and %s erased on request)\n", thousands(c.Persons), thousands(c.Erased))
	fmt.Fprintf(w, "Records:      %s\n", thousands(c.Records))
	fmt.Fprintf(w, "With e-mail:  %s\nWith phone:   %s\nLetter only:  %s\nUnreachable:  %s\n",
		thousands(c.WithEmail), thousands(c.WithPhone), thousands(c.PostalOnly), thousands(c.Unreachable))
	writeCountMap(w, "By category", c.ByCategory)
	writeCountMap(w, "By country", c.ByCountry)
	writeCountMap(w, "By language", c.ByLanguage)
	bySegment := make(map[string]int64, len(c.BySegment))
	for id, n := range c.BySegment {
		bySegment["segment "+strconv.FormatInt(id, 10)] = n
	}
	writeCountMap(w, "By segment", bySegment)
}

func writeCountMap(w io.Writer, title string, m map[string]int64) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "\n%s:\n", title)
	width := 0
	for _, k := range keys {
		width = max(width, len(k), len("unknown"))
	}
	for _, k := range keys {
		name := k
		if name == "" {
			name = "unknown"
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, name, thousands(m[k]))
	}
}
