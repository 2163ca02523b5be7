package notify

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/breachdesk/breachdesk/internal/errs"
	"github.com/breachdesk/breachdesk/internal/people"
	"github.com/breachdesk/breachdesk/internal/scan/detect"
)

var testDay = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

// testTemplate is a template in three languages that uses every
// placeholder but {{name}} and {{customer_no}}.
func testTemplate() *Template {
	return &Template{
		Name: "Kunden", Fallback: "en",
		Company: "Müller & Söhne GmbH", Hotline: "+49 30 1234-567", Inbox: "hilfe@example.de", UpdatesURL: "https://example.de/vorfall",
		Letterhead: []string{"Müller & Söhne GmbH", "Hauptstraße 1", "10115 Berlin", "Telefon +49 30 1234-0"},
		Contents: []Content{
			{Lang: "de", Subject: "Ihre Daten bei {{company}}", Body: "{{salutation}}\n\nam {{date}} schreiben wir Ihnen.\n\n## Betroffene Daten\n\n{{categories}}\n\nFragen: {{hotline}}, {{inbox}}, {{updates_url}}\nReferenz {{reference}}, Adresse {{email}}"},
			{Lang: "en", Subject: "Your data at {{company}}", Body: "{{salutation}}\n\non {{date}} we write to you.\n\n## Data involved\n\n{{categories}}\n\nQuestions: {{hotline}}, {{inbox}}, {{updates_url}}\nReference {{reference}}, address {{email}}"},
			{Lang: "zh", Subject: "{{company}}：您的数据", Body: "{{salutation}}\n\n我们于{{date}}致函给您。\n\n## 涉及的数据\n\n{{categories}}\n\n咨询：{{hotline}}、{{inbox}}、{{updates_url}}\n参考编号{{reference}}，地址{{email}}"},
		},
	}
}

func testPerson(lang, name string) *people.Person {
	return &people.Person{
		ID: 4711, IncidentID: 3, Language: lang, Country: "DE",
		Categories: []string{"email", "iban", "name", "postal_address"},
		Contact: people.Contact{
			Name: name, Emails: []string{"person@example.net"}, CustomerNos: []string{"K-100"},
			Address: []string{"Königsallee 5", "40212 Düsseldorf"},
		},
	}
}

func mustCompile(t testing.TB, tm *Template) *Compiled {
	t.Helper()
	c, err := Compile(tm)
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	return c
}

func TestRenderInEachLanguage(t *testing.T) {
	c := mustCompile(t, testTemplate())
	relay := &SMTPConfig{From: "notice@example.de", FromName: "Müller & Söhne"}
	for _, tc := range []struct {
		lang, name string
		subject    string
		want       []string // in the text part
		wantHTML   []string
	}{
		{"de", "Jürgen Groß", "Ihre Daten bei Müller & Söhne GmbH",
			[]string{"Guten Tag Jürgen Groß,", "am 24. November 2026 schreiben", "- E-Mail-Adresse\n- Bankverbindung (IBAN)\n- Name\n- Postanschrift\n",
				"Betroffene Daten\n----------------\n", "Referenz 3-4711-", "Adresse person@example.net"},
			[]string{`<html lang="de"`, "Guten Tag Jürgen Groß,", "<li style=\"margin:0 0 4px;\">Bankverbindung (IBAN)</li>", "Müller &amp; Söhne GmbH"}},
		{"en", "Zoë O'Brien", "Your data at Müller & Söhne GmbH",
			[]string{"Dear Zoë O'Brien,", "on 24 November 2026 we", "- E-mail address\n- Bank account number (IBAN)\n- Name\n- Postal address\n"},
			[]string{`<html lang="en"`, "Dear Zoë O&#39;Brien,", `<a href="tel:+49301234567"`, `<a href="mailto:hilfe@example.de"`, `<a href="https://example.de/vorfall"`}},
		{"zh", "王小明", "Müller & Söhne GmbH：您的数据",
			[]string{"尊敬的王小明：", "我们于2026年11月24日致函给您。", "- 电子邮件地址\n- 银行账号（IBAN）\n- 姓名\n- 邮寄地址\n", "涉及的数据\n----------\n"},
			[]string{`<html lang="zh"`, "尊敬的王小明：", "PingFang SC"}},
		{"zh-Hans-CN", "王小明", "Müller & Söhne GmbH：您的数据", []string{"尊敬的王小明："}, nil},
		{"fr", "Amélie Poulain", "Your data at Müller & Söhne GmbH", []string{"Dear Amélie Poulain,"}, []string{`lang="en"`}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			p := testPerson(tc.lang, tc.name)
			m, err := c.message(p, &Delivery{CampaignID: 3, MessageID: "<c3.p4711.x@example.de>"}, relay, testDay, false)
			if err != nil {
				t.Fatalf("message: %v", err)
			}
			if m.Subject != tc.subject {
				t.Errorf("subject = %q, want %q", m.Subject, tc.subject)
			}
			for _, w := range tc.want {
				if !strings.Contains(m.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, m.Text)
				}
			}
			for _, w := range tc.wantHTML {
				if !strings.Contains(m.HTML, w) {
					t.Errorf("HTML lacks %q", w)
				}
			}
			if m.To != "person@example.net" || m.From != relay.From || m.FromName != relay.FromName || m.MessageID != "<c3.p4711.x@example.de>" {
				t.Errorf("envelope = to %q from %q %q id %q", m.To, m.From, m.FromName, m.MessageID)
			}
			if m.ReplyTo != "hilfe@example.de" {
				t.Errorf("Reply-To = %q, want the inbox when the relay names none", m.ReplyTo)
			}
			if m.Lang == "" || slices.ContainsFunc(m.Headers, func(h [2]string) bool { return h[0] == "Content-Language" }) {
				t.Errorf("Lang = %q, headers %v: the language goes in Lang (the mail adapter writes Content-Language), not as an extra header", m.Lang, m.Headers)
			}
		})
	}
}

func TestHTMLPartEscapesEveryValueAndTheTextPartKeepsIt(t *testing.T) {
	tm := testTemplate()
	tm.Company = `<b onmouseover="x">Evil & Co</b>`
	tm.Contents[0].Body = "{{salutation}}\n\n{{name}} <i>literal</i> **fett** https://example.de/a?b=1&c=2."
	c := mustCompile(t, tm)
	p := testPerson("de", `<script>alert("x")</script>`)
	m, err := c.message(p, &Delivery{}, nil, testDay, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<b onmouseover", "<i>"} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("HTML holds %q unescaped:\n%s", bad, m.HTML)
		}
	}
	for _, good := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", "&lt;i&gt;literal&lt;/i&gt;", "<strong>fett</strong>",
		`<a href="https://example.de/a?b=1&amp;c=2" style="color:#0b57d0;text-decoration:underline;">https://example.de/a?b=1&amp;c=2</a>.`,
		"<title>Ihre Daten bei &lt;b onmouseover=&#34;x&#34;&gt;Evil &amp; Co&lt;/b&gt;</title>"} {
		if !strings.Contains(m.HTML, good) {
			t.Errorf("HTML lacks %q", good)
		}
	}
	if !strings.Contains(strings.ReplaceAll(m.Text, "\n", " "), `<script>alert("x")</script> <i>literal</i> fett https://example.de/a?b=1&c=2.`) {
		t.Errorf("text part altered the values:\n%s", m.Text)
	}
}

func TestALineBreakInAValueCannotForgeAHeaderOrAHeading(t *testing.T) {
	tm := testTemplate()
	tm.Contents[0].Subject = "Hallo {{name}}"
	tm.Contents[0].Body = "{{name}}\n\nText"
	c := mustCompile(t, tm)
	p := testPerson("de", "Eve\r\nBcc: all@example.com\n## Heading")
	m, err := c.message(p, &Delivery{}, nil, testDay, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("subject %q holds a line break", m.Subject)
	}
	l, err := c.Letter(p, &Delivery{}, testDay)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range ParseMarkdown(l.Body) {
		if b.Kind == "heading" {
			t.Errorf("a name became a heading in the letter body %q", l.Body)
		}
	}
}

func TestMissingListsWhatAPersonCannotFill(t *testing.T) {
	tm := testTemplate()
	tm.Contents[0].Body = "{{salutation}}\n\n{{name}}, Ihre Kundennummer {{customer_no}}: {{categories}}"
	tm.Hotline = ""
	tm.Contents[0].Body += " {{hotline}}"
	c := mustCompile(t, tm)
	nobody := &people.Person{ID: 9, Language: "de"}
	for _, tc := range []struct {
		name string
		p    *people.Person
		ch   Channel
		want []string
	}{
		{"a full person lacks only the template's hotline", testPerson("de", "Anna"), ByEmail, []string{"hotline"}},
		{"no name, no number, no categories, no e-mail", nobody, ByEmail, []string{"name", "categories", "customer_no", "hotline", "email"}},
		{"a letter needs a postal address", nobody, ByLetter, []string{"name", "categories", "customer_no", "hotline", "address"}},
		{"a letter goes to an address without a name", testPerson("en", ""), ByLetter, []string{"hotline"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Missing(tc.p, tc.ch); !slices.Equal(got, tc.want) {
				t.Errorf("Missing = %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := c.Message(nobody, &Delivery{}, nil); !errs.Is(err, errs.Invalid) {
		t.Errorf("rendering for a person without e-mail: %v, want invalid", err)
	}
	p := testPerson("de", "")
	_, err := c.Message(p, &Delivery{}, nil)
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "{{name}}") || strings.Contains(err.Error(), "person@example.net") {
		t.Errorf("rendering {{name}} for a person without one: %v", err)
	}
}

func TestSalutationWorksWithoutAName(t *testing.T) {
	c := mustCompile(t, testTemplate())
	for lang, want := range map[string]string{"de": "Guten Tag,\n", "en": "Dear customer,\n", "zh": "尊敬的用户：\n"} {
		m, err := c.message(testPerson(lang, ""), &Delivery{}, nil, testDay, false)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.Text, want) {
			t.Errorf("%s starts %q, want %q", lang, m.Text[:20], want)
		}
	}
}

func TestCompileErrorsNameTheLanguageAndTheLine(t *testing.T) {
	for _, tc := range []struct {
		name     string
		contents []Content
		want     []string
	}{
		{"unknown placeholder", []Content{{Lang: "de", Subject: "S", Body: "Hallo\n\nwir {{nmae}}"}}, []string{"de text", "line 3", "unknown placeholder {{nmae}}"}},
		{"unclosed", []Content{{Lang: "en", Subject: "S", Body: "Hi\n{{name"}}, []string{"en text", "line 2", "{{ is not closed"}},
		{"in the subject", []Content{{Lang: "zh", Subject: "{{foo}}", Body: "x"}}, []string{"zh text", "subject", "{{foo}}"}},
		{"a strange name is not repeated", []Content{{Lang: "de", Subject: "S", Body: "{{ <b>x</b> }}"}}, []string{"line 1", "see the placeholder list"}},
		{"an unknown language", []Content{{Lang: "fr", Subject: "S", Body: "x"}}, []string{"text 1", "de, en, zh"}},
		{"two texts in one language", []Content{{Lang: "de", Subject: "S", Body: "x"}, {Lang: "de", Subject: "S", Body: "y"}}, []string{"two texts in language de"}},
		{"an empty body", []Content{{Lang: "de", Subject: "S", Body: " \n"}}, []string{"de text", "body is empty"}},
		{"a subject of two lines", []Content{{Lang: "de", Subject: "S\nBcc: x", Body: "b"}}, []string{"one line"}},
		{"no content", nil, []string{"no text"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compile(&Template{Contents: tc.contents})
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want invalid", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestTextPartWrapsAt76ColumnsWithoutBreakingWordsOrAddingSpaces(t *testing.T) {
	de := strings.Repeat("Prüfen Sie Ihre Kontoauszüge und melden Sie unbekannte Abbuchungen. ", 6)
	zh := strings.Repeat("请在未来几个月留意您的银行和信用卡账单，如发现不明扣款，请立即告知您的银行。", 5)
	long := "https://example.de/" + strings.Repeat("a", 90)
	tm := &Template{Contents: []Content{{Lang: "de", Subject: "S", Body: de + "\n\n" + zh + "\n\n- " + de + "\n\n" + long}}}
	m, err := mustCompile(t, tm).message(testPerson("de", "X"), &Delivery{}, nil, testDay, false)
	if err != nil {
		t.Fatal(err)
	}
	paras := strings.Split(strings.TrimSuffix(m.Text, "\n"), "\n\n")
	for _, line := range strings.Split(m.Text, "\n") {
		if displayWidth(line) > textWidth && line != long {
			t.Errorf("line of %d columns: %q", displayWidth(line), line)
		}
	}
	if got := strings.Join(strings.Split(paras[0], "\n"), " "); got != strings.TrimSpace(de) {
		t.Errorf("German paragraph changed by wrapping:\n%q\n%q", got, de)
	}
	if got := strings.Join(strings.Split(paras[1], "\n"), ""); got != zh {
		t.Errorf("Chinese paragraph changed by wrapping:\n%q", got)
	}
	for _, line := range strings.Split(paras[1], "\n") {
		if strings.HasPrefix(line, "，") || strings.HasPrefix(line, "。") {
			t.Errorf("a line starts with closing punctuation: %q", line)
		}
	}
	for i, line := range strings.Split(paras[2], "\n") {
		if prefix := map[bool]string{true: "- ", false: "  "}[i == 0]; !strings.HasPrefix(line, prefix) || line[2] == ' ' {
			t.Errorf("list line %d %q does not hang under its bullet", i, line)
		}
	}
	if paras[3] != long {
		t.Errorf("a long link was broken: %q", paras[3])
	}
}

func TestCategoriesInlineAndUnknownOnes(t *testing.T) {
	tm := &Template{Contents: []Content{
		{Lang: "en", Subject: "About your {{categories}}", Body: "We found your {{categories}}.\n\n- {{categories}}"},
		{Lang: "zh", Subject: "S", Body: "您的{{categories}}"},
	}}
	c := mustCompile(t, tm)
	p := testPerson("en", "A")
	p.Categories = []string{"iban", "email", "shoe_size"}
	m, err := c.message(p, &Delivery{}, nil, testDay, false)
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "About your e-mail address, bank account number (IBAN), shoe_size" {
		t.Errorf("subject = %q", m.Subject)
	}
	if !strings.Contains(m.Text, "- E-mail address\n- Bank account number (IBAN)\n- Shoe_size\n") {
		t.Errorf("list:\n%s", m.Text)
	}
	p.Language = "zh"
	if m, _ = c.message(p, &Delivery{}, nil, testDay, false); !strings.Contains(m.Text, "您的电子邮件地址、银行账号（IBAN）、shoe_size") {
		t.Errorf("zh inline: %q", m.Text)
	}
}

func TestEveryScannerCategoryHasANameInEveryLanguage(t *testing.T) {
	for _, lang := range Languages() {
		for _, cat := range detect.Categories {
			if languages[lang].categories[string(cat)] == "" {
				t.Errorf("%s has no name for %s", lang, cat)
			}
		}
		if len(languages[lang].categories) != len(detect.Categories) {
			t.Errorf("%s names %d categories, the scanner has %d", lang, len(languages[lang].categories), len(detect.Categories))
		}
	}
	if len(categoryOrder) != len(detect.Categories) {
		t.Errorf("categoryOrder has %d, the scanner %d", len(categoryOrder), len(detect.Categories))
	}
}

func TestLetterIsFilledForTheWindowEnvelope(t *testing.T) {
	tm := testTemplate()
	tm.Contents[0].Body = "{{salutation}}\n\n**Wichtig:** {{name}} *nicht* fett\n\n{{categories}}"
	c := mustCompile(t, tm)
	for _, tc := range []struct{ lang, date string }{{"de", "24. November 2026"}, {"en", "24 November 2026"}, {"zh", "2026年11月24日"}} {
		p := testPerson(tc.lang, "**Boss** \\ Chef")
		l, err := c.Letter(p, &Delivery{CampaignID: 8}, testDay)
		if err != nil {
			t.Fatal(err)
		}
		if l.Date != tc.date || l.Lang != tc.lang {
			t.Errorf("%s: date %q lang %q", tc.lang, l.Date, l.Lang)
		}
		if !slices.Equal(l.Address, []string{"**Boss** \\ Chef", "Königsallee 5", "40212 Düsseldorf"}) {
			t.Errorf("address = %q", l.Address)
		}
		if l.Return != "Müller & Söhne GmbH · Hauptstraße 1 · 10115 Berlin" || len(l.Letterhead) != 4 {
			t.Errorf("return %q letterhead %q", l.Return, l.Letterhead)
		}
		if l.Reference != Reference(8, 4711) {
			t.Errorf("reference %q", l.Reference)
		}
	}
	nameless, err := mustCompile(t, testTemplate()).Letter(testPerson("de", ""), &Delivery{}, testDay)
	if err != nil || !slices.Equal(nameless.Address, []string{"Königsallee 5", "40212 Düsseldorf"}) || !strings.HasPrefix(nameless.Body, "Guten Tag,\n") {
		t.Errorf("a letter without a name: %v %q", err, nameless)
	}
	l, _ := c.Letter(testPerson("de", "**Boss** \\ Chef"), &Delivery{}, testDay)
	blocks := ParseMarkdown(l.Body)
	if len(blocks) != 3 || blocks[2].Kind != "list" || len(blocks[2].Lines) != 4 {
		t.Fatalf("blocks of %q: %+v", l.Body, blocks)
	}
	want := []Span{{Text: "Wichtig:", Bold: true}, {Text: " **Boss** \\ Chef *nicht* fett"}}
	if !slices.Equal(blocks[1].Lines[0], want) {
		t.Errorf("the name's asterisks turned into markup: %+v from %q", blocks[1].Lines[0], l.Body)
	}
}

func TestEditorNotesKeepATemplateFromBeingSent(t *testing.T) {
	tm := testTemplate()
	tm.Contents = DefaultContents()
	c := mustCompile(t, tm)
	p := testPerson("de", "Anna")
	if got := c.Missing(p, ByEmail); !slices.Equal(got, []string{"editor_note"}) {
		t.Errorf("Missing = %v, want the editor's note only", got)
	}
	if _, err := c.Message(p, &Delivery{}, nil); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "[[ ]]") {
		t.Errorf("Message = %v", err)
	}
	r, err := c.preview(p, "de", nil, testDay)
	if err != nil || !strings.Contains(r.Message.HTML, "<mark>[[Beschreiben Sie") {
		t.Errorf("preview does not show the note: %v", err)
	}
}

func TestDefaultContentsHaveTheStructureRegulatorsExpect(t *testing.T) {
	headings := map[string][]string{
		"de": {"Was ist passiert?", "Welche Ihrer Daten betroffen sind", "Was wir unternehmen", "Was Sie tun können", "Weitere Informationen"},
		"en": {"What happened", "What information of yours was involved", "What we are doing", "What you can do", "For more information"},
		"zh": {"发生了什么", "涉及您的哪些信息", "我们正在采取的措施", "您可以采取的措施", "了解更多信息"},
	}
	for _, ct := range DefaultContents() {
		cc, err := compileContent(ct)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range cc.blocks {
			if b.kind == blockHeading {
				got = append(got, b.lines[0][0].text)
			}
		}
		if !slices.Equal(got, headings[ct.Lang]) {
			t.Errorf("%s headings = %q", ct.Lang, got)
		}
		for _, ph := range []placeholder{phSalutation, phCategories, phHotline, phInbox, phUpdatesURL, phReference, phCompany} {
			if !cc.uses.has(ph) {
				t.Errorf("%s does not use {{%s}}", ct.Lang, ph)
			}
		}
		if cc.uses.has(phName) || cc.uses.has(phCustomerNo) {
			t.Errorf("%s uses a placeholder some persons cannot fill", ct.Lang)
		}
	}
}

func TestReferenceRoundTripsAndCatchesATypo(t *testing.T) {
	ref := Reference(12, 4711)
	c, p, err := ParseReference(" " + ref + " ")
	if err != nil || c != 12 || p != 4711 {
		t.Fatalf("ParseReference(%q) = %d, %d, %v", ref, c, p, err)
	}
	typo := strings.Replace(ref, "4711", "4771", 1)
	for _, bad := range []string{typo, "12-4711", "x-1-2", "", "12-4711-33"} {
		if _, _, err := ParseReference(bad); !errs.Is(err, errs.Invalid) {
			t.Errorf("ParseReference(%q) accepted", bad)
		}
	}
}

func TestPlaceholdersListsEveryPlaceholderButTheNote(t *testing.T) {
	list := Placeholders()
	if len(list) != int(phNote)-1 {
		t.Fatalf("%d placeholders listed", len(list))
	}
	for _, name := range []string{"name", "salutation", "categories", "email", "customer_no", "company", "hotline", "inbox", "updates_url", "date", "reference"} {
		if !slices.ContainsFunc(list, func(s string) bool { return strings.HasPrefix(s, "{{"+name+"}}: ") }) {
			t.Errorf("{{%s}} is not listed", name)
		}
	}
}
