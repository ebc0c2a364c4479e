package e2e

import (
	"net/http"
	"slices"
	"testing"
)

// isolatedGroups: both companies push a group of the same name; B cannot read,
// change or delete A's, cannot add A's users to its own, and sees only its own.
func isolatedGroups(t *testing.T, tn tenants) {
	name := "Same Group " + tn.run
	var membersA []any
	for _, id := range tn.idsA {
		membersA = append(membersA, map[string]any{"value": id})
	}
	gidA := str(tn.a.mustJSON(t, http.MethodPost, "/scim/v2/Groups", scimGroup(name, membersA), http.StatusCreated), "id")
	gidB := str(tn.b.mustJSON(t, http.MethodPost, "/scim/v2/Groups", scimGroup(name, []any{}), http.StatusCreated), "id")
	if gidA == "" || gidA == gidB {
		t.Fatalf("the same group in two companies gave ids %q and %q", gidA, gidB)
	}
	groupUntouchable(t, tn, gidA, name)
	// A's user IDs are unknown members to B: skipped, never added.
	if status, body := tn.b.call(t, http.MethodPatch, "/scim/v2/Groups/"+gidB, patchMembers("add", membersA)); status != http.StatusNoContent && status != http.StatusOK {
		t.Errorf("company B adding unknown members answered %d: %s", status, clip(body))
	}
	if m, _ := tn.b.mustJSON(t, http.MethodGet, "/scim/v2/Groups/"+gidB, nil, http.StatusOK)["members"].([]any); len(m) != 0 {
		t.Errorf("company B's group took company A's users as members: %v", m)
	}
	if m, _ := tn.a.mustJSON(t, http.MethodGet, "/scim/v2/Groups/"+gidA, nil, http.StatusOK)["members"].([]any); len(m) != len(membersA) {
		t.Errorf("company A's group has %d members after company B's attempts, want %d", len(m), len(membersA))
	}
	groupsListedApart(t, tn, gidA, gidB, name)
}

// groupUntouchable: every request of B on A's group answers 404.
func groupUntouchable(t *testing.T, tn tenants, gidA, name string) {
	for _, r := range []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/scim/v2/Groups/" + gidA, nil},
		{http.MethodPatch, "/scim/v2/Groups/" + gidA, patchMembers("replace", []any{})},
		{http.MethodPut, "/scim/v2/Groups/" + gidA, scimGroup(name, []any{})},
		{http.MethodDelete, "/scim/v2/Groups/" + gidA, nil},
	} {
		if status, body := tn.b.call(t, r.method, r.path, r.body); status != http.StatusNotFound {
			t.Errorf("company B: %s %s answered %d, want 404: %s", r.method, r.path, status, clip(body))
		}
	}
}

// groupsListedApart: B's filter, SCIM list and admin API list show B's group only.
func groupsListedApart(t *testing.T, tn tenants, gidA, gidB, name string) {
	res, total := resources(t, tn.b.mustJSON(t, http.MethodGet, eqFilter("Groups", "displayName", name), nil, http.StatusOK))
	if total != 1 || len(res) != 1 || str(res[0], "id") != gidB {
		t.Errorf("company B's displayName filter found %d %v, want only its own %s", total, res, gidB)
	}
	listed, _ := listAll(t, tn.b, "Groups")
	for _, g := range listed {
		if str(g, "id") == gidA {
			t.Errorf("company B's group list shows company A's group")
		}
	}
	items, _ := tn.b.mustJSON(t, http.MethodGet, "/api/v1/groups?limit=500", nil, http.StatusOK)["items"].([]any)
	if slices.ContainsFunc(items, func(it any) bool { g, _ := it.(map[string]any); return str(g, "id") == gidA }) {
		t.Errorf("company B's admin API lists company A's group")
	}
}

// scimGroup is a Group body as Okta's Group Push sends it.
func scimGroup(name string, members []any) map[string]any {
	return map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name, "members": members}
}

// patchMembers is a group PATCH with one operation on members.
func patchMembers(op string, members []any) map[string]any {
	return map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": op, "path": "members", "value": members}},
	}
}
