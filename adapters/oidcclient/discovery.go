package oidcclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"

	"harriet/core"
)

// metadata is the part of an OpenID configuration Harriet uses.
type metadata struct {
	Issuer      string   `json:"issuer"`
	AuthURL     string   `json:"authorization_endpoint"`
	TokenURL    string   `json:"token_endpoint"`
	UserInfoURL string   `json:"userinfo_endpoint"`
	JWKSURL     string   `json:"jwks_uri"`
	Algorithms  []string `json:"id_token_signing_alg_values_supported"`
}

// Discover fetches issuer's OpenID configuration (ports.Discoverer). It answers
// DiscoveryOK with the document, DiscoveryUnreachable with the reason when the
// provider cannot be asked or gives no usable document, and an Invalid error naming
// both issuers when the provider says it is another issuer.
func (c *Client) Discover(ctx context.Context, issuer string) (core.Discovery, error) {
	raw, md, err := c.fetchMetadata(ctx, issuer)
	var mismatch *issuerMismatch
	switch {
	case errors.As(err, &mismatch):
		return core.Discovery{}, core.Wrap(core.Invalid, err, "%s", mismatch.message())
	case err != nil:
		return core.Discovery{Status: core.DiscoveryUnreachable, Message: err.Error()}, nil
	}
	return core.Discovery{Status: core.DiscoveryOK,
		Message: fmt.Sprintf("Found the OpenID provider %s.", md.Issuer), Metadata: raw}, nil
}

// fetchMetadata gets and checks the document; its errors are written for the admin.
func (c *Client) fetchMetadata(ctx context.Context, issuer string) ([]byte, metadata, error) {
	wellKnown := strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, wellKnown, nil)
	if err != nil {
		return nil, metadata{}, fmt.Errorf("%s is not a URL Harriet can ask", wellKnown)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, metadata{}, fmt.Errorf("Could not reach %s: %s.", wellKnown, reason(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, metadata{}, fmt.Errorf("Could not read %s: %s.", wellKnown, reason(err))
	}
	if resp.StatusCode != http.StatusOK {
		return nil, metadata{}, fmt.Errorf("%s answered %s; check the Login Domain (and the authorization server ID after /oauth2/, if any).", wellKnown, resp.Status)
	}
	md, err := parseMetadata(body, issuer)
	if err != nil {
		return nil, metadata{}, err
	}
	return body, md, nil
}

// parseMetadata reads a document and checks it names issuer and usable endpoints.
func parseMetadata(body []byte, issuer string) (metadata, error) {
	var md metadata
	if err := json.Unmarshal(body, &md); err != nil {
		return md, fmt.Errorf("The answer at %s/.well-known/openid-configuration is not an OpenID configuration.", issuer)
	}
	if md.Issuer != issuer {
		return md, &issuerMismatch{want: issuer, got: md.Issuer}
	}
	for name, u := range map[string]string{"authorization_endpoint": md.AuthURL, "token_endpoint": md.TokenURL, "jwks_uri": md.JWKSURL} {
		if !sameScheme(u, issuer) {
			return md, fmt.Errorf("The OpenID configuration of %s has no usable %s.", issuer, name)
		}
	}
	return md, nil
}

// sameScheme reports whether u is an absolute URL with the issuer's scheme, so an
// https issuer never sends Harriet to plain http.
func sameScheme(u, issuer string) bool {
	pu, err1 := url.Parse(u)
	pi, err2 := url.Parse(issuer)
	return err1 == nil && err2 == nil && pu.Host != "" && strings.EqualFold(pu.Scheme, pi.Scheme)
}

// issuerMismatch is a provider that says it is another issuer than the Login
// Domain names.
type issuerMismatch struct{ want, got string }

func (e *issuerMismatch) Error() string {
	return fmt.Sprintf("issuer mismatch: expected %q, provider says %q", e.want, e.got)
}

func (e *issuerMismatch) message() string {
	msg := fmt.Sprintf("The Login Domain gives the issuer %s, but the OpenID provider there says its issuer is %s.", e.want, e.got)
	wu, err1 := url.Parse(e.want)
	gu, err2 := url.Parse(e.got)
	if err1 == nil && err2 == nil && gu.Host != "" && !strings.EqualFold(wu.Host, gu.Host) {
		return msg + fmt.Sprintf(" This usually means your Okta org uses a custom domain: enter %s as the Login Domain.", strings.TrimPrefix(strings.TrimPrefix(e.got, "https://"), "http://"))
	}
	return msg + " Enter the Login Domain exactly as the issuer shows it (with /oauth2/<id> for a custom authorization server, without it for the org server)."
}

// reason turns a transport error into a short phrase for the admin.
func reason(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		return "the domain name does not exist (" + dnsErr.Name + ")"
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "no answer in time"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "the connection was refused or the host is down"
	case errors.Is(err, errTooLarge):
		return "the answer is too large"
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err.Error()
	}
	return err.Error()
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
