package devidp

import (
	"crypto/subtle"
	"net/http"
	"net/url"
	"time"
)

// accessLifetime is how long an access token works at userinfo.
const accessLifetime = time.Hour

// serveToken exchanges an authorization code, as Okta's /v1/token does.
func (p *Provider) serveToken(w http.ResponseWriter, r *http.Request, issuer string) {
	p.count(EndpointToken)
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a form.")
		return
	}
	client, status, code, desc := p.authenticateClient(r)
	if code != "" {
		oauthError(w, status, code, desc)
		return
	}
	if f := p.currentFaults(); f.TokenError != "" {
		oauthError(w, http.StatusBadRequest, f.TokenError, "The token request failed.")
		return
	}
	if r.PostForm.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "The grant type is not supported.")
		return
	}
	g, desc := p.redeemCode(r.PostForm, client, issuer)
	if g == nil {
		oauthError(w, http.StatusBadRequest, "invalid_grant", desc)
		return
	}
	p.answerTokens(w, client, g)
}

// authenticateClient applies client_secret_basic or client_secret_post, and refuses
// credentials sent both ways, as Okta does.
func (p *Provider) authenticateClient(r *http.Request) (Client, int, string, string) {
	user, pass, basic := r.BasicAuth()
	if basic && (r.PostForm.Has("client_secret") || r.PostForm.Has("client_assertion")) {
		return Client{}, http.StatusBadRequest, "invalid_request", "Cannot supply multiple client credentials. " +
			"Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body."
	}
	style := "post"
	if basic {
		// RFC 6749 §2.3.1: the header's ID and secret are form-encoded first.
		var err1, err2 error
		user, err1 = url.QueryUnescape(user)
		pass, err2 = url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return Client{}, http.StatusUnauthorized, "invalid_client", "Client authentication failed."
		}
		style = "basic"
	} else {
		user, pass = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	p.mu.Lock()
	p.styles[style]++
	c, ok := p.clients[user]
	p.mu.Unlock()
	if !ok || subtle.ConstantTimeCompare([]byte(c.Secret), []byte(pass)) != 1 {
		return Client{}, http.StatusUnauthorized, "invalid_client", "The client secret supplied for a confidential client is invalid."
	}
	return c, 0, "", ""
}

// redeemCode checks and burns a code: single use, unexpired, same client, same
// redirect URI, the PKCE verifier matching, from this authorization server.
func (p *Provider) redeemCode(form url.Values, c Client, issuer string) (*grant, string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, ok := p.codes[form.Get("code")]
	if !ok || g.used {
		return nil, "The authorization code is invalid or has expired."
	}
	g.used = true // burnt even when the rest fails, as a real provider does
	switch {
	case time.Now().After(g.expires):
		return nil, "The authorization code is invalid or has expired."
	case g.clientID != c.ID || g.issuer != issuer:
		return nil, "The authorization code is invalid or has expired."
	case g.redirectURI != form.Get("redirect_uri"):
		return nil, "The 'redirect_uri' does not match the redirection URI used in the authorization request."
	case g.challenge != "" && s256(form.Get("code_verifier")) != g.challenge:
		return nil, "PKCE verification failed."
	case g.challenge == "" && form.Get("code_verifier") != "":
		return nil, "PKCE verification failed."
	}
	return g, ""
}

func (p *Provider) answerTokens(w http.ResponseWriter, c Client, g *grant) {
	idToken, err := p.mintIDToken(c, g)
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", err.Error())
		return
	}
	access := randomString(40)
	p.mu.Lock()
	at := *g
	at.expires = time.Now().Add(accessLifetime)
	p.access[access] = &at
	p.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access, "token_type": "Bearer", "expires_in": int(accessLifetime.Seconds()),
		"scope": "openid profile email", "id_token": idToken,
	})
}

// serveUserInfo answers the claims of the access token's user.
func (p *Provider) serveUserInfo(w http.ResponseWriter, r *http.Request, issuer string) {
	p.count(EndpointUserInfo)
	const prefix = "Bearer "
	h := r.Header.Get("Authorization")
	var g *grant
	if len(h) > len(prefix) && h[:len(prefix)] == prefix {
		p.mu.Lock()
		g = p.access[h[len(prefix):]]
		p.mu.Unlock()
	}
	if g == nil || g.issuer != issuer || time.Now().After(g.expires) {
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		oauthError(w, http.StatusUnauthorized, "invalid_token", "The access token is invalid.")
		return
	}
	f := p.currentFaults()
	claims := profileClaims(g.user)
	claims["sub"] = g.user.Subject
	if f.UserInfoSubject != "" {
		claims["sub"] = f.UserInfoSubject
	}
	writeJSON(w, http.StatusOK, claims)
}

// profileClaims are the email and profile claims of a user.
func profileClaims(u User) map[string]any {
	verified := u.EmailVerified == nil || *u.EmailVerified
	return map[string]any{
		"email": u.Email, "email_verified": verified, "preferred_username": u.Login,
		"given_name": u.GivenName, "family_name": u.FamilyName,
		"name": trimJoin(u.GivenName, u.FamilyName),
	}
}

func trimJoin(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}
