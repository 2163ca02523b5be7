package web

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// progressView is a campaign's ledger, counted for people to read.
type progressView struct {
	Total, Sent, Failed, Bounced, Withdrawn, Posted, Pending, Sending, Remaining int64
	Finished                                                                     int64 // in a final state
	Percent                                                                      int   // finished of total, 0..100
	Rate                                                                         string
	ETA                                                                          string // "" unknown
}

// deliveryStates are the ledger's states in the order the desk shows them.
var deliveryStates = []notify.DeliveryState{notify.Pending, notify.Sending, notify.Sent, notify.Failed,
	notify.Bounced, notify.Posted, notify.Withdrawn}

func newProgressView(p *page, pr notify.Progress) progressView {
	n := func(s notify.DeliveryState) int64 { return pr.ByState[s] }
	v := progressView{Total: pr.Total, Sent: n(notify.Sent), Failed: n(notify.Failed), Bounced: n(notify.Bounced),
		Withdrawn: n(notify.Withdrawn), Posted: n(notify.Posted), Pending: n(notify.Pending), Sending: n(notify.Sending)}
	v.Remaining = v.Pending + v.Sending
	v.Finished = v.Total - v.Remaining
	if v.Total > 0 {
		v.Percent = int(math.Floor(100 * float64(v.Finished) / float64(v.Total)))
	}
	v.Rate = p.T("campaign.rate_value", "rate", formatRate(pr.Rate*60))
	if pr.ETA > 0 && v.Remaining > 0 {
		v.ETA = p.Duration(pr.ETA.Round(time.Minute))
		if pr.ETA < time.Minute {
			v.ETA = p.T("campaign.eta_soon")
		}
	}
	return v
}

// formatRate writes messages per minute, with one decimal below ten.
func formatRate(perMinute float64) string {
	if perMinute < 10 {
		return strings.TrimSuffix(strconv.FormatFloat(perMinute, 'f', 1, 64), ".0")
	}
	return strconv.FormatFloat(math.Round(perMinute), 'f', 0, 64)
}

// campaignChoices offers the campaign form's lists of values.
type campaignChoices struct{}

func (campaignChoices) Kinds() []notify.Kind {
	return []notify.Kind{notify.Individual, notify.PublicNotice}
}
func (campaignChoices) Channels() []notify.Channel {
	return []notify.Channel{notify.ByEmail, notify.ByLetter}
}
func (campaignChoices) DeliveryStates() []notify.DeliveryState {
	return deliveryStates
}

// usesLetters reports whether a campaign sends letters, directly or as the
// fallback.
func usesLetters(c *notify.Campaign) bool { return c.Channel == notify.ByLetter || c.LetterFallback }
