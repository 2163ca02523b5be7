package pdfdoc

// Embedded TrueType fonts for letters, and a small font subsetter.
//
// Letters go to people by name and address, in German, English and
// Chinese, so they need real Unicode text in fonts that travel with the
// binary (nothing is read from the system at run time):
//
//   - Liberation Sans (regular, bold) for Latin text, from the module
//     github.com/go-fonts/liberation. Font licence: SIL Open Font Licence
//     1.1; the Go package: BSD-3-Clause.
//   - WenQuanYi Micro Hei for Chinese (and for anything Liberation Sans
//     lacks), as shipped in the module github.com/mojocn/base64Captcha,
//     the only module on our proxy that carries a freely licensed CJK
//     TrueType font. Font licence: Apache 2.0 (or GPLv3 with the font
//     embedding exception); the Go package: Apache 2.0. The module keeps
//     the file private and hands it out only as a parsed
//     github.com/golang/freetype font, so the glyph outlines are read
//     through freetype's public API.
//
// fpdf reads a TrueType file again for every document it embeds it in,
// and WenQuanYi has 28,000 glyphs: parsing it for each of 1,000 letters
// would take most of a minute. So each document gets a TrueType font built
// here with only the characters that document uses (usually a few
// hundred), and fpdf parses that. Glyph outlines are encoded once per
// process and cached. Hinting instructions are dropped: PDF viewers and
// printers rasterise at high resolution without them.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/go-fonts/liberation/liberationsansbold"
	"github.com/go-fonts/liberation/liberationsansregular"
	"github.com/golang/freetype/truetype"
	"github.com/mojocn/base64Captcha"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// face is one parsed font with a cache of encoded glyphs. It is safe for
// concurrent use.
type face struct {
	name string // PostScript name of the subsets built from it
	bold bool
	f    *truetype.Font
	upem int32

	ascent, descent, capHeight int16

	mu     sync.Mutex
	glyphs map[rune]*glyph
	has    map[rune]bool
	buf    truetype.GlyphBuf
}

// glyph is one glyph encoded for a glyf table.
type glyph struct {
	data    []byte // empty for a glyph without contours (space)
	advance uint16
	lsb     int16
	bbox    [4]int16 // xMin, yMin, xMax, yMax
	points  int
	contour int
}

var (
	fontsOnce sync.Once
	fontsErr  error
	latinReg  *face
	latinBold *face
	cjkReg    *face
)

// loadFonts parses the embedded fonts once per process.
func loadFonts() error {
	fontsOnce.Do(func() {
		var errs []error
		add := func(dst **face, name string, bold bool, parse func() (*truetype.Font, error)) {
			f, err := parse()
			if err != nil {
				errs = append(errs, fmt.Errorf("pdfdoc: font %s: %w", name, err))
				return
			}
			*dst = newFace(name, bold, f)
		}
		add(&latinReg, "LiberationSans", false, func() (*truetype.Font, error) { return truetype.Parse(liberationsansregular.TTF) })
		add(&latinBold, "LiberationSans-Bold", true, func() (*truetype.Font, error) { return truetype.Parse(liberationsansbold.TTF) })
		add(&cjkReg, "WenQuanYiMicroHei", false, loadCJK)
		fontsErr = errors.Join(errs...)
	})
	return fontsErr
}

// loadCJK gets WenQuanYi Micro Hei from base64Captcha, which panics when
// the file is missing.
func loadCJK() (f *truetype.Font, err error) {
	defer func() {
		if v := recover(); v != nil {
			f, err = nil, fmt.Errorf("%v", v)
		}
	}()
	f = base64Captcha.DefaultEmbeddedFonts.LoadFontByName("fonts/wqy-microhei.ttc")
	if f == nil {
		return nil, errors.New("not found")
	}
	return f, nil
}

func newFace(name string, bold bool, f *truetype.Font) *face {
	fc := &face{name: name, bold: bold, f: f, upem: f.FUnitsPerEm(), glyphs: map[rune]*glyph{}, has: map[rune]bool{}}
	// freetype gives the hhea ascent and descent only through a face,
	// which allocates a glyph mask for its size: a size of 100 pixels
	// keeps that small and the metrics within a font unit.
	const size = 100
	m := truetype.NewFace(f, &truetype.Options{Size: size, DPI: 72, Hinting: font.HintingNone}).Metrics()
	toUnits := func(v fixed.Int26_6) int16 {
		return int16(math.Round(float64(v) * float64(fc.upem) / (size * 64)))
	}
	fc.ascent, fc.descent = toUnits(m.Ascent), -toUnits(m.Descent)
	fc.capHeight = fc.ascent
	if g := fc.glyphLocked('H'); g != nil && g.bbox[3] > 0 {
		fc.capHeight = g.bbox[3]
	}
	return fc
}

// covers reports whether the font has a glyph for r.
func (fc *face) covers(r rune) bool {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	return fc.coversLocked(r)
}

func (fc *face) coversLocked(r rune) bool {
	if r > 0xFFFF || r < 0x20 {
		return false // the subset's cmap is format 4: the BMP only
	}
	ok, seen := fc.has[r]
	if !seen {
		ok = fc.f.Index(r) != 0
		fc.has[r] = ok
	}
	return ok
}

// glyphLocked returns r's encoded glyph, nil when the font lacks it.
func (fc *face) glyphLocked(r rune) *glyph {
	if g, ok := fc.glyphs[r]; ok {
		return g
	}
	if !fc.coversLocked(r) {
		return nil
	}
	// At a scale of one em per font unit the points come out in font
	// units, unrounded; composite glyphs come out flattened.
	if err := fc.buf.Load(fc.f, fixed.Int26_6(fc.upem), fc.f.Index(r), font.HintingNone); err != nil {
		fc.has[r] = false
		return nil
	}
	g := encodeGlyph(&fc.buf)
	fc.glyphs[r] = g
	return g
}

// encodeGlyph writes a simple glyph: contour ends, no instructions, then
// flags and coordinate deltas, short where they fit.
func encodeGlyph(b *truetype.GlyphBuf) *glyph {
	g := &glyph{advance: uint16(min(max(int32(b.AdvanceWidth), 0), math.MaxUint16))}
	if len(b.Points) == 0 || len(b.Ends) == 0 {
		return g
	}
	g.points, g.contour = len(b.Points), len(b.Ends)
	g.bbox = [4]int16{math.MaxInt16, math.MaxInt16, math.MinInt16, math.MinInt16}
	for _, p := range b.Points {
		x, y := clamp16(int32(p.X)), clamp16(int32(p.Y))
		g.bbox[0], g.bbox[1] = min(g.bbox[0], x), min(g.bbox[1], y)
		g.bbox[2], g.bbox[3] = max(g.bbox[2], x), max(g.bbox[3], y)
	}
	g.lsb = g.bbox[0]
	out := make([]byte, 0, 12+2*len(b.Ends)+5*len(b.Points))
	out = binary.BigEndian.AppendUint16(out, uint16(len(b.Ends)))
	for _, v := range g.bbox {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	for _, e := range b.Ends {
		out = binary.BigEndian.AppendUint16(out, uint16(e-1))
	}
	out = binary.BigEndian.AppendUint16(out, 0) // instructions
	var flags, xs, ys []byte
	var px, py int16
	for _, p := range b.Points {
		x, y := clamp16(int32(p.X)), clamp16(int32(p.Y))
		f := byte(p.Flags & 1)
		f, xs = delta(f, x-px, 0x02, 0x10, xs)
		f, ys = delta(f, y-py, 0x04, 0x20, ys)
		flags = append(flags, f)
		px, py = x, y
	}
	out = append(append(append(out, flags...), xs...), ys...)
	g.data = out
	return g
}

// delta appends one coordinate delta in its shortest form and sets the
// matching flag bits: short (one byte, sign in the "same" bit) or, for a
// zero delta, nothing at all.
func delta(flag byte, d int16, short, same byte, dst []byte) (byte, []byte) {
	switch {
	case d == 0:
		return flag | same, dst
	case d > -256 && d < 256:
		if d > 0 {
			return flag | short | same, append(dst, byte(d))
		}
		return flag | short, append(dst, byte(-d))
	default:
		return flag, binary.BigEndian.AppendUint16(dst, uint16(d))
	}
}

func clamp16(v int32) int16 {
	return int16(min(max(v, math.MinInt16), math.MaxInt16))
}

// subset builds a TrueType font with the glyphs of the given runes (those
// the font has) and an empty .notdef.
func (fc *face) subset(runes []rune) []byte {
	fc.mu.Lock()
	type entry struct {
		r rune
		g *glyph
	}
	var es []entry
	for _, r := range runes {
		if g := fc.glyphLocked(r); g != nil {
			es = append(es, entry{r, g})
		}
	}
	fc.mu.Unlock()
	slices.SortFunc(es, func(a, b entry) int { return int(a.r - b.r) })
	es = slices.CompactFunc(es, func(a, b entry) bool { return a.r == b.r })

	glyphs := make([]*glyph, 0, len(es)+1)
	glyphs = append(glyphs, &glyph{advance: uint16(fc.upem / 2)}) // .notdef
	cmap := make([]rune, 0, len(es))
	for _, e := range es {
		glyphs = append(glyphs, e.g)
		cmap = append(cmap, e.r)
	}
	return fc.assemble(glyphs, cmap)
}

// assemble writes the font file: the table directory and the tables,
// sorted by tag, each padded to four bytes, with the head checksum set.
func (fc *face) assemble(glyphs []*glyph, cmap []rune) []byte {
	glyf, loca := glyfLoca(glyphs)
	tables := []struct {
		tag  string
		data []byte
	}{
		{"OS/2", fc.os2(cmap)},
		{"cmap", cmapTable(cmap)},
		{"glyf", glyf},
		{"head", fc.head(glyphs)},
		{"hhea", fc.hhea(glyphs)},
		{"hmtx", hmtx(glyphs)},
		{"loca", loca},
		{"maxp", maxp(glyphs)},
		{"name", fc.nameTable()},
		{"post", post()},
	}
	n := len(tables)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := (1 << entrySelector) * 16
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(searchRange))
	out = binary.BigEndian.AppendUint16(out, uint16(entrySelector))
	out = binary.BigEndian.AppendUint16(out, uint16(n*16-searchRange))
	offset := 12 + 16*n
	headAt := 0
	for _, t := range tables {
		if t.tag == "head" {
			headAt = offset
		}
		out = append(out, t.tag...)
		out = binary.BigEndian.AppendUint32(out, checksum(t.data))
		out = binary.BigEndian.AppendUint32(out, uint32(offset))
		out = binary.BigEndian.AppendUint32(out, uint32(len(t.data)))
		offset += pad4(len(t.data))
	}
	for _, t := range tables {
		out = append(out, t.data...)
		out = append(out, make([]byte, pad4(len(t.data))-len(t.data))...)
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func pad4(n int) int { return (n + 3) &^ 3 }

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

// glyfLoca concatenates the glyphs (four-byte aligned) and their long
// offsets.
func glyfLoca(glyphs []*glyph) (glyf, loca []byte) {
	for _, g := range glyphs {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g.data...)
		glyf = append(glyf, make([]byte, pad4(len(g.data))-len(g.data))...)
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	return glyf, loca
}

// bounds is the union of the glyphs' boxes.
func bounds(glyphs []*glyph) [4]int16 {
	b := [4]int16{}
	first := true
	for _, g := range glyphs {
		if g.contour == 0 {
			continue
		}
		if first {
			b, first = g.bbox, false
			continue
		}
		b[0], b[1] = min(b[0], g.bbox[0]), min(b[1], g.bbox[1])
		b[2], b[3] = max(b[2], g.bbox[2]), max(b[3], g.bbox[3])
	}
	return b
}

func (fc *face) head(glyphs []*glyph) []byte {
	b := bounds(glyphs)
	out := binary.BigEndian.AppendUint32(nil, 0x00010000) // version
	out = binary.BigEndian.AppendUint32(out, 0x00010000)  // fontRevision
	out = binary.BigEndian.AppendUint32(out, 0)           // checkSumAdjustment, set last
	out = binary.BigEndian.AppendUint32(out, 0x5F0F3CF5)  // magic
	out = binary.BigEndian.AppendUint16(out, 0x000B)      // baseline at y=0, lsb at x=0, integer ppem
	out = binary.BigEndian.AppendUint16(out, uint16(fc.upem))
	out = append(out, make([]byte, 16)...) // created, modified: zero keeps the bytes reproducible
	for _, v := range b {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	macStyle := uint16(0)
	if fc.bold {
		macStyle = 1
	}
	out = binary.BigEndian.AppendUint16(out, macStyle)
	out = binary.BigEndian.AppendUint16(out, 8) // lowestRecPPEM
	out = binary.BigEndian.AppendUint16(out, 2) // fontDirectionHint
	out = binary.BigEndian.AppendUint16(out, 1) // indexToLocFormat: long
	return binary.BigEndian.AppendUint16(out, 0)
}

func (fc *face) hhea(glyphs []*glyph) []byte {
	var advMax uint16
	var minLSB, minRSB, maxExtent int16
	for i, g := range glyphs {
		advMax = max(advMax, g.advance)
		rsb := clamp16(int32(g.advance) - int32(g.bbox[2]))
		if i == 0 || g.lsb < minLSB {
			minLSB = g.lsb
		}
		if i == 0 || rsb < minRSB {
			minRSB = rsb
		}
		maxExtent = max(maxExtent, g.bbox[2])
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	for _, v := range []int16{fc.ascent, fc.descent, 0} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	out = binary.BigEndian.AppendUint16(out, advMax)
	for _, v := range []int16{minLSB, minRSB, maxExtent, 1, 0, 0, 0, 0, 0, 0, 0} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	return binary.BigEndian.AppendUint16(out, uint16(len(glyphs)))
}

func hmtx(glyphs []*glyph) []byte {
	var out []byte
	for _, g := range glyphs {
		out = binary.BigEndian.AppendUint16(out, g.advance)
		out = binary.BigEndian.AppendUint16(out, uint16(g.lsb))
	}
	return out
}

func maxp(glyphs []*glyph) []byte {
	var points, contours int
	for _, g := range glyphs {
		points, contours = max(points, g.points), max(contours, g.contour)
	}
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	for _, v := range []int{len(glyphs), points, contours, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0} {
		out = binary.BigEndian.AppendUint16(out, uint16(v))
	}
	return out
}

func post() []byte {
	out := binary.BigEndian.AppendUint32(nil, 0x00030000) // no glyph names
	out = binary.BigEndian.AppendUint32(out, 0)           // italicAngle
	out = binary.BigEndian.AppendUint16(out, uint16(0xFF38))
	out = binary.BigEndian.AppendUint16(out, 100) // underline position -200, thickness 100
	return append(out, make([]byte, 20)...)       // isFixedPitch, memory hints
}

// os2 is version 4 of the OS/2 table; fpdf reads the weight, fsType
// (0: installable), the typographic ascender and the cap height.
func (fc *face) os2(cmap []rune) []byte {
	weight, fsSelection := uint16(400), uint16(0x40) // regular
	if fc.bold {
		weight, fsSelection = 700, 0x20
	}
	first, last := uint16(0x20), uint16(0x20)
	if len(cmap) > 0 {
		first, last = uint16(cmap[0]), uint16(cmap[len(cmap)-1])
	}
	u16 := func(out []byte, vs ...int) []byte {
		for _, v := range vs {
			out = binary.BigEndian.AppendUint16(out, uint16(v))
		}
		return out
	}
	out := u16(nil, 4, int(fc.upem/2), int(weight), 5, 0)
	out = append(out, make([]byte, 20)...) // sub- and superscript, strikeout
	out = u16(out, 0)                      // sFamilyClass
	out = append(out, make([]byte, 10+16)...)
	out = append(out, "NONE"...)
	out = u16(out, int(fsSelection), int(first), int(last),
		int(fc.ascent), int(fc.descent), 0, int(fc.ascent), int(-fc.descent))
	out = append(out, make([]byte, 8)...) // code page ranges
	return u16(out, int(fc.capHeight*2/3), int(fc.capHeight), 0, 0x20, 0)
}

// cmapTable maps the runes, in order, to glyphs 1..n in one format 4
// subtable; consecutive runes share a segment.
func cmapTable(runes []rune) []byte {
	type seg struct{ start, end, delta uint16 }
	var segs []seg
	for i, r := range runes {
		gid := uint16(i + 1)
		if n := len(segs); n > 0 && segs[n-1].end+1 == uint16(r) {
			segs[n-1].end++
			continue
		}
		segs = append(segs, seg{uint16(r), uint16(r), gid - uint16(r)})
	}
	segs = append(segs, seg{0xFFFF, 0xFFFF, 1})
	n := len(segs)
	entrySelector := 0
	for 1<<(entrySelector+1) <= n {
		entrySelector++
	}
	searchRange := 2 << entrySelector
	sub := binary.BigEndian.AppendUint16(nil, 4)
	sub = binary.BigEndian.AppendUint16(sub, uint16(16+8*n))
	sub = binary.BigEndian.AppendUint16(sub, 0) // language
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*n))
	sub = binary.BigEndian.AppendUint16(sub, uint16(searchRange))
	sub = binary.BigEndian.AppendUint16(sub, uint16(entrySelector))
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*n-searchRange))
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.end)
	}
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.start)
	}
	for _, s := range segs {
		sub = binary.BigEndian.AppendUint16(sub, s.delta)
	}
	sub = append(sub, make([]byte, 2*n)...) // idRangeOffset
	out := binary.BigEndian.AppendUint16(nil, 0)
	out = binary.BigEndian.AppendUint16(out, 1)
	out = binary.BigEndian.AppendUint16(out, 3) // Windows
	out = binary.BigEndian.AppendUint16(out, 1) // Unicode BMP
	out = binary.BigEndian.AppendUint32(out, 12)
	return append(out, sub...)
}

// nameTable names the subset and carries the original's copyright and
// licence strings (Windows, US English, UTF-16).
func (fc *face) nameTable() []byte {
	style := "Regular"
	if fc.bold {
		style = "Bold"
	}
	names := []struct {
		id   uint16
		text string
	}{
		{0, fc.f.Name(truetype.NameIDCopyright)},
		{1, fc.name},
		{2, style},
		{3, fc.name + " subset"},
		{4, fc.name + " " + style},
		{6, fc.name},
		{13, fc.f.Name(truetype.NameIDFontLicense)},
		{14, fc.f.Name(truetype.NameIDFontLicenseURL)},
	}
	var strs []byte
	var recs []byte
	count := 0
	for _, n := range names {
		if n.text == "" {
			continue
		}
		var s []byte
		for _, c := range n.text {
			if c > 0xFFFF {
				c = '?'
			}
			s = binary.BigEndian.AppendUint16(s, uint16(c))
		}
		for _, v := range []uint16{3, 1, 0x409, n.id, uint16(len(s)), uint16(len(strs))} {
			recs = binary.BigEndian.AppendUint16(recs, v)
		}
		strs = append(strs, s...)
		count++
	}
	out := binary.BigEndian.AppendUint16(nil, 0)
	out = binary.BigEndian.AppendUint16(out, uint16(count))
	out = binary.BigEndian.AppendUint16(out, uint16(6+len(recs)))
	return append(append(out, recs...), strs...)
}
