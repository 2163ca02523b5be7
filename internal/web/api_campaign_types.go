package web

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/notify"
)

// The JSON shapes of campaigns and templates, as openapi.json describes
// them. Nothing here names a person: the ledger is counted, not listed.

type apiCampaign struct {
	ID             int64          `json:"id"`
	IncidentID     int64          `json:"incident_id"`
	Name           string         `json:"name"`
	Kind           string         `json:"kind"`
	SegmentID      int64          `json:"segment_id"`
	TemplateID     int64          `json:"template_id"`
	Channel        string         `json:"channel"`
	LetterFallback bool           `json:"letter_fallback"`
	State          string         `json:"state"`
	SnapshotHash   string         `json:"snapshot_hash"`
	CreatedBy      int64          `json:"created_by"`
	CreatedAt      time.Time      `json:"created_at"`
	ApprovedBy     *int64         `json:"approved_by"`
	ApprovedAt     *time.Time     `json:"approved_at"`
	StartedAt      *time.Time     `json:"started_at"`
	FinishedAt     *time.Time     `json:"finished_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
	CanApprove     bool           `json:"can_approve"`
	Progress       apiProgress    `json:"progress"`
	Batches        []apiBatch     `json:"letter_batches"`
	Segment        *apiSegmentRef `json:"segment"`
}

type apiSegmentRef struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Members *int64 `json:"members,omitempty"` // counted only before the start
}

// apiProgress counts the ledger. Every state is present, zero or not.
type apiProgress struct {
	Total      int64            `json:"total"`
	ByState    map[string]int64 `json:"by_state"`
	ByChannel  map[string]int64 `json:"by_channel"`
	Remaining  int64            `json:"remaining"`
	Rate       float64          `json:"rate_per_second"`
	ETASeconds *int64           `json:"eta_seconds"` // null when unknown
	PerMinute  []apiBucket      `json:"per_minute"`
}

type apiBucket struct {
	At    time.Time `json:"at"`
	Count int64     `json:"count"`
}

type apiBatch struct {
	ID        int64      `json:"id"`
	Letters   int64      `json:"letters"`
	CreatedBy int64      `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	PostedBy  *int64     `json:"posted_by"`
	PostedAt  *time.Time `json:"posted_at"`
}

func campaignJSON(v *notify.CampaignView) apiCampaign {
	c := &v.Campaign
	out := apiCampaign{
		ID: c.ID, IncidentID: c.IncidentID, Name: c.Name, Kind: string(c.Kind), SegmentID: c.SegmentID,
		TemplateID: c.TemplateID, Channel: string(c.Channel), LetterFallback: c.LetterFallback, State: string(c.State),
		SnapshotHash: c.SnapshotHash, CreatedBy: c.CreatedBy, CreatedAt: c.CreatedAt.UTC(), ApprovedBy: nonZero(c.ApprovedBy),
		ApprovedAt: utc(c.ApprovedAt), StartedAt: utc(c.StartedAt), FinishedAt: utc(c.FinishedAt), UpdatedAt: c.UpdatedAt.UTC(),
		CanApprove: v.CanApprove, Progress: progressJSON(v.Progress), Batches: []apiBatch{},
	}
	if v.Segment != nil {
		out.Segment = &apiSegmentRef{ID: v.Segment.ID, Name: v.Segment.Name}
		if v.Segment.Members >= 0 {
			out.Segment.Members = &v.Segment.Members
		}
	}
	for _, b := range v.Batches {
		out.Batches = append(out.Batches, apiBatch{ID: b.ID, Letters: b.Letters, CreatedBy: b.CreatedBy,
			CreatedAt: b.CreatedAt.UTC(), PostedBy: nonZero(b.PostedBy), PostedAt: utc(b.PostedAt)})
	}
	return out
}

func progressJSON(p notify.Progress) apiProgress {
	out := apiProgress{Total: p.Total, ByState: map[string]int64{}, ByChannel: map[string]int64{},
		Rate: p.Rate, PerMinute: []apiBucket{}}
	for _, s := range deliveryStates {
		out.ByState[string(s)] = p.ByState[s]
	}
	for _, ch := range []notify.Channel{notify.ByEmail, notify.ByLetter} {
		out.ByChannel[string(ch)] = p.ByChannel[ch]
	}
	out.Remaining = p.ByState[notify.Pending] + p.ByState[notify.Sending]
	if p.ETA > 0 && out.Remaining > 0 {
		secs := int64(p.ETA / time.Second)
		out.ETASeconds = &secs
	}
	for _, b := range p.PerMinute {
		out.PerMinute = append(out.PerMinute, apiBucket{At: b.At.UTC(), Count: b.Count})
	}
	return out
}

type apiTemplate struct {
	ID         int64            `json:"id"`
	IncidentID int64            `json:"incident_id"`
	Name       string           `json:"name"`
	Fallback   string           `json:"fallback"`
	Company    string           `json:"company"`
	Hotline    string           `json:"hotline"`
	Inbox      string           `json:"inbox"`
	UpdatesURL string           `json:"updates_url"`
	Letterhead []string         `json:"letterhead"`
	Contents   []notify.Content `json:"contents"`
	UpdatedBy  int64            `json:"updated_by"`
	UpdatedAt  time.Time        `json:"updated_at"`
}

func templateJSON(t *notify.Template) apiTemplate {
	out := apiTemplate{ID: t.ID, IncidentID: t.IncidentID, Name: t.Name, Fallback: t.Fallback, Company: t.Company,
		Hotline: t.Hotline, Inbox: t.Inbox, UpdatesURL: t.UpdatesURL, Letterhead: t.Letterhead, Contents: t.Contents,
		UpdatedBy: t.UpdatedBy, UpdatedAt: t.UpdatedAt.UTC()}
	if out.Letterhead == nil {
		out.Letterhead = []string{}
	}
	if out.Contents == nil {
		out.Contents = []notify.Content{}
	}
	return out
}

// apiNewTemplate is the body of a new template.
type apiNewTemplate struct {
	Name       string           `json:"name"`
	Fallback   string           `json:"fallback"`
	Company    string           `json:"company"`
	Hotline    string           `json:"hotline"`
	Inbox      string           `json:"inbox"`
	UpdatesURL string           `json:"updates_url"`
	Letterhead []string         `json:"letterhead"`
	Contents   []notify.Content `json:"contents"`
	// Standard starts from the standard texts for the languages Contents
	// leaves out.
	Standard bool `json:"standard"`
}

// apiNewCampaign is the body of a new campaign.
type apiNewCampaign struct {
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	SegmentID      int64  `json:"segment_id"`
	TemplateID     int64  `json:"template_id"`
	Channel        string `json:"channel"`
	LetterFallback bool   `json:"letter_fallback"`
}
