package usecase

import (
	"context"
	"slices"

	"harriet/core"
	"harriet/ports"
)

// SetDirectRoles is PUT /api/v1/users/{id}/direct_roles (ActManageUsers): the user's
// directly granted roles become exactly roles. The caller may add or take away only
// roles they may grant (Owners any, Admins any but Owner), and the primary owner
// keeps Owner. Roles from groups are not touched: they follow Okta.
func (s *Service) SetDirectRoles(ctx context.Context, p core.Principal, id string, roles []string) (UserDetail, error) {
	if err := p.Require(core.ActManageUsers, "grant roles: Owners and Admins can"); err != nil {
		return UserDetail{}, err
	}
	want, err := parseRoles(roles)
	if err != nil {
		return UserDetail{}, err
	}
	now := s.Clock.Now()
	var out UserDetail
	err = s.Store.InTx(ctx, func(tx ports.Store) error {
		u, err := s.adminUser(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if err := s.checkDirectRoles(ctx, tx, p, u, want); err != nil {
			return err
		}
		if !slices.Equal(inTableOrder(u.DirectRoles), want) {
			if u, err = s.writeDirectRoles(ctx, tx, p, now, u, want); err != nil {
				return err
			}
		}
		out, err = s.userDetail(ctx, tx, u)
		return err
	})
	return out, err
}

// parseRoles reads role names spelled exactly as the API shows them, returning them
// without repeats in the role table's order.
func parseRoles(names []string) ([]core.Role, error) {
	var have []core.Role
	for _, n := range names {
		r, ok := core.ParseRole(n)
		if !ok {
			return nil, core.InvalidField("direct_roles", "%q is not a Harriet role. Roles are spelled exactly as in the role table, like \"Admin\" or \"Manage Users\".", n)
		}
		have = append(have, r)
	}
	return inTableOrder(have), nil
}

// checkDirectRoles refuses a change the caller may not make: a role they may not
// grant, or any change to a user whose roles make them as powerful as an Owner
// (Owner, Manage API Keys), unless the caller is an Owner.
func (s *Service) checkDirectRoles(ctx context.Context, tx ports.Store, p core.Principal, u core.User, want []core.Role) error {
	groups, err := groupsOf(ctx, tx, u)
	if err != nil {
		return err
	}
	if err := mayManage(p, heldRoles(u, groups), "change the roles"); err != nil {
		return err
	}
	for _, r := range core.AllRoles() {
		if slices.Contains(u.DirectRoles, r) != slices.Contains(want, r) && !mayGrant(p, r) {
			return core.E(core.Forbidden, "You cannot grant or take away the role %s: only Owners can.", r)
		}
	}
	c, err := tx.Companies().Get(ctx, p.CompanyID)
	if err != nil {
		return err
	}
	if c.PrimaryOwnerID == u.ID && !slices.Contains(want, core.RoleOwner) {
		return core.E(core.Forbidden, "%s is the company's primary owner and keeps Owner as a direct role. "+
			"Transfer the primary owner to someone else first (PUT /api/v1/company/primary_owner).", u.UserName)
	}
	return nil
}

// writeDirectRoles stores the new direct roles and audits the change and every
// effective role it grants or takes away.
func (s *Service) writeDirectRoles(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	u core.User, want []core.Role) (core.User, error) {
	groups, err := groupsOf(ctx, tx, u)
	if err != nil {
		return core.User{}, err
	}
	before := core.EffectiveRoles(u, groups)
	oldDirect := rolesToStrings(u.DirectRoles)
	u, err = tx.Users().Update(ctx, p.CompanyID, u.ID, func(x *core.User) error {
		x.DirectRoles = append([]core.Role(nil), want...)
		x.UpdatedAt = now
		return nil
	})
	if err != nil {
		return core.User{}, err
	}
	details := map[string]any{"before": oldDirect, "after": rolesToStrings(want)}
	if err := s.audit(ctx, tx, p, now, "user.direct_roles", userRef(u), details); err != nil {
		return core.User{}, err
	}
	return u, s.auditRoleDiff(ctx, tx, p, now, u, before, core.EffectiveRoles(u, groups), "")
}

func rolesToStrings(roles []core.Role) []string {
	out := make([]string, 0, len(roles))
	for _, r := range roles {
		out = append(out, string(r))
	}
	return out
}

// inTableOrder lists roles without repeats in the role table's order.
func inTableOrder(roles []core.Role) []core.Role {
	out := []core.Role{}
	for _, r := range core.AllRoles() {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}
