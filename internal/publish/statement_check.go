package publish

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// Limits of a statement and the public names.
const (
	maxTitle      = 200
	maxBody       = 20_000
	maxName       = 100
	maxComponents = 50
)

// cleanDraft trims the texts, drops the languages left without any text
// (a form sends every language, filled or not) and duplicate components.
// It copies what it changes: the caller's draft stays as it was.
func cleanDraft(d StatementDraft) StatementDraft {
	texts := make(map[string]Text, len(d.Texts))
	for lang, t := range d.Texts {
		t.Title, t.Body = strings.TrimSpace(t.Title), strings.TrimSpace(t.Body)
		if t.Title != "" || t.Body != "" {
			texts[lang] = t
		}
	}
	d.Texts = texts
	var comps []int64
	for _, c := range d.Components {
		if !slices.Contains(comps, c) {
			comps = append(comps, c)
		}
	}
	d.Components = comps
	return d
}

// checkDraft validates what does not need the store; complete asks for a
// text in every language (to be approved and published). Field names:
// "kind", "phase", "texts", "texts.en", "texts.en.title", "components",
// "replaces".
func checkDraft(d StatementDraft, complete bool) error {
	f := errs.Fields{}
	switch {
	case d.Kind == "":
		f.Add("kind", errs.Required)
	case !slices.Contains(Kinds, d.Kind):
		f.Add("kind", errs.InvalidChoice)
	}
	switch {
	case d.Phase == "":
		f.Add("phase", errs.Required)
	case !slices.Contains(Phases, d.Phase):
		f.Add("phase", errs.InvalidChoice)
	}
	if len(d.Texts) == 0 {
		f.Add("texts", errs.Required)
	}
	for lang, t := range d.Texts {
		if !slices.Contains(Languages, lang) {
			// The key came from outside: it does not become a field name.
			f.Add("texts", errs.InvalidChoice)
			continue
		}
		checkLine(f, "texts."+lang+".title", t.Title, maxTitle, true)
		checkText(f, "texts."+lang+".body", t.Body, maxBody, true)
	}
	if complete {
		for _, lang := range Languages {
			if _, ok := d.Texts[lang]; !ok {
				f.Add("texts."+lang, errs.Required)
			}
		}
	}
	if len(d.Components) > maxComponents {
		f.Add("components", errs.TooLong)
	}
	for _, c := range d.Components {
		if c <= 0 {
			f.Add("components", errs.InvalidChoice)
		}
	}
	if d.Replaces < 0 {
		f.Add("replaces", errs.InvalidChoice)
	}
	return f.Err()
}

// checkRefs checks, inside the transaction, that the components exist and
// are shown, and that the statement replaced is a published one of the
// same incident (a superseded one has a newer version to replace).
func checkRefs(ctx context.Context, tx Tx, id int64, d StatementDraft) error {
	f := errs.Fields{}
	for _, cid := range d.Components {
		c, err := tx.Component(ctx, cid)
		switch {
		case errs.Is(err, errs.NotFound):
			f.Add("components", errs.InvalidChoice)
		case err != nil:
			return err
		case c.Hidden:
			f.Add("components", errs.InvalidChoice)
		}
	}
	if d.Replaces != 0 {
		old, err := tx.Statement(ctx, id, d.Replaces)
		switch {
		case errs.Is(err, errs.NotFound):
			f.Add("replaces", errs.InvalidChoice)
		case err != nil:
			return err
		case old.State != Published:
			f.Add("replaces", errs.InvalidChoice)
		}
	}
	return f.Err()
}

// draftOf is what a stored statement says, to check it again before it is
// approved or published.
func draftOf(st *Statement) StatementDraft {
	return StatementDraft{Kind: st.Kind, Phase: st.Phase, Texts: st.Texts, Components: st.Components, Replaces: st.Replaces}
}

// checkText: required, at most max bytes.
func checkText(f errs.Fields, name, v string, max int, required bool) {
	switch {
	case required && v == "":
		f.Add(name, errs.Required)
	case len(v) > max:
		f.Add(name, errs.TooLong)
	}
}

// checkLine is checkText for one line: titles and names go into mail
// subjects and feed titles, where a control character has no place.
func checkLine(f errs.Fields, name, v string, max int, required bool) {
	checkText(f, name, v, max, required)
	if strings.IndexFunc(v, unicode.IsControl) >= 0 {
		f.Add(name, errs.InvalidValue)
	}
}
