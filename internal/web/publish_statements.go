package web

import (
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// publishStatementsPage is an incident's public side: its statements on
// their way out, the form for a new one, and how the incident is listed.
type publishStatementsPage struct {
	*publishFrame
	Statements []publish.Statement
	Listing    *publish.Listing
	Components []publish.Component
	Names      map[int64]string // user ID -> name
	// PublicURL is where the public site is reached, "" when unknown.
	PublicURL string
	// Edit is the statement the form edits, nil for a new one.
	Edit *publish.Statement
	publishChoices
}

// publishChoices are the values the statement and listing forms offer.
type publishChoices struct {
	Kinds     []publish.Kind
	Phases    []publish.Phase
	Impacts   []publish.Impact
	Languages []string
}

var statementChoices = publishChoices{
	Kinds: publish.Kinds, Phases: publish.Phases, Languages: publish.Languages,
	Impacts: []publish.Impact{publish.ImpactNone, publish.ImpactMinor, publish.ImpactMajor, publish.ImpactCritical},
}

// handlePublishStatements lists the incident's statements, newest first,
// with what the reader may do with each.
func (s *Server) handlePublishStatements(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadPublishFrame(r, c, "publish.title")
	if err != nil {
		return err
	}
	return s.showPublishStatements(w, r, c, f, http.StatusOK)
}

func (s *Server) showPublishStatements(w http.ResponseWriter, r *http.Request, c *caller, f *publishFrame, status int) error {
	pg, err := s.loadStatementsPage(r, c, f)
	if err != nil {
		return err
	}
	s.render(w, r, status, "publish_statements", pg)
	return nil
}

func (s *Server) loadStatementsPage(r *http.Request, c *caller, f *publishFrame) (*publishStatementsPage, error) {
	ctx := r.Context()
	list, err := s.cfg.Publish.Statements(ctx, c.Actor, f.Inc.ID)
	if err != nil {
		return nil, err
	}
	listing, err := s.cfg.Publish.Listing(ctx, c.Actor, f.Inc.ID)
	if err != nil {
		return nil, err
	}
	comps, err := s.cfg.Publish.Components(ctx, c.Actor)
	if err != nil {
		return nil, err
	}
	names, err := s.userNames(ctx)
	if err != nil {
		return nil, err
	}
	pg := &publishStatementsPage{publishFrame: f, Statements: list, Listing: listing, Components: comps,
		Names: names, publishChoices: statementChoices}
	if page, err := s.cfg.Publish.Page(ctx, c.Actor); err == nil {
		pg.PublicURL = strings.TrimRight(page.URL, "/")
	}
	return pg, nil
}

// Name is a user's name, or "#ID" for a user who is gone.
func (p *publishStatementsPage) Name(id int64) string { return userName(p.Names, id) }

// Text is a statement's text in lang.
func (p *publishStatementsPage) Text(st publish.Statement, lang string) publish.Text {
	return st.Texts[lang]
}

// Heading is a statement's title in the reader's language, else in the
// first language it has.
func (p *publishStatementsPage) Heading(st publish.Statement) string {
	if t := st.Texts[p.Lang].Title; t != "" {
		return t
	}
	for _, l := range publish.Languages {
		if t := st.Texts[l].Title; t != "" {
			return t
		}
	}
	return ""
}

// ComponentName is a component's name in the reader's language.
func (p *publishStatementsPage) ComponentName(comp publish.Component) string {
	return componentName(comp.Names, p.Lang)
}

// Replaceable lists the published statements a new one may replace.
func (p *publishStatementsPage) Replaceable() []publish.Statement {
	var out []publish.Statement
	for _, st := range p.Statements {
		if st.State == publish.Published {
			out = append(out, st)
		}
	}
	return out
}

// May says whether the reader may take action on st now: "approve" (a
// draft someone else wrote), "publish" (an approved one), "withdraw"
// (a draft or an approved one), "edit".
func (p *publishStatementsPage) May(action string, st publish.Statement) bool {
	open := st.State == publish.Draft || st.State == publish.Approved
	switch action {
	case "edit":
		// Only its author changes a statement; others withdraw it.
		return p.Rights.Write && open && st.AuthorID == p.User.ID
	case "approve":
		return p.Rights.Approve && st.State == publish.Draft && st.AuthorID != p.User.ID
	case "publish":
		return p.Rights.Publish && st.State == publish.Approved
	case "withdraw":
		return p.Rights.Write && open
	}
	return false
}

// Field is the statement form's value of name: the refilled form's after
// a refusal, else the edited statement's.
func (p *publishStatementsPage) Field(name string) string {
	if p.FormName == "statement" || p.Form.Has(name) {
		return p.Form.Get(name)
	}
	if p.Edit == nil {
		return ""
	}
	return statementField(p.Edit, name)
}

// Ticked says whether the statement form ticks component id.
func (p *publishStatementsPage) Ticked(id int64) bool {
	if p.FormName == "statement" {
		return containsValue(p.Form["components"], id)
	}
	if p.Edit == nil {
		return false
	}
	for _, c := range p.Edit.Components {
		if c == id {
			return true
		}
	}
	return false
}

// ListingField is the listing form's value of name.
func (p *publishStatementsPage) ListingField(name string) string {
	if p.FormName == "listing" {
		return p.Form.Get(name)
	}
	switch {
	case name == "impact":
		return string(p.Listing.Impact)
	case strings.HasPrefix(name, "titles."):
		return p.Listing.Titles[strings.TrimPrefix(name, "titles.")]
	}
	return ""
}

// ListingPublic is whether the listing form shows the incident public.
func (p *publishStatementsPage) ListingPublic() bool {
	if p.FormName == "listing" {
		return p.Form.Get("public") != ""
	}
	return p.Listing.Public
}
