// Package devidp is a development OpenID provider that speaks like Okta: Okta's paths
// for the org authorization server (/.well-known/openid-configuration,
// /oauth2/v1/authorize, /oauth2/v1/token, /oauth2/v1/keys, /oauth2/v1/userinfo) and
// for custom authorization servers (/oauth2/<id>/...), RS256 ID tokens signed with
// go-jose, PKCE, single-use codes, client_secret_basic, and Okta's refusal of client
// credentials sent twice.
//
// It serves on loopback only, for tests and for `harriet demo`, and it can misbehave
// on demand (Faults) so tests can prove that every bad answer is refused. It is NOT
// an identity provider for real use: it signs in whoever it is told to, and `harriet
// serve` never enables it.
package devidp

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Endpoint names, as counted by Count.
const (
	EndpointDiscovery = "discovery"
	EndpointAuthorize = "authorize"
	EndpointToken     = "token"
	EndpointKeys      = "keys"
	EndpointUserInfo  = "userinfo"
)

// Client is an OAuth client (an Okta app integration).
type Client struct {
	ID     string
	Secret string
	// RedirectURIs must contain the request's redirect_uri exactly; empty admits any.
	RedirectURIs []string
}

// User is a person the provider can sign in.
type User struct {
	Subject       string // the Okta user ID (00u...); made when empty
	Login         string // what the person types (login_hint); defaults to Email
	Email         string
	EmailVerified *bool // nil means verified
	GivenName     string
	FamilyName    string
	Unassigned    bool // not assigned to the app: authorize answers access_denied
}

// Options configure a provider.
type Options struct {
	// AuthServers are the custom authorization server IDs served under /oauth2/<id>
	// besides the org server; nil serves "default".
	AuthServers []string
	// Interactive shows a page to pick the user instead of signing in the login_hint
	// at once (for `harriet demo`, where a person clicks).
	Interactive bool
}

// Provider is a running development OpenID provider on 127.0.0.1.
type Provider struct {
	srv     *http.Server
	baseURL string
	opts    Options

	mu      sync.Mutex
	clients map[string]Client
	users   []User
	codes   map[string]*grant
	access  map[string]*grant
	faults  Faults
	counts  map[string]int
	keys    *keyRing
	styles  map[string]int // client authentication styles seen at the token endpoint
	busy    time.Duration  // time spent answering requests, for benchmarks
}

// Start listens on 127.0.0.1 on a free port and serves until Close.
func Start(opts Options) (*Provider, error) {
	if opts.AuthServers == nil {
		opts.AuthServers = []string{"default"}
	}
	keys, err := newKeyRing()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Provider{
		baseURL: "http://" + ln.Addr().String(), opts: opts,
		clients: map[string]Client{}, codes: map[string]*grant{}, access: map[string]*grant{},
		counts: map[string]int{}, keys: keys, styles: map[string]int{},
	}
	p.srv = &http.Server{Handler: p.routes(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// Close stops the provider.
func (p *Provider) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := p.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return p.srv.Close()
	}
	return err
}

// URL is the provider's origin, http://127.0.0.1:PORT: the org authorization
// server's issuer, and what an integration's Login Domain is set to.
func (p *Provider) URL() string { return p.baseURL }

// Issuer returns the issuer of the authorization server authServer ("" for the org
// server).
func (p *Provider) Issuer(authServer string) string {
	if authServer == "" {
		return p.baseURL
	}
	return p.baseURL + "/oauth2/" + authServer
}

// AddClient registers (or replaces) an OAuth client.
func (p *Provider) AddClient(c Client) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clients[c.ID] = c
}

// AddUser registers (or replaces, by Login) a user and returns it as stored.
func (p *Provider) AddUser(u User) User {
	if u.Login == "" {
		u.Login = u.Email
	}
	if u.Subject == "" {
		u.Subject = "00u" + randomString(12)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.users {
		if strings.EqualFold(p.users[i].Login, u.Login) {
			p.users[i] = u
			return u
		}
	}
	p.users = append(p.users, u)
	return u
}

// Users lists the registered users.
func (p *Provider) Users() []User {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]User(nil), p.users...)
}

func (p *Provider) userByLogin(login string) (User, bool) {
	for _, u := range p.users {
		if strings.EqualFold(u.Login, strings.TrimSpace(login)) {
			return u, true
		}
	}
	return User{}, false
}

// Count returns how many requests an endpoint (EndpointToken, ...) has answered.
func (p *Provider) Count(endpoint string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.counts[endpoint]
}

// Counts returns a copy of every endpoint's request count.
func (p *Provider) Counts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(map[string]int, len(p.counts))
	for k, v := range p.counts {
		out[k] = v
	}
	return out
}

// ResetCounts sets every request count back to zero.
func (p *Provider) ResetCounts() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts = map[string]int{}
	p.styles = map[string]int{}
	p.busy = 0
}

// Busy is the time the provider spent answering requests since the last
// ResetCounts, so a benchmark can tell its own time from its client's.
func (p *Provider) Busy() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.busy
}

// AuthStyles returns how clients authenticated at the token endpoint: counts of
// "basic" (Authorization header) and "post" (client_secret in the body).
func (p *Provider) AuthStyles() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for k, v := range p.styles {
		out[k] = v
	}
	return out
}

func (p *Provider) count(endpoint string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.counts[endpoint]++
}
