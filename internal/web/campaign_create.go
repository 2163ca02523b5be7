package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// handleCampaignCreate creates a campaign as a draft, to be checked and
// approved by a second person.
func (s *Server) handleCampaignCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "create campaigns")
	if err != nil {
		return err
	}
	f := errs.Fields{}
	n := notify.NewCampaign{
		Name:           strings.TrimSpace(r.PostFormValue("name")),
		Kind:           notify.Kind(r.PostFormValue("kind")),
		TemplateID:     formID("template", r.PostFormValue("template"), f),
		Channel:        notify.Channel(r.PostFormValue("channel")),
		LetterFallback: r.PostFormValue("letter_fallback") != "",
	}
	// A public notice goes to nobody in particular: it needs no segment.
	if seg := r.PostFormValue("segment"); n.Kind != notify.PublicNotice || strings.TrimSpace(seg) != "" {
		n.SegmentID = formID("segment", seg, f)
	}
	cp, err := s.cfg.Notify.CreateCampaign(r.Context(), c.Actor, id, n)
	if err = withFormErrors(f, err); err != nil {
		if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return err
		}
		return s.showCampaignNew(w, r, c, err)
	}
	seeOther(w, r, campaignURL(id, cp.ID)+"?done=campaign_created")
	return nil
}

// formID reads a record's ID from a select or a text field; an empty or
// unreadable value is an error on the field and gives unreadableID, so
// that the service still names every other problem.
func formID(name, value string, f errs.Fields) int64 {
	value = strings.TrimSpace(value)
	if value == "" {
		f.Add(name, errs.Required)
		return unreadableID
	}
	n, err := strconv.ParseInt(value, 10, 64)
	if err != nil || n <= 0 {
		f.Add(name, errs.InvalidValue)
		return unreadableID
	}
	return n
}
