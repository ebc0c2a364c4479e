package devidp

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// codeLifetime is how long an authorization code can be exchanged, as on Okta.
const codeLifetime = 60 * time.Second

// grant is what an authorization code (and then its access token) stands for.
type grant struct {
	clientID    string
	redirectURI string
	challenge   string
	nonce       string
	issuer      string
	user        User
	expires     time.Time
	used        bool
}

// authRequest is a checked authorization request.
type authRequest struct {
	client      Client
	redirectURI string
	state       string
	nonce       string
	challenge   string
	loginHint   string
}

// serveAuthorize checks the request, then signs in the login_hint's user at once or,
// when Interactive (or the hint names nobody), shows a page to pick one.
func (p *Provider) serveAuthorize(w http.ResponseWriter, r *http.Request, issuer string) {
	p.count(EndpointAuthorize)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	req, problem := p.checkAuthRequest(r.Form)
	if problem != "" {
		// Okta shows an error page instead of redirecting to an unverified URI.
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	f := p.currentFaults()
	switch {
	case f.DenyAccess:
		redirectError(w, r, req, "access_denied", "User is not assigned to the client application.")
		return
	case f.AuthorizeError != "":
		redirectError(w, r, req, f.AuthorizeError, "The authorization request failed.")
		return
	}
	login := r.PostForm.Get("login")
	if login == "" && !p.opts.Interactive {
		login = req.loginHint
	}
	p.mu.Lock()
	user, found := p.userByLogin(login)
	p.mu.Unlock()
	if !found {
		p.showPicker(w, r, req)
		return
	}
	if user.Unassigned {
		redirectError(w, r, req, "access_denied", "User is not assigned to the client application.")
		return
	}
	p.redirectCode(w, r, req, issuer, user)
}

func (p *Provider) checkAuthRequest(q url.Values) (authRequest, string) {
	p.mu.Lock()
	client, ok := p.clients[q.Get("client_id")]
	p.mu.Unlock()
	req := authRequest{client: client, redirectURI: q.Get("redirect_uri"), state: q.Get("state"),
		nonce: q.Get("nonce"), challenge: q.Get("code_challenge"), loginHint: q.Get("login_hint")}
	switch {
	case !ok:
		return req, "unknown client_id"
	case len(client.RedirectURIs) > 0 && !slices.Contains(client.RedirectURIs, req.redirectURI):
		return req, "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings"
	case q.Get("response_type") != "code":
		return req, "response_type must be code"
	case !slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		return req, "scope must contain openid"
	case req.challenge != "" && q.Get("code_challenge_method") != "S256":
		return req, "code_challenge_method must be S256"
	}
	return req, ""
}

func (p *Provider) redirectCode(w http.ResponseWriter, r *http.Request, req authRequest, issuer string, u User) {
	code := randomString(32)
	p.mu.Lock()
	p.codes[code] = &grant{clientID: req.client.ID, redirectURI: req.redirectURI, challenge: req.challenge,
		nonce: req.nonce, issuer: issuer, user: u, expires: time.Now().Add(codeLifetime)}
	p.mu.Unlock()
	v := url.Values{"code": {code}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	http.Redirect(w, r, withQuery(req.redirectURI, v), http.StatusFound)
}

func redirectError(w http.ResponseWriter, r *http.Request, req authRequest, code, description string) {
	v := url.Values{"error": {code}, "error_description": {description}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	http.Redirect(w, r, withQuery(req.redirectURI, v), http.StatusFound)
}

func withQuery(base string, v url.Values) string {
	if strings.Contains(base, "?") {
		return base + "&" + v.Encode()
	}
	return base + "?" + v.Encode()
}

// s256 is the PKCE S256 challenge of a verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

var pickerPage = template.Must(template.New("picker").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development OpenID provider</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
.warn{background:#fff4d6;border:1px solid #e0b84c;padding:.75rem;border-radius:6px}
button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem;cursor:pointer}</style></head>
<body><p class="warn"><strong>Development OpenID provider — not Okta.</strong>
It signs in whoever you pick, for local demos and tests only.</p>
<h1>Sign in as</h1>
<form method="post">{{range $k, $v := .Params}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
{{range .Users}}<button type="submit" name="login" value="{{.Login}}">{{.Login}}{{if ne .Login .Email}} (asserts {{.Email}}){{end}}</button>
{{else}}<p>No users are registered with this provider.</p>{{end}}</form></body></html>`))

func (p *Provider) showPicker(w http.ResponseWriter, r *http.Request, _ authRequest) {
	params := map[string]string{}
	for k := range r.Form {
		if k != "login" {
			params[k] = r.Form.Get(k)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pickerPage.Execute(w, map[string]any{"Params": params, "Users": p.Users()})
}
