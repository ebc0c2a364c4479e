// Package httpmw holds the HTTP middleware every route shares: request IDs, client
// IPs behind trusted proxies, logging, metrics, panic recovery, rate limits and the
// authenticator that turns a bearer token or a session into a core.Principal.
package httpmw

import (
	"context"
	"net/http"
	"net/netip"
	"sync"
)

// info is what the middleware learns about one request. The outer middleware
// creates it, inner handlers fill in the route and the company, and the outer
// middleware reads them back for the log line and the metrics.
type info struct {
	requestID string
	clientIP  netip.Addr

	mu      sync.Mutex
	route   string
	company string
}

type infoKey struct{}

// withInfo returns r carrying a fresh info, or r itself when it has one.
func withInfo(r *http.Request) (*http.Request, *info) {
	if in, ok := r.Context().Value(infoKey{}).(*info); ok {
		return r, in
	}
	in := &info{}
	return r.WithContext(context.WithValue(r.Context(), infoKey{}, in)), in
}

func infoFrom(ctx context.Context) *info {
	if in, ok := ctx.Value(infoKey{}).(*info); ok {
		return in
	}
	return &info{} // a throwaway, so callers never check for nil
}

// RequestIDFrom returns the request's ID, or "" outside the middleware.
func RequestIDFrom(ctx context.Context) string { return infoFrom(ctx).requestID }

// ClientIPFrom returns the client's address as ClientIP worked it out (the
// peer's address, or X-Forwarded-For's when the peer is a trusted proxy).
func ClientIPFrom(ctx context.Context) netip.Addr { return infoFrom(ctx).clientIP }

// SetCompany records the company a request acts for, for the log line.
func SetCompany(ctx context.Context, companyID string) {
	in := infoFrom(ctx)
	in.mu.Lock()
	in.company = companyID
	in.mu.Unlock()
}

// SetRoute records the route template that matched, for the log line and metrics.
func SetRoute(ctx context.Context, template string) {
	in := infoFrom(ctx)
	in.mu.Lock()
	in.route = template
	in.mu.Unlock()
}

func (in *info) snapshot() (route, company string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.route, in.company
}

// Chain wraps h in the middleware, the first one outermost.
func Chain(h http.Handler, mws ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mws) - 1; i >= 0; i-- {
		h = mws[i](h)
	}
	return h
}
