package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// SetSSOOnlyAsOperator is `harriet integration sso-only`: the operator's way back in
// when Okta is misconfigured and SSO-only locks everyone out. Audited as
// "integration.sso_only" with the operator as actor.
func (s *Service) SetSSOOnlyAsOperator(ctx context.Context, companySlug string, on bool) error {
	c, err := s.companyBySlug(ctx, companySlug)
	if err != nil {
		return err
	}
	op := core.Principal{CompanyID: c.ID, Kind: core.ActorOperator}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		in, err := tx.Integrations().Get(ctx, c.ID)
		if core.IsKind(err, core.NotFound) {
			return core.E(core.NotFound, "The company %q has no Okta integration, so SSO-only cannot be on.", c.Slug)
		}
		if err != nil {
			return err
		}
		was := in.SSOOnly
		in.SSOOnly, in.UpdatedAt = on, now
		if _, err := tx.Integrations().Put(ctx, in); err != nil {
			return err
		}
		return s.audit(ctx, tx, op, now, "integration.sso_only", integrationRef(in),
			map[string]any{"sso_only": on, "was": was})
	})
}
