package bootstrap

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"harriet/adapters/devidp"
	"harriet/core"
	"harriet/core/usecase"
)

// The demo company: Acme, whose people Okta provisions and whose groups it pushes.
const (
	demoSlug     = "acme"
	demoDomain   = "acme.test"
	demoOwner    = "olivia@" + demoDomain
	demoClientID = "0oa-harriet-demo"
)

// demoPerson is someone Okta provisions in the demo.
type demoPerson struct {
	key, given, family string
	active             bool
	note               string // what signing in as them shows
}

func (p demoPerson) email() string { return p.key + "@" + demoDomain }

var demoPeople = []demoPerson{
	{"ada", "Ada", "Lovelace", true, "Admin, through Harriet Admin Group"},
	{"grace", "Grace", "Hopper", true, "Support and Manage Users, through their role groups"},
	{"alan", "Alan", "Turing", true, `no role: his "harriet admin group" is a near miss; he gets the 403 page`},
	{"katherine", "Katherine", "Johnson", false, "deactivated by Okta: her sign-in is refused"},
}

// demoGroups are pushed as Okta's Group Push sends them. A member starting with "#"
// is an ID no user has, which the push skips and the group page shows.
var demoGroups = []struct {
	name    string
	members []string
}{
	{"Harriet Admin Group", []string{"ada"}},
	{"Harriet Support Group", []string{"grace", "katherine"}},
	{"Harriet Manage Users Group", []string{"grace"}},
	{"Engineering", []string{"ada", "grace", "alan"}},
	{"harriet admin group", []string{"alan", "#00u-left-the-company"}},
}

// demoSeed is what the welcome text prints.
type demoSeed struct {
	password string // the Owner's generated password
	token    string // the provisioning token the demo's "Okta" used
}

// seedDemo makes the company, its Owner and Okta integration as the operator, a
// provisioning token, then provisions users and pushes groups over HTTP to the
// server's real SCIM endpoints, and registers everyone with the provider.
func seedDemo(ctx context.Context, app *App, idp *devidp.Provider, url string) (demoSeed, error) {
	res, err := app.Service.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: demoSlug, Name: "Acme Inc (demo)",
		OwnerEmail: demoOwner, OwnerName: "Olivia Owner"})
	if err != nil {
		return demoSeed{}, err
	}
	seed := demoSeed{password: res.GeneratedPassword}
	secret := randomSecret()
	idp.AddClient(devidp.Client{ID: demoClientID, Secret: secret, RedirectURIs: []string{url + "/bots/okta/callback/"}})
	operator := core.Principal{CompanyID: res.Company.ID, Kind: core.ActorOperator, RequestID: "harriet-demo"}
	if _, err := app.Service.SaveIntegration(ctx, operator, usecase.SaveIntegrationInput{Domain: demoDomain,
		ClientID: demoClientID, LoginDomain: idp.URL(), ClientSecret: secret}); err != nil {
		return demoSeed{}, err
	}
	if seed.token, _, err = app.Service.IssueTokenAsOperator(ctx, demoSlug, demoOwner, "Okta provisioning (demo)", core.ScopeSCIM); err != nil {
		return demoSeed{}, err
	}
	okta := scimClient{base: url + "/scim/v2", token: seed.token, http: &http.Client{Timeout: 10 * time.Second}}
	if err := okta.provisionDemo(ctx); err != nil {
		return demoSeed{}, err
	}
	idp.AddUser(devidp.User{Email: demoOwner, GivenName: "Olivia", FamilyName: "Owner"})
	for _, p := range demoPeople {
		idp.AddUser(devidp.User{Email: p.email(), GivenName: p.given, FamilyName: p.family})
	}
	idp.AddUser(devidp.User{Email: "newhire@" + demoDomain, GivenName: "New", FamilyName: "Hire"})
	return seed, nil
}

func randomSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// scimClient calls the server's SCIM endpoints as Okta does.
type scimClient struct {
	base, token string
	http        *http.Client
}

// provisionDemo creates the people, pushes the groups and deactivates whoever the
// demo has inactive, each as Okta's own requests.
func (c scimClient) provisionDemo(ctx context.Context) error {
	ids := map[string]string{}
	for _, p := range demoPeople {
		body := map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
			"userName": p.email(), "active": true, "name": map[string]any{"givenName": p.given, "familyName": p.family},
			"emails": []map[string]any{{"value": p.email(), "primary": true, "type": "work"}}}
		out, err := c.call(ctx, http.MethodPost, "/Users", body, http.StatusCreated)
		if err != nil {
			return err
		}
		ids[p.key], _ = out["id"].(string)
	}
	if err := c.pushDemoGroups(ctx, ids); err != nil {
		return err
	}
	for _, p := range demoPeople {
		if p.active {
			continue
		}
		body := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []map[string]any{{"op": "replace", "value": map[string]any{"active": false}}}}
		if _, err := c.call(ctx, http.MethodPatch, "/Users/"+ids[p.key], body, http.StatusOK); err != nil {
			return err
		}
	}
	return nil
}

// pushDemoGroups pushes every demo group with its members' SCIM IDs.
func (c scimClient) pushDemoGroups(ctx context.Context, ids map[string]string) error {
	for _, g := range demoGroups {
		members := []map[string]any{}
		for _, m := range g.members {
			id, unknown := strings.CutPrefix(m, "#")
			if !unknown {
				id = ids[m]
			}
			members = append(members, map[string]any{"value": id})
		}
		body := map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": g.name, "members": members}
		if _, err := c.call(ctx, http.MethodPost, "/Groups", body, http.StatusCreated); err != nil {
			return err
		}
	}
	return nil
}

// call sends one SCIM request and decodes the answer, which must have status want.
func (c scimClient) call(ctx context.Context, method, path string, body any, want int) (map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != want {
		return nil, fmt.Errorf("SCIM %s %s answered %d: %s", method, path, resp.StatusCode, strings.TrimSpace(string(raw)))
	}
	out := map[string]any{}
	_ = json.Unmarshal(raw, &out)
	return out, nil
}

// printWelcome says where to go and who to be.
func (d *demo) printWelcome(w io.Writer) {
	fmt.Fprintf(w, `Harriet demo: DEVELOPMENT ONLY. A temporary store, and a development OpenID provider standing in for Okta.

  Open %s/login

  Sign in as the Owner with a password, or as anyone with "Sign in with Okta" (then pick them):
    %-22s Owner, the primary owner; password: %s
`, d.url, demoOwner, d.seed.password)
	for _, p := range demoPeople {
		fmt.Fprintf(w, "    %-22s %s\n", p.email(), p.note)
	}
	fmt.Fprintf(w, `    %-22s known to the provider, never provisioned: "No user found with this email"

  Development OpenID provider (NOT Okta, signs in whoever you pick): %s
  SCIM base URL: %s/scim/v2   provisioning token: %s
  Temporary store: %s (removed when the demo stops)

Press Ctrl-C to stop.
`, "newhire@"+demoDomain, d.idp.URL(), d.url, d.seed.token, d.dir)
}
