package notify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// Approve is the second pair of eyes: another user than the creator, with
// the lead or comms role (or the incident lead), approves; the template is
// frozen into the campaign. Refused while the checker finds problems.
func (s *Service) Approve(ctx context.Context, a auth.Actor, id, campaignID int64) error {
	r, err := s.Rights(ctx, a, id)
	if err != nil {
		return err
	}
	if err := need(r.View, "see campaigns"); err != nil {
		return err
	}
	c, err := s.store.Campaign(ctx, id, campaignID)
	if err != nil {
		return campaignErr(err)
	}
	if err := s.mayApprove(ctx, a, r, c); err != nil {
		return err
	}
	tpl, err := s.sendTemplate(ctx, c)
	if err != nil {
		return err
	}
	rep, err := s.checkWith(ctx, a, c, tpl)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return errs.E(errs.Invalid, "the campaign cannot be approved yet: %s; change the template or the segment, then approve again", describeProblems(rep.Problems))
	}
	snapshot, hash, err := freeze(tpl)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		c, err := tx.CampaignForUpdate(ctx, id, campaignID)
		if err != nil {
			return campaignErr(err)
		}
		if c.State != Draft {
			return errs.E(errs.Conflict, "only a draft campaign can be approved; this one is %s", c.State)
		}
		now, err := tx.Template(ctx, id, c.TemplateID)
		if err != nil {
			return templateErr(err)
		}
		if !now.UpdatedAt.Equal(tpl.UpdatedAt) {
			return errs.E(errs.Conflict, "the template changed while it was being checked; check and approve again")
		}
		at := s.now()
		c.State, c.Snapshot, c.SnapshotHash = Approved, snapshot, hash
		c.ApprovedBy, c.ApprovedAt, c.UpdatedAt = a.UserID, &at, at
		if err := tx.UpdateCampaign(ctx, c); err != nil {
			return err
		}
		return s.recordCampaign(ctx, tx, a, c, "campaign.approve", "campaign_approved", map[string]any{
			"snapshot_sha256": hash, "recipients": rep.Recipients, "unreachable": rep.Unreachable,
		}, "recipients", fmt.Sprint(rep.Recipients))
	})
}

// mayApprove is the four-eyes rule. The desk's admin role alone does not
// approve: approving a mailing to the affected is the crisis team's call.
func (s *Service) mayApprove(ctx context.Context, a auth.Actor, r Rights, c *Campaign) error {
	if c.State != Draft {
		return errs.E(errs.Conflict, "only a draft campaign can be approved; this one is %s", c.State)
	}
	if a.UserID == 0 || a.UserID == c.CreatedBy {
		return errs.E(errs.Forbidden, "four eyes: a campaign is approved by someone other than who created it")
	}
	ok := r.Approve && (a.Role == auth.RoleLead || a.Role == auth.RoleComms)
	if r.Approve && !ok && a.Role != auth.RoleViewer {
		acc, err := s.incidents.Access(ctx, a, c.IncidentID)
		if err != nil {
			return err
		}
		ok = acc.Member != nil && acc.Member.Role == incident.RoleIncidentLead
	}
	if !ok {
		return errs.E(errs.Forbidden, "approving a campaign needs the lead or comms role, or the incident lead")
	}
	return nil
}

// freeze copies the template as approved and hashes its JSON.
func freeze(tpl *Template) (*Template, string, error) {
	b, err := json.Marshal(tpl)
	if err != nil {
		return nil, "", fmt.Errorf("notify: freeze template %d: %w", tpl.ID, err)
	}
	var snapshot Template
	if err := json.Unmarshal(b, &snapshot); err != nil {
		return nil, "", fmt.Errorf("notify: freeze template %d: %w", tpl.ID, err)
	}
	sum := sha256.Sum256(b)
	return &snapshot, hex.EncodeToString(sum[:]), nil
}

// describeProblems says, in words a campaign's approver understands, what
// the recipients lack.
func describeProblems(ps []Problem) string {
	parts := make([]string, 0, len(ps))
	for _, p := range ps {
		parts = append(parts, p.English())
	}
	return strings.Join(parts, "; ")
}
