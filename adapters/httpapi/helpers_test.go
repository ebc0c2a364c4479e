package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"harriet/adapters/passwords"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gorilla/mux"

	"harriet/adapters/boltstore"
	"harriet/adapters/httpapi"
	"harriet/adapters/keys"
	"harriet/adapters/system"
	"harriet/core"
	"harriet/core/usecase"
	"harriet/ports"
)

// publicURL is the origin the tests configure; answers must build URLs from it only.
const publicURL = "https://harriet.example.test"

// sessionHeader stands in for a session cookie: the test authenticator resolves it to
// a signed-in user, as the real middleware does for a session.
const sessionHeader = "X-Test-Session"

// env is one server over a temp bbolt file, with a bootstrapped company "acme" whose
// primary Owner has a personal token.
type env struct {
	t          *testing.T
	db         *boltstore.DB
	svc        *usecase.Service
	box        *keys.SecretBox
	srv        *httptest.Server
	company    core.Company
	owner      core.User
	ownerToken string
}

// envOptions tune newEnv.
type envOptions struct {
	allowInsecureIdP bool
}

func newEnv(t *testing.T) *env { return newEnvWith(t, envOptions{}) }

func newEnvWith(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	db, err := boltstore.Open(filepath.Join(t.TempDir(), "harriet.db"), boltstore.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	root, err := keys.FromBytes(bytes.Repeat([]byte{7}, keys.Size))
	if err != nil {
		t.Fatal(err)
	}
	box, err := keys.NewSecretBox(root, keys.PurposeOktaClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	svc := &usecase.Service{Store: db, Clock: system.Clock{}, IDs: system.IDs{}, Passwords: passwords.Bcrypt{Cost: 4}, Secrets: box, AllowInsecureIdP: o.allowInsecureIdP}
	r := mux.NewRouter()
	httpapi.New(svc, testAuth{svc}, httpapi.Options{PublicURL: publicURL + "/"}).Register(r)
	srv := newServer(t, r)
	e := &env{t: t, db: db, svc: svc, box: box, srv: srv}
	e.company, e.owner = e.bootstrap("acme", "owner@acme.com")
	e.ownerToken = e.operatorToken("acme", "owner@acme.com", core.ScopePersonal)
	return e
}

// bootstrap makes another company with its primary Owner.
func (e *env) bootstrap(slug, ownerEmail string) (core.Company, core.User) {
	e.t.Helper()
	res, err := e.svc.BootstrapCompany(context.Background(), usecase.BootstrapInput{
		Slug: slug, Name: slug + " Inc", OwnerEmail: ownerEmail, Password: "correct horse battery staple"})
	if err != nil {
		e.t.Fatal(err)
	}
	return res.Company, res.Owner
}

// operatorToken makes a token as `harriet token create` does.
func (e *env) operatorToken(slug, email string, scope core.TokenScope) string {
	e.t.Helper()
	secret, _, err := e.svc.IssueTokenAsOperator(context.Background(), slug, email, "test "+string(scope), scope)
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// addUser stores an active user of the company with direct roles.
func (e *env) addUser(companyID, email string, roles ...core.Role) core.User {
	e.t.Helper()
	now := system.Clock{}.Now()
	u := core.User{ID: system.IDs{}.New(), CompanyID: companyID, UserName: email,
		Emails: []core.Email{{Value: email, Primary: true}}, Name: core.NameFromEmail(email),
		Active: true, DirectRoles: roles, Source: core.SourceManual, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := e.db.Users().Create(context.Background(), u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// deactivate marks a user inactive in the store, as a SCIM deactivation does.
func (e *env) deactivate(u core.User) {
	e.t.Helper()
	_, err := e.db.Users().Update(context.Background(), u.CompanyID, u.ID, func(u *core.User) error {
		u.Active = false
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// cred is how a request authenticates: a bearer token or a session for a user.
type cred struct {
	bearer  string
	session core.User
}

func bearer(token string) cred { return cred{bearer: token} }
func session(u core.User) cred { return cred{session: u} }
func (e *env) ownerCred() cred { return bearer(e.ownerToken) }

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	raw    []byte
}

// obj decodes the body as a JSON object.
func (a answer) obj(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.raw, &m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, a.raw)
	}
	return m
}

// errCode returns the error answer's code and message.
func (a answer) errCode(t *testing.T) (string, string) {
	t.Helper()
	m := a.obj(t)
	e, ok := m["error"].(map[string]any)
	if !ok || len(m) != 1 || len(e) != 2 {
		t.Fatalf("not an error object {\"error\":{\"code\",\"message\"}}: %s", a.raw)
	}
	code, _ := e["code"].(string)
	msg, _ := e["message"].(string)
	return code, msg
}

// do sends a request; body is JSON-encoded unless it is a string (sent as is).
func (e *env) do(c cred, method, path string, body any) answer {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	if c.session.ID != "" {
		req.Header.Set(sessionHeader, c.session.CompanyID+"/"+c.session.ID)
	}
	res, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, raw: raw}
}

// expect fails unless the answer has the status; it returns the answer for chaining.
func expect(t *testing.T, a answer, status int) answer {
	t.Helper()
	if a.status != status {
		t.Fatalf("status %d, want %d: %s", a.status, status, a.raw)
	}
	return a
}

// expectError checks an error answer's status and code, and that the message says want.
func expectError(t *testing.T, a answer, status int, code, want string) {
	t.Helper()
	expect(t, a, status)
	gotCode, msg := a.errCode(t)
	if gotCode != code {
		t.Fatalf("code %q, want %q: %s", gotCode, code, a.raw)
	}
	if !strings.Contains(msg, want) {
		t.Fatalf("message %q does not say %q", msg, want)
	}
}

// keysOf lists an object's keys, sorted.
func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// auditEntries reads the company's audit log from the store, newest first.
func (e *env) auditEntries(companyID string, action string) []core.AuditEntry {
	e.t.Helper()
	entries, err := e.db.Audit().List(context.Background(), companyID, ports.AuditQuery{Action: action, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return entries
}

// testAuth resolves a bearer API token through the use case, and the test session
// header to a signed-in user with roles, as the real middleware does.
type testAuth struct{ svc *usecase.Service }

func (a testAuth) Authenticate(r *http.Request) (core.Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return core.Principal{}, core.E(core.Unauthenticated, "Send Authorization: Bearer <token>.")
		}
		return a.svc.AuthenticateToken(ctx, secret, "req-test")
	}
	companyID, userID, ok := strings.Cut(r.Header.Get(sessionHeader), "/")
	if !ok {
		return core.Principal{}, core.E(core.Unauthenticated, "Sign in or send an API token.")
	}
	u, err := a.svc.Store.Users().Get(ctx, companyID, userID)
	if err != nil || !u.Active {
		return core.Principal{}, core.E(core.Unauthenticated, "Your session has ended; sign in again.")
	}
	roles, _, err := a.svc.RolesOf(ctx, u)
	if err != nil {
		return core.Principal{}, err
	}
	return core.Principal{CompanyID: companyID, User: u, Roles: roles, Kind: core.ActorUser, RequestID: "req-session"}, nil
}

// newServer serves h on a loopback listener for the test's duration.
func newServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
