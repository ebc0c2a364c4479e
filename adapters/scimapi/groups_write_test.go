package scimapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"harriet/adapters/passwords"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"harriet/adapters/boltstore"
	"harriet/adapters/scimapi"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// gwEnv is the SCIM API over a temp bbolt file, for a company with a saved
// integration, an Owner's personal token and a provisioning token.
type gwEnv struct {
	t       testing.TB
	db      *boltstore.DB
	svc     *usecase.Service
	srv     *httptest.Server
	company core.Company
	owner   core.User
	token   string // provisioning
	notices []map[string]any
}

type gwAuth struct{ svc *usecase.Service }

func (a gwAuth) Authenticate(r *http.Request) (core.Principal, error) {
	secret, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return a.svc.AuthenticateToken(r.Context(), secret, "req-gw")
}

func newGWEnv(t testing.TB) *gwEnv {
	t.Helper()
	ctx := context.Background()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "harriet.db"), boltstore.Options{NoSync: true})
	gwMust(t, err)
	t.Cleanup(func() { _ = db.Close() })
	e := &gwEnv{t: t, db: db, svc: &usecase.Service{Store: db, Clock: system.Clock{}, IDs: system.IDs{}, Passwords: passwords.Bcrypt{Cost: 4}}}
	res, err := e.svc.BootstrapCompany(ctx, usecase.BootstrapInput{Slug: "acme", Name: "Acme", OwnerEmail: "owner@acme.test", Password: "correct horse battery"})
	gwMust(t, err)
	e.company, e.owner = res.Company, res.Owner
	now := system.Clock{}.Now()
	_, err = db.Integrations().Put(ctx, core.Integration{CompanyID: e.company.ID, Domain: "acme.test", ClientID: "c",
		LoginDomain: "acme.okta.com", Issuer: "https://acme.okta.com", CreatedAt: now, UpdatedAt: now})
	gwMust(t, err)
	e.token, _, err = e.svc.IssueTokenAsOperator(ctx, "acme", "owner@acme.test", "okta", core.ScopeSCIM)
	gwMust(t, err)
	r := mux.NewRouter()
	scimapi.New(e.svc, gwAuth{e.svc}, nil, scimapi.Options{PublicURL: "https://harriet.example.test",
		Notice: func(_ *http.Request, _ string, f map[string]any) { e.notices = append(e.notices, f) }}).Register(r)
	e.srv = httptest.NewServer(r)
	t.Cleanup(e.srv.Close)
	return e
}

func gwMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// user stores an active user and returns its ID.
func (e *gwEnv) user(email string) string {
	e.t.Helper()
	now := system.Clock{}.Now()
	u := core.User{ID: system.IDs{}.New(), CompanyID: e.company.ID, UserName: email, Name: core.NameFromEmail(email),
		Emails: []core.Email{{Value: email, Primary: true}}, Active: true, Source: core.SourceSCIM, Version: 1, CreatedAt: now, UpdatedAt: now}
	gwMust(e.t, e.db.Users().Create(context.Background(), u))
	return u.ID
}

type gwAnswer struct {
	status int
	header http.Header
	body   map[string]any
}

// do sends a request as Okta's SCIM client does: its headers, a raw JSON body, and
// any further headers given as name, value pairs.
func (e *gwEnv) do(method, path, body string, headers ...string) gwAnswer {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+"/scim/v2"+path, rd)
	gwMust(e.t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Accept", "application/scim+json")
	req.Header.Set("User-Agent", "Okta SCIM Client 1.0.0")
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json; charset=utf-8")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := e.srv.Client().Do(req)
	gwMust(e.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	gwMust(e.t, err)
	a := gwAnswer{status: res.StatusCode, header: res.Header}
	if len(bytes.TrimSpace(raw)) > 0 {
		if err := json.Unmarshal(raw, &a.body); err != nil {
			e.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
		}
	}
	return a
}

func (e *gwEnv) expect(a gwAnswer, status int) gwAnswer {
	e.t.Helper()
	if a.status != status {
		e.t.Fatalf("status %d, want %d: %v", a.status, status, a.body)
	}
	return a
}

func (e *gwEnv) members(gid string) []string {
	e.t.Helper()
	ids, err := e.db.Members().Members(context.Background(), e.company.ID, gid, ports.ListQuery{})
	gwMust(e.t, err)
	return ids
}

func (e *gwEnv) version(gid string) int64 {
	e.t.Helper()
	g, err := e.db.Groups().Get(context.Background(), e.company.ID, gid)
	gwMust(e.t, err)
	return g.Version
}

func (e *gwEnv) roles(uid string) []core.Role {
	e.t.Helper()
	u, err := e.db.Users().Get(context.Background(), e.company.ID, uid)
	gwMust(e.t, err)
	rs, _, err := e.svc.RolesOf(context.Background(), u)
	gwMust(e.t, err)
	return rs.Roles()
}

func gwSorted(ids ...string) []string {
	out := append([]string{}, ids...)
	slices.Sort(out)
	return out
}

func memberValues(t *testing.T, doc map[string]any) []string {
	t.Helper()
	list, _ := doc["members"].([]any)
	var out []string
	for _, m := range list {
		out = append(out, m.(map[string]any)["value"].(string))
	}
	slices.Sort(out)
	return out
}
