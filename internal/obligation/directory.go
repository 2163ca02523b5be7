package obligation

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// The directory of authorities: who receives a notification. The entries
// ship in authorities.yaml (see ParseAuthorities); an admin may edit them
// (see Merge). The resolvers below turn an incident's facts into directory
// IDs for the rules' recipients "competent_dpa" and "resident_dpas".

// DirectoryProblem is one problem found in an authorities file.
type DirectoryProblem struct {
	Line    int
	Field   string // a path such as authorities[3].zone
	Message string
}

func (p DirectoryProblem) String() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", p.Line, p.Field, p.Message)
}

// DirectoryError lists every problem found in an authorities file.
type DirectoryError struct{ Problems []DirectoryProblem }

func (e *DirectoryError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// eeaCountries are the EU 27 and the EEA EFTA states Iceland,
// Liechtenstein and Norway, by ISO 3166-1 alpha-2 (Greece is GR, not EL).
var eeaCountries = []string{
	"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
	"IS", "LI", "NO",
}

// EEACountry reports whether cc (ISO alpha-2, any case) is in the European
// Economic Area: the EU 27 plus Iceland, Liechtenstein and Norway.
func EEACountry(cc string) bool {
	return slices.Contains(eeaCountries, normCountryCode(cc))
}

// DEResidentDPA is the directory entry that stands for "the German DPA of
// the affected residents' Land" when ResidentDPAs knows that Germans are
// affected but not in which Land. See ResidentDPAs.
const DEResidentDPA = "de-resident-dpa"

// CompetentDPA returns the ID of the data-protection authority competent
// for a controller established in establishmentCountry (ISO alpha-2):
//
//   - DE: the DPA of deLand (ISO 3166-2:DE, "NI" or "DE-NI"), which
//     supervises both private and public bodies of the Land — except in
//     Bavaria, where BayLDA supervises the private sector and BayLfD public
//     bodies (publicBody picks the latter). Without a valid Land it returns
//     "": the caller reports the missing Land. Federal public bodies and
//     telecom and postal providers (BfDI, de-bfdi) are not resolved here.
//   - another EEA country: "<cc>-dpa";
//   - GB: the ICO;
//   - anything else: "".
func CompetentDPA(establishmentCountry, deLand string, publicBody bool) string {
	cc := normCountryCode(establishmentCountry)
	switch {
	case cc == "DE":
		land := normLandCode(deLand)
		if !slices.Contains(DELands, land) {
			return ""
		}
		if land == "BY" && publicBody {
			return "de-by-public-dpa"
		}
		return landDPA(land)
	case EEACountry(cc):
		return strings.ToLower(cc) + "-dpa"
	case cc == "GB":
		return "gb-ico"
	}
	return ""
}

// ResidentDPAs returns, sorted, the IDs of the DPAs of every EEA country
// with affected residents: a controller without an establishment in the
// EEA must notify each of them (EDPB Guidelines 9/2022, para. 73).
//
// Keys are ISO alpha-2 countries, any case. Germany has no national DPA
// for companies: the 16 Land DPAs supervise them. So German residents are
// resolved by Land when the counts say which: "DE-NI"-style keys name the
// Land and are counted within "DE" as well, as "US-CA" keys are within
// "US". Their Land DPA is the private-sector one (BayLDA for Bavaria),
// since a controller outside the EEA is not a Bavarian public body.
// German residents not attributed to a Land ("DE" larger than the sum of
// its Länder) yield DEResidentDPA: a directory entry saying that the Land
// DPA(s) of the affected people must be chosen by a person. It is not the
// BfDI, which supervises federal public bodies and telecom and postal
// providers and would be the wrong recipient for almost every company.
func ResidentDPAs(personsByCountry map[string]int64) []string {
	var ids []string
	var deTotal, deInLands int64
	for key, n := range personsByCountry {
		if n <= 0 {
			continue
		}
		cc, sub, hasSub := strings.Cut(normCountryCode(key), "-")
		switch {
		case cc == "DE" && hasSub:
			if land := normLandCode(sub); slices.Contains(DELands, land) {
				ids = append(ids, landDPA(land))
				deInLands += n
			}
		case cc == "DE":
			deTotal += n
		case hasSub:
			// A subdivision of another country (US-CA): counted within
			// its country's own key.
		case EEACountry(cc):
			ids = append(ids, strings.ToLower(cc)+"-dpa")
		}
	}
	if deTotal > deInLands {
		ids = append(ids, DEResidentDPA)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Merge returns the directory as shown: the built-in entries, each
// replaced by an edited entry with the same ID, plus edited entries of new
// IDs; sorted by country, region, then ID. The inputs are not changed.
func Merge(builtin, edited []Authority) []Authority {
	byID := make(map[string]int, len(builtin)+len(edited))
	out := make([]Authority, 0, len(builtin)+len(edited))
	for _, list := range [][]Authority{builtin, edited} {
		for _, a := range list {
			if i, ok := byID[a.ID]; ok {
				out[i] = a
				continue
			}
			byID[a.ID] = len(out)
			out = append(out, a)
		}
	}
	sortAuthorities(out)
	return out
}

// sortAuthorities orders a directory by country, region, then ID: the
// order in which Store.Authorities lists it.
func sortAuthorities(list []Authority) {
	slices.SortFunc(list, func(a, b Authority) int {
		return cmp.Or(cmp.Compare(a.Country, b.Country), cmp.Compare(a.Region, b.Region), cmp.Compare(a.ID, b.ID))
	})
}

func landDPA(land string) string { return "de-" + strings.ToLower(land) + "-dpa" }

func normCountryCode(cc string) string { return strings.ToUpper(strings.TrimSpace(cc)) }

// normLandCode accepts "NI", "ni" and "DE-NI".
func normLandCode(land string) string {
	land = normCountryCode(land)
	return strings.TrimPrefix(land, "DE-")
}
