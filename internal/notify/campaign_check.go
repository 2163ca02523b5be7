package notify

import (
	"context"
	"sort"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// Check runs the checker over the campaign's current recipients: every
// recipient is rendered as far as needed to know which placeholders they
// cannot fill. It reports counts only.
func (s *Service) Check(ctx context.Context, a auth.Actor, id, campaignID int64) (*CheckReport, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.View, "see campaigns"); err != nil {
		return nil, err
	}
	c, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return nil, campaignErr(err)
	}
	return s.check(ctx, a, c)
}

// check is Check without the access check.
func (s *Service) check(ctx context.Context, a auth.Actor, c *Campaign) (*CheckReport, error) {
	tpl, err := s.sendTemplate(ctx, c)
	if err != nil {
		return nil, err
	}
	return s.checkWith(ctx, a, c, tpl)
}

// checkWith checks the campaign's recipients against tpl.
func (s *Service) checkWith(ctx context.Context, a auth.Actor, c *Campaign, tpl *Template) (*CheckReport, error) {
	compiled, err := Compile(tpl)
	if err != nil {
		return nil, err
	}
	rep := &CheckReport{ByLang: map[string]int64{}, ByChannel: map[Channel]int64{}}
	if c.Kind == PublicNotice {
		return rep, nil
	}
	rules, err := s.segmentRules(ctx, a, c)
	if err != nil {
		return nil, err
	}
	type key struct{ lang, placeholder string }
	problems := map[key]int64{}
	err = s.people.EachMember(ctx, c.IncidentID, rules, func(p *people.Person) error {
		rep.Recipients++
		ch, ok := channelFor(c, p)
		if !ok {
			rep.Unreachable++
			return nil
		}
		lang := compiled.Lang(p)
		rep.ByLang[lang]++
		rep.ByChannel[ch]++
		for _, ph := range compiled.Missing(p, ch) {
			problems[key{lang, ph}]++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for k, n := range problems {
		rep.Problems = append(rep.Problems, Problem{Lang: k.lang, Placeholder: k.placeholder, Persons: n})
	}
	sort.Slice(rep.Problems, func(i, j int) bool {
		pi, pj := rep.Problems[i], rep.Problems[j]
		if pi.Lang != pj.Lang {
			return pi.Lang < pj.Lang
		}
		return pi.Placeholder < pj.Placeholder
	})
	return rep, nil
}

// sendTemplate is what the campaign sends: the snapshot once approved,
// the template as it is before.
func (s *Service) sendTemplate(ctx context.Context, c *Campaign) (*Template, error) {
	if c.Snapshot != nil {
		return c.Snapshot, nil
	}
	tpl, err := s.store.Template(ctx, c.IncidentID, c.TemplateID)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.E(errs.Conflict, "the campaign's template no longer exists")
	}
	return tpl, err
}

// segmentRules are the rules of the campaign's segment.
func (s *Service) segmentRules(ctx context.Context, a auth.Actor, c *Campaign) (people.SegmentRules, error) {
	seg, err := s.people.SegmentDef(ctx, a, c.IncidentID, c.SegmentID)
	if errs.Is(err, errs.NotFound) {
		return people.SegmentRules{}, errs.E(errs.Conflict, "the campaign's segment no longer exists")
	}
	if err != nil {
		return people.SegmentRules{}, err
	}
	return seg.Rules, nil
}

// channelFor is how the campaign reaches p: by letter in a letter campaign
// or as the fallback for a person without e-mail; false when p cannot be
// reached on any channel the campaign allows.
func channelFor(c *Campaign, p *people.Person) (Channel, bool) {
	switch {
	case c.Channel == ByLetter:
		return ByLetter, p.HasAddress()
	case p.HasEmail():
		return ByEmail, true
	case c.LetterFallback && p.HasAddress():
		return ByLetter, true
	}
	return "", false
}
