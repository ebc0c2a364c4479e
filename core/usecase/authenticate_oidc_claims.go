package usecase

import (
	"context"
	"crypto/subtle"
	"fmt"
	"slices"
	"time"

	"harriet/core"
	"harriet/ports"
)

// maxIATAhead is the clock skew SPEC.md allows: an ID token issued up to 5 minutes in
// the future is accepted, further is refused.
const maxIATAhead = 5 * time.Minute

// oktaIdentity is who Okta vouched for, once every check has passed.
type oktaIdentity struct {
	issuer   string
	subject  string
	email    string
	verified *bool
}

// verifiedIdentity exchanges the code (exactly once), checks the claims go-oidc
// leaves to us and completes a thin token from userinfo.
func (s *SignIn) verifiedIdentity(ctx context.Context, in core.Integration, cb OktaCallback) (oktaIdentity, *signInFailure) {
	secret, err := s.Secrets.Open(in.CompanyID, in.SecretSealed)
	if err != nil {
		s.keys.failed(in.CompanyID)
		return oktaIdentity{}, failed("the client secret does not open with this node's secret key (every node needs the same key): %v", err)
	}
	s.keys.opened(in.CompanyID)
	oc := s.oidcClient(in, string(secret))
	tr, err := s.IdP.Exchange(ctx, oc, cb.Code, cb.Flow.Verifier)
	if err != nil {
		return oktaIdentity{}, failed("code exchange: %v", err)
	}
	if f := s.checkClaims(tr.Claims, in, cb.Flow.Nonce); f != nil {
		return oktaIdentity{}, f
	}
	id := oktaIdentity{issuer: tr.Claims.Issuer, subject: tr.Claims.Subject, email: tr.Claims.Email, verified: tr.Claims.EmailVerified}
	if id.email == "" || id.verified == nil {
		ui, err := s.IdP.UserInfo(ctx, oc, tr.AccessToken)
		if err != nil {
			return oktaIdentity{}, failed("userinfo: %v", err)
		}
		if id, err = mergeUserInfo(id, ui); err != nil {
			return oktaIdentity{}, failed("userinfo: %v", err)
		}
	}
	switch {
	case id.verified != nil && !*id.verified:
		f := refused(core.Forbidden, MsgEmailNotVerified, "email_verified is false")
		f.email = id.email
		return oktaIdentity{}, f
	case id.verified == nil || id.email == "":
		return oktaIdentity{}, failed("Okta gave no email or no email_verified, even at userinfo")
	}
	return id, nil
}

// checkClaims checks what go-oidc does not: the nonce of this flow, a subject, an
// issue time not far ahead, and the authorized party when there is one (or when the
// token has several audiences).
func (s *SignIn) checkClaims(c ports.IDClaims, in core.Integration, nonce string) *signInFailure {
	now := s.Clock.Now()
	switch {
	case c.Issuer != in.Issuer:
		return failed("the ID token's issuer %s is not the integration's %s", c.Issuer, in.Issuer)
	case !slices.Contains(c.Audience, in.ClientID):
		return failed("the ID token is not for client %s", in.ClientID)
	case subtle.ConstantTimeCompare([]byte(c.Nonce), []byte(nonce)) != 1:
		return failed("the ID token's nonce is not this flow's")
	case c.Subject == "":
		return failed("the ID token has no sub")
	case c.IssuedAt.IsZero():
		return failed("the ID token has no iat")
	case c.IssuedAt.After(now.Add(maxIATAhead)):
		return failed("the ID token's iat %s is more than %s ahead of %s", c.IssuedAt.UTC().Format(time.RFC3339), maxIATAhead, now.Format(time.RFC3339))
	case c.AuthorizedParty != "" && c.AuthorizedParty != in.ClientID:
		return failed("the ID token's azp %q is not client %s", c.AuthorizedParty, in.ClientID)
	case len(c.Audience) > 1 && c.AuthorizedParty == "":
		return failed("the ID token has several audiences and no azp")
	}
	return nil
}

// mergeUserInfo completes a thin ID token from userinfo, which must speak of the same
// subject and, when both name an email, the same email.
func mergeUserInfo(id oktaIdentity, ui ports.UserInfo) (oktaIdentity, error) {
	if ui.Subject != id.subject {
		return id, fmt.Errorf("userinfo is about sub %q, the ID token about %q", ui.Subject, id.subject)
	}
	if id.email != "" && ui.Email != "" && core.NormEmail(id.email) != core.NormEmail(ui.Email) {
		return id, fmt.Errorf("userinfo's email differs from the ID token's")
	}
	if id.email == "" {
		id.email = ui.Email
	}
	if id.verified == nil {
		id.verified = ui.EmailVerified
	}
	return id, nil
}

// tenantUser binds the verified email to the integration: its domain must be the
// integration's Domain, and the user is looked up in that company only, by primary
// email. Nothing is revealed about other domains or companies.
func (s *SignIn) tenantUser(ctx context.Context, in core.Integration, id oktaIdentity) (core.User, *signInFailure) {
	noUser := func(reason string) *signInFailure {
		f := refused(core.Unauthenticated, MsgNoUser, reason)
		f.email = id.email
		return f
	}
	if core.EmailDomain(id.email) != in.Domain {
		return core.User{}, noUser("the verified email's domain is not the integration's " + in.Domain)
	}
	u, err := s.Store.Users().ByEmail(ctx, in.CompanyID, id.email)
	if core.IsKind(err, core.NotFound) {
		return core.User{}, noUser("no user in the company has this primary email")
	}
	if err != nil {
		f := failed("looking up the user: %v", err)
		f.email = id.email
		return core.User{}, f
	}
	if !u.Active {
		f := refused(core.Forbidden, MsgDeactivated, "the user is deactivated")
		f.user, f.email = &u, id.email
		return core.User{}, f
	}
	return u, nil
}
