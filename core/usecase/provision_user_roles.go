package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// Reasons a user's roles change without a group or a direct grant changing, as the
// role audit entries record them.
const (
	roleReasonDeactivated = "deactivated"
	roleReasonReactivated = "reactivated"
	roleReasonDeleted     = "deleted"
)

// lifecycleReason says how a change of a user's state changes their roles: "" when
// it changes none (a deactivated or deleted user holds no role).
func lifecycleReason(before, after core.User) string {
	wasHolding := before.Active && !before.Deleted()
	isHolding := after.Active && !after.Deleted()
	switch {
	case wasHolding && after.Deleted():
		return roleReasonDeleted
	case wasHolding && !isHolding:
		return roleReasonDeactivated
	case !wasHolding && isHolding:
		return roleReasonReactivated
	}
	return ""
}

// auditLifecycleRoles audits every role a user gains or loses because SCIM
// deactivated, reactivated or deleted them, in tx: the roles before and after come
// from core.EffectiveRoles over the user's groups, as for a group push, so the audit
// says exactly what the permission checks see. groups are the user's groups as they
// were before the change (a delete ends the memberships; the roles went with the
// user's state either way).
func (s *Service) auditLifecycleRoles(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	before, after core.User, groups []core.Group) error {
	reason := lifecycleReason(before, after)
	if reason == "" {
		return nil
	}
	return s.auditRoleDiffBecause(ctx, tx, p, now, after,
		core.EffectiveRoles(before, groups), core.EffectiveRoles(after, groups), "", reason)
}

// lifecycleGroups loads the user's groups when a change from before to after can
// change their roles, and nothing otherwise, so an ordinary profile update reads no
// membership.
func lifecycleGroups(ctx context.Context, tx ports.Store, before, after core.User) ([]core.Group, error) {
	if lifecycleReason(before, after) == "" {
		return nil, nil
	}
	return groupsOf(ctx, tx, before)
}

// auditRoleDiffBecause is auditRoleDiff with a reason detail ("" for none): a
// role.grant or role.revoke entry for every role that differs between before and
// after, with the detail keys of the group push (role, via_group, before, after).
func (s *Service) auditRoleDiffBecause(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	u core.User, before, after core.RoleSources, viaGroup, reason string) error {
	return tx.Audit().AppendMany(ctx, s.roleDiffEntries(p, now, u, before, after, viaGroup, reason))
}

// roleDiffEntries are the entries auditRoleDiffBecause appends, in role table order.
func (s *Service) roleDiffEntries(p core.Principal, now timeStamp, u core.User,
	before, after core.RoleSources, viaGroup, reason string) []core.AuditEntry {
	var out []core.AuditEntry
	target := core.Ref{Kind: "user", ID: u.ID, Name: u.UserName}
	for _, r := range core.AllRoles() {
		action := ""
		switch {
		case after.Has(r) && !before.Has(r):
			action = "role.grant"
		case before.Has(r) && !after.Has(r):
			action = "role.revoke"
		default:
			continue
		}
		details := map[string]any{
			"role": string(r), "via_group": nilIfEmpty(viaGroup),
			"before": roleStrings(before), "after": roleStrings(after),
		}
		if reason != "" {
			details["reason"] = reason
		}
		out = append(out, s.auditEntry(p, now, action, target, details))
	}
	return out
}
