package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
)

func TestAccountPageIsEveryonesOwn(t *testing.T) {
	d := newTestDesk(t)
	var scenarios []scenario
	for _, role := range auth.Roles {
		scenarios = append(scenarios, scenario{
			name: string(role) + " sees their own account", as: role, path: "/account", status: http.StatusOK,
			contains: []string{
				testEmail(role), "<h1>My account</h1>", `action="/account/profile"`, `action="/account/password"`,
				`action="/account/totp/start"`, `action="/account/tokens"`, `name="csrf"`, `aria-current="page"`,
			},
		})
	}
	for _, path := range []string{"/account", "/account/totp"} {
		scenarios = append(scenarios, scenario{name: "anonymous GET " + path + " goes to the login", path: path,
			status: http.StatusSeeOther, location: "/login"})
	}
	for _, path := range []string{"/account/profile", "/account/password", "/account/totp/start", "/account/totp/confirm",
		"/account/totp/disable", "/account/tokens", "/account/tokens/1/revoke", "/account/language"} {
		scenarios = append(scenarios,
			scenario{name: "anonymous POST " + path + " goes to the login", method: http.MethodPost, path: path,
				status: http.StatusSeeOther, location: "/login"},
			scenario{name: "POST " + path + " without the CSRF token is refused", as: auth.RoleResponder, method: http.MethodPost,
				path: path, form: url.Values{"csrf": {"forged"}}, status: http.StatusForbidden},
		)
	}
	runScenarios(t, d, scenarios)
}

func TestProfileChangesNameAndLanguage(t *testing.T) {
	d := newTestDesk(t)
	c := d.as(auth.RoleResponder)
	rec := c.post("/account/profile", url.Values{"name": {"Rita Responder"}, "language": {"de"}, "time_zone": {""}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/account?done=account_profile_saved"})
	checkAnswer(t, c.get("/account?done=account_profile_saved"), scenario{status: http.StatusOK, contains: []string{
		"Ihr Profil wurde gespeichert.", `value="Rita Responder"`, `<option value="de" lang="de" selected>`, "Rita Responder</a>",
	}})
	checkAnswer(t, c.post("/account/profile", url.Values{"name": {"Rita"}, "time_zone": {"Mars/Olympus_Mons"}}), scenario{
		status:   http.StatusBadRequest,
		contains: []string{"Bitte wählen Sie einen der angebotenen Werte.", `value="Rita"`, `aria-invalid="true"`},
	})
	checkAnswer(t, c.post("/account/profile", url.Values{"name": {strings.Repeat("x", auth.MaxNameLen+1)}}), scenario{
		status: http.StatusBadRequest, contains: []string{`id="name"`, `aria-invalid="true"`},
	})
}

func TestProfileTimeZoneShowsTimesInThatZone(t *testing.T) {
	d := newTestDesk(t)
	c := d.as(auth.RoleResponder)
	checkAnswer(t, c.post("/account/profile", url.Values{"name": {"Rita"}, "time_zone": {"Asia/Tokyo"}}), scenario{
		status: http.StatusSeeOther,
	})
	checkAnswer(t, c.get("/account"), scenario{status: http.StatusOK, contains: []string{`<option value="Asia/Tokyo" selected>`, "now JST"}})
	// A valid zone that is not among the common ones is offered too.
	checkAnswer(t, c.post("/account/profile", url.Values{"name": {"Rita"}, "time_zone": {"Europe/Kyiv"}}), scenario{
		status: http.StatusSeeOther,
	})
	checkAnswer(t, c.get("/account"), scenario{status: http.StatusOK, contains: []string{`<option value="Europe/Kyiv" selected>`}})
}

func TestLanguageSwitchChangesTheNextPage(t *testing.T) {
	d := newTestDesk(t)
	c := d.as(auth.RoleViewer)
	checkAnswer(t, c.post("/account/language", url.Values{"language": {"de"}, "next": {"/account"}}), scenario{
		status: http.StatusSeeOther, location: "/account",
	})
	checkAnswer(t, c.get("/account"), scenario{status: http.StatusOK,
		contains:    []string{`<html lang="de">`, "<h1>Mein Konto</h1>", "Passwort ändern", "Zwei-Faktor-Anmeldung einrichten"},
		notContains: []string{"Change password"},
	})
	checkAnswer(t, c.get("/playbooks"), scenario{status: http.StatusOK, contains: []string{"Datendiebstahl mit Erpressung", "Mitgeliefert"}})
}

func TestPasswordChange(t *testing.T) {
	d := newTestDesk(t)
	const next = "a much longer new passphrase"
	runScenarios(t, d, []scenario{
		{name: "a wrong current password is a field error", as: auth.RoleComms, method: http.MethodPost, path: "/account/password",
			form:   url.Values{"current_password": {"not my password"}, "new_password": {next}, "new_password2": {next}},
			status: http.StatusBadRequest, contains: []string{"The password is wrong.", `id="current_password"`, `aria-invalid="true"`},
			notContains: []string{"not my password", next}},
		{name: "a mistyped repetition is a field error on the second field", as: auth.RoleComms, method: http.MethodPost,
			path:   "/account/password",
			form:   url.Values{"current_password": {testPassword}, "new_password": {next}, "new_password2": {next + "!"}},
			status: http.StatusBadRequest, contains: []string{"The two entries do not match."}, notContains: []string{testPassword, next}},
		{name: "a short new password is refused", as: auth.RoleComms, method: http.MethodPost, path: "/account/password",
			form:   url.Values{"current_password": {testPassword}, "new_password": {"short"}, "new_password2": {"short"}},
			status: http.StatusBadRequest, contains: []string{"This is too short."}},
	})

	here, elsewhere := d.as(auth.RoleComms), d.as(auth.RoleComms)
	rec := here.post("/account/password", url.Values{"current_password": {testPassword}, "new_password": {next}, "new_password2": {next}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/account?done=account_password_changed"})
	checkAnswer(t, here.get("/account"), scenario{status: http.StatusOK})
	checkAnswer(t, elsewhere.get("/account"), scenario{status: http.StatusSeeOther, location: "/login"})
	if _, err := d.auth.Login(context.Background(), testEmail(auth.RoleComms), next, "192.0.2.9"); err != nil {
		t.Errorf("the new password does not log in: %v", err)
	}
}

// browser is a cookie jar for the login flow, which the test client's
// ready-made session skips.
type browser struct {
	d       *testDesk
	cookies map[string]string
}

func (b *browser) send(method, path string, form url.Values) *httptest.ResponseRecorder {
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	for name, value := range b.cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: value})
	}
	req.RemoteAddr = "192.0.2.1:40000"
	rec := httptest.NewRecorder()
	b.d.srv.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return rec
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formCSRF fetches a form page and returns its CSRF token.
func (b *browser) formCSRF(t *testing.T, path string) string {
	t.Helper()
	rec := b.send(http.MethodGet, path, nil)
	m := csrfField.FindStringSubmatch(rec.Body.String())
	if rec.Code != http.StatusOK || m == nil {
		t.Fatalf("GET %s: status %d, no csrf field", path, rec.Code)
	}
	return m[1]
}

var totpSecret = regexp.MustCompile(`class="acct-secret">([A-Z2-7 ]+)<`)

func TestTOTPEnrolmentAndLoginWithSecondFactor(t *testing.T) {
	d := newTestDesk(t)
	c := d.as(auth.RoleResponder)

	checkAnswer(t, c.get("/account/totp"), scenario{status: http.StatusSeeOther, location: "/account"})
	checkAnswer(t, c.post("/account/totp/start", nil), scenario{status: http.StatusSeeOther, location: "/account/totp"})
	page := c.get("/account/totp")
	checkAnswer(t, page, scenario{status: http.StatusOK, contains: []string{
		`src="data:image/png;base64,`, "Scan the code", `action="/account/totp/confirm"`, `autocomplete="one-time-code"`,
	}})
	m := totpSecret.FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatalf("no secret on the page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")

	checkAnswer(t, c.post("/account/totp/confirm", url.Values{"code": {"000000"}}), scenario{
		status: http.StatusBadRequest, contains: []string{"The code is wrong.", "data:image/png;base64,"},
	})
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	checkAnswer(t, c.post("/account/totp/confirm", url.Values{"code": {code}}), scenario{
		status: http.StatusSeeOther, location: "/account?done=account_totp_enabled",
	})
	checkAnswer(t, c.get("/account"), scenario{status: http.StatusOK,
		contains: []string{`class="pill acct-on"`, `action="/account/totp/disable"`}, notContains: []string{`action="/account/totp/start"`}})

	// A login now needs the second factor. The code of the next time step
	// is one the confirmation did not use.
	b := &browser{d: d, cookies: map[string]string{}}
	csrf := b.formCSRF(t, "/login")
	rec := b.send(http.MethodPost, "/login", url.Values{"csrf": {csrf}, "email": {testEmail(auth.RoleResponder)}, "password": {testPassword}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/login/totp"})
	csrf = b.formCSRF(t, "/login/totp")
	next, err := auth.TOTPCode(secret, time.Now().Add(30*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	rec = b.send(http.MethodPost, "/login/totp", url.Values{"csrf": {csrf}, "code": {next}, "next": {"/incidents"}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/incidents"})
	checkAnswer(t, b.send(http.MethodGet, "/account", nil), scenario{status: http.StatusOK, contains: []string{testEmail(auth.RoleResponder)}})

	// The same code a second time is refused, even with the right password.
	replay := &browser{d: d, cookies: map[string]string{}}
	csrf = replay.formCSRF(t, "/login")
	rec = replay.send(http.MethodPost, "/login", url.Values{"csrf": {csrf}, "email": {testEmail(auth.RoleResponder)}, "password": {testPassword}})
	checkAnswer(t, rec, scenario{status: http.StatusSeeOther, location: "/login/totp"})
	csrf = replay.formCSRF(t, "/login/totp")
	rec = replay.send(http.MethodPost, "/login/totp", url.Values{"csrf": {csrf}, "code": {next}})
	checkAnswer(t, rec, scenario{status: http.StatusUnauthorized, contains: []string{"wrong code"}})

	// Turning it off needs the password.
	checkAnswer(t, c.post("/account/totp/disable", url.Values{"totp_password": {"guess"}}), scenario{
		status: http.StatusBadRequest, contains: []string{"The password is wrong.", `id="totp_password"`},
	})
	checkAnswer(t, c.post("/account/totp/disable", url.Values{"totp_password": {testPassword}}), scenario{
		status: http.StatusSeeOther, location: "/account?done=account_totp_disabled",
	})
	if _, err := d.auth.Login(context.Background(), testEmail(auth.RoleResponder), testPassword, "192.0.2.7"); err != nil {
		t.Fatal(err)
	}
	login, _ := d.auth.Login(context.Background(), testEmail(auth.RoleResponder), testPassword, "192.0.2.7")
	if login.NeedTOTP {
		t.Error("the second factor is still asked for after turning it off")
	}
}

func TestPasswordAloneDoesNotOpenTheDeskWhenASecondFactorIsOn(t *testing.T) {
	d := newTestDesk(t)
	ctx := context.Background()
	a := d.actor(auth.RoleLead)
	enrol, err := d.auth.StartTOTP(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	code, _ := auth.TOTPCode(enrol.Secret, time.Now())
	if err := d.auth.ConfirmTOTP(ctx, a, code); err != nil {
		t.Fatal(err)
	}
	login, err := d.auth.Login(ctx, testEmail(auth.RoleLead), testPassword, "192.0.2.1")
	if err != nil || !login.NeedTOTP {
		t.Fatalf("login: %v, need TOTP %v", err, login != nil && login.NeedTOTP)
	}
	pending := &client{d: d, cookie: login.Token, csrf: login.Session.CSRF}
	checkAnswer(t, pending.get("/account"), scenario{status: http.StatusSeeOther, location: "/login"})
	checkAnswer(t, pending.get("/incidents"), scenario{status: http.StatusSeeOther, location: "/login"})
}

var newTokenField = regexp.MustCompile(`id="new-token" type="text" class="mono" readonly value="(bd_[^"]+)"`)

func TestAPITokenIsShownOnceAndCanBeRevoked(t *testing.T) {
	d := newTestDesk(t)
	c := d.as(auth.RoleHotline)

	checkAnswer(t, c.post("/account/tokens", url.Values{"token_name": {"  "}}), scenario{
		status: http.StatusBadRequest, contains: []string{"This field is required.", `id="token_name"`},
	})
	rec := c.post("/account/tokens", url.Values{"token_name": {"SIEM export"}})
	checkAnswer(t, rec, scenario{status: http.StatusOK, contains: []string{
		"Token “SIEM export” created.", "shown only this once", "Authorization: Bearer",
	}})
	m := newTokenField.FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("the token is not on the page:\n%s", truncate(rec.Body.String(), 3000))
	}
	token := m[1]
	program := &client{d: d, token: token}
	checkAnswer(t, program.call(http.MethodGet, "/api/v1/playbooks", nil), scenario{status: http.StatusOK, contains: []string{"data-theft"}})

	list := c.get("/account")
	checkAnswer(t, list, scenario{status: http.StatusOK,
		contains:    []string{"SIEM export", token[:9], "Revoke", "/account/tokens/"},
		notContains: []string{token, "shown only this once"},
	})
	tokens, err := d.auth.Tokens(context.Background(), d.actor(auth.RoleHotline), d.users[auth.RoleHotline].ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %v, %d", err, len(tokens))
	}
	path := "/account/tokens/" + strconv.FormatInt(tokens[0].ID, 10) + "/revoke"

	other := d.as(auth.RoleComms)
	checkAnswer(t, other.post(path, nil), scenario{status: http.StatusNotFound})
	if _, err := d.auth.TokenUser(context.Background(), token); err != nil {
		t.Fatalf("someone else revoked the token: %v", err)
	}
	checkAnswer(t, c.post(path, nil), scenario{status: http.StatusSeeOther, location: "/account?done=account_token_revoked"})
	checkAnswer(t, program.call(http.MethodGet, "/api/v1/playbooks", nil), scenario{status: http.StatusUnauthorized,
		contains: []string{`"code": "unauthorized"`}})
	checkAnswer(t, c.get("/account?done=account_token_revoked"), scenario{status: http.StatusOK,
		contains: []string{"The token has been revoked.", "You have no API tokens."}})
	checkAnswer(t, c.post("/account/tokens/abc/revoke", nil), scenario{status: http.StatusNotFound})
}
