package pdfdoc

import (
	"slices"
	"testing"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// A subset is a valid TrueType font whose glyphs are the original's,
// point for point, and which lacks the characters not asked for.
func TestSubsetKeepsGlyphs(t *testing.T) {
	if err := loadFonts(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		face  *face
		runes string
	}{
		{latinReg, "Straße Müller ÄÖÜ €„“–•0123"},
		{latinBold, "Grüße"},
		{cjkReg, "您好数据泄露，。第页共Müller"},
	} {
		sub, err := truetype.Parse(tc.face.subset([]rune(tc.runes)))
		if err != nil {
			t.Fatalf("%s: subset does not parse: %v", tc.face.name, err)
		}
		if got := sub.Name(truetype.NameIDPostscriptName); got != tc.face.name {
			t.Errorf("subset is named %q, want %q", got, tc.face.name)
		}
		var a, b truetype.GlyphBuf
		scale := fixed.Int26_6(tc.face.upem)
		for _, r := range tc.runes {
			if err := a.Load(tc.face.f, scale, tc.face.f.Index(r), font.HintingNone); err != nil {
				t.Fatal(err)
			}
			i := sub.Index(r)
			if i == 0 {
				t.Errorf("%s: subset lacks %q", tc.face.name, r)
				continue
			}
			if err := b.Load(sub, scale, i, font.HintingNone); err != nil {
				t.Fatalf("%s: glyph %q: %v", tc.face.name, r, err)
			}
			if a.AdvanceWidth != b.AdvanceWidth || !slices.Equal(a.Ends, b.Ends) || !samePoints(a.Points, b.Points) {
				t.Errorf("%s: glyph %q differs from the original", tc.face.name, r)
			}
		}
		if sub.Index('Z') != 0 {
			t.Errorf("%s: subset has a character not asked for", tc.face.name)
		}
	}
}

func samePoints(a, b []truetype.Point) bool {
	return slices.EqualFunc(a, b, func(p, q truetype.Point) bool {
		return p.X == q.X && p.Y == q.Y && p.Flags&1 == q.Flags&1
	})
}
