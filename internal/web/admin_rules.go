package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/obligation"
)

type adminRulesPage struct {
	*page
	Rules        *obligation.RuleSet
	RulesProblem string // why a stored rule file is not in use, in English
	// Active is the loaded file in use; nil when the embedded rules apply.
	Active   *obligation.RuleFile
	SHA256   string // of the rules in use
	Files    []obligation.RuleFile
	Names    map[int64]string // who loaded the files
	Recvs    map[string]string
	Problems []obligation.Problem // of a refused upload
}

// handleAdminRules shows the active rule set, where it came from, the
// files loaded before, and the form to load an amended file. Admins only.
func (s *Server) handleAdminRules(w http.ResponseWriter, r *http.Request, c *caller) error {
	return s.renderAdminRules(w, r, c, http.StatusOK, nil)
}

// renderAdminRules shows the rules page; after a refused upload, with its
// problems.
func (s *Server) renderAdminRules(w http.ResponseWriter, r *http.Request, c *caller, status int, uploadErr error) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	ctx, svc := r.Context(), s.cfg.Obligations
	files, err := svc.RuleFiles(ctx, c.Actor)
	if err != nil {
		return err
	}
	users, err := s.cfg.Auth.Users(ctx, c.Actor)
	if err != nil {
		return err
	}
	authorities, err := svc.Authorities(ctx)
	if err != nil {
		return err
	}
	p := s.newPage(r, c, "admin_rules.title")
	p.Nav = "rules"
	data := &adminRulesPage{page: p, Rules: svc.Rules(), RulesProblem: svc.RulesProblem(), Files: files,
		Names: make(map[int64]string, len(users)), Recvs: make(map[string]string, len(authorities))}
	for _, u := range users {
		data.Names[u.ID] = u.DisplayName()
	}
	for _, a := range authorities {
		data.Recvs[a.ID] = authorityName(a, p.Lang)
	}
	// The newest stored file is in use unless it no longer loads.
	if len(files) > 0 && data.RulesProblem == "" {
		data.Active = &files[0]
		data.SHA256 = files[0].SHA256
	} else if len(data.Rules.Source) > 0 {
		sum := sha256.Sum256(data.Rules.Source)
		data.SHA256 = hex.EncodeToString(sum[:])
	}
	if uploadErr != nil {
		data.setUploadError(uploadErr)
	}
	s.render(w, r, status, "admin_rules", data)
	return nil
}

// LoadedBy names who loaded a file.
func (p *adminRulesPage) LoadedBy(f obligation.RuleFile) string {
	if name, ok := p.Names[f.LoadedBy]; ok {
		return name
	}
	if f.LoadedBy == 0 {
		return p.T("admin_rules.cli")
	}
	return "#" + strconv.FormatInt(f.LoadedBy, 10)
}

// Recipient says who must hear under rule r, in the reader's language.
func (p *adminRulesPage) Recipient(r *obligation.Rule) string {
	switch a := r.Recipient.Authority; {
	case a == "":
		return r.Recipient.Who.In(p.Lang)
	case p.cat.Has(p.Lang, "admin_rules.resolver."+a):
		return p.T("admin_rules.resolver." + a)
	case p.Recvs[a] != "":
		return p.Recvs[a]
	default:
		return a
	}
}

// Deadline writes a rule's deadline, with its cap, in the reader's
// language.
func (p *adminRulesPage) Deadline(r *obligation.Rule) string {
	s := p.period(r.Deadline)
	if r.Cap != nil {
		s += " " + p.T("admin_rules.cap", "period", p.period(r.Cap.Deadline), "clock", p.clock(r.Cap.Clock))
	}
	return s
}

func (p *adminRulesPage) period(d obligation.Deadline) string {
	if d.Unit == obligation.NoDeadline || d.Unit == "" {
		return p.T("admin_rules.unit.none")
	}
	return p.T("admin_rules.unit."+string(d.Unit), "n", d.Amount)
}

// Clock names where a rule's clock starts.
func (p *adminRulesPage) Clock(r *obligation.Rule) string { return p.clock(r.Clock) }

// clock names a clock start: a facts clock, the first filing under
// another rule, or the end of a clock's calendar year.
func (p *adminRulesPage) clock(name string) string {
	if rule, ok := strings.CutPrefix(name, "filed:"); ok {
		return p.T("admin_rules.clock_filed", "rule", rule)
	}
	if inner, ok := strings.CutPrefix(name, "year_end:"); ok {
		return p.T("admin_rules.clock_year_end", "clock", p.clock(inner))
	}
	return p.Choice("admin_rules.clock.", name)
}

// handleAdminRulesYAML sends the active rule file, to amend and load again.
func (s *Server) handleAdminRulesYAML(w http.ResponseWriter, r *http.Request, c *caller) error {
	if err := requireAdmin(c); err != nil {
		return err
	}
	rs := s.cfg.Obligations.Rules()
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+rulesFileName(rs.Version)+`"`)
	_, _ = w.Write(rs.Source)
	return nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// rulesFileName is the download's name; the version is the file's own
// text, so only safe characters of it are kept.
func rulesFileName(version string) string {
	v := unsafeFileChars.ReplaceAllString(version, "-")
	if len(v) > 40 {
		v = v[:40]
	}
	if v == "" {
		return "breachdesk-rules.yaml"
	}
	return "breachdesk-rules-" + v + ".yaml"
}

// ShortHash is the start of a hash, enough to compare by eye.
func (p *adminRulesPage) ShortHash(h string) string { return shortHash(h) }
