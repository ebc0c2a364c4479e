package scimapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"harriet/core"
)

func TestCreateUserAsOktaSendsIt(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	a := e.do("POST", "/Users", "acme-okta", oktaUser("Jane.Doe@acme.test", "Jane", "Doe", "00uJANE")).want(t, 201)

	id, _ := a.body["id"].(string)
	if id == "" || a.header.Get("Location") != publicURL+"/scim/v2/Users/"+id {
		t.Fatalf("id %q, Location %q", id, a.header.Get("Location"))
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/scim+json") {
		t.Errorf("content type %q", ct)
	}
	if a.header.Get("ETag") != `W/"1"` || get(a.body, "meta.version") != `W/"1"` {
		t.Errorf("ETag %q, meta.version %v", a.header.Get("ETag"), get(a.body, "meta.version"))
	}
	for path, want := range map[string]any{
		"userName": "Jane.Doe@acme.test", "name.givenName": "Jane", "name.familyName": "Doe", "active": true,
		"externalId": "00uJANE", "emails.0.value": "Jane.Doe@acme.test", "emails.0.primary": true,
		"meta.resourceType": "User", "meta.location": publicURL + "/scim/v2/Users/" + id, "locale": "en-US",
	} {
		if got := get(a.body, path); got != want {
			t.Errorf("%s = %#v, want %#v", path, got, want)
		}
	}
	if _, ok := a.body["password"]; ok {
		t.Error("the password was echoed")
	}
	created, _ := get(a.body, "meta.created").(string)
	if _, err := time.Parse("2006-01-02T15:04:05.000Z", created); err != nil {
		t.Errorf("meta.created %q is not RFC 3339 UTC with milliseconds", created)
	}

	u := e.storedUser(acme.ID, id)
	if u.UserName != "Jane.Doe@acme.test" || u.Source != core.SourceSCIM || !u.Active || u.ExternalID != "00uJANE" {
		t.Errorf("stored %+v", u)
	}
	if u.PasswordHash != nil {
		t.Error("a SCIM password was stored")
	}
	if got := e.audits(acme.ID, "scim.user.create"); len(got) != 1 || got[0].Target.ID != id ||
		got[0].Target.Name != "Jane.Doe@acme.test" || got[0].Actor.Kind != core.ActorToken || got[0].RequestID != "req-test" {
		t.Errorf("audit %+v", got)
	}
	g := e.do("GET", "/Users/"+id, "acme-okta", nil).want(t, 200)
	if g.body["userName"] != "Jane.Doe@acme.test" || get(g.body, "meta.created") != created {
		t.Errorf("GET answered %s", g.raw)
	}
}

func TestDuplicateUserNameOrEmailIsUniqueness(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	e.do("POST", "/Users", "acme-okta", oktaUser("Mixed.Case@acme.test", "Mixed", "Case", "1")).want(t, 201)

	e.do("POST", "/Users", "acme-okta", oktaUser("mixed.case@ACME.test", "Mixed", "Case", "2")).scimError(t, 409, "uniqueness")
	other := oktaUser("someone.else@acme.test", "Some", "One", "3")
	other["emails"] = []any{map[string]any{"value": "MIXED.case@acme.test", "primary": true}}
	d := e.do("POST", "/Users", "acme-okta", other).scimError(t, 409, "uniqueness")
	if !strings.Contains(d, "primary email") {
		t.Errorf("detail %q does not name the email clash", d)
	}
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 2 { // the owner and Mixed.Case
		t.Errorf("%d users stored, want 2", n)
	}
}

func TestPostForDeactivatedUserRestoresIt(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.do("POST", "/Users", "acme-okta", oktaUser("back@acme.test", "Back", "Again", "x")).want(t, 201).body["id"].(string)
	e.do("PATCH", "/Users/"+id, "acme-okta", map[string]any{"schemas": []any{urnPatchOp},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}}}).want(t, 200)

	a := e.do("POST", "/Users", "acme-okta", oktaUser("BACK@acme.test", "Returned", "Again", "y")).want(t, 201)
	if a.body["id"] != id || a.body["active"] != true || get(a.body, "name.givenName") != "Returned" || a.body["userName"] != "BACK@acme.test" {
		t.Fatalf("restore answered %s", a.raw)
	}
	if u := e.storedUser(acme.ID, id); !u.Active || u.ExternalID != "y" {
		t.Errorf("stored %+v", u)
	}
	if got := e.audits(acme.ID, "scim.user.reactivate"); len(got) != 1 || got[0].Details["restored_by_post"] != true {
		t.Errorf("audit %+v", got)
	}
}

func TestPutAppliesProfileAndIgnoresOwnedFields(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	c := e.do("POST", "/Users", "acme-okta", oktaUser("put@acme.test", "Put", "Person", "00u1")).want(t, 201)
	id, created := c.body["id"].(string), get(c.body, "meta.created")

	body := oktaUser("put@acme.test", "Put", "Renamed", "00u1")
	body["id"] = "someone-else"
	body["meta"] = map[string]any{"created": "04-12-2018 00:00:00", "version": `W/"99"`}
	body["groups"] = []any{map[string]any{"value": "00g1", "display": "Harriet Owner Group"}}
	body["password"] = "Q2FwdHVyZWQ="
	a := e.do("PUT", "/Users/"+id, "acme-okta", body).want(t, 200)
	if a.body["id"] != id || get(a.body, "name.familyName") != "Renamed" || get(a.body, "meta.created") != created ||
		get(a.body, "meta.version") != `W/"2"` {
		t.Fatalf("PUT answered %s", a.raw)
	}
	if _, ok := a.body["password"]; ok {
		t.Error("password echoed")
	}
	g := e.do("GET", "/Users/"+id, "acme-okta", nil).want(t, 200)
	if groups, _ := g.body["groups"].([]any); len(groups) != 0 {
		t.Errorf("groups taken from the body: %v", groups)
	}
	if u := e.storedUser(acme.ID, id); u.Name.FamilyName != "Renamed" || u.PasswordHash != nil || u.Version != 2 {
		t.Errorf("stored %+v", u)
	}

	// The same PUT again changes nothing: no write, no audit.
	e.do("PUT", "/Users/"+id, "acme-okta", body).want(t, 200)
	if u := e.storedUser(acme.ID, id); u.Version != 2 {
		t.Errorf("a no-op PUT wrote version %d", u.Version)
	}
	if got := e.audits(acme.ID, "scim.user.update"); len(got) != 1 {
		t.Errorf("%d update audits, want 1", len(got))
	}
}

func TestPutWithoutActiveKeepsStateAndPutFalseDeactivates(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.do("POST", "/Users", "acme-okta", oktaUser("state@acme.test", "State", "Kept", "s")).want(t, 201).body["id"].(string)
	body := oktaUser("state@acme.test", "State", "Kept", "s")
	delete(body, "active")
	body["title"] = "Engineer"
	if a := e.do("PUT", "/Users/"+id, "acme-okta", body).want(t, 200); a.body["active"] != true {
		t.Errorf("active %v", a.body["active"])
	}
	must(t, e.db.Sessions().Create(e.ctx, core.Session{Hash: []byte("h1"), CompanyID: acme.ID, UserID: id,
		Method: "okta", CreatedAt: time.Now(), LastSeenAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}))
	body["active"] = false
	if a := e.do("PUT", "/Users/"+id, "acme-okta", body).want(t, 200); a.body["active"] != false {
		t.Errorf("active %v", a.body["active"])
	}
	if _, err := e.db.Sessions().ByHash(e.ctx, []byte("h1")); !core.IsKind(err, core.NotFound) {
		t.Errorf("the session survived deactivation: %v", err)
	}
	if got := e.audits(acme.ID, "scim.user.deactivate"); len(got) != 1 {
		t.Errorf("deactivate audits %+v", got)
	}
}

func TestPutAndPatchValidation(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.do("POST", "/Users", "acme-okta", oktaUser("valid@acme.test", "Val", "Id", "v")).want(t, 201).body["id"].(string)

	noName := oktaUser("", "A", "B", "v")
	e.do("PUT", "/Users/"+id, "acme-okta", noName).scimError(t, 400, "invalidValue")
	badEmail := oktaUser("valid@acme.test", "A", "B", "v")
	badEmail["emails"] = []any{map[string]any{"value": "not-an-email"}}
	e.do("PUT", "/Users/"+id, "acme-okta", badEmail).scimError(t, 400, "invalidValue")
	wrongType := oktaUser("valid@acme.test", "A", "B", "v")
	wrongType["active"] = "maybe"
	e.do("PUT", "/Users/"+id, "acme-okta", wrongType).scimError(t, 400, "invalidValue")
	wrongSchema := oktaUser("valid@acme.test", "A", "B", "v")
	wrongSchema["schemas"] = []any{urnGroup}
	e.do("POST", "/Users", "acme-okta", wrongSchema).scimError(t, 400, "invalidValue")
	if u := e.storedUser(acme.ID, id); u.Version != 1 || u.Name.GivenName != "Val" {
		t.Errorf("bad input changed the user: %+v", u)
	}
}

func TestUsersCreatedElsewhereAreListedWithNamesAndEmails(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	now := time.Now().UTC().Truncate(time.Millisecond)
	bare := core.User{ID: "0190bare-0000-7000-8000-000000000001", CompanyID: acme.ID, UserName: "mary-ann.smith@acme.test",
		Active: true, Source: core.SourceManual, Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, e.db.Users().Create(e.ctx, bare))
	a := e.do("GET", "/Users?filter=userName%20eq%20%22MARY-ANN.SMITH%40acme.test%22", "acme-okta", nil).want(t, 200)
	r := get(a.body, "Resources.0")
	if get(r, "name.givenName") != "Mary" || get(r, "name.familyName") != "Smith" ||
		get(r, "emails.0.value") != "mary-ann.smith@acme.test" {
		t.Errorf("a user without name or emails listed as %s", a.raw)
	}
	if get(a.body, "totalResults") != json.Number("1") {
		t.Errorf("totalResults %v", get(a.body, "totalResults"))
	}
}

func TestEnterpriseExtensionIsStoredAndReturned(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	body := oktaUser("ent@acme.test", "Ent", "Erprise", "e")
	body["schemas"] = []any{urnUser, urnEnterprise}
	body[urnEnterprise] = map[string]any{"employeeNumber": 4711, "department": "Sales", "costCenter": "CC1",
		"manager": map[string]any{"value": "boss-id", "displayName": "The Boss"}}
	a := e.do("POST", "/Users", "acme-okta", body).want(t, 201)
	id := a.body["id"].(string)
	ent, _ := a.body[urnEnterprise].(map[string]any)
	if ent["employeeNumber"] != "4711" || ent["department"] != "Sales" || get(ent, "manager.value") != "boss-id" {
		t.Errorf("enterprise answered %v", ent)
	}
	if got := strList(a.body["schemas"]); len(got) != 2 || got[1] != urnEnterprise {
		t.Errorf("schemas %v", got)
	}
	u := e.storedUser(acme.ID, id)
	if u.Enterprise == nil || u.Enterprise.Department != "Sales" || u.Enterprise.Manager == nil ||
		u.Enterprise.Manager.DisplayName != "The Boss" {
		t.Errorf("stored enterprise %+v", u.Enterprise)
	}
	f := e.do("GET", "/Users?filter=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department%20eq%20%22sales%22",
		"acme-okta", nil).want(t, 200)
	if get(f.body, "totalResults") != json.Number("1") {
		t.Errorf("filter on the extension: %s", f.raw)
	}
}

func TestIfMatchAndETags(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.do("POST", "/Users", "acme-okta", oktaUser("etag@acme.test", "E", "Tag", "t")).want(t, 201).body["id"].(string)
	patch := func(given string) map[string]any {
		return map[string]any{"Operations": []any{map[string]any{"op": "replace", "path": "name.givenName", "value": given}}}
	}
	e.do("PATCH", "/Users/"+id, "acme-okta", patch("Two")).want(t, 200)
	e.do("PATCH", "/Users/"+id, "acme-okta", patch("Three"), "If-Match", `W/"1"`).scimError(t, 412, "")
	e.do("PATCH", "/Users/"+id, "acme-okta", patch("Three"), "If-Match", `v1.0`).scimError(t, 412, "")
	e.do("DELETE", "/Users/"+id, "acme-okta", nil, "If-Match", `W/"1"`).scimError(t, 412, "")
	if u := e.storedUser(acme.ID, id); u.Name.GivenName != "Two" || u.Deleted() {
		t.Fatalf("a failed precondition changed the user: %+v", u)
	}
	a := e.do("PATCH", "/Users/"+id, "acme-okta", patch("Three"), "If-Match", `W/"7", W/"2"`).want(t, 200)
	if a.header.Get("ETag") != `W/"3"` {
		t.Errorf("ETag %q", a.header.Get("ETag"))
	}
	e.do("PATCH", "/Users/"+id, "acme-okta", patch("Four"), "If-Match", `*`).want(t, 200)
	e.do("GET", "/Users/"+id, "acme-okta", nil, "If-None-Match", `W/"4"`).want(t, http.StatusNotModified)
	e.do("GET", "/Users/"+id, "acme-okta", nil, "If-None-Match", `W/"3"`).want(t, 200)
}
