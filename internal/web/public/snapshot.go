package public

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// doc is one rendered answer, served from memory as it is.
type doc struct {
	body  []byte
	ctype string
	// etag is quoted; it is the content's hash, so two renders of the same
	// content (a re-render every half minute) keep their ETag.
	etag     string
	modified string // Last-Modified, http.TimeFormat
	cache    string // Cache-Control
	status   int
	// cors marks the machine-readable documents other sites may read.
	cors bool
	// length is body's length, formatted once.
	length string
}

func newDoc(body []byte, ctype, cache string, modified time.Time, status int) *doc {
	sum := sha256.Sum256(body)
	d := &doc{body: body, ctype: ctype, cache: cache, status: status,
		etag: `"` + hex.EncodeToString(sum[:12]) + `"`, length: strconv.Itoa(len(body))}
	if !modified.IsZero() {
		d.modified = modified.UTC().Format(http.TimeFormat)
	}
	return d
}

// snapshot is the whole site at one moment: every cached answer by path,
// and what the dynamic handlers need of the site.
type snapshot struct {
	docs map[string]*doc
	// notFound and forms by language: the 404 page, the forms' answers.
	notFound   map[string]*doc
	checkDone  map[string]*doc
	subDone    map[string]*doc
	site       *publish.Site
	defaultLan string
	// rendered is when: the status history's days move at midnight.
	rendered time.Time
}

// doc finds the cached answer for a path.
func (sn *snapshot) doc(path string) *doc { return sn.docs[path] }

// lang is the site language a path starts with, else the default.
func (sn *snapshot) lang(path string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	for _, l := range publish.Languages {
		if first == l {
			return l
		}
	}
	return sn.defaultLan
}

// serve writes d, or 304 when the client holds the same version.
func serveDoc(w http.ResponseWriter, r *http.Request, d *doc) {
	h := w.Header()
	h.Set("Content-Type", d.ctype)
	h.Set("Cache-Control", d.cache)
	if d.etag != "" {
		h.Set("ETag", d.etag)
	}
	if d.modified != "" {
		h.Set("Last-Modified", d.modified)
	}
	if d.cors {
		setCORS(h)
	}
	if d.status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) && notModified(r, d) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", d.length)
	w.WriteHeader(d.status)
	if r.Method != http.MethodHead {
		w.Write(d.body)
	}
}

// notModified follows RFC 9110 13.2.2: If-None-Match wins over
// If-Modified-Since.
func notModified(r *http.Request, d *doc) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == d.etag || tag == "*" {
				return true
			}
		}
		return false
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || d.modified == "" {
		return false
	}
	since, err := http.ParseTime(ims)
	if err != nil {
		return false
	}
	mod, err := http.ParseTime(d.modified)
	return err == nil && !mod.After(since)
}
