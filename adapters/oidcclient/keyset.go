package oidcclient

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/time/rate"
)

// errThrottled is returned when a token names a kid Harriet does not know and the
// issuer's keys were fetched too recently to ask again.
var errThrottled = errors.New("the token's key ID is unknown and the provider's keys were fetched too recently to fetch them again")

// keySet verifies RS256 signatures against one issuer's JWKS (it implements go-oidc's
// KeySet). Unlike go-oidc's RemoteKeySet it refetches the JWKS on an unknown kid only
// as often as its limiter allows, so forged tokens with made-up kids cannot make
// Harriet hammer the provider; and it keeps only RSA signing keys, skipping every key
// of a type, use or algorithm it does not verify with.
type keySet struct {
	issuer  string
	url     string
	client  *http.Client
	limiter *rate.Limiter

	fetchMu sync.Mutex // one fetch at a time; later callers reuse its result
	mu      sync.RWMutex
	keys    map[string]*rsa.PublicKey // by kid
	gen     uint64                    // bumped by each successful fetch
	fetches int
}

func newKeySet(issuer, url string, client *http.Client, limiter *rate.Limiter) *keySet {
	return &keySet{issuer: issuer, url: url, client: client, limiter: limiter, keys: map[string]*rsa.PublicKey{}}
}

// VerifySignature returns the payload of a JWS signed with one of the issuer's RSA
// keys. go-oidc has already refused every algorithm but RS256.
func (k *keySet) VerifySignature(ctx context.Context, raw string) ([]byte, error) {
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return nil, fmt.Errorf("malformed token: %w", err)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("the token must carry exactly one signature")
	}
	kid := jws.Signatures[0].Header.KeyID
	payload, known, gen, err := k.verifyCached(jws, kid)
	if known {
		return payload, err
	}
	if err := k.refresh(ctx, gen); err != nil {
		return nil, err
	}
	payload, known, _, err = k.verifyCached(jws, kid)
	if !known {
		return nil, fmt.Errorf("no key with kid %q in %s", kid, k.url)
	}
	return payload, err
}

// verifyCached verifies with the cached keys. known says whether a cached key was
// the one to decide: a known kid whose signature fails is a bad signature, and no
// reason to fetch the keys again.
func (k *keySet) verifyCached(jws *jose.JSONWebSignature, kid string) ([]byte, bool, uint64, error) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	if kid != "" {
		pub, ok := k.keys[kid]
		if !ok {
			return nil, false, k.gen, nil
		}
		payload, err := jws.Verify(pub)
		return payload, true, k.gen, err
	}
	for _, pub := range k.keys {
		if payload, err := jws.Verify(pub); err == nil {
			return payload, true, k.gen, nil
		}
	}
	return nil, false, k.gen, nil
}

// refresh fetches the JWKS unless another caller did since seenGen, and only as often
// as the limiter allows.
func (k *keySet) refresh(ctx context.Context, seenGen uint64) error {
	k.fetchMu.Lock()
	defer k.fetchMu.Unlock()
	k.mu.RLock()
	fresh := k.gen != seenGen
	k.mu.RUnlock()
	if fresh {
		return nil
	}
	if !k.limiter.Allow() {
		return errThrottled
	}
	keys, err := k.fetch(ctx)
	if err != nil {
		return err
	}
	k.mu.Lock()
	k.keys, k.gen = keys, k.gen+1
	k.fetches++
	k.mu.Unlock()
	return nil
}

func (k *keySet) fetch(ctx context.Context) (map[string]*rsa.PublicKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, k.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := k.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching the keys at %s: %w", k.url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading the keys at %s: %w", k.url, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the keys at %s answered %s", k.url, resp.Status)
	}
	return parseJWKS(body)
}

// parseJWKS keeps the RSA signing keys of a JWKS and skips the rest: unknown key
// types (Ed448, post-quantum, ...), other algorithms (ES256K, HS256), symmetric keys
// and encryption keys (RFC 7517 §5: ignore what is not understood).
func parseJWKS(body []byte) (map[string]*rsa.PublicKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(body, &set); err != nil {
		return nil, fmt.Errorf("the JWKS is not JSON: %w", err)
	}
	out := map[string]*rsa.PublicKey{}
	for _, raw := range set.Keys {
		var head struct {
			Kty, Alg, Use, Kid string
		}
		if json.Unmarshal(raw, &head) != nil || head.Kty != "RSA" ||
			(head.Alg != "" && head.Alg != string(jose.RS256)) || (head.Use != "" && head.Use != "sig") {
			continue
		}
		var jwk jose.JSONWebKey
		if err := json.Unmarshal(raw, &jwk); err != nil {
			continue
		}
		pub, ok := jwk.Public().Key.(*rsa.PublicKey)
		if !ok || pub.N.BitLen() < 2048 {
			continue
		}
		out[head.Kid] = pub
	}
	return out, nil
}

// Fetches reports how many times the keys were fetched (for tests and metrics).
func (k *keySet) Fetches() int {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.fetches
}
