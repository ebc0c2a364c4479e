package boltstore

import (
	"bytes"
	"context"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// Sessions are keyed by the SHA-256 of their ID, with bSessionUser (cid 0 uid 0 hash)
// so that deactivating a user ends every session of theirs in one transaction.
type sessions store

var errNoSession = core.E(core.NotFound, "No such session; sign in again.")

func loadSession(tx *bolt.Tx, hash []byte) (core.Session, error) {
	var v []byte
	if len(hash) > 0 {
		v = tx.Bucket(bSessions).Get(hash)
	}
	if v == nil {
		return core.Session{}, errNoSession
	}
	return decodeSession(v)
}

// Create stores a new session. Conflict when its hash is already stored.
func (r sessions) Create(ctx context.Context, s core.Session) error {
	val, err := encodeSession(s)
	if err != nil {
		return err
	}
	if len(s.Hash) == 0 {
		return core.E(core.Internal, "A session without a hash cannot be stored.")
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bSessions)
		if b.Get(s.Hash) != nil {
			return core.E(core.Conflict, "This session already exists.")
		}
		if err := put(b, s.Hash, val); err != nil {
			return err
		}
		return put(tx.Bucket(bSessionUser), join(prefix(s.CompanyID, s.UserID), s.Hash), present)
	})
}

// ByHash returns the session, expired or not: the caller checks ExpiresAt.
func (r sessions) ByHash(ctx context.Context, hash []byte) (core.Session, error) {
	var s core.Session
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		s, err = loadSession(tx, hash)
		return err
	})
	return s, err
}

// Touch records activity at at.
func (r sessions) Touch(ctx context.Context, hash []byte, at time.Time) error {
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		s, err := loadSession(tx, hash)
		if err != nil {
			return err
		}
		s.LastSeenAt = at
		val, err := encodeSession(s)
		if err != nil {
			return err
		}
		return put(tx.Bucket(bSessions), hash, val)
	})
}

// Delete ends the session.
func (r sessions) Delete(ctx context.Context, hash []byte) error {
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		s, err := loadSession(tx, hash)
		if err != nil {
			return err
		}
		return deleteSession(tx, s)
	})
}

func deleteSession(tx *bolt.Tx, s core.Session) error {
	if err := del(tx.Bucket(bSessions), s.Hash); err != nil {
		return err
	}
	return del(tx.Bucket(bSessionUser), join(prefix(s.CompanyID, s.UserID), s.Hash))
}

// DeleteForUser ends every session of the user and returns how many ended.
func (r sessions) DeleteForUser(ctx context.Context, cid, uid string) (int, error) {
	n := 0
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		p := prefix(cid, uid)
		var hashes [][]byte
		c := tx.Bucket(bSessionUser).Cursor()
		for k, _ := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, _ = c.Next() {
			hashes = append(hashes, cloneBytes(k[len(p):]))
		}
		for _, h := range hashes {
			s := core.Session{Hash: h, CompanyID: cid, UserID: uid}
			if err := deleteSession(tx, s); err != nil {
				return err
			}
		}
		n = len(hashes)
		return nil
	})
	return n, err
}
