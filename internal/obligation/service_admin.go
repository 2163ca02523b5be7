package obligation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/breachdesk/breachdesk/internal/auth"
	"github.com/breachdesk/breachdesk/internal/errs"
)

// Authorities lists the directory: the shipped entries with an admin's
// edits applied.
func (s *Service) Authorities(ctx context.Context) ([]Authority, error) {
	edited, err := s.store.Authorities(ctx)
	if err != nil {
		return nil, err
	}
	return Merge(BuiltinAuthorities(), edited), nil
}

func (s *Service) authorityMap(ctx context.Context) (map[string]Authority, error) {
	list, err := s.Authorities(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Authority, len(list))
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

// Authority returns one entry of the directory.
func (s *Service) Authority(ctx context.Context, id string) (*Authority, error) {
	m, err := s.authorityMap(ctx)
	if err != nil {
		return nil, err
	}
	a, ok := m[id]
	if !ok {
		return nil, errs.E(errs.NotFound, "no authority %q in the directory", id)
	}
	return &a, nil
}

// SaveAuthority stores an admin's edit of a directory entry (or a new one).
func (s *Service) SaveAuthority(ctx context.Context, a auth.Actor, au *Authority) error {
	if err := need(a.IsAdmin(), "edit the authority directory"); err != nil {
		return err
	}
	if err := au.Check(); err != nil {
		return err
	}
	au.UpdatedBy, au.UpdatedAt = a.UserID, s.now()
	return s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SaveAuthority(ctx, au); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{Action: "obligation.authority", ObjectType: "authority",
			Detail: map[string]any{"authority": au.ID}}))
	})
}

// LoadRules checks an amended rule file and, when it is sound, makes it the
// active rule set. A file with any problem is refused whole: nothing of it
// is stored or used.
func (s *Service) LoadRules(ctx context.Context, a auth.Actor, src []byte) (*RuleSet, error) {
	if err := need(a.IsAdmin(), "load rule files"); err != nil {
		return nil, err
	}
	rs, err := ParseRules(src)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(src)
	f := &RuleFile{Version: rs.Version, Source: string(src), SHA256: hex.EncodeToString(sum[:]), LoadedBy: a.UserID, LoadedAt: s.now()}
	err = s.store.Update(ctx, func(tx Tx) error {
		if err := tx.AddRuleFile(ctx, f); err != nil {
			return err
		}
		return tx.AppendAudit(ctx, auth.NewAuditEntry(a, s.now(), auth.Event{Action: "obligation.rules", ObjectType: "rule_file", ObjectID: f.ID,
			Detail: map[string]any{"version": rs.Version, "sha256": f.SHA256, "rules": len(rs.Rules)}}))
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.rules, s.rulesProblem = rs, ""
	s.mu.Unlock()
	return rs, nil
}

// RuleFiles lists the loaded rule files, newest first.
func (s *Service) RuleFiles(ctx context.Context, a auth.Actor) ([]RuleFile, error) {
	if err := need(a.IsAdmin(), "see the rule files"); err != nil {
		return nil, err
	}
	return s.store.RuleFiles(ctx)
}
