package publish

import (
	"context"
	"slices"

	"github.com/breachdesk/breachdesk/internal/hotline"
	"github.com/breachdesk/breachdesk/internal/people"
)

// checkResult is what a self-check found, kept until its answer is out.
type checkResult struct {
	address string
	lang    string
	// listed are the public listed incidents looked in; found those where
	// the address is.
	listed []int64
	found  []checkFinding
}

// buildSelfCheck looks the sealed address up in the register of every
// incident on the public site and writes the answer.
func (o *outbox) buildSelfCheck(ctx context.Context, m *MailRow, c mailCommon) (*built, error) {
	addr, err := o.s.openMail(m)
	if err != nil {
		return nil, err
	}
	res, err := o.lookUp(ctx, addr, c.lang)
	if err != nil {
		return nil, err
	}
	doc := selfCheckDoc(c, res.found)
	return &built{msg: envelope(m, c, doc, addr), check: res}, nil
}

// lookUp finds addr in the registers of the public listed incidents: the
// categories of every person it names, and the newest published what-to-do
// statement of each incident where it is.
func (o *outbox) lookUp(ctx context.Context, addr, lang string) (*checkResult, error) {
	listings, err := o.s.store.Listings(ctx)
	if err != nil {
		return nil, err
	}
	key := o.s.keys.Index(people.IndexEmail, addr)
	res := &checkResult{address: addr, lang: lang}
	var published []Statement
	for _, l := range listings {
		if !l.Public {
			continue
		}
		res.listed = append(res.listed, l.IncidentID)
		ids, err := o.s.people.LookupKeys(ctx, l.IncidentID, key)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			continue
		}
		f := checkFinding{incidentID: l.IncidentID, personID: ids[0], title: listingTitle(&l, lang)}
		for _, id := range ids {
			p, err := o.s.people.Unsealed(ctx, l.IncidentID, id)
			if err != nil {
				return nil, err
			}
			f.categories = append(f.categories, p.Categories...)
		}
		slices.Sort(f.categories)
		f.categories = slices.Compact(f.categories)
		if published == nil {
			if published, err = o.s.store.PublishedStatements(ctx); err != nil {
				return nil, err
			}
		}
		f.whatToDo = whatToDo(published, l.IncidentID, lang)
		res.found = append(res.found, f)
	}
	return res, nil
}

// whatToDo is the body of the incident's newest published (not
// superseded) what-to-do statement in lang; "" when it has none.
func whatToDo(published []Statement, incidentID int64, lang string) string {
	for i := range published { // newest PublishedAt first
		st := &published[i]
		if st.IncidentID == incidentID && st.Kind == WhatToDo && st.State == Published {
			return statementText(st, lang).Body
		}
	}
	return ""
}

func listingTitle(l *Listing, lang string) string {
	if t := l.Titles[lang]; t != "" {
		return oneLine(t)
	}
	for _, lg := range Languages {
		if t := l.Titles[lg]; t != "" {
			return oneLine(t)
		}
	}
	return ""
}

// answered logs the self-check as one web inquiry per incident looked in,
// once its answer is Sent or Failed: the address stays with the hotline
// (sealed) only where the register knows it.
func (o *outbox) answered(ctx context.Context, m *MailRow, out *built) {
	if out.check == nil || o.s.hotline == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), outboxSaveTime)
	defer cancel()
	for _, id := range out.check.listed {
		c := hotline.SelfCheckLog{Email: out.check.address, Lang: out.check.lang, AskedAt: m.CreatedAt}
		for _, f := range out.check.found {
			if f.incidentID == id {
				c.PersonID = f.personID
			}
		}
		if _, err := o.s.hotline.LogSelfCheck(ctx, id, c); err != nil {
			o.log.Error("publish: a self-check could not be logged as an inquiry", "incident", id, "mail", m.ID, "err", err)
		}
	}
}
