package web

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/csvsafe"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// auditPageSize is how many entries the audit page shows at once.
const auditPageSize = 100

// auditActions are the action prefixes the audit filter offers, one per
// area of the desk that writes to the chain.
var auditActions = []string{
	"login", "logout", "user", "token", "incident", "timeline", "task", "team", "contact", "playbook",
	"attachment", "export",
}

type adminAuditPage struct {
	*page
	Entries []auth.AuditEntry
	Users   []auth.User
	Actions []string
	// The links keep the filter: the newest page, the next older page
	// (empty on the last), the CSV export. They are built from parsed
	// values, so they are safe as URLs.
	Newest template.URL
	Older  template.URL
	Export template.URL
	Paged  bool // not the newest page
	Verify *auth.ChainReport
}

// handleAdminAudit lists the audit trail, newest first, filtered by actor,
// action, incident and dates, a page at a time; on request it verifies the
// whole chain. Admins only.
func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	users, err := s.cfg.Auth.Users(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "admin_audit.title")
	p.Nav = "audit"
	data := &adminAuditPage{page: p, Users: users, Actions: auditActions}
	q := r.URL.Query()
	for _, name := range []string{"actor", "action", "incident", "from", "to"} {
		p.Form.Set(name, q.Get(name))
	}
	f, ferr := auditFilter(q, c.Loc)
	if ferr != nil {
		for name, key := range errs.FieldsOf(ferr) {
			p.Errors[name] = key
		}
		s.render(w, r, http.StatusBadRequest, "admin_audit", data)
		return nil
	}
	f.Limit = auditPageSize
	if data.Entries, err = s.cfg.Auth.Audit(r.Context(), c.Actor, f); err != nil {
		return err
	}
	filter := auditQuery(q)
	data.Newest = withQuery("/admin/audit", filter)
	data.Export = withQuery("/admin/audit.csv", filter)
	data.Paged = f.BeforeSeq != 0
	if len(data.Entries) == auditPageSize {
		older := auditQuery(q)
		older.Set("before", strconv.FormatInt(data.Entries[len(data.Entries)-1].Seq, 10))
		data.Older = withQuery("/admin/audit", older)
	}
	if q.Get("verify") != "" {
		report, err := s.cfg.Auth.VerifyAudit(r.Context())
		if err != nil {
			return err
		}
		data.Verify = &report
	}
	s.render(w, r, http.StatusOK, "admin_audit", data)
	return nil
}

// handleAdminAuditCSV exports every entry the filter selects as CSV. The
// export itself goes on record before the first row leaves the desk.
func (s *Server) handleAdminAuditCSV(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	q := r.URL.Query()
	f, err := auditFilter(q, c.Loc)
	if err != nil {
		return err
	}
	f.BeforeSeq = 0 // the export is the whole filtered list, not one page
	f.Limit = auth.MaxAuditPage
	entries, err := s.cfg.Auth.Audit(r.Context(), c.Actor, f)
	if err != nil {
		return err
	}
	detail := map[string]any{"format": "csv", "filter": auditQuery(q).Encode()}
	if err := s.cfg.Auth.Record(r.Context(), c.Actor, auth.Event{Action: "export.audit", ObjectType: "audit", Detail: detail}); err != nil {
		return err
	}
	name := "breachdesk-audit-" + s.cfg.Incidents.Now().Format("20060102-150405") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"seq", "at", "actor_id", "actor", "via", "addr", "action", "object_type", "object_id",
		"incident_id", "detail", "prev_hash", "hash"})
	for {
		for _, e := range entries {
			_ = cw.Write(auditRecord(e))
		}
		if len(entries) < f.Limit {
			break
		}
		f.BeforeSeq = entries[len(entries)-1].Seq
		if entries, err = s.cfg.Auth.Audit(r.Context(), c.Actor, f); err != nil {
			// The answer has begun; all that is left is to stop and say
			// so in the log.
			s.logInternal(w, r, err)
			break
		}
	}
	cw.Flush()
	return nil
}

// auditRecord is one CSV row. A text cell that a spreadsheet would take
// for a formula gets a leading apostrophe.
func auditRecord(e auth.AuditEntry) []string {
	return []string{
		strconv.FormatInt(e.Seq, 10), e.At.UTC().Format(time.RFC3339Nano), strconv.FormatInt(e.ActorID, 10),
		csvsafe.Cell(e.Actor), string(e.Via), csvsafe.Cell(e.Addr), csvsafe.Cell(e.Action), csvsafe.Cell(e.ObjectType),
		strconv.FormatInt(e.ObjectID, 10), strconv.FormatInt(e.IncidentID, 10), csvsafe.Cell(e.Detail), e.PrevHash, e.Hash,
	}
}

// auditFilter reads the filter form. Dates are whole days in the reader's
// zone: "to" includes its day.
func auditFilter(q url.Values, loc *time.Location) (auth.AuditFilter, error) {
	var f auth.AuditFilter
	fields := errs.Fields{}
	readID := func(name string) int64 {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			fields.Add(name, errs.InvalidValue)
		}
		return n
	}
	readDate := func(name string) time.Time {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			fields.Add(name, errs.InvalidTime)
		}
		return t
	}
	f.ActorID = readID("actor")
	f.IncidentID = readID("incident")
	f.BeforeSeq = readID("before")
	if a := q.Get("action"); a != "" {
		if !slices.Contains(auditActions, a) {
			fields.Add("action", errs.InvalidChoice)
		}
		f.Action = a
	}
	f.From = readDate("from")
	if to := readDate("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		fields.Add("to", errs.InvalidValue)
	}
	return f, fields.Err()
}

// auditQuery is the filter part of the query, without paging.
func auditQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, name := range []string{"actor", "action", "incident", "from", "to"} {
		if v := strings.TrimSpace(q.Get(name)); v != "" {
			out.Set(name, v)
		}
	}
	return out
}

// withQuery is path with the query q, as a link the template may use as is.
func withQuery(path string, q url.Values) template.URL {
	if len(q) == 0 {
		return template.URL(path)
	}
	return template.URL(path + "?" + q.Encode())
}

// ShortHash is the start of a hash, enough to compare by eye.
func (p *adminAuditPage) ShortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// ActorName is how the filter select names a user.
func (p *adminAuditPage) ActorName(u auth.User) string {
	if u.Name != "" && u.Name != u.Email {
		return fmt.Sprintf("%s (%s)", u.Name, u.Email)
	}
	return u.Email
}
