package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// UserDetail is a user with what the admin API shows beside it: effective roles with
// their sources, the groups they belong to, and whether they are the company's primary
// owner.
type UserDetail struct {
	User         core.User
	Roles        core.RoleSources
	Groups       []core.Group
	PrimaryOwner bool
}

// Me returns the caller's own user, read fresh, with roles and groups
// (ActReadOwnProfile: any signed-in user).
func (s *Service) Me(ctx context.Context, p core.Principal) (UserDetail, error) {
	if err := p.Require(core.ActReadOwnProfile, "read your profile"); err != nil {
		return UserDetail{}, err
	}
	if p.User.ID == "" {
		return UserDetail{}, core.E(core.NotFound, "This credential does not belong to a user.")
	}
	u, err := s.Store.Users().Get(ctx, p.CompanyID, p.User.ID)
	if err != nil {
		return UserDetail{}, err
	}
	return s.userDetail(ctx, s.Store, u)
}

// userDetail loads what UserDetail adds to a user, from st (a store or a tx).
func (s *Service) userDetail(ctx context.Context, st ports.Store, u core.User) (UserDetail, error) {
	groups, err := groupsOf(ctx, st, u)
	if err != nil {
		return UserDetail{}, err
	}
	c, err := st.Companies().Get(ctx, u.CompanyID)
	if err != nil {
		return UserDetail{}, err
	}
	return UserDetail{
		User:         u,
		Roles:        core.EffectiveRoles(u, groups),
		Groups:       groups,
		PrimaryOwner: c.PrimaryOwnerID == u.ID,
	}, nil
}
