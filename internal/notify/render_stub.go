package notify

// Placeholders until rendering is built; the helper "templates" replaces
// this file.

import (
	"time"

	"github.com/breachdesk/breachdesk/internal/people"
)

// Compiled is a template prepared for rendering many persons fast. It is
// safe for concurrent use.
type Compiled struct{ t *Template }

// Compile parses every content of t; errs.Invalid names the language and
// the problem (an unknown placeholder, an unclosed {{).
func Compile(t *Template) (*Compiled, error) { return &Compiled{t: t}, nil }

// Lang is the language p gets: theirs when the template has it, else the
// template's fallback.
func (c *Compiled) Lang(p *people.Person) string { return "" }

// Missing lists the placeholders of p's content (and the channel's needs:
// an e-mail address, a postal address) that p cannot fill.
func (c *Compiled) Missing(p *people.Person, ch Channel) []string { return nil }

// Message renders p's e-mail for delivery d with the relay's sender.
func (c *Compiled) Message(p *people.Person, d *Delivery, relay *SMTPConfig) (*Message, error) {
	return nil, errNotBuilt
}

// Letter renders p's letter for delivery d, dated at.
func (c *Compiled) Letter(p *people.Person, d *Delivery, at time.Time) (*Letter, error) {
	return nil, errNotBuilt
}
