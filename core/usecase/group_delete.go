package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// DeleteGroup is SCIM DELETE /Groups/{id}: the group and its memberships go, which
// takes the group's role from every member who held it only through this group.
// Each ended membership and each role it takes away is audited. An If-Match that
// names another version refuses it (Precondition), as for every other write.
func (s *Service) DeleteGroup(ctx context.Context, p core.Principal, id string, ifMatch IfMatch) error {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return err
	}
	now := s.Clock.Now()
	return s.Store.InTx(ctx, func(tx ports.Store) error {
		gp, err := s.openGroupPush(ctx, tx, p, now, id, ifMatch)
		if err != nil {
			return err
		}
		members, err := gp.listMembers(ctx)
		if err != nil {
			return err
		}
		details := map[string]any{"display_name": gp.group.DisplayName, "member_count": len(members)}
		if err := s.audit(ctx, tx, p, now, "scim.group.delete", gp.groupRef(), details); err != nil {
			return err
		}
		if err := gp.auditRemoved(ctx, members); err != nil {
			return err
		}
		return tx.Groups().Delete(ctx, p.CompanyID, id)
	})
}
