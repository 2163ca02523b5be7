package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// maxBatchSize bounds a batch: a print house takes a few thousand letters
// per file.
const maxBatchSize = 10000

// handleLetterBatchCreate puts up to size pending letters into a new batch
// for the print house.
func (s *Server) handleLetterBatchCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.notifyRights(r, c, mayEditCampaigns, "make letter batches")
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid", "campaign")
	if err != nil {
		return err
	}
	size, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("size")))
	if err != nil || size < 1 || size > maxBatchSize {
		return &errs.Error{Code: errs.Invalid, Message: "the batch size must be a number from 1 to " + strconv.Itoa(maxBatchSize),
			Fields: map[string]string{"size": errs.InvalidValue}}
	}
	b, err := s.cfg.Notify.CreateLetterBatch(r.Context(), c.Actor, id, cid, size)
	if err != nil {
		return err
	}
	seeOther(w, r, campaignURL(id, cid)+"?done=batch_created#batch-"+strconv.FormatInt(b.ID, 10))
	return nil
}
