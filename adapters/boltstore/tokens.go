package boltstore

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

// Tokens are keyed cid 0 tid, with bTokenHash mapping the SHA-256 of the secret to
// that key, so a bearer finds its token (and so its company) in one lookup.
type tokens store

func loadToken(tx *bolt.Tx, cid, id string) (core.Token, error) {
	v := tx.Bucket(bTokens).Get(key(cid, id))
	if v == nil {
		return core.Token{}, notFound("API token", id)
	}
	return decodeToken(v)
}

// Create stores a new token. Conflict when its ID or hash is already stored.
func (r tokens) Create(ctx context.Context, t core.Token) error {
	val, err := encodeToken(t)
	if err != nil {
		return err
	}
	if len(t.Hash) == 0 {
		return core.E(core.Internal, "An API token without a hash cannot be stored.")
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b, hashes := tx.Bucket(bTokens), tx.Bucket(bTokenHash)
		k := key(t.CompanyID, t.ID)
		if b.Get(k) != nil || hashes.Get(t.Hash) != nil {
			return core.E(core.Conflict, "This API token already exists.")
		}
		if err := put(b, k, val); err != nil {
			return err
		}
		return put(hashes, t.Hash, k)
	})
}

// ByHash finds a token, revoked or not, in any company.
func (r tokens) ByHash(ctx context.Context, hash []byte) (core.Token, error) {
	var t core.Token
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var k []byte
		if len(hash) > 0 {
			k = tx.Bucket(bTokenHash).Get(hash)
		}
		v := tx.Bucket(bTokens).Get(k)
		if k == nil || v == nil {
			return core.E(core.NotFound, "No such API token.")
		}
		var err error
		t, err = decodeToken(v)
		return err
	})
	return t, err
}

// Get returns a token of the company.
func (r tokens) Get(ctx context.Context, cid, id string) (core.Token, error) {
	var t core.Token
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		t, err = loadToken(tx, cid, id)
		return err
	})
	return t, err
}

// List returns the company's tokens in ID order, filtered by q.
func (r tokens) List(ctx context.Context, cid string, q ports.TokenQuery) ([]core.Token, error) {
	out := []core.Token{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		return eachID(tx.Bucket(bTokens), prefix(cid), func(_ string, v []byte) (bool, error) {
			t, err := decodeToken(v)
			if err != nil {
				return false, err
			}
			if (q.CreatedBy == "" || t.CreatedBy == q.CreatedBy) && (q.IncludeRevoked || t.RevokedAt == nil) {
				out = append(out, t)
			}
			return true, nil
		})
	})
	return out, err
}

// Revoke marks the token revoked at at; a token already revoked keeps its first time.
func (r tokens) Revoke(ctx context.Context, cid, id string, at time.Time) error {
	return r.change(ctx, cid, id, func(t *core.Token) {
		if t.RevokedAt == nil {
			t.RevokedAt = &at
		}
	})
}

// Touch records a use of the token at at.
func (r tokens) Touch(ctx context.Context, cid, id string, at time.Time) error {
	return r.change(ctx, cid, id, func(t *core.Token) { t.LastUsedAt = &at })
}

func (r tokens) change(ctx context.Context, cid, id string, fn func(*core.Token)) error {
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		t, err := loadToken(tx, cid, id)
		if err != nil {
			return err
		}
		fn(&t)
		val, err := encodeToken(t)
		if err != nil {
			return err
		}
		return put(tx.Bucket(bTokens), key(cid, id), val)
	})
}
