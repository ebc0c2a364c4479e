package usecase

import (
	"context"

	"harriet/core"
	"harriet/ports"
)

// GroupOpKind is what one decoded group PATCH operation does.
type GroupOpKind string

// The group PATCH operations, whatever shape the client sent them in: the SCIM
// adapter decodes Okta's path-less replace, filtered removes, Entra's remove with a
// value list and the rest into these.
const (
	GroupOpRename         GroupOpKind = "rename"          // Value is the new displayName
	GroupOpSetExternalID  GroupOpKind = "set_external_id" // Value is the new externalId ("" clears)
	GroupOpAddMembers     GroupOpKind = "add_members"     // Members are appended
	GroupOpRemoveMembers  GroupOpKind = "remove_members"  // Members are removed
	GroupOpReplaceMembers GroupOpKind = "replace_members" // Members become exactly these ([] empties)
)

// GroupOp is one decoded PATCH operation.
type GroupOp struct {
	Kind    GroupOpKind
	Value   string
	Members []string
}

// GroupPatch is a decoded SCIM PATCH of a group.
type GroupPatch struct {
	Ops []GroupOp
	// IfMatch is the client's precondition on the group's version.
	IfMatch IfMatch
}

// PatchGroup is SCIM PATCH /Groups/{id}. The operations apply in order, by delta, in
// one transaction: adding a present member or removing an absent one is a no-op,
// unknown member IDs are skipped, and a request that changes nothing (Okta's
// same-name rename) writes and audits nothing. Members are not listed in the answer.
func (s *Service) PatchGroup(ctx context.Context, p core.Principal, id string, patch GroupPatch) (GroupResult, error) {
	if err := s.CheckSCIM(ctx, p); err != nil {
		return GroupResult{}, err
	}
	if err := validGroupPatch(patch); err != nil {
		return GroupResult{}, err
	}
	now := s.Clock.Now()
	var res GroupResult
	err := s.Store.InTx(ctx, func(tx ports.Store) error {
		gp, err := s.openGroupPush(ctx, tx, p, now, id, patch.IfMatch)
		if err != nil {
			return err
		}
		for _, op := range patch.Ops {
			if err := gp.apply(ctx, op); err != nil {
				return err
			}
		}
		g, err := gp.finish(ctx)
		res = gp.result(g)
		return err
	})
	if err != nil {
		return GroupResult{}, err
	}
	return res, nil
}

// validGroupPatch checks the operations before anything is read, so bad input
// changes nothing.
func validGroupPatch(patch GroupPatch) error {
	if len(patch.Ops) == 0 {
		return &core.Error{Kind: core.Invalid, SCIMType: "invalidSyntax",
			Message: "A PATCH needs at least one entry in Operations."}
	}
	named := 0
	for _, op := range patch.Ops {
		named += len(op.Members)
	}
	if err := validMemberCount(named); err != nil {
		return err
	}
	for _, op := range patch.Ops {
		switch op.Kind {
		case GroupOpRename:
			if err := validGroupName(op.Value); err != nil {
				return err
			}
		case GroupOpAddMembers, GroupOpRemoveMembers, GroupOpReplaceMembers:
			if err := validMemberIDs(op.Members); err != nil {
				return err
			}
		}
	}
	return nil
}
