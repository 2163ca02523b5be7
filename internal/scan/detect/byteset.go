package detect

// byteSet is a set of bytes as a table. Hash and token validation checks
// every byte of long values; a table lookup costs a fraction of a call to
// a predicate through a func value.
type byteSet [256]bool

func setOf(in func(byte) bool) *byteSet {
	var s byteSet
	for c := range 256 {
		s[c] = in(byte(c))
	}
	return &s
}

// all reports whether every byte of b is in the set.
func (s *byteSet) all(b []byte) bool {
	for _, c := range b {
		if !s[c] {
			return false
		}
	}
	return true
}

var (
	crypt64Bytes       = setOf(isCrypt64)
	base64StdBytes     = setOf(isBase64Std)
	base64URLBytes     = setOf(isBase64URL)
	asciiAlnumBytes    = setOf(isASCIIAlnum)
	tokenWordByteBytes = setOf(isTokenWordByte)
)
