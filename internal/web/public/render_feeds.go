package public

import (
	"encoding/xml"
	"net/http"
	"time"
)

// The history as an Atom feed (RFC 4287) and an RSS 2.0 feed: one entry
// per published statement, newest first, in the default language.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Content   atomText `xml:"content"`
}

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	Description string  `xml:"description"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
}

type rssGUID struct {
	IsPermaLink bool   `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

// feedEntry is one statement for the feeds.
type feedEntry struct {
	id, title, link, body string
	at                    time.Time
}

func (m *model) feedEntries() []feedEntry {
	lang := m.defaultLang
	var out []feedEntry
	for _, inc := range m.site.Incidents {
		for _, st := range inc.Statements {
			txt := m.text(lang, st.Texts)
			out = append(out, feedEntry{id: st.PublicID, title: txt.Title, body: plainText(txt.Body),
				link: m.absolute("/" + lang + "/statements/" + st.PublicID), at: st.PublishedAt})
		}
	}
	// Newest first across incidents.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].at.After(out[j-1].at); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// entryID is an entry's permanent Atom ID: its URL when the site's
// address is known, else a URN that never changes.
func (m *model) entryID(e feedEntry) string {
	if m.base != "" {
		return e.link
	}
	return "urn:breachdesk:statement:" + e.id
}

func renderFeeds(sn *snapshot, m *model, modified time.Time) error {
	lang := m.defaultLang
	name := m.siteName(lang)
	entries := m.feedEntries()
	feedID := "urn:breachdesk:page:" + m.pageID()
	if m.base != "" {
		feedID = m.base + "/"
	}
	atom := atomFeed{Lang: lang, ID: feedID, Title: name, Updated: modified.UTC().Format(time.RFC3339),
		Links:  []atomLink{{Href: m.absolute("/history.atom"), Rel: "self", Type: "application/atom+xml"}, {Href: m.absolute("/" + lang + "/history"), Rel: "alternate", Type: "text/html"}},
		Author: atomAuthor{Name: name}}
	ch := rssChannel{Title: name, Link: m.absolute("/" + lang + "/history"), Description: texts[lang]["history"],
		Language: lang, LastBuildDate: modified.UTC().Format(time.RFC1123Z)}
	for _, e := range entries {
		at := e.at.UTC().Format(time.RFC3339)
		atom.Entries = append(atom.Entries, atomEntry{ID: m.entryID(e), Title: e.title, Updated: at, Published: at,
			Link: atomLink{Href: e.link, Rel: "alternate", Type: "text/html"}, Content: atomText{Type: "text", Text: e.body}})
		ch.Items = append(ch.Items, rssItem{Title: e.title, Link: e.link, Description: e.body,
			GUID: rssGUID{IsPermaLink: m.base != "", ID: m.entryID(e)}, PubDate: e.at.UTC().Format(time.RFC1123Z)})
	}
	for path, v := range map[string]struct {
		v     any
		ctype string
	}{
		"/history.atom": {atom, "application/atom+xml; charset=utf-8"},
		"/history.rss":  {rss{Version: "2.0", Channel: ch}, "application/rss+xml; charset=utf-8"},
	} {
		b, err := xml.MarshalIndent(v.v, "", " ")
		if err != nil {
			return err
		}
		d := newDoc(append([]byte(xml.Header), b...), v.ctype, pageCache, modified, http.StatusOK)
		d.cors = true
		sn.docs[path] = d
	}
	return nil
}
