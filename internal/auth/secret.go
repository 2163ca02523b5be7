package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"
)

// NewSecret returns 32 random bytes, URL-safe base64 encoded. It is used for
// session IDs, CSRF tokens and API tokens.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on supported platforms; if it did, going on
		// would hand out guessable credentials.
		panic("auth: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret is how sessions and tokens are stored: a copy of the database
// does not let anyone log in.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Session lifetimes. A crisis team works long days, so a session survives a
// working day of idleness; a password check pending its second factor does
// not survive a coffee break.
const (
	SessionIdle     = 12 * time.Hour
	SessionMaxAge   = 7 * 24 * time.Hour
	TOTPPendingAge  = 5 * time.Minute
	sessionTouchGap = time.Minute
)

// Session is a logged-in browser.
type Session struct {
	IDHash      string
	UserID      int64
	CSRF        string
	TOTPPending bool // password checked, second factor still due
	CreatedAt   time.Time
	SeenAt      time.Time
	ExpiresAt   time.Time
	Addr        string
}

// Expired reports whether the session is over at now.
func (s *Session) Expired(now time.Time) bool {
	if !now.Before(s.ExpiresAt) {
		return true
	}
	if s.TOTPPending {
		return now.Sub(s.CreatedAt) > TOTPPendingAge
	}
	return now.Sub(s.SeenAt) > SessionIdle
}

// NeedsTouch reports whether SeenAt is stale enough to be written again;
// writing on every request would make every page view a database write.
func (s *Session) NeedsTouch(now time.Time) bool { return now.Sub(s.SeenAt) >= sessionTouchGap }

// TokenPrefix starts every API token, so a leaked one is easy to recognise in
// a log or a repository scan.
const TokenPrefix = "bd_"

// Token is an API token. Only its hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string
	Hint       string // the first characters, to tell tokens apart
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// NewToken returns a fresh token value.
func NewToken() string { return TokenPrefix + NewSecret() }

// LooksLikeToken reports whether s has the shape of a token.
func LooksLikeToken(s string) bool {
	return strings.HasPrefix(s, TokenPrefix) && len(s) == len(TokenPrefix)+43
}

// tokenHint is what a token list shows of a token.
func tokenHint(token string) string { return token[:len(TokenPrefix)+6] + "…" }
