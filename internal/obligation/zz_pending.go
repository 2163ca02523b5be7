package obligation

// Placeholders of the engine parts being written on other branches; this
// file is deleted when they are merged.

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

type Input struct {
	Incident *incident.Incident
	Facts    *Facts
	Decision *Assessment
	Filings  []Filing
	Waivers  []Waiver
}

func Evaluate(rs *RuleSet, in Input) []Obligation { return nil }

type Problem struct {
	Line           int
	Field, Message string
}

type RuleError struct{ Problems []Problem }

func (e *RuleError) Error() string { return "rule file refused" }

func ParseRules(src []byte) (*RuleSet, error) { return &RuleSet{Source: src}, nil }
func BuiltinRules() *RuleSet                  { return &RuleSet{Version: "pending"} }

type DraftInput struct {
	Incident     *incident.Incident
	Facts        *Facts
	Assessment   *Assessment
	Obligation   *Obligation
	Authority    *Authority
	Content      map[string]ContentItem
	Organisation string
	Now          time.Time
	Zone         *time.Location
}

func GenerateDraft(in DraftInput, lang string) string { return "" }
func Placeholders(md string) int                      { return 0 }
