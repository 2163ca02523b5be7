package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The fixture of the authorization matrix (authz_matrix_test.go): every
// case gets a caller of its own and, for routes about an incident, an
// incident of its own, so that what one case changes (a password, a
// disabled user, a removed member, a closed incident) cannot decide the
// next case.

// membership is how the caller of a case stands to the case's incident.
type membership string

const (
	nonMember   membership = "non-member"
	asMember    membership = "member"        // incident role "member"
	asIncLead   membership = "incident_lead" // incident role "incident_lead"
	asTaskOwner membership = "task_owner"    // incident role "member", owns the case's task
	noIncident  membership = ""              // the route is not about an incident
)

// incidentMemberships are the ways a caller can stand to an incident.
var incidentMemberships = []membership{nonMember, asMember, asIncLead, asTaskOwner}

// matrixPassword is the password of every caller the matrix creates.
const matrixPassword = "matrix passphrase long enough"

// matrixCase is one cell of the matrix: a caller (nil for nobody logged
// in), how they stand to the incident, and the objects the route names.
type matrixCase struct {
	t      *testing.T
	d      *testDesk
	n      int // the case's number, for unique names
	role   auth.Role
	member membership

	user *auth.User // the caller; nil when nobody is logged in
	web  *client    // the caller's browser (session cookie and CSRF token)
	api  *client    // the caller's program (a fresh API token)

	// The incident and what it holds, when the route is about one.
	inc        *incident.Incident
	entry      *incident.Entry // a note with one attachment
	task       *incident.Task  // with a one-item checklist, owned by nobody (or the caller, for task_owner)
	contact    *incident.Contact
	teammate   *auth.User // on the team as "member", to be removed
	newcomer   *auth.User // not on the team, to be added
	secretBits []string   // what only those who may view the incident may read

	// Created by a variant's setup when its route needs them.
	spare      *auth.User // a user for the admin routes to change
	tokenID    int64      // a token of the caller, to revoke
	totpSecret string     // the caller's pending or confirmed second factor
	filingID   int64      // a filing of the incident's GDPR Art. 33 duty
	// ids are further objects a setup made, by the wildcard that names
	// them ("tid", "cid", ...).
	ids map[string]int64

	// foreign is another incident's case, whose objects the path names
	// instead of this incident's.
	foreign *matrixCase
	// opens: the route opens incidents, which deskState then looks for
	// (searching costs a scan of every incident on the desk).
	opens    bool
	sentPath string // the path of the case's request
}

// matrixDesk is the desk all cases share; it numbers them. Cases run in
// parallel: each reads and changes only what it created, and its
// fingerprints (state, deskState) look at nothing else.
type matrixDesk struct {
	*testDesk
	cases atomic.Int64
	// twoFactor is an admin with a second factor, for sessions still
	// waiting for it; made once, as enrolling draws a QR code.
	twoFactor func() (*auth.User, error)
}

func newMatrixDesk(t *testing.T) *matrixDesk {
	md := &matrixDesk{testDesk: newTestDesk(t)}
	md.twoFactor = sync.OnceValues(func() (*auth.User, error) {
		ctx := context.Background()
		u, err := md.auth.CreateUser(ctx, auth.CLI(), auth.NewUser{
			Email: "two-factor-admin@matrix.test", Name: "Two-factor admin", Role: auth.RoleAdmin, Password: matrixPassword,
		})
		if err != nil {
			return nil, err
		}
		a := auth.ActorFor(u, auth.ViaWeb, "192.0.2.1")
		enrol, err := md.auth.StartTOTP(ctx, a)
		if err != nil {
			return nil, err
		}
		code, err := auth.TOTPCode(enrol.Secret, time.Now())
		if err != nil {
			return nil, err
		}
		return u, md.auth.ConfirmTOTP(ctx, a, code)
	})
	return md
}

// caseSpec says what a case needs.
type caseSpec struct {
	kind     Kind      // the route's: an API route needs a token, the others a session
	role     auth.Role // "" for nobody logged in
	member   membership
	incident bool // an incident of its own
	// The incident's objects the request names or the answer may show.
	entry, task, contact, teammate bool
}

// newCase creates the caller (none for role "") with a session, or a
// token for an API route, and, when the spec asks for one, a fresh
// incident opened by the desk's lead, on whose team the caller stands as
// the spec's membership says.
func (md *matrixDesk) newCase(t *testing.T, spec caseSpec) *matrixCase {
	t.Helper()
	role := spec.role
	// The desk's t is the test's; failures in the fixture belong to the case.
	d := *md.testDesk
	d.t = t
	x := &matrixCase{t: t, d: &d, n: int(md.cases.Add(1)), role: role, member: spec.member}
	ctx := context.Background()
	x.web, x.api = &client{d: &d}, &client{d: &d}
	if role != "" {
		u, err := d.auth.CreateUser(ctx, auth.CLI(), auth.NewUser{
			Email: fmt.Sprintf("caller-%d@matrix.test", x.n), Name: fmt.Sprintf("Caller %d", x.n),
			Role: role, Password: matrixPassword, Language: "en",
		})
		if err != nil {
			t.Fatalf("create caller: %v", err)
		}
		x.user = u
		switch spec.kind {
		case KindAPI:
			token, _, err := d.auth.CreateToken(ctx, auth.CLI(), u.ID, "matrix")
			if err != nil {
				t.Fatalf("token of caller: %v", err)
			}
			x.api.token = token
		default:
			login, err := d.auth.Login(ctx, u.Email, matrixPassword, "192.0.2.1")
			if err != nil {
				t.Fatalf("login caller: %v", err)
			}
			x.web.cookie, x.web.csrf = login.Token, login.Session.CSRF
		}
	}
	if spec.incident {
		x.openIncident(spec)
	}
	return x
}

// callerActor is the caller acting on the web.
func (x *matrixCase) callerActor() auth.Actor { return auth.ActorFor(x.user, auth.ViaWeb, "192.0.2.1") }

// openIncident opens the case's incident as the desk's lead (its incident
// lead), puts the caller on the team as the case's membership says, and
// adds the objects the spec asks for: an entry with an attachment, a task
// with a checklist, a contact, a teammate. Each costs a transaction, and a
// writing route names one at most.
func (x *matrixCase) openIncident(spec caseSpec) {
	x.t.Helper()
	ctx, d, lead := context.Background(), x.d, x.d.actor(auth.RoleLead)
	tag := fmt.Sprintf("%04d", x.n)
	inc, err := d.incidents.Create(ctx, lead, incident.NewIncident{
		Title: "Matrix incident " + tag + " under embargo", Kind: incident.KindDataTheft, Severity: incident.SeverityHigh,
		AwareAt: d.now.Add(-30 * time.Hour), Summary: "Matrix summary " + tag,
	})
	if err != nil {
		x.t.Fatalf("create incident: %v", err)
	}
	x.inc = inc
	x.secretBits = []string{inc.Title, "Matrix summary " + tag}
	if spec.entry {
		name := "matrix-" + tag + ".txt"
		x.entry, err = d.incidents.AddEntry(ctx, lead, inc.ID, incident.NewEntry{
			Kind: incident.EntryEvidence, Text: "Matrix entry " + tag,
			Attachments: []incident.NewAttachment{{Name: name, ContentType: "text/plain", Data: []byte("evidence " + tag)}},
		})
		if err != nil {
			x.t.Fatalf("add entry: %v", err)
		}
		x.secretBits = append(x.secretBits, "Matrix entry "+tag, name)
	}
	if spec.contact {
		x.contact, err = d.incidents.SaveContact(ctx, lead, inc.ID, incident.Contact{Role: "insurer", Label: "Matrix contact " + tag})
		if err != nil {
			x.t.Fatalf("save contact: %v", err)
		}
		x.secretBits = append(x.secretBits, "Matrix contact "+tag)
	}
	x.newcomer = d.users[auth.RoleHotline]
	if spec.teammate {
		x.teammate = d.users[auth.RoleComms]
		if err := d.incidents.SetMember(ctx, lead, inc.ID, x.teammate.ID, incident.RoleMember); err != nil {
			x.t.Fatalf("add teammate: %v", err)
		}
	}
	switch x.member {
	case asMember, asTaskOwner:
		x.join(incident.RoleMember)
	case asIncLead:
		x.join(incident.RoleIncidentLead)
	}
	if spec.task || x.member == asTaskOwner {
		in := incident.TaskInput{Title: "Matrix task " + tag, Checklist: []string{"Matrix check " + tag}}
		if x.member == asTaskOwner {
			in.OwnerID = x.user.ID
		}
		x.task, err = d.incidents.CreateTask(ctx, lead, inc.ID, in)
		if err != nil {
			x.t.Fatalf("create task: %v", err)
		}
		x.secretBits = append(x.secretBits, "Matrix task "+tag)
	}
}

func (x *matrixCase) join(role incident.MemberRole) {
	x.t.Helper()
	if x.user == nil {
		return
	}
	if err := x.d.incidents.SetMember(context.Background(), x.d.actor(auth.RoleLead), x.inc.ID, x.user.ID, role); err != nil {
		x.t.Fatalf("add caller as %s: %v", role, err)
	}
}

// newSpare creates a user for the admin routes to change.
func (x *matrixCase) newSpare() {
	x.t.Helper()
	u, err := x.d.auth.CreateUser(context.Background(), auth.CLI(), auth.NewUser{
		Email: fmt.Sprintf("spare-%d@matrix.test", x.n), Name: fmt.Sprintf("Spare %d", x.n),
		Role: auth.RoleResponder, Password: matrixPassword,
	})
	if err != nil {
		x.t.Fatalf("create spare user: %v", err)
	}
	x.spare = u
}

// startTOTP begins the caller's enrolment in a second factor.
func (x *matrixCase) startTOTP() {
	x.t.Helper()
	if x.user == nil {
		return
	}
	enrol, err := x.d.auth.StartTOTP(context.Background(), x.callerActor())
	if err != nil {
		x.t.Fatalf("start TOTP: %v", err)
	}
	x.totpSecret = enrol.Secret
}

// enableTOTP turns the caller's second factor on; the case's session stays.
func (x *matrixCase) enableTOTP() {
	x.t.Helper()
	if x.user == nil {
		return
	}
	x.startTOTP()
	if err := x.d.auth.ConfirmTOTP(context.Background(), x.callerActor(), x.totpCode()); err != nil {
		x.t.Fatalf("confirm TOTP: %v", err)
	}
}

// totpCode is the current code of the caller's second factor.
func (x *matrixCase) totpCode() string {
	x.t.Helper()
	if x.totpSecret == "" {
		return "000000"
	}
	code, err := auth.TOTPCode(x.totpSecret, time.Now())
	if err != nil {
		x.t.Fatalf("TOTP code: %v", err)
	}
	return code
}

// loginWithSecondFactorPending makes the caller an admin with a second
// factor who logs in with the password only: the session waits for the
// code.
func (x *matrixCase) loginWithSecondFactorPending(md *matrixDesk) {
	x.t.Helper()
	u, err := md.twoFactor()
	if err != nil {
		x.t.Fatalf("admin with a second factor: %v", err)
	}
	x.user = u
	login, err := x.d.auth.Login(context.Background(), x.user.Email, matrixPassword, "192.0.2.1")
	if err != nil || !login.NeedTOTP {
		x.t.Fatalf("login with a second factor: %v (pending %v)", err, login != nil && login.NeedTOTP)
	}
	x.web.cookie, x.web.csrf = login.Token, login.Session.CSRF
}

// disable locks the caller out, after they logged in and made their token.
func (x *matrixCase) disable() {
	x.t.Helper()
	if err := x.d.auth.SetDisabled(context.Background(), auth.CLI(), x.user.ID, true); err != nil {
		x.t.Fatalf("disable caller: %v", err)
	}
}

// demote makes the caller a viewer, after they logged in and made their
// token.
func (x *matrixCase) demote() {
	x.t.Helper()
	if err := x.d.auth.SetRole(context.Background(), auth.CLI(), x.user.ID, auth.RoleViewer); err != nil {
		x.t.Fatalf("demote caller: %v", err)
	}
}

// newToken creates a second token of the caller, to revoke.
func (x *matrixCase) newToken() {
	x.t.Helper()
	if x.user == nil {
		x.tokenID = 1
		return
	}
	_, tok, err := x.d.auth.CreateToken(context.Background(), auth.CLI(), x.user.ID, "to revoke")
	if err != nil {
		x.t.Fatalf("token to revoke: %v", err)
	}
	x.tokenID = tok.ID
}

var matrixWildcard = regexp.MustCompile(`\{([a-z]*)(\$?)\}`)

// fill puts the case's IDs into a route pattern: {id} is the incident
// (the user under /admin/users, the token under /account/tokens), {task},
// {att}, {contact} its objects, {user} the teammate, {name} a built-in
// playbook, {$} nothing.
func (x *matrixCase) fill(pattern string) string {
	return matrixWildcard.ReplaceAllStringFunc(pattern, func(w string) string {
		m := matrixWildcard.FindStringSubmatch(w)
		name := m[1]
		var id int64
		switch {
		case m[2] == "$":
			return ""
		case name == "name":
			return "data-theft"
		case name == "rule":
			return "gdpr.33"
		case name == "id" && strings.HasPrefix(pattern, "/admin/users/"):
			if x.spare == nil {
				x.t.Fatalf("route %s names a user: its setup must call newSpare", pattern)
			}
			id = x.spare.ID
		case name == "id" && strings.HasPrefix(pattern, "/account/tokens/"):
			id = x.tokenID
		case name == "id" && strings.HasPrefix(pattern, "/admin/authorities/"):
			return x.authorityID()
		case name == "comp" && x.ids["comp"] != 0:
			id = x.ids["comp"] // a component of the public side: the desk's
		case x.inc == nil:
			x.t.Fatalf("route %s names {%s}, but the case has no incident", pattern, name)
		case name == "id":
			id = x.inc.ID
		case x.foreign != nil && name == "user":
			id = x.foreign.user.ID // on the other incident's team only
		case x.foreign != nil:
			id = x.foreign.objectID(name)
		default:
			id = x.objectID(name)
		}
		return strconv.FormatInt(id, 10)
	})
}

// objectID is the ID of the incident's object a wildcard names.
func (x *matrixCase) objectID(name string) int64 {
	switch {
	case name == "task" && x.task != nil:
		return x.task.ID
	case name == "att" && x.entry != nil:
		return x.entry.Attachments[0].ID
	case name == "contact" && x.contact != nil:
		return x.contact.ID
	case name == "user" && x.teammate != nil:
		return x.teammate.ID
	case name == "filing" && x.filingID != 0:
		return x.filingID
	case name == "pid" || name == "seg":
		return x.registerObjectID(name)
	case x.ids[name] != 0:
		return x.ids[name]
	}
	x.t.Fatalf("no value for {%s}: teach matrixCase.fill, or ask for the object in runCell's caseSpec", name)
	return 0
}

// state is a fingerprint of the case's incident, read as the command line:
// what any change through a route would alter.
func (x *matrixCase) state() string {
	x.t.Helper()
	if x.inc == nil {
		return ""
	}
	ctx, cli, id := context.Background(), auth.CLI(), x.inc.ID
	inc, _, err := x.d.incidents.Get(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("state: %v", err)
	}
	entries, err := x.d.incidents.TimelineCount(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("state: %v", err)
	}
	tasks, err := x.d.incidents.Tasks(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("state: %v", err)
	}
	members, err := x.d.incidents.Members(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("state: %v", err)
	}
	contacts, err := x.d.incidents.Contacts(ctx, cli, id)
	if err != nil {
		x.t.Fatalf("state: %v", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "incident %q %s %s %s; entries %d;", inc.Title, inc.Status, inc.Severity, inc.UpdatedAt.Format(time.RFC3339Nano), entries)
	b.WriteString(x.peopleState())
	b.WriteString(x.hotlineState())
	b.WriteString(x.publishState())
	for _, t := range tasks {
		fmt.Fprintf(&b, " task %d %q %s owner %d %v;", t.ID, t.Title, t.Status, t.OwnerID, t.Checklist)
	}
	for _, m := range members {
		fmt.Fprintf(&b, " member %d %s;", m.UserID, m.Role)
	}
	for _, c := range contacts {
		fmt.Fprintf(&b, " contact %d %q %q;", c.ID, c.Label, c.Name)
	}
	return b.String()
}

// deskState is a fingerprint of what the case's call may change beyond
// its incident: the caller and the spare user with their settings and the
// caller's tokens, and whether the user, incident or playbook the case
// would create exists.
func (x *matrixCase) deskState() string {
	x.t.Helper()
	ctx, cli := context.Background(), auth.CLI()
	var b strings.Builder
	for _, who := range []*auth.User{x.user, x.spare} {
		if who == nil {
			continue
		}
		u, err := x.d.auth.User(ctx, cli, who.ID)
		if err != nil {
			x.t.Fatalf("desk state: %v", err)
		}
		fmt.Fprintf(&b, "user %d %s %s disabled=%v %q %q %q pw=%s totp=%s/%s;", u.ID, u.Email, u.Role, u.Disabled,
			u.Name, u.Language, u.TimeZone, u.PasswordHash, u.TOTPSecret, u.TOTPPending)
	}
	if x.user != nil {
		tokens, err := x.d.auth.Tokens(ctx, cli, x.user.ID)
		if err != nil {
			x.t.Fatalf("desk state: %v", err)
		}
		for _, tok := range tokens {
			fmt.Fprintf(&b, " token %d %q;", tok.ID, tok.Name)
		}
	}
	_, err := x.d.auth.UserByEmail(ctx, cli, x.newUserEmail())
	fmt.Fprintf(&b, " new user: %v;", err == nil)
	if x.opens {
		opened, err := x.d.incidents.List(ctx, cli, false, x.newIncidentTitle())
		if err != nil {
			x.t.Fatalf("desk state: %v", err)
		}
		fmt.Fprintf(&b, " opened incidents %d;", len(opened))
	}
	_, err = x.d.incidents.Playbook(ctx, x.newPlaybookName())
	fmt.Fprintf(&b, " new playbook: %v", err == nil)
	b.WriteString(x.publishDeskState())
	return b.String()
}

// The names of what a case creates through the routes that create.
func (x *matrixCase) newUserEmail() string     { return fmt.Sprintf("new-%d@matrix.test", x.n) }
func (x *matrixCase) newIncidentTitle() string { return fmt.Sprintf("Opened by matrix case %d", x.n) }
func (x *matrixCase) newPlaybookName() string  { return fmt.Sprintf("matrix-%d", x.n) }

// send makes the case's request: a form (multipart with files), a JSON
// call for API routes, or a GET. csrf overrides the session's token when
// not empty.
func (x *matrixCase) send(route Route, v *matrixVariant, csrf string) *httptest.ResponseRecorder {
	x.t.Helper()
	path := x.fill(route.Path)
	if v.path != nil {
		path = v.path(x)
	}
	x.sentPath = path
	if v.request != nil && route.Kind == KindAPI {
		return v.request(x, x.api, path)
	}
	if route.Kind == KindAPI {
		var body any
		if v.json != nil {
			body = v.json(x)
		}
		return apiCall(x.t, x.api, route.Method, path, body, nil)
	}
	c := x.web
	if csrf != "" {
		forged := *c
		forged.csrf = csrf
		c = &forged
	}
	if v.request != nil {
		return v.request(x, c, path)
	}
	if route.Method == http.MethodGet {
		return c.get(path)
	}
	form := url.Values{}
	if v.form != nil {
		form = v.form(x)
	}
	if len(v.files) > 0 {
		files := make([]upload, len(v.files))
		for i, name := range v.files {
			files[i] = upload{name: name, data: []byte("matrix upload " + name)}
		}
		return c.postFiles(path, form, files...)
	}
	return c.post(path, form)
}
