package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// DeleteIntegration removes the company's Okta integration (ActWriteIntegration):
// sign-in with Okta and SCIM stop until it is saved again, and its Domain is free for
// another company. NotFound when there is none. Audited as "integration.delete".
func (s *Service) DeleteIntegration(ctx context.Context, p core.Principal) error {
	if err := p.Require(core.ActWriteIntegration, "delete the Okta integration: Owners, Admins and Manage Integrations users can"); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		in, err := tx.Integrations().Get(ctx, p.CompanyID)
		if core.IsKind(err, core.NotFound) {
			return core.E(core.NotFound, msgNoIntegration)
		}
		if err != nil {
			return err
		}
		if err := tx.Integrations().Delete(ctx, p.CompanyID); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, now, "integration.delete", integrationRef(in),
			map[string]any{"domain": in.Domain, "login_domain": in.LoginDomain})
	})
}
