package boltstore

import (
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"

	"harriet/ports"
)

// Memberships are two keys written together: cid 0 gid 0 uid in bMembers (the value
// is when it was added) and cid 0 uid 0 gid in bMemberOf. Adding K members writes 2K
// keys, whatever the size of the group.
type members store

func requireGroup(tx *bolt.Tx, cid, gid string) error {
	if tx.Bucket(bGroups).Get(key(cid, gid)) == nil {
		return notFound("group", gid)
	}
	return nil
}

// requireUser accepts a user of the company, soft-deleted or not.
func requireUser(tx *bolt.Tx, cid, uid string) error {
	if tx.Bucket(bUsers).Get(key(cid, uid)) == nil {
		return notFound("user", uid)
	}
	return nil
}

// Add makes live users of the company members of the group; present members are
// skipped. NotFound, and nothing added, when the group or any user is not the
// company's.
func (r members) Add(ctx context.Context, cid, gid string, uids []string, at time.Time) ([]string, error) {
	var added []string
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		added = []string{}
		if err := requireGroup(tx, cid, gid); err != nil {
			return err
		}
		for _, uid := range uids {
			if tx.Bucket(bUsersLive).Get(key(cid, uid)) == nil {
				return notFound("user", uid)
			}
		}
		mb, ob := tx.Bucket(bMembers), tx.Bucket(bMemberOf)
		when := make([]byte, 8)
		binary.BigEndian.PutUint64(when, uint64(ms(at)))
		for _, uid := range uids {
			if mb.Get(key(cid, gid, uid)) != nil {
				continue // already a member, or named twice in uids
			}
			if err := put(mb, key(cid, gid, uid), when); err != nil {
				return err
			}
			if err := put(ob, key(cid, uid, gid), present); err != nil {
				return err
			}
			added = append(added, uid)
		}
		return addCount(tx, len(added), cntMembers, cid, gid)
	})
	return added, err
}

// Remove ends the memberships of the users named; absent members are skipped.
func (r members) Remove(ctx context.Context, cid, gid string, uids []string) ([]string, error) {
	var removed []string
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		removed = []string{}
		if err := requireGroup(tx, cid, gid); err != nil {
			return err
		}
		for _, uid := range uids {
			ok, err := removeMembership(tx, cid, gid, uid)
			if err != nil {
				return err
			}
			if ok {
				removed = append(removed, uid)
			}
		}
		return addCount(tx, -len(removed), cntMembers, cid, gid)
	})
	return removed, err
}

// removeMembership deletes both keys of one membership, reporting whether it existed.
func removeMembership(tx *bolt.Tx, cid, gid, uid string) (bool, error) {
	mb := tx.Bucket(bMembers)
	if mb.Get(key(cid, gid, uid)) == nil {
		return false, nil
	}
	if err := del(mb, key(cid, gid, uid)); err != nil {
		return false, err
	}
	return true, del(tx.Bucket(bMemberOf), key(cid, uid, gid))
}

// Members lists a page of the group's member IDs in ID order.
func (r members) Members(ctx context.Context, cid, gid string, q ports.ListQuery) ([]string, error) {
	out := []string{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		if err := requireGroup(tx, cid, gid); err != nil {
			return err
		}
		return page(tx.Bucket(bMembers), prefix(cid, gid), q, func(uid string, _ []byte) error {
			out = append(out, uid)
			return nil
		})
	})
	return out, err
}

// CountMembers counts the group's members from a counter kept with the memberships.
func (r members) CountMembers(ctx context.Context, cid, gid string) (int, error) {
	n := 0
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		if err := requireGroup(tx, cid, gid); err != nil {
			return err
		}
		n = count(tx, cntMembers, cid, gid)
		return nil
	})
	return n, err
}

// GroupsOf lists the IDs of the user's groups in ID order.
func (r members) GroupsOf(ctx context.Context, cid, uid string) ([]string, error) {
	out := []string{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		if err := requireUser(tx, cid, uid); err != nil {
			return err
		}
		return eachID(tx.Bucket(bMemberOf), prefix(cid, uid), func(gid string, _ []byte) (bool, error) {
			out = append(out, gid)
			return true, nil
		})
	})
	return out, err
}

// RemoveUser ends every membership of the user (soft-deleted or not) and returns the
// groups' IDs.
func (r members) RemoveUser(ctx context.Context, cid, uid string) ([]string, error) {
	var gids []string
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		gids = []string{}
		if err := requireUser(tx, cid, uid); err != nil {
			return err
		}
		err := eachID(tx.Bucket(bMemberOf), prefix(cid, uid), func(gid string, _ []byte) (bool, error) {
			gids = append(gids, gid)
			return true, nil
		})
		if err != nil {
			return err
		}
		for _, gid := range gids { // deleting while iterating would skip keys
			if _, err := removeMembership(tx, cid, gid, uid); err != nil {
				return err
			}
			if err := addCount(tx, -1, cntMembers, cid, gid); err != nil {
				return err
			}
		}
		return nil
	})
	return gids, err
}

// removeAllMembers ends every membership of a group, for its deletion.
func removeAllMembers(tx *bolt.Tx, cid, gid string) (int, error) {
	var uids []string
	err := eachID(tx.Bucket(bMembers), prefix(cid, gid), func(uid string, _ []byte) (bool, error) {
		uids = append(uids, uid)
		return true, nil
	})
	if err != nil {
		return 0, err
	}
	for _, uid := range uids {
		if _, err := removeMembership(tx, cid, gid, uid); err != nil {
			return 0, err
		}
	}
	return len(uids), del(tx.Bucket(bCounts), key(cntMembers, cid, gid))
}
