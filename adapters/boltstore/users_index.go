package boltstore

import (
	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// userKeys are the index entries a user record owns. A soft-deleted user owns none,
// which is how deletion frees its userName and email.
type userKeys struct {
	live  bool
	name  string // NormUserName
	email string // NormEmail of the primary email
	ext   string // externalId, exact
}

func keysOfUser(u core.User) userKeys {
	if u.Deleted() {
		return userKeys{}
	}
	return userKeys{live: true, name: core.NormUserName(u.UserName),
		email: core.NormEmail(u.PrimaryEmail()), ext: core.NormExternalID(u.ExternalID)}
}

// check refuses keys bbolt cannot store and keys another live user of the company
// holds. It writes nothing.
func (k userKeys) check(tx *bolt.Tx, cid, uid string) error {
	if !k.live {
		return nil
	}
	for _, c := range []struct{ field, v string }{{"userName", k.name}, {"emails", k.email}, {"externalId", k.ext}} {
		if err := checkKey(c.field, key(cid, c.v, uid)); err != nil {
			return err
		}
	}
	if owner := tx.Bucket(bUserName).Get(key(cid, k.name)); k.name != "" && owner != nil && string(owner) != uid {
		return conflict("userName", "The userName is already taken by another user of this company.")
	}
	if owner := tx.Bucket(bUserEmail).Get(key(k.email, cid)); k.email != "" && owner != nil && string(owner) != uid {
		return conflict("emails", "The primary email is already taken by another user of this company.")
	}
	return nil
}

// put writes the index entries of k for the user.
func (k userKeys) put(tx *bolt.Tx, cid, uid string) error {
	if !k.live {
		return nil
	}
	if err := put(tx.Bucket(bUsersLive), key(cid, uid), present); err != nil {
		return err
	}
	if k.name != "" {
		if err := put(tx.Bucket(bUserName), key(cid, k.name), []byte(uid)); err != nil {
			return err
		}
	}
	if k.email != "" {
		if err := put(tx.Bucket(bUserEmail), key(k.email, cid), []byte(uid)); err != nil {
			return err
		}
	}
	if k.ext != "" {
		return put(tx.Bucket(bUserExt), key(cid, k.ext, uid), present)
	}
	return nil
}

// remove deletes the index entries of k that point at the user.
func (k userKeys) remove(tx *bolt.Tx, cid, uid string) error {
	if !k.live {
		return nil
	}
	if err := del(tx.Bucket(bUsersLive), key(cid, uid)); err != nil {
		return err
	}
	if err := delIfOwner(tx.Bucket(bUserName), key(cid, k.name), uid); err != nil {
		return err
	}
	if err := delIfOwner(tx.Bucket(bUserEmail), key(k.email, cid), uid); err != nil {
		return err
	}
	return del(tx.Bucket(bUserExt), key(cid, k.ext, uid))
}

// delIfOwner deletes a unique index entry only when it points at id.
func delIfOwner(b *bolt.Bucket, k []byte, id string) error {
	if v := b.Get(k); v != nil && string(v) == id {
		return del(b, k)
	}
	return nil
}

func liveDelta(old, nu userKeys) int {
	switch {
	case old.live && !nu.live:
		return -1
	case !old.live && nu.live:
		return 1
	}
	return 0
}
