package web

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// harmlessTypes are the content types an attachment keeps on download:
// ones a browser shows without running anything. Everything else (HTML,
// SVG, scripts) goes out as application/octet-stream, and every download
// is an attachment, never shown inside the desk.
var harmlessTypes = map[string]bool{
	"application/pdf": true, "image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true,
	"text/plain": true, "text/csv": true, "application/zip": true, "application/json": true,
	"message/rfc822": true, "application/vnd.tcpdump.pcap": true,
}

// handleAttachmentDownload sends an attachment of a timeline entry. The
// service puts the download on the audit trail: evidence often holds
// personal data.
func (s *Server) handleAttachmentDownload(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "incident")
	if err != nil {
		return err
	}
	attID, err := pathID(r, "att", "attachment")
	if err != nil {
		return err
	}
	att, data, err := s.cfg.Incidents.Attachment(r.Context(), c.Actor, id, attID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", downloadType(att))
	h.Set("Content-Disposition", contentDisposition(att.Name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(data)
	return nil
}

func downloadType(att *incident.Attachment) string {
	mt, params, err := mime.ParseMediaType(att.ContentType)
	if err != nil || !harmlessTypes[mt] {
		return "application/octet-stream"
	}
	if cs := params["charset"]; strings.HasPrefix(mt, "text/") && cs != "" {
		if typ := mime.FormatMediaType(mt, map[string]string{"charset": cs}); typ != "" {
			return typ
		}
	}
	return mt
}

// contentDisposition offers name as the file name of a download: as a
// (quoted, escaped) filename for an ASCII name; otherwise with an ASCII
// fallback and the full name as filename* (RFC 5987).
func contentDisposition(name string) string {
	if name == "" {
		return "attachment"
	}
	plain := mime.FormatMediaType("attachment", map[string]string{"filename": asciiFileName(name)})
	if plain == "" {
		return "attachment"
	}
	if isPlainASCII(name) {
		if v := mime.FormatMediaType("attachment", map[string]string{"filename": name}); v != "" {
			return v
		}
		return plain
	}
	full := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if ext, ok := strings.CutPrefix(full, "attachment; filename*="); ok {
		return plain + "; filename*=" + ext
	}
	return plain
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// asciiFileName replaces what is not printable ASCII in name by "_", for
// clients that do not read filename*.
func asciiFileName(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '_'
		}
		return r
	}, name)
}
