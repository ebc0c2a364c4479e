package scimapi

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"harriet/core"
)

// Users sign in by email, so a user needs one: emails, or a userName that is an
// email. POST, PUT and PATCH results without one are refused and store nothing.
func TestUserWithoutAnEmailIsRefused(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	bare := func(userName string, emails ...any) map[string]any {
		body := map[string]any{"schemas": []any{urnUser}, "userName": userName}
		if emails != nil {
			body["emails"] = emails
		}
		return body
	}
	for name, body := range map[string]map[string]any{
		"no emails":            bare("jdoe"),
		"empty emails":         bare("jdoe", []any{}...),
		"a userName like none": bare("j@doe@acme"),
	} {
		d := e.do("POST", "/Users", "acme-okta", body).scimError(t, 400, "invalidValue")
		if !strings.Contains(d, "needs an email address") || !strings.Contains(d, "send emails, or a userName that is an email") {
			t.Errorf("%s: detail %q", name, d)
		}
	}
	d := e.do("POST", "/Users", "acme-okta", bare("jdoe", map[string]any{"value": "not-an-email", "primary": true})).
		scimError(t, 400, "invalidValue")
	if !strings.Contains(d, `"not-an-email"`) {
		t.Errorf("an invalid email: detail %q does not name it", d)
	}
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 1 {
		t.Fatalf("%d users stored, want the owner alone", n)
	}
	e.do("POST", "/Users", "acme-okta", bare("jdoe@acme.test")).want(t, 201)
	id := e.do("POST", "/Users", "acme-okta", bare("pat", map[string]any{"value": "pat@acme.test", "primary": true})).
		want(t, 201).body["id"].(string)

	// A change may not leave the user without one either.
	for name, req := range map[string]struct {
		method string
		body   any
	}{
		"PUT without emails":     {"PUT", bare("pat")},
		"PATCH remove emails":    {"PATCH", ops(op("remove", "emails", nil))},
		"PATCH replace by []":    {"PATCH", ops(op("replace", "emails", []any{}))},
		"PATCH remove by filter": {"PATCH", ops(op("remove", "emails[value eq \"pat@acme.test\"]", nil))},
	} {
		d := e.do(req.method, "/Users/"+id, "acme-okta", req.body).scimError(t, 400, "invalidValue")
		if !strings.Contains(d, "needs an email address") {
			t.Errorf("%s: detail %q", name, d)
		}
	}
	d = e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("replace", `emails[value eq "pat@acme.test"].value`, "pat at acme"))).
		scimError(t, 400, "invalidValue")
	if !strings.Contains(d, `"pat at acme"`) {
		t.Errorf("an invalid email by PATCH: detail %q", d)
	}
	if u := e.storedUser(acme.ID, id); u.Version != 1 || u.PrimaryEmail() != "pat@acme.test" {
		t.Fatalf("a refused change was stored: %+v", u)
	}
}

// A user stored without an email before the rule can still be deactivated and
// edited; only a change to their userName or emails must bring an email.
func TestUserStoredWithoutAnEmailCanStillBeDeactivated(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	now := time.Now().UTC().Truncate(time.Millisecond)
	legacy := core.User{ID: "0190lgcy-0000-7000-8000-000000000001", CompanyID: acme.ID, UserName: "legacy",
		Name: core.Name{GivenName: "Leg", FamilyName: "Acy"}, Active: true, Source: core.SourceSCIM, Version: 1,
		CreatedAt: now, UpdatedAt: now}
	must(t, e.db.Users().Create(e.ctx, legacy))
	path := "/Users/" + legacy.ID
	e.do("PATCH", path, "acme-okta", ops(op("replace", "title", "Archivist"))).want(t, 200)
	e.do("PATCH", path, "acme-okta", ops(op("replace", "", map[string]any{"active": false}))).want(t, 200)
	e.do("PATCH", path, "acme-okta", ops(op("replace", "userName", "legacy2"))).scimError(t, 400, "invalidValue")
	if u := e.storedUser(acme.ID, legacy.ID); u.Active || u.Title != "Archivist" || u.UserName != "legacy" {
		t.Fatalf("stored %+v", u)
	}
	e.do("PATCH", path, "acme-okta", ops(op("add", "emails", map[string]any{"value": "legacy@acme.test"}))).want(t, 200)
}

// A user stored without emails is shown with its userName as the primary work email;
// a PATCH on emails acts on that entry as the client saw it: setting what is shown
// changes nothing, and changing it keeps the entry's other values.
func TestPatchOnEmailsActsOnTheShownEntry(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.do("POST", "/Users", "acme-okta", map[string]any{"schemas": []any{urnUser}, "userName": "syn@acme.test"}).
		want(t, 201).body["id"].(string)
	shown := []any{map[string]any{"value": "syn@acme.test", "type": "work", "primary": true}}
	same := func(what string, got any) {
		t.Helper()
		if !jsonEqual(got, shown) {
			t.Fatalf("%s: emails %v, want %v", what, got, shown)
		}
	}
	for _, o := range []map[string]any{
		op("replace", `emails[type eq "work"].value`, "syn@acme.test"),
		op("replace", `emails[value eq "syn@acme.test"].primary`, true),
		op("replace", `Emails[type eq "work"].type`, "work"),
		op("replace", "", map[string]any{"emails": shown}),
	} {
		a := e.do("PATCH", "/Users/"+id, "acme-okta", ops(o)).want(t, 200)
		same(fmt.Sprint(o), a.body["emails"])
		if u := e.storedUser(acme.ID, id); u.Version != 1 || len(u.Emails) != 0 {
			t.Fatalf("%v rewrote what GET already showed: version %d, emails %+v", o, u.Version, u.Emails)
		}
	}
	same("GET", e.do("GET", "/Users/"+id, "acme-okta", nil).want(t, 200).body["emails"])

	e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("replace", `emails[type eq "work"].value`, "new@acme.test"))).want(t, 200)
	u := e.storedUser(acme.ID, id)
	if len(u.Emails) != 1 || u.Emails[0] != (core.Email{Value: "new@acme.test", Type: "work", Primary: true}) || u.PrimaryEmail() != "new@acme.test" {
		t.Fatalf("changing the shown email: %+v", u.Emails)
	}
	// A PATCH that names no email leaves the stored emails as they are.
	other := e.do("POST", "/Users", "acme-okta", map[string]any{"schemas": []any{urnUser}, "userName": "other@acme.test"}).
		want(t, 201).body["id"].(string)
	e.do("PATCH", "/Users/"+other, "acme-okta", ops(op("replace", "title", "Engineer"))).want(t, 200)
	if u := e.storedUser(acme.ID, other); len(u.Emails) != 0 || u.Title != "Engineer" {
		t.Fatalf("a PATCH of title: %+v", u)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
