package hotline_test

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestDashboardFillsEmptyHoursAndCountsByChannelAndTopic(t *testing.T) {
	d := newCTIDesk(t)
	ctx := context.Background()
	agent := d.actor("hotline")
	logged := func(n hotline.NewInquiry) {
		t.Helper()
		if _, err := d.svc.LogInquiry(ctx, agent, d.inc.ID, n); err != nil {
			t.Fatalf("log %s inquiry: %v", n.Channel, err)
		}
	}
	// 09:30: a phone call about bank data; 10:10: another call and a web
	// question; 10:20: a call to call back.
	logged(hotline.NewInquiry{Channel: hotline.ByPhone, Topic: "bank", Questions: []string{"bank-what-to-do"}, Outcome: hotline.Answered})
	d.clock.Add(40 * time.Minute)
	logged(hotline.NewInquiry{Channel: hotline.ByPhone, Topic: "affected", Questions: []string{"bank-what-to-do", "which-data"}, Outcome: hotline.Answered})
	logged(hotline.NewInquiry{Channel: hotline.ByWeb, Topic: "affected", Questions: []string{"which-data"}, Outcome: hotline.Answered})
	d.clock.Add(10 * time.Minute)
	due := d.clock.Now().Add(2 * time.Hour)
	logged(hotline.NewInquiry{Channel: hotline.ByPhone, Topic: "bank", Outcome: hotline.Callback, CallbackDue: &due})

	dash, err := d.svc.Dashboard(ctx, d.actor("viewer"), d.inc.ID, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(dash.Hours) != 4 {
		t.Fatalf("%d hours, want 4 (empty ones included)", len(dash.Hours))
	}
	wantStarts := []string{"07:00", "08:00", "09:00", "10:00"}
	wantPhone := []int64{0, 0, 1, 2}
	wantWeb := []int64{0, 0, 0, 1}
	for i, h := range dash.Hours {
		if got := h.Start.Format("15:04"); got != wantStarts[i] {
			t.Errorf("hour %d starts %s, want %s", i, got, wantStarts[i])
		}
		if h.ByChannel[hotline.ByPhone] != wantPhone[i] || h.ByChannel[hotline.ByWeb] != wantWeb[i] {
			t.Errorf("hour %s: %v, want phone %d web %d", wantStarts[i], h.ByChannel, wantPhone[i], wantWeb[i])
		}
	}
	if dash.ByChannel[hotline.ByPhone] != 3 || dash.ByChannel[hotline.ByWeb] != 1 || dash.ByChannel[hotline.ByMail] != 0 {
		t.Errorf("by channel %v", dash.ByChannel)
	}
	if dash.ByTopic["bank"] != 2 || dash.ByTopic["affected"] != 2 {
		t.Errorf("by topic %v", dash.ByTopic)
	}
	if dash.Callbacks != 1 || dash.Open != 1 {
		t.Errorf("open %d, callbacks %d; want 1 and 1", dash.Open, dash.Callbacks)
	}
	if avg, ok := dash.AvgFirstResponse[hotline.ByPhone]; !ok || avg != 0 {
		t.Errorf("calls are answered on the call: average %v (%v)", avg, ok)
	}
	if len(dash.TopQuestions) < 2 || dash.TopQuestions[0].Key != "bank-what-to-do" && dash.TopQuestions[0].Key != "which-data" || dash.TopQuestions[0].N != 2 {
		t.Errorf("top questions %+v", dash.TopQuestions)
	}

	// The window is clamped to a week; an outsider sees nothing.
	if dash, err = d.svc.Dashboard(ctx, d.actor("lead"), d.inc.ID, 10_000); err != nil || len(dash.Hours) != hotline.MaxDashboardHours {
		t.Fatalf("a huge window: %v, %d hours", err, len(dash.Hours))
	}
	if _, err := d.svc.Dashboard(ctx, d.actor("outsider"), d.inc.ID, 24); !errs.Is(err, errs.NotFound) {
		t.Fatalf("an outsider saw the dashboard: %v", err)
	}
}
