package scimapi

import (
	"net/url"
	"testing"
	"time"

	"harriet/core"
)

func TestDiscoveryEndpoints(t *testing.T) {
	e := newEnv(t)
	e.newCompany("acme", true)
	spc := e.do("GET", "/ServiceProviderConfig", "acme-okta", nil).want(t, 200)
	if get(spc.body, "patch.supported") != true || get(spc.body, "bulk.supported") != false ||
		get(spc.body, "filter.supported") != true || num(get(spc.body, "filter.maxResults")) != 1000 ||
		get(spc.body, "etag.supported") != true || get(spc.body, "authenticationSchemes.0.type") != "oauthbearertoken" {
		t.Errorf("ServiceProviderConfig %s", spc.raw)
	}
	rt := e.do("GET", "/ResourceTypes", "acme-okta", nil).want(t, 200)
	if num(rt.body["totalResults"]) != 2 || get(rt.body, "Resources.0.endpoint") != "/Users" ||
		get(rt.body, "Resources.0.schemaExtensions.0.schema") != urnEnterprise {
		t.Errorf("ResourceTypes %s", rt.raw)
	}
	if g := e.do("GET", "/ResourceTypes/Group", "acme-okta", nil).want(t, 200); g.body["schema"] != urnGroup {
		t.Errorf("ResourceTypes/Group %s", g.raw)
	}
	e.do("GET", "/ResourceTypes/Printer", "acme-okta", nil).scimError(t, 404, "")

	s := e.do("GET", "/Schemas", "acme-okta", nil).want(t, 200)
	if num(s.body["totalResults"]) != 3 {
		t.Errorf("Schemas %s", s.raw)
	}
	u := e.do("GET", "/Schemas/"+url.PathEscape(urnUser), "acme-okta", nil).want(t, 200)
	attrs, _ := u.body["attributes"].([]any)
	byName := map[string]any{}
	for _, a := range attrs {
		byName[get(a, "name").(string)] = a
	}
	if get(byName["userName"], "uniqueness") != "server" || get(byName["userName"], "caseExact") != false ||
		get(byName["password"], "returned") != "never" || get(byName["groups"], "mutability") != "readOnly" ||
		byName["id"] != nil {
		t.Errorf("User schema %s", u.raw)
	}
	g := e.do("GET", "/Schemas/"+url.PathEscape(urnGroup), "acme-okta", nil).want(t, 200)
	for _, a := range g.body["attributes"].([]any) {
		if get(a, "name") == "displayName" && get(a, "caseExact") != true {
			t.Errorf("Group displayName is not caseExact: %v", a)
		}
	}
	e.do("GET", "/Schemas/urn:nothing", "acme-okta", nil).scimError(t, 404, "")
}

func TestGroupsReadSide(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	e.newCompany("beta", true)
	ids := e.seedUsers("acme-okta", oktaUser("g1@acme.test", "G", "One", ""), oktaUser("g2@acme.test", "G", "Two", ""))
	now := time.Now().UTC().Truncate(time.Millisecond)
	admins := core.Group{ID: "0190grp0-0000-7000-8000-000000000010", CompanyID: acme.ID, DisplayName: "Harriet Admin Group",
		ExternalID: "00gADMIN", Version: 3, CreatedAt: now, UpdatedAt: now}
	plain := core.Group{ID: "0190grp0-0000-7000-8000-000000000011", CompanyID: acme.ID, DisplayName: "harriet admin group",
		Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, e.db.Groups().Create(e.ctx, admins))
	must(t, e.db.Groups().Create(e.ctx, plain))
	_, err := e.db.Members().Add(e.ctx, acme.ID, admins.ID, ids, now)
	must(t, err)

	l := e.do("GET", "/Groups?startIndex=1&count=100", "acme-okta", nil).want(t, 200)
	if num(l.body["totalResults"]) != 2 || num(l.body["startIndex"]) != 1 || get(l.body, "Resources.0.members.1.value") != ids[1] {
		t.Errorf("list %s", l.raw)
	}
	ex := e.do("GET", "/Groups?excludedAttributes=members", "acme-okta", nil).want(t, 200)
	if get(ex.body, "Resources.0.members") != nil || get(ex.body, "Resources.0.displayName") != "Harriet Admin Group" {
		t.Errorf("excludedAttributes=members %s", ex.raw)
	}
	for f, want := range map[string]string{
		`displayName eq "Harriet Admin Group"`: admins.ID,
		`displayName eq "harriet admin group"`: plain.ID,
		`externalId eq "00gADMIN"`:             admins.ID,
		`id eq "` + plain.ID + `"`:             plain.ID,
		`displayName sw "Harriet"`:             admins.ID,
	} {
		a := e.do("GET", "/Groups?"+filterQuery(f), "acme-okta", nil).want(t, 200)
		if got := resourceIDs(a); len(got) != 1 || got[0] != want {
			t.Errorf("%s found %v", f, got)
		}
	}
	if a := e.do("GET", "/Groups?"+filterQuery(`displayName eq "HARRIET ADMIN GROUP"`), "acme-okta", nil).want(t, 200); num(a.body["totalResults"]) != 0 {
		t.Errorf("displayName matched in another case: %s", a.raw)
	}
	e.do("GET", "/Groups?"+filterQuery(`members.value eq "x"`), "acme-okta", nil).scimError(t, 400, "invalidFilter")

	g := e.do("GET", "/Groups/"+admins.ID, "acme-okta", nil).want(t, 200)
	if g.header.Get("ETag") != `W/"3"` || get(g.body, "meta.resourceType") != "Group" || len(g.body["members"].([]any)) != 2 ||
		get(g.body, "members.0.$ref") != publicURL+"/scim/v2/Users/"+ids[0] {
		t.Errorf("GET group %s", g.raw)
	}
	if a := e.do("GET", "/Groups/"+admins.ID+"?attributes=displayName", "acme-okta", nil).want(t, 200); a.body["members"] != nil {
		t.Errorf("attributes=displayName listed members: %s", a.raw)
	}
	e.do("GET", "/Groups/"+admins.ID, "beta-okta", nil).scimError(t, 404, "")
	e.do("DELETE", "/Groups/"+admins.ID, "beta-okta", nil).scimError(t, 404, "")
	if a := e.do("GET", "/Groups", "beta-okta", nil).want(t, 200); num(a.body["totalResults"]) != 0 {
		t.Errorf("beta sees acme's groups: %s", a.raw)
	}

	e.do("DELETE", "/Groups/"+admins.ID, "acme-okta", nil).want(t, 204)
	e.do("GET", "/Groups/"+admins.ID, "acme-okta", nil).scimError(t, 404, "")
	e.do("DELETE", "/Groups/"+admins.ID, "acme-okta", nil).scimError(t, 404, "")
	if groups, _ := e.db.Members().GroupsOf(e.ctx, acme.ID, ids[0]); len(groups) != 0 {
		t.Errorf("memberships survived the delete: %v", groups)
	}
	if a := e.audits(acme.ID, "scim.group.delete"); len(a) != 1 || a[0].Target.ID != admins.ID {
		t.Errorf("audit %+v", a)
	}
}
