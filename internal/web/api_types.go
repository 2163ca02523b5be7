package web

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/incident"
)

// The JSON shapes of /api/v1, as openapi.json describes them. Field names
// are snake_case, times RFC 3339 in UTC, and a value that is not there is
// null rather than left out, so a client sees every field every time.

type apiIncident struct {
	ID              int64      `json:"id"`
	Title           string     `json:"title"`
	Kind            string     `json:"kind"`
	Severity        string     `json:"severity"`
	Status          string     `json:"status"`
	AwareAt         time.Time  `json:"aware_at"`
	DetectedAt      *time.Time `json:"detected_at"`
	Summary         string     `json:"summary"`
	AffectedSystems string     `json:"affected_systems"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	ClosedAt        *time.Time `json:"closed_at"`
}

func incidentJSON(inc *incident.Incident) apiIncident {
	return apiIncident{
		ID: inc.ID, Title: inc.Title, Kind: string(inc.Kind), Severity: string(inc.Severity), Status: string(inc.Status),
		AwareAt: inc.AwareAt.UTC(), DetectedAt: utc(inc.DetectedAt), Summary: inc.Summary,
		AffectedSystems: inc.AffectedSystems, CreatedAt: inc.CreatedAt.UTC(), UpdatedAt: inc.UpdatedAt.UTC(),
		ClosedAt: utc(inc.ClosedAt),
	}
}

// apiIncidentSummary is a row of the incident list.
type apiIncidentSummary struct {
	apiIncident
	OpenTasks    int     `json:"open_tasks"`
	OverdueTasks int     `json:"overdue_tasks"`
	MyRole       *string `json:"my_role"` // null for an admin who is not a member
}

type apiIncidentList struct {
	Incidents []apiIncidentSummary `json:"incidents"`
}

func incidentSummaryJSON(s *incident.Summary) apiIncidentSummary {
	return apiIncidentSummary{
		apiIncident: incidentJSON(&s.Incident), OpenTasks: s.OpenTasks, OverdueTasks: s.OverdueTasks,
		MyRole: nonEmpty(string(s.MyRole)),
	}
}

type apiEntry struct {
	ID          int64           `json:"id"`
	IncidentID  int64           `json:"incident_id"`
	OccurredAt  time.Time       `json:"occurred_at"`
	RecordedAt  time.Time       `json:"recorded_at"`
	AuthorID    *int64          `json:"author_id"`
	AuthorName  string          `json:"author_name"`
	Kind        string          `json:"kind"`
	Text        string          `json:"text"`
	Corrects    *int64          `json:"corrects"`
	CorrectedBy *int64          `json:"corrected_by"`
	Event       *apiEvent       `json:"event"`
	Attachments []apiAttachment `json:"attachments"`
}

// apiEvent is what the desk recorded by itself, such as a status change.
type apiEvent struct {
	Name string            `json:"name"`
	Args map[string]string `json:"args"`
}

type apiAttachment struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
}

type apiTimeline struct {
	Entries    []apiEntry `json:"entries"`
	NextBefore *int64     `json:"next_before"`
	Total      int        `json:"total"`
}

func entryJSON(e *incident.Entry) apiEntry {
	out := apiEntry{
		ID: e.ID, IncidentID: e.IncidentID, OccurredAt: e.OccurredAt.UTC(), RecordedAt: e.RecordedAt.UTC(),
		AuthorID: nonZero(e.AuthorID), AuthorName: e.AuthorName, Kind: string(e.Kind), Text: e.Text,
		Corrects: e.Corrects, CorrectedBy: e.CorrectedBy, Attachments: make([]apiAttachment, 0, len(e.Attachments)),
	}
	if e.Event != nil {
		out.Event = &apiEvent{Name: e.Event.Name, Args: e.Event.Args}
		if out.Event.Args == nil {
			out.Event.Args = map[string]string{}
		}
	}
	for _, a := range e.Attachments {
		out.Attachments = append(out.Attachments, apiAttachment{
			ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, SHA256: a.SHA256, UploadedAt: a.UploadedAt.UTC(),
		})
	}
	return out
}

type apiTask struct {
	ID            int64              `json:"id"`
	IncidentID    int64              `json:"incident_id"`
	Title         string             `json:"title"`
	Description   string             `json:"description"`
	Phase         string             `json:"phase"`
	Position      int                `json:"position"`
	OwnerID       *int64             `json:"owner_id"`
	OwnerName     string             `json:"owner_name"`
	Role          string             `json:"role"`
	DueAt         *time.Time         `json:"due_at"`
	DueAfterAware *string            `json:"due_after_aware"`
	Status        string             `json:"status"`
	DropReason    string             `json:"drop_reason"`
	Checklist     []apiChecklistItem `json:"checklist"`
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
	DoneAt        *time.Time         `json:"done_at"`
	Overdue       bool               `json:"overdue"`
}

type apiChecklistItem struct {
	Text   string     `json:"text"`
	Done   bool       `json:"done"`
	DoneBy *int64     `json:"done_by"`
	DoneAt *time.Time `json:"done_at"`
}

type apiTaskList struct {
	Tasks []apiTask `json:"tasks"`
}

// taskJSON shapes a task; now decides whether it is overdue.
func taskJSON(t *incident.Task, now time.Time) apiTask {
	out := apiTask{
		ID: t.ID, IncidentID: t.IncidentID, Title: t.Title, Description: t.Description, Phase: t.Phase,
		Position: t.Position, OwnerID: nonZero(t.OwnerID), OwnerName: t.OwnerName, Role: string(t.Role),
		DueAt: utc(t.Due.At), Status: string(t.Status), DropReason: t.DropReason,
		Checklist: make([]apiChecklistItem, 0, len(t.Checklist)),
		CreatedAt: t.CreatedAt.UTC(), UpdatedAt: t.UpdatedAt.UTC(), DoneAt: utc(t.DoneAt), Overdue: t.Overdue(now),
	}
	if t.OwnerID == 0 {
		out.OwnerName = ""
	}
	if t.Due.AfterAware != nil {
		out.DueAfterAware = nonEmpty(incident.FormatDueOffset(*t.Due.AfterAware))
	}
	for _, it := range t.Checklist {
		out.Checklist = append(out.Checklist, apiChecklistItem{Text: it.Text, Done: it.Done, DoneBy: nonZero(it.DoneBy), DoneAt: utc(it.DoneAt)})
	}
	return out
}

type apiPlaybook struct {
	Name        string               `json:"name"`
	Version     int                  `json:"version"`
	Kind        string               `json:"kind"`
	Title       incident.Text        `json:"title"`
	Description incident.Text        `json:"description"`
	BuiltIn     bool                 `json:"built_in"`
	Phases      []apiPhase           `json:"phases"`
	Contacts    []apiPlaybookContact `json:"contacts"`
}

type apiPhase struct {
	Name  incident.Text     `json:"name"`
	Tasks []apiPlaybookTask `json:"tasks"`
}

type apiPlaybookTask struct {
	Title         incident.Text   `json:"title"`
	Description   incident.Text   `json:"description"`
	Role          string          `json:"role"`
	DueAfterAware *string         `json:"due_after_aware"`
	Checklist     []incident.Text `json:"checklist"`
}

type apiPlaybookContact struct {
	Role  string        `json:"role"`
	Label incident.Text `json:"label"`
}

type apiPlaybookList struct {
	Playbooks []apiPlaybook `json:"playbooks"`
}

// apiApplied answers applying a playbook.
type apiApplied struct {
	Playbook        apiPlaybook `json:"playbook"`
	TasksCreated    int         `json:"tasks_created"`
	ContactsCreated int         `json:"contacts_created"`
}

func playbookJSON(p *incident.Playbook) apiPlaybook {
	out := apiPlaybook{
		Name: p.Name, Version: p.Version, Kind: string(p.Kind), Title: text(p.Title), Description: text(p.Description),
		BuiltIn: p.BuiltIn, Phases: make([]apiPhase, 0, len(p.Phases)), Contacts: make([]apiPlaybookContact, 0, len(p.Contacts)),
	}
	for _, ph := range p.Phases {
		jp := apiPhase{Name: text(ph.Name), Tasks: make([]apiPlaybookTask, 0, len(ph.Tasks))}
		for _, pt := range ph.Tasks {
			jt := apiPlaybookTask{
				Title: text(pt.Title), Description: text(pt.Description), Role: string(pt.Role),
				Checklist: make([]incident.Text, 0, len(pt.Checklist)),
			}
			if pt.Due != nil {
				jt.DueAfterAware = nonEmpty(incident.FormatDueOffset(*pt.Due))
			}
			for _, c := range pt.Checklist {
				jt.Checklist = append(jt.Checklist, text(c))
			}
			jp.Tasks = append(jp.Tasks, jt)
		}
		out.Phases = append(out.Phases, jp)
	}
	for _, c := range p.Contacts {
		out.Contacts = append(out.Contacts, apiPlaybookContact{Role: c.Role, Label: text(c.Label)})
	}
	return out
}

// text is a translated text as an object, never null.
func text(t incident.Text) incident.Text {
	if t == nil {
		return incident.Text{}
	}
	return t
}

// Request bodies. Times arrive as strings and are parsed by the handlers,
// so that a bad time is a field error naming the field.

type apiIncidentCreate struct {
	Title           string  `json:"title"`
	Kind            string  `json:"kind"`
	Severity        string  `json:"severity"`
	AwareAt         string  `json:"aware_at"`
	DetectedAt      *string `json:"detected_at"`
	Summary         string  `json:"summary"`
	AffectedSystems string  `json:"affected_systems"`
	Playbook        string  `json:"playbook"`
	Language        string  `json:"language"`
}

type apiIncidentPatch struct {
	Title           optional[string] `json:"title"`
	Kind            optional[string] `json:"kind"`
	Severity        optional[string] `json:"severity"`
	Status          optional[string] `json:"status"`
	AwareAt         optional[string] `json:"aware_at"`
	DetectedAt      optional[string] `json:"detected_at"` // null clears it
	Summary         optional[string] `json:"summary"`
	AffectedSystems optional[string] `json:"affected_systems"`
}

type apiEntryCreate struct {
	OccurredAt  string                `json:"occurred_at"`
	Kind        string                `json:"kind"`
	Text        string                `json:"text"`
	Corrects    *int64                `json:"corrects"`
	Attachments []apiAttachmentUpload `json:"attachments"`
}

type apiAttachmentUpload struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	DataBase64  string `json:"data_base64"`
}

type apiTaskCreate struct {
	Title         string   `json:"title"`
	Description   string   `json:"description"`
	Phase         string   `json:"phase"`
	OwnerID       *int64   `json:"owner_id"`
	Role          string   `json:"role"`
	DueAt         *string  `json:"due_at"`
	DueAfterAware *string  `json:"due_after_aware"`
	Checklist     []string `json:"checklist"`
}

type apiTaskPatch struct {
	Title         optional[string]          `json:"title"`
	Description   optional[string]          `json:"description"`
	OwnerID       optional[int64]           `json:"owner_id"` // 0 or null removes the owner
	Role          optional[string]          `json:"role"`     // "" or null removes the role
	DueAt         optional[string]          `json:"due_at"`
	DueAfterAware optional[string]          `json:"due_after_aware"`
	Status        optional[string]          `json:"status"`
	DropReason    optional[string]          `json:"drop_reason"`
	Checklist     optional[[]string]        `json:"checklist"`
	Check         optional[map[string]bool] `json:"check"`
}

type apiPlaybookApply struct {
	Language string `json:"language"`
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func nonZero(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
