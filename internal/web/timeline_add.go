package web

import (
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Field error keys of the web layer for uploads, translated as err.<key>.
const (
	errTooManyFiles = "too_many_files"
	errFileTooLarge = "file_too_large"
)

// handleTimelineAdd writes an entry on the timeline, with attachments, or,
// with a "corrects" field, a correction of an earlier entry. Entries are
// never changed: a correction is an entry of its own that names the one it
// corrects.
func (s *Server) handleTimelineAdd(w http.ResponseWriter, r *http.Request, c *caller) error {
	inc, _, err := s.loadIncidentFor(r, c, canWrite, "write on the timeline")
	if err != nil {
		return err
	}
	if err := parseUpload(r); err != nil {
		return err
	}
	f := errs.Fields{}
	n := incident.NewEntry{
		Kind:       incident.EntryKind(r.PostFormValue("kind")),
		Text:       r.PostFormValue("text"),
		OccurredAt: parseInputTime("occurred_at", r.PostFormValue("occurred_at"), c.Loc, f),
	}
	formID := "entry"
	if v := strings.TrimSpace(r.PostFormValue("corrects")); v != "" {
		target, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil || target <= 0 {
			f.Add("corrects", errs.InvalidValue)
			target = unreadableID
		} else {
			formID = "correct-" + v
		}
		n.Corrects = &target
	}
	if n.Corrects != nil && *n.Corrects > 0 {
		s.keepCorrectedTime(r, c, inc.ID, &n)
	}
	before, _ := strconv.ParseInt(r.PostFormValue("before"), 10, 64)
	n.Attachments = readAttachments(r, f)
	e, err := s.cfg.Incidents.AddEntry(r.Context(), c.Actor, inc.ID, n)
	if err = withFormErrors(f, err); err != nil {
		ff := refusedForm(formID, r, err)
		if ff == nil {
			return err
		}
		if _, bad := ff.Errors["corrects"]; bad {
			// The entry to correct is not one a person wrote here (or not
			// one at all); there is no form to mark, so say it on top.
			ff.Problem = s.cat.T(c.Lang, "timeline.correct_refused")
		}
		if before > 0 {
			return s.showTimelinePage(w, r, c, inc.ID, before, statusOfForm(err), ff)
		}
		return s.showIncident(w, r, c, inc.ID, statusOfForm(err), ff)
	}
	anchor := "#entry-" + strconv.FormatInt(e.ID, 10)
	if n.Corrects != nil {
		seeOther(w, r, timelinePath(inc.ID, before)+anchor)
		return nil
	}
	seeOther(w, r, incidentURL(inc.ID)+"?done=entry_added"+anchor)
	return nil
}

// keepCorrectedTime gives a correction the exact time of the entry it
// corrects when the form still shows that time (the input shows minutes
// only), so that the correction stands right next to it on the timeline.
func (s *Server) keepCorrectedTime(r *http.Request, c *caller, id int64, n *incident.NewEntry) {
	orig, err := s.cfg.Incidents.Entry(r.Context(), c.Actor, id, *n.Corrects)
	if err != nil {
		return // the service names what is wrong with the target
	}
	if strings.TrimSpace(r.PostFormValue("occurred_at")) == formInputTime(&orig.OccurredAt, c.Loc) {
		n.OccurredAt = orig.OccurredAt
	}
}

// parseUpload reads a multipart body, if the CSRF check has not already
// done so. A body over the route's limit is a 413.
func parseUpload(r *http.Request) error {
	if r.MultipartForm != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		return nil
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return bodyError(err)
	}
	return nil
}

// readAttachments reads the uploaded files of the "attachments" input.
// Browsers send an empty part when no file was chosen; it is skipped. When
// the files cannot be taken, the answer holds one nameless file, which the
// service refuses, so that it names the other problems of the form.
func readAttachments(r *http.Request, f errs.Fields) []incident.NewAttachment {
	if r.MultipartForm == nil {
		return nil
	}
	var files []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File["attachments"] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		files = append(files, fh)
	}
	refused := []incident.NewAttachment{{}}
	if len(files) > incident.MaxAttachments {
		f.Add("attachments", errTooManyFiles)
		return refused
	}
	out := make([]incident.NewAttachment, 0, len(files))
	for _, fh := range files {
		if fh.Size > incident.MaxAttachmentSize {
			f.Add("attachments", errFileTooLarge)
			return refused
		}
		data, err := readFile(fh)
		if err != nil {
			f.Add("attachments", errs.InvalidValue)
			return refused
		}
		out = append(out, incident.NewAttachment{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
	}
	return out
}

func readFile(fh *multipart.FileHeader) ([]byte, error) {
	file, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(io.LimitReader(file, incident.MaxAttachmentSize+1))
}
