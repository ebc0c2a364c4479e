// Package oidcclient is Harriet's OpenID Connect client for Okta, on coreos/go-oidc
// and golang.org/x/oauth2. It implements ports.IdentityProvider and ports.Discoverer:
// discovery when an integration is saved, the authorization URL, the code exchange
// (client_secret_basic only, never retried), ID token verification (RS256 only) and
// userinfo. Providers are cached per integration so discovery happens once, not per
// sign-in; key sets are cached per issuer and refetched on an unknown kid, throttled.
package oidcclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/time/rate"

	"harriet/core"
	"harriet/ports"
)

// Options tune a Client. The zero value is what production uses.
type Options struct {
	// HTTPClient makes every call to an IdP; nil is NewHTTPClient(Timeout).
	HTTPClient *http.Client
	// Timeout bounds each IdP call (default 10 s).
	Timeout time.Duration
	// JWKSRefreshEvery and JWKSRefreshBurst throttle key refetches per issuer: at
	// most Burst fetches at once, then one per Every (defaults 10 s and 3).
	JWKSRefreshEvery time.Duration
	JWKSRefreshBurst int
	// Now is the clock go-oidc checks expiry with (default time.Now).
	Now func() time.Time
	// DiscoveryRetryAfter is how long a discovery that failed at sign-in is not
	// tried again (default 30 s).
	DiscoveryRetryAfter time.Duration
}

// Client talks to the companies' Okta orgs. It is safe for concurrent use and meant
// to live as long as the process.
type Client struct {
	http *http.Client
	opts Options
	// base carries the HTTP client to go-oidc and x/oauth2; it is never cancelled,
	// so cached providers and key sets outlive the request that made them.
	base context.Context

	mu        sync.Mutex
	providers map[string]*provider // by company ID
	keySets   map[string]*keySet   // by issuer + " " + jwks_uri
	// failed remembers, by issuer, a discovery that failed at sign-in, so that for
	// DiscoveryRetryAfter every sign-in answers at once instead of each waiting
	// for an IdP that does not answer.
	failed map[string]failedDiscovery
}

type failedDiscovery struct {
	at  time.Time
	err error
}

// provider is what one integration's sign-ins need, built once.
type provider struct {
	version  int64
	issuer   string
	clientID string
	mdSum    [32]byte
	md       metadata
	oidc     *oidc.Provider
	verifier *oidc.IDTokenVerifier
	keys     *keySet
}

// New makes a Client.
func New(opts Options) *Client {
	if opts.JWKSRefreshEvery <= 0 {
		opts.JWKSRefreshEvery = 10 * time.Second
	}
	if opts.JWKSRefreshBurst <= 0 {
		opts.JWKSRefreshBurst = 3
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DiscoveryRetryAfter <= 0 {
		opts.DiscoveryRetryAfter = 30 * time.Second
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = NewHTTPClient(opts.Timeout)
	}
	return &Client{
		http: hc, opts: opts, base: oidc.ClientContext(context.Background(), hc),
		providers: map[string]*provider{}, keySets: map[string]*keySet{}, failed: map[string]failedDiscovery{},
	}
}

var (
	_ ports.IdentityProvider = (*Client)(nil)
	_ ports.Discoverer       = (*Client)(nil)
)

// providerFor returns the cached provider of an integration, building it from the
// saved discovery document, or by discovery when none was saved (the IdP was
// unreachable at save time).
func (c *Client) providerFor(ctx context.Context, oc ports.OIDCClient) (*provider, error) {
	sum := sha256.Sum256(oc.Metadata)
	c.mu.Lock()
	p := c.providers[oc.CompanyID]
	c.mu.Unlock()
	if p != nil && p.version == oc.Version && p.issuer == oc.Issuer && p.clientID == oc.ClientID &&
		(len(oc.Metadata) == 0 || p.mdSum == sum) {
		return p, nil
	}
	md, err := c.metadataFor(ctx, oc)
	if err != nil {
		return nil, err
	}
	p = c.build(oc, md, sum)
	c.mu.Lock()
	c.providers[oc.CompanyID] = p
	c.mu.Unlock()
	return p, nil
}

func (c *Client) metadataFor(ctx context.Context, oc ports.OIDCClient) (metadata, error) {
	if len(oc.Metadata) > 0 {
		md, err := parseMetadata(bytes.Clone(oc.Metadata), oc.Issuer)
		if err != nil {
			return md, core.Wrap(core.Invalid, err, "the saved OpenID configuration does not fit the integration")
		}
		return md, nil
	}
	if err := c.recentFailure(oc.Issuer); err != nil {
		return metadata{}, err
	}
	_, md, err := c.fetchMetadata(ctx, oc.Issuer)
	if err != nil {
		err = core.Wrap(core.Unavailable, err, "the OpenID provider could not be discovered")
		c.mu.Lock()
		c.failed[oc.Issuer] = failedDiscovery{at: c.opts.Now(), err: err}
		c.mu.Unlock()
		return md, err
	}
	c.mu.Lock()
	delete(c.failed, oc.Issuer)
	c.mu.Unlock()
	return md, nil
}

// recentFailure is the error of the issuer's last discovery when it failed less
// than DiscoveryRetryAfter ago.
func (c *Client) recentFailure(issuer string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	f, ok := c.failed[issuer]
	if !ok || c.opts.Now().Sub(f.at) >= c.opts.DiscoveryRetryAfter {
		return nil
	}
	return f.err
}

func (c *Client) build(oc ports.OIDCClient, md metadata, sum [32]byte) *provider {
	ks := c.keySetFor(md.Issuer, md.JWKSURL)
	op := (&oidc.ProviderConfig{IssuerURL: md.Issuer, AuthURL: md.AuthURL, TokenURL: md.TokenURL,
		UserInfoURL: md.UserInfoURL, JWKSURL: md.JWKSURL, Algorithms: []string{oidc.RS256}}).NewProvider(c.base)
	verifier := oidc.NewVerifier(md.Issuer, ks, &oidc.Config{
		ClientID: oc.ClientID, SupportedSigningAlgs: []string{oidc.RS256}, Now: c.opts.Now,
	})
	return &provider{version: oc.Version, issuer: oc.Issuer, clientID: oc.ClientID, mdSum: sum,
		md: md, oidc: op, verifier: verifier, keys: ks}
}

// keySetFor shares one key set (and its throttle) among every integration of an issuer.
func (c *Client) keySetFor(issuer, jwksURL string) *keySet {
	id := issuer + " " + jwksURL
	c.mu.Lock()
	defer c.mu.Unlock()
	ks := c.keySets[id]
	if ks == nil {
		limiter := rate.NewLimiter(rate.Every(c.opts.JWKSRefreshEvery), c.opts.JWKSRefreshBurst)
		ks = newKeySet(issuer, jwksURL, c.http, limiter)
		c.keySets[id] = ks
	}
	return ks
}

// KeyFetches reports how many times an issuer's keys were fetched.
func (c *Client) KeyFetches(issuer string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, ks := range c.keySets {
		if ks.issuer == issuer {
			n += ks.Fetches()
		}
	}
	return n
}
