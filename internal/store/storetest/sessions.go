package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var sessionScenarios = []scenario{
	{"sessions/every field survives a round trip", testSessionRoundTrip},
	{"sessions/touch moves only the time last seen", testSessionTouch},
	{"sessions/deleting a user's sessions keeps the excepted one and other users'", testDeleteUserSessions},
	{"sessions/deleting a session twice is not an error", testDeleteSessionTwice},
	{"sessions/expired and idle sessions are swept, live ones stay", testDeleteExpiredSessions},
}

func newSession(t *testing.T, s Stores, userID int64, idHash string) *auth.Session {
	t.Helper()
	ss := &auth.Session{IDHash: idHash, UserID: userID, CSRF: "csrf-" + idHash, CreatedAt: t0, SeenAt: t0,
		ExpiresAt: at(auth.SessionMaxAge), Addr: "192.0.2.7"}
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.CreateSession(ctx, ss) })
	return ss
}

func testSessionRoundTrip(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	for _, pending := range []bool{false, true} {
		ss := auth.Session{IDHash: auth.HashSecret(auth.NewSecret()), UserID: u.ID, CSRF: auth.NewSecret(),
			TOTPPending: pending, CreatedAt: t0, SeenAt: at(time.Minute), ExpiresAt: at(auth.SessionMaxAge), Addr: "2001:db8::1"}
		updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.CreateSession(ctx, &ss) })
		wantEqual(t, "session", must(s.Auth.Session(t.Context(), ss.IDHash))(t), &ss)
	}
}

func testSessionTouch(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	ss := newSession(t, s, u.ID, "h1")
	seen := at(3 * time.Hour)
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.TouchSession(ctx, ss.IDHash, seen) })
	want := *ss
	want.SeenAt = seen
	wantEqual(t, "touched session", must(s.Auth.Session(t.Context(), ss.IDHash))(t), &want)
	// A session ended meanwhile (another tab logged out) is not an error.
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.TouchSession(ctx, "gone", seen) })
}

func testDeleteUserSessions(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	other := newUser(t, s, "other@example.org", "", auth.RoleViewer)
	for _, h := range []string{"u1", "u2", "u3"} {
		newSession(t, s, u.ID, h)
	}
	newSession(t, s, other.ID, "o1")
	exists := func(h string) bool {
		_, err := s.Auth.Session(ctx, h)
		if err != nil && !errs.Is(err, errs.NotFound) {
			t.Fatal(err)
		}
		return err == nil
	}
	steps := []struct {
		except string
		want   map[string]bool
	}{
		{"u2", map[string]bool{"u1": false, "u2": true, "u3": false, "o1": true}},
		{"", map[string]bool{"u1": false, "u2": false, "u3": false, "o1": true}},
	}
	for _, step := range steps {
		updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.DeleteUserSessions(ctx, u.ID, step.except) })
		for h, want := range step.want {
			if got := exists(h); got != want {
				t.Errorf("after DeleteUserSessions(except %q): session %s exists = %v, want %v", step.except, h, got, want)
			}
		}
	}
}

func testDeleteSessionTwice(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	ss := newSession(t, s, u.ID, "h1")
	for range 2 {
		updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.DeleteSession(ctx, ss.IDHash) })
	}
	_, err := s.Auth.Session(t.Context(), ss.IDHash)
	wantCode(t, err, errs.NotFound)
}

func testDeleteExpiredSessions(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	live := newSession(t, s, u.ID, "live")
	idle := newSession(t, s, u.ID, "idle")
	ended := newSession(t, s, u.ID, "ended")
	now := at(10 * time.Hour)
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error {
		if err := tx.TouchSession(ctx, live.IDHash, at(9*time.Hour)); err != nil {
			return err
		}
		return tx.TouchSession(ctx, ended.IDHash, at(9*time.Hour))
	})
	ended.ExpiresAt = at(time.Hour) // re-create with an early end
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error {
		if err := tx.DeleteSession(ctx, ended.IDHash); err != nil {
			return err
		}
		return tx.CreateSession(ctx, ended)
	})
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error {
		return tx.DeleteExpiredSessions(ctx, now, now.Add(-5*time.Hour))
	})
	for h, want := range map[string]bool{live.IDHash: true, idle.IDHash: false, ended.IDHash: false} {
		_, err := s.Auth.Session(t.Context(), h)
		if got := err == nil; got != want {
			t.Errorf("session %s exists = %v (err %v), want %v", h, got, err, want)
		}
	}
}
