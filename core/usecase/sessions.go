package usecase

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"time"

	"harriet/core"
	"harriet/ports"
)

// Session methods, as core.Session.Method records them.
const (
	MethodOkta     = "okta"
	MethodPassword = "password"
)

// SessionPolicy says how long a browser session lasts.
type SessionPolicy struct {
	Absolute   time.Duration // from sign-in, whatever the activity
	Idle       time.Duration // since the last recorded activity
	TouchEvery time.Duration // activity is recorded at most this often, so reads stay reads
}

// DefaultSessionPolicy is 12 hours at most, 2 hours idle, activity recorded each minute.
func DefaultSessionPolicy() SessionPolicy {
	return SessionPolicy{Absolute: 12 * time.Hour, Idle: 2 * time.Hour, TouchEvery: time.Minute}
}

// SignIn runs the interactive ways in: Okta single sign-on, password sign-in,
// sessions and sign-out. It adds to the Service what only sign-in needs.
type SignIn struct {
	*Service
	// IdP runs the OpenID Connect flow with the companies' Okta orgs.
	IdP ports.IdentityProvider
	// RedirectURI is the configured public URL + /bots/okta/callback/, never taken
	// from a request.
	RedirectURI string
	// Sessions is the session policy; zero fields take DefaultSessionPolicy's.
	Sessions SessionPolicy
	// FlowTTL bounds how long a sign-in at Okta may take (default 10 minutes).
	FlowTTL time.Duration
}

// msgSessionEnded answers a session cookie that no longer holds.
const msgSessionEnded = "Your session has ended. Sign in again."

// sessionIDBytes is 256 random bits.
const sessionIDBytes = 32

// NewSession is a session just made: ID is the secret for the cookie, shown to the
// browser once and kept in the store only as its SHA-256.
type NewSession struct {
	ID       string
	Session  core.Session
	User     core.User
	ReturnTo string
}

func (s *SignIn) policy() SessionPolicy {
	p, d := s.Sessions, DefaultSessionPolicy()
	if p.Absolute <= 0 {
		p.Absolute = d.Absolute
	}
	if p.Idle <= 0 {
		p.Idle = d.Idle
	}
	if p.TouchEvery <= 0 {
		p.TouchEvery = d.TouchEvery
	}
	return p
}

// createSession stores a new session for u in tx: a fresh random ID at every
// sign-in, so a session ID planted before sign-in is worth nothing after it.
func (s *SignIn) createSession(ctx context.Context, tx ports.Store, u core.User, method string, now time.Time) (NewSession, error) {
	b := make([]byte, sessionIDBytes)
	if _, err := rand.Read(b); err != nil {
		return NewSession{}, core.Wrap(core.Internal, err, "could not make a session ID")
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	sess := core.Session{Hash: core.HashToken(id), CompanyID: u.CompanyID, UserID: u.ID, Method: method,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.policy().Absolute)}
	if err := tx.Sessions().Create(ctx, sess); err != nil {
		return NewSession{}, err
	}
	return NewSession{ID: id, Session: sess, User: u}, nil
}

// ResolveSession turns a session cookie's ID into the signed-in principal. A session
// past its absolute or idle expiry, of a user deactivated or deleted since, or a
// password session of a domain now SSO-only, is ended and answers Unauthenticated.
// Activity is recorded at most once per TouchEvery.
func (s *SignIn) ResolveSession(ctx context.Context, id, requestID string) (core.Principal, error) {
	if len(id) != base64.RawURLEncoding.EncodedLen(sessionIDBytes) {
		return core.Principal{}, core.E(core.Unauthenticated, msgSessionEnded)
	}
	hash := core.HashToken(id)
	sess, err := s.Store.Sessions().ByHash(ctx, hash)
	if core.IsKind(err, core.NotFound) {
		return core.Principal{}, core.E(core.Unauthenticated, msgSessionEnded)
	}
	if err != nil {
		return core.Principal{}, err
	}
	now := s.Clock.Now()
	u, err := s.sessionUser(ctx, sess, now)
	if err != nil {
		if core.IsKind(err, core.Unauthenticated) {
			_ = s.Store.Sessions().Delete(ctx, hash)
		}
		return core.Principal{}, err
	}
	roles, _, err := s.RolesOf(ctx, u)
	if err != nil {
		return core.Principal{}, err
	}
	if now.Sub(sess.LastSeenAt) >= s.policy().TouchEvery {
		_ = s.Store.Sessions().Touch(ctx, hash, now) // a lost touch must not fail the request
	}
	return core.Principal{CompanyID: u.CompanyID, User: u, Roles: roles, Kind: core.ActorUser, RequestID: requestID}, nil
}

// sessionUser checks the session still holds and returns its user.
func (s *SignIn) sessionUser(ctx context.Context, sess core.Session, now time.Time) (core.User, error) {
	ended := core.E(core.Unauthenticated, msgSessionEnded)
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.policy().Idle {
		return core.User{}, ended
	}
	u, err := s.Store.Users().Get(ctx, sess.CompanyID, sess.UserID)
	if core.IsKind(err, core.NotFound) {
		return core.User{}, ended
	}
	if err != nil {
		return core.User{}, err
	}
	if !u.Active || u.Deleted() {
		return core.User{}, ended
	}
	if sess.Method == MethodPassword {
		only, err := s.ssoOnlyFor(ctx, u)
		if err != nil {
			return core.User{}, err
		}
		if only {
			return core.User{}, core.E(core.Unauthenticated, MsgSSOOnly)
		}
	}
	return u, nil
}

// ssoOnlyIntegration returns the integration that owns the email's domain when it
// has SSO only on, else ok false.
func (s *SignIn) ssoOnlyIntegration(ctx context.Context, email string) (core.Integration, bool, error) {
	d := core.EmailDomain(email)
	if d == "" {
		return core.Integration{}, false, nil
	}
	in, err := s.Store.Integrations().ByDomain(ctx, d)
	if core.IsKind(err, core.NotFound) {
		return core.Integration{}, false, nil
	}
	if err != nil {
		return core.Integration{}, false, err
	}
	return in, in.SSOOnly, nil
}

// ssoOnlyFor reports whether SSO only keeps u from other sign-in methods: u's
// company has SSO only on for the domain of u's email. A company's setting governs
// its own accounts only, so an address of that domain that also has an account in
// another company (a contractor) signs in there as that company allows.
func (s *SignIn) ssoOnlyFor(ctx context.Context, u core.User) (bool, error) {
	in, only, err := s.ssoOnlyIntegration(ctx, u.PrimaryEmail())
	return only && in.CompanyID == u.CompanyID, err
}

// CompanyOf returns the signed-in principal's company, for the pages to name it.
func (s *SignIn) CompanyOf(ctx context.Context, p core.Principal) (core.Company, error) {
	return s.Store.Companies().Get(ctx, p.CompanyID)
}
