package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
)

// HotlineConfig is the hotline's background work while the desk serves.
type HotlineConfig struct {
	// Inbox, when set (--inbox), is the inquiry inbox of IncidentID (the
	// newest open incident when 0); it wins over that incident's setting.
	Inbox      string
	IncidentID int64
	// Interval is how long a poller waits for new mail when the server
	// offers no IDLE (and at most with it); 1 minute when 0.
	Interval time.Duration
	// Rescan is how often the incidents' inbox settings are read again,
	// so that an inbox set in the UI is polled without a restart; 1 minute
	// when 0.
	Rescan time.Duration
}

// StartHotline runs the hotline's outbox and one inbox poller per incident
// with an inbox until ctx ends. The returned wait blocks until they have
// stopped.
func StartHotline(ctx context.Context, svc *Services, c HotlineConfig, log *slog.Logger) (wait func()) {
	var wg sync.WaitGroup
	if svc.Hotline == nil {
		return wg.Wait
	}
	h := svc.Hotline
	wg.Go(func() {
		keepRunning(ctx, log, "hotline outbox", func(ctx context.Context) error {
			return h.RunOutbox(ctx, relayDialer{svc.Notify}, log)
		})
	})
	wg.Go(func() { superviseInboxes(ctx, svc, c, log) })
	return wg.Wait
}

// relayDialer dials the relay as configured at the moment of dialing, so
// that a relay set up (or changed) in the UI is used without a restart.
type relayDialer struct{ n *notify.Service }

func (r relayDialer) Dial(ctx context.Context) (notify.Conn, error) {
	d, _, err := r.n.Relay(ctx)
	if err != nil {
		return nil, err
	}
	return d.Dial(ctx)
}

// poller is one running inbox poller.
type poller struct {
	url  string
	stop context.CancelFunc
	done chan struct{}
}

// superviseInboxes keeps one poller per incident with an inbox running:
// every Rescan it reads which incidents have one and starts, restarts
// (the URL changed) or stops pollers.
func superviseInboxes(ctx context.Context, svc *Services, c HotlineConfig, log *slog.Logger) {
	rescan := c.Rescan
	if rescan <= 0 {
		rescan = time.Minute
	}
	running := map[int64]*poller{}
	defer func() {
		for _, p := range running {
			p.stop()
			<-p.done
		}
	}()
	for {
		want, err := wantedInboxes(ctx, svc, c)
		if err != nil && ctx.Err() == nil {
			log.Error("hotline: the inbox settings could not be read; trying again", "err", err)
		}
		if err == nil {
			for id, p := range running {
				if want[id] != p.url {
					p.stop()
					<-p.done
					delete(running, id)
				}
			}
			for id, url := range want {
				if _, ok := running[id]; !ok && url != "" {
					if p := startPoller(ctx, svc.Hotline, id, url, c.Interval, log); p != nil {
						running[id] = p
					}
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(rescan):
		}
	}
}

// wantedInboxes is the inbox URL of every incident that has one, with
// --inbox put in for its incident.
func wantedInboxes(ctx context.Context, svc *Services, c HotlineConfig) (map[int64]string, error) {
	want := map[int64]string{}
	ids, err := svc.Hotline.InboxIncidents(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		url, err := svc.Hotline.InboxURL(ctx, id)
		if err != nil {
			return nil, err
		}
		want[id] = url
	}
	if c.Inbox != "" {
		id := c.IncidentID
		if id == 0 {
			if id, err = newestOpenIncident(ctx, svc); err != nil {
				return nil, err
			}
		}
		if id != 0 {
			want[id] = c.Inbox
		}
	}
	return want, nil
}

// newestOpenIncident is the ID of the newest open incident; 0 when there
// is none (yet).
func newestOpenIncident(ctx context.Context, svc *Services) (int64, error) {
	list, err := svc.Incidents.List(ctx, auth.CLI(), false, "")
	if err != nil {
		return 0, err
	}
	var newest int64
	for _, s := range list {
		newest = max(newest, s.ID)
	}
	return newest, nil
}

// startPoller starts polling one incident's inbox; nil (logged) when its
// URL is not usable. The URL is never logged: it holds a password.
func startPoller(ctx context.Context, h *hotline.Service, id int64, url string, interval time.Duration, log *slog.Logger) *poller {
	src, err := mail.NewInboxSource(url)
	if err != nil {
		log.Error("hotline: the inbox URL of the incident is not usable", "incident", id, "err", err)
		return nil
	}
	pctx, stop := context.WithCancel(ctx)
	p := &poller{url: url, stop: stop, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		keepRunning(pctx, log, "hotline inbox polling", func(ctx context.Context) error {
			return h.PollInbox(ctx, id, src, interval, log)
		})
	}()
	log.Info("hotline: polling the inbox", "incident", id)
	return p
}
