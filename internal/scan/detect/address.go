package detect

// Postal address blocks in free text. Precision over recall: a block
// counts only with a street word and a house number, and (except Chinese
// addresses) a postcode of its country's shape next to a town:
//
//	Musterstraße 12, 12345 Berlin          (also on two lines)
//	12 rue de Rivoli, 75001 Paris
//	1600 Pennsylvania Avenue NW, Washington, DC 20500
//	10 Downing Street, London SW1A 2AA
//	北京市朝阳区建国路88号
//
// The search is anchored on what is rare and cheap to see: a run of five
// digits (German, French and US postcodes), a digit followed by two
// capital letters (the inward half of a British postcode), and 号.

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxStreetWords bounds how far back a street line is read.
const maxStreetWords = 8

// FindAddresses finds postal address blocks in text and calls emit with
// each, trimmed and with inner runs of white space collapsed to one space.
// The slice is valid only during the call.
func FindAddresses(text []byte, emit func(addr []byte)) {
	findAddresses(text, newBlockMaps(text, digitMask), emit)
}

// findAddresses is FindAddresses walking the digit maps given.
func findAddresses(text []byte, digits blockMaps, emit func(addr []byte)) {
	for i := postcodeRun(&digits, 0); i < len(text); i = postcodeRun(&digits, i) {
		j := i + 1
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		start, end, ok := addressAround(text, i, j)
		if ok {
			emitCollapsed(text[start:end], emit)
			j = max(j, end)
		}
		i = j
	}
	findChineseAddresses(text, emit)
}

// postcodeRun returns the start of the first run of digits from i on
// that addressAround can take (one or five digits, see there), or
// len(text); a digit at i starts a run. Most digits in text are in other
// runs, and digit maps find these without looking at each.
func postcodeRun(digits *blockMaps, i int) int {
	for first := true; i < len(digits.t); first = false {
		block := i / 64
		digits.load(block)
		starts := digits.startsFrom(i, first)
		one := starts &^ digits.after(1)
		five := starts & digits.after(1) & digits.after(2) & digits.after(3) & digits.after(4) &^ digits.after(5)
		if c := one | five; c != 0 {
			return block*64 + bits.TrailingZeros64(c)
		}
		i = block*64 + 64
	}
	return len(digits.t)
}

// addressAround tries the digit run text[ps:pe] as the postcode of an
// address block and returns the block.
func addressAround(text []byte, ps, pe int) (int, int, bool) {
	if ps > 0 && isASCIIAlnum(text[ps-1]) || pe < len(text) && isDigit(text[pe]) {
		return 0, 0, false
	}
	switch pe - ps {
	case 5:
		if start, end, ok := usAddress(text, ps, pe); ok {
			return start, end, ok
		}
		return continentalAddress(text, ps, pe)
	case 1:
		return britishAddress(text, ps)
	}
	return 0, 0, false
}

// continentalAddress: a German or French street line, then "12345 Town".
func continentalAddress(text []byte, ps, pe int) (int, int, bool) {
	if pe < len(text) && isASCIIAlnum(text[pe]) {
		return 0, 0, false
	}
	townEnd, ok := townAfter(text, pe)
	if !ok {
		return 0, 0, false
	}
	se := skipLineBreakBack(text, ps)
	if start, ok := germanStreet(text, se); ok {
		return start, townEnd, true
	}
	if start, ok := frenchStreet(text, se); ok {
		return start, townEnd, true
	}
	return 0, 0, false
}

// usAddress: a street line, then ", Town, ST 12345" (or ZIP+4).
func usAddress(text []byte, ps, pe int) (int, int, bool) {
	if ps < 4 || text[ps-1] != ' ' || !usState(text[ps-3:ps-1]) || isASCIIAlnum(text[ps-4]) {
		return 0, 0, false
	}
	end := pe
	if pe+5 <= len(text) && text[pe] == '-' && isDigits(text[pe+1:pe+5]) && (pe+5 == len(text) || !isASCIIAlnum(text[pe+5])) {
		end = pe + 5
	} else if pe < len(text) && isASCIIAlnum(text[pe]) {
		return 0, 0, false
	}
	townStart, ok := townBefore(text, skipBack(text, ps-3, " \t,"))
	if !ok {
		return 0, 0, false
	}
	start, ok := numberedStreet(text, skipLineBreakBack(text, townStart), usStreetTypes)
	return start, end, ok
}

// britishAddress: a street line, a town, then a postcode "SW1A 2AA" whose
// inward half starts with the digit at ps.
func britishAddress(text []byte, ps int) (int, int, bool) {
	end := ps + 3
	if end > len(text) || !isUpper(text[ps+1]) || !isUpper(text[ps+2]) || end < len(text) && isASCIIAlnum(text[end]) {
		return 0, 0, false
	}
	if ps < 3 || text[ps-1] != ' ' {
		return 0, 0, false
	}
	os := ps - 1
	for os > 0 && ps-1-os < 4 && isASCIIAlnum(text[os-1]) {
		os--
	}
	if !ukOutwardCode(text[os:ps-1]) || os > 0 && isASCIIAlnum(text[os-1]) {
		return 0, 0, false
	}
	townStart, ok := townBefore(text, skipLineBreakBack(text, os))
	if !ok {
		return 0, 0, false
	}
	start, ok := numberedStreet(text, skipLineBreakBack(text, townStart), ukStreetTypes)
	return start, end, ok
}

// ukOutwardCode checks A9, A99, AA9, AA99, A9A, AA9A.
func ukOutwardCode(s []byte) bool {
	if len(s) < 2 || len(s) > 4 || !isUpper(s[0]) {
		return false
	}
	i := 1
	if isUpper(s[i]) {
		i++
	}
	if i >= len(s) || !isDigit(s[i]) {
		return false
	}
	i++
	if i < len(s) && (isDigit(s[i]) || isUpper(s[i])) {
		i++
	}
	return i == len(s)
}

// germanStreetSuffixes end a German street name ("Musterstraße",
// "Lindenallee") or are a word of it ("Berliner Straße"). Lower-case.
var germanStreetSuffixes = []string{
	"straße", "strasse", "str.", "weg", "allee", "platz", "gasse", "ring", "damm", "ufer", "chaussee",
	"steig", "pfad", "stieg", "promenade", "kai", "zeile", "markt",
}

// germanStreet reads "Musterstraße 12" or "Berliner Str. 12a" ending at
// se and returns where it starts.
func germanStreet(text []byte, se int) (int, bool) {
	ns, ok := houseNumberBefore(text, se)
	if !ok {
		return 0, false
	}
	ws, we := wordBefore(text, skipBack(text, ns, " \t"))
	if ws == we || !isCapitalized(text[ws:we]) {
		return 0, false
	}
	word := text[ws:we]
	for _, suffix := range germanStreetSuffixes {
		if !hasSuffixFold(word, suffix) {
			continue
		}
		if len(word) == len(suffix) {
			// "Berliner Straße": the word before names the street.
			ps, pe := wordBefore(text, skipBack(text, ws, " \t"))
			if ps == pe || !isCapitalized(text[ps:pe]) {
				return 0, false
			}
			return ps, true
		}
		return ws, true
	}
	return 0, false
}

// frenchStreetTypes begin a French street name. Lower-case.
var frenchStreetTypes = []string{
	"rue", "avenue", "av.", "boulevard", "bd", "bd.", "place", "chemin", "allée", "allee", "impasse",
	"quai", "route", "cours", "square", "passage", "voie", "esplanade", "faubourg", "rond-point",
}

// frenchStreet reads "12 rue de Rivoli" (or "12, rue", "12 bis rue")
// ending at se and returns where it starts.
func frenchStreet(text []byte, se int) (int, bool) {
	end := se
	for n := 0; n < maxStreetWords; n++ {
		ws, we := wordBefore(text, skipBack(text, end, " \t"))
		if ws == we {
			return 0, false
		}
		if n > 0 && wordIn(text[ws:we], frenchStreetTypes) {
			before := skipBack(text, ws, " \t,")
			if bs, be := wordBefore(text, before); be > bs && wordIn(text[bs:be], []string{"bis", "ter", "quater"}) {
				before = skipBack(text, bs, " \t")
			}
			return houseNumberBefore(text, before)
		}
		end = ws
	}
	return 0, false
}

// usStreetTypes and ukStreetTypes name the kind of street in an English
// street line. Lower-case.
var (
	usStreetTypes = []string{
		"street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "boulevard", "blvd", "blvd.",
		"drive", "dr", "dr.", "lane", "ln", "ln.", "way", "court", "ct", "ct.", "place", "pl", "pl.",
		"parkway", "pkwy", "circle", "cir", "highway", "hwy", "terrace", "ter", "trail", "trl", "square", "sq",
	}
	ukStreetTypes = []string{
		"street", "st", "st.", "road", "rd", "lane", "avenue", "close", "drive", "way", "gardens", "place",
		"square", "crescent", "terrace", "hill", "row", "mews", "court", "grove", "park", "walk", "green",
		"rise", "view", "parade",
	}
	// streetLineTail may follow the street type: a direction or a unit.
	streetLineTail = []string{"n", "s", "e", "w", "ne", "nw", "se", "sw", "apt", "apt.", "suite", "ste", "ste.", "unit", "floor", "fl"}
)

// numberedStreet reads an English street line ending at se: a house
// number, name words, a street type, maybe a direction or unit after it
// ("1600 Pennsylvania Avenue NW", "221B Baker Street", "12 Main St Apt
// 4B"). It returns where it starts.
func numberedStreet(text []byte, se int, types []string) (int, bool) {
	end, typed, names := se, false, 0
	for range maxStreetWords {
		ws, we := wordBefore(text, skipBack(text, end, " \t"))
		if ws == we {
			return 0, false
		}
		word := text[ws:we]
		switch {
		case !typed && wordIn(word, types):
			typed = true
		case !typed && (wordIn(word, streetLineTail) || unitNumber(word)):
			// a direction or unit after the street type
		case typed && houseNumber(word):
			return ws, names > 0
		case typed && isCapitalized(word):
			names++
		default:
			return 0, false
		}
		end = ws
	}
	return 0, false
}

// houseNumber: digits and at most one letter ("12", "221B", "12a").
func houseNumber(w []byte) bool {
	n := 0
	for n < len(w) && isDigit(w[n]) {
		n++
	}
	return n > 0 && n <= 5 && (n == len(w) || n == len(w)-1 && isASCIIAlnum(w[n]) && !isDigit(w[n]))
}

// unitNumber: the number of an apartment or suite ("4B", "#12", "200").
func unitNumber(w []byte) bool {
	if len(w) > 1 && w[0] == '#' {
		w = w[1:]
	}
	return houseNumber(w)
}

// houseNumberBefore reads a house number ending at end ("12", "12a",
// "12-14") after a space, and returns where it starts.
func houseNumberBefore(text []byte, end int) (int, bool) {
	s := end
	if s > 0 && (text[s-1] >= 'a' && text[s-1] <= 'z' || isUpper(text[s-1])) {
		s--
	}
	digitsEnd := s
	for s > 0 && isDigit(text[s-1]) {
		s--
	}
	if s == digitsEnd || digitsEnd-s > 4 {
		return 0, false
	}
	if s > 1 && text[s-1] == '-' && isDigit(text[s-2]) {
		for s--; s > 0 && isDigit(text[s-1]); s-- {
		}
	}
	if s == 0 || text[s-1] != ' ' && text[s-1] != '\t' && text[s-1] != '\n' {
		return s, s == 0
	}
	return s, true
}

// townAfter reads " Town" after a postcode: capitalized words, with the
// small words that join them ("Frankfurt am Main", "Saint-Denis"). It
// returns where the town ends.
func townAfter(text []byte, i int) (int, bool) {
	if i >= len(text) || text[i] != ' ' && text[i] != '\t' {
		return 0, false
	}
	end, words := 0, 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') && words < 5 {
		ws := i
		for ws < len(text) && (text[ws] == ' ' || text[ws] == '\t') {
			ws++
		}
		we := wordEnd(text, ws)
		if we == ws {
			break
		}
		word := text[ws:we]
		if isCapitalized(word) {
			end, words = we, words+1
		} else if words == 0 || !wordIn(word, townJoiners) {
			break // a town starts with a capital; small words only join
		}
		i = we
	}
	return end, words > 0
}

// townJoiners are the small words inside town names. Lower-case.
var townJoiners = []string{"am", "an", "der", "die", "im", "in", "bei", "ob", "sur", "sous", "en", "le", "la", "les", "de", "du", "des", "upon", "on"}

// townBefore reads capitalized words ending at end (after a comma or at a
// line start before them) and returns where the town starts.
func townBefore(text []byte, end int) (int, bool) {
	start := -1
	for n := 0; n < 4; n++ {
		ws, we := wordBefore(text, skipBack(text, end, " \t"))
		if ws == we || !isCapitalized(text[ws:we]) {
			break
		}
		start, end = ws, ws
		if b := skipBack(text, ws, " \t"); b == 0 || text[b-1] == ',' || text[b-1] == '\n' {
			break
		}
	}
	return start, start >= 0
}

// wordBefore returns the word (letters, digits, and . - ' # inside it)
// that ends at end.
func wordBefore(text []byte, end int) (int, int) {
	s := end
	for s > 0 && isWordByte(text[s-1]) {
		s--
	}
	return s, end
}

func wordEnd(text []byte, i int) int {
	for i < len(text) && isWordByte(text[i]) && text[i] != ',' {
		i++
	}
	for i > 0 && text[i-1] == '.' {
		i--
	}
	return i
}

func isWordByte(c byte) bool {
	return isASCIIAlnum(c) || c >= 0x80 || c == '.' || c == '-' || c == '\'' || c == '#'
}

// skipBack moves end back over the bytes of set.
func skipBack(text []byte, end int, set string) int {
	for end > 0 && strings.IndexByte(set, text[end-1]) >= 0 {
		end--
	}
	return end
}

// skipLineBreakBack moves back over spaces and one comma or line break
// between the parts of an address.
func skipLineBreakBack(text []byte, end int) int {
	end = skipBack(text, end, " \t")
	if end > 0 && text[end-1] == ',' {
		return skipBack(text, end-1, " \t")
	}
	if end > 0 && text[end-1] == '\n' {
		end--
		if end > 0 && text[end-1] == '\r' {
			end--
		}
		return skipBack(text, end, " \t")
	}
	return end
}

// isCapitalized reports whether a word starts with an upper-case letter.
func isCapitalized(w []byte) bool {
	if len(w) == 0 {
		return false
	}
	if w[0] < utf8.RuneSelf {
		return isUpper(w[0])
	}
	r, _ := utf8.DecodeRune(w)
	return unicode.IsUpper(r)
}

// wordIn reports whether w, in any case, is one of words.
func wordIn(w []byte, words []string) bool {
	for _, x := range words {
		if bytes.EqualFold(w, []byte(x)) {
			return true
		}
	}
	return false
}

// usStates are the USPS codes of the states, DC and the territories.
var usStates = func() map[[2]byte]bool {
	m := make(map[[2]byte]bool)
	const codes = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI"
	for i := 0; i+2 <= len(codes); i += 3 {
		m[[2]byte{codes[i], codes[i+1]}] = true
	}
	return m
}()

func usState(s []byte) bool {
	return len(s) == 2 && isUpper(s[0]) && isUpper(s[1]) && usStates[[2]byte{s[0], s[1]}]
}

// emitCollapsed hands the block to emit with white space runs collapsed.
func emitCollapsed(block []byte, emit func([]byte)) {
	block = bytes.TrimSpace(block)
	out := make([]byte, 0, len(block))
	space := false
	for _, c := range block {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	emit(out)
}

// Chinese addresses run from the province or city to the house number:
// 北京市朝阳区建国路88号, 广东省深圳市南山区科技园路1号院3号楼.
var (
	cjkHao            = []byte("号")
	chineseRoadWords  = []string{"大道", "大街", "胡同", "路", "街", "道", "巷", "弄", "里"}
	chineseAdminMarks = []string{"省", "市", "自治区", "特别行政区"}
	chineseCity       = []byte("市")
	chineseProvinces  = []string{
		"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
		"山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾", "内蒙古",
		"广西", "西藏", "宁夏", "新疆", "香港", "澳门",
	}
	// chineseUnits may follow the house number: 1号院3号楼2单元501室.
	chineseUnits = []string{"号楼", "号院", "单元", "号", "院", "楼", "栋", "幢", "室", "层", "座"}
)

// maxChineseRegion bounds the characters read before the road.
const maxChineseRegion = 30

func findChineseAddresses(text []byte, emit func([]byte)) {
	for off := 0; off < len(text); {
		i := bytes.Index(text[off:], cjkHao)
		if i < 0 {
			return
		}
		at := off + i
		off = at + len(cjkHao)
		if start, end, ok := chineseAddress(text, at); ok {
			emitCollapsed(text[start:end], emit)
			off = end
		}
	}
}

// chineseAddress reads the address that ends with the 号 at hao.
func chineseAddress(text []byte, hao int) (int, int, bool) {
	ds := hao
	for ds > 0 && hao-ds < 6 && (isDigit(text[ds-1]) || text[ds-1] == '-') {
		ds--
	}
	if ds == hao || !isDigit(text[ds]) {
		return 0, 0, false
	}
	roadStart := -1
	for _, w := range chineseRoadWords {
		if bytes.HasSuffix(text[:ds], []byte(w)) {
			roadStart = ds - len(w)
			break
		}
	}
	if roadStart < 0 {
		return 0, 0, false
	}
	rs, chars := roadStart, 0
	for rs > 0 && chars < maxChineseRegion {
		r, size := utf8.DecodeLastRune(text[:rs])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		rs -= size
		chars++
	}
	region := text[rs:roadStart]
	if chars < 3 || !containsAnyOf(region, chineseAdminMarks) {
		return 0, 0, false
	}
	return rs + chineseRegionStart(region), chineseUnitsEnd(text, hao+len(cjkHao)), true
}

// chineseRegionStart finds where the address starts in the characters
// before the road: at the first province name, else two characters before
// the first 市 (most city names have two).
func chineseRegionStart(region []byte) int {
	first := -1
	for _, p := range chineseProvinces {
		if i := bytes.Index(region, []byte(p)); i >= 0 && (first < 0 || i < first) {
			first = i
		}
	}
	if first >= 0 {
		return first
	}
	city := bytes.Index(region, chineseCity)
	if city < 0 {
		return 0
	}
	start := city
	for range 2 {
		if start == 0 {
			break
		}
		_, size := utf8.DecodeLastRune(region[:start])
		start -= size
	}
	return start
}

// chineseUnitsEnd extends an address over the units after its number.
func chineseUnitsEnd(text []byte, e int) int {
	for {
		d := e
		for d < len(text) && d-e < 5 && isDigit(text[d]) {
			d++
		}
		matched := false
		for _, u := range chineseUnits {
			if bytes.HasPrefix(text[d:], []byte(u)) && (d > e || u == "院") {
				e, matched = d+len(u), true
				break
			}
		}
		if !matched {
			return e
		}
	}
}

func containsAnyOf(s []byte, words []string) bool {
	for _, w := range words {
		if bytes.Contains(s, []byte(w)) {
			return true
		}
	}
	return false
}
