package httpapi_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/mux"

	"harriet/adapters/httpapi"
	"harriet/adapters/httpmw"
	"harriet/core"
	"harriet/core/usecase"
)

// failingAuth answers every request with one error.
type failingAuth struct{ err error }

func (f failingAuth) Authenticate(*http.Request) (core.Principal, error) {
	return core.Principal{}, f.err
}

func TestErrorStatusTable(t *testing.T) {
	cases := []struct {
		err        error
		status     int
		code       string
		retryAfter string
		message    string
	}{
		{core.E(core.Unauthenticated, "who are you"), 401, "unauthenticated", "", "who are you"},
		{&core.Error{Kind: core.RateLimited, Message: "slow down", Err: &httpmw.RetryAfter{Wait: 2500 * time.Millisecond}}, 429, "rate_limited", "3", "slow down"},
		{core.E(core.Unavailable, "store busy"), 503, "unavailable", "5", "store busy"},
		{core.E(core.Precondition, "schema"), 412, "precondition_failed", "", "schema"},
		{errors.New("disk on fire at /var/secret"), 500, "internal", "", "Something went wrong"},
		{core.Wrap(core.Internal, errors.New("cause"), "internal detail"), 500, "internal", "", "Something went wrong"},
	}
	for _, c := range cases {
		r := mux.NewRouter()
		httpapi.New(&usecase.Service{}, failingAuth{c.err}, httpapi.Options{}).Register(r)
		e := &env{t: t}
		srv := newServer(t, r)
		e.srv = srv
		a := e.do(cred{}, "GET", "/api/v1/me", nil)
		expectError(t, a, c.status, c.code, c.message)
		if got := a.header.Get("Retry-After"); got != c.retryAfter {
			t.Errorf("%v: Retry-After %q, want %q", c.err, got, c.retryAfter)
		}
		if strings.Contains(string(a.raw), "/var/secret") || strings.Contains(string(a.raw), "cause") {
			t.Errorf("an internal cause reached the client: %s", a.raw)
		}
	}
}

func TestUnauthenticatedAndUnknownRoutes(t *testing.T) {
	e := newEnv(t)
	a := e.do(cred{}, "GET", "/api/v1/integrations/okta", nil)
	expectError(t, a, 401, "unauthenticated", "Sign in")
	if a.header.Get("WWW-Authenticate") == "" {
		t.Fatal("401 without WWW-Authenticate")
	}
	expectError(t, e.do(bearer("okta-client-secret-pasted-here"), "GET", "/api/v1/me", nil), 401, "unauthenticated", "not a Harriet API token")
	expectError(t, e.do(bearer("hrt_AbC123"), "GET", "/api/v1/me", nil), 401, "unauthenticated", "not a whole one: it was cut or mistyped")
	stranger, err := core.NewTokenSecret()
	if err != nil {
		t.Fatal(err)
	}
	expectError(t, e.do(bearer(stranger), "GET", "/api/v1/me", nil), 401, "unauthenticated", "Harriet does not know this API token")
	expectError(t, e.do(e.ownerCred(), "GET", "/api/v1/nothing", nil), 404, "not_found", "/api/v1/nothing")
	a = expect(t, e.do(e.ownerCred(), "POST", "/api/v1/integrations/okta", fullIntegration()), http.StatusMethodNotAllowed)
	if code, _ := a.errCode(t); code != "invalid" || a.header.Get("Allow") != "DELETE, GET, PUT" {
		t.Fatalf("405 answer %s, Allow %q", a.raw, a.header.Get("Allow"))
	}
	if _, ok := e.storedIntegration(e.company.ID); ok {
		t.Fatal("POST saved an integration")
	}
}
