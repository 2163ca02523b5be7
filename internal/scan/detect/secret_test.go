package detect

import (
	"strings"
	"testing"
)

// Token-shaped test values are put together at run time, so that secret
// scanners do not mistake this file for a leak.
func token(parts ...string) string { return strings.Join(parts, "") }

var (
	testAWSKey    = token("AKIA", "IOSFODNN7EXAMPLE")
	testGitHubPAT = token("gh", "p_", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5")
	testJWT       = token("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".",
		"eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ", ".",
		"SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c")
)

func TestSecretKind(t *testing.T) {
	alnum := "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9wY1"
	for _, tc := range []struct {
		name string
		tok  string
		want string
	}{
		{"an AWS access key ID", testAWSKey, "aws_access_key"},
		{"a temporary AWS access key ID", token("ASIA", "Y34FZKBOKMUTVV7A"), "aws_access_key"},
		{"an AWS key one character short", token("AKIA", "IOSFODNN7EXAMPL"), ""},
		{"an AWS key with a digit outside base32", token("AKIA", "IOSFODNN1EXAMPLE"), ""},
		{"an AWS key in lower case", strings.ToLower(testAWSKey), ""},
		{"a GitHub personal access token", testGitHubPAT, "github_token"},
		{"a GitHub OAuth token", token("gh", "o_", alnum[:36]), "github_token"},
		{"a GitHub app server token", token("gh", "s_", alnum[:36]), "github_token"},
		{"a GitHub token one short", token("gh", "p_", alnum[:35]), ""},
		{"an unknown GitHub prefix", token("gh", "x_", alnum[:36]), ""},
		{"a fine-grained GitHub token", token("github", "_pat_", alnum[:22], "_", alnum, alnum[:14]), "github_token"},
		{"a Slack bot token", token("xo", "xb-", "123456789012-1234567890123-", alnum[:24]), "slack_token"},
		{"a Slack user token", token("xo", "xp-", "123456789012-123456789012-123456789012-", "0123456789abcdef0123456789abcdef"), "slack_token"},
		{"a Slack token without its secret", token("xo", "xb-", "123456789012-1234567890123"), ""},
		{"a Slack token with letters in the first ID", token("xo", "xb-", "12345678901a-1234567890123-", alnum[:24]), ""},
		{"a live Stripe secret key", token("sk", "_live_", alnum[:24]), "stripe_key"},
		{"a live Stripe restricted key", token("rk", "_live_", alnum[:30]), "stripe_key"},
		{"a Stripe test key is not a customer's secret", token("sk", "_test_", alnum[:24]), ""},
		{"a Stripe publishable key is public", token("pk", "_live_", alnum[:24]), ""},
		{"a Stripe key too short", token("sk", "_live_", alnum[:20]), ""},
		{"a JSON Web Token", testJWT, "jwt"},
		{"a JWT without signature", strings.TrimSuffix(testJWT, "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"), ""},
		{"a JWT whose header has no alg", token("eyJ0eXAiOiJKV1QifQ", ".", "eyJzdWIiOiIxIn0", ".", "c2lnbmF0dXJl"), ""},
		{"three parts whose header is no JSON", token("eyJub3QganNvbg", ".", "eyJzdWIiOiIxIn0", ".", "c2lnbmF0dXJl"), ""},
		{"two parts", token("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".", "eyJzdWIiOiIxIn0"), ""},
		{"a UUID", "123e4567-e89b-12d3-a456-426614174000", ""},
		{"a SHA-1 digest", "da39a3ee5e6b4b0d3255bfef95601890afd80709", ""},
		{"a SHA-256 digest", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ""},
		{"a long word", "supercalifragilisticexpialidocious", ""},
		{"an order number", "ORD-2026-000123456789", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SecretKind([]byte(tc.tok)); got != tc.want {
				t.Errorf("SecretKind(%q) = %q, want %q", tc.tok, got, tc.want)
			}
		})
	}
}

// pem writes a PEM block with a body of n base64 lines.
func pem(begin, end string, headers string, n int) string {
	var b strings.Builder
	b.WriteString("-----BEGIN " + begin + "-----\n" + headers)
	for range n {
		b.WriteString("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n")
	}
	b.WriteString("-----END " + end + "-----")
	return b.String()
}

func TestPrivateKeyBlock(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		after string // text after the block
		want  bool
	}{
		{"an RSA private key", pem("RSA PRIVATE KEY", "RSA PRIVATE KEY", "", 10), "\nmore text", true},
		{"a PKCS#8 private key", pem("PRIVATE KEY", "PRIVATE KEY", "", 10), "", true},
		{"an EC private key", pem("EC PRIVATE KEY", "EC PRIVATE KEY", "", 3), "\n", true},
		{"a DSA private key", pem("DSA PRIVATE KEY", "DSA PRIVATE KEY", "", 8), "\n", true},
		{"an OpenSSH private key", pem("OPENSSH PRIVATE KEY", "OPENSSH PRIVATE KEY", "", 6), "\n", true},
		{"an encrypted PKCS#8 key", pem("ENCRYPTED PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "", 12), "\n", true},
		{"a legacy encrypted RSA key with headers", pem("RSA PRIVATE KEY", "RSA PRIVATE KEY",
			"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89D3F2E7A5A3C5C6B1\n\n", 10), "\n", true},
		{"CRLF line ends", strings.ReplaceAll(pem("PRIVATE KEY", "PRIVATE KEY", "", 4), "\n", "\r\n"), "\r\n", true},
		{"a public key is no secret", pem("PUBLIC KEY", "PUBLIC KEY", "", 6), "", false},
		{"a certificate is no secret", pem("CERTIFICATE", "CERTIFICATE", "", 6), "", false},
		{"an END of another label", pem("RSA PRIVATE KEY", "PRIVATE KEY", "", 6), "", false},
		{"no END line", strings.TrimSuffix(pem("PRIVATE KEY", "PRIVATE KEY", "", 6), "-----END PRIVATE KEY-----"), "", false},
		{"an empty body", pem("PRIVATE KEY", "PRIVATE KEY", "", 0), "", false},
		{"prose inside the markers", "-----BEGIN PRIVATE KEY-----\nput your key here, then save!\n-----END PRIVATE KEY-----", "", false},
		{"a marker in the middle of a sentence", "see -----BEGIN PRIVATE KEY----- above", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, ok := PrivateKeyBlock([]byte(tc.text + tc.after))
			if ok != tc.want || ok && n != len(tc.text) {
				t.Errorf("PrivateKeyBlock = %d, %v; want %d, %v", n, ok, len(tc.text), tc.want)
			}
		})
	}
}

func BenchmarkSecretKind(b *testing.B) {
	for _, bc := range []struct{ name, tok string }{
		{"aws", testAWSKey},
		{"jwt", testJWT},
		{"random token", "d41d8cd98f00b204e9800998ecf8427e"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tok := []byte(bc.tok)
			b.ReportAllocs()
			for b.Loop() {
				SecretKind(tok)
			}
		})
	}
}
