package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// groupsOf loads the groups a user belongs to.
func groupsOf(ctx context.Context, st ports.Store, u core.User) ([]core.Group, error) {
	ids, err := st.Members().GroupsOf(ctx, u.CompanyID, u.ID)
	if err != nil {
		return nil, err
	}
	groups := make([]core.Group, 0, len(ids))
	for _, id := range ids {
		g, err := st.Groups().Get(ctx, u.CompanyID, id)
		if core.IsKind(err, core.NotFound) {
			continue // deleted between the two reads; its membership goes with it
		}
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// RolesOf computes a user's effective roles with their sources, from stored facts.
func (s *Service) RolesOf(ctx context.Context, u core.User) (core.RoleSources, []core.Group, error) {
	groups, err := groupsOf(ctx, s.Store, u)
	if err != nil {
		return nil, nil, err
	}
	return core.EffectiveRoles(u, groups), groups, nil
}
