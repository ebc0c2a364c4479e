package oidcclient_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"harriet/adapters/devidp"
	"harriet/adapters/oidcclient"
	"harriet/core"
)

func TestAuthCodeURLCarriesStateNoncePKCEAndHint(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	u, err := r.client.AuthCodeURL(context.Background(), r.oc, portsAuth("S", "N", "C", "ada@acme.test"))
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	q := pu.Query()
	if pu.Path != "/oauth2/v1/authorize" || q.Get("state") != "S" || q.Get("nonce") != "N" ||
		q.Get("code_challenge") != "C" || q.Get("code_challenge_method") != "S256" ||
		q.Get("login_hint") != "ada@acme.test" || q.Get("scope") != "openid profile email" ||
		q.Get("redirect_uri") != redirectURI || q.Get("response_type") != "code" {
		t.Fatalf("authorize URL %s", u)
	}
	if r.idp.Count(devidp.EndpointDiscovery) != 1 {
		t.Fatalf("discovery calls %d, want 1 (at save only)", r.idp.Count(devidp.EndpointDiscovery))
	}
}

func TestExchangeVerifiesAndUsesBasicAuthOnce(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	code, verifier, nonce := r.code(t)
	res, err := r.client.Exchange(context.Background(), r.oc, code, verifier)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Claims
	if c.Subject != r.user.Subject || c.Nonce != nonce || c.Email != "ada@acme.test" ||
		c.EmailVerified == nil || !*c.EmailVerified || c.IssuedAt.IsZero() || c.Issuer != r.oc.Issuer {
		t.Fatalf("claims %+v", c)
	}
	if got := r.idp.AuthStyles(); got["basic"] != 1 || got["post"] != 0 {
		t.Fatalf("client auth styles %v, want basic only", got)
	}
	// A second sign-in reuses the cached keys: one token call, no discovery, no keys.
	r.idp.ResetCounts()
	code, verifier, _ = r.code(t)
	if _, err := r.client.Exchange(context.Background(), r.oc, code, verifier); err != nil {
		t.Fatal(err)
	}
	counts := r.idp.Counts()
	if counts[devidp.EndpointToken] != 1 || counts[devidp.EndpointKeys] != 0 || counts[devidp.EndpointDiscovery] != 0 {
		t.Fatalf("steady-state calls %v", counts)
	}
}

func TestExchangeRefusedIsNotRetried(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	code, verifier, _ := r.code(t)
	_, err := r.client.Exchange(context.Background(), r.oc, code, "wrong-verifier-"+verifier)
	if !core.IsKind(err, core.Invalid) || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("err %v", err)
	}
	if n := r.idp.Count(devidp.EndpointToken); n != 1 {
		t.Fatalf("token calls %d, want exactly 1", n)
	}
}

func TestIDTokenNegativeMatrix(t *testing.T) {
	cases := map[string]devidp.Faults{
		"wrong aud":     {Audience: "0oaanothercompany"},
		"wrong iss":     {Issuer: "https://evil.okta.com"},
		"bad signature": {BadSignature: true},
		"HS256":         {AlgHS256: true},
		"alg none":      {AlgNone: true},
		"expired":       {Expired: true},
		"unknown kid":   {UnknownKID: true},
		"control":       {}, // no fault: must verify
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			r := newRig(t, oidcclient.Options{})
			r.idp.SetFaults(f)
			code, verifier, _ := r.code(t)
			_, err := r.client.Exchange(context.Background(), r.oc, code, verifier)
			if name == "control" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !core.IsKind(err, core.Invalid) {
				t.Fatalf("accepted or wrong kind: %v", err)
			}
			t.Log(err)
		})
	}
}

func TestKeyRotationAcceptedAndUnknownKeysIgnored(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	r.idp.SetFaults(devidp.Faults{ExtraUnknownKeys: true})
	code, verifier, _ := r.code(t)
	if _, err := r.client.Exchange(context.Background(), r.oc, code, verifier); err != nil {
		t.Fatalf("extra unknown keys broke verification: %v", err)
	}
	if err := r.idp.RotateKey(); err != nil {
		t.Fatal(err)
	}
	r.idp.RetireOldKeys()
	code, verifier, _ = r.code(t)
	if _, err := r.client.Exchange(context.Background(), r.oc, code, verifier); err != nil {
		t.Fatalf("after rotation: %v", err)
	}
	if n := r.idp.Count(devidp.EndpointKeys); n != 2 {
		t.Fatalf("key fetches %d, want 2 (first use, then the new kid)", n)
	}
}

func TestUnknownKIDRefetchIsThrottled(t *testing.T) {
	r := newRig(t, oidcclient.Options{JWKSRefreshEvery: time.Hour, JWKSRefreshBurst: 2})
	r.idp.SetFaults(devidp.Faults{UnknownKID: true})
	for range 6 {
		code, verifier, _ := r.code(t)
		if _, err := r.client.Exchange(context.Background(), r.oc, code, verifier); err == nil {
			t.Fatal("a token signed by an unknown key was accepted")
		}
	}
	if n := r.idp.Count(devidp.EndpointKeys); n != 2 {
		t.Fatalf("key fetches %d for 6 unknown kids, want the burst of 2", n)
	}
	if n := r.client.KeyFetches(r.oc.Issuer); n != 2 {
		t.Fatalf("KeyFetches %d", n)
	}
}

func TestThinTokenThenUserInfo(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	r.idp.SetFaults(devidp.Faults{ThinToken: true})
	code, verifier, _ := r.code(t)
	res, err := r.client.Exchange(context.Background(), r.oc, code, verifier)
	if err != nil {
		t.Fatal(err)
	}
	if res.Claims.Email != "" || res.Claims.EmailVerified != nil {
		t.Fatalf("thin token carried %+v", res.Claims)
	}
	ui, err := r.client.UserInfo(context.Background(), r.oc, res.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if ui.Subject != r.user.Subject || ui.Email != "ada@acme.test" || ui.EmailVerified == nil || !*ui.EmailVerified {
		t.Fatalf("userinfo %+v", ui)
	}
}

func TestProviderRebuiltWhenIntegrationChanges(t *testing.T) {
	r := newRig(t, oidcclient.Options{})
	if _, err := r.client.AuthCodeURL(context.Background(), r.oc, portsAuth("s", "n", "c", "")); err != nil {
		t.Fatal(err)
	}
	oc := r.oc
	oc.Version, oc.Metadata = 2, nil // saved while the IdP was unreachable: discover at sign-in
	for range 3 {
		if _, err := r.client.AuthCodeURL(context.Background(), oc, portsAuth("s", "n", "c", "")); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.idp.Count(devidp.EndpointDiscovery); n != 2 {
		t.Fatalf("discovery calls %d, want 2 (save, then once for the new version)", n)
	}
}

func TestHTTPClientFollowsNoRedirect(t *testing.T) {
	hc := oidcclient.NewHTTPClient(time.Second)
	if hc.CheckRedirect == nil || hc.CheckRedirect(&http.Request{}, nil) != http.ErrUseLastResponse {
		t.Fatal("redirects must not be followed")
	}
}

// A discovery that fails at sign-in is not tried again for DiscoveryRetryAfter:
// every sign-in meanwhile answers at once, Unavailable, instead of each waiting for
// an IdP that does not answer; after the wait, and once it answers, it is used.
func TestFailedDiscoveryIsRetriedOnlyAfterAWait(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	r := newRig(t, oidcclient.Options{Now: func() time.Time { return now }, DiscoveryRetryAfter: 30 * time.Second})
	oc := r.oc
	oc.Metadata = nil // saved while the IdP was unreachable: discover at sign-in
	r.idp.SetFaults(devidp.Faults{DiscoveryDown: true})
	r.idp.ResetCounts()
	for range 3 {
		if _, err := r.client.AuthCodeURL(context.Background(), oc, portsAuth("s", "n", "c", "")); !core.IsKind(err, core.Unavailable) {
			t.Fatalf("an IdP that is down: %v", err)
		}
	}
	if n := r.idp.Count(devidp.EndpointDiscovery); n != 1 {
		t.Fatalf("discovery calls %d while it was failing, want 1", n)
	}
	r.idp.SetFaults(devidp.Faults{})
	now = now.Add(31 * time.Second)
	if _, err := r.client.AuthCodeURL(context.Background(), oc, portsAuth("s", "n", "c", "")); err != nil {
		t.Fatalf("after the wait, with the IdP back: %v", err)
	}
	if n := r.idp.Count(devidp.EndpointDiscovery); n != 2 {
		t.Fatalf("discovery calls %d, want 2", n)
	}
}
