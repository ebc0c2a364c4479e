package scimapi

import (
	"strings"
	"testing"
)

// The primary owner signs in with their userName and primary email: SCIM must not
// move them, in any shape a client may send, or a misconfigured Okta locks the
// company out. A change of case is harmless, and so is any other profile change.
func TestPrimaryOwnerSignInIdentityCannotBeMoved(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	path := "/Users/" + acme.owner.ID
	hijack := "hijack@evil.test"
	put := func(userName, email string) map[string]any {
		body := oktaUser(userName, "Owner", "Person", "")
		body["emails"] = []any{map[string]any{"value": email, "primary": true, "type": "work"}}
		return body
	}
	for name, req := range map[string]struct {
		method string
		body   any
	}{
		"PUT both":                       {"PUT", put(hijack, hijack)},
		"PUT userName":                   {"PUT", put(hijack, acme.owner.UserName)},
		"PUT email":                      {"PUT", put(acme.owner.UserName, hijack)},
		"PUT a second email as primary":  {"PUT", withEmails(put(acme.owner.UserName, acme.owner.UserName), acme.owner.UserName, hijack)},
		"PATCH userName by path":         {"PATCH", ops(op("replace", "userName", hijack))},
		"PATCH userName without path":    {"PATCH", ops(op("replace", "", map[string]any{"userName": hijack}))},
		"PATCH primary email by filter":  {"PATCH", ops(op("replace", `emails[primary eq true].value`, hijack))},
		"PATCH emails.value":             {"PATCH", ops(op("replace", "emails.value", hijack))},
		"PATCH add a new primary email":  {"PATCH", ops(op("add", "emails", map[string]any{"value": hijack, "primary": true}))},
		"PATCH replace emails":           {"PATCH", ops(op("replace", "emails", []any{map[string]any{"value": hijack}}))},
		"PATCH path-less emails":         {"PATCH", ops(op("replace", "", map[string]any{"emails": []any{map[string]any{"value": hijack, "primary": true}}}))},
		"PATCH with a harmless op first": {"PATCH", ops(op("replace", "title", "CEO"), op("replace", "userName", hijack))},
	} {
		d := e.do(req.method, path, "acme-okta", req.body).scimError(t, 403, "")
		if !strings.Contains(d, "primary owner") || !strings.Contains(d, "userName or primary email") ||
			!strings.Contains(d, "PUT /api/v1/company/primary_owner") {
			t.Errorf("%s: detail %q", name, d)
		}
	}
	u := e.storedUser(acme.ID, acme.owner.ID)
	if u.Version != 1 || u.UserName != acme.owner.UserName || u.PrimaryEmail() != acme.owner.UserName || u.Title != "" {
		t.Fatalf("a refused change was stored: %+v", u)
	}
	if got := e.audits(acme.ID, "scim.user.update"); len(got) != 0 {
		t.Fatalf("a refused change was audited: %+v", got)
	}

	// A change of case only, and any other profile change, still apply.
	upper := strings.ToUpper(acme.owner.UserName)
	a := e.do("PUT", path, "acme-okta", put(upper, strings.ToUpper(acme.owner.UserName[:1])+acme.owner.UserName[1:])).want(t, 200)
	if a.body["userName"] != upper {
		t.Errorf("a change of case was not applied: %s", a.raw)
	}
	e.do("PATCH", path, "acme-okta", ops(op("replace", "name.givenName", "Founder"))).want(t, 200)
	e.do("PATCH", path, "acme-okta", ops(op("add", "emails", map[string]any{"value": "home@acme.test", "type": "home"}))).want(t, 200)
	u = e.storedUser(acme.ID, acme.owner.ID)
	if u.UserName != upper || u.Name.GivenName != "Founder" || len(u.Emails) != 2 || u.PrimaryEmail() == "home@acme.test" {
		t.Fatalf("the allowed changes were not stored: %+v", u)
	}

	// Anyone else's userName and email still change freely.
	id := e.seedUsers("acme-okta", oktaUser("mover@acme.test", "Mo", "Ver", "m"))[0]
	e.do("PUT", "/Users/"+id, "acme-okta", put("moved@acme.test", "moved@acme.test")).want(t, 200)
}

// withEmails sets a user body's emails, the last one primary.
func withEmails(body map[string]any, values ...string) map[string]any {
	list := make([]any, len(values))
	for i, v := range values {
		list[i] = map[string]any{"value": v, "primary": i == len(values)-1}
	}
	body["emails"] = list
	return body
}
