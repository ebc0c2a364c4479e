package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"harriet/adapters/devidp"
)

// BenchmarkCallback times GET /bots/okta/callback/ at steady state (provider cached,
// keys cached): the server's own time is reported apart from the loopback
// provider's time answering the token call, and the IdP round trips per sign-in.
// Run: go test -run '^$' -bench Callback -benchtime 200x ./adapters/web/
func BenchmarkCallback(b *testing.B) {
	t := b
	e := newEnv(t, 1)
	idp := startIdP(t)
	acme := e.newTenant("acme", "acme.test", idp, false)
	acme.provision("ada@acme.test")
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	newBrowser(t).oktaSignIn(e.pub, "ada@acme.test") // warm: provider and keys cached
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var total, idpBusy time.Duration
	calls := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		br := newBrowser(t)
		cb := br.startOkta(e.pub, "ada@acme.test")
		req, _ := http.NewRequest(http.MethodGet, cb.String(), nil)
		for _, c := range br.jar.Cookies(cb) {
			req.AddCookie(c)
		}
		idp.ResetCounts()
		b.StartTimer()
		start := time.Now()
		resp, err := noFollow.Do(req)
		total += time.Since(start)
		b.StopTimer()
		if err != nil || resp.StatusCode != http.StatusSeeOther {
			b.Fatalf("callback: %v %v", err, resp)
		}
		resp.Body.Close()
		idpBusy += idp.Busy()
		c := idp.Counts()
		calls += c[devidp.EndpointToken] + c[devidp.EndpointUserInfo] + c[devidp.EndpointKeys] + c[devidp.EndpointDiscovery]
		b.StartTimer()
	}
	b.ReportMetric(float64((total-idpBusy).Microseconds())/float64(b.N), "server-µs/op")
	b.ReportMetric(float64(idpBusy.Microseconds())/float64(b.N), "idp-µs/op")
	b.ReportMetric(float64(calls)/float64(b.N), "idp-calls/op")
}

// BenchmarkVerifyIDToken is the bare verification of one RS256 ID token by go-oidc
// with the keys cached: the floor the callback is compared with.
func BenchmarkVerifyIDToken(b *testing.B) {
	idp, err := devidp.Start(devidp.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer idp.Close()
	const redirect = "http://127.0.0.1:9/cb/"
	idp.AddClient(devidp.Client{ID: "0oabench", Secret: "bench-secret-0123456789-0123456789", RedirectURIs: []string{redirect}})
	idp.AddUser(devidp.User{Email: "ada@acme.test"})
	raw := mintToken(b, idp, redirect)
	ctx := context.Background()
	ks := oidc.NewRemoteKeySet(ctx, idp.URL()+"/oauth2/v1/keys")
	v := oidc.NewVerifier(idp.Issuer(""), ks, &oidc.Config{ClientID: "0oabench", SupportedSigningAlgs: []string{oidc.RS256}})
	if _, err := v.Verify(ctx, raw); err != nil { // warm the key cache
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := v.Verify(ctx, raw); err != nil {
			b.Fatal(err)
		}
	}
}

// mintToken gets one ID token from the provider through the code flow.
func mintToken(b *testing.B, idp *devidp.Provider, redirect string) string {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	q := url.Values{"client_id": {"0oabench"}, "redirect_uri": {redirect}, "response_type": {"code"},
		"scope": {"openid email"}, "state": {"s"}, "nonce": {"n"}, "login_hint": {"ada@acme.test"}}
	resp, err := noFollow.Get(idp.URL() + "/oauth2/v1/authorize?" + q.Encode())
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	form := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirect}}
	req, _ := http.NewRequest(http.MethodPost, idp.URL()+"/oauth2/v1/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("0oabench", "bench-secret-0123456789-0123456789")
	tr, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer tr.Body.Close()
	var body struct {
		IDToken string `json:"id_token"`
	}
	if err := jsonDecode(tr, &body); err != nil || body.IDToken == "" {
		b.Fatalf("token: %v", err)
	}
	return body.IDToken
}

func jsonDecode(r *http.Response, v any) error { return json.NewDecoder(r.Body).Decode(v) }
