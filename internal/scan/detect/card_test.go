package detect

import "testing"

func TestValidCard(t *testing.T) {
	cases := []struct {
		name  string
		in    string
		valid bool
	}{
		// Stripe's test card numbers (docs.stripe.com/testing).
		{"Visa, Stripe's 4242...", "4242424242424242", true},
		{"Visa, the classic 4111...", "4111111111111111", true},
		{"Visa debit", "4000056655665556", true},
		{"Mastercard", "5555555555554444", true},
		{"Mastercard 2-series", "2223003122003222", true},
		{"Mastercard prepaid", "5105105105105100", true},
		{"American Express 37", "378282246310005", true},
		{"American Express 37, another", "371449635398431", true},
		{"Discover 6011", "6011111111111117", true},
		{"Discover debit", "6011981111111113", true},
		{"Diners Club 16 digits", "3056930009020004", true},
		{"Diners Club 14 digits", "36227206271667", true},
		{"Diners Club 38", "38520000023237", true},
		{"JCB 3566", "3566002020360505", true},
		{"JCB 3530", "3530111333300000", true},
		{"UnionPay", "6200000000000005", true},
		{"UnionPay 19 digits", "6205500000000000004", true},

		{"Visa 13 digits, generated", "4000000000006", true},
		{"Visa 19 digits, generated", "4000000000000000006", true},
		{"Mastercard 2221, the first of the 2-series", "2221000000000009", true},
		{"Mastercard 2720, the last of the 2-series", "2720999999999996", true},
		{"Discover 644", "6445644564456445", true},
		{"Discover 65, 17 digits", "65000000000000003", true},
		{"JCB 3528, the first", "3528000000000007", true},
		{"Diners Club 300, 13 digits is too short", "3000000000007", false},
		{"Diners Club 305, 16 digits", "3059999999999995", true},
		{"Maestro 50", "5018000000000009", true},
		{"Maestro 6304", "6304000000000000", true},
		{"Maestro 6759, 15 digits", "675964982643844", true},
		{"Maestro 676770", "6767700000000005", true},
		{"Maestro 676774", "6767740000000001", true},

		// Stripe's number for the "incorrect_number" error.
		{"Stripe's invalid 4242...4241", "4242424242424241", false},
		{"one digit changed", "4111111111121111", false},
		{"two adjacent digits swapped", "5555555555545444", false},
		{"check digit off by one", "4111111111111112", false},
		{"Luhn-valid, no network starts with 1", "1234567812345670", false},
		{"Luhn-valid, no network starts with 7", "7000000000000005", false},
		{"Luhn-valid, Mastercard 2721 is outside the 2-series", "2721000000000004", false},
		{"Luhn-valid, American Express with 16 digits", "34000000000000009", false},
		{"Luhn-valid, Mastercard with 17 digits", "55555555555544444", false},
		{"Luhn-valid, Visa with 14 digits", "40000000000006", false},
		{"12 digits", "400000000006", false},
		{"20 digits", "40000000000000000006", false},
		{"a letter inside", "411111111111111O", false},
		{"a space inside", "4111 111111111111", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ValidCard([]byte(c.in)); got != c.valid {
				t.Errorf("ValidCard(%q) = %v, want %v", c.in, got, c.valid)
			}
		})
	}
}

func TestValidCardCatchesEverySingleDigitChange(t *testing.T) {
	for _, valid := range []string{"4242424242424242", "378282246310005", "6205500000000000004"} {
		for _, v := range singleCharChanges(valid) {
			if ValidCard([]byte(v)) {
				t.Errorf("%q, one digit away from %q, validates", v, valid)
			}
		}
	}
}

func BenchmarkValidCard(b *testing.B) {
	for _, in := range []string{"4242424242424242", "6205500000000000004", "4242424242424241", "1234567812345670"} {
		v := []byte(in)
		b.Run(in+"/"+map[bool]string{true: "valid", false: "invalid"}[ValidCard(v)], func(b *testing.B) {
			b.SetBytes(int64(len(v)))
			b.ReportAllocs()
			for b.Loop() {
				ValidCard(v)
			}
		})
	}
}
