package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/publish"
)

// The forms of the public side's desk pages. Field names carry the
// language as the service names them ("texts.de.title"); a refusal names the field.

// maxStatementBody bounds one language's body of a statement; a press
// release is a page or two.
const maxStatementBody = 20000

// statementFromForm reads the statement form. Choices outside the lists
// and IDs that are no numbers are refused here, naming the field; the
// service checks the rest (both languages for an approval, components
// that exist, a replaced statement that is published).
func statementFromForm(form url.Values) (publish.StatementDraft, error) {
	fields := errs.Fields{}
	d := publish.StatementDraft{
		Kind:  publish.Kind(form.Get("kind")),
		Phase: publish.Phase(form.Get("phase")),
		Texts: map[string]publish.Text{},
	}
	if !slices.Contains(publish.Kinds, d.Kind) {
		fields.Add("kind", errs.InvalidChoice)
	}
	if !slices.Contains(publish.Phases, d.Phase) {
		fields.Add("phase", errs.InvalidChoice)
	}
	for _, lang := range publish.Languages {
		tname, bname := "texts."+lang+".title", "texts."+lang+".body"
		t := publish.Text{Title: strings.TrimSpace(form.Get(tname)), Body: strings.TrimSpace(form.Get(bname))}
		switch {
		case len(t.Title) > 200:
			fields.Add(tname, errs.TooLong)
		case len(t.Body) > maxStatementBody:
			fields.Add(bname, errs.TooLong)
		case t.Title == "" && t.Body != "":
			fields.Add(tname, errs.Required)
		case t.Title != "" && t.Body == "":
			fields.Add(bname, errs.Required)
		}
		if t.Title != "" || t.Body != "" {
			d.Texts[lang] = t
		}
	}
	if len(d.Texts) == 0 {
		fields.Add("texts", errs.Required)
	}
	for _, v := range form["components"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			fields.Add("components", errs.InvalidChoice)
			break
		}
		d.Components = append(d.Components, id)
	}
	if v := form.Get("replaces"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fields.Add("replaces", errs.InvalidChoice)
		}
		d.Replaces = id
	}
	return d, fields.Err()
}

// statementField is a stored statement's value of a form field.
func statementField(st *publish.Statement, name string) string {
	switch name {
	case "kind":
		return string(st.Kind)
	case "phase":
		return string(st.Phase)
	case "replaces":
		if st.Replaces == 0 {
			return ""
		}
		return strconv.FormatInt(st.Replaces, 10)
	}
	for _, lang := range publish.Languages {
		switch name {
		case "texts." + lang + ".title":
			return st.Texts[lang].Title
		case "texts." + lang + ".body":
			return st.Texts[lang].Body
		}
	}
	return ""
}

// listingFromForm reads the listing form.
func listingFromForm(form url.Values) (publish.ListingChange, error) {
	fields := errs.Fields{}
	ch := publish.ListingChange{Titles: map[string]string{}, Impact: publish.Impact(form.Get("impact")), Public: form.Get("public") != ""}
	if !slices.Contains(statementChoices.Impacts, ch.Impact) {
		fields.Add("impact", errs.InvalidChoice)
	}
	for _, lang := range publish.Languages {
		name := "titles." + lang
		t := strings.TrimSpace(form.Get(name))
		if len(t) > 200 {
			fields.Add(name, errs.TooLong)
		}
		if t != "" {
			ch.Titles[lang] = t
		}
	}
	return ch, fields.Err()
}

// componentFromForm reads the add and edit forms of a component.
func componentFromForm(form url.Values) (publish.ComponentEdit, error) {
	fields := errs.Fields{}
	e := publish.ComponentEdit{Names: map[string]string{}, Hidden: form.Get("hidden") != ""}
	for _, lang := range publish.Languages {
		name := "names." + lang
		n := strings.TrimSpace(form.Get(name))
		if len(n) > 100 {
			fields.Add(name, errs.TooLong)
		}
		if n != "" {
			e.Names[lang] = n
		}
	}
	if len(e.Names) == 0 {
		fields.Add("names."+publish.Languages[0], errs.Required)
	}
	if v := strings.TrimSpace(form.Get("position")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 10000 {
			fields.Add("position", errs.InvalidValue)
		}
		e.Position = n
	}
	return e, fields.Err()
}

// pageFromForm reads the page settings form.
func pageFromForm(form url.Values) (publish.Page, error) {
	fields := errs.Fields{}
	get := func(name string) string { return strings.TrimSpace(form.Get(name)) }
	p := publish.Page{
		Names: map[string]string{}, URL: strings.TrimRight(get("url"), "/"), DefaultLang: get("default_lang"),
		PressName: get("press_name"), PressEmail: get("press_email"), PressPhone: get("press_phone"),
		HotlinePhone: get("hotline_phone"), HotlineEmail: get("hotline_email"), SenderEmail: get("sender_email"),
		SelfCheck: form.Get("self_check") != "",
	}
	for _, lang := range publish.Languages {
		if n := get("names." + lang); n != "" {
			p.Names[lang] = n
		}
	}
	if p.URL != "" {
		u, err := url.Parse(p.URL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			fields.Add("url", errs.InvalidValue)
		}
	}
	if p.DefaultLang != "" && !slices.Contains(publish.Languages, p.DefaultLang) {
		fields.Add("default_lang", errs.InvalidChoice)
	}
	for _, name := range []string{"press_email", "hotline_email", "sender_email"} {
		if v := get(name); v != "" && !plausibleEmail(v) {
			fields.Add(name, errs.InvalidEmail)
		}
	}
	if v := get("range_incident_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			fields.Add("range_incident_id", errs.InvalidChoice)
		}
		p.RangeIncidentID = id
	}
	return p, fields.Err()
}

// plausibleEmail is a first check of an address typed into the settings;
// the service checks it properly.
func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " <>,;\"")
}

// componentName is a component's name in lang, else in the first language
// it has.
func componentName(names map[string]string, lang string) string {
	if n := names[lang]; n != "" {
		return n
	}
	for _, l := range publish.Languages {
		if n := names[l]; n != "" {
			return n
		}
	}
	return ""
}

// containsValue reports whether the form values hold id.
func containsValue(vs []string, id int64) bool {
	return slices.Contains(vs, strconv.FormatInt(id, 10))
}
