package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var userScenarios = []scenario{
	{"users/every field survives a round trip", testUserRoundTrip},
	{"users/update changes every field but ID and creation time", testUserUpdate},
	{"users/a taken e-mail address is a conflict on create and update", testUserEmailConflict},
	{"users/are listed by e-mail address", testUsersOrder},
	{"users/only enabled admins count as active admins", testCountActiveAdmins},
}

func testUserRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	cases := []struct {
		name string
		user auth.User
	}{
		{"minimal", auth.User{Email: "min@example.org", Role: auth.RoleViewer, PasswordHash: "h", CreatedAt: t0}},
		{"every field set", auth.User{
			Email: "ada@example.org", Name: "Ada Lovelace-Müller", Role: auth.RoleAdmin, Language: "de", TimeZone: "Europe/Berlin",
			PasswordHash: "$argon2id$v=19$m=65536,t=1,p=4$c2FsdA$aGFzaA", TOTPSecret: "JBSWY3DPEHPK3PXP",
			TOTPPending: "KRSXG5CTMVRXEZLU", TOTPLastStep: 58_000_123, Disabled: true,
			CreatedAt: t0, LastLoginAt: ptr(at(90 * time.Minute)),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.user
			updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.CreateUser(ctx, &u) })
			if u.ID == 0 {
				t.Fatal("CreateUser did not set the ID")
			}
			want := tc.user
			want.ID = u.ID
			wantEqual(t, "User", must(s.Auth.User(ctx, u.ID))(t), &want)
			wantEqual(t, "UserByEmail", must(s.Auth.UserByEmail(ctx, u.Email))(t), &want)
			wantEqual(t, "incident store User", must(s.Incidents.User(ctx, u.ID))(t), &want)
			updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error {
				wantEqual(t, "UserForUpdate", must(tx.UserForUpdate(ctx, u.ID))(t), &want)
				return nil
			})
		})
	}
}

func testUserUpdate(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "old@example.org", "Old", auth.RoleViewer)
	changed := auth.User{
		ID: u.ID, Email: "new@example.org", Name: "New", Role: auth.RoleLead, Language: "en", TimeZone: "Asia/Shanghai", PasswordHash: "h2",
		TOTPSecret: "S", TOTPPending: "P", TOTPLastStep: 7, Disabled: true,
		CreatedAt: at(time.Hour), LastLoginAt: ptr(at(2 * time.Hour)),
	}
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.UpdateUser(ctx, &changed) })
	want := changed
	want.CreatedAt = t0
	wantEqual(t, "user after update", must(s.Auth.User(ctx, u.ID))(t), &want)

	// And back to no last login: a nil time is stored as nil.
	want.LastLoginAt = nil
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.UpdateUser(ctx, &want) })
	wantEqual(t, "user after clearing the last login", must(s.Auth.User(ctx, u.ID))(t), &want)
}

func testUserEmailConflict(t *testing.T, s Stores) {
	ctx := t.Context()
	newUser(t, s, "taken@example.org", "", auth.RoleViewer)
	other := newUser(t, s, "other@example.org", "", auth.RoleViewer)
	err := s.Auth.Update(ctx, func(tx auth.Tx) error {
		return tx.CreateUser(ctx, &auth.User{Email: "taken@example.org", Role: auth.RoleViewer, PasswordHash: "h", CreatedAt: t0})
	})
	wantCode(t, err, errs.Conflict)
	other.Email = "taken@example.org"
	err = s.Auth.Update(ctx, func(tx auth.Tx) error { return tx.UpdateUser(ctx, other) })
	wantCode(t, err, errs.Conflict)
	if got := len(must(s.Auth.Users(ctx))(t)); got != 2 {
		t.Fatalf("%d users after the conflicts, want 2", got)
	}
}

func testUsersOrder(t *testing.T, s Stores) {
	ctx := t.Context()
	for _, email := range []string{"zoe@example.org", "a.b@example.org", "ab@example.org", "Bea@example.org"} {
		newUser(t, s, email, "", auth.RoleViewer)
	}
	var got []string
	for _, u := range must(s.Auth.Users(ctx))(t) {
		got = append(got, u.Email)
	}
	// Byte order, the same in both databases whatever the server's locale.
	wantEqual(t, "e-mail order", got, []string{"Bea@example.org", "a.b@example.org", "ab@example.org", "zoe@example.org"})
}

func testCountActiveAdmins(t *testing.T, s Stores) {
	newUser(t, s, "a1@example.org", "", auth.RoleAdmin)
	newUser(t, s, "a2@example.org", "", auth.RoleAdmin)
	off := newUser(t, s, "a3@example.org", "", auth.RoleAdmin)
	newUser(t, s, "lead@example.org", "", auth.RoleLead)
	off.Disabled = true
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error {
		if err := tx.UpdateUser(ctx, off); err != nil {
			return err
		}
		if n := must(tx.CountActiveAdmins(ctx))(t); n != 2 {
			t.Errorf("CountActiveAdmins = %d, want 2", n)
		}
		return nil
	})
}
