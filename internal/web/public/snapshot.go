package public

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/publish"
)

// doc is one rendered answer, served from memory as it is. Its header
// values are built once, as the slices http.Header holds, so that serving
// it allocates next to nothing: a press-release spike is served by the
// thousand per second (docs/benchmarks.md).
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
	// gz is body compressed with gzip, kept when that saves enough to be
	// worth it (nil otherwise), with its own ETag: another representation.
	gz       []byte
	gzETag   string
	gzLength string
	// fixed holds the header values every answer of this doc carries.
	fixed http.Header
}

// gzipMin is the size below which compressing is not worth a header.
const gzipMin = 1024

func newDoc(body []byte, ctype, cache string, modified time.Time, status int) *doc {
	sum := sha256.Sum256(body)
	d := &doc{body: body, ctype: ctype, cache: cache, status: status,
		etag: `"` + hex.EncodeToString(sum[:12]) + `"`, length: strconv.Itoa(len(body))}
	if !modified.IsZero() {
		d.modified = modified.UTC().Format(http.TimeFormat)
	}
	if len(body) >= gzipMin {
		if gz := gzipped(body); len(gz) < len(body)*9/10 {
			d.gz, d.gzLength = gz, strconv.Itoa(len(gz))
			d.gzETag = strings.TrimSuffix(d.etag, `"`) + `-gz"`
		}
	}
	return d
}

// gzipped compresses b at the best level: it is done once per render.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// headers builds the fixed header values once d is complete (cors set).
func (d *doc) headers() http.Header {
	h := http.Header{"Content-Type": {d.ctype}, "Cache-Control": {d.cache}}
	if d.modified != "" {
		h["Last-Modified"] = []string{d.modified}
	}
	if d.gz != nil {
		h["Vary"] = []string{"Accept-Encoding"}
	}
	if d.cors {
		setCORS(h)
	}
	return h
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

// fixHeaders builds every doc's fixed header values, once the snapshot is
// complete and before it is served.
func (sn *snapshot) fixHeaders() {
	for _, m := range []map[string]*doc{sn.docs, sn.notFound, sn.checkDone, sn.subDone} {
		for _, d := range m {
			d.fixed = d.headers()
		}
	}
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
	fixed := d.fixed
	if fixed == nil {
		fixed = d.headers()
	}
	for k, v := range fixed {
		h[k] = v
	}
	body, etag, length := d.body, d.etag, d.length
	if d.gz != nil && acceptsGzip(r) {
		body, etag, length = d.gz, d.gzETag, d.gzLength
		h["Content-Encoding"] = gzipEncoding
	}
	if etag != "" {
		h["Etag"] = []string{etag}
	}
	if d.status == http.StatusOK && (r.Method == http.MethodGet || r.Method == http.MethodHead) && notModified(r, d, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = []string{length}
	w.WriteHeader(d.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

var gzipEncoding = []string{"gzip"}

// acceptsGzip reports whether the client takes gzip (every browser does);
// "gzip;q=0" is a refusal.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header["Accept-Encoding"] {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// notModified follows RFC 9110 13.2.2: If-None-Match wins over
// If-Modified-Since.
func notModified(r *http.Request, d *doc, etag string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
			if tag == etag || tag == "*" {
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
