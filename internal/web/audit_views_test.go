package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
)

// An admin may read every incident, but reading one whose team they are not
// on is recorded each time; team members' reads are not.
func TestAdminReadsOutsideTheTeamAreAudited(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Mail server taken over", auth.RoleResponder)
	views := func() int {
		entries, err := d.auth.Audit(context.Background(), auth.CLI(), auth.AuditFilter{Action: "incident.view", IncidentID: inc.ID})
		if err != nil {
			t.Fatal(err)
		}
		return len(entries)
	}
	path := fmt.Sprintf("/incidents/%d", inc.ID)
	for _, role := range []auth.Role{auth.RoleLead, auth.RoleResponder} {
		if rec := d.as(role).get(path); rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", role, rec.Code)
		}
	}
	if n := views(); n != 0 {
		t.Fatalf("members' reads left %d view entries, want none", n)
	}
	admin := d.as(auth.RoleAdmin)
	admin.get(path)
	admin.get(path + "/timeline")
	if rec := d.apiAs(auth.RoleAdmin).call(http.MethodGet, "/api/v1"+path, nil); rec.Code != http.StatusOK {
		t.Fatalf("api: status %d", rec.Code)
	}
	if n := views(); n != 3 {
		t.Errorf("the admin's three reads left %d view entries, want 3", n)
	}
}
