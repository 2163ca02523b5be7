package detect

// Secrets: API keys and tokens whose shape their issuer publishes, JSON Web
// Tokens, and PEM private key blocks. Only exact shapes count: UUIDs, hex
// digests and random words have no prefix of a known issuer.
//
// Stripe test-mode keys (sk_test_...) are left out on purpose: they reach
// only a sandbox with made-up data, never a customer's money or personal
// data, and they are pasted into public docs and samples by the thousand.
// Publishable keys (pk_live_...) are public by design.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
)

// SecretKind returns the kind of a token with a known secret shape, ""
// otherwise: aws_access_key, github_token, slack_token, stripe_key, jwt.
func SecretKind(tok []byte) string {
	switch {
	case awsAccessKey(tok):
		return "aws_access_key"
	case githubToken(tok):
		return "github_token"
	case slackToken(tok):
		return "slack_token"
	case stripeKey(tok):
		return "stripe_key"
	case jwt(tok):
		return "jwt"
	}
	return ""
}

// awsAccessKey: AKIA (long-term) or ASIA (temporary) and 16 base32
// characters.
func awsAccessKey(t []byte) bool {
	if len(t) != 20 || !bytes.HasPrefix(t, []byte("AKIA")) && !bytes.HasPrefix(t, []byte("ASIA")) {
		return false
	}
	for _, c := range t[4:] {
		if !isUpper(c) && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// githubToken: ghp_, gho_, ghu_, ghs_ or ghr_ and 36 letters and digits;
// a fine-grained token is github_pat_ and 82 letters, digits and '_'.
func githubToken(t []byte) bool {
	if bytes.HasPrefix(t, []byte("github_pat_")) {
		return len(t) == 11+82 && tokenWordByteBytes.all(t[11:])
	}
	if len(t) != 40 || t[0] != 'g' || t[1] != 'h' || t[3] != '_' || bytes.IndexByte([]byte("pousr"), t[2]) < 0 {
		return false
	}
	return asciiAlnumBytes.all(t[4:])
}

// slackToken: xoxb-, xoxp-, xoxa-, xoxr- or xoxs-, then dash-separated
// groups: numeric IDs first, a secret of at least 16 letters and digits
// last ("xoxb-123456789012-1234567890123-AbC...").
func slackToken(t []byte) bool {
	if len(t) < 5+24 || !bytes.HasPrefix(t, []byte("xox")) || t[4] != '-' || bytes.IndexByte([]byte("bpars"), t[3]) < 0 {
		return false
	}
	groups, first, last, start := 0, 0, 0, 5
	for i := 5; i <= len(t); i++ {
		if i < len(t) && t[i] != '-' {
			if !isASCIIAlnum(t[i]) {
				return false
			}
			continue
		}
		g := t[start:i]
		if len(g) == 0 || groups == 0 && !isDigits(g) {
			return false
		}
		if groups == 0 {
			first = len(g)
		}
		groups, last, start = groups+1, len(g), i+1
	}
	return groups >= 3 && first >= 6 && last >= 16
}

// stripeKey: a live secret or restricted key, sk_live_ or rk_live_ and at
// least 24 letters and digits.
func stripeKey(t []byte) bool {
	if !bytes.HasPrefix(t, []byte("sk_live_")) && !bytes.HasPrefix(t, []byte("rk_live_")) {
		return false
	}
	return len(t) >= 8+24 && asciiAlnumBytes.all(t[8:])
}

// maxJWTHeader bounds the encoded header of a JSON Web Token; real ones
// are well under 200 bytes.
const maxJWTHeader = 1024

// jwt: three base64url parts, the first a JSON object naming its "alg".
func jwt(t []byte) bool {
	if len(t) < 20 || t[0] != 'e' || t[1] != 'y' {
		return false // a JSON object encodes to "ey..."
	}
	first := bytes.IndexByte(t, '.')
	if first < 0 || first > maxJWTHeader {
		return false
	}
	second := bytes.IndexByte(t[first+1:], '.')
	if second <= 0 {
		return false
	}
	payload, signature := t[first+1:first+1+second], t[first+2+second:]
	if len(signature) == 0 || !base64URLBytes.all(payload) || !base64URLBytes.all(signature) {
		return false
	}
	return jwtHeader(t[:first])
}

func jwtHeader(enc []byte) bool {
	if !base64URLBytes.all(enc) {
		return false
	}
	var buf [maxJWTHeader]byte
	n, err := base64.RawURLEncoding.Decode(buf[:], enc)
	if err != nil {
		return false
	}
	var header map[string]json.RawMessage
	if json.Unmarshal(buf[:n], &header) != nil {
		return false
	}
	_, ok := header["alg"]
	return ok
}

func isBase64URL(c byte) bool { return isASCIIAlnum(c) || c == '-' || c == '_' }

func isTokenWordByte(c byte) bool { return isASCIIAlnum(c) || c == '_' }

// pemPrivateKeyLabels are the labels of PEM blocks that hold a private key.
var pemPrivateKeyLabels = []string{
	"RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY",
	"ENCRYPTED PRIVATE KEY", "PRIVATE KEY", "PGP PRIVATE KEY BLOCK",
}

// maxPrivateKeyBlock bounds the search for the END line: an RSA key of
// 16384 bits is about 13 KB in PEM.
const maxPrivateKeyBlock = 64 << 10

// PrivateKeyBlock reports whether text, starting at "-----BEGIN", holds a
// PEM private key block, and returns its length up to and including the
// "-----END ...-----" line (not the line break after it). The block must
// be whole within text; its body may hold only base64 lines and the
// headers of encrypted keys (Proc-Type, DEK-Info, PGP's Version).
func PrivateKeyBlock(text []byte) (n int, ok bool) {
	label, ok := pemPrivateKeyLabel(text)
	if !ok {
		return 0, false
	}
	begin := len("-----BEGIN ") + len(label) + len("-----")
	window := text[begin:min(len(text), maxPrivateKeyBlock)]
	end := pemEnd(window, label)
	if end < 0 || !pemBody(window[:end]) {
		return 0, false
	}
	return begin + end + len("-----END ") + len(label) + len("-----"), true
}

func pemPrivateKeyLabel(text []byte) (string, bool) {
	const begin = "-----BEGIN "
	if !bytes.HasPrefix(text, []byte(begin)) {
		return "", false
	}
	rest := text[len(begin):]
	for _, label := range pemPrivateKeyLabels {
		if bytes.HasPrefix(rest, []byte(label)) && bytes.HasPrefix(rest[len(label):], []byte("-----")) {
			return label, true
		}
	}
	return "", false
}

// pemEnd finds "-----END <label>-----" and returns where it starts, or -1.
func pemEnd(window []byte, label string) int {
	for off := 0; ; {
		i := bytes.Index(window[off:], []byte("-----END "))
		if i < 0 {
			return -1
		}
		at := off + i
		rest := window[at+len("-----END "):]
		if bytes.HasPrefix(rest, []byte(label)) && bytes.HasPrefix(rest[len(label):], []byte("-----")) {
			return at
		}
		off = at + 1
	}
}

// pemBody checks the text between the BEGIN and END lines: base64 and
// line breaks, and "Name: value" header lines.
func pemBody(body []byte) bool {
	base64Bytes := 0
	for line := range bytes.Lines(body) {
		line = bytes.TrimSpace(line) // a key pasted into YAML is indented
		if len(line) == 0 {
			continue
		}
		if bytes.IndexByte(line, ':') > 0 && base64Bytes == 0 {
			continue // a header of an encrypted key or a PGP block
		}
		for _, c := range line {
			if !isASCIIAlnum(c) && c != '+' && c != '/' && c != '=' {
				return false
			}
		}
		base64Bytes += len(line)
	}
	return base64Bytes >= 32
}
