package incident

import (
	"fmt"
	"strings"
)

// SystemEvent is what the desk records on the timeline by itself. The web
// layer shows it in the reader's language from Name and Args; the English
// wording is kept as the entry's text. The JSON form is how stores keep it.
type SystemEvent struct {
	Name string            `json:"name"`
	Args map[string]string `json:"args,omitempty"`
}

// Names of system events and their English wording; {arg} is replaced.
var systemEventText = map[string]string{
	"opened":           "Incident opened.",
	"status_changed":   "Status changed from {from} to {to}.",
	"severity_changed": "Severity changed from {from} to {to}.",
	"kind_changed":     "Kind changed from {from} to {to}.",
	"aware_changed":    "Time of awareness corrected from {from} to {to}; relative due times moved with it.",
	"playbook_applied": "Playbook \"{title}\" (version {version}) applied: {tasks} tasks, {contacts} contacts to fill.",
	"member_added":     "{user} joined the team as {role}.",
	"member_role":      "{user} is now {role}.",
	"member_removed":   "{user} left the team.",
	// Written by the regulator clock (package obligation).
	"facts_changed":     "Incident facts changed: {fields}.",
	"risk_decided":      "Risk assessed: severity {score} ({level}), advice: {advice}; decision: {decision}.",
	"duty_applies":      "Duty {rule} now applies; due {due}.",
	"duty_lapsed":       "Duty {rule} no longer applies.",
	"duty_due_moved":    "Duty {rule}: due time moved from {from} to {to}.",
	"duty_filed":        "Duty {rule} filed with {recipient} via {channel}; reference {reference}; document SHA-256 {sha256}….",
	"duty_acknowledged": "Filing {filing} acknowledged by the authority.",
	"duty_waived":       "Decided not to notify under {rule}; the reasons are in the breach register.",
	// Written by the register of affected persons (package people): counts
	// and IDs only, never a person's data.
	"people_imported": "Register import ({kind}): {created} persons added, {updated} updated, {problems} lines or rows skipped.",
	"person_erased":   "Person {person} erased from the register on request; the count keeps them.",
	// Written by the notification campaigns (package notify); counts only,
	// never a recipient.
	"campaign_created":   "Notification campaign \"{campaign}\" (#{id}) created.",
	"campaign_approved":  "Notification campaign \"{campaign}\" (#{id}) approved for {recipients} recipients.",
	"campaign_started":   "Notification campaign \"{campaign}\" (#{id}) started: {queued} messages queued, {unreachable} recipients unreachable.",
	"campaign_published": "Public notice \"{campaign}\" (#{id}) published.",
	"campaign_paused":    "Notification campaign \"{campaign}\" (#{id}) paused.",
	"campaign_resumed":   "Notification campaign \"{campaign}\" (#{id}) resumed.",
	"campaign_cancelled": "Notification campaign \"{campaign}\" (#{id}) cancelled; {withdrawn} messages not sent.",
	"campaign_done":      "Notification campaign \"{campaign}\" (#{id}) done: {sent} e-mails sent, {posted} letters posted, {bounced} bounced, {failed} failed, {withdrawn} withdrawn.",
	"delivery_resent":    "Notification of campaign #{id} queued again for person {person} (delivery {delivery}, new Message-ID).",
	// Written by the hotline (package hotline): IDs and dates only, never
	// a caller.
	"hotline_script_approved":   "Hotline script version {version} approved; agents see it from now on.",
	"hotline_inquiry_escalated": "Hotline inquiry #{inquiry} escalated to user #{assignee}.",
	"hotline_data_request":      "Hotline inquiry #{inquiry}: data-subject request ({request}) recorded; due {due}.",
	// Written by the public side (package publish): IDs, kinds and counts
	// only; the statements' words stay in the statements.
	"public_statement_drafted":    "Public statement #{statement} ({kind}) drafted.",
	"public_statement_edited":     "Public statement #{statement} edited; it is a draft again.",
	"public_statement_approved":   "Public statement #{statement} approved for publication.",
	"public_statement_published":  "Public statement #{statement} published; {queued} update mails queued.",
	"public_statement_superseded": "Public statement #{statement} superseded by #{by}; it stays public as an earlier version.",
	"public_statement_withdrawn":  "Public statement #{statement} withdrawn.",
	"public_listing_changed":      "Public listing changed: {visibility}, impact {impact}.",
}

// SystemEventNames lists the names, for checks that each is translated.
func SystemEventNames() []string {
	names := make([]string, 0, len(systemEventText))
	for n := range systemEventText {
		names = append(names, n)
	}
	return names
}

// English renders the event in English.
func (e SystemEvent) English() string {
	text, ok := systemEventText[e.Name]
	if !ok {
		return fmt.Sprintf("(%s)", e.Name)
	}
	return Expand(text, e.Args)
}

// Expand replaces {name} in text by args[name].
func Expand(text string, args map[string]string) string {
	if len(args) == 0 {
		return text
	}
	pairs := make([]string, 0, 2*len(args))
	for k, v := range args {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}
