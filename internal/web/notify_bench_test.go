package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/notify"
	"github.com/breachdesk/breachdesk/internal/people"
)

// BenchmarkCampaignPage renders the page of a running campaign to 10,000
// persons just queued: the progress counted from the ledger, the chart,
// and the first page of deliveries. Run with `make bench`.
func BenchmarkCampaignPage(b *testing.B) {
	d := newTestDesk(b)
	inc := d.newIncident("Customer database stolen", auth.RoleComms)
	ctx, lead := context.Background(), d.actor(auth.RoleLead)
	var findings strings.Builder
	for i := range 10_000 {
		findings.WriteString(findingLine("customers.csv", fmt.Sprintf("row %d", i+2), "email", "", fmt.Sprintf("kunde%d@example.de", i)))
		findings.WriteString(findingLine("customers.csv", fmt.Sprintf("row %d", i+2), "name", "", fmt.Sprintf("Kunde %d", i)))
	}
	if _, err := d.people.ImportFindings(ctx, lead, inc.ID, "findings", "customers.jsonl", strings.NewReader(findings.String())); err != nil {
		b.Fatal(err)
	}
	seg := &people.Segment{Name: "Everyone"}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(d.people.SaveSegment(ctx, lead, inc.ID, seg))
	tpl := &notify.Template{Name: "Erstinformation", Company: "Beispiel GmbH", Hotline: "+49 511 123456", Contents: []notify.Content{
		{Lang: "de", Subject: "Information", Body: deBody}, {Lang: "en", Subject: "Information", Body: enBody}}}
	must(d.notify.SaveTemplate(ctx, lead, inc.ID, tpl))
	cp, err := d.notify.CreateCampaign(ctx, lead, inc.ID, notify.NewCampaign{Name: "Alle", Kind: notify.Individual,
		SegmentID: seg.ID, TemplateID: tpl.ID, Channel: notify.ByEmail})
	must(err)
	must(d.notify.Approve(ctx, d.actor(auth.RoleComms), inc.ID, cp.ID))
	must(d.notify.SaveSMTP(ctx, d.actor(auth.RoleAdmin), d.relay.config()))
	must(d.notify.Start(ctx, lead, inc.ID, cp.ID))
	c := d.as(auth.RoleComms)
	path := fmt.Sprintf("/incidents/%d/campaigns/%d", inc.ID, cp.ID)
	if rec := c.get(path); rec.Code != http.StatusOK {
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
