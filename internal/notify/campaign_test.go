package notify_test

import (
	"testing"

	"github.com/breachdesk/breachdesk/internal/notify"
)

func TestCampaignWithLetterFallbackSendsMailsAndQueuesLetters(t *testing.T) {
	e := newEnv(t, 50)
	c := e.campaign(true)
	e.runUntilIdle("r1")
	assertEveryoneOnce(t, e, c.ID, 50)
	v := e.view(c.ID)
	if v.State != notify.Running {
		t.Errorf("campaign is %s with letters to post, want running", v.State)
	}
	if v.Progress.ByChannel[notify.ByLetter] != 7 || v.Progress.ByState[notify.Sent] != 43 || v.Progress.Total != 50 {
		t.Errorf("progress = %+v; want 43 sent, 7 letters", v.Progress)
	}
}

func TestCampaignWithoutFallbackLeavesOutWhoHasNoEMailAndIsDone(t *testing.T) {
	e := newEnv(t, 50)
	c := e.campaign(false)
	e.runUntilIdle("r1")
	assertEveryoneOnce(t, e, c.ID, 43)
	v := e.view(c.ID)
	if v.State != notify.Done || v.FinishedAt == nil || v.Queued != 43 {
		t.Errorf("campaign = %s, finished %v, queued %d; want done with 43", v.State, v.FinishedAt, v.Queued)
	}
}
