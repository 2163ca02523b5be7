package hotline

// Threading: which inquiry a mail belongs to, and the headers that make a
// mail we send part of its thread.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/breachdesk/breachdesk/internal/errs"
)

// threadOf finds the inquiry of the newest known mail among refs (the
// References and In-Reply-To of an inbound mail, oldest first): an
// earlier inbound mail or one of our acknowledgements and replies. 0 when
// none is known.
func threadOf(ctx context.Context, tx Tx, id int64, refs []string) (int64, error) {
	for i := len(refs) - 1; i >= 0; i-- {
		m, err := tx.MailByMessageID(ctx, id, refs[i])
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return 0, err
		}
		return m.InquiryID, nil
	}
	return 0, nil
}

// chain is the References of an answer to a mail with messageID and refs:
// its references and itself, the newest maxReferences.
func chain(refs []string, messageID string) []string {
	out := make([]string, 0, len(refs)+1)
	for _, r := range refs {
		if r != messageID {
			out = append(out, r)
		}
	}
	out = append(out, messageID)
	if len(out) > maxReferences {
		out = out[len(out)-maxReferences:]
	}
	return out
}

// outboundMessageID is a new Message-ID for an outgoing mail of kind about
// inquiry q, in the domain of the inbox address (else the service's).
func (s *Service) outboundMessageID(kind string, incidentID, inquiryID int64, inboxAddress string) string {
	domain := s.domain
	if at := strings.LastIndexByte(inboxAddress, '@'); at >= 0 && at < len(inboxAddress)-1 {
		domain = inboxAddress[at+1:]
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("<hotline.i%d.q%d.%s.%s@%s>", incidentID, inquiryID, kind, hex.EncodeToString(b), domain)
}

// replySubject is "Re: " and the subject without the prefixes earlier
// answers put there.
func replySubject(subject string) string {
	s := strings.TrimSpace(subject)
	for {
		lower := strings.ToLower(s)
		cut := false
		for _, p := range []string{"re:", "aw:", "wg:", "fw:", "fwd:"} {
			if strings.HasPrefix(lower, p) {
				s, cut = strings.TrimSpace(s[len(p):]), true
				break
			}
		}
		if !cut {
			break
		}
	}
	return clip("Re: "+s, maxMailSubject)
}
