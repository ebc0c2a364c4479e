package scimapi

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"harriet/core"
	"harriet/ports"
)

func TestDeleteIsASoftDeleteThatEndsAccess(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	id := e.seedUsers("acme-okta", oktaUser("leaver@acme.test", "Lea", "Ver", "l"))[0]
	now := time.Now().UTC().Truncate(time.Millisecond)
	g := core.Group{ID: "0190grp0-0000-7000-8000-0000000000aa", CompanyID: acme.ID, DisplayName: "Team", Version: 1, CreatedAt: now, UpdatedAt: now}
	must(t, e.db.Groups().Create(e.ctx, g))
	_, err := e.db.Members().Add(e.ctx, acme.ID, g.ID, []string{id}, now)
	must(t, err)
	must(t, e.db.Sessions().Create(e.ctx, core.Session{Hash: []byte("s1"), CompanyID: acme.ID, UserID: id, Method: "okta",
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
	personal := core.Token{ID: "0190tok0-0000-7000-8000-000000000001", CompanyID: acme.ID, Name: "mine", Scope: core.ScopePersonal,
		Prefix: "hrt_abc", Hash: []byte("hash-personal-00000000000000000"), CreatedBy: id, CreatedAt: now}
	scim := core.Token{ID: "0190tok0-0000-7000-8000-000000000002", CompanyID: acme.ID, Name: "okta", Scope: core.ScopeSCIM,
		Prefix: "hrt_def", Hash: []byte("hash-scim-000000000000000000000"), CreatedBy: id, CreatedAt: now}
	must(t, e.db.Tokens().Create(e.ctx, personal))
	must(t, e.db.Tokens().Create(e.ctx, scim))

	a := e.do("DELETE", "/Users/"+id, "acme-okta", nil).want(t, 204)
	if len(a.raw) != 0 {
		t.Errorf("204 with a body: %s", a.raw)
	}
	e.do("GET", "/Users/"+id, "acme-okta", nil).scimError(t, 404, "")
	e.do("DELETE", "/Users/"+id, "acme-okta", nil).scimError(t, 404, "")
	e.do("PATCH", "/Users/"+id, "acme-okta", ops(op("replace", "active", true))).scimError(t, 404, "")
	if l := e.list("acme-okta", filterQuery(`userName eq "leaver@acme.test"`)); num(l.body["totalResults"]) != 0 {
		t.Errorf("deleted user listed: %s", l.raw)
	}
	if l := e.list("acme-okta", ""); num(l.body["totalResults"]) != 1 {
		t.Errorf("deleted user counted: %s", l.raw)
	}

	u := e.storedUser(acme.ID, id)
	if u.DeletedAt == nil || u.Active {
		t.Errorf("stored %+v", u)
	}
	if groups, _ := e.db.Members().GroupsOf(e.ctx, acme.ID, id); len(groups) != 0 {
		t.Errorf("memberships left: %v", groups)
	}
	if _, err := e.db.Sessions().ByHash(e.ctx, []byte("s1")); !core.IsKind(err, core.NotFound) {
		t.Errorf("session left: %v", err)
	}
	toks, err := e.db.Tokens().List(e.ctx, acme.ID, ports.TokenQuery{CreatedBy: id, IncludeRevoked: true})
	must(t, err)
	for _, tk := range toks {
		if (tk.Scope == core.ScopePersonal) == tk.Usable() {
			t.Errorf("token %s (%s) usable=%v after the delete", tk.Name, tk.Scope, tk.Usable())
		}
	}
	audits := e.audits(acme.ID, "scim.user.delete")
	if len(audits) != 1 || audits[0].Target.ID != id || audits[0].Details["tokens_revoked"] == nil {
		t.Errorf("audit %+v", audits)
	}

	// The userName and email are free again: a new user, with a new id.
	again := e.do("POST", "/Users", "acme-okta", oktaUser("LEAVER@acme.test", "Lea", "Ver", "l2")).want(t, 201)
	if again.body["id"] == id {
		t.Error("a deleted user was restored by POST")
	}
}

func TestPrimaryOwnerCannotBeDeactivatedOrDeleted(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	path := "/Users/" + acme.owner.ID
	for _, req := range []struct {
		method string
		body   any
	}{
		{"PATCH", ops(op("replace", "", map[string]any{"active": false}))},
		{"PATCH", ops(op("replace", "active", "false"))},
		{"PUT", map[string]any{"userName": acme.owner.UserName, "active": false}},
		{"DELETE", nil},
	} {
		d := e.do(req.method, path, "acme-okta", req.body).scimError(t, 403, "")
		if !strings.Contains(d, "primary owner") || !strings.Contains(d, "/api/v1/company/primary_owner") {
			t.Errorf("%s detail %q", req.method, d)
		}
	}
	u := e.storedUser(acme.ID, acme.owner.ID)
	if !u.Active || u.Deleted() || u.Version != 1 {
		t.Errorf("the primary owner changed: %+v", u)
	}
	// Other changes to the primary owner are fine.
	e.do("PATCH", path, "acme-okta", ops(op("replace", "title", "Founder"))).want(t, 200)
}

func TestAuthenticationAndPermission(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	e.newCompany("fresh", false)
	admin := core.User{ID: "0190adm0-0000-7000-8000-000000000001", CompanyID: acme.ID, UserName: "admin@acme.test", Active: true}
	e.auth.set("acme-admin", core.Principal{CompanyID: acme.ID, Kind: core.ActorToken, Scope: core.ScopePersonal, User: admin,
		Roles: core.RoleSources{core.RoleAdmin: {core.SourceDirect}}})

	for _, bearer := range []string{"", "not-a-harriet-token"} {
		a := e.do("GET", "/Users?startIndex=1&count=2", bearer, nil)
		d := a.scimError(t, 401, "")
		if !strings.Contains(d, "My preferences → Manage API tokens") || a.header.Get("WWW-Authenticate") == "" {
			t.Errorf("401 detail %q, WWW-Authenticate %q", d, a.header.Get("WWW-Authenticate"))
		}
	}
	e.do("GET", "/Users", "acme-admin", nil).scimError(t, 403, "")
	d := e.do("GET", "/Users?startIndex=1&count=2", "fresh-okta", nil).scimError(t, 403, "")
	if !strings.Contains(d, "Save the Okta integration in Company settings → Integrations first") {
		t.Errorf("no-integration detail %q", d)
	}
	e.do("POST", "/Users", "fresh-owner", oktaUser("early@fresh.test", "E", "Arly", "")).scimError(t, 403, "")
	e.do("GET", "/ServiceProviderConfig", "fresh-okta", nil).scimError(t, 403, "")
	e.do("GET", "/Users", "acme-owner", nil).want(t, 200)
	e.do("GET", "/Groups", "acme-okta", nil).want(t, 200)
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	e.limiter.refuse = 1500 * time.Millisecond
	a := e.do("GET", "/Users", "acme-okta", nil)
	a.scimError(t, 429, "")
	if a.header.Get("Retry-After") != "2" {
		t.Errorf("Retry-After %q", a.header.Get("Retry-After"))
	}
	e.limiter.refuse = 0
	e.do("GET", "/Users", "acme-okta", nil).want(t, 200)
	if last := e.limiter.asked[len(e.limiter.asked)-1]; last != acme.ID {
		t.Errorf("limited per %q, want the company", last)
	}
}

func TestMalformedInputAndOddPaths(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	e.do("POST", "/Users", "acme-okta", `{"schemas":["`+urnUser+`"],"userName":"broken@acme.test","active":tru`).
		scimError(t, 400, "invalidSyntax")
	e.do("POST", "/Users", "acme-okta", `["not", "an", "object"]`).scimError(t, 400, "invalidSyntax")
	e.do("POST", "/Users", "acme-okta", `{"userName":"two@acme.test"} {"userName":"three@acme.test"}`).scimError(t, 400, "invalidSyntax")
	e.do("POST", "/Users", "acme-okta", ``).scimError(t, 400, "invalidSyntax")
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 1 {
		t.Errorf("bad bodies stored users: %d", n)
	}
	plain := e.do("POST", "/Users", "acme-okta", oktaUser("plain@acme.test", "Pla", "In", ""), "Content-Type", "application/json")
	plain.want(t, 201)

	for _, p := range []string{"/Users/00919288221112222", "/Users/2f1d3c4b-0000-4000-8000-001234567890",
		"/Users/a;b", "/Users/%20", "/Users/" + strings.Repeat("a", 300), "/Groups/00919288221112222", "/Groups/x%22y"} {
		e.do("GET", p, "acme-okta", nil).scimError(t, 404, "")
	}
	e.do("PUT", "/Users/2f1d3c4b-0000-4000-8000-001234567890", "acme-okta", oktaUser("ghost@acme.test", "G", "Host", "")).
		scimError(t, 404, "")
	e.do("DELETE", "/Groups/2f1d3c4b-0000-4000-8000-001234567890", "acme-okta", nil).scimError(t, 404, "")
	e.do("GET", "/Nothing", "acme-okta", nil).scimError(t, 404, "")
	na := e.do("DELETE", "/Users", "acme-okta", nil)
	na.scimError(t, http.StatusMethodNotAllowed, "")
	if na.header.Get("Allow") != "GET, POST" {
		t.Errorf("Allow %q", na.header.Get("Allow"))
	}

	big := oktaUser("big@acme.test", "Big", "Body", "")
	big["title"] = strings.Repeat("x", DefaultMaxUserBody)
	e.do("POST", "/Users", "acme-okta", big).scimError(t, 413, "")
	if _, err := e.db.Users().ByUserName(e.ctx, acme.ID, "big@acme.test"); !core.IsKind(err, core.NotFound) {
		t.Errorf("a body over the limit was stored: %v", err)
	}
	if len(e.logged) != 0 {
		t.Errorf("client errors were logged as server errors: %v", e.logged)
	}
}

func TestCompaniesWithIdenticalUserNamesAreApart(t *testing.T) {
	e := newEnv(t)
	a := e.newCompany("alpha", true)
	b := e.newCompany("beta", true)
	body := oktaUser("same.name@shared.test", "Same", "Name", "00uSAME")
	idA := e.seedUsers("alpha-okta", body)[0]
	idB := e.seedUsers("beta-okta", body)[0]
	if idA == idB {
		t.Fatal("two companies got one id")
	}
	for _, f := range []string{`userName eq "same.name@shared.test"`, `externalId eq "00uSAME"`, `id eq "` + idA + `"`,
		`emails.value eq "same.name@shared.test"`, `name.givenName eq "Same"`} {
		l := e.list("beta-okta", filterQuery(f))
		if ids := resourceIDs(l); len(ids) > 1 || (len(ids) == 1 && ids[0] != idB) {
			t.Errorf("beta's %s found %v", f, ids)
		}
	}
	if ids := resourceIDs(e.list("beta-okta", filterQuery(`id eq "`+idA+`"`))); len(ids) != 0 {
		t.Errorf("beta found alpha's user by id: %v", ids)
	}
	all := resourceIDs(e.list("beta-okta", "count=100"))
	if len(all) != 2 || all[0] == idA || all[1] == idA {
		t.Errorf("beta's list %v", all)
	}
	e.do("GET", "/Users/"+idA, "beta-okta", nil).scimError(t, 404, "")
	e.do("PUT", "/Users/"+idA, "beta-okta", body).scimError(t, 404, "")
	e.do("PATCH", "/Users/"+idA, "beta-okta", ops(op("replace", "active", false))).scimError(t, 404, "")
	e.do("DELETE", "/Users/"+idA, "beta-okta", nil).scimError(t, 404, "")
	e.do("DELETE", "/Users/"+a.owner.ID, "beta-okta", nil).scimError(t, 404, "")
	if u := e.storedUser(a.ID, idA); !u.Active || u.Deleted() || u.Version != 1 {
		t.Errorf("beta changed alpha's user: %+v", u)
	}
	_ = b
}

func TestConcurrentCreatesOfOneUserNameMakeOneUser(t *testing.T) {
	e := newEnv(t)
	acme := e.newCompany("acme", true)
	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := oktaUser("race@acme.test", "Race", "Condition", fmt.Sprint(i))
			if i%2 == 1 {
				body["userName"] = "RACE@acme.test"
			}
			statuses <- e.do("POST", "/Users", "acme-okta", body).status
		}()
	}
	wg.Wait()
	close(statuses)
	created := 0
	for s := range statuses {
		switch s {
		case 201:
			created++
		case 409:
		default:
			t.Errorf("status %d", s)
		}
	}
	if created != 1 {
		t.Errorf("%d creates succeeded, want 1", created)
	}
	if n, _ := e.db.Users().Count(e.ctx, acme.ID, true); n != 2 {
		t.Errorf("%d users stored, want the owner and one more", n)
	}
}
