package notify

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/csvsafe"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// LetterPDF renders one person's letter of a campaign, dated today: from
// the approved snapshot, or the current template for a draft. Audited.
func (s *Service) LetterPDF(ctx context.Context, a auth.Actor, id, campaignID, personID int64) ([]byte, error) {
	if err := s.editRights(ctx, a, id, "print letters"); err != nil {
		return nil, err
	}
	c, err := s.campaignTemplate(ctx, id, campaignID)
	if err != nil {
		return nil, err
	}
	p, err := s.unsealedPerson(ctx, id, personID)
	if err != nil {
		return nil, err
	}
	l, err := c.Letter(p, &Delivery{CampaignID: campaignID, IncidentID: id, PersonID: personID}, s.now())
	if err != nil {
		return nil, err
	}
	err = s.auditOnly(ctx, a, auth.Event{Action: "person.view", ObjectType: "person", ObjectID: personID, IncidentID: id,
		Detail: map[string]any{"purpose": "letter", "campaign": campaignID}})
	if err != nil {
		return nil, err
	}
	return s.renderLetters([]Letter{*l})
}

// BatchPDF renders a letter batch as one PDF for the print house, each
// letter dated the day the batch was made, so that a second download is
// the same document.
func (s *Service) BatchPDF(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) ([]byte, error) {
	var letters []Letter
	err := s.eachBatchLetter(ctx, a, id, campaignID, batchID, "letter.batch_pdf", func(l *Letter, _ string) {
		letters = append(letters, *l)
	})
	if err != nil {
		return nil, err
	}
	return s.renderLetters(letters)
}

// BatchCSV lists a letter batch's addresses for the print house:
// reference, name, the address lines, country.
func (s *Service) BatchCSV(ctx context.Context, a auth.Actor, id, campaignID, batchID int64) ([]byte, error) {
	var rows [][]string
	lines := 1
	err := s.eachBatchLetter(ctx, a, id, campaignID, batchID, "letter.batch_csv", func(l *Letter, country string) {
		row := append([]string{l.Reference}, l.Address...)
		lines = max(lines, len(l.Address)-1)
		rows = append(rows, append(row, country))
	})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"reference", "name"}
	for i := 1; i <= lines; i++ {
		header = append(header, "address_"+strconv.Itoa(i))
	}
	_ = w.Write(append(header, "country"))
	for _, row := range rows {
		_ = w.Write(addressRecord(row, lines))
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// addressRecord pads a row's address lines to the header's and makes every
// cell safe to open in a spreadsheet.
func addressRecord(row []string, lines int) []string {
	out := make([]string, 0, lines+3)
	out = append(out, row[:len(row)-1]...)
	for len(out) < lines+2 {
		out = append(out, "")
	}
	out = append(out, row[len(row)-1])
	for i, cell := range out {
		out[i] = csvsafe.Cell(cell)
	}
	return out
}

// eachBatchLetter renders the letters of a batch (withdrawn rows and
// erased persons left out) and audits the export once, with the count.
func (s *Service) eachBatchLetter(ctx context.Context, a auth.Actor, id, campaignID, batchID int64, action string, fn func(l *Letter, country string)) error {
	if err := s.editRights(ctx, a, id, "print letters"); err != nil {
		return err
	}
	c, err := s.campaignTemplate(ctx, id, campaignID)
	if err != nil {
		return err
	}
	batch, err := s.store.LetterBatch(ctx, campaignID, batchID)
	if err != nil {
		return err
	}
	ds, err := s.store.BatchDeliveries(ctx, batchID)
	if err != nil {
		return err
	}
	n := 0
	for i := range ds {
		ok, err := s.batchLetter(ctx, c, &ds[i], batch.CreatedAt, fn)
		if err != nil {
			return err
		}
		if ok {
			n++
		}
	}
	return s.auditOnly(ctx, a, auth.Event{Action: action, ObjectType: "letter_batch", ObjectID: batchID, IncidentID: id,
		Detail: map[string]any{"campaign": campaignID, "letters": n}})
}

func (s *Service) batchLetter(ctx context.Context, c *Compiled, d *Delivery, at time.Time, fn func(*Letter, string)) (bool, error) {
	if d.State == Withdrawn {
		return false, nil
	}
	p, err := s.people.Unsealed(ctx, d.IncidentID, d.PersonID)
	if err != nil {
		return false, err
	}
	if p.Erased {
		return false, nil
	}
	l, err := c.Letter(p, d, at)
	if err != nil {
		return false, err
	}
	fn(l, p.Country)
	return true, nil
}

// campaignTemplate is the campaign's template compiled: the snapshot when
// approved, the current template while a draft.
func (s *Service) campaignTemplate(ctx context.Context, id, campaignID int64) (*Compiled, error) {
	camp, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return nil, err
	}
	t := camp.Snapshot
	if t == nil {
		if t, err = s.store.Template(ctx, id, camp.TemplateID); err != nil {
			return nil, err
		}
	}
	return Compile(t)
}

func (s *Service) renderLetters(letters []Letter) ([]byte, error) {
	if s.letters == nil {
		return nil, errs.E(errs.Internal, "notify: no letter renderer is wired")
	}
	if len(letters) == 0 {
		return nil, errs.E(errs.Invalid, "there is no letter to print in this batch")
	}
	return s.letters.RenderLetters(letters)
}
