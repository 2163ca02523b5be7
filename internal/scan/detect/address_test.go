package detect

import (
	"strings"
	"testing"
)

func TestFindAddresses(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string
	}{
		{"a German address on one line", "Bitte an Musterstraße 12, 12345 Berlin senden.", []string{"Musterstraße 12, 12345 Berlin"}},
		{"a German address on two lines", "Max Mustermann\nMusterstraße 12\n12345 Berlin\n", []string{"Musterstraße 12 12345 Berlin"}},
		{"a German street with Str. and a letter", "Lieferung: Hauptstr. 5a, 80331 München", []string{"Hauptstr. 5a, 80331 München"}},
		{"a German street of two words", "Berliner Straße 45, 10713 Berlin", []string{"Berliner Straße 45, 10713 Berlin"}},
		{"a German Weg and a town of three words", "Am Lindenweg 3\n60311 Frankfurt am Main", []string{"Lindenweg 3 60311 Frankfurt am Main"}},
		{"German Allee, Platz, Gasse, Ring, Damm", "Kastanienallee 1, 10435 Berlin; Marktplatz 2, 70173 Stuttgart; Mühlgasse 3, 93047 Regensburg; Hohenzollernring 4, 50672 Köln; Kurfürstendamm 5, 10719 Berlin",
			[]string{"Kastanienallee 1, 10435 Berlin", "Marktplatz 2, 70173 Stuttgart", "Mühlgasse 3, 93047 Regensburg", "Hohenzollernring 4, 50672 Köln", "Kurfürstendamm 5, 10719 Berlin"}},
		{"inner white space collapses", "Musterstraße   12,\t 12345   Berlin", []string{"Musterstraße 12, 12345 Berlin"}},
		{"a French address", "Livraison au 12 rue de Rivoli, 75001 Paris.", []string{"12 rue de Rivoli, 75001 Paris"}},
		{"a French address with bis and a comma", "8 bis, avenue des Champs-Élysées\n75008 Paris", []string{"8 bis, avenue des Champs-Élysées 75008 Paris"}},
		{"a US address", "Send it to 1600 Pennsylvania Avenue NW, Washington, DC 20500 by Friday.", []string{"1600 Pennsylvania Avenue NW, Washington, DC 20500"}},
		{"a US address with ZIP+4 on two lines", "350 Fifth Ave\nNew York, NY 10118-0110", []string{"350 Fifth Ave New York, NY 10118-0110"}},
		{"a US address with a suite", "100 Main St Suite 200, Springfield, IL 62701", []string{"100 Main St Suite 200, Springfield, IL 62701"}},
		{"a British address", "10 Downing Street, London SW1A 2AA", []string{"10 Downing Street, London SW1A 2AA"}},
		{"a British address on three lines", "221B Baker Street\nLondon\nNW1 6XE\n", []string{"221B Baker Street London NW1 6XE"}},
		{"a Chinese address", "请寄到北京市朝阳区建国路88号，谢谢", []string{"北京市朝阳区建国路88号"}},
		{"a Chinese address with a province and units", "地址：广东省深圳市南山区科技园路1号院3号楼2单元501室", []string{"广东省深圳市南山区科技园路1号院3号楼2单元501室"}},
		{"a Chinese address without a province", "我住在深圳市南山区科技园路1号", []string{"深圳市南山区科技园路1号"}},
		{"a Chinese number without city or province", "建国路88号", nil},
		{"a Chinese date is no address", "2024年1月2号", nil},
		{"a postcode and town without a street", "Wir liefern nach 12345 Berlin.", nil},
		{"a street without a house number", "Musterstraße, 12345 Berlin", nil},
		{"a street word without a postcode", "Musterstraße 12 ist schön", nil},
		{"an order number before a town-like word", "Bestellung 12345 Versand", nil},
		{"a price list", "Ring 12, 99999 euros", nil},
		{"a US state without a street", "Springfield, IL 62701", nil},
		{"a British postcode alone", "Postcode: SW1A 2AA", nil},
		{"an invoice number with capital letters", "Invoice 2026 4XY due", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			FindAddresses([]byte(tc.text), func(a []byte) { got = append(got, string(a)) })
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("FindAddresses(%q)\n got  %q\n want %q", tc.text, got, tc.want)
			}
		})
	}
}

// BenchmarkFindAddresses runs over log-like text full of digits but
// without addresses: the common case.
func BenchmarkFindAddresses(b *testing.B) {
	line := "2026-11-24 10:15:02 INFO order 12345 shipped to client 4711, 3 items, total 99.95 EUR, tracking 00340434161094042557\n"
	text := []byte(strings.Repeat(line, 10000))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindAddresses(text, func([]byte) {})
	}
}
