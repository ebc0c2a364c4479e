package devidp

import "time"

// Faults make the provider misbehave the way broken or hostile providers do. The
// zero value behaves. Each field is independent; set several to combine them.
type Faults struct {
	// DenyAccess answers the authorization request with error=access_denied, as Okta
	// does for a user not assigned to the app.
	DenyAccess bool
	// AuthorizeError answers the authorization request with this OAuth error code
	// (login_required, server_error, ...).
	AuthorizeError string
	// DiscoveryIssuer is the issuer the discovery document claims (a custom domain).
	DiscoveryIssuer string
	// DiscoveryDown makes the discovery document answer 503.
	DiscoveryDown bool
	// TokenError makes the token endpoint answer this OAuth error (400).
	TokenError string

	// ID token faults.
	WrongNonce      bool          // a nonce that is not the request's
	Audience        string        // aud instead of the client ID
	Issuer          string        // iss instead of the authorization server's
	AuthorizedParty string        // an azp claim
	BadSignature    bool          // signed by a key that is not the published one (same kid)
	AlgHS256        bool          // HS256 with the client secret as the key
	AlgNone         bool          // alg "none", no signature
	UnknownKID      bool          // signed by a fresh key whose kid the JWKS never lists
	MissingSub      bool          // no sub claim
	MissingIAT      bool          // no iat claim
	IATOffset       time.Duration // iat this far from now (positive: in the future)
	Expired         bool          // exp in the past
	ThinToken       bool          // no email or email_verified (userinfo has them)
	// UserInfoSubject makes userinfo answer for another sub.
	UserInfoSubject string
	// ExtraUnknownKeys publishes keys of types and algorithms a verifier must ignore
	// (Ed448, secp256k1, a symmetric key, an encryption key) besides the signing keys.
	ExtraUnknownKeys bool
}

// SetFaults replaces the provider's faults; Faults{} makes it behave again.
func (p *Provider) SetFaults(f Faults) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = f
}

func (p *Provider) currentFaults() Faults {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.faults
}
