package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
	"github.com/breachdesk/breachdesk/internal/store/sqlite"
)

// openTestDesk returns services over a fresh SQLite desk with cheap
// password hashing.
func openTestDesk(t *testing.T) *Services {
	t.Helper()
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fast := auth.FastArgon2
	svc, err := NewServices(db, Options{Argon2: &fast})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// seeded is a desk with the demo in lang, and what the demo printed.
func seeded(t *testing.T, lang string) (*Services, *DemoLogin, *incident.Incident) {
	t.Helper()
	svc := openTestDesk(t)
	ctx := context.Background()
	login, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), lang)
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	list, err := svc.Incidents.List(ctx, auth.System(), false, "")
	if err != nil || len(list) != 1 {
		t.Fatalf("the demo should hold one open incident, got %d (%v)", len(list), err)
	}
	return svc, login, &list[0].Incident
}

func TestDemoIncidentIsAnExtortionThirtyHoursIntoItsClock(t *testing.T) {
	svc, login, inc := seeded(t, "en")
	if !login.Seeded || login.Email != DemoAdminEmail || login.IncidentTitle != "Extortion mail: customer data stolen" {
		t.Errorf("login = %+v", login)
	}
	if inc.Kind != incident.KindDataTheft || inc.Severity != incident.SeverityCritical || inc.Status != incident.StatusInvestigating {
		t.Errorf("incident is %s/%s/%s, want data_theft/critical/investigating", inc.Kind, inc.Severity, inc.Status)
	}
	if since := inc.SinceAware(svc.Incidents.Now()); since < 29*time.Hour || since > 31*time.Hour {
		t.Errorf("the clock has run %v, want about 30 hours", since)
	}
}

func TestDemoAdminLogsInWithTheStrongPrintedPassword(t *testing.T) {
	svc, login, _ := seeded(t, "en")
	if len(login.Password) < 20 {
		t.Errorf("the password %q is shorter than 20 characters", login.Password)
	}
	l, err := svc.Auth.Login(context.Background(), login.Email, login.Password, "192.0.2.1")
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if l.User.Role != auth.RoleAdmin || l.NeedTOTP {
		t.Errorf("logged in as %s (second factor %v), want an admin without", l.User.Role, l.NeedTOTP)
	}
}

func TestDemoTeamHoldsTheIncidentRoles(t *testing.T) {
	svc, _, inc := seeded(t, "en")
	members, err := svc.Incidents.Members(context.Background(), auth.System(), inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[incident.MemberRole]int{}
	for _, m := range members {
		roles[m.Role]++
	}
	for _, want := range []incident.MemberRole{incident.RoleIncidentLead, incident.RoleDPO, incident.RoleCommsLead, incident.RoleMember} {
		if roles[want] == 0 {
			t.Errorf("nobody on the team is %s: %v", want, roles)
		}
	}
	users, err := svc.Auth.Users(context.Background(), auth.System())
	if err != nil {
		t.Fatal(err)
	}
	byRole := map[auth.Role]int{}
	for _, u := range users {
		byRole[u.Role]++
		if !strings.HasSuffix(u.Email, "@"+demoDomain) {
			t.Errorf("demo user %d has an address outside %s", u.ID, demoDomain)
		}
	}
	for _, r := range auth.Roles {
		if byRole[r] == 0 {
			t.Errorf("the demo has no %s", r)
		}
	}
}

func TestDemoTimelineTellsTheExtortionStory(t *testing.T) {
	svc, _, inc := seeded(t, "en")
	entries, err := svc.Incidents.Timeline(context.Background(), auth.System(), inc.ID, incident.TimelinePage{})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	kinds := map[incident.EntryKind]bool{}
	for _, e := range entries {
		all.WriteString(e.Text + "\n")
		kinds[e.Kind] = true
	}
	for _, want := range []string{"2.25 million in bitcoin", "22,800 employee records", "399,000 ID records of car owners",
		"650,000 address records", "4.85 million registered users", "we do not pay", "police"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("the timeline does not mention %q", want)
		}
	}
	for _, k := range []incident.EntryKind{incident.EntryDetection, incident.EntryExtortion, incident.EntryDecision, incident.EntryCommunication} {
		if !kinds[k] {
			t.Errorf("the timeline has no %s entry", k)
		}
	}
}

func TestDemoTasksAreDoneRunningAndOverdue(t *testing.T) {
	svc, _, inc := seeded(t, "en")
	tasks, err := svc.Incidents.Tasks(context.Background(), auth.System(), inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := svc.Incidents.Now()
	count := map[string]int{}
	for _, task := range tasks {
		count[string(task.Status)]++
		if task.Overdue(now) {
			count["overdue"]++
		}
		if task.OwnerID != 0 {
			count["owned"]++
		}
	}
	if count["done"] < 5 || count["doing"] != 1 || count["overdue"] < 1 || count["open"] < 5 || count["owned"] == 0 {
		t.Errorf("tasks: %v; want several done, one doing, at least one overdue, several open, some owned", count)
	}
}

func TestDemoPoliceContactIsFilledIn(t *testing.T) {
	svc, _, inc := seeded(t, "en")
	contacts, err := svc.Incidents.Contacts(context.Background(), auth.System(), inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	filled := 0
	for _, c := range contacts {
		if c.Role == "police" && c.Filled() && strings.Contains(c.Notes, "Case number") {
			filled++
		}
	}
	if filled != 1 || len(contacts) < 2 {
		t.Errorf("want the police contact filled among the playbook's slots, got %+v", contacts)
	}
}

func TestDemoIsOnTheAuditTrailAndTheChainHolds(t *testing.T) {
	svc, _, _ := seeded(t, "en")
	report, err := svc.Auth.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !report.OK() || report.Entries < 30 {
		t.Errorf("audit chain: %+v; want intact with the demo's changes on it", report)
	}
}

func TestDemoInGermanSpeaksGerman(t *testing.T) {
	svc, login, inc := seeded(t, "de")
	if inc.Title != "Erpresser-Mail: Kundendaten gestohlen" || login.IncidentTitle != inc.Title {
		t.Errorf("title = %q", inc.Title)
	}
	tasks, err := svc.Incidents.Tasks(context.Background(), auth.System(), inc.ID)
	if err != nil || len(tasks) == 0 {
		t.Fatalf("tasks: %v", err)
	}
	if tasks[0].Title != "Erpresser-E-Mail unverändert sichern" {
		t.Errorf("the first task is %q, want it from the German playbook", tasks[0].Title)
	}
	entries, err := svc.Incidents.Timeline(context.Background(), auth.System(), inc.ID, incident.TimelinePage{})
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, e := range entries {
		all.WriteString(e.Text)
	}
	if !strings.Contains(all.String(), "2,25 Millionen US-Dollar in Bitcoin") || !strings.Contains(all.String(), "4,85 Millionen") {
		t.Errorf("the German timeline lacks the demand or the counts")
	}
}

func TestDemoStartedAgainKeepsItsIncidentAndGivesANewPassword(t *testing.T) {
	svc, first, _ := seeded(t, "en")
	ctx := context.Background()
	second, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), "en")
	if err != nil {
		t.Fatal(err)
	}
	if second.Seeded || second.Password == first.Password || second.IncidentTitle != first.IncidentTitle {
		t.Errorf("second start: %+v", second)
	}
	if _, err := svc.Auth.Login(ctx, DemoAdminEmail, first.Password, "192.0.2.1"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := svc.Auth.Login(ctx, DemoAdminEmail, second.Password, "192.0.2.1"); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	list, err := svc.Incidents.List(ctx, auth.System(), false, "")
	if err != nil || len(list) != 1 {
		t.Errorf("after a second start there are %d incidents (%v), want 1", len(list), err)
	}
}

func TestDemoRefusesADeskThatIsNotADemo(t *testing.T) {
	svc := openTestDesk(t)
	ctx := context.Background()
	if _, err := svc.Auth.CreateUser(ctx, auth.CLI(), auth.NewUser{
		Email: "real.admin@example.com", Role: auth.RoleAdmin, Password: "a real desk's password",
	}); err != nil {
		t.Fatal(err)
	}
	_, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), "en")
	if err != ErrNotDemoDesk || !errs.Is(err, errs.Conflict) {
		t.Fatalf("err = %v, want ErrNotDemoDesk", err)
	}
	users, _ := svc.Auth.Users(ctx, auth.System())
	list, _ := svc.Incidents.List(ctx, auth.System(), false, "")
	if len(users) != 1 || len(list) != 0 {
		t.Errorf("the real desk was changed: %d users, %d incidents", len(users), len(list))
	}
}

func TestNewDemoPasswordIsLongRandomAndEasyToType(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		pw, err := NewDemoPassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(pw) < 20 || seen[pw] || strings.ContainsAny(pw, "0O1lI") {
			t.Fatalf("password %q: too short, repeated or with look-alike characters", pw)
		}
		seen[pw] = true
	}
}

func TestDemoPrintsACommsALeadAndAHotlineLoginSoThatANotificationGetsItsSecondPairOfEyes(t *testing.T) {
	svc, login, inc := seeded(t, "en")
	ctx := context.Background()
	if login.IncidentID != inc.ID {
		t.Errorf("IncidentID = %d, want %d", login.IncidentID, inc.ID)
	}
	check := func(accounts []DemoAccount) {
		t.Helper()
		roles := map[auth.Role]bool{}
		for _, a := range accounts {
			if _, err := svc.Auth.Login(ctx, a.Email, a.Password, "192.0.2.1"); err != nil {
				t.Errorf("%s cannot log in with the printed password: %v", a.Email, err)
			}
			roles[a.Role] = true
		}
		if len(accounts) != 3 || !roles[auth.RoleComms] || !roles[auth.RoleLead] || !roles[auth.RoleHotline] {
			t.Errorf("notifiers = %+v, want a comms, a lead and a hotline user", accounts)
		}
	}
	check(login.Notifiers)
	again, err := PrepareDemo(ctx, svc, svc.Incidents.Now(), "en")
	if err != nil {
		t.Fatal(err)
	}
	check(again.Notifiers)
	if again.Notifiers[0].Password == login.Notifiers[0].Password {
		t.Error("a demo started again should give the notifiers new passwords too")
	}
	if again.IncidentID != inc.ID {
		t.Errorf("IncidentID after a restart = %d, want %d", again.IncidentID, inc.ID)
	}
}
