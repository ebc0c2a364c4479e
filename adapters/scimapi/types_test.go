package scimapi

import (
	"encoding/json"
	"testing"

	"harriet/ports"
)

// with returns a copy of body with key set to value.
func with(body map[string]any, key string, value any) map[string]any {
	out := make(map[string]any, len(body)+1)
	for k, v := range body {
		out[k] = v
	}
	out[key] = value
	return out
}

// A value of the wrong JSON type is refused, naming the attribute and what it
// takes, for every attribute, in POST and PUT bodies and in PATCH values of every
// shape; nothing is stored.
func TestWrongTypesAreRefusedNamingTheAttribute(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	base := oktaUser("types@acme.test", "Ty", "Pes", "t")
	id := e.seedUsers("acme-okta", base)[0]
	ent := func(v any) map[string]any { return with(base, urnEnterprise, v) }
	bodies := []struct {
		body map[string]any
		want string
	}{
		{with(base, "userName", json.Number("123")), "userName must be a string."},
		{with(base, "userName", true), "userName must be a string."},
		{with(base, "externalId", map[string]any{}), "externalId must be a string."},
		{with(base, "locale", []any{"en"}), "locale must be a string."},
		{with(base, "name", "Ty Pes"), "name must be an object."},
		{with(base, "name", map[string]any{"givenName": json.Number("5")}), "name.givenName must be a string."},
		{with(base, "active", "yes"), "active must be true or false."},
		{with(base, "active", json.Number("1")), "active must be true or false."},
		{with(base, "emails", "types@acme.test"), `emails must be a list of objects, like [{"value": "..."}].`},
		{with(base, "emails", []any{"types@acme.test"}), `emails must be a list of objects, like [{"value": "..."}].`},
		{with(base, "emails", []any{map[string]any{"value": "types@acme.test", "primary": "maybe"}}), "emails.primary must be true or false."},
		{with(base, "phoneNumbers", []any{map[string]any{"value": json.Number("5550100")}}), "phoneNumbers.value must be a string."},
		{with(base, "addresses", json.Number("5")), `addresses must be a list of objects, like [{"value": "..."}].`},
		{with(base, "profileUrl", false), "profileUrl must be a string."},
		{ent("Sales"), urnEnterprise + " must be an object."},
		{ent(map[string]any{"department": true}), "department must be a string."},
		{ent(map[string]any{"manager": json.Number("7")}), `manager must be an object like {"value": "<id>"}.`},
		{ent(map[string]any{"manager": map[string]any{"value": []any{}}}), "manager.value must be a string."},
	}
	for _, c := range bodies {
		for _, method := range []string{"POST", "PUT"} {
			path := "/Users"
			if method == "PUT" {
				path += "/" + id
			}
			d := e.do(method, path, "acme-okta", c.body).scimError(t, 400, "invalidValue")
			if d != c.want {
				t.Errorf("%s: detail %q, want %q", method, d, c.want)
			}
		}
	}
	patches := []struct {
		op   map[string]any
		want string
	}{
		{op("replace", "userName", json.Number("123")), "userName must be a string."},
		{op("replace", "", map[string]any{"userName": json.Number("123")}), "userName must be a string."},
		{op("replace", "", map[string]any{"name": map[string]any{"givenName": false}}), "name.givenName must be a string."},
		{op("replace", "name.givenName", json.Number("1")), "name.givenName must be a string."},
		{op("replace", "active", "maybe"), "active must be true or false."},
		{op("add", "emails", "new@acme.test"), `emails must be a list of objects, like [{"value": "..."}].`},
		{op("replace", `emails[type eq "work"].value`, json.Number("5")), "emails.value must be a string."},
		{op("replace", `emails[type eq "work"]`, "x@acme.test"), "The value for emails[...] must be an object."},
		{op("replace", "emails.primary", "sometimes"), "emails.primary must be true or false."},
		{op("add", urnEnterprise, map[string]any{"department": json.Number("5")}), "department must be a string."},
		{op("add", urnEnterprise+":costCenter", true), "costCenter must be a string."},
		{op("replace", "", map[string]any{urnEnterprise: map[string]any{"division": []any{}}}), "division must be a string."},
	}
	for _, c := range patches {
		d := e.do("PATCH", "/Users/"+id, "acme-okta", ops(c.op)).scimError(t, 400, "invalidValue")
		if d != c.want {
			t.Errorf("PATCH %v: detail %q, want %q", c.op, d, c.want)
		}
	}
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 2 {
		t.Errorf("%d users stored, want the owner and one", n)
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 {
		t.Errorf("a refused request changed the user: %+v", u)
	}
}

// What clients really send keeps working: booleans as strings, employee numbers,
// cost centres and postal codes as numbers, a manager as an id alone, and Okta's
// PUT with meta and groups (which Harriet owns, so they are not read at all).
func TestTolerantTypesStayAccepted(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	body := oktaUser("tolerant@acme.test", "Tol", "Erant", "t")
	body["active"] = "True"
	body["emails"] = []any{map[string]any{"value": "tolerant@acme.test", "primary": "true"}}
	body["addresses"] = []any{map[string]any{"postalCode": json.Number("10115"), "primary": "False"}}
	body[urnEnterprise] = map[string]any{"employeeNumber": json.Number("4711"), "costCenter": json.Number("42"), "manager": "boss-id"}
	body["meta"] = map[string]any{"created": "04-12-2018 00:00:00", "version": json.Number("1")}
	body["groups"] = []any{"not even an object"}
	a := e.do("POST", "/Users", "acme-okta", body).want(t, 201)
	u := e.storedUser(acme.ID, a.body["id"].(string))
	if !u.Active || !u.Emails[0].Primary || u.Addresses[0].PostalCode != "10115" || u.Enterprise.EmployeeNumber != "4711" ||
		u.Enterprise.CostCenter != "42" || u.Enterprise.Manager == nil || u.Enterprise.Manager.Value != "boss-id" {
		t.Fatalf("stored %+v %+v", u, u.Enterprise)
	}
	e.do("PATCH", "/Users/"+u.ID, "acme-okta", ops(op("replace", urnEnterprise+":manager", "boss-2"))).want(t, 200)
	if m := e.storedUser(acme.ID, u.ID).Enterprise.Manager; m == nil || m.Value != "boss-2" {
		t.Fatalf("manager by PATCH %+v", m)
	}
}

// A group's members are a list of {"value": id}: a string, or a list of strings,
// is refused rather than taken for a member, in POST, PUT and every PATCH shape.
func TestGroupMembersMustBeAListOfObjects(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	gid := e.do("POST", "/Groups", "acme-okta", map[string]any{"schemas": []any{urnGroup}, "displayName": "Typed"}).
		want(t, 201).body["id"].(string)
	group := func(members any) map[string]any {
		return map[string]any{"schemas": []any{urnGroup}, "displayName": "Typed", "members": members}
	}
	const want = `members must be a list of {"value": id}.`
	for name, req := range map[string]struct {
		method, path string
		body         any
	}{
		"POST a string":          {"POST", "/Groups", group("y")},
		"POST a list of strings": {"POST", "/Groups", group([]any{acme.owner.ID})},
		"PUT a string":           {"PUT", "/Groups/" + gid, group("y")},
		"PATCH add a string":     {"PATCH", "/Groups/" + gid, ops(op("add", "members", "notalist"))},
		"PATCH add strings":      {"PATCH", "/Groups/" + gid, ops(op("add", "members", []any{acme.owner.ID}))},
		"PATCH remove a string":  {"PATCH", "/Groups/" + gid, ops(op("remove", "members", "y"))},
		"PATCH path-less":        {"PATCH", "/Groups/" + gid, ops(op("replace", "", map[string]any{"members": "y"}))},
		"PATCH a number":         {"PATCH", "/Groups/" + gid, ops(op("replace", "members", json.Number("1")))},
	} {
		if d := e.do(req.method, req.path, "acme-okta", req.body).scimError(t, 400, "invalidValue"); d != want {
			t.Errorf("%s: detail %q", name, d)
		}
	}
	for name, c := range map[string]struct {
		body any
		want string
	}{
		"displayName": {map[string]any{"displayName": json.Number("5")}, "displayName must be a string."},
		"externalId":  {map[string]any{"displayName": "X", "externalId": true}, "externalId must be a string."},
		"value":       {group([]any{map[string]any{"value": json.Number("5")}}), "members.value must be a string."},
		"display":     {group([]any{map[string]any{"value": acme.owner.ID, "display": false}}), "members.display must be a string."},
	} {
		if d := e.do("POST", "/Groups", "acme-okta", c.body).scimError(t, 400, "invalidValue"); d != c.want {
			t.Errorf("%s: detail %q, want %q", name, d, c.want)
		}
	}
	if n, _ := e.db.Groups().Count(e.ctx, acme.ID); n != 1 {
		t.Errorf("%d groups stored, want 1", n)
	}
	if m, _ := e.db.Members().Members(e.ctx, acme.ID, gid, ports.ListQuery{}); len(m) != 0 {
		t.Errorf("a refused request added members: %v", m)
	}
}
