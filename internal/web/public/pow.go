package public

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The proof of work the forms ask for under load: the server hands out a
// challenge it signed (version, issue time, random nonce, work in bits,
// HMAC), the browser's /static/pow.js finds a solution s such that
// SHA-256(challenge ":" s) starts with that many zero bits, and the server
// takes each challenge once, within powValidity.

const (
	powVersion  = "1"
	powValidity = 2 * time.Minute
	// maxSolution bounds the solution's length: a decimal counter.
	maxSolution = 20
)

var errChallenge = errors.New("public: malformed proof-of-work challenge")

// challenge is a parsed challenge; mac is not yet checked.
type challenge struct {
	issued time.Time
	nonce  string // 32 hex digits
	bits   int
	signed string // the part the MAC covers
	mac    []byte
}

// parseChallenge reads "1.<unix seconds>.<32 hex nonce>.<bits>.<64 hex mac>".
func parseChallenge(s string) (challenge, error) {
	if len(s) > 160 {
		return challenge{}, errChallenge
	}
	parts := strings.Split(s, ".")
	if len(parts) != 5 || parts[0] != powVersion {
		return challenge{}, errChallenge
	}
	unix, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || unix <= 0 || parts[1] != strconv.FormatInt(unix, 10) {
		return challenge{}, errChallenge
	}
	if len(parts[2]) != 32 || !isLowerHex(parts[2]) {
		return challenge{}, errChallenge
	}
	n, err := strconv.Atoi(parts[3])
	if err != nil || n < 1 || n > 32 || parts[3] != strconv.Itoa(n) {
		return challenge{}, errChallenge
	}
	if len(parts[4]) != 64 || !isLowerHex(parts[4]) {
		return challenge{}, errChallenge
	}
	mac, _ := hex.DecodeString(parts[4])
	return challenge{issued: time.Unix(unix, 0), nonce: parts[2], bits: n,
		signed: strings.Join(parts[:4], "."), mac: mac}, nil
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// leadingZeroBits counts the zero bits at the start of sum.
func leadingZeroBits(sum []byte) int {
	n := 0
	for _, b := range sum {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// powIssuer hands out and checks challenges.
type powIssuer struct {
	secret []byte
	bits   int
	now    func() time.Time

	mu   sync.Mutex
	used map[string]time.Time // nonce -> when it may be forgotten
}

func newPowIssuer(secret []byte, bits int, now func() time.Time) *powIssuer {
	return &powIssuer{secret: secret, bits: bits, now: now, used: map[string]time.Time{}}
}

func (p *powIssuer) sign(signed string) []byte {
	m := hmac.New(sha256.New, p.secret)
	m.Write([]byte(signed))
	return m.Sum(nil)
}

// issue returns a fresh challenge.
func (p *powIssuer) issue() string {
	nonce := make([]byte, 16)
	rand.Read(nonce)
	signed := powVersion + "." + strconv.FormatInt(p.now().Unix(), 10) + "." + hex.EncodeToString(nonce) + "." + strconv.Itoa(p.bits)
	return signed + "." + hex.EncodeToString(p.sign(signed))
}

// verify reports whether solution solves a challenge this issuer signed,
// in time, and not used before; it marks the challenge used.
func (p *powIssuer) verify(raw, solution string) bool {
	c, err := parseChallenge(raw)
	if err != nil || len(solution) == 0 || len(solution) > maxSolution {
		return false
	}
	if !hmac.Equal(c.mac, p.sign(c.signed)) || c.bits < p.bits {
		return false
	}
	now := p.now()
	if now.Sub(c.issued) > powValidity || c.issued.Sub(now) > 5*time.Second {
		return false
	}
	sum := sha256.Sum256([]byte(raw + ":" + solution))
	if leadingZeroBits(sum[:]) < c.bits {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, until := range p.used {
		if now.After(until) {
			delete(p.used, k)
		}
	}
	if _, seen := p.used[c.nonce]; seen {
		return false
	}
	p.used[c.nonce] = c.issued.Add(powValidity + 10*time.Second)
	return true
}
