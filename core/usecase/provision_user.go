package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// CreateUser provisions a user from a SCIM POST. The userName is kept exactly as
// sent and compared case-insensitively. A POST for the userName of an active user is
// a Conflict (scimType uniqueness); a POST for a deactivated user's userName restores
// that user (same id, the profile from the body), as Okta expects when it reassigns
// someone it had unassigned. SCIM passwords never reach this use case.
func (s *Service) CreateUser(ctx context.Context, p core.Principal, in UserInput) (core.User, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return core.User{}, err
	}
	now := s.Clock.Now()
	var cand core.User
	copyProfile(&cand, in.Profile)
	cand.CompanyID = p.CompanyID
	cand.Active = in.Active == nil || *in.Active
	if err := prepareProfile(&cand); err != nil {
		return core.User{}, err
	}
	if err := requireEmail(nil, cand); err != nil {
		return core.User{}, err
	}
	newID := s.IDs.New()
	var out core.User
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		existing, err := tx.Users().ByUserName(ctx, p.CompanyID, core.NormUserName(cand.UserName))
		switch {
		case err == nil && existing.Active:
			return uniqueness("userName", "A user with the userName %q already exists in this company (id %s). "+
				"In Okta, link the existing user instead of creating a new one.", existing.UserName, existing.ID)
		case err == nil:
			out, err = s.restoreUser(ctx, tx, p, now, existing, cand)
			return err
		case !core.IsKind(err, core.NotFound):
			return err
		}
		out, err = s.insertUser(ctx, tx, p, now, newID, cand)
		return err
	})
	if err != nil {
		return core.User{}, asUniqueness(err)
	}
	return out, nil
}

func (s *Service) insertUser(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	id string, u core.User) (core.User, error) {
	u.ID = id
	u.Source = core.SourceSCIM
	u.Version = 1
	u.CreatedAt, u.UpdatedAt = now, now
	// CreateUser found no user holding the userName in this transaction; the store
	// refuses a racing one with a Conflict.
	if err := checkEmailKey(ctx, tx, u); err != nil {
		return core.User{}, err
	}
	if err := tx.Users().Create(ctx, u); err != nil {
		return core.User{}, err
	}
	details := map[string]any{"active": u.Active}
	if u.ExternalID != "" {
		details["external_id"] = u.ExternalID
	}
	return u, s.audit(ctx, tx, p, now, "scim.user.create", userRef(u), details)
}

// restoreUser brings back a deactivated user whose userName a POST named, auditing
// the roles their groups and direct grants give them again.
func (s *Service) restoreUser(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	existing, cand core.User) (core.User, error) {
	cand.ID = existing.ID
	if err := s.guardPrimaryOwner(ctx, tx, p.CompanyID, existing, cand); err != nil {
		return core.User{}, err
	}
	// existing holds the userName (CreateUser read it in this transaction): only the
	// email can clash.
	if err := checkEmailKey(ctx, tx, cand); err != nil {
		return core.User{}, err
	}
	u, err := tx.Users().Update(ctx, p.CompanyID, existing.ID, func(u *core.User) error {
		copyProfile(u, cand)
		u.UpdatedAt = now
		return nil
	})
	if err != nil {
		return core.User{}, err
	}
	action := "scim.user.reactivate"
	if !u.Active {
		action = "scim.user.update"
	}
	if err := s.audit(ctx, tx, p, now, action, userRef(u), map[string]any{"restored_by_post": true}); err != nil {
		return core.User{}, err
	}
	groups, err := lifecycleGroups(ctx, tx, existing, u)
	if err != nil {
		return core.User{}, err
	}
	return u, s.auditLifecycleRoles(ctx, tx, p, now, existing, u, groups)
}
