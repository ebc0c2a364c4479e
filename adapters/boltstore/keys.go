package boltstore

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"harriet/ports"
)

// sep joins the parts of a key. IDs never contain it ([A-Za-z0-9-]), so a prefix of
// IDs followed by sep names exactly one company, group or user.
const sep = 0x00

// key joins parts with sep.
func key(parts ...string) []byte {
	n := len(parts)
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

// prefix is key(parts...) followed by sep: the start of every key under parts.
func prefix(parts ...string) []byte { return append(key(parts...), sep) }

// join appends raw bytes (a hash) after a prefix.
func join(p []byte, tail []byte) []byte {
	return append(append(make([]byte, 0, len(p)+len(tail)), p...), tail...)
}

// lastPart returns what follows p in k when it is a single part (no sep), that is
// when k is p + ID and not a longer key that merely starts with p.
func lastPart(k, p []byte) (string, bool) {
	if !bytes.HasPrefix(k, p) {
		return "", false
	}
	rest := k[len(p):]
	if len(rest) == 0 || bytes.IndexByte(rest, sep) >= 0 {
		return "", false
	}
	return string(rest), true
}

// eachID calls fn with the ID of every key p+ID in order; fn returns false to stop.
func eachID(b *bolt.Bucket, p []byte, fn func(id string, v []byte) (bool, error)) error {
	c := b.Cursor()
	for k, v := c.Seek(p); k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		id, ok := lastPart(k, p)
		if !ok {
			continue
		}
		more, err := fn(id, v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// page walks the keys p+ID in ID order as q asks: from after q.After, skipping
// q.Offset keys (without decoding anything), at most q.Limit of them.
func page(b *bolt.Bucket, p []byte, q ports.ListQuery, fn func(id string, v []byte) error) error {
	c := b.Cursor()
	var k, v []byte
	if q.After != "" {
		start := join(p, []byte(q.After))
		k, v = c.Seek(start)
		if bytes.Equal(k, start) {
			k, v = c.Next()
		}
	} else {
		k, v = c.Seek(p)
	}
	skipped, n := 0, 0
	for ; k != nil && bytes.HasPrefix(k, p); k, v = c.Next() {
		id, ok := lastPart(k, p)
		if !ok {
			continue
		}
		if skipped < q.Offset {
			skipped++
			continue
		}
		if q.Limit > 0 && n >= q.Limit {
			return nil
		}
		if err := fn(id, v); err != nil {
			return err
		}
		n++
	}
	return nil
}

// Counters keep Count cheap: one key per company (or group), changed in the same
// transaction as the records they count.
const (
	cntUsersLive = "users_live"
	cntUsersAll  = "users_all"
	cntGroups    = "groups"
	cntMembers   = "members"
)

func count(tx *bolt.Tx, parts ...string) int {
	v := tx.Bucket(bCounts).Get(key(parts...))
	if len(v) != 8 {
		return 0
	}
	return int(int64(binary.BigEndian.Uint64(v)))
}

func addCount(tx *bolt.Tx, delta int, parts ...string) error {
	if delta == 0 {
		return nil
	}
	k := key(parts...)
	n := int64(count(tx, parts...) + delta)
	if n <= 0 {
		return del(tx.Bucket(bCounts), k)
	}
	v := make([]byte, 8)
	binary.BigEndian.PutUint64(v, uint64(n))
	return put(tx.Bucket(bCounts), k, v)
}

// present is the value of keys that only mark membership in a set. It is never
// empty: bbolt's Get answers nil for an empty value inside a write transaction.
var present = []byte{1}
