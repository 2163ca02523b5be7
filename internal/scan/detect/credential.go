package detect

// Credentials: password hashes in the formats of crypt(3), PHC strings and
// Django, and passwords written into configuration (password=..., "pwd":
// "...", <password>...</password>).
//
// Raw hex digests (an MD5 or SHA-1 of 32 or 40 hex digits) are not taken
// for hashes here: they are file checksums and cache keys as often as
// passwords. They count only as values of a password column, which the
// scanner handles.

import "bytes"

// HashKind returns the kind of a password hash token: bcrypt, md5_crypt,
// sha256_crypt, sha512_crypt, yescrypt, argon2, scrypt, pbkdf2; "" if it
// is none.
func HashKind(tok []byte) string {
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
