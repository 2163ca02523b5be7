package scan

import "github.com/breachdesk/breachdesk/internal/scan/detect"

// Report is what a scan found, as `breachdesk scan --json` writes it. Its
// figures are counts; it never holds a full value.
type Report struct {
	Complete   bool                               `json:"complete"`
	Scanned    Scanned                            `json:"scanned"`
	Skipped    []Skipped                          `json:"skipped"`
	Categories map[detect.Category]*CategoryCount `json:"categories"`
	Persons    int64                              `json:"persons"`
	Files      []FileReport                       `json:"files"`
	// Examples holds one masked example per category for the summary
	// table; it is never written as JSON and never holds a full value.
	Examples map[detect.Category]string `json:"-"`
}

// Scanned sums up what was read.
type Scanned struct {
	Files   int64   `json:"files"`
	Bytes   int64   `json:"bytes"`
	Records int64   `json:"records"`
	Seconds float64 `json:"seconds"`
}

// Skipped is a file that was not scanned, or not to its end, and why.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// CategoryCount is how often a category was found.
type CategoryCount struct {
	Records  int64            `json:"records"`         // records holding at least one value
	Distinct int64            `json:"distinct"`        // distinct normalized values
	Kinds    map[string]int64 `json:"kinds,omitempty"` // distinct values per kind (national_id, secret, credential)
}

// FileReport is one scanned file.
type FileReport struct {
	Path       string                    `json:"path"`
	Format     string                    `json:"format"`
	Records    int64                     `json:"records"`
	Categories map[detect.Category]int64 `json:"categories"` // records holding the category
}
