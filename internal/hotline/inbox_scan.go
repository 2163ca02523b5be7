package hotline

// The impact scanner's detectors over what a mail brings, so that agents
// are warned when someone sends an IBAN, a card or an ID number.

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

// maxScanned bounds the bytes of one mail the detectors read (bodies and
// text attachments together): a mail bomb must not hold the inbox.
const maxScanned = 4 << 20

// mailScanner is the detectors' scanner, built once: its tables take a
// moment and never change. Numbers without a country code are read as
// German (people.DefaultRegion), as the register reads them.
var mailScanner = sync.OnceValues(func() (*detect.Scanner, error) {
	return detect.NewScanner(people.DefaultRegion, time.Now())
})

// sensitive reports whether category c is worth a warning: e-mail
// addresses, phone numbers and names are in every mail's signature.
func sensitive(c detect.Category) bool {
	switch c {
	case detect.Email, detect.Phone, detect.Name:
		return false
	}
	return true
}

// scanBudget is what is left of maxScanned for one mail.
type scanBudget struct{ left int }

// categories runs the detectors over text and returns the sensitive
// categories found, sorted. Nil when the scanner cannot be built (it
// never fails with the built-in region) or the budget is spent.
func (b *scanBudget) categories(text []byte) []string {
	if len(text) == 0 || b.left <= 0 {
		return nil
	}
	if len(text) > b.left {
		text = text[:b.left]
	}
	b.left -= len(text)
	sc, err := mailScanner()
	if err != nil {
		return nil
	}
	var found []string
	sc.Text(text, func(m detect.Match) {
		if c := string(m.Category); sensitive(m.Category) && !slices.Contains(found, c) {
			found = append(found, c)
		}
	})
	slices.Sort(found)
	return found
}

// textual reports whether an attachment of contentType is text the
// detectors can read as it is.
func textual(contentType string) bool {
	if strings.HasPrefix(contentType, "text/") {
		return true
	}
	switch contentType {
	case "application/json", "application/xml", "application/csv", "application/x-csv", "message/rfc822":
		return true
	}
	return false
}

// union adds the categories of more to cats, sorted, without repeats.
func union(cats []string, more []string) []string {
	for _, c := range more {
		if !slices.Contains(cats, c) {
			cats = append(cats, c)
		}
	}
	slices.Sort(cats)
	return cats
}
