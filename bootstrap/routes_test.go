package bootstrap

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"
)

// newTestApp is an App on a fresh bbolt file, served on loopback.
func newTestApp(t *testing.T) (*App, *httptest.Server) {
	t.Helper()
	cfg, _ := testConfig(t)
	log, _ := testLogger()
	app, err := NewApp(context.Background(), cfg, WithLogger(log), WithRootKey(testKey(t)), WithoutIdPChecks())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler)
	t.Cleanup(func() { srv.Close(); _ = app.Close() })
	return app, srv
}

var pathVar = regexp.MustCompile(`\{([a-z]+)(:([a-z]+)[^}]*)?\}`)

// concrete turns a route template into a path it matches: {id} becomes x, and a
// variable with alternatives, like {action:delete|keep}, its first one.
func concrete(tpl string) string {
	return pathVar.ReplaceAllStringFunc(tpl, func(v string) string {
		if m := pathVar.FindStringSubmatch(v); m[3] != "" {
			return m[3]
		}
		return "x"
	})
}

// Every route of the server answers a method it does not take with 405 and an
// Allow header listing exactly the methods of that path: the operations
// endpoints, the pages and their static files, found by walking the router so a
// route added later is covered too; and the API and SCIM, which dispatch their own.
func TestEveryRouteAnswersAWrongMethodWithAllow(t *testing.T) {
	t.Parallel()
	app, srv := newTestApp(t)
	want := map[string][]string{} // concrete path -> the methods its routes take
	_ = app.routes().Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, errT := route.GetPathTemplate()
		ms, errM := route.GetMethods()
		if errT == nil && errM == nil {
			p := concrete(tpl)
			want[p] = append(want[p], ms...)
		}
		return nil
	})
	for _, p := range []string{"/healthz", "/login", "/logout", "/settings/groups/x/delete", "/static/"} {
		if want[p] == nil {
			t.Fatalf("the walk missed %s: %v", p, want)
		}
	}
	want["/api/v1/users"] = []string{http.MethodGet, http.MethodPost}
	want["/api/v1/integrations/okta"] = []string{http.MethodDelete, http.MethodGet, http.MethodPut}
	want["/scim/v2/Users"] = []string{http.MethodGet, http.MethodPost}
	for path, methods := range want {
		wrong := ""
		for _, m := range []string{http.MethodDelete, http.MethodPut, http.MethodPatch, http.MethodPost, http.MethodGet} {
			if !slices.Contains(methods, m) {
				wrong = m
				break
			}
		}
		r := call(t, wrong, srv.URL+path, "", "")
		var got []string
		for _, m := range strings.Split(r.header.Get("Allow"), ",") {
			if m = strings.TrimSpace(m); m != "" {
				got = append(got, m)
			}
		}
		slices.Sort(got)
		slices.Sort(methods)
		if r.status != http.StatusMethodNotAllowed || !slices.Equal(got, slices.Compact(methods)) {
			t.Errorf("%s %s: %d, Allow %q; want 405 with Allow %v", wrong, path, r.status, r.header.Get("Allow"), methods)
		}
	}
}
