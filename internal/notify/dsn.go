package notify

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/jhillyerd/enmime/v2"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// DSN is what a delivery status notification (a bounce) says about one of
// our messages.
type DSN struct {
	// OriginalMessageID is the Message-ID of the message the report is
	// about, with angle brackets; "" when the report does not say.
	OriginalMessageID string
	Recipients        []DSNRecipient
}

// DSNRecipient is the report for one recipient. It holds no address.
type DSNRecipient struct {
	// Action is failed, delayed, delivered, relayed or expanded.
	Action string
	// Status is the enhanced status code, such as 5.1.1.
	Status string
	// Diagnostic is the remote server's reply with e-mail addresses
	// removed.
	Diagnostic string
}

// Failed reports whether the recipient's message will not arrive.
func (r DSNRecipient) Failed() bool { return r.Action == "failed" }

// maxDiagnostic bounds what a remote server's text may take up in the
// ledger.
const maxDiagnostic = 400

var (
	reMessageID     = regexp.MustCompile(`(?im)^[ \t]*message-id:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)`)
	reAngleID       = regexp.MustCompile(`<[^<>\s]+@[^<>\s]+>`)
	reEnhanced      = regexp.MustCompile(`\b([245])\.(\d{1,3})\.(\d{1,3})\b`)
	reReplyLine     = regexp.MustCompile(`(?m)\b[45]\d\d[ -][^\r\n]*`)
	reAddress       = regexp.MustCompile(`[^\s<>()\[\]"',;:]+@[^\s<>()\[\]"',;:]*[^\s<>()\[\]"',;:.]`)
	reSpaces        = regexp.MustCompile(`\s+`)
	reBounceSubject = regexp.MustCompile(`(?i)undeliver|undelivered|returned mail|mail delivery (failed|failure|subsystem)|delivery (status notification|failure|has failed)|failure notice|non[- ]?delivery|unzustellbar|nicht zustellbar|delayed mail|delivery delayed|warning: message .* delayed`)
	reBounceSender  = regexp.MustCompile(`(?i)mailer-daemon|postmaster|mail delivery (subsystem|system)`)
	reDelaySubject  = regexp.MustCompile(`(?i)delay|warning`)
)

// StripAddresses replaces every e-mail address in s with "[address]":
// servers echo the recipient's address in their replies, and it must not
// reach a log or the ledger.
func StripAddresses(s string) string {
	return reAddress.ReplaceAllString(s, "[address]")
}

// ParseDSN reads a bounce: an RFC 3464 multipart/report, or one of the
// plain-text shapes older MTAs (Exim, qmail) still send. A message that is
// not a delivery report is an errs.Invalid error.
func ParseDSN(raw []byte) (*DSN, error) {
	env, err := enmime.ReadEnvelope(bytes.NewReader(raw))
	if err != nil || env.Root == nil {
		return nil, errs.E(errs.Invalid, "message is not a readable mail message")
	}
	parts := flatten(env.Root)
	d := &DSN{}
	if status := findPart(parts, isDeliveryStatus); status != nil {
		envID, recipients := parseDeliveryStatus(status.Content)
		if len(recipients) == 0 {
			return nil, errs.E(errs.Invalid, "delivery report names no recipient")
		}
		d.Recipients = recipients
		d.OriginalMessageID = originalMessageID(env, parts, envID)
		return d, nil
	}
	if !looksLikeBounce(env) {
		return nil, errs.E(errs.Invalid, "message is not a delivery status notification")
	}
	d.Recipients = []DSNRecipient{plainRecipient(env)}
	d.OriginalMessageID = originalMessageID(env, parts, "")
	return d, nil
}

// flatten lists the MIME parts depth first.
func flatten(root *enmime.Part) []*enmime.Part {
	var out []*enmime.Part
	var walk func(p *enmime.Part, depth int)
	walk = func(p *enmime.Part, depth int) {
		// A hostile message may nest deeply; reports are at most a few
		// levels deep.
		for ; p != nil && depth < 32; p = p.NextSibling {
			out = append(out, p)
			walk(p.FirstChild, depth+1)
		}
	}
	walk(root, 0)
	return out
}

func findPart(parts []*enmime.Part, match func(ct string) bool) *enmime.Part {
	for _, p := range parts {
		if match(strings.ToLower(p.ContentType)) {
			return p
		}
	}
	return nil
}

func isDeliveryStatus(ct string) bool {
	return ct == "message/delivery-status" || ct == "message/global-delivery-status"
}

func isOriginal(ct string) bool {
	switch ct {
	case "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers":
		return true
	}
	return false
}

// parseDeliveryStatus reads the per-message group (for the
// Original-Envelope-Id, which we set to the Message-ID) and the
// per-recipient groups.
func parseDeliveryStatus(body []byte) (envID string, recipients []DSNRecipient) {
	for i, group := range fieldGroups(body) {
		if i == 0 || group["reporting-mta"] != "" {
			if id := group["original-envelope-id"]; id != "" {
				envID = id
			}
			if group["action"] == "" {
				continue
			}
		}
		if r, ok := recipientOf(group); ok {
			recipients = append(recipients, r)
		}
	}
	return envID, recipients
}

func recipientOf(group map[string]string) (DSNRecipient, bool) {
	action := strings.ToLower(strings.TrimSpace(group["action"]))
	if i := strings.IndexAny(action, " \t("); i >= 0 {
		action = action[:i] // "failed (bad mailbox)" in some Exchange reports
	}
	if action == "" {
		return DSNRecipient{}, false
	}
	status := ""
	if m := reEnhanced.FindString(group["status"]); m != "" {
		status = m
	}
	return DSNRecipient{Action: action, Status: status, Diagnostic: cleanDiagnostic(group["diagnostic-code"])}, true
}

// fieldGroups splits a message/delivery-status body into its groups of
// header-like fields (separated by blank lines), unfolding continuation
// lines. Names are lower-cased; the first occurrence wins.
func fieldGroups(body []byte) []map[string]string {
	var groups []map[string]string
	group := map[string]string{}
	last := ""
	flush := func() {
		if len(group) > 0 {
			groups = append(groups, group)
		}
		group, last = map[string]string{}, ""
	}
	for _, line := range strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			flush()
		case line[0] == ' ' || line[0] == '\t':
			if last != "" {
				group[last] += " " + strings.TrimSpace(line)
			}
		default:
			name, value, ok := strings.Cut(line, ":")
			if !ok {
				last = ""
				continue
			}
			name = strings.ToLower(strings.TrimSpace(name))
			if _, seen := group[name]; seen {
				last = ""
				continue
			}
			group[name], last = strings.TrimSpace(value), name
		}
	}
	flush()
	return groups
}

// cleanDiagnostic drops the diagnostic type ("smtp;"), joins folded lines
// and removes addresses.
func cleanDiagnostic(s string) string {
	if typ, rest, ok := strings.Cut(s, ";"); ok && !strings.ContainsAny(typ, " \t") {
		s = rest
	}
	s = strings.TrimSpace(reSpaces.ReplaceAllString(StripAddresses(s), " "))
	if len(s) > maxDiagnostic {
		s = strings.ToValidUTF8(s[:maxDiagnostic], "")
	}
	return s
}

// originalMessageID finds the Message-ID of our message: in the returned
// message or its headers, then the envelope ID, then the bounce's
// In-Reply-To and References, then a Message-ID line anywhere in a text
// part (plain-text bounces quote the original's headers).
func originalMessageID(env *enmime.Envelope, parts []*enmime.Part, envID string) string {
	for _, p := range parts {
		if isOriginal(strings.ToLower(p.ContentType)) {
			if id := headerMessageID(p.Content); id != "" {
				return id
			}
		}
	}
	if id := strings.Trim(strings.TrimSpace(envID), "<>"); id != "" && !strings.ContainsAny(id, " \t<>") {
		return "<" + id + ">"
	}
	if id := reAngleID.FindString(env.GetHeader("In-Reply-To")); id != "" {
		return id
	}
	if ids := reAngleID.FindAllString(env.GetHeader("References"), -1); len(ids) > 0 {
		return ids[len(ids)-1]
	}
	for _, p := range parts {
		if ct := strings.ToLower(p.ContentType); ct == "" || strings.HasPrefix(ct, "text/") || isOriginal(ct) {
			if m := reMessageID.FindSubmatch(p.Content); m != nil {
				return string(m[1])
			}
		}
	}
	return ""
}

// headerMessageID reads the Message-ID from the header section of an
// embedded message.
func headerMessageID(msg []byte) string {
	head := msg
	if i := bytes.Index(head, []byte("\n\n")); i >= 0 {
		head = head[:i]
	}
	if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
		head = head[:i]
	}
	if m := reMessageID.FindSubmatch(head); m != nil {
		return string(m[1])
	}
	return ""
}

// looksLikeBounce recognises a plain-text bounce by its sender or subject.
func looksLikeBounce(env *enmime.Envelope) bool {
	if env.GetHeader("X-Failed-Recipients") != "" {
		return true
	}
	from, subject := env.GetHeader("From"), env.GetHeader("Subject")
	return reBounceSubject.MatchString(subject) ||
		(reBounceSender.MatchString(from) && reMessageID.MatchString(env.Text))
}

// plainRecipient reads what a plain-text bounce says: a delay warning or
// a failure, and the first SMTP reply it quotes.
func plainRecipient(env *enmime.Envelope) DSNRecipient {
	r := DSNRecipient{Action: "failed"}
	if reDelaySubject.MatchString(env.GetHeader("Subject")) {
		r.Action = "delayed"
	}
	text := env.Text
	// Exim and qmail append the returned message after such a line; its
	// headers must not be read as the diagnostic.
	for _, marker := range []string{"------ This is a copy of the message", "--- Below this line is a copy of the message", "------ The header of the original message"} {
		if i := strings.Index(text, marker); i >= 0 {
			text = text[:i]
		}
	}
	if line := reReplyLine.FindString(text); line != "" {
		r.Diagnostic = cleanDiagnostic(line)
	}
	switch {
	case reEnhanced.FindString(r.Diagnostic) != "":
		r.Status = reEnhanced.FindString(r.Diagnostic)
	case strings.HasPrefix(r.Diagnostic, "4") || r.Action == "delayed":
		r.Status = "4.0.0"
	default:
		r.Status = "5.0.0"
	}
	return r
}
