package hotline

import "context"

// For the external tests: what is not exported.

var MonthLater = monthLater

// StoredInbox is the inbox URL as stored, password in the clear.
func (s *Service) StoredInbox(ctx context.Context, id int64) (string, error) {
	st, err := s.loadSettings(ctx, id)
	if err != nil {
		return "", err
	}
	return st.Inbox, nil
}
