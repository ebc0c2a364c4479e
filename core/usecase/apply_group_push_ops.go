package usecase

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"harriet/core"
	"harriet/ports"
)

// maxGroupNameLen caps a displayName, in bytes. Okta allows 255 characters.
const maxGroupNameLen = 1024

// validGroupName checks a displayName. Names are exact: nothing is trimmed or folded,
// because a near-miss name must never become a role group's name.
func validGroupName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return &core.Error{Kind: core.Invalid, Field: "displayName", SCIMType: "invalidValue",
			Message: "displayName is required: give the group's name."}
	case len(name) > maxGroupNameLen || !utf8.ValidString(name):
		return &core.Error{Kind: core.Invalid, Field: "displayName", SCIMType: "invalidValue",
			Message: "displayName must be valid UTF-8 text of at most 1024 bytes."}
	}
	return nil
}

// MaxMembersPerRequest bounds the member IDs one request may name, so that one
// request's work and what it can make Harriet remember stay bounded. Okta and other
// clients send membership changes in batches far smaller than this.
const MaxMembersPerRequest = 10000

// validMemberCount refuses a request that names more than MaxMembersPerRequest members.
func validMemberCount(n int) error {
	if n <= MaxMembersPerRequest {
		return nil
	}
	return &core.Error{Kind: core.Invalid, Field: "members", SCIMType: "invalidValue",
		Message: fmt.Sprintf("This request names %d members; Harriet takes at most %d in one request. "+
			"Send the members in several requests.", n, MaxMembersPerRequest)}
}

// validMemberIDs checks that every member item named a user ID, and that there are
// not too many of them for one request.
func validMemberIDs(ids []string) error {
	if err := validMemberCount(len(ids)); err != nil {
		return err
	}
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			return &core.Error{Kind: core.Invalid, Field: "members", SCIMType: "invalidValue",
				Message: "Every member needs a value: the id of a Harriet user, as SCIM returned it."}
		}
	}
	return nil
}

// groupNameTaken is the answer when another group of the company has this exact name.
func groupNameTaken(name string) error {
	return &core.Error{Kind: core.Conflict, Field: "displayName", SCIMType: "uniqueness",
		Message: "A group named \"" + name + "\" already exists in Harriet. Link the Okta group to it instead of creating another (names are compared exactly)."}
}

// openGroupPush loads the group in tx and checks the client's precondition.
func (s *Service) openGroupPush(ctx context.Context, tx ports.Store, p core.Principal, now timeStamp,
	id string, ifMatch IfMatch) (*groupPush, error) {
	g, err := tx.Groups().Get(ctx, p.CompanyID, id)
	if core.IsKind(err, core.NotFound) {
		return nil, groupNotFound(id)
	}
	if err != nil {
		return nil, err
	}
	if err := ifMatch.check(g.Version); err != nil {
		return nil, err
	}
	return s.newGroupPush(tx, p, now, g), nil
}

// groupNotFound is the answer for an unknown group ID, or another company's.
func groupNotFound(id string) error {
	return core.E(core.NotFound, "No group with id %q in this company. It may have been deleted; Okta recreates it on the next push.", id)
}

// rename changes the displayName. The same name is a no-op: Okta resends the name
// with every push, and that must write and audit nothing.
func (gp *groupPush) rename(ctx context.Context, name string) error {
	if name == gp.group.DisplayName {
		return nil
	}
	if err := validGroupName(name); err != nil {
		return err
	}
	other, err := gp.tx.Groups().ByDisplayName(ctx, gp.p.CompanyID, name)
	switch {
	case err == nil && other.ID != gp.group.ID:
		return groupNameTaken(name)
	case err != nil && !core.IsKind(err, core.NotFound):
		return err
	}
	before, after := gp.group, gp.group
	after.DisplayName = name
	roleBefore, _ := before.Role()
	roleAfter, _ := after.Role()
	gp.group = after
	gp.touched, gp.renamed = true, true
	details := map[string]any{"before": map[string]any{"display_name": before.DisplayName},
		"after": map[string]any{"display_name": name}}
	if err := gp.s.audit(ctx, gp.tx, gp.p, gp.now, "scim.group.update", gp.groupRef(), details); err != nil {
		return err
	}
	if roleBefore == roleAfter {
		return nil
	}
	return gp.auditMembersRoleChange(ctx, before, after, true)
}

// setExternalID changes the externalId; the same value is a no-op.
func (gp *groupPush) setExternalID(ctx context.Context, v string) error {
	if v == gp.group.ExternalID {
		return nil
	}
	details := map[string]any{"before": map[string]any{"external_id": gp.group.ExternalID},
		"after": map[string]any{"external_id": v}}
	gp.group.ExternalID = v
	gp.touched, gp.reIDed = true, true
	return gp.s.audit(ctx, gp.tx, gp.p, gp.now, "scim.group.update", gp.groupRef(), details)
}

// apply runs one decoded PATCH operation.
func (gp *groupPush) apply(ctx context.Context, op GroupOp) error {
	switch op.Kind {
	case GroupOpRename:
		return gp.rename(ctx, op.Value)
	case GroupOpSetExternalID:
		return gp.setExternalID(ctx, op.Value)
	case GroupOpAddMembers:
		return gp.addMembers(ctx, op.Members)
	case GroupOpRemoveMembers:
		return gp.removeMembers(ctx, op.Members)
	case GroupOpReplaceMembers:
		return gp.replaceMembers(ctx, op.Members)
	}
	return &core.Error{Kind: core.Invalid, SCIMType: "invalidPath",
		Message: "Unsupported group operation " + string(op.Kind) + "."}
}

// listMembers reads the group's members in ID order.
func (gp *groupPush) listMembers(ctx context.Context) ([]string, error) {
	return gp.tx.Members().Members(ctx, gp.p.CompanyID, gp.group.ID, ports.ListQuery{})
}
