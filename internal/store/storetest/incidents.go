package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var incidentScenarios = []scenario{
	{"incidents/every field survives a round trip", testIncidentRoundTrip},
	{"incidents/update changes every field but ID, creator and creation time", testIncidentUpdate},
	{"incidents/list the most severe first, then the newest awareness, then the newest", testIncidentOrder},
	{"incidents/list open or closed ones", testIncidentClosedFilter},
	{"incidents/search titles case-insensitively, wildcards taken literally", testIncidentQuery},
	{"incidents/a user's list holds their incidents with their role", testIncidentMembership},
	{"incidents/list counts active and overdue tasks", testIncidentTaskCounts},
}

func testIncidentRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	creator := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	cases := []struct {
		name string
		inc  incident.Incident
	}{
		{"without optional fields, created by the command line", incident.Incident{
			Title: "Minimal", Kind: incident.KindOther, Severity: incident.SeverityLow, Status: incident.StatusTriage,
			AwareAt: t0, CreatedAt: t0, UpdatedAt: t0,
		}},
		{"every field set", incident.Incident{
			Title: "Ransomware on the file servers", Kind: incident.KindRansomware, Severity: incident.SeverityCritical,
			Status: incident.StatusClosed, AwareAt: at(-48 * time.Hour), DetectedAt: ptr(at(-50 * time.Hour)),
			Summary: "Encrypted shares; note left.\nSecond line.", AffectedSystems: "fs01, fs02",
			CreatedBy: creator.ID, CreatedAt: t0, UpdatedAt: at(time.Hour), ClosedAt: ptr(at(30 * 24 * time.Hour)),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inc := tc.inc
			updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.CreateIncident(ctx, &inc) })
			if inc.ID == 0 {
				t.Fatal("CreateIncident did not set the ID")
			}
			want := tc.inc
			want.ID = inc.ID
			wantEqual(t, "Incident", must(s.Incidents.Incident(ctx, inc.ID))(t), &want)
			updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
				wantEqual(t, "IncidentForUpdate", must(tx.IncidentForUpdate(ctx, inc.ID))(t), &want)
				return nil
			})
		})
	}
}

func testIncidentUpdate(t *testing.T, s Stores) {
	creator := newUser(t, s, "lead@example.org", "Lead", auth.RoleLead)
	inc := newIncident(t, s, "Before", func(i *incident.Incident) { i.CreatedBy = creator.ID })
	changed := incident.Incident{
		ID: inc.ID, Title: "After", Kind: incident.KindAccountCompromise, Severity: incident.SeverityMedium,
		Status: incident.StatusClosed, AwareAt: at(-time.Hour), DetectedAt: ptr(at(-2 * time.Hour)), Summary: "s",
		AffectedSystems: "mail", CreatedBy: 0, CreatedAt: at(time.Hour), UpdatedAt: at(2 * time.Hour), ClosedAt: ptr(at(3 * time.Hour)),
	}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.UpdateIncident(ctx, &changed) })
	want := changed
	want.CreatedBy, want.CreatedAt = creator.ID, t0
	wantEqual(t, "incident after update", must(s.Incidents.Incident(t.Context(), inc.ID))(t), &want)
}

// titles lists the titles of the summaries.
func titles(list []incident.Summary) []string {
	var out []string
	for _, s := range list {
		out = append(out, s.Title)
	}
	return out
}

func testIncidentOrder(t *testing.T, s Stores) {
	for _, inc := range []struct {
		title    string
		severity incident.Severity
		aware    time.Duration
	}{
		{"low, newest", incident.SeverityLow, 3 * time.Hour},
		{"critical, oldest", incident.SeverityCritical, 0},
		{"critical, newer", incident.SeverityCritical, time.Hour},
		{"high", incident.SeverityHigh, time.Hour},
		{"critical, newer, created later", incident.SeverityCritical, time.Hour},
		{"medium", incident.SeverityMedium, 2 * time.Hour},
	} {
		newIncident(t, s, inc.title, func(i *incident.Incident) { i.Severity, i.AwareAt = inc.severity, at(inc.aware) })
	}
	got := titles(must(s.Incidents.Incidents(t.Context(), incident.ListFilter{Now: t0}))(t))
	wantEqual(t, "order", got, []string{
		"critical, newer, created later", "critical, newer", "critical, oldest", "high", "medium", "low, newest",
	})
}

func testIncidentClosedFilter(t *testing.T, s Stores) {
	for _, st := range incident.Statuses {
		newIncident(t, s, string(st), func(i *incident.Incident) { i.Status = st; i.AwareAt = at(time.Duration(len(st)) * time.Minute) })
	}
	open := titles(must(s.Incidents.Incidents(t.Context(), incident.ListFilter{}))(t))
	wantEqual(t, "open incidents", open, []string{"investigating", "recovering", "containing", "triage"})
	closed := titles(must(s.Incidents.Incidents(t.Context(), incident.ListFilter{Closed: true}))(t))
	wantEqual(t, "closed incidents", closed, []string{"closed"})
}

func testIncidentQuery(t *testing.T, s Stores) {
	all := []string{"Ransomware bei Müller GmbH", "ÜBERWEISUNGSBETRUG", "50% of mailboxes", "500 mailboxes",
		"file_server leak", "fileXserver leak", `back\slash`}
	for i, title := range all {
		newIncident(t, s, title, func(inc *incident.Incident) { inc.AwareAt = at(time.Duration(-i) * time.Hour) })
	}
	cases := []struct {
		query string
		want  []string
	}{
		{"", all},
		{"RANSOM", []string{"Ransomware bei Müller GmbH"}},
		{"MÜLLER", []string{"Ransomware bei Müller GmbH"}},
		{"überweisung", []string{"ÜBERWEISUNGSBETRUG"}},
		{"50%", []string{"50% of mailboxes"}},
		{"file_s", []string{"file_server leak"}},
		{`k\s`, []string{`back\slash`}},
		{"  mailboxes ", []string{"50% of mailboxes", "500 mailboxes"}},
		{"nothing like it", nil},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got := titles(must(s.Incidents.Incidents(t.Context(), incident.ListFilter{Query: tc.query}))(t))
			wantEqual(t, "titles", got, tc.want)
		})
	}
}

func testIncidentMembership(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "U", auth.RoleResponder)
	other := newUser(t, s, "o@example.org", "O", auth.RoleResponder)
	a := newIncident(t, s, "A", func(i *incident.Incident) { i.AwareAt = at(time.Hour) })
	b := newIncident(t, s, "B")
	c := newIncident(t, s, "C", func(i *incident.Incident) { i.AwareAt = at(2 * time.Hour) })
	setMember(t, s, a.ID, u.ID, incident.RoleIncidentLead)
	setMember(t, s, c.ID, u.ID, incident.RoleScribe)
	setMember(t, s, b.ID, other.ID, incident.RoleMember)
	setMember(t, s, c.ID, other.ID, incident.RoleMember)
	roles := func(f incident.ListFilter) map[string]incident.MemberRole {
		out := map[string]incident.MemberRole{}
		for _, sum := range must(s.Incidents.Incidents(t.Context(), f))(t) {
			out[sum.Title] = sum.MyRole
		}
		return out
	}
	wantEqual(t, "the user's incidents", roles(incident.ListFilter{UserID: u.ID}),
		map[string]incident.MemberRole{"A": incident.RoleIncidentLead, "C": incident.RoleScribe})
	wantEqual(t, "all incidents (admin)", roles(incident.ListFilter{}),
		map[string]incident.MemberRole{"A": "", "B": "", "C": ""})
	wantEqual(t, "order of the user's incidents", titles(must(s.Incidents.Incidents(t.Context(), incident.ListFilter{UserID: u.ID}))(t)),
		[]string{"C", "A"})
}

func testIncidentTaskCounts(t *testing.T, s Stores) {
	now := at(10 * time.Hour)
	inc := newIncident(t, s, "counted")
	quiet := newIncident(t, s, "quiet")
	for _, task := range []struct {
		status incident.TaskStatus
		due    *time.Time
	}{
		{incident.TaskOpen, nil},                       // open
		{incident.TaskOpen, ptr(now.Add(time.Hour))},   // open, due later
		{incident.TaskOpen, ptr(now)},                  // open, due this instant: not yet overdue
		{incident.TaskDoing, ptr(now.Add(-time.Hour))}, // open and overdue
		{incident.TaskOpen, ptr(now.Add(-time.Second))},
		{incident.TaskDone, ptr(now.Add(-time.Hour))},    // done: neither
		{incident.TaskDropped, ptr(now.Add(-time.Hour))}, // dropped: neither
	} {
		newTask(t, s, inc.ID, string(task.status), func(tk *incident.Task) { tk.Status, tk.Due.At = task.status, task.due })
	}
	got := map[string][2]int{}
	for _, sum := range must(s.Incidents.Incidents(t.Context(), incident.ListFilter{Now: now}))(t) {
		got[sum.Title] = [2]int{sum.OpenTasks, sum.OverdueTasks}
	}
	wantEqual(t, "open and overdue tasks", got, map[string][2]int{"counted": {5, 2}, quiet.Title: {0, 0}})
}
