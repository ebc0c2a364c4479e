package httpmw

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
)

// methodOrder is the order the Allow header lists methods in; others follow.
var methodOrder = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions}

// MethodNotAllowed is the MethodNotAllowedHandler of a gorilla/mux router: 405 with
// an Allow header listing the methods r serves at the request's path (RFC 9110
// requires it; mux sends none), and the error body WriteError gives. The methods
// are found by asking r itself, so every route registered with Methods gets a right
// header without code of its own, whatever is registered after this is set.
func MethodNotAllowed(r *mux.Router) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		allowed := AllowedMethods(r, req)
		msg := "This method is not allowed here."
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			msg = "This address takes " + strings.Join(allowed, ", ") + " only, not " + methodLabel(req.Method) + "."
		}
		WriteError(w, req, http.StatusMethodNotAllowed, "invalid", msg)
	})
}

// AllowedMethods lists the methods r would serve at req's path: each method any
// route of r names, tried on a copy of req.
func AllowedMethods(r *mux.Router, req *http.Request) []string {
	var out []string
	for _, m := range routeMethods(r) {
		probe := req.WithContext(req.Context()) // a shallow copy, so req keeps its method
		probe.Method = m
		var rm mux.RouteMatch
		if r.Match(probe, &rm) && rm.MatchErr == nil {
			out = append(out, m)
		}
	}
	return out
}

// routeMethods is every method a route of r names, in methodOrder, others after.
func routeMethods(r *mux.Router) []string {
	seen := map[string]bool{}
	_ = r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		if ms, err := route.GetMethods(); err == nil {
			for _, m := range ms {
				seen[m] = true
			}
		}
		return nil
	})
	var out []string
	for _, m := range methodOrder {
		if seen[m] {
			out = append(out, m)
			delete(seen, m)
		}
	}
	rest := make([]string, 0, len(seen))
	for m := range seen {
		rest = append(rest, m)
	}
	slices.Sort(rest)
	return append(out, rest...)
}
