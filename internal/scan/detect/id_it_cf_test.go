package detect

import "testing"

func TestITCodiceFiscale(t *testing.T) {
	testIDCases(t, "it_codice_fiscale", []idCase{
		// The textbook example: Mario Rossi, born 10 December 1985.
		{"Mario Rossi, the textbook example", "RSSMRA85T10A562S", true, ""},
		// calcolatori.net/estrai-dati-codice-fiscale.php: Rossi Mario,
		// born 1 January 1980 in Rome (H501).
		{"Mario Rossi born in Rome", "RSSMRA80A01H501U", true, ""},
		// sodalesjuris.net/decodifica-codice-fiscale: a woman born
		// 10 April 1975 in Battipaglia (A717).
		{"a woman: day plus 40", "FRNSST75D50A717N", true, ""},
		// it.wikipedia.org, "Codice fiscale": Matteo Moretti, born
		// 9 April 1925 in Milan (F205).
		{"Matteo Moretti, Wikipedia's example", "MRTMTT25D09F205Z", true, ""},
		{"born abroad: Z and the state's code", "SMTJHN80A01Z404K", true, ""},
		{"a woman born on the 31st: day 71", "RSSMRA85T71A562X", true, ""},

		// Omocodia: the Agenzia replaces digits from the right by
		// L M N P Q R S T U V and recomputes the check letter.
		{"omocodia: the last digit replaced", "RSSMRA85T10A56NH", true, ""},
		{"omocodia: two digits replaced", "RSSMRA85T10A5RNS", true, ""},
		{"omocodia: three digits replaced", "RSSMRA85T10ARSNO", true, ""},
		{"omocodia: the day's units replaced", "RSSMRA85T1LARSNR", true, ""},
		{"omocodia: all seven digits replaced", "RSSMRAURTMLARSNL", true, ""},

		{"one character changed", "RSSMRA86T10A562S", false, ""},
		{"two adjacent digits swapped", "RSSMRA58T10A562S", false, ""},
		{"check letter off by one", "RSSMRA85T10A562T", false, ""},
		{"F is no month", "RSSMRA85F10A562S", false, ""},
		{"day 00", "RSSMRA85T00A562R", false, ""},
		{"day 32", "RSSMRA85T32A562Y", false, ""},
		{"day 72", "RSSMRA85T72A562S", false, ""},
		{"a letter outside L-V in a digit position", "RSSMRA8AT10A562S", false, ""},
		{"a digit in the name letters", "RS5MRA85T10A562S", false, ""},
		{"a digit where the birthplace letter belongs", "RSSMRA85T105562S", false, ""},
		{"a digit as check character", "RSSMRA85T10A5621", false, ""},
		{"15 characters", "RSSMRA85T10A562", false, ""},
		{"a company's 11-digit code is not a person's", "12345678901", false, ""},
	})
}

func TestITCodiceFiscaleNearMisses(t *testing.T) {
	testNoNearMissValidates(t, "it_codice_fiscale", "RSSMRA85T10A562S")
	testNoNearMissValidates(t, "it_codice_fiscale", "FRNSST75D50A717N")
}
