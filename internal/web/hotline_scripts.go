package web

import (
	"net/http"
	"strconv"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// hotlineScriptsPage lists an incident's script versions.
type hotlineScriptsPage struct {
	*hotlineFrame
	Scripts []hotline.Script
	Names   map[int64]string // user ID -> name
	// Draft is the reader's own open draft, which they edit rather than
	// start another.
	Draft *hotline.Script
}

// handleHotlineScripts lists the versions of the call script and FAQ,
// newest first: the draft being written, the approved one agents see, and
// the superseded ones inquiries still refer to.
func (s *Server) handleHotlineScripts(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.scripts.title", "scripts")
	if err != nil {
		return err
	}
	list, err := s.cfg.Hotline.Scripts(r.Context(), c.Actor, f.Inc.ID)
	if err != nil {
		return err
	}
	names, err := s.userNames(r.Context())
	if err != nil {
		return err
	}
	pg := &hotlineScriptsPage{hotlineFrame: f, Scripts: list, Names: names}
	for i := range list {
		if list[i].State == hotline.ScriptDraft && list[i].CreatedBy == c.User.ID {
			pg.Draft = &list[i]
			break
		}
	}
	s.render(w, r, http.StatusOK, "hotline_scripts", pg)
	return nil
}

// handleHotlineScriptNew starts a new draft from the version the form
// names, else from the newest (or from the defaults when there is none),
// and opens it in the editor.
func (s *Server) handleHotlineScriptNew(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, mayWriteScripts, "write the call script")
	if err != nil {
		return err
	}
	sc := &hotline.Script{IncidentID: id}
	if r.PostForm.Get("from") != "" {
		from, err := strconv.ParseInt(r.PostForm.Get("from"), 10, 64)
		if err != nil || from <= 0 {
			return errs.E(errs.Invalid, "the version to start from is not a number")
		}
		src, err := s.cfg.Hotline.Script(r.Context(), c.Actor, id, from)
		if err != nil {
			return err
		}
		sc.Contents = src.Contents
	}
	if err := s.cfg.Hotline.SaveScript(r.Context(), c.Actor, id, sc); err != nil {
		return err
	}
	seeOther(w, r, hotlineScriptURL(id, sc.ID)+"?done=hotline_script_created")
	return nil
}

// Name is a user's name for the page, or "#ID" for a user who is gone.
func (p *hotlineScriptsPage) Name(id int64) string { return userName(p.Names, id) }

func userName(names map[int64]string, id int64) string {
	if n, ok := names[id]; ok {
		return n
	}
	if id == 0 {
		return ""
	}
	return "#" + strconv.FormatInt(id, 10)
}
