package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// AdminDeleteGroup deletes a group from the Groups page (ActManageUsers): its
// memberships end, so its members lose its role unless something else grants it.
// Only someone who may grant the group's role may delete it (an Admin cannot delete
// Harriet Owner Group). version, when not zero, must be the group's version, so a
// group renamed since the confirmation (and now granting another role) is not
// deleted by it. Audited as "group.delete", with every membership it ends and every
// role it takes away.
func (s *Service) AdminDeleteGroup(ctx context.Context, p core.Principal, id string, version int64) error {
	if err := p.Require(core.ActManageUsers, "delete groups: Owners and Admins can"); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		gp, err := s.openAdminGroup(ctx, tx, p, now, id, version)
		if err != nil {
			return err
		}
		members, err := gp.listMembers(ctx)
		if err != nil {
			return err
		}
		if err := gp.refuseOwnerLevelMembers(ctx, members); err != nil {
			return err
		}
		g := gp.group
		details := map[string]any{"display_name": g.DisplayName, "role": groupRoleName(g),
			"member_count": len(members), "managed_by_okta": g.ManagedByOkta}
		if err := s.audit(ctx, tx, p, now, "group.delete", gp.groupRef(), details); err != nil {
			return err
		}
		for _, uid := range members {
			if err := gp.adminMemberGone(ctx, uid); err != nil {
				return err
			}
		}
		return tx.Groups().Delete(ctx, p.CompanyID, id)
	})
}

// openAdminGroup loads a group for a change from the pages: it must exist in the
// company, be at version (when not zero), and its role must be one the principal
// may grant.
func (s *Service) openAdminGroup(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	id string, version int64) (*groupPush, error) {
	var ifMatch IfMatch
	if version != 0 {
		ifMatch = IfMatch{version}
	}
	gp, err := s.openGroupPush(ctx, tx, p, now, id, ifMatch)
	if core.IsKind(err, core.Precondition) {
		return nil, core.E(core.Precondition, "This group changed since you opened the confirmation (Okta may have renamed it). Look at it again before you decide.")
	}
	if err != nil {
		return nil, err
	}
	if role, ok := gp.group.Role(); ok && !mayGrant(p, role) {
		return nil, core.E(core.Forbidden, "Only an Owner can change %s: it grants %s.", gp.group.DisplayName, role)
	}
	return gp, nil
}

// adminMemberGone audits the end of one membership because an admin deleted the
// group, and each role it takes away.
func (gp *groupPush) adminMemberGone(ctx context.Context, userID string) error {
	u, err := gp.tx.Users().Get(ctx, gp.p.CompanyID, userID)
	if core.IsKind(err, core.NotFound) {
		u = core.User{ID: userID, CompanyID: gp.p.CompanyID} // holds no role anyway
	} else if err != nil {
		return err
	}
	target := core.Ref{Kind: "user", ID: u.ID, Name: u.UserName}
	details := map[string]any{"group_id": gp.group.ID, "group_name": gp.group.DisplayName}
	if err := gp.s.audit(ctx, gp.tx, gp.p, gp.now, "group.member_remove", target, details); err != nil {
		return err
	}
	if _, isRole := gp.group.Role(); !isRole {
		return nil
	}
	return gp.auditRoleChange(ctx, u, gp.group, true, gp.group, false)
}

// refuseOwnerLevelMembers refuses to take a group's role from a member as powerful
// as an Owner when the caller may not manage them: deleting the group would change
// their roles, which only Owners do (mayManage). A plain group changes no role.
func (gp *groupPush) refuseOwnerLevelMembers(ctx context.Context, userIDs []string) error {
	if _, isRole := gp.group.Role(); !isRole || mayGrant(gp.p, core.RoleOwner) {
		return nil
	}
	users, err := gp.liveUsers(ctx, userIDs)
	if err != nil {
		return err
	}
	for _, u := range users {
		groups, err := groupsOf(ctx, gp.tx, u)
		if err != nil {
			return err
		}
		for _, r := range heldRoles(u, groups).Roles() {
			if core.OwnerEquivalent(r) && !mayGrant(gp.p, r) {
				role, _ := gp.group.Role()
				return core.E(core.Forbidden, "%s holds %s, so only an Owner can delete %s: it would take %s from them.",
					u.UserName, r, gp.group.DisplayName, role)
			}
		}
	}
	return nil
}

// groupRoleName is the role a group grants as the API spells it, or nil.
func groupRoleName(g core.Group) any {
	if r, ok := g.Role(); ok {
		return string(r)
	}
	return nil
}
