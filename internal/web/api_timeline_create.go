package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// handleAPITimelineCreate appends an entry to the timeline, with
// attachments sent as base64. With corrects it is a correction of an
// earlier entry; entries are never changed.
func (s *Server) handleAPITimelineCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	// Access first, so that an outsider hears "not found" and a member
	// without the right "forbidden", whatever the body holds.
	inc, _, err := s.loadIncidentFor(r, c, canWrite, "write on the timeline")
	if err != nil {
		return err
	}
	id := inc.ID
	var in apiEntryCreate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n, err := newEntry(&in)
	if err != nil {
		return err
	}
	e, err := s.cfg.Incidents.AddEntry(r.Context(), c.Actor, id, n)
	if err != nil {
		return err
	}
	created(w, "", entryJSON(e))
	return nil
}

func newEntry(in *apiEntryCreate) (incident.NewEntry, error) {
	f := errs.Fields{}
	n := incident.NewEntry{
		OccurredAt: parseTime("occurred_at", in.OccurredAt, f), Kind: incident.EntryKind(in.Kind),
		Text: in.Text, Corrects: in.Corrects,
	}
	if len(in.Attachments) > incident.MaxAttachments {
		return n, &errs.Error{Code: errs.Invalid, Message: "at most " + strconv.Itoa(incident.MaxAttachments) + " attachments per entry",
			Fields: map[string]string{"attachments": errs.TooLong}}
	}
	for i, a := range in.Attachments {
		data, err := decodeBase64(a.DataBase64)
		if err != nil {
			return n, &errs.Error{Code: errs.Invalid, Message: "attachments[" + strconv.Itoa(i) + "].data_base64 is not valid base64",
				Fields: map[string]string{"attachments": errs.InvalidValue}}
		}
		n.Attachments = append(n.Attachments, incident.NewAttachment{Name: a.Name, ContentType: a.ContentType, Data: data})
	}
	return n, f.Err()
}
