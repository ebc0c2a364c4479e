package scimapi

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"harriet/core"
	"harriet/ports"
)

func ops(list ...map[string]any) map[string]any {
	items := make([]any, len(list))
	for i, o := range list {
		items[i] = o
	}
	return map[string]any{"schemas": []any{urnPatchOp}, "Operations": items}
}

func op(name, path string, value any) map[string]any {
	o := map[string]any{"op": name}
	if path != "" {
		o["path"] = path
	}
	if value != nil {
		o["value"] = value
	}
	return o
}

func TestPatchActiveInEveryShapeOktaSends(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("shapes@acme.test", "Patch", "Shapes", "p"))[0]
	must(t, e.db.Sessions().Create(e.ctx, core.Session{Hash: []byte("sess"), CompanyID: acme.ID, UserID: id,
		Method: "okta", CreatedAt: time.Now(), LastSeenAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}))

	steps := []struct {
		body   map[string]any
		active bool
	}{
		{ops(op("replace", "", map[string]any{"active": false})), false},
		{ops(op("Replace", "active", true)), true},
		{ops(op("replace", "active", "False")), false},
		{ops(op("REPLACE", "", map[string]any{"active": "True"})), true},
		{ops(op("add", "", map[string]any{"ACTIVE": false})), false},
		{ops(op("Add", "active", true)), true},
	}
	for i, s := range steps {
		a := e.do("PATCH", "/Users/"+id, "acme-okta", s.body).want(t, 200)
		if a.body["active"] != s.active || a.body["id"] != id {
			t.Fatalf("step %d answered %s", i, a.raw)
		}
		if u := e.storedUser(acme.ID, id); u.Active != s.active {
			t.Fatalf("step %d stored active %v", i, u.Active)
		}
		if i == 0 {
			if _, err := e.db.Sessions().ByHash(e.ctx, []byte("sess")); !core.IsKind(err, core.NotFound) {
				t.Errorf("deactivation left the session: %v", err)
			}
		}
	}
	if n := len(e.audits(acme.ID, "scim.user.deactivate")); n != 3 {
		t.Errorf("%d deactivate audits, want 3", n)
	}
	if n := len(e.audits(acme.ID, "scim.user.reactivate")); n != 3 {
		t.Errorf("%d reactivate audits, want 3", n)
	}

	before := e.storedUser(acme.ID, id)
	a := e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("replace", "", map[string]any{"password": "Synced-Secret"}))).want(t, 200)
	if _, ok := a.body["password"]; ok || strings.Contains(string(a.raw), "Synced-Secret") {
		t.Errorf("password echoed: %s", a.raw)
	}
	e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("replace", "password", "Another"))).want(t, 200)
	if after := e.storedUser(acme.ID, id); after.Version != before.Version || after.PasswordHash != nil {
		t.Errorf("password sync wrote the user: version %d → %d", before.Version, after.Version)
	}
}

func TestPatchPathsAndValueMaps(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	body := oktaUser("paths@acme.test", "Path", "Finder", "p")
	body["phoneNumbers"] = []any{map[string]any{"value": "555-1", "type": "home"}, map[string]any{"value": "555-2", "type": "work"}}
	id := e.seedUsers("acme-okta", body)[0]

	a := e.do("PATCH", "/Users/"+id, "acme-okta", ops(
		op("replace", "", map[string]any{
			"name.givenName": "Given2", "NAME.FAMILYNAME": "Family2", "displayName": "Display 2",
			urnEnterprise + ":department": "Finance", "groups": []any{}, "id": "other", "unknownThing": 5,
		}),
		op("replace", urnEnterprise+":manager.value", "mgr-1"),
		op("add", urnEnterprise, map[string]any{"costCenter": "CC9"}),
		op("replace", `emails[type eq "work"].value`, "paths.new@acme.test"),
		op("add", `emails[type eq "home"].value`, "paths@home.test"),
		op("remove", `phoneNumbers[type eq "home"]`, nil),
		op("add", "phoneNumbers", []any{map[string]any{"value": "555-3", "type": "mobile", "primary": "true"}}),
		op("replace", "name", map[string]any{"middleName": "M"}),
		op("remove", "locale", nil),
		op("remove", `emails[type eq "nothing"]`, nil),
	)).want(t, 200)

	u := e.storedUser(acme.ID, id)
	if u.Name.GivenName != "Given2" || u.Name.FamilyName != "Family2" || u.Name.MiddleName != "M" || u.DisplayName != "Display 2" {
		t.Errorf("name %+v, displayName %q", u.Name, u.DisplayName)
	}
	if u.Enterprise == nil || u.Enterprise.Department != "Finance" || u.Enterprise.CostCenter != "CC9" ||
		u.Enterprise.Manager == nil || u.Enterprise.Manager.Value != "mgr-1" {
		t.Errorf("enterprise %+v", u.Enterprise)
	}
	if len(u.Emails) != 2 || u.Emails[0].Value != "paths.new@acme.test" || !u.Emails[0].Primary ||
		u.Emails[1].Value != "paths@home.test" || u.Emails[1].Type != "home" {
		t.Errorf("emails %+v", u.Emails)
	}
	if len(u.PhoneNumbers) != 2 || u.PhoneNumbers[0].Value != "555-2" || u.PhoneNumbers[1].Value != "555-3" || !u.PhoneNumbers[1].Primary {
		t.Errorf("phoneNumbers %+v", u.PhoneNumbers)
	}
	if u.Locale != "" || u.ID != id {
		t.Errorf("locale %q id %q", u.Locale, u.ID)
	}
	if get(a.body, "name.givenName") != "Given2" {
		t.Errorf("answer %s", a.raw)
	}
	// The sign-in email moved with the primary email: the index follows.
	if found, err := e.db.Users().ByEmail(e.ctx, acme.ID, "PATHS.NEW@acme.test"); err != nil || found.ID != id {
		t.Errorf("by new email: %v %v", found.ID, err)
	}

	// A new primary email takes primary from the old one.
	e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("add", "emails",
		map[string]any{"value": "paths.third@acme.test", "type": "other", "primary": true}))).want(t, 200)
	u = e.storedUser(acme.ID, id)
	if len(u.Emails) != 3 || u.Emails[0].Primary || !u.Emails[2].Primary || u.PrimaryEmail() != "paths.third@acme.test" {
		t.Errorf("emails after a new primary %+v", u.Emails)
	}
}

func TestBadPatchesChangeNothing(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("bad.patch@acme.test", "Bad", "Patch", "b"))[0]
	other := e.seedUsers("acme-okta", oktaUser("taken@acme.test", "Tak", "En", "t"))[0]
	_ = other
	cases := []struct {
		body     any
		status   int
		scimType string
	}{
		{`{"Operations": [{"op": "replace", "value": {"active": tru`, 400, "invalidSyntax"},
		{map[string]any{"schemas": []any{urnPatchOp}}, 400, "invalidSyntax"},
		{map[string]any{"Operations": []any{}}, 400, "invalidSyntax"},
		{map[string]any{"Operations": "replace"}, 400, "invalidSyntax"},
		{ops(op("move", "active", true)), 400, "invalidSyntax"},
		{ops(op("remove", "", nil)), 400, "noTarget"},
		{ops(op("replace", "active", nil)), 400, "invalidValue"},
		{ops(op("replace", "", "active")), 400, "invalidValue"},
		{ops(op("replace", "nosuch", "x")), 400, "invalidPath"},
		{ops(op("replace", "name.nosuch", "x")), 400, "invalidPath"},
		{ops(op("replace", "emails[type eq", "x")), 400, "invalidPath"},
		{ops(op("replace", "urn:example:other:1.0:User:x", "x")), 400, "invalidPath"},
		{ops(op("replace", `emails[primary gt true].value`, "x")), 400, "invalidFilter"},
		{ops(op("replace", `emails[display sw "n"]`, map[string]any{"value": "y@acme.test"})), 400, "noTarget"},
		{ops(op("replace", "active", "perhaps")), 400, "invalidValue"},
		{ops(op("replace", "userName", "")), 400, "invalidValue"},
		{ops(op("remove", "userName", nil)), 400, "invalidValue"},
		{ops(op("replace", "emails", []any{"plain@acme.test"})), 400, "invalidValue"},
		{ops(op("replace", "name", "Just A String")), 400, "invalidValue"},
		{ops(op("replace", "title", "Fine"), op("replace", "userName", "TAKEN@acme.test")), 409, "uniqueness"},
		{ops(op("replace", "emails", []any{map[string]any{"value": "taken@acme.test", "primary": true}})), 409, "uniqueness"},
		{ops(op("replace", strings.Repeat("a.", 600), "x")), 400, "invalidPath"},
	}
	for i, c := range cases {
		a := e.do("PATCH", "/Users/"+id, "acme-okta", c.body)
		if a.status != c.status || a.body["scimType"] != c.scimType {
			t.Errorf("case %d: %d %v, want %d %s: %s", i, a.status, a.body["scimType"], c.status, c.scimType, a.raw)
		}
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 || u.Title != "" || u.UserName != "bad.patch@acme.test" {
		t.Errorf("a bad PATCH changed the user: %+v", u)
	}
	if len(e.logged) != 0 {
		t.Errorf("bad input was logged as a server error: %v", e.logged)
	}
}

func TestPatchCreatesAnEntryAFilterNamesWhenNoneMatches(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	body := oktaUser("entry@acme.test", "En", "Try", "e")
	body["emails"] = []any{map[string]any{"value": "entry@home.test", "type": "home"}}
	id := e.seedUsers("acme-okta", body)[0]
	e.do("PATCH", "/Users/"+id, "acme-okta", ops(
		op("add", `emails[type eq "work"].value`, "entry@acme.test"),
		op("replace", `emails[type eq "work"].primary`, true),
		op("replace", `addresses[type eq "work"].locality`, "Berlin"),
	)).want(t, 200)
	u := e.storedUser(acme.ID, id)
	if len(u.Emails) != 2 || u.Emails[0] != (core.Email{Value: "entry@home.test", Type: "home"}) ||
		u.Emails[1] != (core.Email{Value: "entry@acme.test", Type: "work", Primary: true}) {
		t.Errorf("emails %+v", u.Emails)
	}
	if len(u.Addresses) != 1 || u.Addresses[0].Locality != "Berlin" || u.Addresses[0].Type != "work" {
		t.Errorf("addresses %+v", u.Addresses)
	}
}

// The audit of a change names the attributes as SCIM does, never Go's field names.
func TestUpdateAuditNamesSCIMAttributes(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("named@acme.test", "Na", "Med", "n"))[0]
	e.do("PATCH", "/Users/"+id, "acme-okta", ops(
		op("replace", "externalId", "n2"), op("replace", "displayName", "N M"),
		op("replace", "profileUrl", "https://x.test/n"), op("replace", "name.givenName", "Nia"),
	)).want(t, 200)
	entries, err := e.db.Audit().List(e.ctx, acme.ID, ports.AuditQuery{})
	must(t, err)
	for _, en := range entries {
		if en.Action == "scim.user.update" && en.Target.ID == id {
			if got := fmt.Sprint(en.Details["changed"]); got != "[externalId name displayName profileUrl]" {
				t.Fatalf("changed = %s", got)
			}
			return
		}
	}
	t.Fatal("no scim.user.update entry")
}
