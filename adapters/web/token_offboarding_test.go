package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"harriet/core"
	"harriet/ports"
)

// Deactivation over SCIM revokes the person's personal tokens in the same
// transaction, so an offboarded admin's token never comes back when Okta
// reactivates the account; the provisioning tokens they made keep working.
func TestDeactivationRevokesPersonalTokensForGood(t *testing.T) {
	e := newEnv(t, 1)
	acme := e.newTenant("acme", "acme.test", startIdP(t), false)
	id := acme.provision("ada@acme.test")
	if st, body := e.api(http.MethodPut, "/api/v1/users/"+id+"/direct_roles", acme.token, map[string]any{"roles": []string{"Owner"}}); st != http.StatusOK {
		t.Fatalf("granting Owner: %d %v", st, body)
	}
	svc := e.apps[0].Service
	personal, _, err := svc.IssueTokenAsOperator(e.ctx, "acme", "ada@acme.test", "mine", core.ScopePersonal)
	if err != nil {
		t.Fatal(err)
	}
	provisioning, _, err := svc.IssueTokenAsOperator(e.ctx, "acme", "ada@acme.test", "okta", core.ScopeSCIM)
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := e.api(http.MethodGet, "/api/v1/me", personal, nil); st != http.StatusOK {
		t.Fatalf("the personal token before: %d", st)
	}

	acme.deactivate(id)
	if st, _ := e.api(http.MethodGet, "/api/v1/me", personal, nil); st != http.StatusUnauthorized {
		t.Fatalf("a deactivated user's personal token: %d", st)
	}
	st, body := e.api(http.MethodPatch, "/scim/v2/Users/"+id, provisioning, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"active": true}}},
	})
	if st != http.StatusOK || body["active"] != true {
		t.Fatalf("reactivating with the provisioning token the user made: %d %v", st, body)
	}
	if st, _ := e.api(http.MethodGet, "/api/v1/me", personal, nil); st != http.StatusUnauthorized {
		t.Fatalf("the personal token came back with the reactivation: %d", st)
	}
	toks, err := e.db.Tokens().List(e.ctx, acme.company.ID, ports.TokenQuery{CreatedBy: id, IncludeRevoked: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range toks {
		if (tk.Scope == core.ScopePersonal) == tk.Usable() {
			t.Fatalf("token %s (%s): usable %v", tk.Name, tk.Scope, tk.Usable())
		}
	}
	entries, err := e.db.Audit().List(e.ctx, acme.company.ID, ports.AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, en := range entries {
		if en.Action == "scim.user.deactivate" && en.Target.ID == id {
			found = true
			if fmt.Sprint(en.Details["tokens_revoked"]) != "1" {
				t.Fatalf("deactivation audit: %v", en.Details)
			}
		}
	}
	if !found {
		t.Fatal("no scim.user.deactivate entry")
	}
}
