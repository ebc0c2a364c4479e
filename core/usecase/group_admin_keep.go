package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// AdminKeepGroup keeps an Okta-managed group as a Harriet group (ActManageUsers):
// Okta no longer manages it (ManagedByOkta false), its members and the role it
// grants stay. It is how an admin answers a group Okta stopped pushing: the role is
// then a decision made in Harriet, not a leftover. Only someone who may grant the
// group's role may keep it; version works as in AdminDeleteGroup. A group Okta does
// not manage is left as it is. Audited as "group.keep". If Okta pushes the group
// again, it is Okta's again.
func (s *Service) AdminKeepGroup(ctx context.Context, p core.Principal, id string, version int64) (core.Group, error) {
	if err := p.Require(core.ActManageUsers, "change groups: Owners and Admins can"); err != nil {
		return core.Group{}, err
	}
	now := s.Clock.Now()
	var out core.Group
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		gp, err := s.openAdminGroup(ctx, tx, p, now, id, version)
		if err != nil {
			return err
		}
		out = gp.group
		if !out.ManagedByOkta {
			return nil // already Harriet's: write and audit nothing
		}
		lastPush := out.OktaChangedAt
		out, err = tx.Groups().Update(ctx, p.CompanyID, id, func(g *core.Group) error {
			g.ManagedByOkta = false
			g.UpdatedAt = now
			return nil
		})
		if err != nil {
			return err
		}
		details := map[string]any{"display_name": out.DisplayName, "role": groupRoleName(out),
			"okta_changed_at": lastPush}
		return s.audit(ctx, tx, p, now, "group.keep", gp.groupRef(), details)
	})
	return out, err
}
