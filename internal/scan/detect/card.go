package detect

// Payment card numbers (ISO/IEC 7812): 13 to 19 digits whose last digit is
// the Luhn check digit, starting with a prefix (IIN range) of a card
// network at a length the network issues.

// cardRange is one IIN range: the first six digits between lo and hi, at
// the lengths whose bits are set in lengths.
type cardRange struct {
	lo, hi  int
	lengths uint32
}

// cardLengths returns the bit set of the lengths from shortest to longest.
func cardLengths(shortest, longest int) uint32 { return 1<<(longest+1) - 1<<shortest }

var cardRanges = [...]cardRange{
	{400000, 499999, 1<<13 | 1<<16 | 1<<19}, // Visa
	{510000, 559999, 1 << 16},               // Mastercard
	{222100, 272099, 1 << 16},               // Mastercard 2-series
	{340000, 349999, 1 << 15},               // American Express
	{370000, 379999, 1 << 15},               // American Express
	{601100, 601199, cardLengths(16, 19)},   // Discover
	{644000, 659999, cardLengths(16, 19)},   // Discover 644-649, 65
	{352800, 358999, cardLengths(16, 19)},   // JCB
	{620000, 629999, cardLengths(16, 19)},   // UnionPay
	{300000, 305999, cardLengths(14, 19)},   // Diners Club
	{360000, 369999, cardLengths(14, 19)},   // Diners Club
	{380000, 389999, cardLengths(14, 19)},   // Diners Club
	{500000, 509999, cardLengths(13, 19)},   // Maestro
	{560000, 589999, cardLengths(13, 19)},   // Maestro
	{630400, 630499, cardLengths(13, 19)},   // Maestro
	{675900, 675999, cardLengths(13, 19)},   // Maestro
	{676770, 676770, cardLengths(13, 19)},   // Maestro
	{676774, 676774, cardLengths(13, 19)},   // Maestro
}

// ValidCard reports whether digits (13-19 digits) is a payment card
// number: Luhn and a known issuer range (Visa 4; Mastercard 51-55,
// 2221-2720; Amex 34, 37; Discover 6011, 644-649, 65; JCB 3528-3589;
// UnionPay 62; Diners 300-305, 36, 38; Maestro 50, 56-58, 6304, 6759,
// 676770, 676774) with lengths valid for that issuer.
func ValidCard(digits []byte) bool {
	n := len(digits)
	if n < 13 || n > 19 || !isDigits(digits) || !cardIssued(decimal(digits[:6]), n) {
		return false
	}
	return luhnSum(digits)%10 == 0
}

// cardIssued reports whether a network issues numbers of length n that
// start with the six digits iin.
func cardIssued(iin, n int) bool {
	for _, r := range cardRanges {
		if iin >= r.lo && iin <= r.hi {
			return r.lengths&(1<<n) != 0
		}
	}
	return false
}

// luhnDoubled is 2*d with its digits added, for d = 0-9.
var luhnDoubled = [10]int{0, 2, 4, 6, 8, 1, 3, 5, 7, 9}

// luhnSum adds the digits the Luhn way: every second digit from the right,
// starting with the last but one, doubled. A number is valid when the sum
// is a multiple of 10.
func luhnSum(digits []byte) int {
	sum := 0
	for i := len(digits) - 1; i >= 0; i -= 2 {
		sum += int(digits[i] - '0')
		if i > 0 {
			sum += luhnDoubled[digits[i-1]-'0']
		}
	}
	return sum
}
