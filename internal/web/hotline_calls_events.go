package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// sseHeartbeat is how often an idle stream sends a comment, so that
// proxies keep it open and a dead browser is noticed.
const sseHeartbeat = 20 * time.Second

// sseWriteWindow is how long one write of the stream may take; the
// server's write timeout, meant for pages, is pushed on before each.
const sseWriteWindow = time.Minute

// callEvent is what a console learns of a call: which call and its state.
// Never a number or a name: the console asks the server for the caller.
type callEvent struct {
	CallID string `json:"call_id"`
	State  string `json:"state"`
}

// handleHotlineCallEvents streams the incident's call notices to a console
// as Server-Sent Events ("event: call"), with heartbeats, until the
// browser goes away.
func (s *Server) handleHotlineCallEvents(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, nil, "")
	if err != nil {
		return err
	}
	notices, cancel, err := s.cfg.Hotline.Subscribe(r.Context(), c.Actor, id)
	if err != nil {
		return err
	}
	defer cancel()
	rc := http.NewResponseController(w)
	// The stream outlives the server's write timeout; each write pushes
	// the deadline on (not every ResponseWriter supports it: tests').
	_ = rc.SetWriteDeadline(time.Now().Add(sseWriteWindow))
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if _, err := fmt.Fprint(w, "retry: 5000\n: connected\n\n"); err != nil {
		return nil
	}
	if rc.Flush() != nil {
		return nil
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	for {
		var msg string
		select {
		case <-r.Context().Done():
			return nil
		case n, ok := <-notices:
			if !ok {
				return nil
			}
			data, err := json.Marshal(callEvent{CallID: n.CallID, State: string(n.State)})
			if err != nil {
				return nil
			}
			msg = "event: call\ndata: " + string(data) + "\n\n"
		case <-beat.C:
			msg = ": heartbeat\n\n"
		}
		_ = rc.SetWriteDeadline(time.Now().Add(sseWriteWindow))
		if _, err := fmt.Fprint(w, msg); err != nil {
			return nil
		}
		if rc.Flush() != nil {
			return nil
		}
	}
}
