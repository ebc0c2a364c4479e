package usecase

import (
	"context"
	"strings"
	"time"

	"harriet/core"
)

// lastUsedGranularity is how stale a token's last_used_at may get before a use
// records it again, so that reads do not all turn into writes.
const lastUsedGranularity = time.Minute

// Messages for a bearer that does not authenticate.
const (
	msgNotAToken    = "This is not a Harriet API token. Paste a Harriet API token from My preferences → Manage API tokens (it starts with hrt_); the Okta client secret does not go here."
	msgCutToken     = "This looks like a Harriet API token but is not a whole one: it was cut or mistyped when copied. Paste it again, whole, or create a new one in My preferences → Manage API tokens."
	msgRevoked      = "This API token was revoked or its owner can no longer use it. Create a new one in My preferences → Manage API tokens."
	msgUnknownToken = "Harriet does not know this API token: it was not made by this Harriet (another installation's, say). Create one in My preferences → Manage API tokens."
)

// AuthenticateToken resolves a bearer API token to a principal. Tenancy comes from
// the token. A personal token acts with its creator's roles now and stops working
// when the creator is deactivated or deleted; a provisioning (scim) token is a
// company credential that keeps working when its creator leaves.
func (s *Service) AuthenticateToken(ctx context.Context, secret, requestID string) (core.Principal, error) {
	if !core.WellFormedToken(secret) {
		if strings.HasPrefix(secret, core.TokenPrefix) {
			return core.Principal{}, core.E(core.Unauthenticated, msgCutToken)
		}
		return core.Principal{}, core.E(core.Unauthenticated, msgNotAToken)
	}
	t, err := s.Store.Tokens().ByHash(ctx, core.HashToken(secret))
	if core.IsKind(err, core.NotFound) {
		return core.Principal{}, core.E(core.Unauthenticated, msgUnknownToken)
	}
	if err != nil {
		return core.Principal{}, err
	}
	if !t.Usable() {
		return core.Principal{}, core.E(core.Unauthenticated, msgRevoked)
	}
	p, err := s.tokenPrincipal(ctx, t, requestID)
	if err != nil {
		return core.Principal{}, err
	}
	s.touchToken(ctx, t)
	return p, nil
}

func (s *Service) tokenPrincipal(ctx context.Context, t core.Token, requestID string) (core.Principal, error) {
	p := core.Principal{CompanyID: t.CompanyID, Kind: core.ActorToken, TokenID: t.ID, TokenName: t.Name, Scope: t.Scope, RequestID: requestID}
	u, err := s.Store.Users().Get(ctx, t.CompanyID, t.CreatedBy)
	switch {
	case err == nil:
		p.User = u
	case core.IsKind(err, core.NotFound) && t.Scope == core.ScopeSCIM:
		p.User = core.User{ID: t.CreatedBy, CompanyID: t.CompanyID}
		return p, nil
	case core.IsKind(err, core.NotFound):
		return core.Principal{}, core.E(core.Unauthenticated, msgRevoked)
	default:
		return core.Principal{}, err
	}
	if t.Scope == core.ScopeSCIM {
		return p, nil // a company credential: the creator's roles do not matter
	}
	if !u.Active {
		return core.Principal{}, core.E(core.Unauthenticated, msgRevoked)
	}
	roles, _, err := s.RolesOf(ctx, u)
	if err != nil {
		return core.Principal{}, err
	}
	p.Roles = roles
	if !core.Allowed(roles, core.ActManageOwnTokens) {
		// the creator lost the right to hold a token
		return core.Principal{}, core.E(core.Unauthenticated, msgRevoked)
	}
	return p, nil
}

// touchToken records the use at most once per lastUsedGranularity. A failure to record
// it must not fail the request that used the token.
func (s *Service) touchToken(ctx context.Context, t core.Token) {
	now := s.Clock.Now()
	if t.LastUsedAt != nil && now.Sub(*t.LastUsedAt) < lastUsedGranularity {
		return
	}
	_ = s.Store.Tokens().Touch(ctx, t.CompanyID, t.ID, now)
}
