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
	rateChartMinBars = 30  // a fresh campaign's first minutes are not one wide block
)

// perMinuteChart draws buckets as bars, one slot a minute, the newest at
// the right; minutes without a bucket stay empty.
func perMinuteChart(p *page, buckets []notify.Bucket) template.HTML {
	slots, first := minuteSlots(buckets)
	var top, total int64
	for _, n := range slots {
		top = max(top, n)
		total += n
	}
	label := p.T("campaign.chart_label", "count", total, "minutes", len(slots))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="nt-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		rateChartWidth, rateChartHeight, template.HTMLEscapeString(label))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(label))
	plotW, plotH := float64(rateChartWidth-rateChartLeft-4), float64(rateChartHeight-rateChartTop-rateChartBottom)
	base := float64(rateChartHeight - rateChartBottom)
	fmt.Fprintf(&sb, `<line class="nt-axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, rateChartLeft, base, rateChartWidth-4, base)
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="end">%d</text>`, rateChartLeft-6, rateChartTop+10, top)
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%.1f" text-anchor="end">0</text>`, rateChartLeft-6, base)
	if top == 0 {
		fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="middle">%s</text></svg>`,
			rateChartLeft+int(plotW/2), rateChartTop+int(plotH/2), template.HTMLEscapeString(p.T("campaign.chart_empty")))
		return template.HTML(sb.String())
	}
	slot := plotW / float64(len(slots))
	for i, n := range slots {
		if n == 0 {
			continue
		}
		h := plotH * float64(n) / float64(top)
		at := first.Add(time.Duration(i) * time.Minute)
		fmt.Fprintf(&sb, `<rect class="nt-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s: %d</title></rect>`,
			float64(rateChartLeft)+float64(i)*slot+slot*0.1, base-h, slot*0.8, h, template.HTMLEscapeString(p.clockTime(at)), n)
	}
	last := first.Add(time.Duration(len(slots)-1) * time.Minute)
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d">%s</text>`, rateChartLeft, rateChartHeight-6,
		template.HTMLEscapeString(p.clockTime(first)))
	fmt.Fprintf(&sb, `<text class="nt-scale" x="%d" y="%d" text-anchor="end">%s</text>`, rateChartWidth-4, rateChartHeight-6,
		template.HTMLEscapeString(p.clockTime(last)))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// minuteSlots lays the buckets out one slot a minute, ending at the newest
// bucket's minute: at least rateChartMinBars slots, at most
// rateChartMaxBars. first is the minute of the first slot.
func minuteSlots(buckets []notify.Bucket) (slots []int64, first time.Time) {
	if len(buckets) == 0 {
		return make([]int64, rateChartMinBars), time.Time{}
	}
	end := buckets[len(buckets)-1].At.Truncate(time.Minute)
	span := int(end.Sub(buckets[0].At.Truncate(time.Minute))/time.Minute) + 1
	n := min(max(span, rateChartMinBars), rateChartMaxBars)
	first = end.Add(-time.Duration(n-1) * time.Minute)
	slots = make([]int64, n)
	for _, b := range buckets {
		if i := int(b.At.Truncate(time.Minute).Sub(first) / time.Minute); i >= 0 && i < n {
			slots[i] += b.Count
		}
	}
	return slots, first
}

// clockTime is the time of day of t in the reader's zone.
func (p *page) clockTime(t time.Time) string { return t.In(p.loc).Format("15:04") }
