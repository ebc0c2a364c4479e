package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// GroupInput is a whole group as SCIM POST or PUT sends it, already decoded.
type GroupInput struct {
	DisplayName string
	ExternalID  string
	// Members are the member user IDs (SCIM members[].value).
	Members []string
	// MembersGiven reports whether the body had a members attribute at all. A PUT
	// without one keeps the members: wiping a role group because a client left the
	// list out would take roles from everyone in it.
	MembersGiven bool
	// IfMatch is the client's precondition on the group's version (PUT only).
	IfMatch IfMatch
}

// CreateGroup is SCIM POST /Groups: a group pushed from Okta. Names are unique per
// company and compared exactly (Conflict, scimType uniqueness). Members named in the
// body are added; unknown IDs are skipped, remembered on the group and returned.
func (s *Service) CreateGroup(ctx context.Context, p core.Principal, in GroupInput) (GroupResult, error) {
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
	id := s.IDs.New()
	var res GroupResult
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		var err error
		res, err = s.createGroupTx(ctx, tx, p, now, id, in)
		return err
	})
	if err != nil {
		return GroupResult{}, err
	}
	return res, nil
}

func (s *Service) createGroupTx(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	id string, in GroupInput) (GroupResult, error) {
	if _, err := tx.Groups().ByDisplayName(ctx, p.CompanyID, in.DisplayName); err == nil {
		return GroupResult{}, groupNameTaken(in.DisplayName)
	} else if !core.IsKind(err, core.NotFound) {
		return GroupResult{}, err
	}
	g := core.Group{ID: id, CompanyID: p.CompanyID, DisplayName: in.DisplayName, ExternalID: in.ExternalID,
		ManagedByOkta: true, OktaChangedAt: &now, Version: 1, CreatedAt: now, UpdatedAt: now}
	gp := s.newGroupPush(tx, p, now, g)
	users, unknown, err := gp.knownUsers(ctx, in.Members)
	if err != nil {
		return GroupResult{}, err
	}
	gp.group.NoteSkipped(unknown)
	gp.skipped, gp.created = unknown, true
	if err := tx.Groups().Create(ctx, gp.group); core.IsKind(err, core.Conflict) {
		return GroupResult{}, groupNameTaken(in.DisplayName)
	} else if err != nil {
		return GroupResult{}, err
	}
	if err := s.auditGroupCreate(ctx, tx, p, now, gp.group); err != nil {
		return GroupResult{}, err
	}
	if err := gp.addKnown(ctx, users); err != nil {
		return GroupResult{}, err
	}
	g, err = gp.finish(ctx)
	if err != nil {
		return GroupResult{}, err
	}
	members := make([]string, len(users))
	for i, u := range users {
		members[i] = u.ID
	}
	res := gp.result(g)
	res.Members, res.MembersLoaded, res.Changed = sortedIDs(members), true, true
	return res, nil
}

func (s *Service) auditGroupCreate(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp, g core.Group) error {
	details := map[string]any{"display_name": g.DisplayName, "external_id": g.ExternalID, "role": nil}
	if r, ok := g.Role(); ok {
		details["role"] = string(r)
	}
	if near := core.NearMissRoleGroup(g.DisplayName); near != "" {
		details["near_miss"] = near
	}
	target := core.Ref{Kind: "group", ID: g.ID, Name: g.DisplayName}
	return s.audit(ctx, tx, p, now, "scim.group.create", target, details)
}
