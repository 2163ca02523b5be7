package web

import (
	"net/http/httptest"
	"testing"
)

// Behind a trusted proxy the caller is the address the proxy added last;
// what a client puts in front of it must not move the login throttle or
// the audit trail's address.
func TestRemoteAddrTakesTheProxysEntry(t *testing.T) {
	for _, tc := range []struct {
		name  string
		trust bool
		xff   []string
		want  string
	}{
		{"no proxy trusted: the connection", false, []string{"203.0.113.9"}, "192.0.2.1"},
		{"one entry", true, []string{"203.0.113.9"}, "203.0.113.9"},
		{"a client's forged entry first", true, []string{"198.51.100.7, 203.0.113.9"}, "203.0.113.9"},
		{"two headers: the last one's last entry", true, []string{"198.51.100.7", "10.0.0.1, 203.0.113.9"}, "203.0.113.9"},
		{"an empty last entry: the connection", true, []string{"198.51.100.7, "}, "192.0.2.1"},
		{"no header: the connection", true, nil, "192.0.2.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &Server{cfg: Config{TrustProxy: tc.trust}}
			r := httptest.NewRequest("GET", "/login", nil)
			r.RemoteAddr = "192.0.2.1:51234"
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := s.remoteAddr(r); got != tc.want {
				t.Errorf("remoteAddr = %q, want %q", got, tc.want)
			}
		})
	}
}
