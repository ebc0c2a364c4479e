package usecase

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"

	"harriet/core"
	"harriet/ports"
)

// The sign-in messages of SPEC.md, exactly. The callback list is complete: anything
// else is MsgOktaFailed, with the cause in the log.
const (
	MsgNoIntegration    = "No Okta integration found for this domain"
	MsgNoUser           = "No user found with this email"
	MsgDeactivated      = "This account is deactivated"
	MsgNotAssigned      = "Your Okta administrator has not assigned Harriet to you."
	MsgEmailNotVerified = "Your email address is not verified in Okta."
	MsgLinkedOther      = "This Harriet account is linked to a different Okta user."
	MsgOktaFailed       = "Sign-in with Okta failed. Try again; if it keeps failing, ask your IT admin."
	MsgSSOOnly          = "Your company signs in with Okta only."
)

// defaultFlowTTL bounds the time between leaving for Okta and coming back.
const defaultFlowTTL = 10 * time.Minute

// LoginFlow is what a sign-in at Okta must come back with. The browser carries it in
// a short-lived signed cookie, so any node can finish a sign-in another started.
type LoginFlow struct {
	ID        string // unique per flow, so a node can refuse a replay
	CompanyID string // the integration that started it: tenancy for the callback
	Issuer    string
	State     string
	Nonce     string
	Verifier  string // PKCE code verifier
	Email     string // the login hint, to fill the login page again on failure
	ReturnTo  string // a path on this site
	ExpiresAt time.Time
}

// LoginStart is a started sign-in: the flow to keep and where to send the browser.
type LoginStart struct {
	Flow    LoginFlow
	AuthURL string
}

// StartOktaLogin starts a sign-in for a work email: the integration of the email's
// domain, then Okta's authorization URL with state, nonce, PKCE S256 and the email
// as login_hint. An unknown domain is Invalid with MsgNoIntegration.
func (s *SignIn) StartOktaLogin(ctx context.Context, email, returnTo string) (LoginStart, error) {
	email = strings.TrimSpace(email)
	if err := core.ValidateEmail("email", email); err != nil {
		return LoginStart{}, core.InvalidField("email", "Enter your work email address, like name@acme.com.")
	}
	in, err := s.Store.Integrations().ByDomain(ctx, core.EmailDomain(email))
	if core.IsKind(err, core.NotFound) {
		return LoginStart{}, core.InvalidField("email", MsgNoIntegration)
	}
	if err != nil {
		return LoginStart{}, err
	}
	return s.startFlow(ctx, in, email, returnTo)
}

// StartOktaLoginFromIssuer starts a sign-in from the Okta dashboard tile (third-party
// initiated login): only when exactly one integration has that issuer; otherwise
// NotFound, and the caller shows the login page.
func (s *SignIn) StartOktaLoginFromIssuer(ctx context.Context, issuer, returnTo string) (LoginStart, error) {
	// Issuers are stored without a trailing slash, as Okta names them; a tile set up
	// with one still finds its integration.
	issuer = strings.TrimSuffix(strings.TrimSpace(issuer), "/")
	if issuer == "" {
		return LoginStart{}, core.E(core.NotFound, MsgNoIntegration)
	}
	ins, err := s.Store.Integrations().ByIssuer(ctx, issuer)
	if err != nil {
		return LoginStart{}, err
	}
	if len(ins) != 1 {
		return LoginStart{}, core.E(core.NotFound, MsgNoIntegration)
	}
	return s.startFlow(ctx, ins[0], "", returnTo)
}

func (s *SignIn) startFlow(ctx context.Context, in core.Integration, email, returnTo string) (LoginStart, error) {
	ttl := s.FlowTTL
	if ttl <= 0 {
		ttl = defaultFlowTTL
	}
	f := LoginFlow{ID: randomToken(), CompanyID: in.CompanyID, Issuer: in.Issuer, State: randomToken(),
		Nonce: randomToken(), Verifier: randomToken(), Email: email, ReturnTo: SafeReturnPath(returnTo),
		ExpiresAt: s.Clock.Now().Add(ttl)}
	u, err := s.IdP.AuthCodeURL(ctx, s.oidcClient(in, ""), ports.AuthRequest{
		State: f.State, Nonce: f.Nonce, CodeChallenge: pkceS256(f.Verifier), LoginHint: email})
	if err != nil {
		return LoginStart{}, core.Wrap(core.Unavailable, err, "%s", MsgOktaFailed)
	}
	return LoginStart{Flow: f, AuthURL: u}, nil
}

// oidcClient describes the integration's Okta app to the IdP adapter.
func (s *SignIn) oidcClient(in core.Integration, secret string) ports.OIDCClient {
	return ports.OIDCClient{CompanyID: in.CompanyID, Version: in.Version, Issuer: in.Issuer, ClientID: in.ClientID,
		ClientSecret: secret, RedirectURI: s.RedirectURI, Metadata: in.Discovery.Metadata}
}

// maxReturnPath bounds a return path. It rides in the sign-in flow cookie, where
// JSON may spell a character in six bytes, and a cookie over 4 KB is dropped by
// browsers, which would make every sign-in from such a link fail.
const maxReturnPath = 256

// SafeReturnPath keeps a return path only when it is a path on this site: it must
// start with one "/", carry no scheme, host or backslash, and be at most
// maxReturnPath characters of a URL's own (printable ASCII, no space, quote or
// angle bracket; the rest comes percent-encoded), so a sign-in can never send the
// browser elsewhere nor put a control character in a Location. Anything else is "/".
func SafeReturnPath(p string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || len(p) > maxReturnPath {
		return "/"
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"<>\\^`+"`"+`{|}`, c) >= 0 {
			return "/"
		}
	}
	return p
}

// randomToken is 256 random bits, URL-safe: states, nonces, PKCE verifiers (43
// characters, as RFC 7636 requires at least).
func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // the platform cannot give randomness
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// pkceS256 is RFC 7636's S256 code challenge of a verifier.
func pkceS256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// LoginMethods are the ways in the login page offers for an email's domain.
type LoginMethods struct {
	Okta     bool // the domain has an Okta integration
	Password bool // false when the domain's integration is SSO-only
	SSOOnly  bool
}

// LoginMethodsFor says which ways in the login page shows once the email is typed:
// Okta when the email's domain has an integration, password sign-in unless that
// integration is SSO-only.
func (s *SignIn) LoginMethodsFor(ctx context.Context, email string) (LoginMethods, error) {
	d := core.EmailDomain(strings.TrimSpace(email))
	if d == "" {
		return LoginMethods{Okta: true, Password: true}, nil
	}
	in, err := s.Store.Integrations().ByDomain(ctx, d)
	if core.IsKind(err, core.NotFound) {
		return LoginMethods{Password: true}, nil
	}
	if err != nil {
		return LoginMethods{}, err
	}
	return LoginMethods{Okta: true, Password: !in.SSOOnly, SSOOnly: in.SSOOnly}, nil
}
