package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
)

// Existing returns the company's live users among ids, each once, in any order, read
// in one transaction.
func (r users) Existing(ctx context.Context, cid string, ids []string) ([]core.User, error) {
	var out []core.User
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		out = out[:0]
		b := tx.Bucket(bUsers)
		for _, id := range core.DistinctIDs(ids) {
			u, err := liveUser(b.Get(key(cid, id)), cid, id)
			switch {
			case core.IsKind(err, core.NotFound):
			case err != nil:
				return err
			default:
				out = append(out, u)
			}
		}
		return nil
	})
	return out, err
}

// AppendMany stores the entries in one write, all or none.
func (r audits) AppendMany(ctx context.Context, entries []core.AuditEntry) error {
	if len(entries) == 0 {
		return nil
	}
	vals := make([][]byte, len(entries))
	for i, e := range entries {
		v, err := encodeAudit(e)
		if err != nil {
			return err
		}
		vals[i] = v
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bAudit)
		for i, e := range entries {
			k := key(e.CompanyID, e.ID)
			if b.Get(k) != nil {
				return core.E(core.Conflict, "An audit entry with ID %q already exists.", e.ID)
			}
			if err := put(b, k, vals[i]); err != nil {
				return err
			}
		}
		return nil
	})
}
