package boltstore

import (
	"context"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

// Memberships lists a page of the group's memberships, with when each was added, in
// user ID order. The added time is the value of the group-side key.
func (r members) Memberships(ctx context.Context, cid, gid string, q ports.ListQuery) ([]core.Membership, error) {
	out := []core.Membership{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		if err := requireGroup(tx, cid, gid); err != nil {
			return err
		}
		return page(tx.Bucket(bMembers), prefix(cid, gid), q, func(uid string, v []byte) error {
			m := core.Membership{CompanyID: cid, GroupID: gid, UserID: uid}
			if len(v) == 8 {
				m.AddedAt = fromMS(int64(binary.BigEndian.Uint64(v)))
			}
			out = append(out, m)
			return nil
		})
	})
	return out, err
}
