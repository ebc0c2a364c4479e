package e2e

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"harriet/tests/e2e/harness"
	"harriet/tests/fixture"
)

// TestTwoCompaniesAreIsolated checks SPEC.md's promise on bbolt: one company never
// sees or changes another's users or groups, even with identical userNames.
func TestTwoCompaniesAreIsolated(t *testing.T) {
	t.Parallel()
	checkIsolation(t, harness.StartBolt(t))
}

// tenants is two companies that received the same SCIM bodies.
type tenants struct {
	a, b       client
	idsA, idsB map[string]string // userName → id in each company
	onlyA      string            // a userName that exists in A only
	allA       []string          // every user ID of A, the owner's included
	run        string            // the run number in the names
}

// checkIsolation POSTs the same user bodies to two companies and checks that
// neither sees the other's users by ID, filter or list, nor their groups.
func checkIsolation(t *testing.T, srv *harness.Server) {
	ca, cb := srv.NewCompany(t, true), srv.NewCompany(t, true)
	run := fixture.NewRunNumber()
	tn := tenants{a: newClient(srv.URL, ca.Token), b: newClient(srv.URL, cb.Token),
		idsA: map[string]string{}, idsB: map[string]string{}, run: run}
	for i, name := range []string{"same.one." + run + "@acme.test", "Same.Two." + run + "@acme.test"} {
		body := oktaUser(name, fmt.Sprintf("00usame%d%s", i, run))
		tn.idsA[name] = str(tn.a.mustJSON(t, http.MethodPost, "/scim/v2/Users", body, http.StatusCreated), "id")
		tn.idsB[name] = str(tn.b.mustJSON(t, http.MethodPost, "/scim/v2/Users", body, http.StatusCreated), "id")
		if tn.idsA[name] == "" || tn.idsA[name] == tn.idsB[name] {
			t.Fatalf("the same body in two companies gave ids %q and %q", tn.idsA[name], tn.idsB[name])
		}
		tn.allA = append(tn.allA, tn.idsA[name])
	}
	tn.onlyA = "only.a." + run + "@acme.test"
	onlyID := str(tn.a.mustJSON(t, http.MethodPost, "/scim/v2/Users", oktaUser(tn.onlyA, "00uonlya"+run), http.StatusCreated), "id")
	tn.allA = append(tn.allA, onlyID, ca.OwnerID)

	t.Run("by ID", func(t *testing.T) { isolatedByID(t, tn) })
	t.Run("by filter", func(t *testing.T) { isolatedByFilter(t, tn, onlyID) })
	t.Run("by list", func(t *testing.T) { isolatedByList(t, tn) })
	t.Run("groups", func(t *testing.T) { isolatedGroups(t, tn) })
}

// isolatedByID: B cannot read, change or delete any of A's users; each answers 404,
// and A's users are unchanged afterwards.
func isolatedByID(t *testing.T, tn tenants) {
	for _, id := range tn.allA {
		for _, r := range []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, "/scim/v2/Users/" + id, nil},
			{http.MethodPatch, "/scim/v2/Users/" + id, map[string]any{
				"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
				"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}}}},
			{http.MethodPut, "/scim/v2/Users/" + id, oktaUser("taken.over."+tn.run+"@acme.test", "00utaken")},
			{http.MethodDelete, "/scim/v2/Users/" + id, nil},
			{http.MethodGet, "/api/v1/users/" + id, nil},
		} {
			status, body := tn.b.call(t, r.method, r.path, r.body)
			if status != http.StatusNotFound {
				t.Errorf("company B: %s %s answered %d, want 404: %s", r.method, r.path, status, clip(body))
			}
		}
		u := tn.a.mustJSON(t, http.MethodGet, "/scim/v2/Users/"+id, nil, http.StatusOK)
		if u["active"] != true || str(u, "userName") == "taken.over."+tn.run+"@acme.test" {
			t.Errorf("company A's user %s was changed by company B: %v", id, u)
		}
	}
}

// isolatedByFilter: B's filters find B's own user for a shared userName and nothing
// for A's other keys.
func isolatedByFilter(t *testing.T, tn tenants, onlyID string) {
	for name, idB := range tn.idsB {
		res, total := resources(t, tn.b.mustJSON(t, http.MethodGet, eqFilter("Users", "userName", name), nil, http.StatusOK))
		if total != 1 || len(res) != 1 || str(res[0], "id") != idB {
			t.Errorf("company B's filter for %s found %d %v, want only its own %s", name, total, res, idB)
		}
		res, total = resources(t, tn.a.mustJSON(t, http.MethodGet, eqFilter("Users", "userName", name), nil, http.StatusOK))
		if total != 1 || len(res) != 1 || str(res[0], "id") != tn.idsA[name] {
			t.Errorf("company A's filter for %s found %d %v, want only its own %s", name, total, res, tn.idsA[name])
		}
	}
	for _, f := range [][2]string{{"userName", tn.onlyA}, {"id", onlyID}, {"externalId", "00uonlya" + tn.run}, {"emails.value", tn.onlyA}} {
		res, total := resources(t, tn.b.mustJSON(t, http.MethodGet, eqFilter("Users", f[0], f[1]), nil, http.StatusOK))
		if total != 0 || len(res) != 0 {
			t.Errorf("company B's filter %s eq %q found company A's user: %d %v", f[0], f[1], total, res)
		}
	}
}

// isolatedByList: B's SCIM list and admin API list hold B's users only.
func isolatedByList(t *testing.T, tn tenants) {
	listed, total := listAll(t, tn.b, "Users")
	if total != 3 || len(listed) != 3 { // B's owner and the two shared userNames
		t.Errorf("company B lists %d users (totalResults %d), want 3", len(listed), total)
	}
	for _, u := range listed {
		if slices.Contains(tn.allA, str(u, "id")) {
			t.Errorf("company B's SCIM list shows company A's user %v", u)
		}
	}
	items, _ := tn.b.mustJSON(t, http.MethodGet, "/api/v1/users?limit=500", nil, http.StatusOK)["items"].([]any)
	if len(items) != 3 {
		t.Errorf("company B's admin API lists %d users, want 3", len(items))
	}
	for _, it := range items {
		if u, _ := it.(map[string]any); slices.Contains(tn.allA, str(u, "id")) {
			t.Errorf("company B's admin API lists company A's user %v", u)
		}
	}
}
