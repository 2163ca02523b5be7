package auth

import (
	"context"
	"errors"
)

// MaxAuditPage bounds one page of the audit list.
const MaxAuditPage = 500

// Audit lists audit entries for an admin, newest first.
func (s *Service) Audit(ctx context.Context, a Actor, f AuditFilter) ([]AuditEntry, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > MaxAuditPage {
		f.Limit = 100
	}
	return s.store.AuditEntries(ctx, f)
}

var errChainBroken = errors.New("chain broken")

// VerifyAudit walks the whole chain and reports the first broken link.
func (s *Service) VerifyAudit(ctx context.Context) (ChainReport, error) {
	v := NewChainVerifier()
	err := s.store.WalkAudit(ctx, func(e AuditEntry) error {
		if !v.Add(e) {
			return errChainBroken
		}
		return nil
	})
	if err != nil && !errors.Is(err, errChainBroken) {
		return ChainReport{}, err
	}
	return v.Report(), nil
}
