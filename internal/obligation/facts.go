package obligation

import "time"

// Facts are what the rules need to know about an incident, beyond its
// awareness time: who the controller is, what kind of entity, what kind of
// breach, whose data in which country, and the clocks of the regimes that
// start elsewhere than at awareness. The JSON names are the API's.
type Facts struct {
	IncidentID int64 `json:"-"`

	// EstablishmentCountry is the controller's main establishment, ISO
	// 3166-1 alpha-2 ("DE", "CN", "US", "GB"); DELand the German Land
	// (ISO 3166-2:DE without "DE-": "NI" for Lower Saxony), which decides
	// the competent data-protection authority.
	EstablishmentCountry string `json:"establishment_country"`
	DELand               string `json:"de_land"`

	// Entity flags.
	NIS2Entity          string `json:"nis2_entity"` // "", "essential", "important"
	NIS2Sector          string `json:"nis2_sector"` // see NIS2Sectors
	NIS2Significant     bool   `json:"nis2_significant"`
	DORAFinancialEntity bool   `json:"dora_financial_entity"`
	SECRegistrant       bool   `json:"sec_registrant"`
	HIPAA               string `json:"hipaa"` // "", "covered_entity", "business_associate"
	CNCIIOperator       bool   `json:"cn_cii_operator"`
	CNGrade             string `json:"cn_grade"` // "", see CNGrades
	PublicBody          bool   `json:"public_body"`
	Processor           bool   `json:"processor"` // we process the data for another controller
	NYDFSCovered        bool   `json:"ny_dfs_covered"`
	UKPECRProvider      bool   `json:"uk_pecr_provider"`

	// The breach.
	BreachTypes []string `json:"breach_types"` // see BreachTypes
	Malicious   *bool    `json:"malicious"`    // nil: not known yet
	Encrypted   bool     `json:"encrypted"`    // the data was encrypted at rest
	KeySafe     bool     `json:"key_safe"`     // and the key was not compromised

	// Whose data. PersonsByCountry keys are ISO alpha-2 countries, and
	// "US-CA"-style keys for US states (counted within "US" as well).
	PersonsTotal     int64            `json:"persons_total"`
	PersonsByCountry map[string]int64 `json:"persons_by_country"`
	RecordsTotal     int64            `json:"records_total"`
	// DataCategories holds the scanner's categories (email, phone,
	// national_id, ...) and the special ones (see SpecialCategories).
	DataCategories []string `json:"data_categories"`

	// Clock starts that differ from the incident's aware_at.
	DORAClassifiedAt *time.Time `json:"dora_classified_at"` // classified as major
	SECMaterialityAt *time.Time `json:"sec_materiality_at"` // determined material
	USDiscoveredAt   *time.Time `json:"us_discovered_at"`   // HIPAA, CA, NY
	USDeterminedAt   *time.Time `json:"us_determined_at"`   // TX: breach determined

	// For the drafts.
	ContactPoint     string `json:"contact_point"` // DPO or other contact point
	Consequences     string `json:"consequences"`  // likely consequences
	MeasuresTaken    string `json:"measures_taken"`
	MeasuresProposed string `json:"measures_proposed"`
	DelayReasons     string `json:"delay_reasons"` // when a filing is late

	UpdatedBy int64     `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Choice lists.
var (
	NIS2Entities = []string{"essential", "important"}
	// NIS2Sectors are the sectors of NIS2 Annex I (high criticality) and
	// Annex II (other critical).
	NIS2Sectors = []string{
		"energy", "transport", "banking", "financial_market_infrastructure", "health",
		"drinking_water", "waste_water", "digital_infrastructure", "ict_service_management",
		"public_administration", "space",
		"postal_courier", "waste_management", "chemicals", "food", "manufacturing",
		"digital_providers", "research",
	}
	HIPAARoles  = []string{"covered_entity", "business_associate"}
	CNGrades    = []string{"general", "relatively_major", "major", "particularly_major"}
	BreachTypes = []string{"confidentiality", "integrity", "availability"}
	// SpecialCategories are GDPR Art. 9 and 10 data, and children's data.
	SpecialCategories = []string{
		"health", "genetic", "biometric", "racial_ethnic_origin", "political_opinions",
		"religious_beliefs", "trade_union", "sex_life", "criminal_offences", "children",
	}
	// ScannerCategories are the impact scanner's categories.
	ScannerCategories = []string{
		"email", "phone", "iban", "payment_card", "national_id", "vin", "ip_address",
		"date_of_birth", "name", "postal_address", "credential", "secret",
	}
)

// DELands are the 16 German Länder by ISO 3166-2:DE code.
var DELands = []string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
