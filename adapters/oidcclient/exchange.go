package oidcclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"harriet/core"
	"harriet/ports"
)

// scopes are what Harriet asks Okta for (SPEC.md).
var scopes = []string{oidc.ScopeOpenID, "profile", "email"}

// oauthConfig is the client's OAuth configuration. AuthStyleInHeader is
// client_secret_basic only: Okta refuses credentials sent both ways, and the
// auto-detecting style retries the token call, burning the single-use code.
func oauthConfig(oc ports.OIDCClient, md metadata) *oauth2.Config {
	return &oauth2.Config{
		ClientID: oc.ClientID, ClientSecret: oc.ClientSecret, RedirectURL: oc.RedirectURI, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: md.AuthURL, TokenURL: md.TokenURL, AuthStyle: oauth2.AuthStyleInHeader},
	}
}

// AuthCodeURL returns the authorization URL with state, nonce, PKCE S256 and the
// login hint.
func (c *Client) AuthCodeURL(ctx context.Context, oc ports.OIDCClient, r ports.AuthRequest) (string, error) {
	p, err := c.providerFor(ctx, oc)
	if err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{
		oidc.Nonce(r.Nonce),
		oauth2.SetAuthURLParam("code_challenge", r.CodeChallenge),
		oauth2.SetAuthURLParam("code_challenge_method", "S256"),
	}
	if r.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", r.LoginHint))
	}
	return oauthConfig(oc, p.md).AuthCodeURL(r.State, opts...), nil
}

// Exchange swaps the code once and verifies the ID token: signature with an RS256
// key of the issuer's JWKS, iss, aud and exp by go-oidc.
func (c *Client) Exchange(ctx context.Context, oc ports.OIDCClient, code, verifier string) (ports.TokenResult, error) {
	p, err := c.providerFor(ctx, oc)
	if err != nil {
		return ports.TokenResult{}, err
	}
	hctx := oidc.ClientContext(ctx, c.http)
	tok, err := oauthConfig(oc, p.md).Exchange(hctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return ports.TokenResult{}, exchangeError(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return ports.TokenResult{}, core.E(core.Invalid, "the token answer has no id_token")
	}
	idt, err := p.verifier.Verify(hctx, raw)
	if err != nil {
		return ports.TokenResult{}, core.Wrap(core.Invalid, err, "the ID token does not verify")
	}
	claims, err := idClaims(idt)
	if err != nil {
		return ports.TokenResult{}, err
	}
	return ports.TokenResult{Claims: claims, AccessToken: tok.AccessToken}, nil
}

// exchangeError keeps the provider's OAuth error (never the secret) for the log.
func exchangeError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		return core.Wrap(core.Invalid, fmt.Errorf("token endpoint answered %d: %s: %s", status, re.ErrorCode, re.ErrorDescription),
			"the code exchange was refused")
	}
	return core.Wrap(core.Unavailable, err, "the token endpoint could not be reached")
}

// rawClaims are the claims Harriet reads besides go-oidc's own.
type rawClaims struct {
	AZP           string          `json:"azp"`
	Email         string          `json:"email"`
	EmailVerified json.RawMessage `json:"email_verified"`
}

func idClaims(idt *oidc.IDToken) (ports.IDClaims, error) {
	var rc rawClaims
	if err := idt.Claims(&rc); err != nil {
		return ports.IDClaims{}, core.Wrap(core.Invalid, err, "the ID token's claims do not decode")
	}
	return ports.IDClaims{
		Issuer: idt.Issuer, Subject: idt.Subject, Audience: idt.Audience, AuthorizedParty: rc.AZP,
		Nonce: idt.Nonce, IssuedAt: idt.IssuedAt, Email: rc.Email, EmailVerified: boolClaim(rc.EmailVerified),
	}, nil
}

// boolClaim reads a boolean claim that some providers send as a string; nil when
// absent or unreadable, so the caller asks userinfo rather than guess.
func boolClaim(raw json.RawMessage) *bool {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return &b
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if v, err := strconv.ParseBool(s); err == nil {
			return &v
		}
	}
	return nil
}

// UserInfo asks the provider's userinfo endpoint with the access token.
func (c *Client) UserInfo(ctx context.Context, oc ports.OIDCClient, accessToken string) (ports.UserInfo, error) {
	p, err := c.providerFor(ctx, oc)
	if err != nil {
		return ports.UserInfo{}, err
	}
	if p.md.UserInfoURL == "" {
		return ports.UserInfo{}, core.E(core.Invalid, "the provider has no userinfo endpoint")
	}
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: accessToken, TokenType: "Bearer"})
	ui, err := p.oidc.UserInfo(oidc.ClientContext(ctx, c.http), ts)
	if err != nil {
		return ports.UserInfo{}, core.Wrap(core.Invalid, err, "the userinfo call failed")
	}
	var rc rawClaims
	if err := ui.Claims(&rc); err != nil {
		return ports.UserInfo{}, core.Wrap(core.Invalid, err, "the userinfo answer does not decode")
	}
	return ports.UserInfo{Subject: ui.Subject, Email: rc.Email, EmailVerified: boolClaim(rc.EmailVerified)}, nil
}
