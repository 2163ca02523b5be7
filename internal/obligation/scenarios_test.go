package obligation

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// The scenarios of the issue: for each, the facts, the decision and the
// awareness time, then every duty that applies (the list is complete) with
// its recipients and exact due time in UTC, and duties that do not apply
// with the reason the lead sees.

type wantDuty struct {
	id         string
	recipients []string
	due        string // RFC 3339 UTC; "" when the duty has no due time
	target     string // the ASAP target; "" when none
	status     Status // "" means open
}

type wantNot struct {
	id, key string
}

type scenario struct {
	name    string
	in      Input
	applies []wantDuty
	not     []wantNot
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func atPtr(s string) *time.Time { t := at(s); return &t }

func decided(advice Advice) *Assessment {
	return &Assessment{ID: 1, Advice: advice, Decision: advice, DecidedAt: at("2026-01-01T00:00:00Z")}
}

func scenarios() []scenario {
	return []scenario{
		{
			// Seed story: a mail server exploited, mails and contacts stolen,
			// the network encrypted. ENISA: SE 3.25, high.
			name: "SME in Lower Saxony: mail server taken, network encrypted",
			in: Input{
				Incident: &incident.Incident{ID: 1, Kind: incident.KindRansomware, AwareAt: at("2026-03-10T08:30:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "DE", DELand: "NI",
					BreachTypes:      []string{"confidentiality", "availability"},
					PersonsTotal:     2400,
					PersonsByCountry: map[string]int64{"DE": 2400},
					DataCategories:   []string{"email", "name", "phone", "postal_address"},
				},
				Decision: &Assessment{ID: 1, Score: 3.25, Level: LevelHigh, Advice: AdviceIndividuals, Decision: AdviceIndividuals},
			},
			applies: []wantDuty{
				{id: "gdpr.33", recipients: []string{"de-ni-dpa"}, due: "2026-03-13T08:30:00Z"},
				{id: "gdpr.33.5"},
				{id: "gdpr.34", target: "2026-03-11T08:30:00Z"},
			},
			not: []wantNot{
				{"nis2.23.early_warning", "flag.nis2_entity.no"},
				{"nis2.23.recipients", "flag.nis2_entity.no"},
				{"de.bsig.32.initial", "flag.nis2_entity.no"},
				{"de.bsig.32.final", "flag.nis2_entity.no"},
				{"gdpr.33.non_eea", "establishment.excluded"},
				{"dora.19.initial", "flag.dora_financial_entity.no"},
				{"uk.gdpr.33", "territorial.no"},
				{"us.ca.residents", "persons.none"},
			},
		},
		{
			// An essential entity under NIS2, health data of 80,000 patients.
			// The Meldung was filed on 31 January, so the Abschlussmeldung is
			// due a month later, clamped to 28 February.
			name: "German hospital over the NIS2 thresholds",
			in: Input{
				Incident: &incident.Incident{ID: 2, Kind: incident.KindRansomware, AwareAt: at("2026-01-28T22:00:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "DE", DELand: "NW",
					NIS2Entity: "essential", NIS2Sector: "health", NIS2Significant: true,
					PersonsTotal:     80_000,
					PersonsByCountry: map[string]int64{"DE": 80_000},
					DataCategories:   []string{"health", "name", "date_of_birth"},
				},
				Decision: decided(AdviceIndividuals),
				Filings: []Filing{
					{ID: 7, Rule: "de.bsig.32.notification", FiledAt: at("2026-01-31T10:00:00Z"), Recipient: "de-bsi"},
				},
			},
			applies: []wantDuty{
				{id: "gdpr.33", recipients: []string{"de-nw-dpa"}, due: "2026-01-31T22:00:00Z"},
				{id: "gdpr.33.5"},
				{id: "gdpr.34", target: "2026-01-29T22:00:00Z"},
				{id: "nis2.23.recipients", target: "2026-01-29T22:00:00Z"},
				{id: "de.bsig.32.initial", recipients: []string{"de-bsi"}, due: "2026-01-29T22:00:00Z"},
				{id: "de.bsig.32.notification", recipients: []string{"de-bsi"}, due: "2026-01-31T22:00:00Z", status: StatusFiled},
				{id: "de.bsig.32.intermediate", recipients: []string{"de-bsi"}},
				{id: "de.bsig.32.final", recipients: []string{"de-bsi"}, due: "2026-02-28T10:00:00Z"},
			},
			not: []wantNot{
				{"nis2.23.early_warning", "establishment.excluded"},
				{"nis2.23.final", "establishment.excluded"},
				{"dora.19.initial", "flag.dora_financial_entity.no"},
			},
		},
		{
			// The NIO case: a controller in China, 4.85 million registered
			// users' data with resident ID numbers.
			name: "NIO: controller in China, resident IDs of 4.85M users",
			in: Input{
				Incident: &incident.Incident{ID: 3, Kind: incident.KindDataTheft, AwareAt: at("2026-06-12T02:00:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "CN",
					CNGrade:              "major",
					PersonsTotal:         4_850_000,
					PersonsByCountry:     map[string]int64{"CN": 4_850_000},
					DataCategories:       []string{"national_id", "name", "phone", "postal_address"},
				},
			},
			applies: []wantDuty{
				{id: "cn.pipl.57", recipients: []string{"cn-cac"}, target: "2026-06-13T02:00:00Z"},
				{id: "cn.pipl.57.individuals", target: "2026-06-13T02:00:00Z"},
				{id: "cn.cac.2025", recipients: []string{"cn-cac-provincial"}, due: "2026-06-12T06:00:00Z"},
			},
			not: []wantNot{
				{"cn.cac.2025.cii", "flag.cn_cii_operator.no"},
				{"cn.cac.2025.gov", "flag.public_body.no"},
				{"gdpr.33", "establishment.outside"},
				{"gdpr.33.non_eea", "persons.none"},
				{"gdpr.34", "territorial.no"},
				{"us.sec.8k", "flag.sec_registrant.no"},
			},
		},
		{
			// A US-listed company with customers in California and Texas.
			// Materiality was determined on Thursday 3 Sep 2026 at 16:00 New
			// York time, before the Labor Day weekend. Counting by hand:
			// day 0 Thu 3 Sep; Fri 4 = 1; Sat 5, Sun 6 weekend; Mon 7 Labor
			// Day; Tue 8 = 2; Wed 9 = 3; Thu 10 = 4: due Thu 10 Sep 17:30
			// EDT = 21:30 UTC.
			name: "US-listed company, Californian and Texan customers",
			in: Input{
				Incident: &incident.Incident{ID: 4, Kind: incident.KindDataTheft, AwareAt: at("2026-08-27T14:00:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "US",
					SECRegistrant:        true,
					PersonsTotal:         1500,
					PersonsByCountry:     map[string]int64{"US": 1500, "US-CA": 1200, "US-TX": 300},
					DataCategories:       []string{"name", "email", "payment_card"},
					SECMaterialityAt:     atPtr("2026-09-03T20:00:00Z"),
					USDiscoveredAt:       atPtr("2026-08-27T14:00:00Z"), // 07:00 in Los Angeles
					USDeterminedAt:       atPtr("2026-08-31T15:00:00Z"), // 10:00 in Texas
				},
				Filings: []Filing{
					// The residents were told on 15 Sep, 10:00 in Los Angeles.
					{ID: 3, Rule: "us.ca.residents", FiledAt: at("2026-09-15T17:00:00Z"), Channel: "email"},
				},
			},
			applies: []wantDuty{
				{id: "us.sec.8k", recipients: []string{"us-sec"}, due: "2026-09-10T21:30:00Z"},
				{id: "us.sec.8k.delay"},
				{id: "us.ca.residents", due: "2026-09-26T14:00:00Z", status: StatusFiled},
				{id: "us.ca.ag", recipients: []string{"us-ca-ag"}, due: "2026-09-30T17:00:00Z"},
				{id: "us.tx.individuals", due: "2026-10-30T15:00:00Z"},
				{id: "us.tx.ag", recipients: []string{"us-tx-ag"}, due: "2026-09-30T15:00:00Z"},
			},
			not: []wantNot{
				{"us.tx.cra", "persons_total.below"},
				{"us.ny.residents", "persons.none"},
				{"us.hipaa.individuals", "flag.hipaa_covered_entity.no"},
				{"gdpr.33", "establishment.outside"},
				{"gdpr.33.non_eea", "persons.none"},
			},
		},
		{
			// A laptop with an encrypted disk was stolen; the key was not.
			// The company notifies the authority as a precaution; 72 hours
			// are absolute, across the end of summer time on 25 Oct.
			name: "encrypted laptop lost, authority told as a precaution",
			in: Input{
				Incident: &incident.Incident{ID: 5, Kind: incident.KindOther, AwareAt: at("2026-10-24T10:00:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "DE", DELand: "BE",
					Encrypted: true, KeySafe: true,
					PersonsTotal:     1800,
					PersonsByCountry: map[string]int64{"DE": 1800},
					DataCategories:   []string{"name", "email", "health"},
				},
				Decision: decided(AdviceIndividuals),
			},
			applies: []wantDuty{
				{id: "gdpr.33", recipients: []string{"de-be-dpa"}, due: "2026-10-27T10:00:00Z"},
				{id: "gdpr.33.5"},
			},
			not: []wantNot{
				{"gdpr.34", "exempt_34_3_a"},
			},
		},
		{
			name: "encrypted laptop lost, decided: document only",
			in: Input{
				Incident: &incident.Incident{ID: 6, Kind: incident.KindOther, AwareAt: at("2026-10-24T10:00:00Z")},
				Facts: &Facts{
					EstablishmentCountry: "DE", DELand: "BE",
					Encrypted: true, KeySafe: true,
					PersonsTotal: 1800, PersonsByCountry: map[string]int64{"DE": 1800},
				},
				Decision: decided(AdviceDocument),
			},
			applies: []wantDuty{
				{id: "gdpr.33.5"},
			},
			not: []wantNot{
				{"gdpr.33", "risk.decided.document"},
				{"gdpr.34", "exempt_34_3_a"},
			},
		},
	}
}

func TestScenarios(t *testing.T) {
	rs := BuiltinRules()
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			obs := Evaluate(rs, sc.in)
			if len(obs) != len(rs.Rules) {
				t.Fatalf("%d obligations for %d rules", len(obs), len(rs.Rules))
			}
			var gotIDs, wantIDs []string
			for _, o := range obs {
				if o.Applies {
					gotIDs = append(gotIDs, o.Rule.ID)
				}
			}
			for _, w := range sc.applies {
				wantIDs = append(wantIDs, w.id)
				checkDuty(t, obligationOf(t, obs, w.id), w)
			}
			sort.Strings(gotIDs)
			sort.Strings(wantIDs)
			if !slices.Equal(gotIDs, wantIDs) {
				t.Errorf("applying duties:\n got %s\nwant %s", strings.Join(gotIDs, " "), strings.Join(wantIDs, " "))
			}
			for _, w := range sc.not {
				o := obligationOf(t, obs, w.id)
				if o.Applies {
					t.Errorf("%s applies, want not (%s)", w.id, w.key)
					continue
				}
				if len(o.Reasons) != 1 || o.Reasons[0].Key != w.key {
					t.Errorf("%s: reasons %v, want %s", w.id, o.Reasons, w.key)
				}
				if o.DueAt != nil || o.TargetAt != nil {
					t.Errorf("%s does not apply but has a due time", w.id)
				}
			}
		})
	}
}

func obligationOf(t *testing.T, obs []Obligation, id string) Obligation {
	t.Helper()
	for _, o := range obs {
		if o.Rule.ID == id {
			return o
		}
	}
	t.Fatalf("no obligation for rule %s", id)
	return Obligation{}
}

func checkDuty(t *testing.T, o Obligation, w wantDuty) {
	t.Helper()
	if !o.Applies {
		t.Errorf("%s does not apply: %v", w.id, o.Reasons)
		return
	}
	if len(o.Reasons) == 0 {
		t.Errorf("%s applies without a reason", w.id)
	}
	if !slices.Equal(o.Recipients, w.recipients) {
		t.Errorf("%s: recipients %v, want %v", w.id, o.Recipients, w.recipients)
	}
	if got := formatTime(o.DueAt); got != w.due {
		t.Errorf("%s: due %s, want %s", w.id, got, w.due)
	}
	if got := formatTime(o.TargetAt); got != w.target {
		t.Errorf("%s: target %s, want %s", w.id, got, w.target)
	}
	status := w.status
	if status == "" {
		status = StatusOpen
	}
	if o.Status != status {
		t.Errorf("%s: status %s, want %s", w.id, o.Status, status)
	}
}

func formatTime(p *time.Time) string {
	if p == nil {
		return ""
	}
	return p.UTC().Format(time.RFC3339)
}
