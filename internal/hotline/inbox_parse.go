package hotline

// Reading an inbound mail. Whatever arrives is stored: broken MIME, raw
// 8-bit header bytes, a missing Message-ID or no parsable header at all
// give what could be read, never an error.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	netmail "net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jhillyerd/enmime/v2"

	"github.com/breachdesk/breachdesk/internal/people"
)

// Limits on what one mail may make the desk keep.
const (
	// maxKeptAttachments is how many attachment bytes of one mail are kept
	// (sealed); an attachment past it is recorded by hash and size only.
	maxKeptAttachments = 25 << 20
	maxText            = 1 << 20 // the text body's bytes kept
	maxHTML            = 2 << 20 // the HTML body's bytes kept
	maxMailSubject     = 1000
	maxFileName        = 255
	maxReferences      = 30 // the newest References kept and looked up
	maxAttachments     = 200
)

// parsedMail is what IngestMail reads from a raw mail.
type parsedMail struct {
	sha        string // hex SHA-256 of the raw mail
	messageID  string // with brackets; synthetic when missing or unusable
	inReplyTo  string
	references []string // oldest first, In-Reply-To last when not among them
	from       string   // normalized address; "" when none could be read
	fromName   string
	to         string
	subject    string
	text, html string
	lang       string // "de" or "en"
	// autoReply says the mail was sent by a machine (an auto-reply, a
	// list, a bounce): it gets no acknowledgement, so two robots cannot
	// keep answering each other.
	autoReply bool
	parts     []parsedPart
}

type parsedPart struct {
	name        string
	contentType string
	content     []byte
}

var mailParser = enmime.NewParser(
	enmime.SkipMalformedParts(true),
	enmime.MultipartWOBoundaryAsSinglePart(true),
	enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
	enmime.StripMediaTypeInvalidCharacters(true),
	enmime.MaxStoredPartErrors(10),
)

// syntheticMessageID names a mail that brought no usable Message-ID.
func syntheticMessageID(sha string) string { return "<" + sha + "@breachdesk.invalid>" }

// parseMail reads raw. It never fails: what cannot be parsed as MIME is
// kept as the text body.
func parseMail(raw []byte) *parsedMail {
	sum := sha256.Sum256(raw)
	pm := &parsedMail{sha: hex.EncodeToString(sum[:])}
	env, err := mailParser.ReadEnvelope(bytes.NewReader(raw))
	if err != nil || env == nil || env.Root == nil {
		pm.readFallback(raw)
	} else {
		pm.readEnvelope(env)
	}
	pm.finish()
	return pm
}

func (pm *parsedMail) readEnvelope(env *enmime.Envelope) {
	h := func(name string) string { return headerText(env.Root.Header.Get(name)) }
	pm.messageID = firstID(env.Root.Header.Get("Message-Id"))
	pm.inReplyTo = firstID(env.Root.Header.Get("In-Reply-To"))
	pm.references = allIDs(strings.Join(env.Root.Header.Values("References"), " "))
	pm.from, pm.fromName = readAddress(env.Root.Header.Get("From"))
	if pm.from == "" {
		pm.from, pm.fromName = readAddress(env.Root.Header.Get("Sender"))
	}
	pm.to, _ = readAddress(env.Root.Header.Get("To"))
	pm.subject = h("Subject")
	pm.text = validText(env.Text)
	pm.html = validText(env.HTML)
	pm.lang = langTag(h("Content-Language"))
	pm.autoReply = isAutoReply(func(name string) string { return env.Root.Header.Get(name) }, pm.from)
	for _, group := range [][]*enmime.Part{env.Attachments, env.Inlines, env.OtherParts} {
		for _, p := range group {
			if len(pm.parts) == maxAttachments {
				return
			}
			pm.parts = append(pm.parts, parsedPart{
				name:        clip(headerText(p.FileName), maxFileName),
				contentType: clip(strings.ToLower(validText(p.ContentType)), 100),
				content:     p.Content,
			})
		}
	}
}

// readFallback reads a mail enmime refused: net/mail's header parser, else
// the whole mail as text.
func (pm *parsedMail) readFallback(raw []byte) {
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		pm.text = validText(string(raw))
		return
	}
	get := func(name string) string { return msg.Header.Get(name) }
	pm.messageID = firstID(get("Message-Id"))
	pm.inReplyTo = firstID(get("In-Reply-To"))
	pm.references = allIDs(get("References"))
	pm.from, pm.fromName = readAddress(get("From"))
	pm.subject = headerText(get("Subject"))
	pm.lang = langTag(get("Content-Language"))
	pm.autoReply = isAutoReply(get, pm.from)
	var body bytes.Buffer
	_, _ = body.ReadFrom(msg.Body)
	pm.text = validText(body.String())
}

// finish applies the limits and fills what is missing.
func (pm *parsedMail) finish() {
	if pm.messageID == "" {
		pm.messageID = syntheticMessageID(pm.sha)
	}
	if pm.inReplyTo != "" && !contains(pm.references, pm.inReplyTo) {
		pm.references = append(pm.references, pm.inReplyTo)
	}
	if len(pm.references) > maxReferences {
		pm.references = pm.references[len(pm.references)-maxReferences:]
	}
	pm.subject = clip(pm.subject, maxMailSubject)
	pm.text = clip(pm.text, maxText)
	pm.html = clip(pm.html, maxHTML)
	if pm.lang == "" {
		pm.lang = guessLang(pm.subject + "\n" + pm.text)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// wordDecoder decodes RFC 2047 words in any charset Go knows; others are
// left as they are.
var wordDecoder = &mime.WordDecoder{}

// headerText is a header value as valid UTF-8 on one line: encoded words
// decoded, raw 8-bit bytes read as Latin-1 when they are not UTF-8.
func headerText(v string) string {
	if dec, err := wordDecoder.DecodeHeader(v); err == nil {
		v = dec
	}
	v = validText(v)
	return strings.Join(strings.FieldsFunc(v, func(r rune) bool { return r == '\r' || r == '\n' || r == '\t' }), " ")
}

// validText makes s valid UTF-8: bytes that are not are read as Latin-1
// (which is what 8-bit headers of old mailers mostly are).
func validText(s string) string {
	if utf8.ValidString(s) {
		return strings.ReplaceAll(s, "\x00", "")
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteRune(rune(s[i]))
			i++
			continue
		}
		b.WriteRune(r)
		i += size
	}
	return strings.ReplaceAll(b.String(), "\x00", "")
}

// clip cuts s to at most n bytes on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// firstID is the first <...> message ID in v, "" when none is usable.
func firstID(v string) string {
	ids := allIDs(v)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// allIDs lists the usable <...> message IDs of v in order, without
// repeats. Usable: printable ASCII without spaces, an @, at most 250
// bytes.
func allIDs(v string) []string {
	var ids []string
	for {
		start := strings.IndexByte(v, '<')
		if start < 0 {
			return ids
		}
		end := strings.IndexByte(v[start:], '>')
		if end < 0 {
			return ids
		}
		id := v[start : start+end+1]
		v = v[start+end+1:]
		if usableID(id) && !contains(ids, id) {
			ids = append(ids, id)
		}
	}
}

func usableID(id string) bool {
	if len(id) < 5 || len(id) > 250 || !strings.Contains(id, "@") {
		return false
	}
	for i := 1; i < len(id)-1; i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return false
		}
	}
	return true
}

// readAddress reads the first address of an address header: the
// normalized address and the display name. A header net/mail cannot
// parse is searched for something that looks like an address.
func readAddress(v string) (addr, name string) {
	if v == "" {
		return "", ""
	}
	if list, err := (&netmail.AddressParser{WordDecoder: wordDecoder}).ParseList(v); err == nil && len(list) > 0 {
		return people.NormalizeEmail(validText(list[0].Address)), clip(headerText(list[0].Name), 200)
	}
	v = validText(v)
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("<>,;\"()", r) }) {
		if n := people.NormalizeEmail(f); n != "" && strings.Contains(n, "@") {
			return n, ""
		}
	}
	return "", ""
}

// isAutoReply reports a mail sent by a machine (RFC 3834 Auto-Submitted,
// Precedence, lists, auto-responders, bounces) or by a no-reply sender.
func isAutoReply(get func(string) string, from string) bool {
	if v := strings.ToLower(strings.TrimSpace(get("Auto-Submitted"))); v != "" && v != "no" {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(get("Precedence"))) {
	case "bulk", "junk", "list", "auto_reply":
		return true
	}
	for _, h := range []string{"List-Id", "List-Unsubscribe", "X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"} {
		if get(h) != "" {
			return true
		}
	}
	if strings.TrimSpace(get("Return-Path")) == "<>" {
		return true
	}
	local, _, _ := strings.Cut(from, "@")
	switch strings.ReplaceAll(strings.ReplaceAll(local, "-", ""), "_", "") {
	case "", "mailerdaemon", "postmaster", "noreply", "donotreply", "bounce", "bounces":
		return true
	}
	return false
}

// langTag reads a Content-Language header: "de" or "en", "" otherwise.
func langTag(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	switch {
	case strings.HasPrefix(v, "de"):
		return "de"
	case strings.HasPrefix(v, "en"):
		return "en"
	}
	return ""
}

// Frequent words that tell German from English text.
var (
	germanWords = map[string]bool{
		"und": true, "der": true, "die": true, "das": true, "ich": true, "nicht": true, "ist": true,
		"mit": true, "sie": true, "wir": true, "bitte": true, "meine": true, "mein": true, "ihre": true,
		"daten": true, "sehr": true, "geehrte": true, "geehrter": true, "damen": true, "herren": true,
		"grüße": true, "gruß": true, "frage": true, "betroffen": true, "auf": true, "für": true, "ein": true,
		"eine": true, "habe": true, "haben": true, "wurde": true, "wurden": true, "von": true, "zu": true,
	}
	englishWords = map[string]bool{
		"the": true, "and": true, "is": true, "i": true, "not": true, "with": true, "you": true,
		"please": true, "my": true, "your": true, "data": true, "dear": true, "regards": true,
		"question": true, "affected": true, "on": true, "for": true, "a": true, "an": true, "have": true,
		"has": true, "was": true, "were": true, "of": true, "to": true, "am": true, "are": true,
	}
)

// guessLang tells German from English by frequent words in the first few
// kilobytes of text; English when it cannot tell.
func guessLang(text string) string {
	text = clip(text, 8<<10)
	de, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if germanWords[w] {
			de++
		}
		if englishWords[w] {
			en++
		}
	}
	if de > en {
		return "de"
	}
	return "en"
}
