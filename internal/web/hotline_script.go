package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/hotline"
)

// The script editor edits a draft's JSON structure as a form: per
// language the call script, the topics (one "key | label" a line), the
// FAQ as rows (key, question, answer, the callers' situations it suits,
// a box to remove it) with one empty row to add a question, and the
// acknowledgement mail. Field names carry the language's and the row's
// position: "lang.0", "faq.0.3.question".

// Bounds of what one form may carry.
const (
	maxScriptLangs = 12
	maxFAQRows     = 300
)

// situations are the callers' situations an answer may suit, in the order
// the editor offers them.
var situations = []hotline.Situation{hotline.AffectedAny, hotline.AffectedBank, hotline.AffectedID,
	hotline.NotAffected, hotline.PressCaller, hotline.AnySituation}

// hotlineScriptPage shows one version; a draft to those who may write it
// as the editor.
type hotlineScriptPage struct {
	*hotlineFrame
	Script   *hotline.Script
	Contents []hotline.ScriptContent // as edited: the draft's, or the refused form's
	Names    map[int64]string
	Editable bool
	Mine     bool // the reader wrote this version
	// CanCopy offers to start a new version from this one.
	CanCopy    bool
	Situations []hotline.Situation
	// CanApprove says whether the approve button works; NoApprove (a
	// catalog key) says why not, when the version is a draft.
	CanApprove bool
	NoApprove  string
}

func (p *hotlineScriptPage) Name(id int64) string { return userName(p.Names, id) }

// Topics writes a content's topics as the editor's lines.
func (p *hotlineScriptPage) Topics(c hotline.ScriptContent) string {
	var sb strings.Builder
	for _, t := range c.Topics {
		sb.WriteString(t.Key + " | " + t.Label + "\n")
	}
	return sb.String()
}

// Rows are a content's FAQ entries and one empty row to add a question.
func (p *hotlineScriptPage) Rows(c hotline.ScriptContent) []hotline.FAQEntry {
	return append(append([]hotline.FAQEntry(nil), c.FAQ...), hotline.FAQEntry{})
}

// Has reports whether an entry suits a situation.
func (p *hotlineScriptPage) Has(e hotline.FAQEntry, s hotline.Situation) bool {
	for _, v := range e.Situations {
		if v == s {
			return true
		}
	}
	return false
}

// Field names a field of language l (and row i).
func (p *hotlineScriptPage) Field(name string, l int) string { return fmt.Sprintf("%s.%d", name, l) }
func (p *hotlineScriptPage) RowField(name string, l, i int) string {
	return fmt.Sprintf("faq.%d.%d.%s", l, i, name)
}

func (s *Server) handleHotlineScript(w http.ResponseWriter, r *http.Request, c *caller) error {
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.script.title", "scripts")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid", "script version")
	if err != nil {
		return err
	}
	sc, err := s.cfg.Hotline.Script(r.Context(), c.Actor, f.Inc.ID, sid)
	if err != nil {
		return err
	}
	return s.showScript(w, r, c, f, http.StatusOK, sc, sc.Contents)
}

func (s *Server) showScript(w http.ResponseWriter, r *http.Request, c *caller, f *hotlineFrame, status int,
	sc *hotline.Script, contents []hotline.ScriptContent) error {
	names, err := s.userNames(r.Context())
	if err != nil {
		return err
	}
	pg := &hotlineScriptPage{hotlineFrame: f, Script: sc, Contents: contents, Names: names, Situations: situations,
		Mine: c.User != nil && sc.CreatedBy == c.User.ID}
	// A draft is changed only by its author; a colleague starts a new
	// version from it (hotline.Service.SaveScript).
	pg.Editable = sc.State == hotline.ScriptDraft && f.Rights.WriteScripts && pg.Mine
	pg.CanCopy = f.Rights.WriteScripts && !pg.Editable
	if sc.State == hotline.ScriptDraft {
		switch {
		case !f.Rights.ApproveScripts:
			pg.NoApprove = "hotline_admin.script.approve_role"
		case pg.Mine:
			pg.NoApprove = "hotline_admin.script.approve_own"
		default:
			pg.CanApprove = true
		}
	}
	s.render(w, r, status, "hotline_script", pg)
	return nil
}

// handleHotlineScriptSave stores the editor's form into the draft. A
// refused form comes back with what was typed and the reason.
func (s *Server) handleHotlineScriptSave(w http.ResponseWriter, r *http.Request, c *caller) error {
	if _, _, err := s.hotlineRights(r, c, mayWriteScripts, "write the call script"); err != nil {
		return err
	}
	f, err := s.loadHotlineFrame(r, c, "hotline_admin.script.title", "scripts")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid", "script version")
	if err != nil {
		return err
	}
	sc, err := s.cfg.Hotline.Script(r.Context(), c.Actor, f.Inc.ID, sid)
	if err != nil {
		return err
	}
	contents, err := scriptFromForm(r.PostForm)
	if err == nil {
		edited := *sc
		edited.Contents = contents
		err = s.cfg.Hotline.SaveScript(r.Context(), c.Actor, f.Inc.ID, &edited)
	}
	if err != nil {
		if code := errs.CodeOf(err); code != errs.Invalid && code != errs.Conflict {
			return err
		}
		f.page.Problem = errs.MessageOf(err)
		if fields := errs.FieldsOf(err); len(fields) > 0 {
			f.page.Problem += ": " + fieldList(fields)
		}
		if contents == nil {
			contents = sc.Contents
		}
		return s.showScript(w, r, c, f, statusOfForm(err), sc, contents)
	}
	seeOther(w, r, hotlineScriptURL(f.Inc.ID, sid)+"?done=hotline_script_saved")
	return nil
}

// fieldList names the fields of a refusal, for the message above the
// editor (its fields are too many to mark one by one).
func fieldList(fields map[string]string) string {
	var parts []string
	for name, key := range fields {
		msg := fieldMessages[key]
		if msg == "" {
			msg = key
		}
		parts = append(parts, name+" "+msg)
	}
	return strings.Join(parts, "; ")
}

// handleHotlineScriptApprove approves a draft; the service refuses its
// author (four-eyes) and anyone but a lead, an admin or the incident lead.
func (s *Server) handleHotlineScriptApprove(w http.ResponseWriter, r *http.Request, c *caller) error {
	id, _, err := s.hotlineRights(r, c, nil, "")
	if err != nil {
		return err
	}
	sid, err := pathID(r, "sid", "script version")
	if err != nil {
		return err
	}
	if err := s.cfg.Hotline.ApproveScript(r.Context(), c.Actor, id, sid); err != nil {
		return err
	}
	seeOther(w, r, hotlineScriptURL(id, sid)+"?done=hotline_script_approved")
	return nil
}

// scriptFromForm reads the editor's form. Errors name the language and
// the row.
func scriptFromForm(form url.Values) ([]hotline.ScriptContent, error) {
	n, err := repeatCount(form, "langs", maxScriptLangs)
	if err != nil {
		return nil, err
	}
	var out []hotline.ScriptContent
	seen := map[string]bool{}
	for l := range n {
		key := func(name string) string { return fmt.Sprintf("%s.%d", name, l) }
		lang := strings.ToLower(strings.TrimSpace(form.Get(key("lang"))))
		if lang == "" || form.Get(key("remove")) != "" {
			continue
		}
		if seen[lang] {
			return nil, errs.E(errs.Invalid, "the language %q appears twice", lang)
		}
		seen[lang] = true
		c := hotline.ScriptContent{Lang: lang, Script: form.Get(key("script")),
			AckSubject: strings.TrimSpace(form.Get(key("ack_subject"))), AckBody: form.Get(key("ack_body"))}
		if c.Topics, err = topicsFromText(form.Get(key("topics")), lang); err != nil {
			return nil, err
		}
		if c.FAQ, err = faqFromForm(form, l, lang); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if add := strings.ToLower(strings.TrimSpace(form.Get("add_lang"))); add != "" {
		if len(add) > 8 || strings.Trim(add, "abcdefghijklmnopqrstuvwxyz-") != "" {
			return nil, errs.E(errs.Invalid, "a new language is its code, such as fr or pt-br")
		}
		if !seen[add] {
			out = append(out, hotline.ScriptContent{Lang: add})
		}
	}
	return out, nil
}

// repeatCount reads a count the form carries for its repeated parts.
func repeatCount(form url.Values, name string, limit int) (int, error) {
	v := form.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > limit {
		return 0, errs.E(errs.Invalid, "the form's %s is not a count up to %d", name, limit)
	}
	return n, nil
}

// topicsFromText reads one topic a line: "key | label", or a label alone,
// whose key is made from it.
func topicsFromText(text, lang string) ([]hotline.Topic, error) {
	var out []hotline.Topic
	seen := map[string]bool{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, label, ok := strings.Cut(line, "|")
		key, label = strings.TrimSpace(key), strings.TrimSpace(label)
		if !ok {
			key, label = slugKey(line), line
		}
		if key == "" || label == "" {
			return nil, errs.E(errs.Invalid, "topics (%s), line %d: write \"key | label\"", lang, i+1)
		}
		if seen[key] {
			return nil, errs.E(errs.Invalid, "topics (%s), line %d: the key %q appears twice", lang, i+1, key)
		}
		seen[key] = true
		out = append(out, hotline.Topic{Key: key, Label: label})
	}
	return out, nil
}

// faqFromForm reads language l's FAQ rows; empty rows and rows marked for
// removal are left out, a new row without a key gets one from its
// question.
func faqFromForm(form url.Values, l int, lang string) ([]hotline.FAQEntry, error) {
	n, err := repeatCount(form, fmt.Sprintf("rows.%d", l), maxFAQRows)
	if err != nil {
		return nil, err
	}
	var out []hotline.FAQEntry
	seen := map[string]bool{}
	for i := range n {
		get := func(name string) string { return form.Get(fmt.Sprintf("faq.%d.%d.%s", l, i, name)) }
		e := hotline.FAQEntry{Key: strings.TrimSpace(get("key")), Question: strings.TrimSpace(get("question")),
			Answer: strings.TrimSpace(get("answer"))}
		if get("remove") != "" || (e.Key == "" && e.Question == "" && e.Answer == "") {
			continue
		}
		if e.Key == "" {
			e.Key = slugKey(e.Question)
		}
		if e.Key == "" || e.Question == "" || e.Answer == "" {
			return nil, errs.E(errs.Invalid, "FAQ (%s), row %d: a question needs its text and an answer", lang, i+1)
		}
		if seen[e.Key] {
			return nil, errs.E(errs.Invalid, "FAQ (%s), row %d: the key %q appears twice", lang, i+1, e.Key)
		}
		seen[e.Key] = true
		for _, v := range form[fmt.Sprintf("faq.%d.%d.sit", l, i)] {
			sit := hotline.Situation(v)
			if !containsSituation(situations, sit) {
				return nil, errs.E(errs.Invalid, "FAQ (%s), row %d: %q is not a caller's situation", lang, i+1, v)
			}
			e.Situations = append(e.Situations, sit)
		}
		out = append(out, e)
	}
	return out, nil
}

func containsSituation(list []hotline.Situation, s hotline.Situation) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// slugKey makes a key from a text: lower-case letters and digits joined
// by "-", at most 40 characters.
func slugKey(text string) string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(text) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			sb.WriteRune(r)
			dash = false
		case r == 'ä':
			sb.WriteString("ae")
		case r == 'ö':
			sb.WriteString("oe")
		case r == 'ü':
			sb.WriteString("ue")
		case r == 'ß':
			sb.WriteString("ss")
		default:
			if !dash && sb.Len() > 0 {
				sb.WriteByte('-')
				dash = true
			}
		}
		if sb.Len() >= 40 {
			break
		}
	}
	return strings.Trim(sb.String(), "-")
}
