package web

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// factsFromForm reads the facts form into f. The form holds every field,
// so it replaces the facts; what cannot be read is named in bad.
func factsFromForm(form url.Values, loc *time.Location, bad errs.Fields, f *obligation.Facts) {
	f.EstablishmentCountry = strings.ToUpper(strings.TrimSpace(form.Get("establishment_country")))
	f.DELand = form.Get("de_land")
	f.NIS2Entity = form.Get("nis2_entity")
	f.NIS2Sector = form.Get("nis2_sector")
	f.NIS2Significant = form.Get("nis2_significant") != ""
	f.DORAFinancialEntity = form.Get("dora_financial_entity") != ""
	f.SECRegistrant = form.Get("sec_registrant") != ""
	f.HIPAA = form.Get("hipaa")
	f.CNCIIOperator = form.Get("cn_cii_operator") != ""
	f.CNGrade = form.Get("cn_grade")
	f.PublicBody = form.Get("public_body") != ""
	f.Processor = form.Get("processor") != ""
	f.NYDFSCovered = form.Get("ny_dfs_covered") != ""
	f.UKPECRProvider = form.Get("uk_pecr_provider") != ""
	f.BreachTypes = form["breach_types"]
	switch form.Get("malicious") {
	case "yes":
		f.Malicious = boolPtr(true)
	case "no":
		f.Malicious = boolPtr(false)
	default:
		f.Malicious = nil
	}
	f.Encrypted = form.Get("encrypted") != ""
	f.KeySafe = form.Get("key_safe") != ""
	f.PersonsTotal = formCount(form, "persons_total", bad)
	f.RecordsTotal = formCount(form, "records_total", bad)
	f.PersonsByCountry = parseCountryCounts(form.Get("persons_by_country"), bad)
	f.DataCategories = form["data_categories"]
	f.DORAClassifiedAt = formTimePtr(form, "dora_classified_at", loc, bad)
	f.SECMaterialityAt = formTimePtr(form, "sec_materiality_at", loc, bad)
	f.USDiscoveredAt = formTimePtr(form, "us_discovered_at", loc, bad)
	f.USDeterminedAt = formTimePtr(form, "us_determined_at", loc, bad)
	f.ContactPoint = form.Get("contact_point")
	f.Consequences = form.Get("consequences")
	f.MeasuresTaken = form.Get("measures_taken")
	f.MeasuresProposed = form.Get("measures_proposed")
	f.DelayReasons = form.Get("delay_reasons")
}

func boolPtr(b bool) *bool { return &b }

func formCount(form url.Values, name string, bad errs.Fields) int64 {
	v := strings.TrimSpace(strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(form.Get(name)))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		bad.Add(name, errs.InvalidValue)
		return 0
	}
	return n
}

func formTimePtr(form url.Values, name string, loc *time.Location, bad errs.Fields) *time.Time {
	t := parseInputTime(name, form.Get(name), loc, bad)
	if t.IsZero() {
		return nil
	}
	return &t
}

// parseCountryCounts reads lines such as "DE: 1200", "US-CA 600" or
// "CN=399000" into a map. Thousands separators are allowed.
func parseCountryCounts(text string, bad errs.Fields) map[string]int64 {
	out := map[string]int64{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		i := strings.IndexAny(line, ":= \t")
		if i <= 0 {
			bad.Add("persons_by_country", errs.InvalidValue)
			return nil
		}
		key := strings.ToUpper(strings.TrimSpace(line[:i]))
		num := strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "", "'", "").Replace(strings.TrimLeft(line[i:], ":= \t"))
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n < 0 {
			bad.Add("persons_by_country", errs.InvalidValue)
			return nil
		}
		out[key] += n
	}
	return out
}

// formatCountryCounts writes the map as the form's lines, by key.
func formatCountryCounts(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + ": " + strconv.FormatInt(m[k], 10) + "\n")
	}
	return b.String()
}

// factsValues turns facts into form values, to fill the form.
func factsValues(f *obligation.Facts, loc *time.Location) url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	flag := func(name string, on bool) {
		if on {
			v.Set(name, "on")
		}
	}
	set("establishment_country", f.EstablishmentCountry)
	set("de_land", f.DELand)
	set("nis2_entity", f.NIS2Entity)
	set("nis2_sector", f.NIS2Sector)
	flag("nis2_significant", f.NIS2Significant)
	flag("dora_financial_entity", f.DORAFinancialEntity)
	flag("sec_registrant", f.SECRegistrant)
	set("hipaa", f.HIPAA)
	flag("cn_cii_operator", f.CNCIIOperator)
	set("cn_grade", f.CNGrade)
	flag("public_body", f.PublicBody)
	flag("processor", f.Processor)
	flag("ny_dfs_covered", f.NYDFSCovered)
	flag("uk_pecr_provider", f.UKPECRProvider)
	v["breach_types"] = f.BreachTypes
	if f.Malicious != nil {
		v.Set("malicious", map[bool]string{true: "yes", false: "no"}[*f.Malicious])
	}
	flag("encrypted", f.Encrypted)
	flag("key_safe", f.KeySafe)
	if f.PersonsTotal > 0 {
		v.Set("persons_total", strconv.FormatInt(f.PersonsTotal, 10))
	}
	if f.RecordsTotal > 0 {
		v.Set("records_total", strconv.FormatInt(f.RecordsTotal, 10))
	}
	set("persons_by_country", formatCountryCounts(f.PersonsByCountry))
	v["data_categories"] = f.DataCategories
	set("dora_classified_at", formInputTime(f.DORAClassifiedAt, loc))
	set("sec_materiality_at", formInputTime(f.SECMaterialityAt, loc))
	set("us_discovered_at", formInputTime(f.USDiscoveredAt, loc))
	set("us_determined_at", formInputTime(f.USDeterminedAt, loc))
	set("contact_point", f.ContactPoint)
	set("consequences", f.Consequences)
	set("measures_taken", f.MeasuresTaken)
	set("measures_proposed", f.MeasuresProposed)
	set("delay_reasons", f.DelayReasons)
	return v
}
