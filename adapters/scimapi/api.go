// Package scimapi serves SCIM 2.0 (RFC 7643/7644) under /scim/v2 on gorilla/mux:
// it decodes requests, evaluates filters, applies PATCH operations, encodes
// resources and maps core errors to the SCIM error schema. The rules live in
// core/usecase; this package only speaks SCIM.
package scimapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"harriet/core"
	"harriet/core/usecase"
)

// basePath is where the SCIM service is mounted.
const basePath = "/scim/v2"

// Default body limits (SPEC.md).
const (
	DefaultMaxUserBody  = 1 << 20
	DefaultMaxGroupBody = 8 << 20
)

// Authenticator resolves a request's credential (the bearer API token) to a
// principal. It returns core.Unauthenticated or core.RateLimited errors; a
// RateLimited error may carry the wait as a cause (see retryAfterOf).
type Authenticator interface {
	Authenticate(r *http.Request) (core.Principal, error)
}

// Limiter limits SCIM requests per company. A nil Limiter limits nothing.
type Limiter interface {
	Allow(companyID string) (ok bool, retryAfter time.Duration)
}

// Options configures the SCIM API.
type Options struct {
	// PublicURL is the origin Okta sees (https://harriet.example.com), for
	// meta.location and the ServiceProviderConfig.
	PublicURL string
	// MaxUserBody and MaxGroupBody bound request bodies on /Users and /Groups
	// (0: 1 MiB and 8 MiB); larger bodies are answered 413.
	MaxUserBody  int64
	MaxGroupBody int64
	// Logger, when set, receives every error answered with a 5xx status, with its
	// cause. It must not log secrets; the errors carry none.
	Logger func(r *http.Request, err error)
	// Notice, when set, receives what an operator should see that is no error (a
	// group push that skipped unknown member IDs), with fields to log. No secrets.
	Notice func(r *http.Request, msg string, fields map[string]any)
}

// API is the SCIM 2.0 service.
type API struct {
	svc     *usecase.Service
	auth    Authenticator
	limiter Limiter
	opts    Options
}

// New makes the SCIM API over the use cases.
func New(svc *usecase.Service, auth Authenticator, limiter Limiter, opts Options) *API {
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	if opts.MaxUserBody <= 0 {
		opts.MaxUserBody = DefaultMaxUserBody
	}
	if opts.MaxGroupBody <= 0 {
		opts.MaxGroupBody = DefaultMaxGroupBody
	}
	return &API{svc: svc, auth: auth, limiter: limiter, opts: opts}
}

// Register mounts the SCIM endpoints under /scim/v2 on the root router r.
func (a *API) Register(r *mux.Router) {
	sr := r.PathPrefix(basePath).Subrouter()
	sr.NotFoundHandler = a.notFound(sr)
	sr.MethodNotAllowedHandler = a.notFound(sr)
	a.registerDiscovery(sr)
	a.registerUsers(sr)
	a.registerGroups(sr)
}

// notFound answers requests no route takes: 405 with Allow when the path exists
// for other methods (gorilla/mux does not always tell the two apart under a
// subrouter), else 404, both in the SCIM error schema.
func (a *API) notFound(sr *mux.Router) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			probe := r.Clone(r.Context())
			probe.Method = m
			var rm mux.RouteMatch
			if m != r.Method && sr.Match(probe, &rm) && rm.MatchErr == nil {
				allowed = append(allowed, m)
			}
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			writeSCIMError(w, http.StatusMethodNotAllowed, "",
				"The method "+r.Method+" is not allowed on "+r.URL.Path+"; use "+strings.Join(allowed, ", ")+".")
			return
		}
		a.fail(w, r, core.E(core.NotFound, "There is no SCIM endpoint %s. The SCIM base URL is %s.",
			clip(r.URL.Path, 200), a.location("")))
	})
}

// handler is an endpoint that runs for an authenticated, rate-allowed principal.
type handler func(w http.ResponseWriter, r *http.Request, p core.Principal) error

// handle authenticates the request, applies the company's rate limit, runs h and
// answers any error it returns in the SCIM error schema.
func (a *API) handle(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := a.auth.Authenticate(r)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if a.limiter != nil {
			if ok, wait := a.limiter.Allow(p.CompanyID); !ok {
				a.fail(w, r, rateLimited(wait))
				return
			}
		}
		if err := h(w, r, p); err != nil {
			a.fail(w, r, err)
		}
	})
}

// pathID reads the {id} of a resource URL. IDs are opaque and URL-safe; anything
// else cannot name a record, so it is NotFound without asking the store.
func pathID(r *http.Request, kind string) (string, error) {
	id := mux.Vars(r)["id"]
	if id == "" || len(id) > 128 || strings.IndexFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	}) >= 0 {
		return "", core.E(core.NotFound, "No %s with the id %q in this company.", kind, clip(id, 80))
	}
	return id, nil
}
