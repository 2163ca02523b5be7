package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/csvsafe"
)

// adminRoute is an admin route with a request that would succeed for an
// admin, so that a refusal can only come from the role.
type adminRoute struct {
	method, path string
	form         url.Values
}

func adminRouteCases(d *testDesk) []adminRoute {
	target := strconv.FormatInt(d.users[auth.RoleViewer].ID, 10)
	pw := url.Values{"password": {"another long password"}, "password2": {"another long password"}}
	return []adminRoute{
		{http.MethodGet, "/admin/users", nil},
		{http.MethodGet, "/admin/users/new", nil},
		{http.MethodPost, "/admin/users", url.Values{"email": {"new@example.test"}, "role": {"viewer"},
			"password": {"a long enough password"}, "password2": {"a long enough password"}}},
		{http.MethodPost, "/admin/users/" + target + "/role", url.Values{"role": {"admin"}}},
		{http.MethodPost, "/admin/users/" + target + "/disable", nil},
		{http.MethodPost, "/admin/users/" + target + "/enable", nil},
		{http.MethodPost, "/admin/users/" + target + "/password", pw},
		{http.MethodGet, "/admin/audit", nil},
		{http.MethodGet, "/admin/audit?verify=1", nil},
		{http.MethodGet, "/admin/audit.csv", nil},
	}
}

func TestAdminRoutesAreForAdminsOnly(t *testing.T) {
	d := newTestDesk(t)
	var scenarios []scenario
	for _, rt := range adminRouteCases(d) {
		for _, role := range []auth.Role{auth.RoleLead, auth.RoleResponder, auth.RoleComms, auth.RoleHotline, auth.RoleViewer} {
			scenarios = append(scenarios, scenario{
				name: string(role) + " is refused " + rt.method + " " + rt.path, as: role, method: rt.method, path: rt.path,
				form: rt.form, status: http.StatusForbidden,
				contains:    []string{"Not allowed"},
				notContains: []string{testEmail(auth.RoleViewer), "login.ok", "seq,at"},
			})
		}
		scenarios = append(scenarios, scenario{
			name: "anonymous " + rt.method + " " + rt.path + " goes to the login", method: rt.method, path: rt.path, form: rt.form,
			status: http.StatusSeeOther, location: "/login",
		})
	}
	runScenarios(t, d, scenarios)
	if u, err := d.auth.User(context.Background(), auth.CLI(), d.users[auth.RoleViewer].ID); err != nil || u.Role != auth.RoleViewer || u.Disabled {
		t.Errorf("a refused request changed the viewer: %+v, %v", u, err)
	}

	// The same requests work for an admin.
	scenarios = nil
	for _, rt := range adminRouteCases(d) {
		want := http.StatusOK
		if rt.method == http.MethodPost {
			want = http.StatusSeeOther
		}
		scenarios = append(scenarios, scenario{name: "admin " + rt.method + " " + rt.path, as: auth.RoleAdmin,
			method: rt.method, path: rt.path, form: rt.form, status: want})
	}
	runScenarios(t, d, scenarios)
}

func TestAdminNavigationOnlyForAdmins(t *testing.T) {
	d := newTestDesk(t)
	runScenarios(t, d, []scenario{
		{name: "admin sees the admin pages in the navigation", as: auth.RoleAdmin, path: "/admin/users", status: http.StatusOK,
			contains: []string{`<a href="/admin/users" aria-current="page">`, `href="/admin/audit"`}},
		{name: "lead does not", as: auth.RoleLead, path: "/playbooks", status: http.StatusOK,
			notContains: []string{`href="/admin/users"`, `href="/admin/audit"`}},
	})
}

func TestAdminUserList(t *testing.T) {
	d := newTestDesk(t)
	runScenarios(t, d, []scenario{{
		name: "the list shows address, name, role, second factor, state and last login", as: auth.RoleAdmin,
		path: "/admin/users", status: http.StatusOK,
		contains: []string{
			testEmail(auth.RoleHotline), "Test hotline", "Hotline", "Two-factor", "Last login", "never", "Active",
			`action="/admin/users/` + strconv.FormatInt(d.users[auth.RoleHotline].ID, 10) + `/role"`, "(you)",
		},
		notContains: []string{"argon2", d.users[auth.RoleHotline].PasswordHash},
	}})
}

func TestAdminCreatesUsers(t *testing.T) {
	d := newTestDesk(t)
	valid := func(changes ...string) url.Values {
		v := url.Values{"email": {"Dora.DPO@Example.test"}, "name": {"Dora Datenschutz"}, "role": {"lead"}, "language": {"de"},
			"password": {"initial password 123"}, "password2": {"initial password 123"}}
		for i := 0; i+1 < len(changes); i += 2 {
			v.Set(changes[i], changes[i+1])
		}
		return v
	}
	runScenarios(t, d, []scenario{
		{name: "the form offers every role and the languages", as: auth.RoleAdmin, path: "/admin/users/new", status: http.StatusOK,
			contains: []string{`name="email"`, `name="password2"`, `<option value="viewer"`, `<option value="de" lang="de"`}},
		{name: "an invalid address keeps the input and marks the field", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users", form: valid("email", "dora at example"), status: http.StatusBadRequest,
			contains: []string{"This is not a valid e-mail address.", `value="dora at example"`, `value="Dora Datenschutz"`,
				`aria-invalid="true"`, "Please correct the marked fields.", `<option value="lead" selected>`},
			notContains: []string{"initial password 123"}},
		{name: "mistyped repetition, short password and unknown role are all shown at once", as: auth.RoleAdmin,
			method: http.MethodPost, path: "/admin/users", form: valid("password", "short", "password2", "shorter", "role", "boss"),
			status:   http.StatusBadRequest,
			contains: []string{"This is too short.", "The two entries do not match.", "Please choose one of the offered values."}},
		{name: "an address in use is taken", as: auth.RoleAdmin, method: http.MethodPost, path: "/admin/users",
			form: valid("email", " Viewer@Example.test "), status: http.StatusBadRequest,
			contains: []string{"This is already taken.", "Viewer@Example.test"}},
		{name: "a valid user is added", as: auth.RoleAdmin, method: http.MethodPost, path: "/admin/users", form: valid(),
			status: http.StatusSeeOther, location: "/admin/users?done=admin_user_created"},
		{name: "and listed", as: auth.RoleAdmin, path: "/admin/users?done=admin_user_created", status: http.StatusOK,
			contains: []string{"The user has been added.", "dora.dpo@example.test", "Dora Datenschutz"}},
	})
	if _, err := d.auth.Login(context.Background(), "dora.dpo@example.test", "initial password 123", "192.0.2.5"); err != nil {
		t.Errorf("the new user cannot log in: %v", err)
	}
}

func TestLastAdminCannotBeDemotedOrDisabled(t *testing.T) {
	d := newTestDesk(t)
	admin := strconv.FormatInt(d.users[auth.RoleAdmin].ID, 10)
	runScenarios(t, d, []scenario{
		{name: "demoting the last admin is refused with the reason", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + admin + "/role", form: url.Values{"role": {"lead"}}, status: http.StatusConflict,
			contains: []string{"this is the last active admin; make someone else admin first", `<details class="adm-manage" open>`}},
		{name: "disabling the last admin is refused with the reason", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + admin + "/disable", status: http.StatusConflict,
			contains: []string{"this is the last active admin"}},
		{name: "an unknown role is a field error", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + admin + "/role", form: url.Values{"role": {"king"}}, status: http.StatusBadRequest,
			contains: []string{"Please choose one of the offered values."}},
		{name: "an unknown user is not found", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/99999/role", form: url.Values{"role": {"lead"}}, status: http.StatusNotFound},
		{name: "a user ID that is no number is not found", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/x/disable", status: http.StatusNotFound},
	})
	u, err := d.auth.User(context.Background(), auth.CLI(), d.users[auth.RoleAdmin].ID)
	if err != nil || u.Role != auth.RoleAdmin || u.Disabled {
		t.Fatalf("the last admin was changed: %+v, %v", u, err)
	}
	// With a second admin, the first may step down.
	lead := strconv.FormatInt(d.users[auth.RoleLead].ID, 10)
	runScenarios(t, d, []scenario{
		{name: "the lead becomes admin", as: auth.RoleAdmin, method: http.MethodPost, path: "/admin/users/" + lead + "/role",
			form: url.Values{"role": {"admin"}}, status: http.StatusSeeOther, location: "/admin/users?done=admin_role_changed"},
		{name: "now the first admin may step down", as: auth.RoleAdmin, method: http.MethodPost, path: "/admin/users/" + admin + "/role",
			form: url.Values{"role": {"lead"}}, status: http.StatusSeeOther},
	})
}

func TestDisablingAUserEndsTheirSession(t *testing.T) {
	d := newTestDesk(t)
	responder := d.as(auth.RoleResponder)
	checkAnswer(t, responder.get("/incidents"), scenario{status: http.StatusOK})
	id := strconv.FormatInt(d.users[auth.RoleResponder].ID, 10)

	admin := d.as(auth.RoleAdmin)
	checkAnswer(t, admin.post("/admin/users/"+id+"/disable", nil), scenario{status: http.StatusSeeOther,
		location: "/admin/users?done=admin_user_disabled"})
	checkAnswer(t, responder.get("/incidents"), scenario{status: http.StatusSeeOther, location: "/login"})
	if _, err := d.auth.Login(context.Background(), testEmail(auth.RoleResponder), testPassword, "192.0.2.1"); err == nil {
		t.Error("a disabled user can log in")
	}
	checkAnswer(t, admin.get("/admin/users"), scenario{status: http.StatusOK,
		contains: []string{"Disabled", `action="/admin/users/` + id + `/enable"`}})

	checkAnswer(t, admin.post("/admin/users/"+id+"/enable", nil), scenario{status: http.StatusSeeOther})
	checkAnswer(t, d.as(auth.RoleResponder).get("/incidents"), scenario{status: http.StatusOK})
}

func TestAdminResetsAPassword(t *testing.T) {
	d := newTestDesk(t)
	comms := d.as(auth.RoleComms)
	id := strconv.FormatInt(d.users[auth.RoleComms].ID, 10)
	const next = "the new password for comms"
	runScenarios(t, d, []scenario{
		{name: "a mistyped repetition is shown on that user's form", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + id + "/password", form: url.Values{"password": {next}, "password2": {"other"}},
			status:      http.StatusBadRequest,
			contains:    []string{"The two entries do not match.", `id="password2-` + id + `" name="password2" type="password" autocomplete="new-password" required aria-invalid="true"`},
			notContains: []string{next}},
		{name: "a short password is refused", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + id + "/password", form: url.Values{"password": {"short"}, "password2": {"short"}},
			status: http.StatusBadRequest, contains: []string{"This is too short."}},
		{name: "a new password is set", as: auth.RoleAdmin, method: http.MethodPost,
			path: "/admin/users/" + id + "/password", form: url.Values{"password": {next}, "password2": {next}},
			status: http.StatusSeeOther, location: "/admin/users?done=admin_password_reset"},
	})
	checkAnswer(t, comms.get("/incidents"), scenario{status: http.StatusSeeOther, location: "/login"})
	if _, err := d.auth.Login(context.Background(), testEmail(auth.RoleComms), next, "192.0.2.1"); err != nil {
		t.Errorf("the reset password does not log in: %v", err)
	}
}

var auditSeq = regexp.MustCompile(`<td class="num">(\d+)</td>`)

func TestAuditTrailPage(t *testing.T) {
	d := newTestDesk(t)
	inc := d.newIncident("Extortion mail from Kraken", auth.RoleResponder)
	runScenarios(t, d, []scenario{
		{name: "the trail lists logins and user creations, newest first", as: auth.RoleAdmin, path: "/admin/audit",
			status: http.StatusOK, contains: []string{"login.ok", "user.create", "incident.create", "via the web desk", "192.0.2.1",
				`href="/incidents/` + strconv.FormatInt(inc.ID, 10) + `"`, "&#34;role&#34;:&#34;viewer&#34;", `action="/admin/audit#verify"`},
			notContains: []string{"Extortion mail from Kraken", "The chain is intact"}},
		{name: "the action filter keeps only that area", as: auth.RoleAdmin, path: "/admin/audit?action=login", status: http.StatusOK,
			contains:    []string{"login.ok", `<option value="login" selected>`, `href="/admin/audit.csv?action=login"`},
			notContains: []string{"<code>user.create</code>", "<code>incident.create</code>"}},
		{name: "the actor filter keeps one user's actions", as: auth.RoleAdmin,
			path: "/admin/audit?actor=" + strconv.FormatInt(d.users[auth.RoleLead].ID, 10), status: http.StatusOK,
			contains: []string{"<code>incident.create</code>", "lead@example.test"}, notContains: []string{"<code>user.create</code>"}},
		{name: "the incident filter keeps one incident's actions", as: auth.RoleAdmin,
			path: "/admin/audit?incident=" + strconv.FormatInt(inc.ID, 10), status: http.StatusOK,
			contains: []string{"<code>incident.create</code>"}, notContains: []string{"<code>login.ok</code>"}},
		{name: "dates select whole days", as: auth.RoleAdmin,
			path: "/admin/audit?from=" + d.now.Format("2006-01-02") + "&to=" + d.now.Format("2006-01-02"), status: http.StatusOK,
			contains: []string{"<code>user.create</code>"}},
		{name: "a range in the past is empty", as: auth.RoleAdmin, path: "/admin/audit?from=2001-01-01&to=2001-01-31",
			status: http.StatusOK, contains: []string{"No entry matches the filter."}},
		{name: "an invalid filter is a field error", as: auth.RoleAdmin, path: "/admin/audit?from=yesterday&action=nonsense",
			status: http.StatusBadRequest, contains: []string{"This is not a valid date and time.", "Please choose one of the offered values."}},
		{name: "the chain verifies as intact", as: auth.RoleAdmin, path: "/admin/audit?verify=1", status: http.StatusOK,
			contains: []string{"The chain is intact:", "entries checked."}},
	})

	// Paging: more than a page of entries, then "older" continues below
	// the oldest entry shown.
	for i := 0; i < auditPageSize+5; i++ {
		if err := d.auth.Record(context.Background(), auth.CLI(), auth.Event{Action: "export.test"}); err != nil {
			t.Fatal(err)
		}
	}
	admin := d.as(auth.RoleAdmin)
	first := admin.get("/admin/audit?action=export")
	seqs := auditSeq.FindAllStringSubmatch(first.Body.String(), -1)
	if len(seqs) != auditPageSize {
		t.Fatalf("first page has %d entries, want %d", len(seqs), auditPageSize)
	}
	oldest := seqs[len(seqs)-1][1]
	older := regexp.MustCompile(`href="(/admin/audit\?[^"]*before=` + oldest + `)"`).FindStringSubmatch(first.Body.String())
	if older == nil {
		t.Fatalf("no link to older entries before %s", oldest)
	}
	if !strings.Contains(older[1], "action=export") {
		t.Errorf("the older link loses the filter: %s", older[1])
	}
	next := admin.get(strings.ReplaceAll(older[1], "&amp;", "&"))
	checkAnswer(t, next, scenario{status: http.StatusOK, contains: []string{"← Newest entries"}})
	rest := auditSeq.FindAllStringSubmatch(next.Body.String(), -1)
	if len(rest) != 5 {
		t.Fatalf("the older page has %d entries, want the 5 left", len(rest))
	}
	if top, _ := strconv.Atoi(rest[0][1]); strconv.Itoa(top+1) != oldest {
		t.Errorf("the older page starts at %s, want the entry just below %s", rest[0][1], oldest)
	}
	if strings.Contains(next.Body.String(), "Older entries") {
		t.Error("the last page offers older entries")
	}
}

func TestAuditExportIsCSVAndOnRecord(t *testing.T) {
	d := newTestDesk(t)
	admin := d.as(auth.RoleAdmin)
	rec := admin.get("/admin/audit.csv?action=user")
	if rec.Code != http.StatusOK {
		t.Fatalf("status = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="breachdesk-audit-`) {
		t.Errorf("Content-Disposition = %q", cd)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "seq,at,actor_id,actor,via,addr,action,object_type,object_id,incident_id,detail,prev_hash,hash" {
		t.Fatalf("header row = %v (%d rows)", rows[0], len(rows))
	}
	for _, row := range rows[1:] {
		if !strings.HasPrefix(row[6], "user.") {
			t.Errorf("row outside the filter: %v", row)
		}
	}
	if len(rows)-1 != len(auth.Roles) {
		t.Errorf("%d rows, want one per created user (%d)", len(rows)-1, len(auth.Roles))
	}

	checkAnswer(t, admin.get("/admin/audit?action=export"), scenario{status: http.StatusOK,
		contains: []string{"<code>export.audit</code>", "admin@example.test", "&#34;format&#34;:&#34;csv&#34;"}})
	checkAnswer(t, admin.get("/admin/audit.csv?from=never"), scenario{status: http.StatusBadRequest})
}

func TestAuditExportNeutralisesSpreadsheetFormulas(t *testing.T) {
	if got := csvsafe.Cell("=HYPERLINK(\"x\")"); got != "'=HYPERLINK(\"x\")" {
		t.Errorf("csvsafe.Cell = %q", got)
	}
	if got := csvsafe.Cell("login.ok"); got != "login.ok" {
		t.Errorf("csvsafe.Cell = %q", got)
	}
}

// TestPlaybookAccountAndAdminPagesAreFullyTranslated renders every page of
// these areas in each language, with the states that show extra texts, and
// looks for a key the catalog lacks (shown as "[key]").
func TestPlaybookAccountAndAdminPagesAreFullyTranslated(t *testing.T) {
	d := newTestDesk(t)
	if _, err := d.incidents.ImportPlaybook(context.Background(), d.actor(auth.RoleAdmin), []byte(supplierPlaybook)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.auth.StartTOTP(context.Background(), d.actor(auth.RoleAdmin)); err != nil {
		t.Fatal(err)
	}
	pages := []string{
		"/playbooks", "/playbooks/data-theft", "/playbooks/supplier-leak", "/playbooks/import",
		"/account", "/account/totp", "/admin/users", "/admin/users/new", "/admin/audit?verify=1",
		"/admin/audit?from=bad", "/admin/users?done=admin_user_created", "/account?done=account_profile_saved",
	}
	for _, lang := range []string{"en", "de"} {
		admin := d.as(auth.RoleAdmin)
		checkAnswer(t, admin.post("/account/language", url.Values{"language": {lang}}), scenario{status: http.StatusSeeOther})
		for _, path := range pages {
			rec := admin.get(path)
			if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
				t.Errorf("%s %s: status %d", lang, path, rec.Code)
			}
			if m := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`).FindString(rec.Body.String()); m != "" {
				t.Errorf("%s %s shows the missing text %s", lang, path, m)
			}
			if !strings.Contains(rec.Body.String(), `<html lang="`+lang+`">`) {
				t.Errorf("%s %s is not in %s", lang, path, lang)
			}
		}
		rec := admin.post("/playbooks/import", url.Values{"source": {brokenPlaybook}})
		if m := regexp.MustCompile(`\[[a-z_]+\.[a-z_.]+\]`).FindString(rec.Body.String()); m != "" {
			t.Errorf("%s import problems show the missing text %s", lang, m)
		}
	}
}
