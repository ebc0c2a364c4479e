package boltstore

import (
	"bytes"
	"context"
	"strings"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

// Audit entries are keyed cid 0 aid; IDs are time-ordered, so walking the company's
// keys backwards lists newest first.
type audits store

// Append stores an entry. Entries are never changed afterwards.
func (r audits) Append(ctx context.Context, e core.AuditEntry) error {
	val, err := encodeAudit(e)
	if err != nil {
		return err
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bAudit)
		if b.Get(key(e.CompanyID, e.ID)) != nil {
			return core.E(core.Conflict, "An audit entry with ID %q already exists.", e.ID)
		}
		return put(b, key(e.CompanyID, e.ID), val)
	})
}

// List returns the company's entries newest first, from before q.Before, filtered by
// q, at most q.Limit (0: all).
func (r audits) List(ctx context.Context, cid string, q ports.AuditQuery) ([]core.AuditEntry, error) {
	out := []core.AuditEntry{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		p := prefix(cid)
		c := tx.Bucket(bAudit).Cursor()
		for k, v := lastBefore(c, p, q.Before); k != nil && bytes.HasPrefix(k, p); k, v = c.Prev() {
			if q.Limit > 0 && len(out) >= q.Limit {
				return nil
			}
			e, err := decodeAudit(v)
			if err != nil {
				return err
			}
			if auditMatches(e, q) {
				out = append(out, e)
			}
		}
		return nil
	})
	return out, err
}

// lastBefore places c on the last key under p that is less than p+before (or the
// last key under p when before is empty).
func lastBefore(c *bolt.Cursor, p []byte, before string) ([]byte, []byte) {
	end := append(p[:len(p)-1:len(p)-1], sep+1) // just past every key under p
	if before != "" {
		end = join(p, []byte(before))
	}
	if k, _ := c.Seek(end); k == nil {
		return c.Last()
	}
	return c.Prev()
}

func auditMatches(e core.AuditEntry, q ports.AuditQuery) bool {
	switch {
	case q.ActorID != "" && e.Actor.ID != q.ActorID:
		return false
	case q.TargetID != "" && e.Target.ID != q.TargetID:
		return false
	case q.Action == "":
		return true
	case strings.HasSuffix(q.Action, "."):
		return strings.HasPrefix(e.Action, q.Action)
	}
	return e.Action == q.Action
}
