package usecase

import (
	"context"

	"harriet/core"
)

// msgNoIntegration answers a read or change of an integration that was never saved.
const msgNoIntegration = "No Okta integration is saved for this company yet. Save one in Company settings → Integrations → Okta."

// GetIntegration returns the company's Okta integration (ActReadIntegration), NotFound
// before the first save. The sealed secret is in the record; adapters never show it.
func (s *Service) GetIntegration(ctx context.Context, p core.Principal) (core.Integration, error) {
	if err := p.Require(core.ActReadIntegration, "see the Okta integration: Owners, Admins and Manage Integrations users can"); err != nil {
		return core.Integration{}, err
	}
	in, err := s.Store.Integrations().Get(ctx, p.CompanyID)
	if core.IsKind(err, core.NotFound) {
		return core.Integration{}, core.E(core.NotFound, msgNoIntegration)
	}
	return in, err
}
