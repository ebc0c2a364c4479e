package bootstrap

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"

	"harriet/adapters/httpapi"
	"harriet/adapters/httpmw"
	"harriet/adapters/keys"
	"harriet/adapters/oidcclient"
	"harriet/adapters/web"
	"harriet/core/usecase"
	"harriet/ports"
)

// App is one wired Harriet server: the handler with every route behind the shared
// middleware, the use cases and the store. Several Apps may share one store in one
// process (WithDatabase), as several nodes share one MySQL database.
type App struct {
	Config  Config
	Handler http.Handler
	Service *usecase.Service
	DB      ports.Database
	Log     *logrus.Logger
	Metrics *httpmw.Metrics
	// Auth resolves bearer tokens and sessions; the pages' adapter takes it too.
	Auth *httpmw.Auth
	// Root is the root key; adapters derive their own subkeys from it.
	Root keys.Root
	// SignIn runs Okta sign-in, password sign-in and sessions; Web serves the pages.
	SignIn *usecase.SignIn
	Web    *web.Web

	rt       *runtime
	draining atomic.Bool
}

// NewApp wires a server from cfg: the store (cfg.Store, or WithDatabase), the root
// key, --migrate, the use cases, the HTTP adapters and the middleware. With
// --migrate off and an older schema it still returns an App, which answers 503
// until the schema is brought up to date. A newer schema is an error.
//
// To serve on an httptest listener whose URL is the public URL, make the listener
// first (ListenLocal), set cfg.PublicURL to its URL, then build the App.
func NewApp(ctx context.Context, cfg Config, opts ...Option) (*App, error) {
	o := &appOptions{}
	for _, opt := range opts {
		opt(o)
	}
	rt, err := openRuntime(ctx, cfg, o)
	if err != nil {
		return nil, err
	}
	if err := rt.checkKey(ctx); err != nil {
		rt.close()
		return nil, err
	}
	a := &App{Config: cfg, Service: rt.svc, DB: rt.db, Log: rt.log, Root: rt.root, rt: rt, Metrics: httpmw.NewMetrics()}
	fails := httpmw.NewFailLimiter(cfg.AuthFailLimit, a.Metrics)
	apiGuard, err := a.wireSignIn(fails, o.noIdP)
	if err != nil {
		rt.close()
		return nil, err
	}
	sessions := o.sessions
	if sessions == nil {
		sessions = a.Web
	}
	a.Auth = &httpmw.Auth{Tokens: rt.svc, Sessions: sessions, Failures: fails, Log: rt.log}
	router := a.routes()
	a.Handler = httpmw.Chain(router,
		httpmw.RequestID,
		cfg.TrustedProxies.Middleware,
		httpmw.Observe(rt.log, a.Metrics),
		httpmw.Recover(rt.log),
		rt.schema.gate,
		apiGuard,
	)
	return a, nil
}

// routes mounts the operations endpoints and every adapter on one router whose
// matched route templates label the logs and metrics.
func (a *App) routes() *mux.Router {
	// No path cleaning: mux answers an unclean path (/scim/v2//Users, from a base URL
	// pasted with a trailing slash) with a 301, which clients follow as a GET, so a
	// POST or PATCH would be lost without an error. Such a path finds no route and
	// answers 404 instead; the static files stay in their directory on their own.
	r := mux.NewRouter().SkipClean(true)
	r.Use(httpmw.TagRoute)
	r.NotFoundHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		httpmw.WriteError(w, req, http.StatusNotFound, "not_found", "There is nothing at this address.")
	})
	r.MethodNotAllowedHandler = httpmw.MethodNotAllowed(r) // 405 with Allow, for every route below
	r.Handle(pathHealthz, http.HandlerFunc(healthz)).Methods(http.MethodGet, http.MethodHead)
	r.Handle(pathReadyz, http.HandlerFunc(a.readyz)).Methods(http.MethodGet, http.MethodHead)
	r.Handle(pathMetrics, a.Metrics.Handler()).Methods(http.MethodGet)

	httpapi.New(a.Service, a.Auth, httpapi.Options{PublicURL: a.Config.PublicURL, Logger: a.Log}).Register(r)
	a.mountSCIM(r)
	a.Web.Register(r)
	return r
}

// wireSignIn builds the OpenID client (which also checks the IdP when an
// integration is saved), the sign-in use cases and the pages. The redirect URI
// comes from the public URL only. It returns the cross-origin guard of the API,
// which the session cookie now authenticates too.
func (a *App) wireSignIn(fails *httpmw.FailLimiter, noIdPChecks bool) (func(http.Handler) http.Handler, error) {
	idp := oidcclient.New(oidcclient.Options{})
	if a.Service.Discoverer == nil && !noIdPChecks {
		a.Service.Discoverer = idp
	}
	publicURL := strings.TrimRight(a.Config.PublicURL, "/")
	a.SignIn = &usecase.SignIn{Service: a.Service, IdP: idp, RedirectURI: publicURL + web.CallbackPath}
	pages, err := web.New(a.SignIn, web.Options{PublicURL: publicURL,
		FlowKey: a.Root.Subkey(keys.PurposeFlowCookie), Failures: fails, Logger: a.Log})
	if err != nil {
		return nil, fmt.Errorf("the sign-in pages: %w", err)
	}
	a.Web = pages
	return web.GuardCookieAPI(publicURL, httpapi.Prefix+"/")
}

// Close closes the store if the App opened it. Call it after the server stopped.
func (a *App) Close() error { return a.rt.close() }
