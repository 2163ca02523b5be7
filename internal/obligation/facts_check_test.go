package obligation

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

var (
	checkNow      = time.Date(2026, 3, 12, 15, 0, 0, 0, time.UTC)
	checkAware    = time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	checkDetected = time.Date(2026, 3, 9, 22, 0, 0, 0, time.UTC)
)

func checkTime(t time.Time) *time.Time { return &t }

// goodFacts are the seed story's facts: a Lower Saxon company whose mail
// server was taken over.
func goodFacts() Facts {
	yes := true
	return Facts{
		EstablishmentCountry: "DE",
		DELand:               "NI",
		NIS2Entity:           "important",
		NIS2Sector:           "manufacturing",
		BreachTypes:          []string{"confidentiality", "availability"},
		Malicious:            &yes,
		Encrypted:            true,
		KeySafe:              false,
		PersonsTotal:         12_000,
		PersonsByCountry:     map[string]int64{"DE": 9_000, "AT": 1_500, "US": 900, "US-CA": 400, "US-NY": 300},
		RecordsTotal:         48_000,
		DataCategories:       []string{"email", "name", "phone", "health"},
		USDiscoveredAt:       checkTime(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)),
		ContactPoint:         "Datenschutzbeauftragte, dsb@example.de",
	}
}

func TestFactsCheck(t *testing.T) {
	tests := []struct {
		name     string
		change   func(f *Facts)
		detected *time.Time
		want     map[string]string
		message  string // part of the error message
	}{
		{"the seed story is fine", func(f *Facts) {}, checkTime(checkDetected), nil, ""},
		{"nothing known yet is fine", func(f *Facts) { *f = Facts{} }, nil, nil, ""},
		{"lower-case codes are normalised", func(f *Facts) {
			f.EstablishmentCountry, f.DELand = " de", "ni "
			f.PersonsByCountry = map[string]int64{"de": 10, "us-ca": 3}
		}, nil, nil, ""},

		{"a country that does not exist", func(f *Facts) { f.EstablishmentCountry, f.DELand = "XX", "" }, nil,
			map[string]string{"establishment_country": errs.InvalidChoice}, ""},
		{"UK is not ISO, GB is", func(f *Facts) { f.EstablishmentCountry, f.DELand = "UK", "" }, nil,
			map[string]string{"establishment_country": errs.InvalidChoice}, ""},
		{"a three-letter code", func(f *Facts) { f.EstablishmentCountry, f.DELand = "DEU", "" }, nil,
			map[string]string{"establishment_country": errs.InvalidChoice}, ""},
		{"digits", func(f *Facts) { f.EstablishmentCountry, f.DELand = "D1", "" }, nil,
			map[string]string{"establishment_country": errs.InvalidChoice}, ""},
		{"a Land that does not exist", func(f *Facts) { f.DELand = "XY" }, nil,
			map[string]string{"de_land": errs.InvalidChoice}, ""},
		{"a Land outside Germany", func(f *Facts) { f.EstablishmentCountry = "AT" }, nil,
			map[string]string{"de_land": errs.InvalidValue}, "de_land: a German Land is only given for an establishment in Germany"},
		{"a Land without a country", func(f *Facts) { f.EstablishmentCountry = "" }, nil,
			map[string]string{"de_land": errs.InvalidValue}, "de_land"},

		{"an unknown NIS2 entity", func(f *Facts) { f.NIS2Entity = "critical" }, nil,
			map[string]string{"nis2_entity": errs.InvalidChoice}, ""},
		{"an unknown NIS2 sector", func(f *Facts) { f.NIS2Sector = "retail" }, nil,
			map[string]string{"nis2_sector": errs.InvalidChoice}, ""},
		{"a NIS2 entity needs its sector", func(f *Facts) { f.NIS2Sector = " " }, nil,
			map[string]string{"nis2_sector": errs.Required}, ""},
		{"a sector without an entity is kept", func(f *Facts) { f.NIS2Entity = "" }, nil, nil, ""},
		{"an unknown HIPAA role", func(f *Facts) { f.HIPAA = "vendor" }, nil,
			map[string]string{"hipaa": errs.InvalidChoice}, ""},
		{"an unknown Chinese grade", func(f *Facts) { f.CNGrade = "huge" }, nil,
			map[string]string{"cn_grade": errs.InvalidChoice}, ""},
		{"an unknown breach type", func(f *Facts) { f.BreachTypes = append(f.BreachTypes, "loss") }, nil,
			map[string]string{"breach_types": errs.InvalidChoice}, ""},
		{"an unknown data category", func(f *Facts) { f.DataCategories = append(f.DataCategories, "shoe_size") }, nil,
			map[string]string{"data_categories": errs.InvalidChoice}, ""},
		{"a safe key without encryption", func(f *Facts) { f.Encrypted, f.KeySafe = false, true }, nil,
			map[string]string{"key_safe": errs.InvalidValue}, "key_safe"},

		{"negative totals", func(f *Facts) { f.PersonsTotal, f.RecordsTotal = -1, -5 }, nil,
			map[string]string{"persons_total": errs.InvalidValue, "records_total": errs.InvalidValue}, ""},
		{"a negative country count", func(f *Facts) { f.PersonsByCountry["FR"] = -3 }, nil,
			map[string]string{"persons_by_country": errs.InvalidValue}, ""},
		{"an unknown country key", func(f *Facts) { f.PersonsByCountry["EU"] = 3 }, nil,
			map[string]string{"persons_by_country": errs.InvalidChoice}, ""},
		{"an unknown US state", func(f *Facts) { f.PersonsByCountry["US-XX"] = 3 }, nil,
			map[string]string{"persons_by_country": errs.InvalidChoice}, ""},
		{"a subdivision of another country", func(f *Facts) { f.PersonsByCountry["DE-NI"] = 3 }, nil,
			map[string]string{"persons_by_country": errs.InvalidChoice}, ""},
		{"territories and DC are states here", func(f *Facts) {
			f.PersonsByCountry["US-PR"], f.PersonsByCountry["US-DC"], f.PersonsByCountry["US-GU"] = 50, 50, 50
		}, nil, nil, ""},
		{"two keys for one country", func(f *Facts) { f.PersonsByCountry["de"] = 1 }, nil,
			map[string]string{"persons_by_country": errs.InvalidValue}, "the same country"},
		{"countries exactly at the total", func(f *Facts) { f.PersonsByCountry["FR"] = 600 }, nil, nil, ""},
		{"countries above the total", func(f *Facts) { f.PersonsByCountry["FR"] = 601 }, nil,
			map[string]string{"persons_by_country": errs.InvalidValue},
			"persons_by_country: the countries add up to more than persons_total"},
		{"no total: no sum to check", func(f *Facts) { f.PersonsTotal = 0; f.PersonsByCountry["FR"] = 1_000_000 }, nil, nil, ""},
		{"states above the US count", func(f *Facts) { f.PersonsByCountry["US-TX"] = 201 }, nil,
			map[string]string{"persons_by_country": errs.InvalidValue},
			"persons_by_country: the US states add up to more than the US count"},
		{"states without US count as the US", func(f *Facts) {
			delete(f.PersonsByCountry, "US")
			f.PersonsByCountry["US-TX"] = 800 // 9000 + 1500 + 400 + 300 + 800 = 12000
		}, nil, nil, ""},
		{"states without US count towards the total", func(f *Facts) {
			delete(f.PersonsByCountry, "US")
			f.PersonsByCountry["US-TX"] = 801
		}, nil, map[string]string{"persons_by_country": errs.InvalidValue}, "more than persons_total"},
		{"huge counts do not overflow", func(f *Facts) {
			f.PersonsByCountry["FR"], f.PersonsByCountry["IT"] = 1<<62, 1<<62
		}, nil, map[string]string{"persons_by_country": errs.InvalidValue}, "more than persons_total"},

		{"a clock at detection", func(f *Facts) { f.SECMaterialityAt = checkTime(checkDetected) }, checkTime(checkDetected), nil, ""},
		{"a clock before detection", func(f *Facts) { f.DORAClassifiedAt = checkTime(checkDetected.Add(-time.Minute)) }, checkTime(checkDetected),
			map[string]string{"dora_classified_at": errs.InvalidTime}, "dora_classified_at: a clock cannot start before the breach was detected"},
		{"a clock before awareness is fine (HIPAA discovery)", func(f *Facts) { f.USDiscoveredAt = checkTime(checkAware.Add(-time.Hour)) }, checkTime(checkDetected), nil, ""},
		{"no detection time: no lower bound", func(f *Facts) { f.USDeterminedAt = checkTime(checkDetected.AddDate(0, -1, 0)) }, nil, nil, ""},
		{"a typed year 0026", func(f *Facts) { f.USDeterminedAt = checkTime(time.Date(26, 3, 10, 0, 0, 0, 0, time.UTC)) }, nil,
			map[string]string{"us_determined_at": errs.InvalidTime}, ""},
		{"a clock within the slack", func(f *Facts) { f.SECMaterialityAt = checkTime(checkNow.Add(4 * time.Minute)) }, checkTime(checkDetected), nil, ""},
		{"a clock in the future", func(f *Facts) { f.SECMaterialityAt = checkTime(checkNow.Add(6 * time.Minute)) }, checkTime(checkDetected),
			map[string]string{"sec_materiality_at": errs.InFuture}, ""},

		{"texts of 10000 runes", func(f *Facts) { f.Consequences = strings.Repeat("ü", 10_000) }, nil, nil, ""},
		{"texts too long", func(f *Facts) {
			long := strings.Repeat("ü", 10_001)
			f.ContactPoint, f.Consequences, f.MeasuresTaken, f.MeasuresProposed, f.DelayReasons = long, long, long, long, long
		}, nil, map[string]string{
			"contact_point": errs.TooLong, "consequences": errs.TooLong, "measures_taken": errs.TooLong,
			"measures_proposed": errs.TooLong, "delay_reasons": errs.TooLong,
		}, ""},
		{"every problem at once", func(f *Facts) {
			f.EstablishmentCountry, f.HIPAA, f.PersonsTotal = "ZZ", "x", -2
		}, nil, map[string]string{
			"establishment_country": errs.InvalidChoice, "de_land": errs.InvalidValue,
			"hipaa": errs.InvalidChoice, "persons_total": errs.InvalidValue,
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := goodFacts()
			tt.change(&f)
			err := f.Check(checkAware, tt.detected, checkNow)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Check = %v, want an invalid error", err)
			}
			if got := errs.FieldsOf(err); !sameFieldErrors(got, tt.want) {
				t.Errorf("fields = %v, want %v", got, tt.want)
			}
			if msg := errs.MessageOf(err); !strings.Contains(msg, tt.message) {
				t.Errorf("message %q lacks %q", msg, tt.message)
			}
		})
	}
}

func TestFactsCheckNormalises(t *testing.T) {
	f := Facts{
		EstablishmentCountry: " us ",
		NIS2Entity:           " essential ",
		NIS2Sector:           "health\t",
		BreachTypes:          []string{" integrity", "confidentiality", "", "integrity"},
		DataCategories:       []string{"phone", "email ", "phone", " "},
		PersonsByCountry:     map[string]int64{" us-ca": 3, "Us-Ny": 2},
		ContactPoint:         "  privacy@example.com\n",
		SECMaterialityAt:     checkTime(time.Date(2026, 3, 11, 9, 0, 0, 0, time.FixedZone("EST", -5*3600))),
	}
	if err := f.Check(checkAware, nil, checkNow); err != nil {
		t.Fatalf("Check = %v", err)
	}
	if f.EstablishmentCountry != "US" || f.NIS2Entity != "essential" || f.NIS2Sector != "health" || f.ContactPoint != "privacy@example.com" {
		t.Errorf("not trimmed or upper-cased: %q %q %q %q", f.EstablishmentCountry, f.NIS2Entity, f.NIS2Sector, f.ContactPoint)
	}
	if want := []string{"confidentiality", "integrity"}; !slices.Equal(f.BreachTypes, want) {
		t.Errorf("breach types %q, want %q", f.BreachTypes, want)
	}
	if want := []string{"email", "phone"}; !slices.Equal(f.DataCategories, want) {
		t.Errorf("data categories %q, want %q", f.DataCategories, want)
	}
	if len(f.PersonsByCountry) != 2 || f.PersonsByCountry["US-CA"] != 3 || f.PersonsByCountry["US-NY"] != 2 {
		t.Errorf("persons by country %v", f.PersonsByCountry)
	}
	if f.SECMaterialityAt.Location() != time.UTC || f.SECMaterialityAt.Hour() != 14 {
		t.Errorf("clock not in UTC: %s", f.SECMaterialityAt)
	}
	if got := f.PersonsIn("US"); got != 5 {
		t.Errorf("PersonsIn(US) without a US entry = %d, want the states' 5", got)
	}
	if got := f.PersonsIn("US-CA"); got != 3 {
		t.Errorf("PersonsIn(US-CA) = %d, want 3", got)
	}
	if got := f.PersonsIn("DE"); got != 0 {
		t.Errorf("PersonsIn(DE) = %d, want 0", got)
	}
}

func TestFactsCheckDoesNotMoveTheCallersClock(t *testing.T) {
	ny := time.FixedZone("EST", -5*3600)
	original := time.Date(2026, 3, 11, 9, 0, 0, 0, ny)
	p := &original
	f := Facts{SECMaterialityAt: p}
	if err := f.Check(checkAware, nil, checkNow); err != nil {
		t.Fatal(err)
	}
	if original.Location() != ny {
		t.Error("Check changed the time the caller's pointer points at")
	}
}

func TestPersonsInPrefersTheUSEntry(t *testing.T) {
	f := Facts{PersonsByCountry: map[string]int64{"US": 10, "US-CA": 3}}
	if got := f.PersonsIn("US"); got != 10 {
		t.Errorf("PersonsIn(US) = %d, want 10", got)
	}
}

// The country table must match the tz database's list of ISO 3166 codes,
// which every system with zone files ships.
func TestCountryTableMatchesTZData(t *testing.T) {
	file, err := os.Open("/usr/share/zoneinfo/iso3166.tab")
	if err != nil {
		t.Skip("no /usr/share/zoneinfo/iso3166.tab to compare with: install tzdata")
	}
	defer file.Close()
	var codes []string
	lines := bufio.NewScanner(file)
	for lines.Scan() {
		line := lines.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		code, _, _ := strings.Cut(line, "\t")
		codes = append(codes, code)
		if !isCountryCode(code) {
			t.Errorf("%s is missing from the table", code)
		}
	}
	slices.Sort(codes)
	if table := strings.Fields(iso3166Alpha2); !slices.Equal(table, codes) {
		t.Errorf("the table has %d codes, tzdata %d", len(table), len(codes))
	}
}

func TestCodeTablesAreWellFormed(t *testing.T) {
	for name, table := range map[string]string{"iso3166Alpha2": iso3166Alpha2, "usSubdivisions": usSubdivisions} {
		codes := strings.Fields(table)
		if strings.Join(codes, " ") != table {
			t.Errorf("%s is not single-space separated", name)
		}
		seen := map[string]bool{}
		for _, c := range codes {
			if !isUpper2(c) || seen[c] {
				t.Errorf("%s: bad or repeated code %q", name, c)
			}
			seen[c] = true
		}
	}
	if n := len(strings.Fields(usSubdivisions)); n != 57 {
		t.Errorf("%d US subdivisions, want 50 states + DC + 6 outlying areas", n)
	}
	for _, bad := range []string{"UK", "EL", "XK", "EU", "D", "DEU", "de", "A B"} {
		if isCountryCode(bad) {
			t.Errorf("isCountryCode(%q) = true", bad)
		}
	}
}
