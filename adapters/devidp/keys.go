package devidp

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"

	jose "github.com/go-jose/go-jose/v4"
)

// keyRing holds the RS256 signing keys. The newest signs; older ones stay published
// after a rotation, as Okta keeps them, until retired.
type keyRing struct {
	keys []jose.JSONWebKey // private keys, newest last
}

func newKeyRing() (*keyRing, error) {
	k, err := newRSAKey()
	if err != nil {
		return nil, err
	}
	return &keyRing{keys: []jose.JSONWebKey{k}}, nil
}

func newRSAKey() (jose.JSONWebKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	return jose.JSONWebKey{Key: priv, KeyID: randomString(16), Algorithm: string(jose.RS256), Use: "sig"}, nil
}

func (r *keyRing) signing() jose.JSONWebKey { return r.keys[len(r.keys)-1] }

// RotateKey makes a new signing key with a new kid. The old keys stay in the JWKS
// (Okta publishes both during a rotation) until RetireOldKeys.
func (p *Provider) RotateKey() error {
	k, err := newRSAKey()
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys.keys = append(p.keys.keys, k)
	return nil
}

// RetireOldKeys removes every key but the current signing key from the JWKS.
func (p *Provider) RetireOldKeys() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys.keys = []jose.JSONWebKey{p.keys.signing()}
}

// SigningKeyID returns the kid of the current signing key.
func (p *Provider) SigningKeyID() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.keys.signing().KeyID
}

func (p *Provider) serveKeys(w http.ResponseWriter, _ *http.Request, _ string) {
	p.count(EndpointKeys)
	p.mu.Lock()
	set := make([]any, 0, len(p.keys.keys)+4)
	for _, k := range p.keys.keys {
		set = append(set, k.Public())
	}
	extra := p.faults.ExtraUnknownKeys
	p.mu.Unlock()
	if extra {
		set = append(set, unknownKeys()...)
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": set})
}

// unknownKeys are JWKS entries a verifier must skip: types it does not know, an
// algorithm it does not support, a symmetric key and an encryption key.
func unknownKeys() []any {
	b64 := func(n int) string {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	return []any{
		map[string]any{"kty": "OKP", "crv": "Ed448", "x": b64(57), "kid": "ed448-key", "use": "sig"},
		map[string]any{"kty": "EC", "crv": "secp256k1", "alg": "ES256K", "x": b64(32), "y": b64(32), "kid": "k1-key", "use": "sig"},
		map[string]any{"kty": "oct", "k": b64(32), "alg": "HS256", "kid": "shared-key"},
		map[string]any{"kty": "RSA", "alg": "RSA-OAEP", "use": "enc", "n": b64(256), "e": "AQAB", "kid": "enc-key"},
		map[string]any{"kty": "ML-DSA", "alg": "ML-DSA-65", "pub": b64(64), "kid": "pq-key"},
	}
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	s := base64.RawURLEncoding.EncodeToString(b)
	return s[:n]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, status int, code, description string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}
