package public

import (
	"context"
	"fmt"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// refreshEvery re-reads the site although nothing was reported: another
// desk process on the same database may have published.
const refreshEvery = 30 * time.Second

// renderLoop renders the site again on every change and every half minute
// until ctx ends.
func (s *Server) renderLoop(ctx context.Context) {
	tick := time.NewTicker(refreshEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.rerender:
		case <-tick.C:
		}
		if err := s.refresh(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("public site: render failed; still serving the previous one", "err", err)
		}
	}
}

// refresh reads the site and swaps in its rendering; on any error the
// previous rendering stays.
func (s *Server) refresh(ctx context.Context) error {
	site, err := s.cfg.Publish.Site(ctx)
	if err != nil {
		return fmt.Errorf("read site: %w", err)
	}
	if old := s.current.Load(); old != nil && old.site != nil && site.Version != "" && old.site.Version == site.Version &&
		sameDay(old.rendered, s.cfg.Now()) {
		return nil
	}
	snap, err := s.render(site)
	if err != nil {
		return err
	}
	s.current.Store(snap)
	return nil
}

func sameDay(a, b time.Time) bool {
	return a.UTC().Format(time.DateOnly) == b.UTC().Format(time.DateOnly)
}

// render makes every cached answer of site.
func (s *Server) render(site *publish.Site) (*snapshot, error) {
	now := s.cfg.Now().UTC()
	m := newModel(site, s.cfg.BaseURL, now)
	sn := &snapshot{docs: map[string]*doc{}, notFound: map[string]*doc{}, checkDone: map[string]*doc{},
		subDone: map[string]*doc{}, site: site, defaultLan: m.defaultLang, rendered: now}
	modified := site.Updated
	if modified.IsZero() {
		modified = now
	}
	if err := s.renderPages(sn, m, modified); err != nil {
		return nil, err
	}
	if err := renderAPI(sn, m, modified); err != nil {
		return nil, err
	}
	if err := renderFeeds(sn, m, modified); err != nil {
		return nil, err
	}
	if err := renderStatic(sn); err != nil {
		return nil, err
	}
	return sn, nil
}

// renderStatic adds the embedded stylesheet and script.
func renderStatic(sn *snapshot) error {
	for name, ctype := range map[string]string{"site.css": "text/css; charset=utf-8", "pow.js": "text/javascript; charset=utf-8"} {
		b, err := files.ReadFile("static/" + name)
		if err != nil {
			return fmt.Errorf("public: static %s: %w", name, err)
		}
		sn.docs["/static/"+name] = newDoc(b, ctype, "public, max-age=3600", time.Time{}, 200)
	}
	return nil
}
