package web

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"
)

// A CRM export is uploaded once and imported after the user has mapped
// its columns, one page later. In between the file is held in memory,
// under a random token, for the user and incident that uploaded it only,
// and for a short while: it holds the company's customer records, so it
// must not land on disk unencrypted, and asking the user to choose the
// file a second time (a browser cannot fill a file input) invites picking
// another one. A restart forgets held files; the user uploads again.

// heldFileTTL is how long a held export waits for its mapping.
const heldFileTTL = 30 * time.Minute

// heldFile is one upload waiting for its column mapping.
type heldFile struct {
	userID, incidentID int64
	name               string
	data               []byte
	expires            time.Time
}

// heldFiles keeps uploads, bounded in total size: the oldest go first.
type heldFiles struct {
	mu       sync.Mutex
	files    map[string]*heldFile
	maxBytes int64
	now      func() time.Time
}

func newHeldFiles(maxBytes int64) *heldFiles {
	return &heldFiles{files: map[string]*heldFile{}, maxBytes: maxBytes, now: time.Now}
}

// put holds data for the user and incident and returns its token.
func (h *heldFiles) put(userID, incidentID int64, name string, data []byte) string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	token := hex.EncodeToString(b)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropExpired()
	for h.size()+int64(len(data)) > h.maxBytes && len(h.files) > 0 {
		h.dropOldest()
	}
	h.files[token] = &heldFile{userID: userID, incidentID: incidentID, name: name, data: data, expires: h.now().Add(heldFileTTL)}
	return token
}

// get returns the held file of token when the same user and incident
// uploaded it and it has not expired.
func (h *heldFiles) get(token string, userID, incidentID int64) (*heldFile, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropExpired()
	f, ok := h.files[token]
	if !ok || f.userID != userID || f.incidentID != incidentID {
		return nil, false
	}
	return f, true
}

// drop forgets the file of token, once imported.
func (h *heldFiles) drop(token string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.files, token)
}

func (h *heldFiles) dropExpired() {
	now := h.now()
	for token, f := range h.files {
		if now.After(f.expires) {
			delete(h.files, token)
		}
	}
}

func (h *heldFiles) dropOldest() {
	var oldest string
	for token, f := range h.files {
		if oldest == "" || f.expires.Before(h.files[oldest].expires) {
			oldest = token
		}
	}
	delete(h.files, oldest)
}

func (h *heldFiles) size() int64 {
	var n int64
	for _, f := range h.files {
		n += int64(len(f.data))
	}
	return n
}
