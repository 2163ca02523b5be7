package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// maxRulesFile bounds an uploaded rule file; the shipped one is a small
// fraction of it.
const maxRulesFile = 2 << 20

// handleAdminRulesUpload loads an amended rule file (the file field
// "rules", or the pasted text "source"). A file with any problem is
// refused whole and comes back with every problem by line; nothing of it
// is stored or used. Admins only.
func (s *Server) handleAdminRulesUpload(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	src, err := rulesSource(r)
	if err != nil {
		return err
	}
	switch {
	case len(strings.TrimSpace(string(src))) == 0:
		err = errs.Fields{"rules": errs.Required}.Err()
	case len(src) > maxRulesFile:
		err = errs.Fields{"rules": errs.TooLong}.Err()
	default:
		_, err = s.cfg.Obligations.LoadRules(r.Context(), c.Actor, src)
	}
	if err != nil {
		var re *obligation.RuleError
		if !errors.As(err, &re) && errs.CodeOf(err) != errs.Invalid {
			return err
		}
		return s.renderAdminRules(w, r, c, http.StatusBadRequest, err)
	}
	http.Redirect(w, r, "/admin/rules?done=rules_loaded", http.StatusSeeOther)
	return nil
}

// rulesSource is the uploaded file when there is one, else the pasted
// text. One byte more than the limit is read, to tell a file that is too
// large from one that fits.
func rulesSource(r *http.Request) ([]byte, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return nil, bodyError(err)
		}
		f, hdr, err := r.FormFile("rules")
		switch {
		case err == nil:
			defer f.Close()
			if hdr.Size > 0 {
				src, err := io.ReadAll(io.LimitReader(f, maxRulesFile+1))
				if err != nil {
					return nil, bodyError(err)
				}
				return src, nil
			}
		case !errors.Is(err, http.ErrMissingFile):
			return nil, bodyError(err)
		}
	}
	src := r.FormValue("source")
	if len(src) > maxRulesFile+1 {
		src = src[:maxRulesFile+1]
	}
	return []byte(strings.ReplaceAll(src, "\r\n", "\n")), nil
}

// setUploadError puts a refused upload on the page: each problem of a rule
// file by line, or the message.
func (p *adminRulesPage) setUploadError(err error) {
	var re *obligation.RuleError
	if errors.As(err, &re) {
		p.Problems = re.Problems
		p.Problem = p.T("admin_rules.problems", "count", len(re.Problems))
		p.Errors["rules"] = errs.InvalidValue
		return
	}
	if key, ok := errs.FieldsOf(err)["rules"]; ok {
		p.Errors["rules"] = key
		return
	}
	p.Problem = errs.MessageOf(err)
}
