package web

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/csvsafe"
	"github.com/breachdesk/breachdesk/internal/i18n"
	"github.com/breachdesk/breachdesk/internal/obligation"
)

// The breach register (GDPR Art. 33(5)): every incident the reader may see,
// notified or not, with its facts, the decision on its risk and what came
// of the notification duty. Reading it shows no personal data of affected
// people, so it is not audited.

type registerPage struct {
	*page
	Rows []registerRow
}

// registerRow is one incident of the register, shared by the page and the
// CSV export so that the two show the same.
type registerRow struct {
	ID         int64
	Title      string
	AwareAt    time.Time
	Kind       string // incident kind code
	Categories []string
	Persons    *int64 // nil when no facts were set

	Assessed       bool
	Level          string // risk level code
	Decision       string // advice code
	DecisionReason string // only when the decision differs from the advice

	Outcome string // see the outcome constants
	Filed   []registerFiling
	Waiver  *obligation.Waiver
	Due     *time.Time // open: the deadline, or the internal target
	Target  bool       // Due is the internal target of an ASAP duty
	Started bool       // open: the clock has started
	Overdue bool       // open and past Due
	Reasons []string   // not applicable: why, in the reader's language

	Filings       int
	OverdueDuties int
}

type registerFiling struct {
	At        time.Time
	Recipient string
	Reference string
}

// Outcomes of the notification duty.
const (
	outcomeFiled         = "filed"
	outcomeWaived        = "waived"
	outcomeOpen          = "open"
	outcomeNotApplicable = "not_applicable"
	outcomeNone          = "none" // the rule set has no such duty for the incident
)

// handleRegister shows the breach register. Admins and leads only.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := s.newPage(r, c, "register.title")
	p.Nav = "register"
	rows, err := s.registerRows(r, c, p)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "register", &registerPage{page: p, Rows: rows})
	return nil
}

// handleRegisterCSV exports the register with the page's columns: codes
// for choices, times in UTC, texts as the page shows them.
func (s *Server) handleRegisterCSV(w http.ResponseWriter, r *http.Request, c *caller) error {
	p := s.newPage(r, c, "register.title")
	rows, err := s.registerRows(r, c, p)
	if err != nil {
		return err
	}
	name := "breachdesk-register-" + s.cfg.Incidents.Now().Format("20060102-150405") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"incident_id", "incident", "aware_at", "kind", "categories", "persons", "risk_level",
		"decision", "decision_reason", "notification", "notification_detail", "filings"})
	for _, row := range rows {
		_ = cw.Write(registerRecord(row))
	}
	cw.Flush()
	return nil
}

// registerRecord is one CSV row; every text cell goes through csvsafe.Cell, so
// that a spreadsheet takes no cell for a formula.
func registerRecord(row registerRow) []string {
	persons := ""
	if row.Persons != nil {
		persons = strconv.FormatInt(*row.Persons, 10)
	}
	return []string{
		strconv.FormatInt(row.ID, 10), csvsafe.Cell(row.Title), csvTime(row.AwareAt), csvsafe.Cell(row.Kind),
		csvsafe.Cell(strings.Join(row.Categories, " ")), persons, csvsafe.Cell(row.Level), csvsafe.Cell(row.Decision),
		csvsafe.Cell(row.DecisionReason), row.Outcome, csvsafe.Cell(registerDetail(row)), strconv.Itoa(row.Filings),
	}
}

// registerDetail is the outcome's detail in one cell.
func registerDetail(row registerRow) string {
	switch row.Outcome {
	case outcomeFiled:
		parts := make([]string, len(row.Filed))
		for i, f := range row.Filed {
			parts[i] = csvTime(f.At) + " " + f.Recipient
			if f.Reference != "" {
				parts[i] += " (" + f.Reference + ")"
			}
		}
		return strings.Join(parts, "; ")
	case outcomeWaived:
		return row.Waiver.Reason + " (" + row.Waiver.DecidedName + ", " + csvTime(row.Waiver.DecidedAt) + ")"
	case outcomeOpen:
		switch {
		case row.Due != nil:
			return csvTime(*row.Due)
		case !row.Started:
			return "clock not started"
		}
		return "asap"
	case outcomeNotApplicable:
		return strings.Join(row.Reasons, "; ")
	}
	return ""
}

func csvTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// registerRows reads the register and puts it into rows for the reader.
func (s *Server) registerRows(r *http.Request, c *caller, p *page) ([]registerRow, error) {
	list, err := s.cfg.Obligations.Register(r.Context(), c.Actor)
	if err != nil {
		return nil, err
	}
	authorities, err := s.cfg.Obligations.Authorities(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(authorities))
	for _, a := range authorities {
		names[a.ID] = authorityName(a, p.Lang)
	}
	rows := make([]registerRow, len(list))
	for i := range list {
		rows[i] = p.registerRow(&list[i], names)
	}
	return rows, nil
}

func (p *page) registerRow(in *obligation.RegisterRow, authorities map[string]string) registerRow {
	inc := &in.Incident
	row := registerRow{ID: inc.ID, Title: inc.Title, AwareAt: inc.AwareAt, Kind: string(inc.Kind),
		Filings: len(in.Filings), OverdueDuties: in.Overdue, Outcome: outcomeNone}
	if in.Facts != nil {
		row.Categories = in.Facts.DataCategories
		row.Persons = &in.Facts.PersonsTotal
	}
	if a := in.Assessment; a != nil {
		row.Assessed, row.Level, row.Decision = true, string(a.Level), string(a.Decision)
		if a.Decision != a.Advice {
			row.DecisionReason = a.DecisionReason
		}
	}
	o := in.Notification
	switch {
	case o == nil:
	case !o.Applies:
		row.Outcome = outcomeNotApplicable
		for _, reason := range o.Reasons {
			row.Reasons = append(row.Reasons, p.reasonText(reason))
		}
	case o.Status == obligation.StatusFiled:
		row.Outcome = outcomeFiled
		for _, f := range in.Filings {
			if f.Rule != o.Rule.ID {
				continue
			}
			to := f.Recipient
			if name, ok := authorities[to]; ok {
				to = name
			}
			row.Filed = append(row.Filed, registerFiling{At: f.FiledAt, Recipient: to, Reference: f.Reference})
		}
	case o.Status == obligation.StatusWaived && o.Waiver != nil:
		row.Outcome, row.Waiver = outcomeWaived, o.Waiver
	default:
		row.Outcome = outcomeOpen
		row.Started = o.ClockStart != nil
		row.Due = o.DueAt
		if row.Due == nil && o.TargetAt != nil {
			row.Due, row.Target = o.TargetAt, true
		}
		row.Overdue = o.Overdue(p.Now)
	}
	return row
}

// reasonText is a rule's reason in the reader's language; the key itself
// when the catalog has no text for it.
func (p *page) reasonText(r obligation.Reason) string {
	key := "obligation.reason." + r.Key
	if !p.cat.Has(i18n.Default, key) {
		return r.Key
	}
	args := make([]any, 0, 2*len(r.Args))
	for name, value := range r.Args {
		args = append(args, name, value)
	}
	return p.T(key, args...)
}

// authorityName is the authority's name in lang.
func authorityName(a obligation.Authority, lang string) string {
	if lang == "de" && a.NameDE != "" {
		return a.NameDE
	}
	return a.Name
}

// Choice translates a code under prefix, or shows the code when the
// catalog has no text for it (a category the scanner learned later).
func (p *page) Choice(prefix, code string) string {
	if code == "" {
		return ""
	}
	if !p.cat.Has(i18n.Default, prefix+code) {
		return code
	}
	return p.T(prefix + code)
}
