package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
)

func TestPasswordHashVerifiesOnlyTheSamePassword(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple", FastArgon2)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not a PHC argon2id string with its parameters", hash)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery staple", true},
		{"correct horse battery stapl", false},
		{"", false},
	} {
		got, err := CheckPassword(hash, tc.pw)
		if err != nil || got != tc.want {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", tc.pw, got, err, tc.want)
		}
	}
}

func TestPasswordHashesAreSalted(t *testing.T) {
	a, _ := HashPassword("same password here", FastArgon2)
	b, _ := HashPassword("same password here", FastArgon2)
	if a == b {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func TestMalformedHashIsAnErrorNotAMatch(t *testing.T) {
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", "$argon2id$v=19$m=x$c2FsdA$aGFzaA", "$argon2id$v=19$m=64,t=1,p=1$!!$aGFzaA"} {
		ok, err := CheckPassword(h, "x")
		if ok || err == nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
}

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw   string
		want string
	}{
		{"short", errs.TooShort},
		{"elevenchars", errs.TooShort},
		{"twelve chars", ""},
		{"äöüäöüäöüäöü", ""}, // counted in characters, not bytes
		{strings.Repeat("x", MaxPasswordLen+1), errs.TooLong},
	} {
		f := errs.Fields{}
		ValidatePassword("password", tc.pw, f)
		if f["password"] != tc.want {
			t.Errorf("ValidatePassword(%d chars) = %q, want %q", len(tc.pw), f["password"], tc.want)
		}
	}
}

func TestTOTPCodeIsAcceptedOnceAndNearNowOnly(t *testing.T) {
	enrol, err := NewTOTPEnrolment("lead@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enrol.QRPNG, "data:image/png;base64,") || !strings.Contains(enrol.URL, "issuer=breachdesk") {
		t.Fatalf("enrolment lacks QR code or issuer: %+v", enrol.URL)
	}
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	code, err := TOTPCode(enrol.Secret, now)
	if err != nil {
		t.Fatal(err)
	}
	step, ok := CheckTOTP(enrol.Secret, code, now, 0)
	if !ok {
		t.Fatal("current code refused")
	}
	if _, ok := CheckTOTP(enrol.Secret, code, now, step); ok {
		t.Error("the same code was accepted twice")
	}
	if _, ok := CheckTOTP(enrol.Secret, code, now.Add(5*time.Minute), 0); ok {
		t.Error("a five-minute-old code was accepted")
	}
	if _, ok := CheckTOTP(enrol.Secret, code[:3]+" "+code[3:], now.Add(20*time.Second), 0); !ok {
		t.Error("a code typed with a space in the middle, within the skew, was refused")
	}
	if _, ok := CheckTOTP(enrol.Secret, "12345", now, 0); ok {
		t.Error("a five-digit code was accepted")
	}
	again, err := TOTPEnrolmentFor("lead@example.test", enrol.Secret)
	if err != nil || again.Secret != enrol.Secret {
		t.Fatalf("rebuilding the pending enrolment: %v, secret %q", err, again.Secret)
	}
}

func TestThrottleHoldsBackAfterFreeFailuresAndDoublesUpToMax(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	th := NewThrottle(ThrottlePolicy{Free: 3, Base: 10 * time.Second, Max: 35 * time.Second, Forget: time.Hour}, clock)
	for i := 0; i < 3; i++ {
		th.Fail("k")
		if w := th.Wait("k"); w != 0 {
			t.Fatalf("after %d failures wait = %v, want 0 (free)", i+1, w)
		}
	}
	wants := []time.Duration{10 * time.Second, 20 * time.Second, 35 * time.Second, 35 * time.Second}
	for i, want := range wants {
		th.Fail("k")
		if w := th.Wait("k"); w != want {
			t.Errorf("failure %d: wait = %v, want %v", 4+i, w, want)
		}
	}
	if th.Wait("other") != 0 {
		t.Error("another key is held back")
	}
	now = now.Add(36 * time.Second)
	if w := th.Wait("k"); w != 0 {
		t.Errorf("after the wait, wait = %v, want 0", w)
	}
	now = now.Add(2 * time.Hour)
	th.Fail("k")
	if w := th.Wait("k"); w != 0 {
		t.Errorf("an hour later the count should start afresh, wait = %v", w)
	}
	th.Succeed("k")
	if len(th.keys) != 0 {
		t.Errorf("success should forget the key")
	}
}

func TestAuditChainDetectsChangedMissingAndRelinkedEntries(t *testing.T) {
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	var chain []AuditEntry
	prevSeq, prevHash := int64(0), GenesisHash
	for i := 0; i < 5; i++ {
		e := NewAuditEntry(Actor{UserID: 7, Email: "lead@example.test", Via: ViaWeb}, at.Add(time.Duration(i)*time.Second),
			Event{Action: "incident.update", ObjectType: "incident", ObjectID: 1, IncidentID: 1, Detail: map[string]any{"i": i}})
		e.Seal(prevSeq, prevHash)
		prevSeq, prevHash = e.Seq, e.Hash
		chain = append(chain, e)
	}
	verify := func(entries []AuditEntry) ChainReport {
		v := NewChainVerifier()
		for _, e := range entries {
			if !v.Add(e) {
				break
			}
		}
		return v.Report()
	}
	if r := verify(chain); !r.OK() || r.Entries != 5 {
		t.Fatalf("intact chain reported %+v", r)
	}
	changed := append([]AuditEntry(nil), chain...)
	changed[2].Detail = `{"i":99}`
	if r := verify(changed); r.BrokenAt != 3 || !strings.Contains(r.Reason, "changed") {
		t.Errorf("changed entry: %+v, want broken at 3", r)
	}
	missing := append(append([]AuditEntry(nil), chain[:1]...), chain[2:]...)
	if r := verify(missing); r.BrokenAt != 2 || !strings.Contains(r.Reason, "missing") {
		t.Errorf("deleted entry: %+v, want broken at 2", r)
	}
	resealed := append([]AuditEntry(nil), chain...)
	resealed[3].Detail = `{"i":42}`
	resealed[3].Hash = resealed[3].ComputeHash() // a forger recomputes the hash...
	if r := verify(resealed); r.BrokenAt != 5 || !strings.Contains(r.Reason, "does not link") {
		t.Errorf("re-hashed entry: %+v, want the next entry's link broken (5)", r)
	}
}

func TestAuditEntryOfAnonymousWebCallerSaysAnonymous(t *testing.T) {
	e := NewAuditEntry(Actor{Via: ViaWeb, Addr: "192.0.2.1"}, time.Now(), Event{Action: "login.failed"})
	if e.Actor != "anonymous" || e.Detail != "{}" {
		t.Errorf("got actor %q detail %q", e.Actor, e.Detail)
	}
	cli := NewAuditEntry(CLI(), time.Now(), Event{Action: "user.create"})
	if cli.Actor != "cli" {
		t.Errorf("cli actor = %q", cli.Actor)
	}
}

func TestEmailValidation(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"lead@example.com", true},
		{"first.last+tag@sub.example.de", true},
		{"no-at-sign", false},
		{"two@@example.com", false},
		{"Name <x@example.com>", false},
		{"x@localhost", false},
		{"", false},
	} {
		if got := ValidEmail(NormalizeEmail(tc.in)); got != tc.want {
			t.Errorf("ValidEmail(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if NormalizeEmail("  Lead@Example.COM ") != "lead@example.com" {
		t.Error("NormalizeEmail does not trim and lower-case")
	}
}

func TestTimeZones(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{{"", true}, {"Europe/Berlin", true}, {"Asia/Shanghai", true}, {"Mars/Olympus", false}, {"Local", false}} {
		if got := ValidTimeZone(tc.in); got != tc.want {
			t.Errorf("ValidTimeZone(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestTokensHaveAShapeAndAHint(t *testing.T) {
	tok := NewToken()
	if !LooksLikeToken(tok) || LooksLikeToken(tok+"x") || LooksLikeToken("bd_short") {
		t.Fatalf("LooksLikeToken disagrees with NewToken: %q", tok)
	}
	if h := tokenHint(tok); !strings.HasPrefix(tok, strings.TrimSuffix(h, "…")) || len(h) > 15 {
		t.Errorf("hint %q", h)
	}
	if HashSecret(tok) == HashSecret(NewToken()) {
		t.Error("two tokens hash alike")
	}
}
