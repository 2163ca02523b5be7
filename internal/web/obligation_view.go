package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// obligationsPage is the obligations view of one incident.
type obligationsPage struct {
	incidentFrame
	View       *obligation.View
	Applying   []dutyView
	Other      []dutyView // duties that do not apply, with the reason
	Open       int
	Overdue    int
	Channels   []string
	Assessment *obligation.Assessment
}

// dutyView is one duty ready to show.
type dutyView struct {
	obligation.Obligation
	Title      string
	Recipients []recipientView
	Who        string // a recipient that is not an authority
	Reasons    []string
	DueISO     string
	DueLocal   string // in the reader's zone
	DueThere   string // in the authority's zone, "" when the same
	TargetISO  string
	TargetText string
	Clock      string // time left (or overdue by), for readers without JS
	IsOverdue  bool
	NotStarted bool // the clock has not started
	Content    []obligation.ContentItem
	Basis      obligation.Basis
	Note       string
	FormID     string
}

type recipientView struct {
	ID, Name, Portal, Website, Email, Phone string
}

// handleObligationsShow shows every duty of the incident: what is due, to
// whom, by when, and what was filed.
func (s *Server) handleObligationsShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	return s.showObligations(w, r, c, id, http.StatusOK, nil)
}

func (s *Server) showObligations(w http.ResponseWriter, r *http.Request, c *caller, id int64, status int, failed *failedForm) error {
	v, err := s.cfg.Obligations.View(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	data := &obligationsPage{View: v, Channels: obligation.Channels, Assessment: v.Assessment()}
	data.incidentFrame = incidentFrame{Inc: v.Incident, Acc: v.Access, Failed: failed, HeadLink: true}
	data.dutiesBadge(v)
	data.page = s.newPage(r, c, "obligations.title")
	data.page.Nav = "incidents"
	if failed != nil {
		data.page.Problem = failed.Problem
	}
	for _, o := range v.Obligations {
		d := s.dutyView(data.page, v, o)
		if !o.Applies {
			data.Other = append(data.Other, d)
			continue
		}
		if o.Status == obligation.StatusOpen {
			data.Open++
		}
		if d.IsOverdue {
			data.Overdue++
		}
		data.Applying = append(data.Applying, d)
	}
	s.render(w, r, status, "obligations", data)
	return nil
}

func (s *Server) dutyView(p *page, v *obligation.View, o obligation.Obligation) dutyView {
	r := o.Rule
	d := dutyView{Obligation: o, Title: r.Title.In(p.Lang), Basis: r.Basis, Note: r.Note.In(p.Lang),
		Who: r.Recipient.Who.In(p.Lang), FormID: "duty-" + strings.ReplaceAll(r.ID, ".", "-")}
	var zone *time.Location
	for _, id := range o.Recipients {
		rv := recipientView{ID: id, Name: id}
		if a, ok := v.Authorities[id]; ok {
			rv = recipientView{ID: id, Name: authorityName(a, p.Lang), Portal: a.Portal, Website: a.Website, Email: a.Email, Phone: a.Phone}
			if zone == nil && a.Zone != "" {
				zone, _ = time.LoadLocation(a.Zone)
			}
		}
		d.Recipients = append(d.Recipients, rv)
	}
	if zone == nil {
		zone = r.Deadline.Zone
	}
	for _, reason := range o.Reasons {
		d.Reasons = append(d.Reasons, reasonText(p, reason))
	}
	for _, cid := range r.Content {
		if item, ok := v.Rules.Content[cid]; ok {
			d.Content = append(d.Content, item)
		}
	}
	d.IsOverdue = o.Overdue(v.Now)
	d.NotStarted = o.ClockStart == nil
	if o.DueAt != nil {
		d.DueISO, d.DueLocal = p.ISO(*o.DueAt), p.Time(*o.DueAt)
		if zone != nil {
			there := o.DueAt.In(zone).Format(timeLayout(p.Lang))
			if there != d.DueLocal {
				d.DueThere = there
			}
		}
		d.Clock = p.Duration(o.DueAt.Sub(v.Now))
	}
	if o.TargetAt != nil {
		d.TargetISO, d.TargetText = p.ISO(*o.TargetAt), p.Time(*o.TargetAt)
		if o.DueAt == nil {
			d.Clock = p.Duration(o.TargetAt.Sub(v.Now))
		}
	}
	return d
}

func timeLayout(lang string) string {
	if lang == "de" {
		return "02.01.2006, 15:04 MST"
	}
	return "2 Jan 2006, 15:04 MST"
}

// reasonText renders a reason in the page's language; without a catalog
// entry the key itself is shown, which a test prevents.
func reasonText(p *page, r obligation.Reason) string { return reasonIn(p.cat, p.Lang, r) }

// reasonIn renders a reason in lang, for pages and the API alike.
func reasonIn(cat *i18n.Catalog, lang string, r obligation.Reason) string {
	args := make([]any, 0, 2*len(r.Args))
	for k, v := range r.Args {
		args = append(args, k, v)
	}
	return cat.T(lang, "obligation.reason."+r.Key, args...)
}
