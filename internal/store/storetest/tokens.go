package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

var tokenScenarios = []scenario{
	{"tokens/every field survives a round trip", testTokenRoundTrip},
	{"tokens/are listed newest first, per user", testTokensOrder},
	{"tokens/touch records the last use", testTokenTouch},
	{"tokens/only their own user can delete them", testTokenDelete},
}

func newToken(t *testing.T, s Stores, userID int64, name string, created time.Time) *auth.Token {
	t.Helper()
	tok := &auth.Token{UserID: userID, Name: name, Hash: auth.HashSecret(name + created.String()), Hint: "bd_abcdef…", CreatedAt: created}
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.CreateToken(ctx, tok) })
	if tok.ID == 0 {
		t.Fatal("CreateToken did not set the ID")
	}
	return tok
}

func testTokenRoundTrip(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	tok := newToken(t, s, u.ID, "ci", t0)
	wantEqual(t, "TokenByHash", must(s.Auth.TokenByHash(t.Context(), tok.Hash))(t), tok)
	wantEqual(t, "Tokens", must(s.Auth.Tokens(t.Context(), u.ID))(t), []auth.Token{*tok})
}

func testTokensOrder(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	other := newUser(t, s, "other@example.org", "", auth.RoleViewer)
	old := newToken(t, s, u.ID, "old", t0)
	newest := newToken(t, s, u.ID, "newest", at(2*time.Hour))
	sameA := newToken(t, s, u.ID, "same-a", at(time.Hour))
	sameB := newToken(t, s, u.ID, "same-b", at(time.Hour))
	newToken(t, s, other.ID, "not mine", at(3*time.Hour))
	var got []string
	for _, tok := range must(s.Auth.Tokens(t.Context(), u.ID))(t) {
		got = append(got, tok.Name)
	}
	// Equal creation times: the later token (higher ID) first.
	wantEqual(t, "token order", got, []string{newest.Name, sameB.Name, sameA.Name, old.Name})
}

func testTokenTouch(t *testing.T, s Stores) {
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	tok := newToken(t, s, u.ID, "ci", t0)
	used := at(5 * time.Minute)
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.TouchToken(ctx, tok.ID, used) })
	tok.LastUsedAt = &used
	wantEqual(t, "touched token", must(s.Auth.TokenByHash(t.Context(), tok.Hash))(t), tok)
}

func testTokenDelete(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "", auth.RoleViewer)
	other := newUser(t, s, "other@example.org", "", auth.RoleViewer)
	tok := newToken(t, s, u.ID, "ci", t0)
	err := s.Auth.Update(ctx, func(tx auth.Tx) error { return tx.DeleteToken(ctx, other.ID, tok.ID) })
	wantCode(t, err, errs.NotFound)
	must(s.Auth.TokenByHash(ctx, tok.Hash))(t)
	updateAuth(t, s, func(ctx context.Context, tx auth.Tx) error { return tx.DeleteToken(ctx, u.ID, tok.ID) })
	_, err = s.Auth.TokenByHash(ctx, tok.Hash)
	wantCode(t, err, errs.NotFound)
	err = s.Auth.Update(ctx, func(tx auth.Tx) error { return tx.DeleteToken(ctx, u.ID, tok.ID) })
	wantCode(t, err, errs.NotFound)
}
