package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// dashboardWindows are the windows the dashboard offers, in hours.
var dashboardWindows = []int{12, 24, 48, 168}

// hotlineDashboardPage is the lead's view of the hotline: when the storm
// arrives, whether the answers keep up, what people ask.
type hotlineDashboardPage struct {
	*hotlineFrame
	Hours     int
	Windows   []int
	Dash      *hotline.Dashboard
	HourChart template.HTML
	TopicBars template.HTML
	Channels  []channelStat
	Questions []questionStat
	Callbacks []hotline.Inquiry // open, by due time
	Requests  []hotline.Inquiry // open data-subject requests
	// Refresh is how often the page reloads itself, in seconds (the
	// static script reads it; without script the reload link stays).
	Refresh int
}

// channelStat is one channel's row: how many came in, the average first
// response, the SLA and whether the average misses it.
type channelStat struct {
	Channel  hotline.Channel
	Name     string
	N        int64
	Avg      time.Duration
	Answered bool // the average exists
	SLA      time.Duration
	Breach   bool
}

// questionStat is a top question: the FAQ's question text where the
// approved script has it, the key otherwise.
type questionStat struct {
	Key, Text string
	N         int64
}

func (s *Server) handleHotlineDashboard(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.dashboard.title", "dashboard")
	if err != nil {
		return err
	}
	hours := hotline.DefaultDashboardHours
	if v := r.URL.Query().Get("hours"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(dashboardWindows, n) {
			return errs.E(errs.Invalid, "hours must be one of 12, 24, 48 or 168")
		}
		hours = n
	}
	ctx, id := r.Context(), f.Inc.ID
	d, err := s.cfg.Hotline.Dashboard(ctx, c.Actor, id, hours)
	if err != nil {
		return err
	}
	script, err := s.approvedScriptOrNil(r, c, id)
	if err != nil {
		return err
	}
	content := scriptContentIn(script, c.Lang)
	sla, err := s.hotlineSLA(r, c, id)
	if err != nil {
		return err
	}
	pg := &hotlineDashboardPage{hotlineFrame: f, Hours: hours, Windows: dashboardWindows, Dash: d, Refresh: 60}
	channelName := func(ch hotline.Channel) string { return f.T("hotline_admin.channel." + string(ch)) }
	pg.HourChart = perHourChart(f.page, d.Hours, channelName)
	pg.TopicBars = topicChart(f.page, topicCounts(f.page, d.ByTopic, content))
	for _, ch := range hotline.Channels {
		st := channelStat{Channel: ch, Name: channelName(ch), N: d.ByChannel[ch], SLA: sla[ch]}
		st.Avg, st.Answered = d.AvgFirstResponse[ch]
		st.Breach = st.Answered && st.Avg > st.SLA
		pg.Channels = append(pg.Channels, st)
	}
	for _, q := range d.TopQuestions {
		pg.Questions = append(pg.Questions, questionStat{Key: q.Key, Text: faqQuestion(content, q.Key), N: q.N})
	}
	now := s.cfg.Incidents.Now()
	if pg.Callbacks, err = s.cfg.Hotline.Inquiries(ctx, c.Actor, id, hotline.Filter{Callbacks: true, Now: now, Limit: 20}); err != nil {
		return err
	}
	open, err := s.cfg.Hotline.Inquiries(ctx, c.Actor, id, hotline.Filter{Status: hotline.Open, Now: now, Limit: 200})
	if err != nil {
		return err
	}
	for _, q := range open {
		if q.Outcome == hotline.DataRequest && len(pg.Requests) < 20 {
			pg.Requests = append(pg.Requests, q)
		}
	}
	slices.SortStableFunc(pg.Requests, func(a, b hotline.Inquiry) int { return compareDue(a.RequestDue, b.RequestDue) })
	s.render(w, r, http.StatusOK, "hotline_dashboard", pg)
	return nil
}

// compareDue orders due times, the missing last.
func compareDue(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// approvedScriptOrNil is the approved script, or nil when none is.
func (s *Server) approvedScriptOrNil(r *http.Request, c *caller, id int64) (*hotline.Script, error) {
	sc, err := s.cfg.Hotline.ApprovedScript(r.Context(), c.Actor, id)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return sc, err
}

// hotlineSLA is the incident's first-response time per channel. Readers
// who may not see the settings (they hold the inbox's password) are shown
// the SLA all the same: it is no secret.
func (s *Server) hotlineSLA(r *http.Request, c *caller, id int64) (map[hotline.Channel]time.Duration, error) {
	out := map[hotline.Channel]time.Duration{}
	for ch, d := range hotline.DefaultSLA {
		out[ch] = d
	}
	st, err := s.cfg.Hotline.Settings(r.Context(), c.Actor, id)
	switch {
	case errs.Is(err, errs.Forbidden), errs.Is(err, errs.NotFound):
		return out, nil
	case err != nil:
		return nil, err
	}
	for ch, d := range st.SLA {
		out[ch] = d
	}
	return out, nil
}

// scriptContentIn is a script's content in lang, else English, else its
// first; nil without a script.
func scriptContentIn(sc *hotline.Script, lang string) *hotline.ScriptContent {
	if sc == nil || len(sc.Contents) == 0 {
		return nil
	}
	for _, want := range []string{lang, "en"} {
		for i := range sc.Contents {
			if sc.Contents[i].Lang == want {
				return &sc.Contents[i]
			}
		}
	}
	return &sc.Contents[0]
}

// faqQuestion is the question text of FAQ key, or the key.
func faqQuestion(c *hotline.ScriptContent, key string) string {
	if c != nil {
		for _, e := range c.FAQ {
			if e.Key == key {
				return e.Question
			}
		}
	}
	return key
}

// topicCounts names the topics and sorts them, the most asked first.
func topicCounts(p *page, by map[string]int64, c *hotline.ScriptContent) []topicCount {
	labels := map[string]string{}
	if c != nil {
		for _, t := range c.Topics {
			labels[t.Key] = t.Label
		}
	}
	var out []topicCount
	for key, n := range by {
		if n == 0 {
			continue
		}
		label := labels[key]
		switch {
		case key == "":
			label = p.T("hotline_admin.topic.none")
		case label == "":
			label = key
		}
		out = append(out, topicCount{Label: label, N: n})
	}
	slices.SortFunc(out, func(a, b topicCount) int {
		if a.N != b.N {
			return int(b.N - a.N)
		}
		if a.Label < b.Label {
			return -1
		}
		return 1
	})
	return out
}
