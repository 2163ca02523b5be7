package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/people"
)

// The benchmarks behind docs/benchmarks.md. They measure server time: the
// handler is called directly (no network) except for the concurrent API
// clients, which go through a real listener. Run with `make bench`.

// BenchmarkIncidentPage renders the incident page of an incident with 10,000
// timeline entries and 500 tasks (the page shows the newest 100 entries and
// every task).
func BenchmarkIncidentPage(b *testing.B) {
	d := newTestDesk(b)
	inc := d.newIncident("Extortion mail: customer data stolen", auth.RoleResponder)
	seedTimeline(b, d, inc.ID, 10_000)
	seedTasks(b, d, inc.ID, 500)
	c := d.as(auth.RoleLead)
	path := "/incidents/" + strconv.FormatInt(inc.ID, 10)
	if rec := c.get(path); rec.Code != http.StatusOK {
		b.Fatalf("status %d", rec.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := c.get(path)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkIncidentList renders the list of 1,000 open incidents, each with
// tasks, for a lead on every team.
func BenchmarkIncidentList(b *testing.B) {
	d := newTestDesk(b)
	ctx := context.Background()
	for i := range 1000 {
		inc := d.newIncident(fmt.Sprintf("Incident %d", i))
		if _, err := d.incidents.CreateTask(ctx, d.actor(auth.RoleLead), inc.ID, incident.TaskInput{
			Title: "Report to the authority", Due: relativeDue(time.Hour),
		}); err != nil {
			b.Fatal(err)
		}
	}
	c := d.as(auth.RoleLead)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rec := c.get("/incidents"); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkConcurrentTimelineAPI has 200 API clients create timeline
// entries at once over HTTP against SQLite. Any answer but 201 fails the
// benchmark: "database is locked" must never reach a client.
func BenchmarkConcurrentTimelineAPI(b *testing.B) {
	d := newTestDesk(b)
	inc := d.newIncident("Ransomware on the file servers", auth.RoleResponder)
	ts := httptest.NewServer(d.srv)
	defer ts.Close()
	const clients = 200
	tokens := make([]string, clients)
	for i := range tokens {
		tokens[i] = d.apiAs(auth.RoleResponder).token
	}
	url := ts.URL + "/api/v1/incidents/" + strconv.FormatInt(inc.ID, 10) + "/timeline"
	body, _ := json.Marshal(map[string]any{"kind": "note", "text": "Restore of the file server finished."})
	httpc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	var failed atomic.Int64
	var sent atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	perClient := max(1, b.N/clients)
	for i := range clients {
		wg.Add(1)
		go func(token string) {
			defer wg.Done()
			for range perClient {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				resp, err := httpc.Do(req)
				sent.Add(1)
				if err != nil || resp.StatusCode != http.StatusCreated {
					failed.Add(1)
					if resp != nil {
						resp.Body.Close()
					}
					continue
				}
				resp.Body.Close()
			}
		}(tokens[i])
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, sent.Load())
	}
	b.ReportMetric(float64(sent.Load())/elapsed.Seconds(), "entries/s")
	b.ReportMetric(0, "failed")
}

func relativeDue(d time.Duration) incident.Due { return incident.Due{AfterAware: &d} }

// seedTimeline appends n entries in batches of one transaction each, through
// the store, which is what the service does one at a time.
func seedTimeline(b *testing.B, d *testDesk, id int64, n int) {
	b.Helper()
	ctx := context.Background()
	lead := d.actor(auth.RoleLead)
	for i := range n {
		_, err := d.incidents.AddEntry(ctx, lead, id, incident.NewEntry{
			Kind: incident.EntryNote, OccurredAt: d.now.Add(-time.Duration(n-i) * time.Second),
			Text: fmt.Sprintf("Entry %d: checked another backup set, no sign of tampering; the next set follows.", i),
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func seedTasks(b *testing.B, d *testDesk, id int64, n int) {
	b.Helper()
	ctx := context.Background()
	lead := d.actor(auth.RoleLead)
	for i := range n {
		_, err := d.incidents.CreateTask(ctx, lead, id, incident.TaskInput{
			Title: fmt.Sprintf("Restore system %d from backup", i), Phase: fmt.Sprintf("Phase %d", i/50),
			Description: "Restore, verify the checksum, scan before reconnecting.",
			Role:        incident.RoleMember, Due: relativeDue(time.Duration(i) * time.Hour),
			Checklist: []string{"Restore", "Verify checksum", "Virus scan", "Reconnect"},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPeopleRegisterPage100k renders the register of 100,000 persons
// with two segments defined: the counts come from the store's tallies and
// the page reads one page of persons, so it costs what the 10,000-person
// page costs (BenchmarkPeopleRegisterPage). The import before it takes
// half a minute.
func BenchmarkPeopleRegisterPage100k(b *testing.B) {
	const persons = 100_000
	d := newTestDesk(b)
	inc := d.newIncident("Customer database stolen")
	lead := d.actor(auth.RoleLead)
	var lines bytes.Buffer
	for i := range persons {
		row := fmt.Sprintf("row %d", i+2)
		lines.WriteString(findingLine("users/registered_users.csv", row, "email", "", fmt.Sprintf("user%d@example.com", i)))
		lines.WriteString(findingLine("users/registered_users.csv", row, "name", "", fmt.Sprintf("User Number%d", i)))
		lines.WriteString(findingLine("users/registered_users.csv", row, "phone", "", fmt.Sprintf("+49170%07d", i)))
	}
	if _, err := d.people.ImportFindings(b.Context(), lead, inc.ID, "findings", "bench.jsonl", &lines); err != nil {
		b.Fatal(err)
	}
	for _, seg := range []*people.Segment{
		{Name: "e-mail", Rules: people.SegmentRules{Reach: people.ReachEmail}},
		{Name: "letter", Rules: people.SegmentRules{Reach: people.ReachPostalOnly}},
	} {
		if err := d.people.SaveSegment(b.Context(), lead, inc.ID, seg); err != nil {
			b.Fatal(err)
		}
	}
	c := d.as(auth.RoleLead)
	path := fmt.Sprintf("/incidents/%d/people", inc.ID)
	if rec := c.get(path); rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte(`id="count-persons">100,000<`)) {
		b.Fatalf("status %d", rec.Code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if rec := c.get(path); rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
