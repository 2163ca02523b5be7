package notify

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Templates lists incident id's templates.
func (s *Service) Templates(ctx context.Context, a auth.Actor, id int64) ([]Template, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Templates(ctx, id)
}

// Template returns one of incident id's templates.
func (s *Service) Template(ctx context.Context, a auth.Actor, id, templateID int64) (*Template, error) {
	if _, err := s.Rights(ctx, a, id); err != nil {
		return nil, err
	}
	return s.store.Template(ctx, id, templateID)
}

// SaveTemplate creates (ID 0) or changes a template. Campaigns approved
// with it keep their snapshot; drafts using it lose nothing. Every content
// must compile; a template may still hold notes to its authors ([[...]]):
// the checker stops it from being sent, not from being saved.
func (s *Service) SaveTemplate(ctx context.Context, a auth.Actor, id int64, t *Template) error {
	if err := s.editRights(ctx, a, id, "write templates"); err != nil {
		return err
	}
	if err := normalizeTemplate(t); err != nil {
		return err
	}
	if _, err := Compile(t); err != nil {
		return err
	}
	t.IncidentID, t.UpdatedBy, t.UpdatedAt = id, a.UserID, s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		created := t.ID == 0
		if !created {
			if _, err := tx.Template(ctx, id, t.ID); err != nil {
				return err
			}
		}
		if err := tx.SaveTemplate(ctx, t); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, t.UpdatedAt, auth.Event{
			Action: "template.save", ObjectType: "template", ObjectID: t.ID, IncidentID: id,
			Detail: map[string]any{"created": created, "languages": templateLangs(t)},
		}))
	})
}

func templateLangs(t *Template) []string {
	langs := make([]string, len(t.Contents))
	for i, c := range t.Contents {
		langs[i] = c.Lang
	}
	return langs
}

// Limits of a template's fields.
const (
	maxTemplateName = 120
	maxSubject      = 200
	maxContactField = 200
	maxLetterhead   = 8
)

// normalizeTemplate trims t's fields, fills the fallback language and
// checks what Compile does not: names, lengths, addresses, the fallback.
func normalizeTemplate(t *Template) error {
	f := errs.Fields{}
	t.Name = strings.TrimSpace(t.Name)
	checkText(f, "name", t.Name, maxTemplateName, true)
	if len(t.Contents) == 0 {
		f.Add("contents", errs.Required)
	}
	seen := map[string]bool{}
	for i := range t.Contents {
		c := &t.Contents[i]
		field := "contents[" + strconv.Itoa(i) + "]"
		c.Lang = baseLanguage(c.Lang)
		c.Subject = strings.TrimSpace(c.Subject)
		c.Body = strings.ReplaceAll(c.Body, "\r\n", "\n")
		if languages[c.Lang] == nil || seen[c.Lang] {
			f.Add(field+".lang", errs.InvalidChoice)
		}
		seen[c.Lang] = true
		checkText(f, field+".subject", c.Subject, maxSubject, true)
		if strings.TrimSpace(c.Body) == "" {
			f.Add(field+".body", errs.Required)
		}
	}
	t.Fallback = baseLanguage(t.Fallback)
	if t.Fallback == "" && len(t.Contents) > 0 {
		t.Fallback = t.Contents[0].Lang
		if seen["en"] {
			t.Fallback = "en"
		}
	}
	if len(t.Contents) > 0 && !seen[t.Fallback] {
		f.Add("fallback", errs.InvalidChoice)
	}
	normalizeSender(f, t)
	return f.Err()
}

// normalizeSender checks what the placeholders {{company}}, {{hotline}},
// {{inbox}} and {{updates_url}} and the letterhead say.
func normalizeSender(f errs.Fields, t *Template) {
	t.Company, t.Hotline = strings.TrimSpace(t.Company), strings.TrimSpace(t.Hotline)
	t.Inbox, t.UpdatesURL = auth.NormalizeEmail(t.Inbox), strings.TrimSpace(t.UpdatesURL)
	checkText(f, "company", t.Company, maxContactField, false)
	checkText(f, "hotline", t.Hotline, 40, false)
	if t.Inbox != "" && !auth.ValidEmail(t.Inbox) {
		f.Add("inbox", errs.InvalidEmail)
	}
	if t.UpdatesURL != "" && !validUpdatesURL(t.UpdatesURL) {
		f.Add("updates_url", errs.InvalidValue)
	}
	var lines []string
	for _, line := range t.Letterhead {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
			checkText(f, "letterhead", line, 100, false)
		}
	}
	if len(lines) > maxLetterhead {
		f.Add("letterhead", errs.TooLong)
	}
	t.Letterhead = lines
}

// validUpdatesURL: people are told never to follow links they did not
// expect, so the updates page must at least be an https address.
func validUpdatesURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil && !strings.ContainsAny(s, " \t\"<>")
}

// checkText checks a one-line text field.
func checkText(f errs.Fields, name, s string, max int, required bool) {
	switch {
	case s == "" && required:
		f.Add(name, errs.Required)
	case utf8.RuneCountInString(s) > max:
		f.Add(name, errs.TooLong)
	case strings.ContainsAny(s, "\r\n"):
		f.Add(name, errs.InvalidValue)
	}
}
