package public

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Padding as Pwned Passwords does it: with "Add-Padding: true" the answer
// is filled with random suffixes of count 0 to a random length in this
// range, so its size does not tell how many real hashes share the prefix.
const (
	padMin = 800
	padMax = 1000
)

// passwordRange answers /range/{prefix} in the Pwned Passwords format:
// "SUFFIX:COUNT" lines for the leaked password hashes sharing the first
// five hex digits of their SHA-1 (k-anonymity: the password never comes).
func (s *Server) passwordRange(w http.ResponseWriter, r *http.Request) {
	prefix := strings.ToUpper(r.PathValue("prefix"))
	setCORS(w.Header())
	if !validPrefix(prefix) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte("The hash prefix was not in a valid format\n"))
		return
	}
	if ok, wait := s.rangeLimit.allow(s.clientAddr(r)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter(wait)))
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	rows, err := s.cfg.Publish.PasswordRange(r.Context(), prefix)
	if errs.CodeOf(err) == errs.NotFound {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.log.Error("public site: password range failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	lines := make([]string, 0, len(rows))
	seen := make(map[string]bool, len(rows))
	for _, row := range rows {
		suffix := strings.ToUpper(row.Suffix)
		seen[suffix] = true
		lines = append(lines, suffix+":"+strconv.Itoa(row.Count))
	}
	if strings.EqualFold(r.Header.Get("Add-Padding"), "true") {
		lines = pad(lines, seen)
	}
	slices.Sort(lines)
	h := w.Header()
	h.Set("Content-Type", "text/plain")
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Vary", "Add-Padding")
	body := strings.Join(lines, "\r\n")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write([]byte(body))
	}
}

func validPrefix(p string) bool {
	if len(p) != 5 {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// pad adds random suffixes with count 0 up to a random total between
// padMin and padMax lines.
func pad(lines []string, seen map[string]bool) []string {
	var n [2]byte
	rand.Read(n[:])
	target := padMin + (int(n[0])<<8|int(n[1]))%(padMax-padMin+1)
	buf := make([]byte, 18)
	for len(lines) < target {
		rand.Read(buf)
		suffix := strings.ToUpper(hex.EncodeToString(buf))[:35]
		if seen[suffix] {
			continue
		}
		seen[suffix] = true
		lines = append(lines, suffix+":0")
	}
	return lines
}
