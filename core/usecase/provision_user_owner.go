package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// The primary owner is protected from SCIM so that a misconfigured Okta can never
// lock a company out (SPEC.md): it cannot deactivate or delete them, nor move the
// identity they sign in with.
const (
	msgPrimaryOwner = "This user is the company's primary owner, so SCIM cannot deactivate or delete them. " +
		"Transfer the primary owner to another Owner first (PUT /api/v1/company/primary_owner), then unassign this user in Okta."
	msgPrimaryOwnerIdentity = "This user is the company's primary owner, so SCIM cannot change their userName or primary email, " +
		"which they sign in with. Transfer the primary owner to another Owner first (PUT /api/v1/company/primary_owner), " +
		"then change this user in Okta."
)

// guardPrimaryOwner refuses the changes from cur to cand that SCIM may not make to
// the company's primary owner: deactivating them, or moving their sign-in identity,
// the userName and the primary email. Both compare normalised, so a change of case
// is allowed; every other profile change is too. The company is read only when the
// change is one of those, so ordinary updates cost nothing more.
func (s *Service) guardPrimaryOwner(ctx context.Context, tx ports.Store, companyID string, cur, cand core.User) error {
	deactivates := cur.Active && !cand.Active
	moves := core.NormUserName(cur.UserName) != core.NormUserName(cand.UserName) ||
		core.NormEmail(cur.PrimaryEmail()) != core.NormEmail(cand.PrimaryEmail())
	if !deactivates && !moves {
		return nil
	}
	owner, err := isPrimaryOwner(ctx, tx, companyID, cur.ID)
	switch {
	case err != nil || !owner:
		return err
	case deactivates:
		return core.E(core.Forbidden, msgPrimaryOwner)
	}
	return core.E(core.Forbidden, msgPrimaryOwnerIdentity)
}

// refusePrimaryOwner refuses any change to the user when they are the company's
// primary owner: SCIM's delete.
func (s *Service) refusePrimaryOwner(ctx context.Context, tx ports.Store, companyID, userID string) error {
	owner, err := isPrimaryOwner(ctx, tx, companyID, userID)
	if err == nil && owner {
		return core.E(core.Forbidden, msgPrimaryOwner)
	}
	return err
}

func isPrimaryOwner(ctx context.Context, tx ports.Store, companyID, userID string) (bool, error) {
	co, err := tx.Companies().Get(ctx, companyID)
	if err != nil {
		return false, err
	}
	return co.PrimaryOwnerID == userID, nil
}
