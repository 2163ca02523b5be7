package publish

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// historyDays is how far back the public status history reaches.
const historyDays = 90

// publicIDAlphabet and publicIDLen make the public IDs: 12 of 36
// characters, about 62 bits, so nobody counts or guesses their way
// through the items.
const (
	publicIDAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	publicIDLen      = 12
)

// newPublicID returns a random public ID.
func newPublicID() string {
	b := make([]byte, publicIDLen)
	for i := range b {
		b[i] = publicIDAlphabet[randIndex(len(publicIDAlphabet))]
	}
	return string(b)
}

// randIndex returns a uniform random number below n (n <= 256), by
// rejecting the bytes that would bias it.
func randIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		// crypto/rand.Read never fails (the program stops if the
		// system's randomness is gone).
		_, _ = rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}

// Site reads everything the public listener shows: the page, the shown
// components with 90 days of history, and the public listings with their
// published statements. It copies only public fields: public IDs instead
// of internal ones, no user, no desk title, no range incident.
func (s *Service) Site(ctx context.Context) (*Site, error) {
	page, err := s.page(ctx)
	if err != nil {
		return nil, err
	}
	listings, err := s.store.Listings(ctx)
	if err != nil {
		return nil, err
	}
	statements, err := s.store.PublishedStatements(ctx)
	if err != nil {
		return nil, err
	}
	comps, err := s.store.Components(ctx)
	if err != nil {
		return nil, err
	}
	changes, err := s.store.ComponentChanges(ctx, s.now().Add(-historyDays*24*time.Hour))
	if err != nil {
		return nil, err
	}
	site := &Site{Page: publicPage(page)}
	site.Components = siteComponents(comps, changes)
	site.Incidents = siteIncidents(listings, statements, comps)
	site.Updated = newest(site, listings, statements, comps)
	site.Version = version(site)
	return site, nil
}

// publicPage is the page without what is not the public's (the range
// endpoint's incident ID: the listener asks PasswordRange, which knows).
func publicPage(p *Page) Page {
	out := *p
	out.Names = maps.Clone(p.Names)
	out.RangeIncidentID = 0
	return out
}

// siteComponents lists the shown components, by position, each with its
// changes (newest first, as the store gives them).
func siteComponents(comps []Component, changes []ComponentChange) []SiteComponent {
	history := map[int64][]SiteChange{}
	for _, ch := range changes {
		history[ch.ComponentID] = append(history[ch.ComponentID], SiteChange{Status: ch.Status, At: ch.At})
	}
	out := []SiteComponent{}
	for _, c := range comps {
		if c.Hidden {
			continue
		}
		out = append(out, SiteComponent{PublicID: c.PublicID, Names: maps.Clone(c.Names), Position: c.Position,
			Status: c.Status, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, History: history[c.ID]})
	}
	return out
}

// siteIncidents lists the public listings with their statements, newest
// first. statements are every incident's published and superseded ones,
// newest first.
func siteIncidents(listings []Listing, statements []Statement, comps []Component) []SiteIncident {
	compIDs := map[int64]string{}
	position := map[string]int{}
	for i, c := range comps {
		if !c.Hidden {
			compIDs[c.ID], position[c.PublicID] = c.PublicID, i
		}
	}
	stIDs := map[int64]string{}
	byIncident := map[int64][]Statement{}
	for _, st := range statements {
		stIDs[st.ID] = st.PublicID
		byIncident[st.IncidentID] = append(byIncident[st.IncidentID], st)
	}
	supersededBy := map[int64]string{}
	for _, st := range statements {
		if st.Replaces != 0 {
			supersededBy[st.Replaces] = st.PublicID
		}
	}
	out := []SiteIncident{}
	for _, l := range listings {
		if !l.Public {
			continue
		}
		out = append(out, siteIncident(l, byIncident[l.IncidentID], compIDs, stIDs, supersededBy, position))
	}
	slices.SortStableFunc(out, func(a, b SiteIncident) int {
		if c := b.CreatedAt.Compare(a.CreatedAt); c != 0 {
			return c
		}
		return cmp.Compare(a.PublicID, b.PublicID)
	})
	return out
}

// siteIncident is one listing with its statements (newest first). It was
// created, as far as the public knows, with its first statement.
func siteIncident(l Listing, sts []Statement, compIDs, stIDs, supersededBy map[int64]string, position map[string]int) SiteIncident {
	in := SiteIncident{PublicID: l.PublicID, Titles: publicTitles(l.Titles), Impact: l.Impact, Phase: Investigating,
		CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt, Statements: []SiteStatement{}, Components: []string{}}
	for i, st := range sts {
		ss := SiteStatement{PublicID: st.PublicID, Kind: st.Kind, Phase: st.Phase, Texts: publicTexts(st.Texts),
			Components: []string{}, SupersededBy: supersededBy[st.ID], Replaces: stIDs[st.Replaces]}
		if st.PublishedAt != nil {
			ss.PublishedAt = *st.PublishedAt
		}
		for _, cid := range st.Components {
			if pid, ok := compIDs[cid]; ok {
				ss.Components = append(ss.Components, pid)
				if !slices.Contains(in.Components, pid) {
					in.Components = append(in.Components, pid)
				}
			}
		}
		in.Statements = append(in.Statements, ss)
		if i == 0 {
			in.Phase = st.Phase
			if ss.PublishedAt.After(in.UpdatedAt) {
				in.UpdatedAt = ss.PublishedAt
			}
			if st.Phase == Resolved {
				at := ss.PublishedAt
				in.ResolvedAt = &at
			}
		}
		in.CreatedAt = ss.PublishedAt // the oldest one is last
	}
	slices.SortFunc(in.Components, func(a, b string) int { return position[a] - position[b] })
	return in
}

// publicTitles copies the titles of the site's languages.
func publicTitles(m map[string]string) map[string]string {
	out := map[string]string{}
	for _, lang := range Languages {
		if v, ok := m[lang]; ok {
			out[lang] = v
		}
	}
	return out
}

// publicTexts copies the texts of the site's languages.
func publicTexts(m map[string]Text) map[string]Text {
	out := map[string]Text{}
	for _, lang := range Languages {
		if v, ok := m[lang]; ok {
			out[lang] = v
		}
	}
	return out
}

// newest is the latest change the site shows, for Last-Modified. Hidden
// components and listings that were public (they have published
// statements) count too: hiding one changed the site, and Last-Modified
// must not go back. A listing never public stays out: its dates tell of
// drafts.
func newest(site *Site, listings []Listing, statements []Statement, comps []Component) time.Time {
	t := site.Page.UpdatedAt
	later := func(u time.Time) {
		if u.After(t) {
			t = u
		}
	}
	shown := map[int64]bool{}
	for _, st := range statements {
		shown[st.IncidentID] = true
	}
	for _, l := range listings {
		if l.Public || shown[l.IncidentID] {
			later(l.UpdatedAt)
		}
	}
	for _, c := range comps {
		later(c.UpdatedAt)
	}
	for _, c := range site.Components {
		later(c.UpdatedAt)
		for _, h := range c.History {
			later(h.At)
		}
	}
	for _, in := range site.Incidents {
		later(in.UpdatedAt)
		for _, st := range in.Statements {
			later(st.PublishedAt)
		}
	}
	return t
}

// version hashes what the site shows: the same content gives the same
// version on every start, any change another.
func version(site *Site) string {
	cp := *site
	cp.Version = ""
	b, err := json.Marshal(cp)
	if err != nil {
		// A Site is maps of strings, slices and times: it always
		// marshals. Should it not, the time still tells versions apart.
		b = []byte(site.Updated.String())
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}
