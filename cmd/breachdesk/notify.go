package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/breachdesk/breachdesk/internal/app"
	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/mail"
	"github.com/breachdesk/breachdesk/internal/notify"
)

func (p *program) notifyStatus(ctx context.Context, args []string) error {
	const cmd = "notify status"
	f := p.newFlags(cmd, "ID [options]",
		"Shows every notification campaign of incident ID: its state, how many of its messages are pending, being sent, "+
			"sent, failed, bounced or posted, the sending rate and when it will be done at that rate. It shows no one's data.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	var asJSON bool
	f.boolVar(&asJSON, "json", "Print the campaigns as JSON.")
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	id, err := incidentArg(cmd, rest)
	if err != nil {
		return err
	}
	svc, err := p.openRegister(ctx, &st, &keys, false, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	list, err := svc.Notify.Campaigns(ctx, auth.CLI(), id)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]campaignStatus, len(list))
		for i := range list {
			out[i] = statusOf(&list[i])
		}
		enc := json.NewEncoder(p.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	writeCampaigns(p.stdout, id, list)
	return nil
}

// campaignStatus is a campaign's progress as JSON.
type campaignStatus struct {
	ID         int64                          `json:"id"`
	Name       string                         `json:"name"`
	Kind       notify.Kind                    `json:"kind"`
	Channel    notify.Channel                 `json:"channel"`
	State      notify.State                   `json:"state"`
	Total      int64                          `json:"total"`
	ByState    map[notify.DeliveryState]int64 `json:"by_state"`
	ByChannel  map[notify.Channel]int64       `json:"by_channel"`
	Rate       float64                        `json:"rate_per_second"`
	ETASeconds float64                        `json:"eta_seconds"`
	StartedAt  *time.Time                     `json:"started_at,omitempty"`
	FinishedAt *time.Time                     `json:"finished_at,omitempty"`
}

func statusOf(c *notify.CampaignView) campaignStatus {
	return campaignStatus{
		ID: c.ID, Name: c.Name, Kind: c.Kind, Channel: c.Channel, State: c.State,
		Total: c.Progress.Total, ByState: c.Progress.ByState, ByChannel: c.Progress.ByChannel,
		Rate: c.Progress.Rate, ETASeconds: c.Progress.ETA.Seconds(),
		StartedAt: c.StartedAt, FinishedAt: c.FinishedAt,
	}
}

// deliveryStates are the ledger's states in the order a message goes
// through them.
var deliveryStates = []notify.DeliveryState{
	notify.Pending, notify.Sending, notify.Sent, notify.Failed, notify.Bounced, notify.Posted, notify.Withdrawn,
}

func writeCampaigns(w io.Writer, id int64, list []notify.CampaignView) {
	if len(list) == 0 {
		fmt.Fprintf(w, "Incident %d has no notification campaigns yet.\n", id)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "ID\tCAMPAIGN\tCHANNEL\tSTATE\tTOTAL")
	for _, s := range deliveryStates {
		fmt.Fprintf(tw, "\t%s", s)
	}
	fmt.Fprint(tw, "\tRATE/S\tETA\n")
	for _, c := range list {
		pr := c.Progress
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s", c.ID, c.Name, c.Channel, c.State, thousands(pr.Total))
		for _, s := range deliveryStates {
			fmt.Fprintf(tw, "\t%s", thousands(pr.ByState[s]))
		}
		eta := "-"
		if pr.ETA > 0 {
			eta = clock(pr.ETA.Seconds())
		}
		fmt.Fprintf(tw, "\t%.1f\t%s\n", pr.Rate, eta)
	}
	tw.Flush()
}

// smtpFlag is --smtp, shared by serve and notify run.
type smtpFlag struct{ url string }

func (s *smtpFlag) define(f *flagSet) {
	f.secretVar(&s.url, "smtp", "URL",
		"The mail relay that sends the notifications, overriding the one set in the desk: smtp://USER:PASSWORD@HOST:587 "+
			"(STARTTLS), smtps://USER:PASSWORD@HOST:465 (TLS from the start), or smtp://HOST:25?tls=none for a relay on this computer. "+
			"Options as query parameters: from=, from_name=, concurrency=, per_second=, per_hour=, dkim_domain=, dkim_selector=, dkim_key_file=.")
}

// config parses the URL; nil when none was given. The message never
// repeats the URL, which may hold a password.
func (s *smtpFlag) config(cmd string) (*notify.SMTPConfig, error) {
	if s.url == "" {
		return nil, nil
	}
	cfg, err := notify.ParseSMTPURL(s.url)
	if err != nil {
		return nil, usageErrorf(cmd, "--smtp: %v", err)
	}
	return &cfg, nil
}

// retryBackoff is --retry-backoff as the runner's waits: the same wait
// before each retry, for tests; 0 keeps the runner's default.
func retryBackoff(d time.Duration) []time.Duration {
	if d == 0 {
		return nil
	}
	return []time.Duration{d, d, d, d}
}

// defaultClaimLease is how long a connection holds a claimed message before
// another runner may take it over as abandoned.
const defaultClaimLease = 2 * time.Minute

func (p *program) notifyRun(ctx context.Context, args []string) error {
	const cmd = "notify run"
	f := p.newFlags(cmd, "[options]",
		"Sends the messages of every running campaign, in the foreground, until Ctrl-C (or with --until-idle until nothing "+
			"is left to send). 'breachdesk serve' does the same in the background; run this instead on a machine that only sends.\n\n"+
			"Each message is recorded in the delivery ledger as it is sent. Stopped at any moment, even by a crash, a new run "+
			"resumes where the last one was: nobody is skipped, and only a message the relay accepted in the very moment of the "+
			"crash can go out twice, with the same Message-ID.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	var relay smtpFlag
	relay.define(f)
	var lg logFlags
	lg.define(f)
	var untilIdle bool
	f.boolVar(&untilIdle, "until-idle", "Stop when no running campaign has a message left to send.")
	var lease, backoff time.Duration
	f.hiddenDurationVar(&lease, "claim-lease", defaultClaimLease)
	f.hiddenDurationVar(&backoff, "retry-backoff", 0)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "notify run takes no arguments, but got %q", rest[0])
	}
	if lease <= 0 || backoff < 0 {
		return usageErrorf(cmd, "--claim-lease must be longer than 0, and --retry-backoff not negative")
	}
	log, err := lg.logger(cmd, p.stderr)
	if err != nil {
		return err
	}
	smtp, err := relay.config(cmd)
	if err != nil {
		return err
	}
	svc, err := p.openRegister(ctx, &st, &keys, false, smtp)
	if err != nil {
		return err
	}
	defer svc.Close()
	runner := svc.Notify.NewRunner(notify.RunnerOptions{Lease: lease, Backoff: retryBackoff(backoff), Logger: log})
	log.Info("sending", "until_idle", untilIdle, "relay_from_flag", smtp != nil)
	if untilIdle {
		err = runner.RunUntilIdle(ctx)
	} else {
		err = runner.Run(ctx)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	log.Info("sending stopped")
	return nil
}

func (p *program) notifyBounces(ctx context.Context, args []string) error {
	const cmd = "notify bounces"
	f := p.newFlags(cmd, "--bounce-imap URL [options]",
		"Reads the bounce mailbox once: every delivery status notification that answers one of the desk's messages marks "+
			"its recipient as bounced (and queues a letter when the campaign falls back to letters). "+
			"'breachdesk serve --bounce-imap' does this every few minutes by itself.")
	var st storeFlags
	st.define(f, app.DefaultDataDir, false)
	var keys keyFlags
	keys.define(f)
	var bounce bounceFlags
	bounce.define(f, false)
	rest, err := f.parse(args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErrorf(cmd, "notify bounces takes no arguments, but got %q", rest[0])
	}
	if bounce.url == "" {
		return usageErrorf(cmd, "--bounce-imap is missing: the mailbox that receives the bounces, such as imaps://USER:PASSWORD@HOST/INBOX")
	}
	src, err := mail.NewBounceSource(bounce.url)
	if err != nil {
		return usageErrorf(cmd, "--bounce-imap: %v", err)
	}
	svc, err := p.openRegister(ctx, &st, &keys, false, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	res, err := svc.Notify.FetchBounces(ctx, src)
	if err != nil {
		return err
	}
	fmt.Fprintf(p.stdout, "Read %s messages from the bounce mailbox; %s were bounces of our messages.\n",
		thousands(res.Read), thousands(res.Matched))
	return nil
}

// bounceFlags are --bounce-imap and, for serve, --bounce-interval.
type bounceFlags struct {
	url      string
	interval time.Duration
}

func (b *bounceFlags) define(f *flagSet, withInterval bool) {
	f.secretVar(&b.url, "bounce-imap", "URL",
		"The mailbox that receives bounces (delivery status notifications): imaps://USER:PASSWORD@HOST:993/MAILBOX, "+
			"or imap://USER:PASSWORD@HOST:143/MAILBOX with STARTTLS.")
	if withInterval {
		f.durationVar(&b.interval, "bounce-interval", 5*time.Minute, "How often the bounce mailbox is read.")
	}
}
