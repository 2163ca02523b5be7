package hotline

import "context"

// InboxURL is incident id's inbox URL with its password, "" when none is
// set: for the desk's own wiring (the pollers it starts), never to show.
func (s *Service) InboxURL(ctx context.Context, id int64) (string, error) {
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return "", err
	}
	return st.Inbox, nil
}

// InboxIncidents lists the incidents whose settings name an inbox, by ID.
func (s *Service) InboxIncidents(ctx context.Context) ([]int64, error) {
	return s.store.InboxIncidents(ctx)
}
