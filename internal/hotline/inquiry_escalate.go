package hotline

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// afterChange records what a new or changed inquiry sets off: an
// escalation (to a new assignee) queues the mail that tells them and goes
// on the timeline, a new data-subject request too. before is nil for a new
// inquiry. The timeline gets IDs and dates only.
func (s *Service) afterChange(ctx context.Context, tx Tx, a auth.Actor, before, q *Inquiry, st *Settings) error {
	escalated := q.Outcome == Escalated && (before == nil || before.Outcome != Escalated || before.AssigneeID != q.AssigneeID)
	if escalated {
		if err := s.queueEscalation(ctx, tx, q, st); err != nil {
			return err
		}
		if err := s.systemEntry(ctx, tx, a, q.IncidentID, incident.SystemEvent{Name: "hotline_inquiry_escalated",
			Args: map[string]string{"inquiry": strconv.FormatInt(q.ID, 10), "assignee": strconv.FormatInt(q.AssigneeID, 10)}}); err != nil {
			return err
		}
	}
	if q.Outcome == DataRequest && (before == nil || before.Outcome != DataRequest) && q.RequestDue != nil {
		return s.systemEntry(ctx, tx, a, q.IncidentID, incident.SystemEvent{Name: "hotline_data_request",
			Args: map[string]string{"inquiry": strconv.FormatInt(q.ID, 10), "request": string(q.Request), "due": q.RequestDue.Format("2006-01-02")}})
	}
	return nil
}

// InquiryPath is the desk's page of an inquiry: what an escalation mail
// links to.
func InquiryPath(incidentID, inquiryID int64) string {
	return fmt.Sprintf("/incidents/%d/hotline/inquiries/%d", incidentID, inquiryID)
}

// queueEscalation queues the mail that tells q's assignee about it, to
// their desk address, through the hotline's outbox. It names the inquiry
// and its page, never the caller: the mail leaves the desk.
func (s *Service) queueEscalation(ctx context.Context, tx Tx, q *Inquiry, st *Settings) error {
	u, err := s.users.User(ctx, q.AssigneeID)
	if err != nil {
		return err
	}
	lang := u.Language
	if lang != "de" {
		lang = "en"
	}
	subject, text := escalationText(lang, q)
	now := s.now()
	m := &Mail{
		IncidentID: q.IncidentID, InquiryID: q.ID, Direction: Outbound, Kind: Escalation, State: Queued,
		MessageID: s.escalationMessageID(q, st), Lang: lang, NextAt: now, CreatedAt: now, AuthorID: q.AgentID,
		Private: MailPrivate{From: st.InboxAddress, To: u.Email, Subject: subject, Text: text},
	}
	row, err := s.sealMail(m)
	if err != nil {
		return err
	}
	return tx.AddMail(ctx, row)
}

// escalationText is the escalation mail in lang: the inquiry's number,
// channel, topic, the due times and the link path; no personal data.
func escalationText(lang string, q *Inquiry) (string, string) {
	path := InquiryPath(q.IncidentID, q.ID)
	topic := q.Topic
	if topic == "" {
		topic = "-"
	}
	if lang == "de" {
		subject := fmt.Sprintf("Hotline-Anfrage #%d (Vorfall #%d) an Sie weitergegeben", q.ID, q.IncidentID)
		text := fmt.Sprintf("Die Hotline-Anfrage #%d im Vorfall #%d wurde an Sie weitergegeben.\n\nKanal: %s\nThema: %s\nEingegangen: %s\n\nÖffnen Sie sie im Desk: %s\n\nDiese E-Mail enthält bewusst keine Daten der anfragenden Person.\n",
			q.ID, q.IncidentID, q.Channel, topic, q.ReceivedAt.Format("2006-01-02 15:04 MST"), path)
		return subject, text
	}
	subject := fmt.Sprintf("Hotline inquiry #%d (incident #%d) escalated to you", q.ID, q.IncidentID)
	text := fmt.Sprintf("Hotline inquiry #%d of incident #%d was escalated to you.\n\nChannel: %s\nTopic: %s\nReceived: %s\n\nOpen it on the desk: %s\n\nThis mail deliberately holds no data of the person who asked.\n",
		q.ID, q.IncidentID, q.Channel, topic, q.ReceivedAt.Format("2006-01-02 15:04 MST"), path)
	return subject, text
}

// escalationMessageID is fixed before the first attempt, so that a retry
// is recognisable as the same mail.
func (s *Service) escalationMessageID(q *Inquiry, st *Settings) string {
	domain := s.domain
	if at := strings.LastIndexByte(st.InboxAddress, '@'); at >= 0 && at < len(st.InboxAddress)-1 {
		domain = st.InboxAddress[at+1:]
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("<hotline.i%d.q%d.esc.%s@%s>", q.IncidentID, q.ID, hex.EncodeToString(b), domain)
}
