package detect

import "testing"

func TestDEIDCard(t *testing.T) {
	testIDCases(t, "de_id_card", []idCase{
		// The specimen card of Erika Mustermann (Bundesministerium des
		// Innern, 2010): document number T22000129, MRZ "IDD<<T220001293".
		{"the 2010 specimen card", "T220001293", true, ""},
		{"the 2010 specimen card as the MRZ writes it, with D", "T220001293D", true, "T220001293"},
		// The specimen of the 2021 card: MRZ "IDD<<LZ6311T475".
		{"the 2021 specimen card", "LZ6311T475", true, ""},
		// The specimen data of personalausweis-mrz.idcards.me:
		// MRZ "IDD<<L01X00T471".
		{"the specimen of the MRZ online tool", "L01X00T471", true, ""},
		{"letters only, generated", "CFGHJKLMN7", true, ""},
		{"a card issued before November 2010, digits only", "1234567897", true, ""},
		{"mixed, generated", "M7X19T4Y23", true, ""},

		{"one character changed", "T220001283", false, ""},
		{"two adjacent characters swapped", "T202001293", false, ""},
		{"check digit off by one", "T220001294", false, ""},
		{"a vowel the alphabet leaves out", "A220001293", false, ""},
		{"the letter O the alphabet leaves out", "O220001293", false, ""},
		{"B, which could be read as 8", "B220001293", false, ""},
		{"a letter where the check digit belongs", "T22000129X", false, ""},
		{"another nationality than D", "T220001293F", false, ""},
		{"D where the check digit belongs", "T22000129D", false, ""},
		{"9 characters", "T22000129", false, ""},
		{"12 characters", "T220001293DD", false, ""},
	})
}
