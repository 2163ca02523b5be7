package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/incident"
)

// The demo desk: a small crisis team and one incident in full swing,
// modelled on the extortion NIO received in December 2022, so that someone
// trying breachdesk sees a running 72-hour clock, a timeline, a team, done,
// running and overdue tasks. Everything is written through the services, so
// the audit chain covers the demo like any other desk.

// DefaultDemoDataDir keeps the demo apart from a real desk.
const DefaultDemoDataDir = "./breachdesk-demo"

// DemoAdminEmail is the address the demo's admin logs in with. Its presence
// is what marks a desk as a demo desk.
const DemoAdminEmail = "admin@demo.breachdesk.example"

// demoDomain is where the other demo users live (.example is reserved, so
// no mail can ever reach a real person).
const demoDomain = "demo.breachdesk.example"

// DemoLogin is what the person starting the demo needs to log in.
type DemoLogin struct {
	Email         string
	Password      string
	IncidentTitle string // "" when the desk has no demo incident
	IncidentID    int64
	Seeded        bool // true: the desk was filled just now; false: an existing demo desk
	// Notifiers are the comms lead, who writes the notifications, the
	// incident lead, who approves them (four eyes), and the hotline agent,
	// with fresh passwords.
	Notifiers []DemoAccount
}

// DemoAccount is a demo user the person trying the demo may log in as.
type DemoAccount struct {
	Email, Name, Password string
	Role                  auth.Role
}

// demoNotifiers are the keys of the users whose logins the demo prints,
// so that a notification campaign can be written by one and approved by
// another, and the hotline tried as an agent sees it.
var demoNotifiers = []string{"comms", "lead", "hotline"}

// ErrNotDemoDesk is returned by PrepareDemo for a desk that has users but
// no demo admin: the demo never touches a real desk.
var ErrNotDemoDesk = errs.E(errs.Conflict, "this desk is not a demo desk: it has users but no demo admin")

// PrepareDemo makes the store ready for the demo: an empty desk is seeded;
// an existing demo desk keeps its data and its admin gets a new password
// (nobody remembers the last one); any other desk is refused.
func PrepareDemo(ctx context.Context, svc *Services, now time.Time, lang string) (*DemoLogin, error) {
	sys := auth.System()
	admin, err := svc.Auth.UserByEmail(ctx, sys, DemoAdminEmail)
	switch {
	case err == nil:
		return resetDemo(ctx, svc, admin)
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	users, err := svc.Auth.Users(ctx, sys)
	if err != nil {
		return nil, err
	}
	if len(users) > 0 {
		return nil, ErrNotDemoDesk
	}
	return Seed(ctx, svc, now, lang)
}

func resetDemo(ctx context.Context, svc *Services, admin *auth.User) (*DemoLogin, error) {
	sys := auth.System()
	password, err := NewDemoPassword()
	if err != nil {
		return nil, err
	}
	if admin.Disabled {
		if err := svc.Auth.SetDisabled(ctx, sys, admin.ID, false); err != nil {
			return nil, err
		}
	}
	if err := svc.Auth.ResetPassword(ctx, sys, admin.ID, password); err != nil {
		return nil, err
	}
	login := &DemoLogin{Email: admin.Email, Password: password}
	if login.Notifiers, err = resetNotifiers(ctx, svc); err != nil {
		return nil, err
	}
	list, err := svc.Incidents.List(ctx, sys, false, "")
	if err != nil {
		return nil, err
	}
	if len(list) > 0 {
		login.IncidentTitle, login.IncidentID = list[0].Title, list[0].ID
	}
	return login, nil
}

// resetNotifiers gives the comms lead, the incident lead and the hotline
// agent new passwords (a demo user removed or renamed since is left out).
func resetNotifiers(ctx context.Context, svc *Services) ([]DemoAccount, error) {
	var out []DemoAccount
	for _, key := range demoNotifiers {
		u, err := svc.Auth.UserByEmail(ctx, auth.System(), key+"@"+demoDomain)
		if errs.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		password, err := NewDemoPassword()
		if err != nil {
			return nil, err
		}
		if err := svc.Auth.ResetPassword(ctx, auth.System(), u.ID, password); err != nil {
			return nil, err
		}
		out = append(out, DemoAccount{Email: u.Email, Name: u.Name, Password: password, Role: u.Role})
	}
	return out, nil
}

// demoPasswordAlphabet leaves out characters that are easy to mistake for
// one another (0 O o, 1 l I), as the password is typed from a terminal.
const demoPasswordAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// NewDemoPassword returns 24 random characters (about 140 bits) in four
// groups of six, easy to read off a terminal and to type.
func NewDemoPassword() (string, error) {
	const groups, size = 4, 6
	raw := make([]byte, groups*size)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("demo: read random: %w", err)
	}
	var b strings.Builder
	for i, r := range raw {
		if i > 0 && i%size == 0 {
			b.WriteByte('-')
		}
		// 256 % 56 != 0 gives a tiny bias, irrelevant at 24 characters.
		b.WriteByte(demoPasswordAlphabet[int(r)%len(demoPasswordAlphabet)])
	}
	return b.String(), nil
}

// demoPerson is one member of the demo crisis team.
type demoPerson struct {
	key      string // local part of the address
	name     string
	role     auth.Role
	incident incident.MemberRole // "" for the admin, who is not on the team
}

// demoTeam is the crisis team of the demo, admin first.
func demoTeam() []demoPerson {
	return []demoPerson{
		{key: "admin", name: "Demo Admin", role: auth.RoleAdmin},
		{key: "lead", name: "Katrin Vogel", role: auth.RoleLead, incident: incident.RoleIncidentLead},
		{key: "dpo", name: "Jonas Weber", role: auth.RoleResponder, incident: incident.RoleDPO},
		{key: "responder", name: "Aylin Demir", role: auth.RoleResponder, incident: incident.RoleMember},
		{key: "comms", name: "Lena Hoffmann", role: auth.RoleComms, incident: incident.RoleCommsLead},
		{key: "hotline", name: "Marco Rossi", role: auth.RoleHotline, incident: incident.RoleMember},
		{key: "board", name: "Petra Schulz", role: auth.RoleViewer, incident: incident.RoleMember},
	}
}

// demoAwareAgo puts the demo 30 hours into its 72-hour clock.
const demoAwareAgo = 30 * time.Hour

// seeder fills an empty desk. users maps a person's key to their account.
type seeder struct {
	svc   *Services
	lang  string
	now   time.Time
	aware time.Time
	users map[string]*auth.User
	inc   *incident.Incident
}

// Seed fills an empty desk with the demo team and incident, in lang ("en"
// or "de"). Only the admin's password is returned; the others get random
// passwords nobody knows (an admin can reset them).
func Seed(ctx context.Context, svc *Services, now time.Time, lang string) (*DemoLogin, error) {
	if !auth.ValidLanguage(lang) {
		lang = "en"
	}
	now = now.UTC().Truncate(time.Second)
	s := &seeder{svc: svc, lang: lang, now: now, aware: now.Add(-demoAwareAgo), users: map[string]*auth.User{}}
	passwords, err := s.createUsers(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: users: %w", err)
	}
	steps := []struct {
		what string
		do   func(context.Context) error
	}{
		{"incident", s.createIncident},
		{"team", s.formTeam},
		{"timeline", s.writeTimeline},
		{"tasks", s.progressTasks},
		{"contacts", s.fillContacts},
		{"hotline", s.seedHotline},
		{"public", s.seedPublic},
	}
	for _, step := range steps {
		if err := step.do(ctx); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", step.what, err)
		}
	}
	login := &DemoLogin{Email: DemoAdminEmail, Password: passwords["admin"], IncidentTitle: s.inc.Title, IncidentID: s.inc.ID, Seeded: true}
	for _, key := range demoNotifiers {
		u := s.users[key]
		login.Notifiers = append(login.Notifiers, DemoAccount{Email: u.Email, Name: u.Name, Password: passwords[key], Role: u.Role})
	}
	return login, nil
}

// createUsers creates the team and returns their passwords by key.
func (s *seeder) createUsers(ctx context.Context) (map[string]string, error) {
	passwords := map[string]string{}
	for _, p := range demoTeam() {
		password, err := NewDemoPassword()
		if err != nil {
			return nil, err
		}
		email := p.key + "@" + demoDomain
		if p.role == auth.RoleAdmin {
			email = DemoAdminEmail
		}
		u, err := s.svc.Auth.CreateUser(ctx, auth.System(), auth.NewUser{
			Email: email, Name: p.name, Role: p.role, Language: s.lang, Password: password,
		})
		if err != nil {
			return nil, err
		}
		s.users[p.key], passwords[p.key] = u, password
	}
	return passwords, nil
}

// as is the actor of a demo user; the channel says the desk did it.
func (s *seeder) as(key string) auth.Actor {
	return auth.ActorFor(s.users[key], auth.ViaSystem, "")
}

// tr picks the text in the demo's language.
func (s *seeder) tr(en, de string) string {
	if s.lang == "de" {
		return de
	}
	return en
}

// createIncident opens the incident as the lead, who becomes its incident
// lead, with the data-theft playbook applied.
func (s *seeder) createIncident(ctx context.Context) error {
	detected := s.aware.Add(-45 * time.Minute)
	inc, err := s.svc.Incidents.Create(ctx, s.as("lead"), incident.NewIncident{
		Title:    s.tr("Extortion mail: customer data stolen", "Erpresser-Mail: Kundendaten gestohlen"),
		Kind:     incident.KindDataTheft,
		Severity: incident.SeverityCritical,
		AwareAt:  s.aware, DetectedAt: &detected,
		Summary: s.tr(
			"An anonymous sender mailed the press office and several employees: they claim to hold data of "+
				"employees, ID and address records of car owners and the accounts of registered users, and demand "+
				"USD 2.25 million in bitcoin. Samples attached to the mail match our CRM export format. "+
				"The data-protection authority must be notified within 72 hours of awareness.",
			"Ein anonymer Absender hat die Pressestelle und mehrere Beschäftigte angeschrieben: Er behauptet, "+
				"Daten von Beschäftigten, Ausweis- und Adressdaten von Fahrzeughaltern und die Konten registrierter "+
				"Nutzer zu besitzen, und fordert 2,25 Millionen US-Dollar in Bitcoin. Die mitgeschickten Stichproben "+
				"entsprechen unserem CRM-Exportformat. Die Datenschutz-Aufsichtsbehörde muss binnen 72 Stunden ab "+
				"Kenntnis informiert werden."),
		AffectedSystems: s.tr(
			"CRM database (crm-db-02), customer portal accounts, HR export share",
			"CRM-Datenbank (crm-db-02), Konten des Kundenportals, Exportfreigabe der Personalabteilung"),
		Playbook: "data-theft",
		Language: s.lang,
	})
	if err != nil {
		return err
	}
	s.inc = inc
	status := incident.StatusInvestigating
	_, err = s.svc.Incidents.Update(ctx, s.as("lead"), inc.ID, incident.Patch{Status: &status})
	return err
}

func (s *seeder) formTeam(ctx context.Context) error {
	for _, p := range demoTeam() {
		if p.incident == "" || p.incident == incident.RoleIncidentLead {
			continue // the admin stays off the team; the lead joined on creation
		}
		if err := s.svc.Incidents.SetMember(ctx, s.as("lead"), s.inc.ID, s.users[p.key].ID, p.incident); err != nil {
			return err
		}
	}
	return nil
}

// writeTimeline tells the story of the first hours.
func (s *seeder) writeTimeline(ctx context.Context) error {
	entries := []struct {
		author string
		at     time.Duration // after awareness
		kind   incident.EntryKind
		en, de string
	}{
		{"responder", -45 * time.Minute, incident.EntryDetection,
			"SOC alert: 38 GB left the CRM database server crm-db-02 over the weekend towards an unknown cloud storage address. Treated as possible exfiltration.",
			"SOC-Alarm: Über das Wochenende sind 38 GB vom CRM-Datenbankserver crm-db-02 zu einer unbekannten Cloud-Speicheradresse abgeflossen. Wir behandeln das als möglichen Datenabfluss."},
		{"lead", 0, incident.EntryExtortion,
			"Extortion mail received by the press office and five employees. The sender demands USD 2.25 million in bitcoin within 14 days and claims to hold: 22,800 employee records, 399,000 ID records of car owners, 650,000 address records and the data of 4.85 million registered users. Samples attached.",
			"Erpresser-Mail an die Pressestelle und fünf Beschäftigte. Der Absender fordert 2,25 Millionen US-Dollar in Bitcoin binnen 14 Tagen und behauptet, folgende Daten zu besitzen: 22.800 Datensätze von Beschäftigten, 399.000 Ausweisdatensätze von Fahrzeughaltern, 650.000 Adressdatensätze und die Daten von 4,85 Millionen registrierten Nutzern. Stichproben liegen bei."},
		{"responder", 3 * time.Hour, incident.EntryEvidence,
			"The samples are genuine: 200 of 200 checked records match our CRM, export format of August 2021. The mail is secured with full headers as evidence.",
			"Die Stichproben sind echt: 200 von 200 geprüften Datensätzen stimmen mit unserem CRM überein, Exportformat vom August 2021. Die Mail ist mit allen Kopfzeilen als Beweismittel gesichert."},
		{"lead", 5 * time.Hour, incident.EntryDecision,
			"Decision of the crisis team with the management board: we do not pay and do not negotiate. We report the crime to the police and notify the data-protection authority within 72 hours.",
			"Entscheidung des Krisenstabs mit dem Vorstand: Wir zahlen nicht und verhandeln nicht. Wir erstatten Anzeige und melden den Vorfall binnen 72 Stunden der Datenschutz-Aufsichtsbehörde."},
		{"comms", 6 * time.Hour, incident.EntryCommunication,
			"Holding statement approved for press inquiries. No publication of our own until the people affected have been told directly.",
			"Wartestatement für Presseanfragen freigegeben. Keine eigene Veröffentlichung, bevor die Betroffenen direkt informiert sind."},
		{"lead", 20 * time.Hour, incident.EntryCommunication,
			"Crime reported to the police cyber crime unit (ZAC). The officer in charge asks us not to answer the extortionist and to forward any further mail.",
			"Anzeige bei der Zentralen Ansprechstelle Cybercrime (ZAC) erstattet. Der zuständige Beamte bittet, dem Erpresser nicht zu antworten und weitere Mails weiterzuleiten."},
		{"hotline", 27 * time.Hour, incident.EntryNote,
			"First calls from customers who read rumours on social media. Agents answer with the holding statement and take down callback numbers.",
			"Erste Anrufe von Kunden, die Gerüchte in sozialen Medien gelesen haben. Die Hotline antwortet mit dem Wartestatement und notiert Rückrufnummern."},
	}
	for _, e := range entries {
		_, err := s.svc.Incidents.AddEntry(ctx, s.as(e.author), s.inc.ID, incident.NewEntry{
			OccurredAt: s.aware.Add(e.at), Kind: e.kind, Text: s.tr(e.en, e.de),
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// progressTasks gives each task the owner that holds its incident role, and
// moves the plan along as far as 30 hours of work would: the first hours'
// tasks are done, the authenticity check and the police report too, the
// search for the way in is running, and the rest of the first day is
// overdue, as it tends to be.
func (s *seeder) progressTasks(ctx context.Context) error {
	tasks, err := s.svc.Incidents.Tasks(ctx, s.as("lead"), s.inc.ID)
	if err != nil {
		return err
	}
	owners := map[incident.MemberRole]int64{}
	for _, p := range demoTeam() {
		if p.incident != "" && p.incident != incident.RoleMember {
			owners[p.incident] = s.users[p.key].ID
		}
	}
	owners[incident.RoleMember] = s.users["responder"].ID
	dayOneMember := 0
	for _, t := range tasks {
		p := incident.TaskPatch{}
		if id, ok := owners[t.Role]; ok {
			p.OwnerID = &id
		}
		offset := dueOffset(t)
		switch {
		case offset <= 12*time.Hour:
			setDone(&p, t)
		case offset == 24*time.Hour && t.Role == incident.RoleIncidentLead:
			setDone(&p, t) // the police report
		case offset == 24*time.Hour && t.Role == incident.RoleMember:
			dayOneMember++
			switch dayOneMember {
			case 1:
				setDone(&p, t) // the samples are genuine
			case 2:
				doing := incident.TaskDoing
				p.Status = &doing // the way in is being searched
			}
		}
		if p.OwnerID == nil && p.Status == nil {
			continue
		}
		if _, err := s.svc.Incidents.UpdateTask(ctx, s.as("lead"), s.inc.ID, t.ID, p); err != nil {
			return err
		}
	}
	return nil
}

// dueOffset is how long after awareness t is due; tasks without a due time
// count as due at the end of time.
func dueOffset(t incident.Task) time.Duration {
	if t.Due.AfterAware == nil {
		return 1<<63 - 1
	}
	return *t.Due.AfterAware
}

func setDone(p *incident.TaskPatch, t incident.Task) {
	done := incident.TaskDone
	p.Status = &done
	if len(t.Checklist) > 0 {
		p.Check = make(map[int]bool, len(t.Checklist))
		for i := range t.Checklist {
			p.Check[i] = true
		}
	}
}

// fillContacts enters the police officer the lead spoke to.
func (s *seeder) fillContacts(ctx context.Context) error {
	contacts, err := s.svc.Incidents.Contacts(ctx, s.as("lead"), s.inc.ID)
	if err != nil {
		return err
	}
	police := incident.Contact{Role: "police", Label: s.tr("Police cyber crime unit", "Zentrale Ansprechstelle Cybercrime")}
	for _, c := range contacts {
		if c.Role == "police" {
			police = c
			break
		}
	}
	police.Name = s.tr("Detective Inspector Stefan Brandt", "KHK Stefan Brandt")
	police.Organization = s.tr("State Criminal Police Office, cyber crime unit (ZAC)", "Landeskriminalamt, Zentrale Ansprechstelle Cybercrime (ZAC)")
	police.Phone = "+49 711 555 0123"
	police.Email = "zac@police." + demoDomain
	police.Notes = s.tr(
		"Case number ZAC-4711/24. Do not answer the extortionist; forward every further mail with full headers.",
		"Aktenzeichen ZAC-4711/24. Dem Erpresser nicht antworten; jede weitere Mail mit allen Kopfzeilen weiterleiten.")
	_, err = s.svc.Incidents.SaveContact(ctx, s.as("lead"), s.inc.ID, police)
	return err
}
