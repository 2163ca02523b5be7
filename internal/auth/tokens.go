package auth

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// CreateToken makes an API token for user userID, acting with that user's
// rights. Users make their own; admins (and the command line) anyone's.
// The token is returned once and stored only as a hash.
func (s *Service) CreateToken(ctx context.Context, a Actor, userID int64, name string) (string, *Token, error) {
	if !a.IsAdmin() && a.UserID != userID {
		return "", nil, errs.E(errs.Forbidden, "you may only create tokens for yourself")
	}
	name = strings.TrimSpace(name)
	f := errs.Fields{}
	if name == "" {
		f.Add("name", errs.Required)
	} else if utf8.RuneCountInString(name) > MaxTokenNameLen {
		f.Add("name", errs.TooLong)
	}
	if err := f.Err(); err != nil {
		return "", nil, err
	}
	value := NewToken()
	t := &Token{UserID: userID, Name: name, Hash: HashSecret(value), Hint: tokenHint(value), CreatedAt: s.now()}
	err := s.store.Update(ctx, func(tx Tx) error {
		u, err := tx.UserForUpdate(ctx, userID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return errs.E(errs.Conflict, "the user is disabled")
		}
		if err := tx.CreateToken(ctx, t); err != nil {
			return err
		}
		return s.append(ctx, tx, a, Event{Action: "token.create", ObjectType: "token", ObjectID: t.ID, Detail: map[string]any{"user_id": userID}})
	})
	if err != nil {
		return "", nil, err
	}
	return value, t, nil
}

// Tokens lists the tokens of user userID (self or admin).
func (s *Service) Tokens(ctx context.Context, a Actor, userID int64) ([]Token, error) {
	if !a.IsAdmin() && a.UserID != userID {
		return nil, errs.E(errs.NotFound, "no such user")
	}
	return s.store.Tokens(ctx, userID)
}

// RevokeToken deletes a token of user userID (self or admin).
func (s *Service) RevokeToken(ctx context.Context, a Actor, userID, tokenID int64) error {
	if !a.IsAdmin() && a.UserID != userID {
		return errs.E(errs.NotFound, "no such token")
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.DeleteToken(ctx, userID, tokenID); err != nil {
			return err
		}
		return s.append(ctx, tx, a, Event{Action: "token.revoke", ObjectType: "token", ObjectID: tokenID, Detail: map[string]any{"user_id": userID}})
	})
}
