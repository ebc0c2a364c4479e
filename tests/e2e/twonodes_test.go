package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"harriet/adapters/devidp"
	"harriet/adapters/keys"
	"harriet/adapters/mysqlstore"
	"harriet/core"
	"harriet/tests/fixture"
)

// twoNodes is one company served by two `harriet serve` processes of the real
// binary on one MySQL database, with the same key, and a loopback IdP its Okta
// integration points at.
type twoNodes struct {
	store, keyFile, domain string
	a, b                   client // the Owner's personal token on node A and node B
	urlA, urlB             string
	idp                    *devidp.Provider
}

// startTwoNodes bootstraps a company with the CLI, starts two nodes on the same
// database and saves the company's integration through node A.
func startTwoNodes(t *testing.T) *twoNodes {
	t.Helper()
	store := mysqlStore(t)
	bin := buildHarriet(t)
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "harriet.key")
	if _, err := keys.CreateFile(keyFile); err != nil {
		t.Fatal(err)
	}
	run := fixture.NewRunNumber()
	n := &twoNodes{store: store, keyFile: keyFile, domain: "two" + run + ".test", idp: startIdP(t)}
	owner := "owner@" + n.domain
	common := []string{"--store", store, "--secret-key-file", keyFile}
	runCLI(t, bin, append([]string{"bootstrap", "--company", "two-" + run, "--name", "Two Nodes Inc", "--owner-email", owner}, common...)...)
	token := strings.TrimSpace(runCLI(t, bin, append([]string{"token", "create", "--company", "two-" + run, "--user", owner, "--name", "two nodes"}, common...)...))
	serveArgs := append(common, "--scim-rate", "0", "--auth-fail-limit", "0", "--allow-insecure-idp", "--log-format", "json")
	addrA, addrB := freeAddr(t), freeAddr(t)
	for _, addr := range []string{addrA, addrB} {
		startServe(t, bin, addr, filepath.Join(dir, "serve-"+addr+".log"), serveArgs...)
	}
	n.urlA, n.urlB = "http://"+addrA, "http://"+addrB
	n.a, n.b = newClient(n.urlA, token), newClient(n.urlB, token)
	n.idp.AddClient(devidp.Client{ID: "0oa" + strings.ReplaceAll(n.domain, ".", ""), Secret: "e2e-client-secret-" + n.domain})
	saveIntegration(t, n.a, n.domain, n.idp.URL())
	return n
}

// TestTwoNodesOnOneMySQL runs two real `harriet serve` processes on one MySQL
// database and checks that they behave as one service.
func TestTwoNodesOnOneMySQL(t *testing.T) {
	t.Parallel()
	n := startTwoNodes(t)
	t.Run("SameUserNameOnBothNodesAtOnce", n.sameUserNameAtOnce)
	t.Run("ConcurrentMemberAddsThroughBothNodes", n.concurrentMemberAdds)
	t.Run("DeactivationOnOneNodeEndsTheSessionOnTheOther", n.deactivationEndsSession)
}

// sameUserNameAtOnce POSTs the same userName to both nodes at the same moment, a
// few times: exactly one 201 and one 409 uniqueness each time, and one user.
func (n *twoNodes) sameUserNameAtOnce(t *testing.T) {
	for i := range 6 {
		userName := fmt.Sprintf("race%d@%s", i, n.domain)
		statuses, bodies := [2]int{}, [2][]byte{}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for k, c := range []client{n.a, n.b} {
			wg.Go(func() {
				<-start
				var err error
				statuses[k], bodies[k], err = c.try(http.MethodPost, "/scim/v2/Users", oktaUser(userName, "00urace"+fmt.Sprint(i)))
				if err != nil {
					t.Errorf("POST to node %d: %v", k, err)
				}
			})
		}
		close(start)
		wg.Wait()
		got := []int{statuses[0], statuses[1]}
		slices.Sort(got)
		if !slices.Equal(got, []int{http.StatusCreated, http.StatusConflict}) {
			t.Fatalf("round %d: statuses %v, want one 201 and one 409\nA: %s\nB: %s", i, statuses, clip(bodies[0]), clip(bodies[1]))
		}
		loser := bodies[0]
		if statuses[1] == http.StatusConflict {
			loser = bodies[1]
		}
		if !strings.Contains(string(loser), `"uniqueness"`) {
			t.Fatalf("round %d: the 409 lacks scimType uniqueness: %s", i, clip(loser))
		}
		for _, c := range []client{n.a, n.b} {
			if res, total := resources(t, c.mustJSON(t, http.MethodGet, eqFilter("Users", "userName", userName), nil, http.StatusOK)); total != 1 || len(res) != 1 {
				t.Fatalf("round %d: %s found %d users named %s, want 1", i, c.base, total, userName)
			}
		}
	}
}

// concurrentMemberAdds adds members to one group through both nodes at once, one
// PATCH per member: every PATCH succeeds and every member lands.
func (n *twoNodes) concurrentMemberAdds(t *testing.T) {
	const users = 24
	var ids []string
	for i := range users {
		u := n.a.mustJSON(t, http.MethodPost, "/scim/v2/Users", oktaUser(fmt.Sprintf("member%02d@%s", i, n.domain), fmt.Sprintf("00um%02d", i)), http.StatusCreated)
		ids = append(ids, str(u, "id"))
	}
	group := map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": "Harriet Support Group", "members": []any{}}
	gid := str(n.b.mustJSON(t, http.MethodPost, "/scim/v2/Groups", group, http.StatusCreated), "id")
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, id := range ids {
		c := []client{n.a, n.b}[i%2]
		wg.Go(func() {
			<-start
			status, body, err := c.try(http.MethodPatch, "/scim/v2/Groups/"+gid, patchMembers("add", []any{map[string]any{"value": id}}))
			if err != nil || (status != http.StatusNoContent && status != http.StatusOK) {
				t.Errorf("adding %s through %s: %d %v %s", id, c.base, status, err, clip(body))
			}
		})
	}
	close(start)
	wg.Wait()
	for _, c := range []client{n.a, n.b} {
		members, _ := c.mustJSON(t, http.MethodGet, "/scim/v2/Groups/"+gid, nil, http.StatusOK)["members"].([]any)
		var got []string
		for _, m := range members {
			got = append(got, str(m.(map[string]any), "value"))
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(ids))
		if !slices.Equal(got, want) {
			t.Fatalf("%s: the group has %d members after %d concurrent adds through both nodes", c.base, len(got), users)
		}
	}
}

// deactivationEndsSession signs a user in with Okta through node A, uses the
// session on node B, deactivates the user over SCIM through node B, and finds the
// session ended on node A (and gone from the database).
func (n *twoNodes) deactivationEndsSession(t *testing.T) {
	email := "signin@" + n.domain
	id := str(n.a.mustJSON(t, http.MethodPost, "/scim/v2/Users", oktaUser(email, "00usignin"), http.StatusCreated), "id")
	n.idp.AddUser(devidp.User{Email: email, GivenName: "Sign", FamilyName: "In"})
	sid := oktaSignIn(t, n.urlA, email)
	for _, base := range []string{n.urlA, n.urlB} {
		if status, body := me(t, base, sid); status != http.StatusOK || !strings.Contains(body, `"id":"`+id+`"`) {
			t.Fatalf("%s /api/v1/me with the session from node A: %d %s", base, status, clip([]byte(body)))
		}
	}
	deactivate := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "value": map[string]any{"active": false}}}}
	if status, body := n.b.call(t, http.MethodPatch, "/scim/v2/Users/"+id, deactivate); status != http.StatusOK && status != http.StatusNoContent {
		t.Fatalf("deactivating through node B: %d %s", status, clip(body))
	}
	if status, body := me(t, n.urlA, sid); status != http.StatusUnauthorized {
		t.Fatalf("node A /api/v1/me after node B deactivated the user: %d %s", status, clip([]byte(body)))
	}
	db, err := mysqlstore.Open(context.Background(), strings.TrimPrefix(n.store, "mysql:"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Sessions().ByHash(context.Background(), core.HashToken(sid)); !core.IsKind(err, core.NotFound) {
		t.Fatalf("the session is still stored after deactivation: %v", err)
	}
}

// oktaSignIn signs email in with Okta through the node at base, as a browser does
// (POST /login/okta, the IdP, the callback), and returns the session cookie's value.
func oktaSignIn(t *testing.T, base, email string) string {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	resp, err := b.PostForm(base+"/login/okta", map[string][]string{"email": {email}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("Okta sign-in through %s ended at %s with %d", base, resp.Request.URL, resp.StatusCode)
	}
	for _, c := range b.Jar.Cookies(resp.Request.URL) {
		if c.Name == "harriet_session" {
			return c.Value
		}
	}
	t.Fatal("no harriet_session cookie after signing in")
	return ""
}

// me calls /api/v1/me with only the session cookie, as the browser's pages do.
func me(t *testing.T, base, sessionID string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/me", nil)
	req.AddCookie(&http.Cookie{Name: "harriet_session", Value: sessionID})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw json.RawMessage
	_ = json.NewDecoder(resp.Body).Decode(&raw)
	return resp.StatusCode, string(raw)
}

// TestConcurrentMigrateRuns runs two `harriet migrate` processes at once on a fresh
// MySQL database: both succeed, and the schema is current exactly once.
func TestConcurrentMigrateRuns(t *testing.T) {
	t.Parallel()
	store := mysqlStore(t)
	bin := buildHarriet(t)
	keyFile := filepath.Join(t.TempDir(), "harriet.key")
	if _, err := keys.CreateFile(keyFile); err != nil {
		t.Fatal(err)
	}
	outs := make([]string, 2)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() { outs[i] = runCLIMaybe(t, bin, "migrate", "--store", store, "--secret-key-file", keyFile) })
	}
	wg.Wait()
	for i, out := range outs {
		if !strings.Contains(out, "up to date") {
			t.Fatalf("migrate run %d said %q", i, out)
		}
	}
	db, err := mysqlstore.Open(context.Background(), strings.TrimPrefix(store, "mysql:"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	have, want, err := db.SchemaStatus(context.Background())
	if err != nil || have != want || want == 0 {
		t.Fatalf("schema after two concurrent migrations: have %d, want %d, %v", have, want, err)
	}
	if out := runCLIMaybe(t, bin, "migrate", "--store", store, "--secret-key-file", keyFile); !strings.Contains(out, "up to date") {
		t.Fatalf("a third migrate said %q", out)
	}
}

// runCLIMaybe runs one harriet command from any goroutine and returns its stdout;
// a failure is reported with t.Errorf (t.Fatal belongs to the test's goroutine).
func runCLIMaybe(t *testing.T, bin string, args ...string) string {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = cleanEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("harriet %s: %v\nstderr: %s", args[0], err, stderr.String())
	}
	return string(out)
}
