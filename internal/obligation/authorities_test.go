package obligation

import (
	"slices"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// The directory is what a crisis lead reads under pressure to find out where
// to file. These tests hold the shipped file to its promises: it parses, it
// holds every recipient the rules name, and the resolvers only ever name
// entries that exist.

func builtinAuthorityByID(t *testing.T) map[string]Authority {
	t.Helper()
	list, err := ParseAuthorities(authoritiesYAML)
	if err != nil {
		t.Fatalf("the embedded authorities.yaml does not parse:\n%v", err)
	}
	byID := make(map[string]Authority, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	return byID
}

func TestBuiltinAuthoritiesParse(t *testing.T) {
	byID := builtinAuthorityByID(t)
	list := BuiltinAuthorities()
	if len(list) != len(byID) {
		t.Fatalf("BuiltinAuthorities has %d entries, the file %d", len(list), len(byID))
	}
	if !slices.IsSortedFunc(list, func(a, b Authority) int {
		return strings.Compare(a.Country+"\x00"+a.Region+"\x00"+a.ID, b.Country+"\x00"+b.Region+"\x00"+b.ID)
	}) {
		t.Error("BuiltinAuthorities is not sorted by country, region, id")
	}
	for _, a := range list {
		if err := a.Check(); err != nil {
			t.Errorf("%s: Check refuses a shipped entry: %v", a.ID, err)
		}
		if a.UpdatedBy != 0 || !a.UpdatedAt.IsZero() {
			t.Errorf("%s: a shipped entry claims an editor", a.ID)
		}
	}
}

func TestBuiltinAuthoritiesIsACopy(t *testing.T) {
	a := BuiltinAuthorities()
	a[0].Name = "changed"
	if BuiltinAuthorities()[0].Name == "changed" {
		t.Error("changing the returned slice changed the built-in directory")
	}
}

func TestBuiltinAuthoritiesHoldTheRequiredRecipients(t *testing.T) {
	byID := builtinAuthorityByID(t)
	required := []string{
		"de-bfdi", "de-bsi", "de-bafin", "de-by-public-dpa", DEResidentDPA,
		"gb-ico", "cn-cac", "cn-cac-provincial", "cn-mps",
		"us-sec", "us-hhs-ocr", "us-ca-ag", "us-ny-ag", "us-ny-dos", "us-ny-police", "us-ny-dfs", "us-tx-ag",
		"eu-competent-authority", "eu-nis2-csirt",
		"fr-dpa", "ie-dpa", "nl-dpa",
	}
	for _, id := range required {
		if _, ok := byID[id]; !ok {
			t.Errorf("the directory has no %q", id)
		}
	}
	// Spot checks of the entries a German SME needs first.
	if a := byID["de-ni-dpa"]; a.Region != "NI" || a.Kind != "dpa" || !strings.Contains(a.NameDE, "Niedersachsen") {
		t.Errorf("de-ni-dpa = %+v", a)
	}
	if a := byID["de-by-dpa"]; !strings.Contains(a.Name, "BayLDA") || !strings.Contains(a.Address, "Ansbach") {
		t.Errorf("de-by-dpa should be the BayLDA in Ansbach: %+v", a)
	}
	if a := byID["de-by-public-dpa"]; !strings.Contains(a.Name, "BayLfD") {
		t.Errorf("de-by-public-dpa should be the BayLfD: %+v", a)
	}
	wantZones := map[string]string{
		"de-bsi": "Europe/Berlin", "gb-ico": "Europe/London", "cn-cac": "Asia/Shanghai",
		"us-sec": "America/New_York", "us-ca-ag": "America/Los_Angeles", "us-tx-ag": "America/Chicago",
		"us-ny-dfs": "America/New_York",
	}
	for id, zone := range wantZones {
		if got := byID[id].Zone; got != zone {
			t.Errorf("%s: zone %q, want %q", id, got, zone)
		}
	}
}

func TestEveryEEACountryHasADPA(t *testing.T) {
	byID := builtinAuthorityByID(t)
	if len(eeaCountries) != 30 {
		t.Fatalf("%d EEA countries, want 27 EU + 3 EFTA", len(eeaCountries))
	}
	for _, cc := range eeaCountries {
		if cc == "DE" {
			continue // the Länder; see TestEveryLandHasADPA
		}
		id := strings.ToLower(cc) + "-dpa"
		a, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("%s: no %s", cc, id)
		case a.Country != cc || a.Kind != "dpa":
			t.Errorf("%s: country %q, kind %q", id, a.Country, a.Kind)
		case a.Website == "":
			t.Errorf("%s: no website", id)
		}
	}
}

func TestEveryLandHasADPA(t *testing.T) {
	byID := builtinAuthorityByID(t)
	for _, land := range DELands {
		id := "de-" + strings.ToLower(land) + "-dpa"
		a, ok := byID[id]
		switch {
		case !ok:
			t.Errorf("%s: no %s", land, id)
		case a.Country != "DE" || a.Region != land || a.Kind != "dpa" || a.Zone != "Europe/Berlin":
			t.Errorf("%s: %+v", id, a)
		case a.NameDE == "" || a.Website == "":
			t.Errorf("%s: no German name or no website", id)
		}
	}
}

// An entry without a confirmed contact says so, so a reader knows to look
// it up rather than assume there is none.
func TestUnverifiedContactsSaySo(t *testing.T) {
	for _, a := range BuiltinAuthorities() {
		if a.Phone != "" && a.Email != "" && a.Portal != "" {
			continue
		}
		if !strings.Contains(a.Notes, "check the website") && !strings.Contains(a.Notes, "placeholder") &&
			!strings.Contains(a.Notes, "not verified") {
			t.Errorf("%s: a contact field is empty but the notes do not say to check", a.ID)
		}
	}
}

func TestEEACountry(t *testing.T) {
	for cc, want := range map[string]bool{
		"DE": true, "de": true, " fr ": true, "GR": true, "IS": true, "LI": true, "NO": true, "HR": true,
		"GB": false, "CH": false, "US": false, "CN": false, "EL": false, "EU": false, "": false, "DEU": false,
	} {
		if got := EEACountry(cc); got != want {
			t.Errorf("EEACountry(%q) = %v, want %v", cc, got, want)
		}
	}
}

func TestCompetentDPA(t *testing.T) {
	tests := []struct {
		name, country, land string
		public              bool
		want                string
	}{
		{"German SME in Lower Saxony", "DE", "NI", false, "de-ni-dpa"},
		{"Land in lower case and with prefix", "de", "de-ni", false, "de-ni-dpa"},
		{"Bavarian company: BayLDA", "DE", "BY", false, "de-by-dpa"},
		{"Bavarian public body: BayLfD", "DE", "BY", true, "de-by-public-dpa"},
		{"public body elsewhere: the Land DPA", "DE", "NW", true, "de-nw-dpa"},
		{"Germany without a Land", "DE", "", false, ""},
		{"Germany with a wrong Land", "DE", "XX", false, ""},
		{"France", "FR", "", false, "fr-dpa"},
		{"Ireland, Land ignored", "IE", "NI", false, "ie-dpa"},
		{"Norway (EEA)", "no", "", false, "no-dpa"},
		{"United Kingdom", "GB", "", false, "gb-ico"},
		{"United States", "US", "", false, ""},
		{"China", "CN", "", false, ""},
		{"nothing", "", "", false, ""},
	}
	byID := builtinAuthorityByID(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CompetentDPA(tt.country, tt.land, tt.public)
			if got != tt.want {
				t.Fatalf("CompetentDPA(%q, %q, %v) = %q, want %q", tt.country, tt.land, tt.public, got, tt.want)
			}
			if _, ok := byID[got]; got != "" && !ok {
				t.Errorf("%q is not in the directory", got)
			}
		})
	}
}

func TestCompetentDPAIsInTheDirectoryForEveryCountryAndLand(t *testing.T) {
	byID := builtinAuthorityByID(t)
	check := func(id string) {
		if _, ok := byID[id]; !ok {
			t.Errorf("resolved %q, which is not in the directory", id)
		}
	}
	for _, cc := range append(slices.Clone(eeaCountries), "GB") {
		if cc != "DE" {
			check(CompetentDPA(cc, "", false))
		}
	}
	for _, land := range DELands {
		check(CompetentDPA("DE", land, false))
		check(CompetentDPA("DE", land, true))
	}
}

func TestResidentDPAs(t *testing.T) {
	tests := []struct {
		name    string
		persons map[string]int64
		want    []string
	}{
		{"nobody", nil, nil},
		{"EEA countries, sorted", map[string]int64{"NL": 3, "FR": 10, "AT": 1}, []string{"at-dpa", "fr-dpa", "nl-dpa"}},
		{"zero and negative counts are ignored", map[string]int64{"FR": 0, "IT": -1, "ES": 2}, []string{"es-dpa"}},
		{"non-EEA countries are ignored", map[string]int64{"GB": 5, "US": 9, "US-CA": 4, "CH": 1, "CN": 2}, nil},
		{"EFTA states count", map[string]int64{"IS": 1, "LI": 1, "NO": 1}, []string{"is-dpa", "li-dpa", "no-dpa"}},
		{"lower-case keys", map[string]int64{"fr": 1, "de-ni": 2, "de": 2}, []string{"de-ni-dpa", "fr-dpa"}},
		{"Germans without a Land: the placeholder", map[string]int64{"DE": 7}, []string{DEResidentDPA}},
		{"Germans all by Land", map[string]int64{"DE": 7, "DE-NI": 4, "DE-BY": 3}, []string{"de-by-dpa", "de-ni-dpa"}},
		{"Germans partly by Land", map[string]int64{"DE": 10, "DE-HH": 4}, []string{"de-hh-dpa", DEResidentDPA}},
		{"Länder without a DE total", map[string]int64{"DE-SN": 2}, []string{"de-sn-dpa"}},
		{"unknown Land is not a DPA and not counted", map[string]int64{"DE": 2, "DE-XX": 2}, []string{DEResidentDPA}},
	}
	byID := builtinAuthorityByID(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ResidentDPAs(tt.persons)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("ResidentDPAs(%v) = %q, want %q", tt.persons, got, tt.want)
			}
			for _, id := range got {
				if _, ok := byID[id]; !ok {
					t.Errorf("%q is not in the directory", id)
				}
			}
		})
	}
}

func TestMerge(t *testing.T) {
	builtin := []Authority{
		{ID: "fr-dpa", Country: "FR", Name: "CNIL"},
		{ID: "de-ni-dpa", Country: "DE", Region: "NI", Name: "LfD"},
		{ID: "de-bfdi", Country: "DE", Name: "BfDI"},
	}
	edited := []Authority{
		{ID: "de-ni-dpa", Country: "DE", Region: "NI", Name: "LfD, new phone", UpdatedBy: 7},
		{ID: "at-fma", Country: "AT", Name: "FMA", UpdatedBy: 7},
	}
	before := slices.Clone(builtin)
	got := Merge(builtin, edited)
	var ids, names []string
	for _, a := range got {
		ids = append(ids, a.ID)
		names = append(names, a.Name)
	}
	if want := []string{"at-fma", "de-bfdi", "de-ni-dpa", "fr-dpa"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q (by country, region, id)", ids, want)
	}
	if names[2] != "LfD, new phone" {
		t.Errorf("the edited entry did not win: %q", names[2])
	}
	if !slices.Equal(builtin, before) {
		t.Error("Merge changed its input")
	}
	if len(Merge(nil, nil)) != 0 {
		t.Error("Merge of nothing is not empty")
	}
}

func TestCheck(t *testing.T) {
	good := Authority{
		ID: "de-ni-dpa", Country: "DE", Region: "NI", Kind: "dpa", Name: "LfD Niedersachsen",
		Website: "https://www.lfd.niedersachsen.de", Portal: "http://example.org/form?a=1&b=2",
		Email: "poststelle@example.org", Phone: "+49 (511) 120-4500", Address: "Prinzenstraße 5\n30159 Hannover",
		Zone: "Europe/Berlin", Notes: "line one\nline two",
	}
	if err := good.Check(); err != nil {
		t.Fatalf("a good entry is refused: %v", err)
	}
	tests := []struct {
		name   string
		change func(a *Authority)
		field  string
		key    string
	}{
		{"missing id", func(a *Authority) { a.ID = "" }, "id", errs.Required},
		{"blank name", func(a *Authority) { a.Name = "  " }, "name", errs.Required},
		{"missing country", func(a *Authority) { a.Country = "" }, "country", errs.Required},
		{"missing kind", func(a *Authority) { a.Kind = "" }, "kind", errs.Required},
		{"missing zone", func(a *Authority) { a.Zone = "" }, "zone", errs.Required},
		{"id with capitals", func(a *Authority) { a.ID = "DE-NI" }, "id", errs.InvalidValue},
		{"id with a double dash", func(a *Authority) { a.ID = "de--ni" }, "id", errs.InvalidValue},
		{"id too long", func(a *Authority) { a.ID = strings.Repeat("a", 64) }, "id", errs.TooLong},
		{"country in lower case", func(a *Authority) { a.Country = "de" }, "country", errs.InvalidValue},
		{"country alpha-3", func(a *Authority) { a.Country = "DEU" }, "country", errs.TooLong},
		{"unknown Land", func(a *Authority) { a.Region = "XX" }, "region", errs.InvalidChoice},
		{"region for France", func(a *Authority) { a.Country, a.Region = "FR", "NI" }, "region", errs.InvalidValue},
		{"unknown US state", func(a *Authority) { a.Country, a.Region = "US", "ZZ" }, "region", errs.InvalidChoice},
		{"bad kind", func(a *Authority) { a.Kind = "regulator" }, "kind", errs.InvalidChoice},
		{"bad zone", func(a *Authority) { a.Zone = "Europe/Bonn" }, "zone", errs.InvalidValue},
		{"Local is no zone", func(a *Authority) { a.Zone = "Local" }, "zone", errs.InvalidValue},
		{"ftp website", func(a *Authority) { a.Website = "ftp://example.org" }, "website", errs.InvalidValue},
		{"website without scheme", func(a *Authority) { a.Website = "www.example.org" }, "website", errs.InvalidValue},
		{"javascript portal", func(a *Authority) { a.Portal = "javascript:alert(1)" }, "portal", errs.InvalidValue},
		{"portal with a space", func(a *Authority) { a.Portal = "https://example.org/a b" }, "portal", errs.InvalidValue},
		{"portal with credentials", func(a *Authority) { a.Portal = "https://u:p@example.org/" }, "portal", errs.InvalidValue},
		{"email with a display name", func(a *Authority) { a.Email = "LfD <a@example.org>" }, "email", errs.InvalidEmail},
		{"email without domain", func(a *Authority) { a.Email = "poststelle" }, "email", errs.InvalidEmail},
		{"phone with letters", func(a *Authority) { a.Phone = "call us" }, "phone", errs.InvalidValue},
		{"phone too short", func(a *Authority) { a.Phone = "+1" }, "phone", errs.InvalidValue},
		{"name with a newline", func(a *Authority) { a.Name = "LfD\nNiedersachsen" }, "name", errs.InvalidValue},
		{"name too long", func(a *Authority) { a.Name = strings.Repeat("ä", 201) }, "name", errs.TooLong},
		{"notes too long", func(a *Authority) { a.Notes = strings.Repeat("x", 4001) }, "notes", errs.TooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good
			tt.change(&a)
			err := a.Check()
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Check() = %v, want an invalid error", err)
			}
			fields := errs.FieldsOf(err)
			if fields[tt.field] != tt.key {
				t.Errorf("fields %v, want %s: %s", fields, tt.field, tt.key)
			}
			if len(fields) != 1 {
				t.Errorf("fields %v: one change should break one field", fields)
			}
		})
	}
}

// oneAuthorityYAML is a valid authorities file with one oneAuthorityYAML, for the bad-file
// table to break.
const oneAuthorityYAML = `authorities:
  - id: de-ni-dpa
    country: DE
    region: NI
    kind: dpa
    name: LfD Niedersachsen
    zone: Europe/Berlin
`

func TestParseAuthoritiesReportsProblemsWithLines(t *testing.T) {
	if _, err := ParseAuthorities([]byte(oneAuthorityYAML)); err != nil {
		t.Fatalf("the base file does not parse: %v", err)
	}
	tests := []struct {
		name string
		src  string
		want []string // "line N: field: message" prefixes, in order
	}{
		{"empty file", "", []string{"line 1: the file is empty"}},
		{"only comments", "# nothing\n", []string{"line 1: the file is empty"}},
		{"not UTF-8", "authorities: \xff\n", []string{"line 1: the file is not UTF-8 text"}},
		{"YAML syntax error", "authorities:\n  - id: a\n    name: x: y\n", []string{"line 3: not valid YAML: mapping values are not allowed"}},
		{"a list at the top", "- id: a\n", []string{"line 1: expected a mapping"}},
		{"unknown top-level key", oneAuthorityYAML + "version: 2\n", []string{"line 8: version: unknown field"}},
		{"no authorities key", "other: 1\n", []string{"line 1: other: unknown field", "line 1: authorities: required"}},
		{"authorities not a list", "authorities: 3\n", []string{"line 1: authorities: expected a list"}},
		{"empty list", "authorities: []\n", []string{"line 1: authorities: the list is empty"}},
		{"entry not a mapping", "authorities:\n  - de-ni-dpa\n", []string{"line 2: authorities[0]: expected a mapping"}},
		{"unknown field", strings.Replace(oneAuthorityYAML, "    zone:", "    fax: 0511\n    zone:", 1),
			[]string{"line 7: authorities[0].fax: unknown field; allowed are id, country"}},
		{"field given twice", oneAuthorityYAML + "    name: Again\n", []string{"line 8: authorities[0].name: given twice"}},
		{"missing required fields", "authorities:\n  - id: x\n    name: X\n",
			[]string{"line 2: authorities[0].country: required", "line 2: authorities[0].kind: required", "line 2: authorities[0].zone: required"}},
		{"empty required value", strings.Replace(oneAuthorityYAML, "name: LfD Niedersachsen", "name:", 1),
			[]string{"line 6: authorities[0].name: required"}},
		{"bad kind", strings.Replace(oneAuthorityYAML, "kind: dpa", "kind: regulator", 1),
			[]string{"line 5: authorities[0].kind: expected one of dpa, csirt"}},
		{"bad zone", strings.Replace(oneAuthorityYAML, "Europe/Berlin", "Mars/Olympus", 1),
			[]string{"line 7: authorities[0].zone: expected an IANA time zone"}},
		{"bad website", oneAuthorityYAML + "    website: www.example.org\n",
			[]string{"line 8: authorities[0].website: expected a web address starting with https:// or http://"}},
		{"bad portal", oneAuthorityYAML + "    portal: mailto:a@example.org\n",
			[]string{"line 8: authorities[0].portal: expected a web address"}},
		{"region outside DE and US", strings.Replace(oneAuthorityYAML, "country: DE", "country: FR", 1),
			[]string{"line 4: authorities[0].region: a region is only given for Germany"}},
		{"unknown Land", strings.Replace(oneAuthorityYAML, "region: NI", "region: ni", 1),
			[]string{"line 4: authorities[0].region: expected a German Land code"}},
		{"bad e-mail", oneAuthorityYAML + "    email: not-an-address\n", []string{"line 8: authorities[0].email: expected a plain e-mail address"}},
		{"list as a value", oneAuthorityYAML + "    phone: [1, 2]\n", []string{"line 8: authorities[0].phone: expected a single value"}},
		{"duplicate id", oneAuthorityYAML + strings.TrimPrefix(oneAuthorityYAML, "authorities:\n"),
			[]string{`line 8: authorities[1].id: the id "de-ni-dpa" is already used on line 2`}},
		{"alias", "authorities:\n  - &a\n    id: x\n  - *a\n", []string{"line 4: YAML aliases (*a) are not supported"}},
		{"merge key", "authorities:\n  - <<: {id: x}\n    id: x\n    name: X\n    country: DE\n    kind: dpa\n    zone: UTC\n", []string{"line 2: authorities[0].<<: unknown field"}},
		{"problems in several entries, by line", "authorities:\n  - id: a\n    name: A\n    country: DE\n    kind: dpa\n    zone: Nowhere/Town\n  - id: B\n    name: B\n    country: FR\n    kind: dpa\n    zone: Europe/Paris\n",
			[]string{"line 6: authorities[0].zone", "line 7: authorities[1].id: use lower-case letters"}},
		{"too large", "authorities:\n" + strings.Repeat("#", MaxAuthoritiesSize), []string{"line 1: the file is larger than 1024 KiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := ParseAuthorities([]byte(tt.src))
			if err == nil {
				t.Fatalf("accepted: %+v", list)
			}
			de := AsDirectoryError(err)
			if de == nil {
				t.Fatalf("error %T is not a *DirectoryError: %v", err, err)
			}
			if len(de.Problems) != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(de.Problems), len(tt.want), err)
			}
			for i, p := range de.Problems {
				if !strings.HasPrefix(p.String(), tt.want[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p.String(), tt.want[i])
				}
			}
		})
	}
}

func TestParseAuthoritiesReadsEveryField(t *testing.T) {
	src := `authorities:
  - id: x-dpa
    country: US
    region: NY
    kind: attorney_general
    name: "  X Authority  "
    name_de: X-Behörde
    website: https://x.example
    portal: https://x.example/form
    email: breach@x.example
    phone: "+1 518 000-0000"
    address: 1 Main Street, Albany, NY
    zone: America/New_York
    notes: >-
      Folded
      notes.
    `
	list, err := ParseAuthorities([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := Authority{
		ID: "x-dpa", Country: "US", Region: "NY", Kind: "attorney_general", Name: "X Authority",
		NameDE: "X-Behörde", Website: "https://x.example", Portal: "https://x.example/form",
		Email: "breach@x.example", Phone: "+1 518 000-0000", Address: "1 Main Street, Albany, NY",
		Zone: "America/New_York", Notes: "Folded notes.",
	}
	if len(list) != 1 || list[0] != want {
		t.Errorf("got %+v\nwant %+v", list, want)
	}
}

func FuzzParseAuthorities(f *testing.F) {
	f.Add(authoritiesYAML)
	f.Add([]byte(oneAuthorityYAML))
	f.Add([]byte(oneAuthorityYAML + strings.TrimPrefix(oneAuthorityYAML, "authorities:\n")))
	f.Add([]byte("authorities:\n  - &a\n    id: x\n  - *a\n"))
	f.Add([]byte("authorities:\n  - id: B\n    zone: Local\n    country: no\n    region: ''\n"))
	f.Add([]byte("authorities: {a: [b, {c: d}]}\n---\nx: y\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		list, err := ParseAuthorities(src)
		if err != nil {
			de := AsDirectoryError(err)
			if de == nil || len(de.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, p := range de.Problems {
				if p.Line < 1 {
					t.Errorf("problem without a line: %v", p)
				}
			}
			return
		}
		seen := map[string]bool{}
		for _, a := range list {
			if err := a.Check(); err != nil {
				t.Errorf("accepted an entry Check refuses: %+v: %v", a, err)
			}
			if seen[a.ID] {
				t.Errorf("accepted the id %q twice", a.ID)
			}
			seen[a.ID] = true
		}
		if len(list) == 0 {
			t.Error("accepted a file without authorities")
		}
	})
}
