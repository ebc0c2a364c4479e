package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// queueRoleChange queues the audit of each role a user gains or loses when the group
// this request is changing goes from (before, wasMember) to (after, isMember). Roles
// are never stored: both sides come from core.EffectiveRoles over the user's stored
// groups, with this group taken from the request's own view of it, so the audit says
// exactly what the permission checks will see.
func (gp *groupPush) queueRoleChange(ctx context.Context, u core.User,
	before core.Group, wasMember bool, after core.Group, isMember bool) error {
	others, err := gp.otherGroupsOf(ctx, u.ID)
	if err != nil {
		return err
	}
	rolesBefore := core.EffectiveRoles(u, withGroup(others, before, wasMember))
	rolesAfter := core.EffectiveRoles(u, withGroup(others, after, isMember))
	gp.pending = append(gp.pending, gp.s.roleDiffEntries(gp.p, gp.now, u, rolesBefore, rolesAfter, gp.group.ID, "")...)
	return nil
}

// otherGroupsOf loads the groups a user belongs to, except the one being changed.
func (gp *groupPush) otherGroupsOf(ctx context.Context, userID string) ([]core.Group, error) {
	ids, err := gp.tx.Members().GroupsOf(ctx, gp.p.CompanyID, userID)
	if err != nil {
		return nil, err
	}
	out := make([]core.Group, 0, len(ids))
	for _, id := range ids {
		if id == gp.group.ID {
			continue
		}
		g, ok := gp.cache[id]
		if !ok {
			g, err = gp.tx.Groups().Get(ctx, gp.p.CompanyID, id)
			if core.IsKind(err, core.NotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			gp.cache[id] = g
		}
		out = append(out, g)
	}
	return out, nil
}

func withGroup(others []core.Group, g core.Group, member bool) []core.Group {
	if !member {
		return others
	}
	return append(append(make([]core.Group, 0, len(others)+1), others...), g)
}

// auditRoleDiff appends a role.grant or role.revoke entry for every role that differs
// between before and after. viaGroup is the group whose change caused it, or "" for a
// direct grant.
func (s *Service) auditRoleDiff(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	u core.User, before, after core.RoleSources, viaGroup string) error {
	return s.auditRoleDiffBecause(ctx, tx, p, now, u, before, after, viaGroup, "")
}

// roleStrings lists effective roles in table order, as the API spells them.
func roleStrings(rs core.RoleSources) []string {
	out := []string{}
	for _, r := range rs.Roles() {
		out = append(out, string(r))
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// auditMembersRoleChange runs auditRoleChange for every member of the group, for a
// rename or a delete. It reads the member list, so it costs the size of the group:
// only role groups pay it, and only when their role changes.
func (gp *groupPush) auditMembersRoleChange(ctx context.Context, before core.Group, after core.Group, isMember bool) error {
	ids, err := gp.tx.Members().Members(ctx, gp.p.CompanyID, gp.group.ID, ports.ListQuery{})
	if err != nil {
		return err
	}
	byID, err := gp.liveUsers(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		u, ok := byID[id]
		if !ok {
			continue // a deleted user holds no role
		}
		if err := gp.queueRoleChange(ctx, u, before, true, after, isMember); err != nil {
			return err
		}
	}
	return gp.flush(ctx)
}
