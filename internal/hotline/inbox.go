package hotline

// The inbox: each inbound mail is stored in a transaction of its own, keyed
// by its Message-ID (a missing one is made from the mail's SHA-256), so a
// mail fetched twice — a restart mid-poll, a UIDVALIDITY change — is stored
// once. A mail of a known thread joins its inquiry; any other opens one and
// queues the acknowledgement in the same transaction, so every thread is
// acknowledged exactly once.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
)

// ackPause is how long after an acknowledged thread the same sender's
// next new thread goes without one: whoever writes ten mails a minute
// (or a robot that escaped isAutoReply) is acknowledged once.
const ackPause = time.Hour

// errDuplicate rolls back an ingest that found its mail stored already.
var errDuplicate = errors.New("hotline: mail stored already")

// IngestMail stores one inbound mail of incident id's inbox: a new thread
// opens an inquiry (and queues the acknowledgement once), a mail of a known
// thread joins it. A mail stored already changes nothing. The mail itself
// never makes it fail: what cannot be parsed is kept as text.
func (s *Service) IngestMail(ctx context.Context, id int64, raw []byte) (*IngestResult, error) {
	pm := parseMail(raw)
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return nil, err
	}
	in := &ingest{s: s, id: id, pm: pm, st: st, now: s.now(), size: int64(len(raw))}
	if err := in.prepare(ctx); err != nil {
		return nil, err
	}
	var res *IngestResult
	err = s.store.Update(ctx, func(tx Tx) error {
		var err error
		res, err = in.store(ctx, tx)
		return err
	})
	if errors.Is(err, errDuplicate) {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// ingest is one inbound mail on its way into the store.
type ingest struct {
	s    *Service
	id   int64
	pm   *parsedMail
	st   *Settings
	now  time.Time
	size int64

	senderKey []byte
	personID  int64
	match     Match
	atts      []*Attachment
	names     []string
	notKept   []int
	sensitive []string
	ackOK     bool
}

// prepare does what needs no transaction: the sender's lookup in the
// register, the attachments' hashes and the detectors.
func (in *ingest) prepare(ctx context.Context) error {
	pm := in.pm
	if pm.from != "" {
		in.senderKey = in.s.emailKey(pm.from)
		in.match = NotFound
		if in.senderKey != nil && in.s.people != nil {
			ids, err := in.s.people.LookupKeys(ctx, in.id, people.IndexKey{Kind: people.IndexEmail, Hash: in.senderKey})
			if err != nil {
				return err
			}
			if len(ids) > 0 {
				in.personID, in.match = ids[0], Affected
			}
		}
	}
	budget := &scanBudget{left: maxScanned}
	in.sensitive = union(budget.categories([]byte(pm.subject+"\n"+pm.text)), nil)
	if pm.text == "" {
		in.sensitive = union(in.sensitive, budget.categories([]byte(pm.html)))
	}
	kept := 0
	for i, p := range pm.parts {
		sum := sha256.Sum256(p.content)
		a := &Attachment{
			IncidentID: in.id, Index: i, ContentType: p.contentType, Size: int64(len(p.content)),
			SHA256: hex.EncodeToString(sum[:]), Content: p.content,
		}
		if kept+len(p.content) > maxKeptAttachments {
			a.Content = nil
			in.notKept = append(in.notKept, i)
		} else {
			kept += len(p.content)
		}
		if a.Content != nil && textual(p.contentType) {
			a.Categories = budget.categories(p.content)
			in.sensitive = union(in.sensitive, a.Categories)
		}
		in.atts = append(in.atts, a)
		in.names = append(in.names, p.name)
	}
	ok, err := in.mayAcknowledge(ctx)
	in.ackOK = ok
	return err
}

// mayAcknowledge says whether a new thread of this mail gets the automatic
// acknowledgement: it is switched on, a person (not a machine, not the
// inbox itself) wrote, and the sender got none in the last ackPause.
func (in *ingest) mayAcknowledge(ctx context.Context) (bool, error) {
	pm := in.pm
	if !in.st.Acknowledge || pm.autoReply || pm.from == "" || in.senderKey == nil ||
		pm.from == people.NormalizeEmail(in.st.InboxAddress) {
		return false, nil
	}
	recent, err := in.s.store.Inquiries(ctx, in.id, Filter{CallerKey: in.senderKey, Channel: ByMail, Limit: 1})
	if err != nil {
		return false, err
	}
	return len(recent) == 0 || recent[0].ReceivedAt.Before(in.now.Add(-ackPause)), nil
}

// store writes the mail, its inquiry (new or joined), its attachments and
// the acknowledgement in tx. A mail stored already returns errDuplicate
// with the stored IDs.
func (in *ingest) store(ctx context.Context, tx Tx) (*IngestResult, error) {
	pm := in.pm
	msgID, dup, err := in.messageID(ctx, tx)
	if dup != nil {
		return &IngestResult{InquiryID: dup.InquiryID, MailID: dup.ID, Duplicate: true}, errDuplicate
	}
	if err != nil {
		return nil, err
	}
	res := &IngestResult{}
	if res.InquiryID, err = threadOf(ctx, tx, in.id, pm.references); err != nil {
		return nil, err
	}
	var q *Inquiry
	if res.InquiryID == 0 {
		if q, err = in.openInquiry(ctx, tx); err != nil {
			return nil, err
		}
		res.InquiryID, res.NewThread = q.ID, true
	} else if err := in.joinInquiry(ctx, tx, res.InquiryID); err != nil {
		return nil, err
	}
	m := &Mail{
		IncidentID: in.id, InquiryID: res.InquiryID, Direction: Inbound, Kind: Received, State: Delivered,
		MessageID: msgID, InReplyTo: pm.inReplyTo, References: pm.references, RawSHA256: pm.sha,
		Size: in.size, Lang: pm.lang, SenderKey: in.senderKey, Sensitive: in.sensitive,
		NextAt: in.now, CreatedAt: in.now,
		Private: MailPrivate{
			From: pm.from, To: pm.to, Subject: pm.subject, Text: pm.text, HTML: pm.html,
			AttachmentNames: in.names, NotKept: in.notKept,
		},
	}
	row, err := in.s.sealMail(m)
	if err != nil {
		return nil, err
	}
	if err := tx.AddMail(ctx, row); err != nil {
		if errs.Is(err, errs.Conflict) {
			return &IngestResult{Duplicate: true}, errDuplicate
		}
		return nil, err
	}
	res.MailID = row.ID
	for _, a := range in.atts {
		a.MailID = row.ID
		ar := in.s.sealAttachment(a)
		if a.Content == nil {
			ar.Sealed = nil // not kept: the hash and the size tell it apart
		}
		if err := tx.AddAttachment(ctx, ar); err != nil {
			return nil, err
		}
	}
	if q != nil && in.ackOK {
		if err := in.queueAck(ctx, tx, q, msgID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// messageID is the Message-ID the mail is stored under. A mail with an
// inbound mail of the same Message-ID is that mail again (dup). One that
// claims the Message-ID of a mail we sent is stored under its synthetic
// ID, so it cannot push our own mail out of the thread.
func (in *ingest) messageID(ctx context.Context, tx Tx) (string, *MailRow, error) {
	for _, id := range []string{in.pm.messageID, syntheticMessageID(in.pm.sha)} {
		m, err := tx.MailByMessageID(ctx, in.id, id)
		if errs.Is(err, errs.NotFound) {
			return id, nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		if m.Direction == Inbound {
			return "", m, nil
		}
	}
	return "", nil, errs.E(errs.Conflict, "hotline: mail %s... claims the Message-ID of one sent by the desk", in.pm.sha[:12])
}

// openInquiry opens the inquiry of a new thread.
func (in *ingest) openInquiry(ctx context.Context, tx Tx) (*Inquiry, error) {
	pm := in.pm
	q := &Inquiry{
		IncidentID: in.id, Channel: ByMail, Status: Open, Match: in.match, PersonID: in.personID,
		Lang: pm.lang, ReceivedAt: in.now, FirstResponseDue: in.now.Add(slaFor(in.st, ByMail)),
		UpdatedAt: in.now,
		Private:   Private{CallerName: pm.fromName, CallerEmail: pm.from, Subject: clip(pm.subject, maxSubject)},
	}
	sc, err := tx.ApprovedScript(ctx, in.id)
	switch {
	case err == nil:
		q.ScriptVersion = sc.Version
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	row, err := in.s.sealInquiry(q, in.senderKey)
	if err != nil {
		return nil, err
	}
	if err := tx.AddInquiry(ctx, row); err != nil {
		return nil, err
	}
	q.ID = row.ID
	return q, nil
}

// joinInquiry adds the mail to its thread's inquiry: a closed one opens
// again (someone wrote back), and a person the register knows is linked
// when the inquiry had nobody.
func (in *ingest) joinInquiry(ctx context.Context, tx Tx, inquiryID int64) error {
	row, err := tx.Inquiry(ctx, in.id, inquiryID)
	if err != nil {
		return err
	}
	q := &row.Inquiry
	if q.Status == Closed {
		q.Status, q.ClosedAt = Open, nil
		if q.Outcome == Answered {
			q.Outcome = NoOutcome
		}
	}
	if q.PersonID == 0 && in.personID != 0 {
		q.PersonID, q.Match = in.personID, Affected
	}
	q.UpdatedAt = in.now
	return tx.UpdateInquiry(ctx, row)
}

// queueAck queues the acknowledgement of a new thread from the approved
// script, in the sender's language. Without an approved script nothing is
// sent: what leaves the desk in the incident's name is what comms wrote and
// the lead approved.
func (in *ingest) queueAck(ctx context.Context, tx Tx, q *Inquiry, inboundID string) error {
	sc, err := tx.ApprovedScript(ctx, in.id)
	if errs.Is(err, errs.NotFound) {
		in.s.log.Info("hotline: no approved script, so no acknowledgement", "incident", in.id, "inquiry", q.ID)
		return nil
	}
	if err != nil {
		return err
	}
	c := sc.content(q.Lang)
	if c == nil || c.AckBody == "" {
		return nil
	}
	subject := c.AckSubject
	if subject == "" {
		subject = replySubject(in.pm.subject)
	}
	m := &Mail{
		IncidentID: in.id, InquiryID: q.ID, Direction: Outbound, Kind: Acknowledge, State: Queued,
		MessageID: in.s.outboundMessageID("ack", in.id, q.ID, in.st.InboxAddress),
		InReplyTo: inboundID, References: chain(in.pm.references, inboundID),
		Lang: c.Lang, NextAt: in.now, CreatedAt: in.now,
		Private: MailPrivate{From: in.st.InboxAddress, To: in.pm.from, Subject: subject, Text: c.AckBody},
	}
	row, err := in.s.sealMail(m)
	if err != nil {
		return err
	}
	return tx.AddMail(ctx, row)
}
