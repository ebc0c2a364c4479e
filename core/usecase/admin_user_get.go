package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// AdminGetUser is GET /api/v1/users/{id} (ActReadDirectory): the user with effective
// roles and their sources, direct roles, groups, sign-in link and whether they are
// the primary owner. Deleted users and other companies' users are NotFound.
func (s *Service) AdminGetUser(ctx context.Context, p core.Principal, id string) (UserDetail, error) {
	if err := p.Require(core.ActReadDirectory, "read users: Owners, Admins and Manage Users can"); err != nil {
		return UserDetail{}, err
	}
	u, err := s.adminUser(ctx, s.Store, p, id)
	if err != nil {
		return UserDetail{}, err
	}
	return s.userDetail(ctx, s.Store, u)
}

// adminUser reads a user of the principal's company for the admin API.
func (s *Service) adminUser(ctx context.Context, st ports.Store, p core.Principal, id string) (core.User, error) {
	u, err := st.Users().Get(ctx, p.CompanyID, id)
	if core.IsKind(err, core.NotFound) {
		return core.User{}, core.E(core.NotFound, "No user with id %q in this company.", id)
	}
	return u, err
}

// userDetails loads the details of several users, reading the company and each
// distinct group once.
func (s *Service) userDetails(ctx context.Context, st ports.Store, companyID string, users []core.User) ([]UserDetail, error) {
	c, err := st.Companies().Get(ctx, companyID)
	if err != nil {
		return nil, err
	}
	out := make([]UserDetail, 0, len(users))
	loader := newGroupLoader(st)
	for _, u := range users {
		groups, err := loader.groupsOf(ctx, u)
		if err != nil {
			return nil, err
		}
		out = append(out, UserDetail{User: u, Roles: core.EffectiveRoles(u, groups), Groups: groups,
			PrimaryOwner: c.PrimaryOwnerID == u.ID})
	}
	return out, nil
}

// mayGrant reports whether the principal may grant or take away role directly:
// Owners any role, Admins any but Owner (SPEC.md); the operator anything.
func mayGrant(p core.Principal, role core.Role) bool {
	if p.Kind == core.ActorOperator || p.Kind == core.ActorSystem {
		return true
	}
	return core.CanGrantRole(p.Roles, role)
}

// heldRoles are the roles u holds, or holds again once reactivated: a deactivated
// Owner keeps Owner as a direct role and in their groups, so they are still an
// Owner to protect while deactivated.
func heldRoles(u core.User, groups []core.Group) core.RoleSources {
	u.Active = true
	return core.EffectiveRoles(u, groups)
}

// mayManage refuses an Admin acting on the account of a user whose roles the Admin
// could not grant (resetting an Owner's sign-in link, say): Admins manage any user
// but Owners and those as powerful as Owners.
func mayManage(p core.Principal, target core.RoleSources, what string) error {
	for _, r := range target.Roles() {
		if core.OwnerEquivalent(r) && !mayGrant(p, r) {
			return core.E(core.Forbidden, "Only an Owner can %s of a user who holds %s.", what, r)
		}
	}
	return nil
}
