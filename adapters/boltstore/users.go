package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

type users store

// liveUser decodes a stored user, answering NotFound when there is none or it was
// soft-deleted.
func liveUser(raw []byte, cid, id string) (core.User, error) {
	if raw == nil {
		return core.User{}, notFound("user", id)
	}
	u, err := decodeUser(raw)
	if err != nil {
		return core.User{}, err
	}
	if u.Deleted() {
		return core.User{}, notFound("user", id)
	}
	return u, nil
}

// Get returns a live user of the company.
func (r users) Get(ctx context.Context, cid, id string) (core.User, error) {
	var u core.User
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		u, err = liveUser(tx.Bucket(bUsers).Get(key(cid, id)), cid, id)
		return err
	})
	return u, err
}

// ByUserName finds a live user by userName, case-insensitively.
func (r users) ByUserName(ctx context.Context, cid, userName string) (core.User, error) {
	norm := core.NormUserName(userName)
	return r.byIndex(ctx, bUserName, key(cid, norm), norm, cid, "userName", userName)
}

// ByEmail finds a live user by primary email, case-insensitively.
func (r users) ByEmail(ctx context.Context, cid, email string) (core.User, error) {
	norm := core.NormEmail(email)
	return r.byIndex(ctx, bUserEmail, key(norm, cid), norm, cid, "email", email)
}

func (r users) byIndex(ctx context.Context, bucket, k []byte, norm, cid, what, asked string) (core.User, error) {
	var u core.User
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var id []byte
		if norm != "" {
			id = tx.Bucket(bucket).Get(k)
		}
		if id == nil {
			return core.E(core.NotFound, "No user with the %s %q in this company.", what, asked)
		}
		var err error
		u, err = liveUser(tx.Bucket(bUsers).Get(key(cid, string(id))), cid, string(id))
		return err
	})
	return u, err
}

// ByExternalID lists the live users with exactly this externalId, in ID order.
func (r users) ByExternalID(ctx context.Context, cid, externalID string) ([]core.User, error) {
	out := []core.User{}
	if externalID == "" {
		return out, nil
	}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		return eachID(tx.Bucket(bUserExt), prefix(cid, core.NormExternalID(externalID)), func(id string, _ []byte) (bool, error) {
			u, err := liveUser(b.Get(key(cid, id)), cid, id)
			if err == nil && u.ExternalID == externalID {
				out = append(out, u)
			}
			return true, err
		})
	})
	return out, err
}

// ByEmailAnyCompany lists the live users, in every company, whose primary email is email.
func (r users) ByEmailAnyCompany(ctx context.Context, email string) ([]core.User, error) {
	out := []core.User{}
	norm := core.NormEmail(email)
	if norm == "" {
		return out, nil
	}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		return eachID(tx.Bucket(bUserEmail), prefix(norm), func(cid string, uid []byte) (bool, error) {
			u, err := liveUser(b.Get(key(cid, string(uid))), cid, string(uid))
			if err == nil && core.NormEmail(u.PrimaryEmail()) == norm {
				out = append(out, u)
			}
			return true, err
		})
	})
	return out, err
}

// List returns a page of the company's users in ID order. Without IncludeDeleted it
// walks the index of live users, so skipping deleted ones costs no decoding.
func (r users) List(ctx context.Context, cid string, q ports.ListQuery) ([]core.User, error) {
	out := []core.User{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bUsers)
		walk := tx.Bucket(bUsersLive)
		if q.IncludeDeleted {
			walk = b
		}
		return page(walk, prefix(cid), q, func(id string, v []byte) error {
			if !q.IncludeDeleted {
				v = b.Get(key(cid, id))
			}
			u, err := decodeUser(v)
			out = append(out, u)
			return err
		})
	})
	return out, err
}

// Count counts the company's users from a counter kept with the records.
func (r users) Count(ctx context.Context, cid string, includeDeleted bool) (int, error) {
	n := 0
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		if includeDeleted {
			n = count(tx, cntUsersAll, cid)
		} else {
			n = count(tx, cntUsersLive, cid)
		}
		return nil
	})
	return n, err
}
