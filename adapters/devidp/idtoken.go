package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// idTokenLifetime is how long an ID token is valid, as on Okta.
const idTokenLifetime = time.Hour

// mintIDToken makes the ID token for a redeemed code, applying the faults.
func (p *Provider) mintIDToken(c Client, g *grant) (string, error) {
	f := p.currentFaults()
	claims := p.idClaims(c, g, f)
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	key := p.keys.signing()
	p.mu.Unlock()
	switch {
	case f.AlgNone:
		header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
		return header + "." + base64.RawURLEncoding.EncodeToString(payload) + ".", nil
	case f.AlgHS256:
		secret := []byte(c.Secret)
		for len(secret) < 32 {
			secret = append(secret, secret...) // go-jose wants a key as long as the hash
		}
		return sign(jose.SigningKey{Algorithm: jose.HS256, Key: secret}, key.KeyID, payload)
	case f.BadSignature, f.UnknownKID:
		rogue, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			return "", err
		}
		kid := key.KeyID
		if f.UnknownKID {
			kid = "unknown-" + randomString(8)
		}
		return sign(jose.SigningKey{Algorithm: jose.RS256, Key: rogue}, kid, payload)
	}
	return sign(jose.SigningKey{Algorithm: jose.RS256, Key: key.Key}, key.KeyID, payload)
}

func sign(key jose.SigningKey, kid string, payload []byte) (string, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader(jose.HeaderKey("kid"), kid)
	signer, err := jose.NewSigner(key, opts)
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// idClaims builds the claims: Okta's set, thin when asked, with the faults applied.
func (p *Provider) idClaims(c Client, g *grant, f Faults) map[string]any {
	now := time.Now()
	claims := map[string]any{
		"iss": g.issuer, "sub": g.user.Subject, "aud": c.ID,
		"iat": now.Add(f.IATOffset).Unix(), "exp": now.Add(idTokenLifetime).Unix(),
		"auth_time": now.Unix(), "amr": []string{"pwd"}, "jti": "ID." + randomString(20),
		"idp": "00o" + randomString(12), "ver": 1,
	}
	if g.nonce != "" {
		claims["nonce"] = g.nonce
	}
	if !f.ThinToken {
		for k, v := range profileClaims(g.user) {
			claims[k] = v
		}
	}
	applyTokenFaults(claims, f, now)
	return claims
}

func applyTokenFaults(claims map[string]any, f Faults, now time.Time) {
	if f.WrongNonce {
		claims["nonce"] = randomString(22)
	}
	if f.Audience != "" {
		claims["aud"] = f.Audience
	}
	if f.Issuer != "" {
		claims["iss"] = f.Issuer
	}
	if f.AuthorizedParty != "" {
		claims["azp"] = f.AuthorizedParty
	}
	if f.MissingSub {
		delete(claims, "sub")
	}
	if f.MissingIAT {
		delete(claims, "iat")
	}
	if f.Expired {
		claims["iat"] = now.Add(-2 * idTokenLifetime).Unix()
		claims["exp"] = now.Add(-idTokenLifetime).Unix()
	}
}
