package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// Create stores a new user (Version 1 when zero) with its index entries.
func (r users) Create(ctx context.Context, u core.User) error {
	if u.Version == 0 {
		u.Version = 1
	}
	val, err := encodeUser(u) // encoded before queueing: the committer only writes
	if err != nil {
		return err
	}
	keys := keysOfUser(u)
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		k := key(u.CompanyID, u.ID)
		if b.Get(k) != nil {
			return core.E(core.Conflict, "A user with ID %q already exists.", u.ID)
		}
		if err := keys.check(tx, u.CompanyID, u.ID); err != nil {
			return err
		}
		if err := put(b, k, val); err != nil {
			return err
		}
		if err := keys.put(tx, u.CompanyID, u.ID); err != nil {
			return err
		}
		if err := addCount(tx, liveDelta(userKeys{}, keys), cntUsersLive, u.CompanyID); err != nil {
			return err
		}
		return addCount(tx, 1, cntUsersAll, u.CompanyID)
	})
}

// Update applies fn to the live user and saves it with the next Version, moving its
// index entries; setting DeletedAt frees them. Nothing is written unless fn and
// every check succeed.
func (r users) Update(ctx context.Context, cid, id string, fn func(*core.User) error) (core.User, error) {
	var out core.User
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bUsers).Get(key(cid, id))
		old, err := liveUser(raw, cid, id)
		if err != nil {
			return err
		}
		u, err := decodeUser(raw) // a second copy, so fn shares nothing with old
		if err != nil {
			return err
		}
		if err := fn(&u); err != nil {
			return err
		}
		u.ID, u.CompanyID, u.Version = id, cid, old.Version+1
		nu, err := r.save(tx, old, u)
		out = nu
		return err
	})
	return out, err
}

// save writes u over old: checks first, then the record, its keys and the counter.
func (r users) save(tx *bolt.Tx, old, u core.User) (core.User, error) {
	oldKeys, newKeys := keysOfUser(old), keysOfUser(u)
	if err := newKeys.check(tx, u.CompanyID, u.ID); err != nil {
		return core.User{}, err
	}
	val, err := encodeUser(u)
	if err != nil {
		return core.User{}, err
	}
	if err := oldKeys.remove(tx, u.CompanyID, u.ID); err != nil {
		return core.User{}, err
	}
	if err := newKeys.put(tx, u.CompanyID, u.ID); err != nil {
		return core.User{}, err
	}
	if err := addCount(tx, liveDelta(oldKeys, newKeys), cntUsersLive, u.CompanyID); err != nil {
		return core.User{}, err
	}
	return u, put(tx.Bucket(bUsers), key(u.CompanyID, u.ID), val)
}
