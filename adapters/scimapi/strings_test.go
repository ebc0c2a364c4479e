package scimapi

import (
	"strings"
	"testing"
)

// Strings are text of a bounded length: a control character (a NUL byte, an
// escape; tabs and line breaks only in a formatted address) or a string longer than
// its attribute's limit is refused, naming the attribute, in every request shape,
// and nothing is stored.
func TestControlCharactersAndHugeStringsAreRefused(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	base := oktaUser("strings@acme.test", "Str", "Ings", "s")
	id := e.seedUsers("acme-okta", base)[0]
	name := func(given string) map[string]any {
		return with(base, "name", map[string]any{"givenName": given, "familyName": "Ings"})
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	address := func(k, v string) map[string]any { return with(base, "addresses", []any{map[string]any{k: v}}) }
	bodies := []struct {
		body      map[string]any
		field     string
		wantInMsg string
	}{
		{name("Ja\x00ne"), "name.givenName", "U+0000"},
		{with(base, "locale", "en\x00US"), "locale", "U+0000"},
		{with(base, "displayName", "Str\x1b[31m"), "displayName", "U+001B"},
		{with(base, "title", "Chief\tOfficer"), "title", "U+0009"},
		{with(base, "externalId", "s\u0085"), "externalId", "U+0085"},
		{address("locality", "Spring\nfield"), "addresses.locality", "U+000A"},
		{address("formatted", "1 Main St\x00"), "addresses.formatted", "U+0000"},
		{with(base, urnEnterprise, map[string]any{"department": "R\x07D"}), "department", "U+0007"},
		{with(base, "userName", "inv\ufffd@acme.test"), "userName", "U+FFFD"},
		{name("Ja\ufffdne"), "name.givenName", "U+FFFD"},
		{name(strings.Repeat("a", 900_000)), "name.givenName", "longer than 1024 characters"},
		{name(long(1025)), "name.givenName", "longer than 1024 characters"},
		{with(base, "userName", long(250)+"@a.test"), "userName", "longer than 256 characters"},
		{with(base, "emails", []any{map[string]any{"value": long(250) + "@a.test", "primary": true}}), "emails.value", "longer than 256 characters"},
		{with(base, "profileUrl", "https://x.test/"+long(2040)), "profileUrl", "longer than 2048 characters"},
		{with(base, urnEnterprise, map[string]any{"manager": map[string]any{"displayName": long(1025)}}), "manager.displayName", "longer than 1024"},
	}
	for _, c := range bodies {
		for _, method := range []string{"POST", "PUT"} {
			path := "/Users"
			if method == "PUT" {
				path += "/" + id
			}
			d := e.do(method, path, "acme-okta", c.body).scimError(t, 400, "invalidValue")
			if !strings.HasPrefix(d, c.field+" ") || !strings.Contains(d, c.wantInMsg) {
				t.Errorf("%s %s: detail %q", method, c.field, d)
			}
		}
	}
	for _, o := range []map[string]any{
		op("replace", "name.givenName", "Ja\x00ne"),
		op("replace", "", map[string]any{"name.givenName": "Ja\x00ne"}),
		op("replace", "", map[string]any{"name": map[string]any{"givenName": long(1025)}}),
		op("add", `emails[type eq "home"].value`, "a\x00@acme.test"),
		op("add", urnEnterprise+":department", long(1025)),
		op("replace", urnEnterprise, map[string]any{"division": "x\x00"}),
	} {
		e.do("PATCH", "/Users/"+id, "acme-okta", ops(o)).scimError(t, 400, "invalidValue")
	}
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 2 {
		t.Errorf("%d users stored, want the owner and one", n)
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 {
		t.Fatalf("a refused request changed the user: %+v", u)
	}

	// At the limits, and with line breaks and tabs in a formatted address, it is text.
	ok := with(name(long(1024)), "addresses", []any{map[string]any{"formatted": "1 Main St\r\nSpringfield\tUSA"}})
	ok["userName"] = long(249) + "@a.test"
	ok["emails"] = []any{map[string]any{"value": long(249) + "@a.test", "primary": true}}
	ok["profileUrl"] = "https://x.test/" + long(2033)
	e.do("PUT", "/Users/"+id, "acme-okta", ok).want(t, 200)
	u := e.storedUser(acme.ID, id)
	if u.Name.GivenName != long(1024) || u.Addresses[0].Formatted != "1 Main St\r\nSpringfield\tUSA" {
		t.Errorf("stored %q, %q", u.Name.GivenName[:8], u.Addresses[0].Formatted)
	}
}

// A group's name is checked like any string; a member value is not text but an
// ID, so whatever it holds it is skipped as unknown, and remembered printable.
func TestGroupStringsAreChecked(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	group := func(name string) map[string]any {
		return map[string]any{"schemas": []any{urnGroup}, "displayName": name}
	}
	for name, body := range map[string]map[string]any{
		"a NUL":     group("Team\x00"),
		"too long":  group(strings.Repeat("G", 257)),
		"externals": with(group("Team"), "externalId", "00g\x00"),
		"a display": with(group("Team"), "members", []any{map[string]any{"value": acme.owner.ID, "display": "\x00"}}),
	} {
		d := e.do("POST", "/Groups", "acme-okta", body).scimError(t, 400, "invalidValue")
		if !strings.Contains(d, "control character") && !strings.Contains(d, "longer than 256 characters") {
			t.Errorf("%s: detail %q", name, d)
		}
	}
	gid := e.do("POST", "/Groups", "acme-okta", group(strings.Repeat("G", 256))).want(t, 201).body["id"].(string)
	e.do("PATCH", "/Groups/"+gid, "acme-okta", ops(op("replace", "displayName", "Team\x00"))).scimError(t, 400, "invalidValue")
	e.do("PATCH", "/Groups/"+gid, "acme-okta", ops(op("replace", "", map[string]any{"displayName": "Team\n"}))).scimError(t, 400, "invalidValue")
	e.do("PATCH", "/Groups/"+gid, "acme-okta", ops(op("add", "members", []any{map[string]any{"value": "ghost\x00id"}}))).want(t, 204)
	g, err := e.db.Groups().Get(e.ctx, acme.ID, gid)
	must(t, err)
	if g.DisplayName != strings.Repeat("G", 256) || len(g.SkippedMemberIDs) != 1 || g.SkippedMemberIDs[0] != "ghost\uFFFDid" {
		t.Fatalf("stored %q, skipped %q", g.DisplayName[:4], g.SkippedMemberIDs)
	}
}

// Bytes that are not UTF-8, and escapes of lone surrogates, would reach the store
// as U+FFFD, so two different inputs would become one name: both are refused with
// 400 and nothing is stored.
func TestInvalidUTF8IsRefused(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("utf8@acme.test", "Utf", "Eight", "u"))[0]
	user := func(userName string) string {
		return `{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "` + userName +
			`", "name": {"givenName": "A", "familyName": "B"}, "emails": [{"value": "x@acme.test", "primary": true}]}`
	}
	for _, c := range []struct{ body, scimType, says string }{
		{user("inv\xff@acme.test"), "invalidSyntax", "not valid UTF-8 (byte"},
		{user("inv\xc3@acme.test"), "invalidSyntax", "not valid UTF-8 (byte"},
		{user(`inv\ud800@acme.test`), "invalidValue", "U+FFFD"},
		{user(`inv\udc00\ud800@acme.test`), "invalidValue", "U+FFFD"},
	} {
		for _, method := range []string{"POST", "PUT"} {
			path := "/Users"
			if method == "PUT" {
				path += "/" + id
			}
			if d := e.do(method, path, "acme-okta", c.body).scimError(t, 400, c.scimType); !strings.Contains(d, c.says) {
				t.Errorf("%s %q: detail %q", method, c.body, d)
			}
		}
	}
	patch := `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "displayName", "value": "Bad \xff"}]}`
	e.do("PATCH", "/Users/"+id, "acme-okta", patch).scimError(t, 400, "invalidSyntax")
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 2 {
		t.Errorf("%d users stored, want the owner and one", n)
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 {
		t.Fatalf("a refused request changed the user: %+v", u)
	}
	// A real accented name is text.
	e.do("POST", "/Users", "acme-okta", user("zoë@acme.test")).want(t, 201)
}

// A lone surrogate in a PATCH path's filter would become the value of an entry the
// PATCH creates: refused like one in a value, and nothing is stored.
func TestLoneSurrogateInAPathIsRefused(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("path@acme.test", "Pa", "Th", "p"))[0]
	for _, path := range []string{`emails[type eq \"\ud800\"].value`, `emails[type eq \"\\ud800\"].value`} { // decoded, or left to the filter
		body := `{"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "` + path + `", "value": "zz@acme.test"}]}`
		a := e.do("PATCH", "/Users/"+id, "acme-okta", body)
		if a.status != 400 {
			t.Fatalf("path %s: %d %s", path, a.status, a.raw)
		}
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 || len(u.Emails) != 1 {
		t.Fatalf("a refused PATCH changed the user: %+v", u)
	}
}
