package httpmw

import (
	"context"
	"net/http"
	"strings"

	"github.com/sirupsen/logrus"

	"harriet/core"
)

// TokenAuthenticator resolves an API token (usecase.Service implements it).
type TokenAuthenticator interface {
	AuthenticateToken(ctx context.Context, secret, requestID string) (core.Principal, error)
}

// SessionResolver resolves a browser session from the request's cookie. ok is
// false when the request carries no session; err when it carries one that does
// not hold (expired, ended) or the store failed.
type SessionResolver interface {
	Resolve(r *http.Request) (p core.Principal, ok bool, err error)
}

// Auth turns a request's credential into a principal: "Authorization: Bearer
// <token>" through the token use case, else a session when a SessionResolver is
// plugged in. Failed bearer credentials are recorded by the FailLimiter (in the
// metrics and against the client IP's limit). A client over the limit gets 429 for
// anything but a valid credential: tokens and session IDs are 256 random bits, so
// the limit protects nothing by refusing a good one, and refusing it would let
// whoever shares an address with Okta (a NAT, a proxy not listed in
// --trusted-proxies) stop provisioning with junk tokens. Passwords, which can be
// guessed, stay refused before they are checked (adapters/web). It implements both
// scimapi's and httpapi's Authenticator; hand SCIM BearerOnly(), since SCIM takes
// API tokens only.
type Auth struct {
	Tokens   TokenAuthenticator
	Sessions SessionResolver // optional
	Failures *FailLimiter    // optional; records failed credentials and refuses clients over the limit
	Log      logrus.FieldLogger
}

// Messages for requests that do not authenticate.
const (
	msgNoCredential = "Authentication required: send Authorization: Bearer <Harriet API token> (My preferences → Manage API tokens), or sign in."
	msgNoBearer     = "Authentication required: send Authorization: Bearer <Harriet API token>, with a token from My preferences → Manage API tokens."
	msgNotBearer    = "Use Authorization: Bearer <Harriet API token>; other authorization schemes are not accepted. Create a token in My preferences → Manage API tokens."
	msgEmptyBearer  = "The Authorization header says Bearer but carries no token: send Authorization: Bearer <Harriet API token>, with a token from My preferences → Manage API tokens."
)

// BearerOnly returns a copy of a that ignores sessions.
func (a *Auth) BearerOnly() *Auth {
	c := *a
	c.Sessions = nil
	return &c
}

// Authenticate resolves the request's principal. Errors are core errors:
// Unauthenticated, RateLimited (with a RetryAfter cause) in its place for a client
// over the failure limit, or the store's.
func (a *Auth) Authenticate(r *http.Request) (core.Principal, error) {
	wait := a.Failures.waitOf(ClientIPFrom(r.Context()))
	p, err := a.resolve(r)
	if wait > 0 && core.IsKind(err, core.Unauthenticated) {
		a.Failures.refused()
		return core.Principal{}, &core.Error{Kind: core.RateLimited, Message: tooManyFailures(wait), Err: &RetryAfter{Wait: wait}}
	}
	return p, err
}

// resolve turns the request's credential into a principal.
func (a *Auth) resolve(r *http.Request) (core.Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		return a.bearer(ctx, h)
	}
	if a.Sessions != nil {
		p, ok, err := a.Sessions.Resolve(r)
		if err != nil {
			return core.Principal{}, err
		}
		if ok {
			p.RequestID = RequestIDFrom(ctx)
			SetCompany(ctx, p.CompanyID)
			return p, nil
		}
	}
	if a.Sessions == nil { // BearerOnly (SCIM): signing in would not help
		return core.Principal{}, core.E(core.Unauthenticated, msgNoBearer)
	}
	return core.Principal{}, core.E(core.Unauthenticated, msgNoCredential)
}

func (a *Auth) bearer(ctx context.Context, header string) (core.Principal, error) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(header), " ")
	switch {
	case !strings.EqualFold(scheme, "Bearer"):
		a.failed(ctx, "not a bearer credential")
		return core.Principal{}, core.E(core.Unauthenticated, msgNotBearer)
	case strings.TrimSpace(token) == "":
		a.failed(ctx, "a bearer without a token")
		return core.Principal{}, core.E(core.Unauthenticated, msgEmptyBearer)
	}
	p, err := a.Tokens.AuthenticateToken(ctx, strings.TrimSpace(token), RequestIDFrom(ctx))
	if err != nil {
		if core.IsKind(err, core.Unauthenticated) {
			a.failed(ctx, core.MessageOf(err))
		}
		return core.Principal{}, err
	}
	SetCompany(ctx, p.CompanyID)
	return p, nil
}

// failed records and logs one failed credential: never the credential itself.
func (a *Auth) failed(ctx context.Context, reason string) {
	ip := ClientIPFrom(ctx)
	a.Failures.Fail(ip)
	if a.Log != nil {
		a.Log.WithFields(logrus.Fields{"request_id": RequestIDFrom(ctx), "client_ip": ip.String(), "reason": reason}).
			Info("authentication failed")
	}
}
