package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// The chart of messages per minute, drawn on the server as SVG: the desk
// loads no charting script, and the chart prints. Colours come from
// app.css through class names, as the CSP allows no inline style.

const (
	rateChartWidth   = 640
	rateChartHeight  = 180
	rateChartLeft    = 44 // room for the scale
	rateChartBottom  = 22 // room for the times
	rateChartTop     = 8
	rateChartMaxBars = 120 // the last two hours at one bar a minute
)

// perMinuteChart draws buckets as bars, the newest at the right.
func perMinuteChart(p *page, buckets []notify.Bucket) template.HTML {
	if len(buckets) > rateChartMaxBars {
		buckets = buckets[len(buckets)-rateChartMaxBars:]
	}
	var max int64
	var total int64
	for _, b := range buckets {
		if b.Count > max {
			max = b.Count
		}
		total += b.Count
	}
	label := p.T("campaign.chart_label", "count", total, "minutes", len(buckets))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="nt-chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		rateChartWidth, rateChartHeight, template.HTMLEscapeString(label))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(label))
	plotW, plotH := float64(rateChartWidth-rateChartLeft-4), float64(rateChartHeight-rateChartTop-rateChartBottom)
	base := float64(rateChartHeight - rateChartBottom)
	fmt.Fprintf(&sb, `<line class="nt-axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, rateChartLeft, base, rateChartWidth-4, base)
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="end">%d</text>`, rateChartLeft-6, rateChartTop+10, max)
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%.1f" text-anchor="end">0</text>`, rateChartLeft-6, base)
	if len(buckets) == 0 || max == 0 {
		fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="middle">%s</text></svg>`,
			rateChartLeft+int(plotW/2), rateChartTop+int(plotH/2), template.HTMLEscapeString(p.T("campaign.chart_empty")))
		return template.HTML(sb.String())
	}
	slot := plotW / float64(len(buckets))
	for i, b := range buckets {
		h := plotH * float64(b.Count) / float64(max)
		fmt.Fprintf(&sb, `<rect class="nt-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
			float64(rateChartLeft)+float64(i)*slot+slot*0.1, base-h, slot*0.8, h,
			template.HTMLEscapeString(p.clockTime(b.At)), b.Count)
	}
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d">%s</text>`, rateChartLeft, rateChartHeight-6,
		template.HTMLEscapeString(p.clockTime(buckets[0].At)))
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="end">%s</text>`, rateChartWidth-4, rateChartHeight-6,
		template.HTMLEscapeString(p.clockTime(buckets[len(buckets)-1].At)))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// clockTime is the time of day of t in the reader's zone.
func (p *page) clockTime(t time.Time) string { return t.In(p.loc).Format("15:04") }
