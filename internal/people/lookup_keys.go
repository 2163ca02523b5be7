package people

import (
	"context"
	"slices"
)

// LookupKeys returns the IDs of incident id's persons that have any of
// keys, by ID, without an access check or audit: for services that have
// checked access themselves or act for a machine (the phone system's
// webhook finds its caller through the phone index).
func (s *Service) LookupKeys(ctx context.Context, id int64, keys ...IndexKey) ([]int64, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	ids, err := s.store.Lookup(ctx, id, keys)
	if err != nil {
		return nil, err
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}
