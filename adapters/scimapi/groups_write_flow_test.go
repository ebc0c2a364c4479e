package scimapi_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"harriet/core"
)

const groupSchemas = `"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]`
const patchSchemas = `"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]`

func postGroup(name string, members ...string) string {
	var items []string
	for _, m := range members {
		items = append(items, fmt.Sprintf(`{"value": %q, "display": "someone@acme.test"}`, m))
	}
	return fmt.Sprintf(`{%s, "displayName": %q, "members": [%s]}`, groupSchemas, name, strings.Join(items, ", "))
}

func patchBody(ops ...string) string {
	return fmt.Sprintf(`{%s, "Operations": [%s]}`, patchSchemas, strings.Join(ops, ", "))
}

// Group Push as Okta sends it (group-push-basic.json shapes), over HTTP.
func TestSCIMGroupPushFlow(t *testing.T) {
	e := newGWEnv(t)
	u1, u2, u3 := e.user("one@acme.test"), e.user("two@acme.test"), e.user("three@acme.test")
	found := e.expect(e.do("GET", `/Groups?filter=displayName%20eq%20%22Push%20Basic%22`, ""), 200).body
	if found["totalResults"] != float64(0) {
		t.Fatalf("lookup before create %v", found)
	}
	created := e.expect(e.do("POST", "/Groups", postGroup("Push Basic")), 201)
	gid, _ := created.body["id"].(string)
	meta, _ := created.body["meta"].(map[string]any)
	if gid == "" || created.body["displayName"] != "Push Basic" || meta["resourceType"] != "Group" ||
		created.header.Get("Location") != "https://harriet.example.test/scim/v2/Groups/"+gid || created.header.Get("ETag") != `W/"1"` {
		t.Fatalf("created %v %v", created.body, created.header)
	}
	rename := fmt.Sprintf(`{"op": "replace", "value": {"id": %q, "displayName": "Push Basic"}}`, gid)
	a := e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(rename)), 204)
	if e.version(gid) != 1 || a.header.Get("ETag") != `W/"1"` {
		t.Fatal("the same-name rename bumped the version")
	}
	add := fmt.Sprintf(`{"op": "add", "path": "members", "value": [{"value": %q, "display": "one"}, {"value": %q, "display": "two"}, {"value": %q, "display": "three"}]}`, u1, u2, u3)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(add)), 204)
	got := e.expect(e.do("GET", "/Groups/"+gid, ""), 200).body
	if !slices.Equal(memberValues(t, got), gwSorted(u1, u2, u3)) || got["displayName"] != "Push Basic" {
		t.Fatalf("after add %v", got)
	}
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(fmt.Sprintf(`{"op": "remove", "path": "members[value eq \"%s\"]"}`, u1))), 204)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(
		fmt.Sprintf(`{"op": "remove", "path": "members[value eq \"%s\"]"}`, u2),
		fmt.Sprintf(`{"op": "add", "path": "members", "value": [{"value": %q, "display": "one"}]}`, u1))), 204)
	if got := e.members(gid); !slices.Equal(got, gwSorted(u1, u3)) {
		t.Fatalf("after remove and add %v", got)
	}
	found = e.expect(e.do("GET", `/Groups?filter=displayName%20eq%20%22Push%20Basic%22`, ""), 200).body
	if found["totalResults"] != float64(1) || found["Resources"].([]any)[0].(map[string]any)["id"] != gid {
		t.Fatalf("lookup after create %v", found)
	}
}

// Odd shapes other clients send: op in any case, Entra's remove with a value list,
// replace with [], path-less replace carrying members, attributes on a PATCH.
func TestSCIMGroupPatchShapes(t *testing.T) {
	e := newGWEnv(t)
	a, b, c := e.user("a@acme.test"), e.user("b@acme.test"), e.user("c@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Shapes", a, b)), 201).body["id"].(string)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(fmt.Sprintf(`{"op": "Remove", "path": "members", "value": [{"value": %q}]}`, a))), 204)
	if got := e.members(gid); !slices.Equal(got, []string{b}) {
		t.Fatalf("Entra remove %v", got)
	}
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(fmt.Sprintf(`{"op": "ADD", "path": "members", "value": [{"value": %q}]}`, c))), 204)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(`{"op": "replace", "path": "members", "value": []}`)), 204)
	if got := e.members(gid); len(got) != 0 {
		t.Fatalf("replace [] left %v", got)
	}
	pathless := fmt.Sprintf(`{"op": "Replace", "value": {"id": "ignored", "displayName": "Shapes Renamed", "members": [{"value": %q}]}}`, a)
	got := e.expect(e.do("PATCH", "/Groups/"+gid+"?excludedAttributes=members", patchBody(pathless)), 200).body
	if got["displayName"] != "Shapes Renamed" || got["id"] != gid || got["members"] != nil {
		t.Fatalf("PATCH with excludedAttributes %v", got)
	}
	got = e.expect(e.do("PATCH", "/Groups/"+gid+"?attributes=members", patchBody(fmt.Sprintf(`{"op": "add", "path": "members", "value": [{"value": %q}]}`, b))), 200).body
	if !slices.Equal(memberValues(t, got), gwSorted(a, b)) {
		t.Fatalf("PATCH with attributes=members %v", got)
	}
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(fmt.Sprintf(`{"op": "remove", "path": "members[value eq \"%s\" or value eq \"%s\"]"}`, a, b))), 204)
	if got := e.members(gid); len(got) != 0 {
		t.Fatalf("or-chain remove left %v", got)
	}
}

// group-replace-empty, group-unknown-member and group-role-mapping shapes.
func TestSCIMGroupUnknownMembersAndRoles(t *testing.T) {
	e := newGWEnv(t)
	known := e.user("known@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Harriet Admin Group")), 201).body["id"].(string)
	ghost := "7d4c0f1e-0000-4000-8000-001234567890"
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(fmt.Sprintf(`{"op": "add", "path": "members", "value": [{"value": %q, "display": "k"}, {"value": %q, "display": "ghost"}]}`, known, ghost))), 204)
	got := e.expect(e.do("GET", "/Groups/"+gid, ""), 200).body
	if !slices.Equal(memberValues(t, got), []string{known}) {
		t.Fatalf("members %v", got["members"])
	}
	if len(e.notices) != 1 || fmt.Sprint(e.notices[0]["skipped_member_ids"]) != fmt.Sprint([]string{ghost}) {
		t.Fatalf("notices %v", e.notices)
	}
	if !slices.Equal(e.roles(known), []core.Role{core.RoleAdmin}) {
		t.Fatalf("member of the Admin group has %v", e.roles(known))
	}
	lower := e.expect(e.do("POST", "/Groups", postGroup("harriet admin group", known)), 201).body
	if lower["id"] == gid || len(lower["members"].([]any)) != 1 {
		t.Fatalf("wrong-case group %v", lower)
	}
	e.expect(e.do("POST", "/Groups", postGroup("Harriet Admin Group")), 409)
	dup := e.do("POST", "/Groups", postGroup("Harriet Admin Group")).body
	if dup["scimType"] != "uniqueness" || dup["status"] != "409" {
		t.Fatalf("duplicate name %v", dup)
	}
	e.expect(e.do("DELETE", "/Groups/"+gid, ""), 204)
	if len(e.roles(known)) != 0 {
		t.Fatal("deleting the group kept the role")
	}
}

func TestSCIMGroupPutAndBadInput(t *testing.T) {
	e := newGWEnv(t)
	a, b := e.user("a@acme.test"), e.user("b@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Put Me", a)), 201).body["id"].(string)
	put := fmt.Sprintf(`{%s, "id": "ignored", "displayName": "Put Me Renamed", "externalId": "ext-9", "members": [{"value": %q}]}`, groupSchemas, b)
	got := e.expect(e.do("PUT", "/Groups/"+gid, put), 200).body
	if got["displayName"] != "Put Me Renamed" || got["externalId"] != "ext-9" || !slices.Equal(memberValues(t, got), []string{b}) {
		t.Fatalf("PUT %v", got)
	}
	for name, c := range map[string]struct {
		method, path, body, scimType string
		status                       int
	}{
		"no displayName":     {"POST", "/Groups", `{"members": []}`, "invalidValue", 400},
		"member without id":  {"POST", "/Groups", `{"displayName": "X", "members": [{"display": "x"}]}`, "invalidValue", 400},
		"filter on add":      {"PATCH", "/Groups/" + gid, patchBody(`{"op": "add", "path": "members[value eq \"x\"]", "value": []}`), "invalidPath", 400},
		"bad remove filter":  {"PATCH", "/Groups/" + gid, patchBody(`{"op": "remove", "path": "members[display eq \"x\"]"}`), "invalidFilter", 400},
		"remove displayName": {"PATCH", "/Groups/" + gid, patchBody(`{"op": "remove", "path": "displayName"}`), "mutability", 400},
		"unknown attribute":  {"PATCH", "/Groups/" + gid, patchBody(`{"op": "replace", "path": "colour", "value": "red"}`), "invalidPath", 400},
		"no operations":      {"PATCH", "/Groups/" + gid, patchBody(), "invalidSyntax", 400},
		"unknown group":      {"PATCH", "/Groups/2f1d3c4b-0000-4000-8000-001234567890", patchBody(`{"op": "add", "path": "members", "value": []}`), "", 404},
	} {
		a := e.do(c.method, c.path, c.body)
		if a.status != c.status || (c.scimType != "" && a.body["scimType"] != c.scimType) || a.body["detail"] == "" {
			t.Errorf("%s: %d %v", name, a.status, a.body)
		}
	}
	if e.version(gid) != 2 {
		t.Fatalf("refused requests changed the group: version %d", e.version(gid))
	}
}

// DELETE /Groups honours If-Match like every other write: another version is 412
// and leaves the group and its members; its own version (or *) deletes it.
func TestSCIMGroupDeleteHonoursIfMatch(t *testing.T) {
	e := newGWEnv(t)
	a, b := e.user("a@acme.test"), e.user("b@acme.test")
	gid := e.expect(e.do("POST", "/Groups", postGroup("Harriet Support Group", a, b)), 201).body["id"].(string)
	e.expect(e.do("PATCH", "/Groups/"+gid, patchBody(`{"op": "replace", "value": {"displayName": "Harriet Admin Group"}}`)), 204)
	for _, stale := range []string{`W/"1"`, `W/"999"`, `"2"x`} {
		a := e.expect(e.do("DELETE", "/Groups/"+gid, "", "If-Match", stale), 412)
		if a.body["detail"] == "" {
			t.Fatalf("If-Match %s: no detail: %v", stale, a.body)
		}
	}
	if got := e.members(gid); len(got) != 2 || e.version(gid) != 2 {
		t.Fatalf("a refused DELETE changed the group: members %v, version %d", got, e.version(gid))
	}
	if rs := e.roles(a); !slices.Contains(rs, core.RoleAdmin) {
		t.Fatalf("a refused DELETE took the role: %v", rs)
	}
	e.expect(e.do("DELETE", "/Groups/"+gid, "", "If-Match", `W/"2"`), 204)
	e.expect(e.do("GET", "/Groups/"+gid, ""), 404)
	if rs := e.roles(a); slices.Contains(rs, core.RoleAdmin) {
		t.Fatalf("the deleted group's role stayed: %v", rs)
	}
	other := e.expect(e.do("POST", "/Groups", postGroup("Plain", a)), 201).body["id"].(string)
	e.expect(e.do("DELETE", "/Groups/"+other, "", "If-Match", `*`), 204)
	e.expect(e.do("DELETE", "/Groups/"+other, ""), 404)
}
