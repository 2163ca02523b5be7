package web

import (
	"net/http"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// handleAccountTokenCreate makes an API token for the user and shows it
// this once: only its hash is kept. The answer is the page itself, not a
// redirect, so the token never lands in a URL or the browser history.
func (s *Server) handleAccountTokenCreate(w http.ResponseWriter, r *http.Request, c *caller) error {
	value, token, err := s.cfg.Auth.CreateToken(r.Context(), c.Actor, c.User.ID, r.PostFormValue("token_name"))
	if err != nil {
		// The service calls the field name; on this page that is the
		// profile's name field.
		if key, ok := errs.FieldsOf(err)["name"]; ok {
			err = errs.Fields{"token_name": key}.Err()
		}
		return reshowOnUserError(err, func(status int) error {
			return s.renderAccount(w, r, c, status, r.PostForm, err)
		})
	}
	data, err := s.accountPageFor(r, c)
	if err != nil {
		return err
	}
	data.NewToken, data.NewTokenName = value, token.Name
	s.render(w, r, http.StatusOK, "account", data)
	return nil
}

// handleAccountTokenRevoke deletes one of the user's tokens; programs using
// it are refused from then on.
func (s *Server) handleAccountTokenRevoke(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, err := pathID(r, "id", "token")
	if err != nil {
		return err
	}
	if err := s.cfg.Auth.RevokeToken(r.Context(), c.Actor, c.User.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=account_token_revoked#tokens", http.StatusSeeOther)
	return nil
}
