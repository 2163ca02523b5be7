package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/breachdesk/breachdesk/internal/hotline"
)

// The dashboard's charts, drawn on the server as SVG like the campaign's
// (campaign_chart.go): inquiries per hour stacked by channel, and the
// inquiries of the window by topic. Colours come from hotline_admin.css
// through class names; the CSP allows no inline style.

const (
	hourChartWidth  = 720
	hourChartHeight = 200
	hourChartLeft   = 44
	hourChartBottom = 22
	hourChartTop    = 8

	topicChartWidth = 720
	topicRowHeight  = 22
	topicLabelWidth = 220
)

// perHourChart draws one stacked bar an hour, the channels bottom up in
// the order of hotline.Channels.
func perHourChart(p *page, hours []hotline.Hour, channelName func(hotline.Channel) string) template.HTML {
	var top, total int64
	for _, h := range hours {
		var n int64
		for _, v := range h.ByChannel {
			n += v
		}
		top = max(top, n)
		total += n
	}
	label := p.T("hotline_admin.chart.hours_label", "count", total, "hours", len(hours))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="hl-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		hourChartWidth, hourChartHeight, template.HTMLEscapeString(label))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(label))
	plotW, plotH := float64(hourChartWidth-hourChartLeft-4), float64(hourChartHeight-hourChartTop-hourChartBottom)
	base := float64(hourChartHeight - hourChartBottom)
	fmt.Fprintf(&sb, `<line class="hl-axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, hourChartLeft, base, hourChartWidth-4, base)
	fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="%d" text-anchor="end">%d</text>`, hourChartLeft-6, hourChartTop+10, top)
	fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="%.1f" text-anchor="end">0</text>`, hourChartLeft-6, base)
	if top == 0 || len(hours) == 0 {
		fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="%d" text-anchor="middle">%s</text></svg>`,
			hourChartLeft+int(plotW/2), hourChartTop+int(plotH/2), template.HTMLEscapeString(p.T("hotline_admin.chart.empty")))
		return template.HTML(sb.String())
	}
	slot := plotW / float64(len(hours))
	for i, h := range hours {
		y := base
		x := float64(hourChartLeft) + float64(i)*slot + slot*0.1
		for _, ch := range hotline.Channels {
			n := h.ByChannel[ch]
			if n == 0 {
				continue
			}
			bh := plotH * float64(n) / float64(top)
			y -= bh
			fmt.Fprintf(&sb, `<rect class="hl-bar hl-%s" x="%.1f" y="%.1f" width="%.1f" height="%.1f"><title>%s, %s: %d</title></rect>`,
				ch, x, y, slot*0.8, bh, template.HTMLEscapeString(p.clockTime(h.Start)),
				template.HTMLEscapeString(channelName(ch)), n)
		}
	}
	fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="%d">%s</text>`, hourChartLeft, hourChartHeight-6,
		template.HTMLEscapeString(p.clockTime(hours[0].Start)))
	fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="%d" text-anchor="end">%s</text>`, hourChartWidth-4, hourChartHeight-6,
		template.HTMLEscapeString(p.clockTime(hours[len(hours)-1].Start)))
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// topicCount is a topic's label and how many inquiries it had.
type topicCount struct {
	Label string
	N     int64
}

// topicChart draws one horizontal bar a topic, the most asked first.
func topicChart(p *page, topics []topicCount) template.HTML {
	var top int64
	for _, t := range topics {
		top = max(top, t.N)
	}
	label := p.T("hotline_admin.chart.topics_label")
	height := max(len(topics), 1)*topicRowHeight + 8
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="hl-chart hl-topics" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`,
		topicChartWidth, height, template.HTMLEscapeString(label))
	fmt.Fprintf(&sb, `<title>%s</title>`, template.HTMLEscapeString(label))
	if top == 0 {
		fmt.Fprintf(&sb, `<text class="hl-scale" x="%d" y="16">%s</text></svg>`, 4, template.HTMLEscapeString(p.T("hotline_admin.chart.empty")))
		return template.HTML(sb.String())
	}
	plotW := float64(topicChartWidth - topicLabelWidth - 60)
	for i, t := range topics {
		y := 4 + i*topicRowHeight
		w := plotW * float64(t.N) / float64(top)
		name := template.HTMLEscapeString(t.Label)
		fmt.Fprintf(&sb, `<text class="hl-label" x="%d" y="%d" text-anchor="end">%s</text>`, topicLabelWidth-8, y+15, name)
		fmt.Fprintf(&sb, `<rect class="hl-bar hl-topic" x="%d" y="%d" width="%.1f" height="%d"><title>%s: %d</title></rect>`,
			topicLabelWidth, y+3, w, topicRowHeight-6, name, t.N)
		fmt.Fprintf(&sb, `<text class="hl-scale" x="%.1f" y="%d">%d</text>`, float64(topicLabelWidth)+w+6, y+15, t.N)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
