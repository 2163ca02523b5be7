package notify

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/people"
)

// maxCampaignName caps a campaign's name, in characters.
const maxCampaignName = 200

var errNoCampaign = errs.E(errs.NotFound, "no such campaign")

// CreateCampaign stores a draft campaign of incident id.
func (s *Service) CreateCampaign(ctx context.Context, a auth.Actor, id int64, n NewCampaign) (*Campaign, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.Edit, "create campaigns"); err != nil {
		return nil, err
	}
	if err := s.validateCampaign(ctx, a, id, &n); err != nil {
		return nil, err
	}
	now := s.now()
	c := &Campaign{
		IncidentID: id, Name: n.Name, Kind: n.Kind, SegmentID: n.SegmentID, TemplateID: n.TemplateID,
		Channel: n.Channel, LetterFallback: n.LetterFallback, State: Draft,
		CreatedBy: a.UserID, CreatedAt: now, UpdatedAt: now,
	}
	err = s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Template(ctx, id, n.TemplateID); err != nil {
			return templateErr(err)
		}
		if err := tx.AddCampaign(ctx, c); err != nil {
			return err
		}
		return s.recordCampaign(ctx, tx, a, c, "campaign.create", "campaign_created", map[string]any{
			"kind": string(c.Kind), "channel": string(c.Channel), "segment_id": c.SegmentID,
			"template_id": c.TemplateID, "letter_fallback": c.LetterFallback,
		})
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// validateCampaign normalises n and checks it field by field; the segment
// must exist for individual notices, the template always.
func (s *Service) validateCampaign(ctx context.Context, a auth.Actor, id int64, n *NewCampaign) error {
	fields := errs.Fields{}
	n.Name = strings.TrimSpace(n.Name)
	switch {
	case n.Name == "":
		fields.Add("name", errs.Required)
	case utf8.RuneCountInString(n.Name) > maxCampaignName:
		fields.Add("name", errs.TooLong)
	}
	if n.Kind == "" {
		n.Kind = Individual
	}
	if n.Kind != Individual && n.Kind != PublicNotice {
		fields.Add("kind", errs.InvalidChoice)
	}
	if n.Channel == "" {
		n.Channel = ByEmail
	}
	if n.Channel != ByEmail && n.Channel != ByLetter {
		fields.Add("channel", errs.InvalidChoice)
	}
	if n.Channel == ByLetter {
		n.LetterFallback = false // a letter campaign has nothing to fall back from
	}
	if n.TemplateID <= 0 {
		fields.Add("template_id", errs.Required)
	} else if _, err := s.store.Template(ctx, id, n.TemplateID); errs.Is(err, errs.NotFound) {
		fields.Add("template_id", errs.InvalidChoice)
	} else if err != nil {
		return err
	}
	switch {
	case n.Kind == PublicNotice && n.SegmentID == 0:
	case n.SegmentID <= 0:
		fields.Add("segment_id", errs.Required)
	default:
		if _, err := s.people.SegmentDef(ctx, a, id, n.SegmentID); errs.Is(err, errs.NotFound) {
			fields.Add("segment_id", errs.InvalidChoice)
		} else if err != nil {
			return err
		}
	}
	return fields.Err()
}

func templateErr(err error) error {
	if errs.Is(err, errs.NotFound) {
		return errs.Fields{"template_id": errs.InvalidChoice}.Err()
	}
	return err
}

// Campaigns lists the incident's campaigns, newest first, with progress.
func (s *Service) Campaigns(ctx context.Context, a auth.Actor, id int64) ([]CampaignView, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.View, "see campaigns"); err != nil {
		return nil, err
	}
	cs, err := s.store.Campaigns(ctx, id)
	if err != nil {
		return nil, err
	}
	out := make([]CampaignView, 0, len(cs))
	for i := range cs {
		v := CampaignView{Campaign: cs[i], Rights: r}
		v.CanApprove = canApprove(r, a, &cs[i])
		if v.Progress, err = s.progress(ctx, cs[i].ID); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Campaign returns one campaign with its progress, segment, template and
// letter batches.
func (s *Service) Campaign(ctx context.Context, a auth.Actor, id, campaignID int64) (*CampaignView, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.View, "see campaigns"); err != nil {
		return nil, err
	}
	c, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return nil, campaignErr(err)
	}
	v := &CampaignView{Campaign: *c, Rights: r, CanApprove: canApprove(r, a, c)}
	if v.Progress, err = s.progress(ctx, c.ID); err != nil {
		return nil, err
	}
	if c.SegmentID != 0 {
		seg, err := s.campaignSegment(ctx, a, c)
		switch {
		case err == nil:
			v.Segment = seg
		case !errs.Is(err, errs.NotFound): // a deleted segment leaves the campaign as it was
			return nil, err
		}
	}
	v.Template = c.Snapshot
	if v.Template == nil {
		if v.Template, err = s.store.Template(ctx, id, c.TemplateID); err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	if v.Batches, err = s.store.LetterBatches(ctx, c.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// Deliveries lists ledger rows: person IDs and states, no personal data.
func (s *Service) Deliveries(ctx context.Context, a auth.Actor, id, campaignID int64, state DeliveryState, after int64, limit int) ([]Delivery, error) {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := need(r.View, "see campaigns"); err != nil {
		return nil, err
	}
	if _, err := s.store.Campaign(ctx, id, campaignID); err != nil {
		return nil, campaignErr(err)
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	return s.store.Deliveries(ctx, campaignID, state, after, limit)
}

// canApprove is the four-eyes rule: the role allows approving, the viewer
// did not create the campaign, and it waits for approval.
func canApprove(r Rights, a auth.Actor, c *Campaign) bool {
	return r.Approve && a.UserID != 0 && a.UserID != c.CreatedBy && c.State == Draft
}

func campaignErr(err error) error {
	if errs.Is(err, errs.NotFound) {
		return errNoCampaign
	}
	return err
}

// recordCampaign writes the audit entry and the timeline event of a change
// of campaign c. The timeline says what happened with names and counts,
// never a recipient.
func (s *Service) recordCampaign(ctx context.Context, tx Tx, a auth.Actor, c *Campaign, action, event string, detail map[string]any, args ...string) error {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["state"] = string(c.State)
	now := s.now()
	err := tx.AppendAudit(ctx, auth.NewAuditEntry(a, now, auth.Event{
		Action: action, ObjectType: "campaign", ObjectID: c.ID, IncidentID: c.IncidentID, Detail: detail,
	}))
	if err != nil {
		return err
	}
	ev := incident.SystemEvent{Name: event, Args: map[string]string{
		"campaign": c.Name, "id": strconv.FormatInt(c.ID, 10),
	}}
	for i := 0; i+1 < len(args); i += 2 {
		ev.Args[args[i]] = args[i+1]
	}
	e := &incident.Entry{
		IncidentID: c.IncidentID, OccurredAt: now, RecordedAt: now, AuthorID: a.UserID,
		Kind: incident.EntrySystem, Text: ev.English(), Event: &ev,
	}
	return tx.AppendEntry(ctx, e, nil)
}

// campaignSegment is the campaign's segment for its page. Its members are
// counted (a read of the whole register) only while the campaign is not
// started: from then on the ledger holds who gets it, and the page, which
// is refreshed again and again while a campaign is sent, reads no more.
func (s *Service) campaignSegment(ctx context.Context, a auth.Actor, c *Campaign) (*people.SegmentView, error) {
	if c.State == Draft || c.State == Approved {
		return s.people.Segment(ctx, a, c.IncidentID, c.SegmentID)
	}
	seg, err := s.people.SegmentDef(ctx, a, c.IncidentID, c.SegmentID)
	if err != nil {
		return nil, err
	}
	return &people.SegmentView{Segment: *seg, Members: -1}, nil
}
