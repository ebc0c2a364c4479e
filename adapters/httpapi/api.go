// Package httpapi is Harriet's JSON admin API under /api/v1: the Okta integration,
// API tokens, the caller's profile and the audit log, with users, groups and the
// primary owner added by their own files. It maps core errors to statuses in one
// place (errors.go) and never shows a secret.
package httpapi

import (
	"net/http"
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
// paths and methods under that prefix.
func (a *API) Register(r *mux.Router) {
	sr := r.PathPrefix(Prefix).Subrouter()
	sr.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.writeError(w, r, core.E(core.NotFound, "There is no %s here; see the API reference for the paths under %s.", r.URL.Path, Prefix))
	})
	sr.MethodNotAllowedHandler = http.HandlerFunc(a.methodNotAllowed)
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
// Routes are paths relative to /api/v1, like "/tokens/{id}".
func addResource(res resource) { resources = append(resources, res) }

// handle mounts an authenticated handler for one path and method.
func (a *API) handle(r *mux.Router, method, path string, h authedHandler) {
	r.Handle(path, a.authed(h)).Methods(method)
}

func (a *API) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{
		Code:    string(core.Invalid),
		Message: "The method " + r.Method + " is not allowed on " + r.URL.Path + ".",
	}})
}
