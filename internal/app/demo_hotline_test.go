package app

import (
	"bytes"
	"context"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// With the register's key, the demo incident has a hotline in use.
func TestDemoHotline(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys, err := people.NewKeyring(bytes.Repeat([]byte{5}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	fast := auth.FastArgon2
	svc, err := NewServices(db, Options{Argon2: &fast, Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	login, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), "de")
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	lead, err := svc.Auth.UserByEmail(ctx, auth.System(), "lead@"+demoDomain)
	if err != nil {
		t.Fatal(err)
	}
	comms, _ := svc.Auth.UserByEmail(ctx, auth.System(), "comms@"+demoDomain)
	dpo, _ := svc.Auth.UserByEmail(ctx, auth.System(), "dpo@"+demoDomain)
	a := auth.ActorFor(lead, auth.ViaWeb, "")
	id := login.IncidentID

	sc, err := svc.Hotline.ApprovedScript(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if sc.CreatedBy != comms.ID || sc.ApprovedBy != lead.ID {
		t.Errorf("script v%d written by %d, approved by %d; want comms %d and the lead %d", sc.Version, sc.CreatedBy, sc.ApprovedBy, comms.ID, lead.ID)
	}
	all, err := svc.Hotline.Inquiries(ctx, a, id, hotline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	channels := map[hotline.Channel]bool{}
	outcomes := map[hotline.Outcome]bool{}
	for _, q := range all {
		channels[q.Channel], outcomes[q.Outcome] = true, true
		if q.ScriptVersion != sc.Version {
			t.Errorf("inquiry %d shows script version %d", q.ID, q.ScriptVersion)
		}
	}
	if len(all) != 6 || len(channels) != 3 || len(outcomes) != 5 {
		t.Errorf("%d inquiries over %d channels with %d outcomes; want 6, every channel, all five outcomes", len(all), len(channels), len(outcomes))
	}
	cbs, _ := svc.Hotline.Inquiries(ctx, a, id, hotline.Filter{Callbacks: true})
	overdue, _ := svc.Hotline.Inquiries(ctx, a, id, hotline.Filter{Overdue: true})
	if len(cbs) != 1 || len(overdue) != 1 || overdue[0].Channel != hotline.ByMail {
		t.Errorf("%d open callbacks, overdue %+v; want one callback and the mail overdue", len(cbs), overdue)
	}
	mine, _ := svc.Hotline.Inquiries(ctx, a, id, hotline.Filter{AssigneeID: dpo.ID})
	if len(mine) != 1 || mine[0].Outcome != hotline.Escalated {
		t.Errorf("escalated to the DPO: %+v", mine)
	}
}
