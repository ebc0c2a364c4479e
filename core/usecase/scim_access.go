package usecase

import (
	"context"

	"harriet/core"
)

// Messages for principals that may not use SCIM.
const (
	msgSCIMNotAllowed = "This API token cannot use SCIM: SCIM needs a provisioning token (scope scim) or the personal token of an Owner. " +
		"Create a provisioning token in My preferences → Manage API tokens and paste it into Okta."
	msgSCIMNoIntegration = "Save the Okta integration in Company settings → Integrations first, then test the API credentials in Okta again. " +
		"SCIM stays off until the company's Okta integration is saved."
)

// CheckSCIM reports whether the principal may use SCIM now: the credential must
// allow it and the company must have saved its Okta integration. Every SCIM use case
// calls it first; adapters call it for the endpoints that have no use case of their
// own (ServiceProviderConfig, Schemas, ResourceTypes).
func (s *Service) CheckSCIM(ctx context.Context, p core.Principal) error {
	if p.CompanyID == "" || !p.Can(core.ActUseSCIM) {
		return core.E(core.Forbidden, msgSCIMNotAllowed)
	}
	_, err := s.Store.Integrations().Get(ctx, p.CompanyID)
	if core.IsKind(err, core.NotFound) {
		return core.E(core.Forbidden, msgSCIMNoIntegration)
	}
	return err
}

// IfMatch is a client's precondition on a record's version (HTTP If-Match). Nil
// means no precondition; otherwise the record's version must be one of the listed
// ones, so an empty non-nil IfMatch (an unreadable header) never matches.
type IfMatch []int64

// check returns a Precondition error unless version satisfies the precondition.
func (m IfMatch) check(version int64) error {
	if m == nil {
		return nil
	}
	for _, v := range m {
		if v == version {
			return nil
		}
	}
	return core.E(core.Precondition,
		"The record changed since you read it (it is now at version %d): read it again and resend your change.", version)
}
