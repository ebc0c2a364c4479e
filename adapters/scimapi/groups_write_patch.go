package scimapi

import (
	"strings"

	filter "github.com/scim2/filter-parser/v2"

	"harriet/core"
	"harriet/core/usecase"
)

// groupOps turns a group PATCH, in the shapes Okta, Entra ID and others send, into
// the use case's operations:
//   - a path-less replace (or add) whose value holds displayName, id (ignored),
//     externalId and maybe members: Okta's rename with every push;
//   - add on members: append; replace on members: exactly these, [] included;
//   - remove on members[value eq "id"] (one op per user, or an "or" chain), remove
//     on members with a value list (Entra ID), remove on members without a value:
//     every member;
//   - displayName and externalId by path.
//
// Membership changes are never applied to a member list read and written back: they
// go to the store as deltas, so concurrent pushes do not lose each other's changes.
func groupOps(ops []patchOp) ([]usecase.GroupOp, error) {
	var out []usecase.GroupOp
	for _, op := range ops {
		var got []usecase.GroupOp
		var err error
		if op.path == nil {
			got, err = pathlessGroupOps(op)
		} else {
			got, err = pathGroupOps(op)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// pathlessGroupOps reads {"op": "replace", "value": {"id", "displayName", "members"}}.
// Keys are attribute names in any case; unknown keys and id/meta are ignored, as in
// a PUT body.
func pathlessGroupOps(op patchOp) ([]usecase.GroupOp, error) {
	obj, ok := op.value.(map[string]any)
	if !ok {
		return nil, invalidValue(`A %q operation without a path needs an object value, like {"displayName": "Engineering"}.`, op.op)
	}
	doc, err := canonObject(obj, groupSchema.Attrs, "")
	if err != nil {
		return nil, err
	}
	var out []usecase.GroupOp
	for _, name := range []string{"displayName", "externalId", "members"} {
		v, present := doc[name]
		if !present {
			continue
		}
		got, err := attrGroupOps(op.op, name, v, true)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	return out, nil
}

// pathGroupOps reads an operation with a path.
func pathGroupOps(op patchOp) ([]usecase.GroupOp, error) {
	t, _, err := resolveTarget(*op.path, groupResource, true)
	if err != nil {
		return nil, err
	}
	if t.ignore {
		return nil, nil // id, meta: Harriet's to set
	}
	if t.sub != nil {
		return nil, invalidPath("Harriet cannot change %q: change a group's members by adding or removing them whole.", op.rawPath)
	}
	if op.path.ValueExpression == nil {
		v, err := canonValue(op.value, t.a, t.a.Name)
		if err != nil {
			return nil, err
		}
		return attrGroupOps(op.op, t.a.Name, v, op.hasValue)
	}
	if op.op != "remove" {
		return nil, invalidPath("A filter in the path (%q) is supported on remove only; add members with path \"members\".", op.rawPath)
	}
	ids, err := filteredMemberIDs(op.path.ValueExpression)
	if err != nil {
		return nil, err
	}
	return []usecase.GroupOp{{Kind: usecase.GroupOpRemoveMembers, Members: ids}}, nil
}

// attrGroupOps is one operation on a whole attribute. hasValue is false for a
// remove that named no value.
func attrGroupOps(op, name string, v any, hasValue bool) ([]usecase.GroupOp, error) {
	switch name {
	case "displayName":
		if op == "remove" {
			return nil, &core.Error{Kind: core.Invalid, SCIMType: "mutability", Field: "displayName",
				Message: "displayName is required and cannot be removed; replace it with the new name."}
		}
		s, ok := v.(string)
		if !ok {
			return nil, invalidValue("displayName must be a string.")
		}
		return []usecase.GroupOp{{Kind: usecase.GroupOpRename, Value: s}}, nil
	case "externalId":
		s, ok := v.(string)
		if op == "remove" || v == nil {
			s, ok = "", true
		}
		if !ok {
			return nil, invalidValue("externalId must be a string.")
		}
		return []usecase.GroupOp{{Kind: usecase.GroupOpSetExternalID, Value: s}}, nil
	case "members":
		return memberOps(op, v, hasValue)
	}
	return nil, nil // id and meta in a path-less value
}

// memberOps maps add, replace and remove on the members attribute.
func memberOps(op string, v any, hasValue bool) ([]usecase.GroupOp, error) {
	if op == "remove" && (!hasValue || v == nil) {
		return []usecase.GroupOp{{Kind: usecase.GroupOpReplaceMembers, Members: []string{}}}, nil
	}
	ids, err := memberIDs(v)
	if err != nil {
		return nil, err
	}
	kind := map[string]usecase.GroupOpKind{
		"add": usecase.GroupOpAddMembers, "replace": usecase.GroupOpReplaceMembers, "remove": usecase.GroupOpRemoveMembers,
	}[op]
	return []usecase.GroupOp{{Kind: kind, Members: ids}}, nil
}

// filteredMemberIDs reads the IDs of members[value eq "id"], or of an "or" chain of
// such equalities. Any other filter is refused rather than guessed at.
func filteredMemberIDs(e filter.Expression) ([]string, error) {
	switch x := e.(type) {
	case *filter.AttributeExpression:
		id, ok := x.CompareValue.(string)
		if ok && strings.EqualFold(x.AttributePath.AttributeName, "value") && x.AttributePath.SubAttribute == nil &&
			x.AttributePath.URIPrefix == nil && strings.EqualFold(string(x.Operator), string(filter.EQ)) {
			return []string{id}, nil
		}
	case *filter.LogicalExpression:
		if strings.EqualFold(string(x.Operator), string(filter.OR)) {
			l, err := filteredMemberIDs(x.Left)
			if err != nil {
				return nil, err
			}
			r, err := filteredMemberIDs(x.Right)
			return append(l, r...), err
		}
	}
	return nil, &core.Error{Kind: core.Invalid, SCIMType: "invalidFilter",
		Message: `To remove members, name them as members[value eq "<user id>"] (one operation per member, or joined with or).`}
}
