package web

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// campaignPage is one campaign: what it sends to whom, the checker's
// report, the buttons its state and the reader's rights allow, progress
// with a chart, the ledger, and the letter batches.
type campaignPage struct {
	notifyFrame
	campaignChoices
	View     *notify.CampaignView
	Check    *notify.CheckReport // while it can still be approved or started
	Progress progressView
	Chart    template.HTML
	// Mine: the reader created the campaign, so someone else approves it.
	Mine       bool
	Letters    bool
	Deliveries []notify.Delivery
	Filter     notify.DeliveryState
	Next       int64 // "after" of the ledger's next page; 0 at the end
	CanPerson  bool  // the register's person pages are there to link
}

// ledgerPage is how many ledger rows the campaign page shows at once.
const ledgerPage = 50

// handleCampaignShow shows a campaign. Its progress is read fresh on each
// view; the page's "refresh" link reloads the progress section.
func (s *Server) handleCampaignShow(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadNotifyFrame(r, c, "campaign.title", "campaigns")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	ctx := r.Context()
	v, err := s.cfg.Notify.Campaign(ctx, c.Actor, f.Inc.ID, cid)
	if err != nil {
		return err
	}
	data := &campaignPage{notifyFrame: *f, View: v, Mine: v.CreatedBy == c.User.ID, Letters: usesLetters(&v.Campaign),
		Progress: newProgressView(f.page, v.Progress), Chart: perMinuteChart(f.page, v.Progress.PerMinute),
		CanPerson: s.cfg.People != nil}
	if v.State == notify.Draft || v.State == notify.Approved {
		if data.Check, err = s.cfg.Notify.Check(ctx, c.Actor, f.Inc.ID, cid); err != nil {
			return err
		}
	}
	q := r.URL.Query()
	fields := errs.Fields{}
	if st := notify.DeliveryState(q.Get("state")); slices.Contains(deliveryStates, st) {
		data.Filter = st
	}
	after := queryInt(r, "after", 0, 0, 1<<62, fields)
	if data.Deliveries, err = s.cfg.Notify.Deliveries(ctx, c.Actor, f.Inc.ID, cid, data.Filter, after, ledgerPage+1); err != nil {
		return err
	}
	if len(data.Deliveries) > ledgerPage {
		data.Deliveries = data.Deliveries[:ledgerPage]
		data.Next = data.Deliveries[ledgerPage-1].ID
	}
	s.render(w, r, http.StatusOK, "campaign_show", data)
	return nil
}

// Waiting reports whether the campaign waits for a second person's
// approval that the reader cannot give.
func (p *campaignPage) Waiting() bool { return p.View.State == notify.Draft && !p.View.CanApprove }

// CanStart, CanPause, CanResume and CanCancel say which buttons to show.
func (p *campaignPage) CanStart() bool  { return p.Rights.Edit && p.View.State == notify.Approved }
func (p *campaignPage) CanPause() bool  { return p.Rights.Edit && p.View.State == notify.Running }
func (p *campaignPage) CanResume() bool { return p.Rights.Edit && p.View.State == notify.Paused }
func (p *campaignPage) CanCancel() bool {
	switch p.View.State {
	case notify.Draft, notify.Approved, notify.Running, notify.Paused:
		return p.Rights.Edit
	}
	return false
}

// CanBatch says whether letters can be put into a batch now.
func (p *campaignPage) CanBatch() bool {
	return p.Rights.Edit && p.Letters && (p.View.State == notify.Running || p.View.State == notify.Paused || p.View.State == notify.Done)
}

// RecipientCount is how many the start will queue, as far as known.
func (p *campaignPage) RecipientCount() int64 {
	if p.Check != nil {
		return p.Check.Recipients
	}
	return p.Progress.Total
}
