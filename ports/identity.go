package ports

import (
	"context"
	"time"

	"harriet/core"
)

// Discoverer fetches an OpenID provider's configuration when an integration is saved.
// It does network I/O, so use cases call it outside any transaction.
//
// It returns a Discovery with Status core.DiscoveryOK (and the document in Metadata)
// when the provider answered for exactly this issuer, or core.DiscoveryUnreachable
// with the reason in Message when it could not be reached (the save still succeeds).
// It returns an error (core.Invalid naming the field "login_domain") when the
// provider answered but must be refused, for example because it names another issuer.
type Discoverer interface {
	Discover(ctx context.Context, issuer string) (core.Discovery, error)
}

// OIDCClient is what the identity provider needs to act for one company's Okta app.
// The use case fills it from the saved integration; the adapter may cache what it
// builds from it (keyed by CompanyID and Version, so a re-saved integration gets a
// fresh provider).
type OIDCClient struct {
	CompanyID    string
	Version      int64 // the integration's version
	Issuer       string
	ClientID     string
	ClientSecret string // opened from the SecretBox for the token call; never logged
	RedirectURI  string // always the configured public URL + /bots/okta/callback/
	Metadata     []byte // the discovery document saved with the integration, if any
}

// AuthRequest is what goes on the authorization request besides the client.
type AuthRequest struct {
	State         string
	Nonce         string
	CodeChallenge string // PKCE S256 challenge of the verifier
	LoginHint     string // optional
}

// IDClaims are the claims of an ID token whose signature (RS256 only), issuer,
// audience and expiry the adapter has verified. The use case checks the rest: nonce,
// sub present, iat present and not far ahead, azp when present.
type IDClaims struct {
	Issuer          string
	Subject         string
	Audience        []string
	AuthorizedParty string // azp, "" when absent
	Nonce           string
	IssuedAt        time.Time // zero when absent
	Email           string    // "" when absent
	EmailVerified   *bool     // nil when absent
}

// TokenResult is the answer of a successful code exchange.
type TokenResult struct {
	Claims      IDClaims
	AccessToken string // for the userinfo call only; never logged or stored
}

// UserInfo is what the provider's userinfo endpoint said.
type UserInfo struct {
	Subject       string
	Email         string
	EmailVerified *bool
}

// IdentityProvider runs the OpenID Connect authorization code flow against a
// company's Okta. Every error is a sign-in failure whose cause goes to the log only:
// core.Unavailable when the provider cannot be reached, core.Invalid when it answered
// with an error or a token that does not verify.
type IdentityProvider interface {
	// AuthCodeURL returns the provider's authorization URL for this request
	// (response_type code, scopes openid profile email, PKCE S256).
	AuthCodeURL(ctx context.Context, c OIDCClient, r AuthRequest) (string, error)
	// Exchange swaps a code for tokens with client_secret_basic, exactly once (a code
	// is single-use: never retried), and verifies the ID token.
	Exchange(ctx context.Context, c OIDCClient, code, verifier string) (TokenResult, error)
	// UserInfo asks the provider's userinfo endpoint with the access token.
	UserInfo(ctx context.Context, c OIDCClient, accessToken string) (UserInfo, error)
}
