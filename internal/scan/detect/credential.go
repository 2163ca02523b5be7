package detect

// Credentials: password hashes in the formats of crypt(3), PHC strings and
// Django, and passwords written into configuration (password=..., "pwd":
// "...", <password>...</password>).
//
// Raw hex digests (an MD5 or SHA-1 of 32 or 40 hex digits) are not taken
// for hashes here: they are file checksums and cache keys as often as
// passwords. They count only as values of a password column, which the
// scanner handles.

import (
	"bytes"
	"encoding/binary"
)

// HashKind returns the kind of a password hash token: bcrypt, md5_crypt,
// sha256_crypt, sha512_crypt, yescrypt, argon2, scrypt, pbkdf2; "" if it
// is none.
func HashKind(tok []byte) string {
	if kind, ok := bcryptKind(tok); ok {
		return kind
	}
	return hashKindByParts(tok)
}

// bcryptLen is the length of a bcrypt hash: "$2b$10$", then 53
// characters of salt and digest.
const bcryptLen = 60

// bcryptKind answers a token of bcrypt's shape, the hash of most leaked
// user tables, without cutting it into parts: "$2" and one of a, b, x
// or y, '$', two digits, '$' and 53 bytes of crypt's base64 (which has
// no '$'). hashKindByParts would cut it into "", "2b", the cost and the
// rest, and check the same. ok is false for any other token.
func bcryptKind(tok []byte) (kind string, ok bool) {
	if len(tok) != bcryptLen || string(tok[:2]) != "$2" || tok[3] != '$' || tok[6] != '$' ||
		!isDigit(tok[4]) || !isDigit(tok[5]) || !allCrypt64(tok[7:]) {
		return "", false
	}
	switch tok[2] {
	case 'a', 'b', 'x', 'y':
		cost := decimal(tok[4:6])
		return kindIf(cost >= 4 && cost <= 31, "bcrypt"), true
	}
	return "", false
}

// allCrypt64 is crypt64Bytes.all eight bytes at a time: crypt's base64
// is the letters and the range '.' to '9' ("./0123456789"). A value of
// eight bytes or more ends with a word that overlaps the one before.
func allCrypt64(b []byte) bool {
	if len(b) < 8 {
		return crypt64Bytes.all(b)
	}
	var bad uint64
	for i := 0; i < len(b)-8; i += 8 {
		bad |= notCrypt64(binary.LittleEndian.Uint64(b[i:]))
	}
	return bad|notCrypt64(binary.LittleEndian.Uint64(b[len(b)-8:])) == 0
}

// notCrypt64 sets the top bit of each byte of w that is not crypt's
// base64. Only the top bits of the sums count: each byte's low seven
// bits plus less than 0x80 cannot carry into the next byte.
func notCrypt64(w uint64) uint64 {
	t := w & byteLow7           // a byte with its top bit set is none anyway
	folded := t | 0x20*byteOnes // 'A'-'Z' to 'a'-'z'; no other byte lands there
	letter := (folded + (0x80-'a')*byteOnes) &^ (folded + (0x80-'z'-1)*byteOnes)
	dotToNine := (t + (0x80-'.')*byteOnes) &^ (t + (0x80-'9'-1)*byteOnes)
	return (w | ^(letter | dotToNine)) & byteHigh
}

// hashKindByParts is HashKind for any token: it cuts the token at '$'.
func hashKindByParts(tok []byte) string {
	var parts [8][]byte
	n := splitDollar(tok, &parts)
	if n < 2 {
		return ""
	}
	if len(parts[0]) > 0 {
		return djangoHash(parts[:n])
	}
	return cryptHash(parts[1:n])
}

// splitDollar cuts tok at '$' into at most len(parts) parts; it returns 0
// when there are more.
func splitDollar(tok []byte, parts *[8][]byte) int {
	n, start := 0, 0
	for i := 0; i <= len(tok); i++ {
		if i < len(tok) && tok[i] != '$' {
			continue
		}
		if n == len(parts) {
			return 0
		}
		parts[n] = tok[start:i]
		n++
		start = i + 1
	}
	return n
}

// cryptHash reads "$id$...": the parts after the leading '$'.
func cryptHash(p [][]byte) string {
	switch id := string(p[0]); id {
	case "2a", "2b", "2y", "2x":
		return kindIf(bcryptHash(p[1:]), "bcrypt")
	case "1", "apr1":
		return kindIf(shaCryptHash(p[1:], 8, 22, false), "md5_crypt")
	case "5":
		return kindIf(shaCryptHash(p[1:], 16, 43, true), "sha256_crypt")
	case "6":
		return kindIf(shaCryptHash(p[1:], 16, 86, true), "sha512_crypt")
	case "y":
		return kindIf(len(p) == 4 && len(p[1]) > 0 && crypt64Bytes.all(p[1]) && crypt64Bytes.all(p[2]) &&
			len(p[3]) == 43 && crypt64Bytes.all(p[3]), "yescrypt")
	case "7":
		return kindIf(len(p) == 3 && len(p[1]) >= 12 && crypt64Bytes.all(p[1]) && len(p[2]) == 43 && crypt64Bytes.all(p[2]), "scrypt")
	case "argon2id", "argon2i", "argon2d":
		return kindIf(phcHash(p[1:], "m", "t", "p"), "argon2")
	case "scrypt":
		return kindIf(phcHash(p[1:], "ln", "r", "p"), "scrypt")
	case "pbkdf2", "pbkdf2-sha256", "pbkdf2-sha512":
		return kindIf(len(p) == 4 && isDigits(p[1]) && saltAndDigest(p[2], p[3], crypt64Bytes), "pbkdf2")
	}
	return ""
}

func kindIf(ok bool, kind string) string {
	if ok {
		return kind
	}
	return ""
}

// bcryptHash: a two-digit cost 04-31, then 22 characters of salt and 31
// of digest in bcrypt's base64.
func bcryptHash(p [][]byte) bool {
	if len(p) != 2 || len(p[0]) != 2 || !isDigits(p[0]) || len(p[1]) != 53 {
		return false
	}
	cost := decimal(p[0])
	return cost >= 4 && cost <= 31 && crypt64Bytes.all(p[1])
}

// shaCryptHash: [rounds=N$]salt$digest, the salt up to maxSalt characters,
// the digest exactly digestLen, all in crypt's base64.
func shaCryptHash(p [][]byte, maxSalt, digestLen int, rounds bool) bool {
	if rounds && len(p) == 3 && bytes.HasPrefix(p[0], []byte("rounds=")) && isDigits(p[0][len("rounds="):]) {
		p = p[1:]
	}
	return len(p) == 2 && len(p[0]) <= maxSalt && crypt64Bytes.all(p[0]) &&
		len(p[1]) == digestLen && crypt64Bytes.all(p[1])
}

// phcHash: a PHC string's [v=N$]params$salt$digest, the parameters named
// in order ("m=65536,t=3,p=4").
func phcHash(p [][]byte, params ...string) bool {
	if len(p) == 4 && bytes.HasPrefix(p[0], []byte("v=")) && isDigits(p[0][2:]) {
		p = p[1:]
	}
	if len(p) != 3 || !phcParams(p[0], params) {
		return false
	}
	return saltAndDigest(p[1], p[2], base64StdBytes)
}

func phcParams(s []byte, names []string) bool {
	for i, name := range names {
		if !bytes.HasPrefix(s, []byte(name)) || len(s) <= len(name) || s[len(name)] != '=' {
			return false
		}
		s = s[len(name)+1:]
		n := 0
		for n < len(s) && isDigit(s[n]) {
			n++
		}
		if n == 0 {
			return false
		}
		s = s[n:]
		if i < len(names)-1 {
			if len(s) == 0 || s[0] != ',' {
				return false
			}
			s = s[1:]
		}
	}
	return len(s) == 0 || s[0] == ','
}

func saltAndDigest(salt, digest []byte, ok *byteSet) bool {
	return len(salt) >= 4 && ok.all(salt) && len(digest) >= 16 && ok.all(digest)
}

// djangoHash reads Django's "algorithm$iterations$salt$digest" and its
// wrapped PHC strings ("argon2$argon2id$...").
func djangoHash(p [][]byte) string {
	switch string(p[0]) {
	case "pbkdf2_sha256", "pbkdf2_sha1", "pbkdf2_sha512":
		ok := len(p) == 4 && isDigits(p[1]) && len(p[2]) >= 4 && crypt64Bytes.all(p[2]) &&
			len(p[3]) >= 20 && base64StdBytes.all(p[3])
		return kindIf(ok, "pbkdf2")
	case "argon2":
		if len(p) > 2 && len(p[1]) > 0 {
			return kindIf(cryptHash(p[1:]) == "argon2", "argon2")
		}
	case "bcrypt_sha256", "bcrypt":
		if len(p) > 2 && len(p[1]) == 0 {
			return kindIf(cryptHash(p[2:]) == "bcrypt", "bcrypt")
		}
	}
	return ""
}

// isCrypt64 is the alphabet of crypt(3)'s base64 (and passlib's "ab64").
func isCrypt64(c byte) bool { return isASCIIAlnum(c) || c == '.' || c == '/' }

// isBase64Std is standard base64, with padding.
func isBase64Std(c byte) bool { return isASCIIAlnum(c) || c == '+' || c == '/' || c == '=' }
