package devidp_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"harriet/adapters/devidp"
)

const (
	clientID = "0oadev"
	secret   = "dev-secret-0123456789-0123456789"
	redirect = "http://127.0.0.1:9/cb/"
)

func start(t *testing.T) *devidp.Provider {
	t.Helper()
	p, err := devidp.Start(devidp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	p.AddClient(devidp.Client{ID: clientID, Secret: secret, RedirectURIs: []string{redirect}})
	p.AddUser(devidp.User{Email: "ada@acme.test"})
	return p
}

var noFollow = &http.Client{Timeout: 5 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize returns the code for a PKCE request with verifier.
func authorize(t *testing.T, base, verifier string, extra url.Values) *url.URL {
	t.Helper()
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {clientID}, "redirect_uri": {redirect}, "response_type": {"code"},
		"scope": {"openid email"}, "state": {"s1"}, "nonce": {"n1"}, "login_hint": {"ada@acme.test"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	for k, v := range extra {
		q[k] = v
	}
	resp, err := noFollow.Get(base + "/oauth2/v1/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc
}

func token(t *testing.T, p *devidp.Provider, form url.Values, basic bool) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, p.URL()+"/oauth2/v1/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
	}
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(body, &out)
	return resp.StatusCode, out
}

func TestCredentialsInHeaderAndBodyRefusedAsOktaDoes(t *testing.T) {
	p := start(t)
	loc := authorize(t, p.URL(), "verifier-0123456789-0123456789-0123456789", nil)
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirect}, "code_verifier": {"verifier-0123456789-0123456789-0123456789"},
		"client_id": {clientID}, "client_secret": {secret}}
	status, body := token(t, p, form, true)
	if status != http.StatusBadRequest || body["error"] != "invalid_request" ||
		!strings.Contains(body["error_description"].(string), "multiple client credentials") {
		t.Fatalf("%d %v", status, body)
	}
	if p.Count(devidp.EndpointToken) != 1 {
		t.Fatal("token calls not counted")
	}
}

func TestCodeIsSingleUseAndBoundToPKCE(t *testing.T) {
	p := start(t)
	v := "verifier-0123456789-0123456789-0123456789"
	loc := authorize(t, p.URL(), v, nil)
	if loc.Query().Get("state") != "s1" {
		t.Fatalf("state %v", loc)
	}
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirect}, "code_verifier": {v}}
	if status, body := token(t, p, form, true); status != http.StatusOK || body["id_token"] == nil {
		t.Fatalf("%d %v", status, body)
	}
	if status, body := token(t, p, form, true); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("reused code: %d %v", status, body)
	}
	loc = authorize(t, p.URL(), v, nil)
	form.Set("code", loc.Query().Get("code"))
	form.Set("code_verifier", "another-verifier-0123456789-0123456789")
	if status, body := token(t, p, form, true); status != http.StatusBadRequest || body["error"] != "invalid_grant" {
		t.Fatalf("wrong verifier: %d %v", status, body)
	}
}

func TestAccessDeniedRedirect(t *testing.T) {
	p := start(t)
	p.SetFaults(devidp.Faults{DenyAccess: true})
	loc := authorize(t, p.URL(), "v-0123456789-0123456789-0123456789-01", nil)
	q := loc.Query()
	if q.Get("error") != "access_denied" || q.Get("state") != "s1" || q.Get("code") != "" ||
		!strings.HasPrefix(loc.String(), redirect) {
		t.Fatalf("%v", loc)
	}
}

func TestUnknownRedirectURIIsNotFollowed(t *testing.T) {
	p := start(t)
	q := url.Values{"client_id": {clientID}, "redirect_uri": {"https://evil.example/cb"}, "response_type": {"code"}, "scope": {"openid"}}
	resp, err := noFollow.Get(p.URL() + "/oauth2/v1/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
		t.Fatalf("%d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestCustomAuthorizationServerPaths(t *testing.T) {
	p := start(t)
	for path, want := range map[string]int{
		"/oauth2/default/.well-known/openid-configuration": 200,
		"/oauth2/default/v1/keys":                          200,
		"/oauth2/v1/keys":                                  200,
		"/oauth2/other/v1/keys":                            404,
	} {
		resp, err := noFollow.Get(p.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("%s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}
