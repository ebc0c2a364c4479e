package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// GetGroup is SCIM GET /Groups/{id}. Members are read only when withMembers: a client
// that excludes them (excludedAttributes=members) does not pay for a large group.
func (s *Service) GetGroup(ctx context.Context, p core.Principal, id string, withMembers bool) (GroupResult, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return GroupResult{}, err
	}
	g, err := s.Store.Groups().Get(ctx, p.CompanyID, id)
	if core.IsKind(err, core.NotFound) {
		return GroupResult{}, groupNotFound(id)
	}
	if err != nil {
		return GroupResult{}, err
	}
	res := GroupResult{Group: g}
	if withMembers {
		if err := s.loadMembers(ctx, &res); err != nil {
			return GroupResult{}, err
		}
	}
	return res, nil
}

// loadMembers fills in a group's member IDs.
func (s *Service) loadMembers(ctx context.Context, res *GroupResult) error {
	ids, err := s.Store.Members().Members(ctx, res.Group.CompanyID, res.Group.ID, ports.ListQuery{})
	if err != nil {
		return err
	}
	if ids == nil {
		ids = []string{}
	}
	res.Members, res.MembersLoaded = ids, true
	return nil
}
