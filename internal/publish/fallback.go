package publish

import (
	"strings"
	"sync"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// pubState is what the mail part keeps in memory.
type pubState struct {
	mu       sync.Mutex
	fallback string
	ranges   rangeCache
}

// SetFallbackURL is the public site's base URL for links in mails when
// Page.URL is empty (app sets it to the public listener's address).
func (s *Service) SetFallbackURL(u string) {
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	s.pub.fallback = strings.TrimRight(strings.TrimSpace(u), "/")
}

// baseURL is where the mails' links point: the page's URL, else the
// fallback; errs.Invalid when neither is known, since a mail whose links
// lead nowhere is worse than one that waits.
func (s *Service) baseURL(p *Page) (string, error) {
	if u := strings.TrimRight(strings.TrimSpace(p.URL), "/"); u != "" {
		return u, nil
	}
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	if s.pub.fallback == "" {
		return "", errs.E(errs.Invalid, "publish: the public site's address is not known (set the page's URL or --public-url)")
	}
	return s.pub.fallback, nil
}

// messageDomain is the right-hand side of the public side's Message-IDs: the
// sender's domain, else the hotline address's, else Options.Domain.
func (s *Service) messageDomain(p *Page) string {
	for _, a := range []string{p.SenderEmail, p.HotlineEmail} {
		if at := strings.LastIndexByte(a, '@'); at >= 0 && at < len(a)-1 {
			return strings.ToLower(a[at+1:])
		}
	}
	return s.domain
}

// mailLang is lang when the public side writes it, else the page's
// default language.
func mailLang(p *Page, lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	for _, l := range Languages {
		if l == lang {
			return l
		}
	}
	for _, l := range Languages {
		if l == p.DefaultLang {
			return l
		}
	}
	return Languages[0]
}
