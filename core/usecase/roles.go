package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// groupsOf loads the groups a user belongs to.
func groupsOf(ctx context.Context, st ports.Store, u core.User) ([]core.Group, error) {
	return newGroupLoader(st).groupsOf(ctx, u)
}

// RolesOf computes a user's effective roles with their sources, from stored facts.
func (s *Service) RolesOf(ctx context.Context, u core.User) (core.RoleSources, []core.Group, error) {
	groups, err := groupsOf(ctx, s.Store, u)
	if err != nil {
		return nil, nil, err
	}
	return core.EffectiveRoles(u, groups), groups, nil
}
