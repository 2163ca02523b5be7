package sqlstore

import (
	"context"
	"fmt"

	"github.com/breachdesk/breachdesk/internal/publish"
)

const errNoPage = "the public page has no settings yet"

func (s publishStore) Page(ctx context.Context) (*publish.Page, error) {
	var p publish.Page
	err := s.db.reader().queryRow(ctx, `SELECT names, url, default_lang, press_name, press_email, press_phone,
		hotline_phone, hotline_email, sender_email, self_check, range_incident_id, updated_at FROM publish_page WHERE id = 1`).
		Scan(scanJSON(&p.Names), &p.URL, &p.DefaultLang, &p.PressName, &p.PressEmail, &p.PressPhone, &p.HotlinePhone,
			&p.HotlineEmail, &p.SenderEmail, &p.SelfCheck, &p.RangeIncidentID, scanTime(&p.UpdatedAt))
	if err != nil {
		return nil, readErr(err, errNoPage, "load the public page's settings")
	}
	p.Names = noEmptyMap(p.Names)
	return &p, nil
}

// SavePage inserts or replaces the one row of settings.
func (t publishTx) SavePage(ctx context.Context, p *publish.Page) error {
	names, err := mapArg(p.Names)
	if err != nil {
		return fmt.Errorf("sqlstore: save the public page's settings: %w", err)
	}
	_, err = t.exec(ctx, `INSERT INTO publish_page (id, names, url, default_lang, press_name, press_email, press_phone,
		hotline_phone, hotline_email, sender_email, self_check, range_incident_id, updated_at)
		VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET names = excluded.names, url = excluded.url, default_lang = excluded.default_lang,
		press_name = excluded.press_name, press_email = excluded.press_email, press_phone = excluded.press_phone,
		hotline_phone = excluded.hotline_phone, hotline_email = excluded.hotline_email,
		sender_email = excluded.sender_email, self_check = excluded.self_check,
		range_incident_id = excluded.range_incident_id, updated_at = excluded.updated_at`,
		names, p.URL, p.DefaultLang, p.PressName, p.PressEmail, p.PressPhone, p.HotlinePhone, p.HotlineEmail,
		p.SenderEmail, t.d.Bool(p.SelfCheck), p.RangeIncidentID, t.time(p.UpdatedAt))
	if err != nil {
		return t.writeErr(err, "", "save the public page's settings")
	}
	return nil
}
