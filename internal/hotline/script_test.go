package hotline_test

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

func TestScriptFourEyes(t *testing.T) {
	d := newDesk(t)
	id := d.inc.ID
	sc := &hotline.Script{}
	if err := d.svc.SaveScript(d.ctx, d.actor("lead"), id, sc); err != nil {
		t.Fatal(err)
	}
	if sc.Version != 1 || sc.State != hotline.ScriptDraft || len(sc.Contents) != 2 {
		t.Fatalf("new script = version %d, %s, %d languages; want a draft v1 from the defaults (de, en)", sc.Version, sc.State, len(sc.Contents))
	}
	cases := []struct {
		user string
		want errs.Code
	}{
		{"lead", errs.Forbidden},    // its author
		{"comms", errs.Forbidden},   // writes, does not approve
		{"hotline", errs.Forbidden}, // neither
		{"viewer", errs.Forbidden},  // neither
		{"inclead", ""},             // the incident lead, not the author
	}
	for _, c := range cases {
		err := d.svc.ApproveScript(d.ctx, d.actor(c.user), id, sc.ID)
		if errs.CodeOf(err) != c.want && !(c.want == "" && err == nil) {
			t.Errorf("%s approves: err = %v, want %q", c.user, err, c.want)
		}
	}
	got, err := d.svc.ApprovedScript(d.ctx, d.actor("hotline"), id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != sc.ID || got.State != hotline.ScriptApproved || got.ApprovedBy != d.users["inclead"].ID || got.ApprovedAt == nil {
		t.Errorf("approved = %+v", got)
	}
	if err := d.svc.ApproveScript(d.ctx, d.actor("admin"), id, sc.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("approving twice: err = %v, want conflict", err)
	}
	if n := len(d.audits("hotline.script.approve")); n != 1 {
		t.Errorf("%d approvals audited, want 1", n)
	}
}

func TestScriptSupersede(t *testing.T) {
	d := newDesk(t)
	id := d.inc.ID
	if _, err := d.svc.ApprovedScript(d.ctx, d.actor("hotline"), id); !errs.Is(err, errs.NotFound) {
		t.Fatalf("approved script of a new incident: err = %v, want not_found", err)
	}
	v1 := d.approveDefault()

	// An approved version stays as it is; a colleague's draft too.
	v1.Contents[1].AckSubject = "changed"
	if err := d.svc.SaveScript(d.ctx, d.actor("comms"), id, v1); !errs.Is(err, errs.Conflict) {
		t.Errorf("changing an approved version: err = %v, want conflict", err)
	}
	v2 := &hotline.Script{}
	if err := d.svc.SaveScript(d.ctx, d.actor("comms"), id, v2); err != nil {
		t.Fatal(err)
	}
	if v2.Version != 2 || v2.Contents[1].AckSubject == "changed" {
		t.Fatalf("v2 = version %d, ack %q; want 2, copied from v1 as stored", v2.Version, v2.Contents[1].AckSubject)
	}
	other := *v2
	if err := d.svc.SaveScript(d.ctx, d.actor("lead"), id, &other); !errs.Is(err, errs.Forbidden) {
		t.Errorf("the lead changes comms' draft: err = %v, want forbidden", err)
	}
	v2.Contents[0].FAQ[0].Answer = "Neue Antwort."
	if err := d.svc.SaveScript(d.ctx, d.actor("comms"), id, v2); err != nil {
		t.Fatal(err)
	}
	v3 := &hotline.Script{}
	if err := d.svc.SaveScript(d.ctx, d.actor("comms"), id, v3); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.ApproveScript(d.ctx, d.actor("lead"), id, v3.ID); err != nil {
		t.Fatal(err)
	}
	// v2 is older than the approved v3: approving it would go back.
	if err := d.svc.ApproveScript(d.ctx, d.actor("lead"), id, v2.ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("approving an older draft: err = %v, want conflict", err)
	}
	all, err := d.svc.Scripts(d.ctx, d.actor("hotline"), id)
	if err != nil {
		t.Fatal(err)
	}
	states := map[int]hotline.ScriptState{}
	for _, s := range all {
		states[s.Version] = s.State
	}
	want := map[int]hotline.ScriptState{1: hotline.ScriptSuperseded, 2: hotline.ScriptDraft, 3: hotline.ScriptApproved}
	for v, st := range want {
		if states[v] != st {
			t.Errorf("version %d is %s, want %s", v, states[v], st)
		}
	}
	got, err := d.svc.ApprovedScript(d.ctx, d.actor("hotline"), id)
	if err != nil || got.Version != 3 || got.Contents[0].FAQ[0].Answer != "Neue Antwort." {
		t.Errorf("approved = %+v, %v; want v3 with the new answer", got, err)
	}
	// An inquiry records the version shown.
	q, err := d.svc.LogInquiry(d.ctx, d.actor("hotline"), id, hotline.NewInquiry{Channel: hotline.ByPhone, Outcome: hotline.Answered})
	if err != nil || q.ScriptVersion != 3 {
		t.Errorf("inquiry script version = %v, %v; want 3", q, err)
	}
}

func TestScriptContentsChecked(t *testing.T) {
	d := newDesk(t)
	bad := hotline.DefaultContents()
	bad[0].FAQ[2].Key = bad[0].FAQ[1].Key
	bad[1].Topics[0].Label = ""
	bad[1].FAQ[0].Situations = []hotline.Situation{"lottery"}
	err := d.svc.SaveScript(d.ctx, d.actor("comms"), d.inc.ID, &hotline.Script{Contents: bad})
	f := errs.FieldsOf(err)
	for _, name := range []string{"contents.de.faq.2.key", "contents.en.topics.0.label", "contents.en.faq.0.situations"} {
		if f[name] == "" {
			t.Errorf("no error for %s in %v", name, f)
		}
	}
	err = d.svc.SaveScript(d.ctx, d.actor("comms"), d.inc.ID, &hotline.Script{Contents: hotline.DefaultContents()[:1]})
	if errs.FieldsOf(err)["contents.en"] != errs.Required {
		t.Errorf("a script without English: err = %v", err)
	}
}
