// Package clientip tells the address a request came from, for the rate
// limits, the login throttle and the audit trail of both listeners (the
// desk and the public site), so that the two cannot drift apart.
package clientip

import (
	"net"
	"net/http"
	"strings"
)

// Of is r's client address. Behind a trusted proxy it is the last
// X-Forwarded-For entry, the one the proxy itself appended: the entries
// before it are whatever the client sent, so taking the first would let
// anyone pick the address a throttle counts. Otherwise it is the host of
// the connection's remote address.
func Of(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if fwd := r.Header.Values("X-Forwarded-For"); len(fwd) > 0 {
			last := fwd[len(fwd)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := strings.TrimSpace(last); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
