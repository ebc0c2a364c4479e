// Package httpapi is Harriet's JSON admin API under /api/v1: the Okta integration,
// API tokens, the caller's profile and the audit log, with users, groups and the
// primary owner added by their own files. It maps core errors to statuses in one
// place (errors.go) and never shows a secret.
package httpapi

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"

	"harriet/core"
	"harriet/core/usecase"
)

// Authenticator resolves a request's credential (a bearer API token or a session
// cookie) to a principal. It answers a core.Unauthenticated error when there is none
// or it is not valid.
type Authenticator interface {
	Authenticate(r *http.Request) (core.Principal, error)
}

// Options configure the API.
type Options struct {
	// PublicURL is the origin users and Okta see (no trailing slash needed); the
	// redirect URI and SCIM base URL shown to admins are built from it, never from
	// a request's Host.
	PublicURL string
	// Logger receives the causes of internal errors; nil uses logrus's standard logger.
	Logger logrus.FieldLogger
}

// API serves /api/v1.
type API struct {
	svc  *usecase.Service
	auth Authenticator
	opts Options
	log  logrus.FieldLogger
}

// New makes the API over the use cases, authenticating every request with auth.
func New(svc *usecase.Service, auth Authenticator, opts Options) *API {
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	log := opts.Logger
	if log == nil {
		log = logrus.StandardLogger()
	}
	return &API{svc: svc, auth: auth, opts: opts, log: log}
}

// Prefix is where the API is mounted.
const Prefix = "/api/v1"

// Register mounts every resource under /api/v1 on r, with JSON answers for unknown
// paths under that prefix.
func (a *API) Register(r *mux.Router) {
	sr := r.PathPrefix(Prefix).Subrouter()
	sr.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, core.E(core.NotFound, "There is no %s here; see the API reference for the paths under %s.", r.URL.Path, Prefix))
	})
	for _, res := range resources {
		res(a, sr)
	}
}

// resource mounts one resource's routes on the /api/v1 subrouter.
type resource func(a *API, r *mux.Router)

// resources are every resource of the API. Each resource file adds its own in an
// init function (see addResource), so a new resource touches only its own file.
var resources []resource

// addResource registers a resource's routes; call it from the resource file's init.
// Routes are paths relative to /api/v1, like "/tokens/{id}", mounted with a.route.
func addResource(res resource) { resources = append(resources, res) }

// methods maps each HTTP method a path serves to its handler.
type methods map[string]authedHandler

// route mounts one path with its methods. Dispatching on the method here, rather than
// with mux's Methods matcher, gives a JSON 405 with an Allow header: mux answers 404 for
// a wrong method on a subrouter whose other paths are registered after it.
func (a *API) route(r *mux.Router, path string, ms methods) {
	allowed := make([]string, 0, len(ms))
	for m := range ms {
		allowed = append(allowed, m)
	}
	sort.Strings(allowed)
	allow := strings.Join(allowed, ", ")
	r.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, ok := ms[r.Method]
		if !ok {
			w.Header().Set("Allow", allow)
			a.methodNotAllowed(w, r, allow)
			return
		}
		a.authed(h).ServeHTTP(w, r)
	}))
}

func (a *API) methodNotAllowed(w http.ResponseWriter, _ *http.Request, allow string) {
	writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{
		Code:    string(core.Invalid),
		Message: "This path takes " + allow + " only.",
	}})
}
