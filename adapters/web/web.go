// Package web serves Harriet's pages for people: server-rendered html/template with
// embedded assets, no JavaScript needed. It holds the sign-in pages (GET /login,
// POST /login/okta, the Okta dashboard tile at /bots/okta/login, the callback at
// /bots/okta/callback/, POST /login/password, POST /logout), the home page GET /,
// and the session cookie resolver the auth middleware uses.
//
// Layout for further pages: each page is templates/pages/<name>.html defining
// "title" and "content" on top of templates/layout.html; a handler renders it with
// w.render, which fills the signed-in user and the navigation. Every route is
// registered through w.handle, which puts http.CrossOriginProtection in front of it.
package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"

	"harriet/adapters/httpmw"
	"harriet/core/usecase"
)

// CallbackPath is where Okta sends the browser back; the redirect URI is the public
// URL plus this.
const CallbackPath = "/bots/okta/callback/"

// Options configure the pages.
type Options struct {
	// PublicURL is the origin users and Okta see. Cookies are Secure when it is https,
	// and it is trusted as an origin for form posts.
	PublicURL string
	// FlowKey signs the sign-in flow cookie (the root key's "flow-cookie" subkey).
	FlowKey []byte
	// Failures counts failed password sign-ins against the client IP (optional).
	Failures *httpmw.FailLimiter
	// Logger receives causes of failures; nil is logrus's standard logger.
	Logger logrus.FieldLogger
}

// Web is the pages' handler set.
type Web struct {
	signin *usecase.SignIn
	opts   Options
	secure bool
	flows  *flowCodec
	pages  *pages
	log    logrus.FieldLogger
	cop    *http.CrossOriginProtection
}

// New makes the pages over the sign-in use cases.
func New(signin *usecase.SignIn, opts Options) (*Web, error) {
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	pu, err := url.Parse(opts.PublicURL)
	if err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
		return nil, fmt.Errorf("the public URL %q is not an http(s) origin", opts.PublicURL)
	}
	if len(opts.FlowKey) < 32 {
		return nil, errors.New("the flow cookie key must be 32 bytes (the root key's flow-cookie subkey)")
	}
	pg, err := loadPages()
	if err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = logrus.StandardLogger()
	}
	w := &Web{signin: signin, opts: opts, secure: pu.Scheme == "https", pages: pg, log: log,
		flows: newFlowCodec(opts.FlowKey, signin.Clock.Now)}
	w.cop = http.NewCrossOriginProtection()
	if err := w.cop.AddTrustedOrigin(pu.Scheme + "://" + pu.Host); err != nil {
		return nil, err
	}
	w.cop.SetDenyHandler(http.HandlerFunc(w.crossOrigin))
	return w, nil
}

// Register mounts the pages on r.
func (w *Web) Register(r *mux.Router) {
	w.handle(r, "/", w.home, http.MethodGet, http.MethodHead)
	w.handle(r, "/login", w.loginPage, http.MethodGet, http.MethodHead)
	w.handle(r, "/login/okta", w.loginOkta, http.MethodPost)
	w.handle(r, "/login/password", w.loginPassword, http.MethodPost)
	w.handle(r, "/logout", w.logout, http.MethodPost)
	w.handle(r, "/bots/okta/login", w.tileLogin, http.MethodGet)
	w.handle(r, CallbackPath, w.callback, http.MethodGet)
	w.registerAdmin(r) // the admin pages: admin.go
	r.PathPrefix("/static/").Handler(staticHandler()).Methods(http.MethodGet, http.MethodHead)
}

// handle registers a page route with cross-origin protection and page headers.
func (w *Web) handle(r *mux.Router, path string, h http.HandlerFunc, methods ...string) {
	r.Handle(path, w.cop.Handler(pageHeaders(h))).Methods(methods...)
}

// pageHeaders are the headers every page carries: never cached, never framed, no
// referrer leaving the site (the callback URL holds a code).
func pageHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hd := rw.Header()
		hd.Set("Cache-Control", "no-store")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.ServeHTTP(rw, r)
	})
}

// crossOrigin answers a form posted from another site.
func (w *Web) crossOrigin(rw http.ResponseWriter, r *http.Request) {
	w.render(rw, r, http.StatusForbidden, "error", nil, errorView{
		Title:   "Request refused",
		Message: "This form was sent from another site, so Harriet refused it. Open Harriet directly and try again.",
	})
}

// redirectURI is where Okta sends the browser back: the public URL, never a
// request's Host or X-Forwarded-* headers.
func (w *Web) redirectURI() string { return w.opts.PublicURL + CallbackPath }
