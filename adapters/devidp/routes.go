package devidp

import (
	"net/http"
	"slices"
	"time"
)

// routes serves Okta's paths for the org authorization server and for each custom
// authorization server under /oauth2/<id>.
func (p *Provider) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.withServer(p.serveDiscovery))
	mux.HandleFunc("GET /oauth2/{as}/.well-known/openid-configuration", p.withServer(p.serveDiscovery))
	for _, prefix := range []string{"/oauth2/v1", "/oauth2/{as}/v1"} {
		mux.HandleFunc("GET "+prefix+"/authorize", p.withServer(p.serveAuthorize))
		mux.HandleFunc("POST "+prefix+"/authorize", p.withServer(p.serveAuthorize))
		mux.HandleFunc("POST "+prefix+"/token", p.withServer(p.serveToken))
		mux.HandleFunc("GET "+prefix+"/keys", p.withServer(p.serveKeys))
		mux.HandleFunc("GET "+prefix+"/userinfo", p.withServer(p.serveUserInfo))
		mux.HandleFunc("POST "+prefix+"/userinfo", p.withServer(p.serveUserInfo))
	}
	return mux
}

// withServer resolves the authorization server a path names; an unknown one is 404,
// as on Okta.
func (p *Provider) withServer(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		as := r.PathValue("as")
		if as != "" && !slices.Contains(p.opts.AuthServers, as) {
			oauthError(w, http.StatusNotFound, "not_found", "Not found: Resource not found: "+as+" (AuthorizationServer)")
			return
		}
		start := time.Now()
		h(w, r, p.Issuer(as))
		p.mu.Lock()
		p.busy += time.Since(start)
		p.mu.Unlock()
	}
}

// serveDiscovery answers the OpenID configuration of one authorization server.
func (p *Provider) serveDiscovery(w http.ResponseWriter, _ *http.Request, issuer string) {
	p.count(EndpointDiscovery)
	f := p.currentFaults()
	if f.DiscoveryDown {
		oauthError(w, http.StatusServiceUnavailable, "server_error", "The service is temporarily unavailable.")
		return
	}
	base := p.baseURL + "/oauth2"
	if issuer != p.baseURL {
		base = issuer
	}
	claimed := issuer
	if f.DiscoveryIssuer != "" {
		claimed = f.DiscoveryIssuer
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                claimed,
		"authorization_endpoint":                base + "/v1/authorize",
		"token_endpoint":                        base + "/v1/token",
		"userinfo_endpoint":                     base + "/v1/userinfo",
		"jwks_uri":                              base + "/v1/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "profile", "email"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post"},
		"code_challenge_methods_supported":      []string{"S256"},
		"grant_types_supported":                 []string{"authorization_code"},
		"claims_supported":                      []string{"iss", "sub", "aud", "exp", "iat", "nonce", "email", "email_verified", "name"},
	})
}
