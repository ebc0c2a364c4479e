package scimapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/mux"

	"harriet/adapters/boltstore"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

const publicURL = "https://harriet.example.test"

// env is the SCIM API on a real bbolt file behind httptest, with companies whose
// credentials a test authenticator recognises by their bearer value.
type env struct {
	t       *testing.T
	ctx     context.Context
	db      *boltstore.DB
	store   *countingStore
	svc     *usecase.Service
	srv     *httptest.Server
	auth    *testAuth
	limiter *testLimiter
	logged  []error
	mu      sync.Mutex
}

// company is a stored company with its primary owner.
type company struct {
	core.Company
	owner core.User
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "harriet.db"), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	e := &env{t: t, ctx: context.Background(), db: db, store: &countingStore{Store: db},
		auth: &testAuth{principals: map[string]core.Principal{}}, limiter: &testLimiter{}}
	e.svc = &usecase.Service{Store: e.store, Clock: system.Clock{}, IDs: system.IDs{}}
	api := New(e.svc, e.auth, e.limiter, Options{PublicURL: publicURL + "/", Logger: func(_ *http.Request, err error) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.logged = append(e.logged, err)
	}})
	r := mux.NewRouter()
	api.Register(r)
	e.srv = httptest.NewServer(r)
	t.Cleanup(e.srv.Close)
	return e
}

// newCompany stores a company, its primary owner and (when withIntegration) its
// Okta integration, and registers bearer values for it: slug+"-okta" (a
// provisioning token) and slug+"-owner" (the owner's personal token).
func (e *env) newCompany(slug string, withIntegration bool) company {
	e.t.Helper()
	now := system.Clock{}.Now()
	c := core.Company{ID: system.IDs{}.New(), Slug: slug, Name: slug, Version: 1, CreatedAt: now, UpdatedAt: now}
	owner := core.User{ID: system.IDs{}.New(), CompanyID: c.ID, UserName: "owner@" + slug + ".test",
		Emails: []core.Email{{Value: "owner@" + slug + ".test", Primary: true}}, Active: true,
		DirectRoles: []core.Role{core.RoleOwner}, Source: core.SourceBootstrap, Version: 1, CreatedAt: now, UpdatedAt: now}
	owner.FillName()
	c.PrimaryOwnerID = owner.ID
	must(e.t, e.db.Companies().Create(e.ctx, c))
	must(e.t, e.db.Users().Create(e.ctx, owner))
	if withIntegration {
		_, err := e.db.Integrations().Put(e.ctx, core.Integration{CompanyID: c.ID, Domain: slug + ".test",
			ClientID: "client", LoginDomain: slug + ".okta.com", Issuer: "https://" + slug + ".okta.com",
			CreatedAt: now, UpdatedAt: now})
		must(e.t, err)
	}
	e.auth.set(slug+"-okta", core.Principal{CompanyID: c.ID, Kind: core.ActorToken, TokenID: "tok-" + slug,
		Scope: core.ScopeSCIM, User: owner})
	e.auth.set(slug+"-owner", core.Principal{CompanyID: c.ID, Kind: core.ActorToken, TokenID: "tok-owner-" + slug,
		Scope: core.ScopePersonal, User: owner, Roles: core.RoleSources{core.RoleOwner: {core.SourceDirect}}})
	return company{Company: c, owner: owner}
}

// testAuth recognises bearer values registered by the test.
type testAuth struct {
	mu         sync.Mutex
	principals map[string]core.Principal
}

func (a *testAuth) set(bearer string, p core.Principal) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.principals[bearer] = p
}

func (a *testAuth) Authenticate(r *http.Request) (core.Principal, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if p, ok := a.principals[token]; ok && strings.EqualFold(scheme, "Bearer") {
		p.RequestID = "req-test"
		return p, nil
	}
	return core.Principal{}, core.E(core.Unauthenticated, "This is not a Harriet API token.")
}

// testLimiter refuses when told to.
type testLimiter struct {
	mu     sync.Mutex
	refuse time.Duration
	asked  []string
}

func (l *testLimiter) Allow(companyID string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.asked = append(l.asked, companyID)
	return l.refuse == 0, l.refuse
}

// countingStore counts the user scans, to tell an indexed lookup from a scan.
type countingStore struct {
	ports.Store
	mu        sync.Mutex
	userLists int
}

func (s *countingStore) Users() ports.UserRepo { return countingUsers{UserRepo: s.Store.Users(), s: s} }

func (s *countingStore) lists() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.userLists
}

type countingUsers struct {
	ports.UserRepo
	s *countingStore
}

func (u countingUsers) List(ctx context.Context, cid string, q ports.ListQuery) ([]core.User, error) {
	u.s.mu.Lock()
	u.s.userLists++
	u.s.mu.Unlock()
	return u.UserRepo.List(ctx, cid, q)
}

// answer is a response with its JSON body decoded (numbers kept as json.Number).
type answer struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

// do sends a request to the SCIM base; body is nil, a string sent as is, or a value
// sent as JSON. headers are name, value pairs.
func (e *env) do(method, path, bearer string, body any, headers ...string) answer {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		must(e.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+"/scim/v2"+path, rd)
	must(e.t, err)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/scim+json; charset=utf-8")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	must(e.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	must(e.t, err)
	a := answer{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(bytes.TrimSpace(raw)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&a.body); err != nil {
			e.t.Fatalf("%s %s: answer is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return a
}

// want fails the test unless the answer has the status.
func (a answer) want(t *testing.T, status int) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d; body: %s", a.status, status, a.raw)
	}
	return a
}

// scimError checks a SCIM error answer: schema, status as a string, a detail.
func (a answer) scimError(t *testing.T, status int, scimType string) string {
	t.Helper()
	a.want(t, status)
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/scim+json") {
		t.Errorf("content type %q", ct)
	}
	if s, ok := a.body["status"].(string); !ok || s != strconv.Itoa(status) {
		t.Errorf("status field %#v, want the string %q", a.body["status"], strconv.Itoa(status))
	}
	if got := strList(a.body["schemas"]); len(got) != 1 || got[0] != urnError {
		t.Errorf("schemas %v", got)
	}
	if scimType != "" && a.body["scimType"] != scimType {
		t.Errorf("scimType %v, want %s", a.body["scimType"], scimType)
	}
	detail, _ := a.body["detail"].(string)
	if detail == "" {
		t.Errorf("no detail: %s", a.raw)
	}
	return detail
}

// get reads a dotted path (numbers index arrays) from a decoded body.
func get(v any, path string) any {
	for _, seg := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i := 0
			for _, c := range seg {
				i = i*10 + int(c-'0')
			}
			if i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

func strList(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// oktaUser is a user body as Okta sends it on POST.
func oktaUser(userName, given, family, externalID string) map[string]any {
	return map[string]any{
		"schemas":     []any{urnUser},
		"userName":    userName,
		"name":        map[string]any{"givenName": given, "familyName": family},
		"emails":      []any{map[string]any{"primary": true, "value": userName, "type": "work"}},
		"displayName": given + " " + family, "locale": "en-US", "externalId": externalID,
		"groups": []any{}, "password": "Placeholder-Secret-1", "active": true,
	}
}

// storedUser reads a user from the store, deleted or not.
func (e *env) storedUser(companyID, id string) core.User {
	e.t.Helper()
	all, err := e.db.Users().List(e.ctx, companyID, ports.ListQuery{IncludeDeleted: true})
	must(e.t, err)
	for _, u := range all {
		if u.ID == id {
			return u
		}
	}
	e.t.Fatalf("user %s is not stored", id)
	return core.User{}
}

// audits lists the company's audit entries with this action.
func (e *env) audits(companyID, action string) []core.AuditEntry {
	e.t.Helper()
	out, err := e.db.Audit().List(e.ctx, companyID, ports.AuditQuery{Action: action, Limit: 1000})
	must(e.t, err)
	return out
}
