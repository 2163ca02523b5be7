package hotline

import (
	"bytes"
	"errors"
	"testing"

	"github.com/breachdesk/breachdesk/internal/people"
)

// Each sealed kind opens with its own kind and incident only, and the
// store's row never carries the clear part.
func TestSealRoundTrips(t *testing.T) {
	keys, err := people.NewKeyring(bytes.Repeat([]byte{3}, people.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(nil, nil, nil, nil, nil, keys, Options{})

	q := &Inquiry{ID: 1, IncidentID: 7, Private: Private{CallerName: "Erika Mustermann", Notes: "IBAN DE89370400440532013000"}}
	qr, err := s.sealInquiry(q, s.callerKey(&Private{CallerPhone: "0151 12345678"}))
	if err != nil {
		t.Fatal(err)
	}
	if qr.Private != (Private{}) || bytes.Contains(qr.Sealed, []byte("Erika")) || len(qr.CallerKey) == 0 {
		t.Fatalf("sealed inquiry row = %+v", qr)
	}
	if !bytes.Equal(qr.CallerKey, s.phoneKey("+4915112345678")) {
		t.Error("the caller key differs between two formats of one number")
	}
	back, err := s.openInquiry(qr)
	if err != nil || back.Private != q.Private {
		t.Fatalf("opened inquiry = %+v, %v", back, err)
	}

	m := &Mail{ID: 2, IncidentID: 7, Private: MailPrivate{From: "erika@example.org", Text: "hello"}}
	mr, err := s.sealMail(m)
	if err != nil {
		t.Fatal(err)
	}
	if mb, err := s.openMail(mr); err != nil || mb.Private.From != m.Private.From {
		t.Fatalf("opened mail = %+v, %v", mb, err)
	}
	c := &Call{ID: 3, IncidentID: 7, Private: CallPrivate{From: "+4915112345678"}}
	cr, err := s.sealCall(c)
	if err != nil {
		t.Fatal(err)
	}
	if cb, err := s.openCall(cr); err != nil || cb.Private != c.Private {
		t.Fatalf("opened call = %+v, %v", cb, err)
	}
	a := &Attachment{ID: 4, IncidentID: 7, Content: []byte("scan of an ID card")}
	ar := s.sealAttachment(a)
	if ar.Content != nil {
		t.Fatal("the attachment row carries the content")
	}
	if ab, err := s.openAttachment(ar); err != nil || string(ab.Content) != string(a.Content) {
		t.Fatalf("opened attachment = %+v, %v", ab, err)
	}
	sealed, err := s.sealSettings(7, &Settings{Inbox: "imaps://u:p@h/INBOX"})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := s.openSettings(7, sealed); err != nil || st.Inbox != "imaps://u:p@h/INBOX" {
		t.Fatalf("opened settings = %+v, %v", st, err)
	}

	// Moved: into another incident, or from a mail into an inquiry.
	moved := *qr
	moved.IncidentID = 8
	if _, err := s.openInquiry(&moved); err == nil {
		t.Error("an inquiry opened in another incident")
	}
	asInquiry := &InquiryRow{Inquiry: Inquiry{ID: 2, IncidentID: 7}, Sealed: mr.Sealed}
	if _, err := s.openInquiry(asInquiry); err == nil || bytes.Contains([]byte(err.Error()), []byte("erika")) {
		t.Errorf("a mail opened as an inquiry: %v", err)
	}
	if _, err := s.openSettings(8, sealed); err == nil || errors.Unwrap(err) == nil {
		t.Errorf("settings opened in another incident: %v", err)
	}
}
