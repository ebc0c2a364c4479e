package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// ReplaceGroup is SCIM PUT /Groups/{id}: the name and externalId are replaced, and
// the members too when the body lists them (by delta: only the difference with the
// present members is written). Unknown member IDs are skipped. The answer lists the
// members.
func (s *Service) ReplaceGroup(ctx context.Context, p core.Principal, id string, in GroupInput) (GroupResult, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return GroupResult{}, err
	}
	if err := validGroupName(in.DisplayName); err != nil {
		return GroupResult{}, err
	}
	if err := validMemberIDs(in.Members); err != nil {
		return GroupResult{}, err
	}
	now := s.Clock.Now()
	var res GroupResult
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		gp, err := s.openGroupPush(ctx, tx, p, now, id, in.IfMatch)
		if err != nil {
			return err
		}
		res, err = gp.replace(ctx, in)
		return err
	})
	if err != nil {
		return GroupResult{}, err
	}
	return res, nil
}

func (gp *groupPush) replace(ctx context.Context, in GroupInput) (GroupResult, error) {
	if err := gp.rename(ctx, in.DisplayName); err != nil {
		return GroupResult{}, err
	}
	if err := gp.setExternalID(ctx, in.ExternalID); err != nil {
		return GroupResult{}, err
	}
	if in.MembersGiven {
		if err := gp.replaceMembers(ctx, in.Members); err != nil {
			return GroupResult{}, err
		}
	}
	g, err := gp.finish(ctx)
	if err != nil {
		return GroupResult{}, err
	}
	members, err := gp.listMembers(ctx)
	if err != nil {
		return GroupResult{}, err
	}
	res := gp.result(g)
	res.Members, res.MembersLoaded = members, true
	return res, nil
}
