package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

var timelineScenarios = []scenario{
	{"timeline/entries survive a round trip with author name, event and attachments", testEntryRoundTrip},
	{"timeline/an entry names its newest correction", testCorrectedBy},
	{"timeline/attachment content comes back byte for byte", testAttachmentData},
	{"timeline/250 entries page newest first without gaps or repeats, ties split by ID", testTimelinePaging},
}

func attachment(name string, data []byte, by int64) incident.Attachment {
	sum := sha256.Sum256(data)
	return incident.Attachment{Name: name, ContentType: "application/octet-stream", Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), UploadedBy: by, UploadedAt: at(time.Minute)}
}

func appendEntry(t *testing.T, s Stores, e *incident.Entry, data ...[]byte) {
	t.Helper()
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error { return tx.AppendEntry(ctx, e, data) })
	if e.ID == 0 {
		t.Fatal("AppendEntry did not set the ID")
	}
	for _, a := range e.Attachments {
		if a.ID == 0 || a.EntryID != e.ID || a.IncidentID != e.IncidentID {
			t.Fatalf("AppendEntry left attachment %+v unlinked", a)
		}
	}
}

func testEntryRoundTrip(t *testing.T, s Stores) {
	ctx := t.Context()
	named := newUser(t, s, "ada@example.org", "Ada", auth.RoleResponder)
	nameless := newUser(t, s, "bob@example.org", "", auth.RoleResponder)
	inc := newIncident(t, s, "timeline")
	withFiles := &incident.Entry{IncidentID: inc.ID, OccurredAt: at(-time.Hour), RecordedAt: t0, AuthorID: named.ID,
		Kind: incident.EntryEvidence, Text: "Ransom note and firewall log",
		Attachments: []incident.Attachment{attachment("note.txt", []byte("pay"), named.ID), attachment("fw.log", []byte("deny"), named.ID)}}
	appendEntry(t, s, withFiles, []byte("pay"), []byte("deny"))
	plain := &incident.Entry{IncidentID: inc.ID, OccurredAt: t0, RecordedAt: t0, AuthorID: nameless.ID, Kind: incident.EntryNote, Text: "Called the insurer"}
	appendEntry(t, s, plain)
	system := &incident.Entry{IncidentID: inc.ID, OccurredAt: at(time.Minute), RecordedAt: at(time.Minute), Kind: incident.EntryStatus,
		Text:  "Status changed from triage to investigating.",
		Event: &incident.SystemEvent{Name: "status_changed", Args: map[string]string{"from": "triage", "to": "investigating"}}}
	appendEntry(t, s, system)

	wantNames := map[int64]string{withFiles.ID: "Ada", plain.ID: "bob@example.org", system.ID: ""}
	for _, e := range []*incident.Entry{withFiles, plain, system} {
		if e.AuthorName != wantNames[e.ID] {
			t.Errorf("AppendEntry set AuthorName %q, want %q", e.AuthorName, wantNames[e.ID])
		}
		wantEqual(t, "Entry", must(s.Incidents.Entry(ctx, inc.ID, e.ID))(t), e)
	}
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
		wantEqual(t, "Entry in a transaction", must(tx.Entry(ctx, inc.ID, withFiles.ID))(t), withFiles)
		return nil
	})
	got := must(s.Incidents.Timeline(ctx, inc.ID, incident.TimelinePage{Limit: 10}))(t)
	wantEqual(t, "Timeline", got, []incident.Entry{*system, *plain, *withFiles})
	if n := must(s.Incidents.TimelineCount(ctx, inc.ID))(t); n != 3 {
		t.Errorf("TimelineCount = %d, want 3", n)
	}
}

func testCorrectedBy(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "corrections")
	wrong := newEntry(t, s, inc.ID, t0, "The attacker came in by VPN")
	correct := func(text string) *incident.Entry {
		e := &incident.Entry{IncidentID: inc.ID, OccurredAt: at(time.Hour), RecordedAt: at(time.Hour),
			Kind: incident.EntryCorrection, Text: text, Corrects: &wrong.ID}
		appendEntry(t, s, e)
		return e
	}
	first := correct("No: by phishing")
	second := correct("No: by an exposed RDP port")
	got := must(s.Incidents.Entry(ctx, inc.ID, wrong.ID))(t)
	if got.CorrectedBy == nil || *got.CorrectedBy != second.ID {
		t.Fatalf("CorrectedBy = %v, want the newest correction %d (not %d)", show(got.CorrectedBy), second.ID, first.ID)
	}
	page := must(s.Incidents.Timeline(ctx, inc.ID, incident.TimelinePage{}))(t)
	for _, e := range page {
		if e.ID == wrong.ID && (e.CorrectedBy == nil || *e.CorrectedBy != second.ID) {
			t.Errorf("Timeline shows CorrectedBy %v, want %d", show(e.CorrectedBy), second.ID)
		}
		if e.ID == first.ID && (e.Corrects == nil || *e.Corrects != wrong.ID || e.CorrectedBy != nil) {
			t.Errorf("the correction reads Corrects %v, CorrectedBy %v", show(e.Corrects), show(e.CorrectedBy))
		}
	}
}

func testAttachmentData(t *testing.T, s Stores) {
	ctx := t.Context()
	u := newUser(t, s, "u@example.org", "U", auth.RoleResponder)
	inc := newIncident(t, s, "evidence")
	binary := make([]byte, 256*1024)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	e := &incident.Entry{IncidentID: inc.ID, OccurredAt: t0, RecordedAt: t0, AuthorID: u.ID, Kind: incident.EntryEvidence, Text: "dump",
		Attachments: []incident.Attachment{attachment("dump.bin", binary, u.ID), attachment("empty.txt", []byte{}, u.ID)}}
	appendEntry(t, s, e, binary, []byte{})
	for i, want := range [][]byte{binary, {}} {
		a, data := e.Attachments[i], want
		gotA, gotData, err := s.Incidents.AttachmentData(ctx, inc.ID, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantEqual(t, "attachment", gotA, &a)
		if string(gotData) != string(data) || gotData == nil {
			t.Errorf("attachment %s: %d bytes back (nil %v), want %d", a.Name, len(gotData), gotData == nil, len(data))
		}
	}
}

func testTimelinePaging(t *testing.T, s Stores) {
	ctx := t.Context()
	inc := newIncident(t, s, "busy")
	other := newIncident(t, s, "other")
	rng := rand.New(rand.NewPCG(1, 2))
	var want []incident.Entry
	updateIncidents(t, s, func(ctx context.Context, tx incident.Tx) error {
		for i := range 250 {
			// Ten instants only, written out of order: most entries tie on
			// occurred_at with others.
			e := &incident.Entry{IncidentID: inc.ID, OccurredAt: at(time.Duration(rng.IntN(10)) * time.Minute), RecordedAt: t0,
				Kind: incident.EntryNote, Text: fmt.Sprint("entry ", i)}
			if err := tx.AppendEntry(ctx, e, nil); err != nil {
				return err
			}
			want = append(want, *e)
			if i%50 == 0 {
				noise := &incident.Entry{IncidentID: other.ID, OccurredAt: e.OccurredAt, RecordedAt: t0, Kind: incident.EntryNote, Text: "other"}
				if err := tx.AppendEntry(ctx, noise, nil); err != nil {
					return err
				}
			}
		}
		return nil
	})
	sort.Slice(want, func(i, j int) bool {
		if !want[i].OccurredAt.Equal(want[j].OccurredAt) {
			return want[i].OccurredAt.After(want[j].OccurredAt)
		}
		return want[i].ID > want[j].ID
	})
	for _, size := range []int{7, 100, 250, 1000} {
		t.Run(fmt.Sprint("pages of ", size), func(t *testing.T) {
			var got []incident.Entry
			page := incident.TimelinePage{Limit: size}
			for range 250 {
				entries := must(s.Incidents.Timeline(ctx, inc.ID, page))(t)
				got = append(got, entries...)
				if len(entries) < size {
					break
				}
				page.Before = entries[len(entries)-1].ID
			}
			wantEqual(t, "all pages together", got, want)
		})
	}
	if n := must(s.Incidents.TimelineCount(ctx, inc.ID))(t); n != 250 {
		t.Errorf("TimelineCount = %d, want 250", n)
	}
	_, err := s.Incidents.Timeline(ctx, other.ID, incident.TimelinePage{Before: want[0].ID, Limit: 10})
	wantCode(t, err, errs.NotFound)
}
