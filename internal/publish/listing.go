package publish

import (
	"context"
	"slices"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Impacts lists the impacts from least to most.
var Impacts = []Impact{ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical}

// Listing returns how the incident appears publicly; a zero Listing (not
// public) when it has none yet.
func (s *Service) Listing(ctx context.Context, a auth.Actor, id int64) (*Listing, error) {
	if _, err := s.may(ctx, a, id, canView, "see the public listing"); err != nil {
		return nil, err
	}
	l, err := s.store.Listing(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return &Listing{IncidentID: id, Titles: map[string]string{}, Impact: ImpactNone}, nil
	}
	return l, err
}

// SaveListing changes the incident's public name, impact and visibility.
// The public name is needed in every language: it is what the public
// reads instead of the desk's title.
func (s *Service) SaveListing(ctx context.Context, a auth.Actor, id int64, ch ListingChange) (*Listing, error) {
	if _, err := s.may(ctx, a, id, canWrite, "change the public listing"); err != nil {
		return nil, err
	}
	titles, err := checkListing(&ch)
	if err != nil {
		return nil, err
	}
	var l *Listing
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.now()
		var err error
		l, err = tx.Listing(ctx, id)
		if errs.Is(err, errs.NotFound) {
			l, err = &Listing{IncidentID: id, PublicID: newPublicID(), CreatedAt: now}, nil
		}
		if err != nil {
			return err
		}
		l.Titles, l.Impact, l.Public, l.UpdatedAt = titles, ch.Impact, ch.Public, now
		if err := tx.SaveListing(ctx, l); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, id, auth.Event{Action: "publish.listing.save", ObjectType: "publish_listing",
			ObjectID: id, Detail: map[string]any{"public": l.Public, "impact": string(l.Impact)}}); err != nil {
			return err
		}
		return s.systemEntry(ctx, tx, a, id, listingEvent(l))
	})
	if err != nil {
		return nil, err
	}
	s.changed()
	return l, nil
}

// checkListing validates a listing change (an empty impact is "none") and
// returns the trimmed titles.
func checkListing(ch *ListingChange) (map[string]string, error) {
	f := errs.Fields{}
	titles := map[string]string{}
	for lang, t := range ch.Titles {
		if !slices.Contains(Languages, lang) {
			f.Add("titles", errs.InvalidChoice)
			continue
		}
		titles[lang] = strings.TrimSpace(t)
	}
	for _, lang := range Languages {
		checkLine(f, "titles."+lang, titles[lang], maxTitle, true)
	}
	if ch.Impact == "" {
		ch.Impact = ImpactNone
	}
	if !slices.Contains(Impacts, ch.Impact) {
		f.Add("impact", errs.InvalidChoice)
	}
	return titles, f.Err()
}

// ensureListing returns the incident's listing, creating it (not public,
// impact none) with st's titles when it has none.
func (s *Service) ensureListing(ctx context.Context, tx Tx, id int64, st *Statement) (*Listing, error) {
	l, err := tx.Listing(ctx, id)
	if !errs.Is(err, errs.NotFound) {
		return l, err
	}
	now := s.now()
	l = &Listing{IncidentID: id, PublicID: newPublicID(), Titles: map[string]string{}, Impact: ImpactNone,
		CreatedAt: now, UpdatedAt: now}
	for lang, t := range st.Texts {
		l.Titles[lang] = t.Title
	}
	if err := tx.SaveListing(ctx, l); err != nil {
		return nil, err
	}
	return l, nil
}

// listingEvent is the timeline's note of a listing's visibility and impact
// (never its titles).
func listingEvent(l *Listing) incident.SystemEvent {
	vis := "not public"
	if l.Public {
		vis = "public"
	}
	return incident.SystemEvent{Name: "public_listing_changed", Args: map[string]string{"visibility": vis, "impact": string(l.Impact)}}
}
