package publish

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Page returns the page settings (defaults when never saved).
func (s *Service) Page(ctx context.Context, a auth.Actor) (*Page, error) {
	if err := s.mayDesk(a, canPage, "change the public site's settings"); err != nil {
		return nil, err
	}
	return s.page(ctx)
}

// page reads the settings, the defaults when never saved.
func (s *Service) page(ctx context.Context) (*Page, error) {
	p, err := s.store.Page(ctx)
	if errs.Is(err, errs.NotFound) {
		return &Page{Names: map[string]string{}, DefaultLang: Languages[0]}, nil
	}
	if err != nil {
		return nil, err
	}
	if p.DefaultLang == "" {
		p.DefaultLang = Languages[0]
	}
	if p.Names == nil {
		p.Names = map[string]string{}
	}
	return p, nil
}

// SavePage stores the page settings.
func (s *Service) SavePage(ctx context.Context, a auth.Actor, p Page) (*Page, error) {
	if err := s.mayDesk(a, canPage, "change the public site's settings"); err != nil {
		return nil, err
	}
	f := errs.Fields{}
	checkPage(f, &p)
	if p.RangeIncidentID != 0 {
		// The incident must exist and be one a may see: the range
		// endpoint publishes its leaked password hashes.
		if _, _, err := s.incidents.Get(ctx, a, p.RangeIncidentID); errs.Is(err, errs.NotFound) {
			f.Add("range_incident_id", errs.InvalidChoice)
		} else if err != nil {
			return nil, err
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	p.UpdatedAt = s.now()
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SavePage(ctx, &p); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, 0, auth.Event{Action: "publish.page.save", ObjectType: "publish_page",
			Detail: map[string]any{"self_check": p.SelfCheck, "range_incident": p.RangeIncidentID, "url": p.URL}})
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return &p, nil
}

// checkPage validates and normalizes the settings (not RangeIncidentID,
// which needs the store). Field names are the form's: "url", "names.de",
// "default_lang", "press_email"...
func checkPage(f errs.Fields, p *Page) {
	p.URL = strings.TrimSpace(p.URL)
	if p.URL != "" {
		u, ok := siteURL(p.URL)
		if !ok {
			f.Add("url", errs.InvalidValue)
		}
		p.URL = u
	}
	names := map[string]string{}
	for lang, n := range p.Names {
		n = strings.TrimSpace(n)
		switch {
		case !slices.Contains(Languages, lang):
			f.Add("names", errs.InvalidChoice)
		case n != "":
			names[lang] = n
			checkLine(f, "names."+lang, n, maxName, false)
		}
	}
	p.Names = names
	if p.DefaultLang == "" {
		p.DefaultLang = Languages[0]
	}
	if !slices.Contains(Languages, p.DefaultLang) {
		f.Add("default_lang", errs.InvalidChoice)
	}
	p.PressName = strings.TrimSpace(p.PressName)
	checkLine(f, "press_name", p.PressName, maxName, false)
	for _, e := range []struct {
		field string
		v     *string
	}{{"press_email", &p.PressEmail}, {"hotline_email", &p.HotlineEmail}, {"sender_email", &p.SenderEmail}} {
		*e.v = auth.NormalizeEmail(*e.v)
		if *e.v != "" && !auth.ValidEmail(*e.v) {
			f.Add(e.field, errs.InvalidEmail)
		}
	}
	for _, e := range []struct {
		field string
		v     *string
	}{{"press_phone", &p.PressPhone}, {"hotline_phone", &p.HotlinePhone}} {
		*e.v = strings.TrimSpace(*e.v)
		if !validPhone(*e.v) {
			f.Add(e.field, errs.InvalidValue)
		}
	}
	if p.RangeIncidentID < 0 {
		f.Add("range_incident_id", errs.InvalidChoice)
	}
}

// siteURL checks that raw is an absolute http(s) URL of a site's root
// (no user, path, query or fragment: links are built below it; a host of
// plain ASCII: it goes into mail headers and feeds as it is) and returns
// it without a trailing slash, the host in lower case.
func siteURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Opaque != "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || !validHost(u.Host) {
		return raw, false
	}
	out := u.Scheme + "://" + strings.ToLower(u.Host)
	if back, err := url.Parse(out); err != nil || back.String() != out {
		return raw, false
	}
	return out, true
}

// validHost: a host name or IP address with an optional port, in ASCII.
func validHost(h string) bool {
	if h == "" || len(h) > 262 {
		return false
	}
	return strings.Trim(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == ""
}

// validPhone: empty, or at most 40 of digits, spaces, "+", "-", "/", "(",
// ")" (as people write numbers on a web page), with at least one digit.
func validPhone(v string) bool {
	if v == "" {
		return true
	}
	if len(v) > 40 || strings.Trim(v, "0123456789 +-/()") != "" {
		return false
	}
	return strings.ContainsAny(v, "0123456789")
}
