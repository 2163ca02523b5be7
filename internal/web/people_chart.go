package web

// barChart is a horizontal bar chart drawn as SVG on the server: pages
// load nothing from outside and need no script to show it.
type barChart struct {
	Bars   []bar
	Width  int // of the whole drawing
	Height int
}

// bar is one labelled bar; the template places it at Y.
type bar struct {
	Label  string
	Count  int64
	Y      int // top of the bar's row
	Width  int // of the bar itself
	TextX  int // where the count is written
	LabelY int // baseline of label and count
}

// Geometry of the chart, in SVG units (the drawing scales to its box).
const (
	chartLabelWidth = 220
	chartBarMax     = 340
	chartRow        = 26
	chartBarHeight  = 18
	chartMaxBars    = 20
)

// newBarChart draws rows, largest first, at most chartMaxBars of them.
func newBarChart(rows []countRow) barChart {
	if len(rows) > chartMaxBars {
		rows = rows[:chartMaxBars]
	}
	var top int64
	for _, r := range rows {
		top = max(top, r.Count)
	}
	c := barChart{Width: chartLabelWidth + chartBarMax + 90, Height: len(rows)*chartRow + 4}
	for i, r := range rows {
		width := 0
		if top > 0 {
			width = int(r.Count * chartBarMax / top)
		}
		if r.Count > 0 && width < 2 {
			width = 2 // a count above zero stays visible
		}
		y := i*chartRow + 2
		c.Bars = append(c.Bars, bar{Label: r.Label, Count: r.Count, Y: y, Width: width,
			TextX: chartLabelWidth + width + 6, LabelY: y + chartBarHeight - 4})
	}
	return c
}
