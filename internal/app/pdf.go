package app

import (
	"github.com/breachdesk/breachdesk/internal/pdfdoc"
	"github.com/breachdesk/breachdesk/internal/web"
)

// DraftPDF renders a notification draft with the PDF adapter; the web
// layer gets it through its config, as adapters do not import each other.
func DraftPDF(markdown string, m web.DraftMeta) ([]byte, error) {
	return pdfdoc.Render(markdown, pdfdoc.Meta{Title: m.Title, Subject: m.Subject, Author: m.Author,
		Footer: m.Footer, Lang: m.Lang, Created: m.Created})
}
