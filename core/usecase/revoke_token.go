package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// RevokeToken revokes one of the company's tokens: an own token needs
// ActManageOwnTokens, anyone else's ActManageAllTokens. Another company's token ID is
// NotFound. Revoking a revoked token changes nothing and succeeds. Audited as
// "token.revoke".
func (s *Service) RevokeToken(ctx context.Context, p core.Principal, id string) error {
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		t, err := tx.Tokens().Get(ctx, p.CompanyID, id)
		if core.IsKind(err, core.NotFound) {
			return core.E(core.NotFound, "No API token with the ID %q.", id)
		}
		if err != nil {
			return err
		}
		if err := mayRevoke(p, t); err != nil {
			return err
		}
		if !t.Usable() {
			return nil
		}
		if err := tx.Tokens().Revoke(ctx, p.CompanyID, id, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, now, "token.revoke", tokenRef(t),
			map[string]any{"scope": string(t.Scope), "created_by": t.CreatedBy})
	})
}

func mayRevoke(p core.Principal, t core.Token) error {
	if p.Can(core.ActManageAllTokens) {
		return nil
	}
	if t.CreatedBy == p.User.ID && p.User.ID != "" {
		return p.Require(core.ActManageOwnTokens, "revoke API tokens")
	}
	return p.Require(core.ActManageAllTokens, "revoke another person's token: Owners and Manage API Keys users can")
}
