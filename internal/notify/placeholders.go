package notify

// placeholder is one of the {{names}} a template may use. The numbers
// index the per-person value array, so that rendering looks nothing up by
// name.
type placeholder uint8

const (
	phNone placeholder = iota
	phName
	phSalutation
	phCategories
	phEmail
	phCustomerNo
	phCompany
	phHotline
	phInbox
	phUpdatesURL
	phDate
	phReference
	// phNote stands for the editor's notes ("[[describe what happened]]")
	// of a text still being written: no one can fill it, so the checker
	// refuses to send a template that still has one.
	phNote
	numPlaceholders
)

// placeholderInfo names a placeholder and says what fills it.
var placeholderInfo = [numPlaceholders]struct{ name, what string }{
	phName:       {"name", "the person's name (refused for persons without one)"},
	phSalutation: {"salutation", "a greeting in the content's language, with the name when there is one"},
	phCategories: {"categories", "the person's own data found in the leak, named in the content's language; on a line of its own it becomes a list"},
	phEmail:      {"email", "the person's e-mail address"},
	phCustomerNo: {"customer_no", "the person's customer number"},
	phCompany:    {"company", "the template's company name"},
	phHotline:    {"hotline", "the template's hotline number"},
	phInbox:      {"inbox", "the template's inquiry inbox address"},
	phUpdatesURL: {"updates_url", "the template's updates page address"},
	phDate:       {"date", "the date of the message or letter, written in the content's language"},
	phReference:  {"reference", "the reference of this message, for the hotline"},
	phNote:       {"editor_note", "a note to the authors, [[like this]], that must be replaced before sending"},
}

// placeholderByName finds a placeholder; phNone when there is none.
func placeholderByName(name string) placeholder {
	for p := phName; p < phNote; p++ {
		if placeholderInfo[p].name == name {
			return p
		}
	}
	return phNone
}

func (p placeholder) String() string { return placeholderInfo[p].name }

// Placeholders lists the placeholders a template may use, with what each
// is filled with, as "{{name}}: what fills it".
func Placeholders() []string {
	out := make([]string, 0, numPlaceholders-1)
	for p := phName; p < phNote; p++ {
		out = append(out, "{{"+placeholderInfo[p].name+"}}: "+placeholderInfo[p].what)
	}
	return out
}

// placeholderSet is a set of placeholders, one bit each.
type placeholderSet uint32

func (s placeholderSet) has(p placeholder) bool { return s&(1<<p) != 0 }
func (s *placeholderSet) add(p placeholder)     { *s |= 1 << p }
