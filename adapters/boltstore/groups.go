package boltstore

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"harriet/core"
	"harriet/ports"
)

type groups store

func loadGroup(tx *bolt.Tx, cid, id string) (core.Group, error) {
	v := tx.Bucket(bGroups).Get(key(cid, id))
	if v == nil {
		return core.Group{}, notFound("group", id)
	}
	return decodeGroup(v)
}

// Create stores a new group (Version 1 when zero). Conflict on a taken displayName.
func (r groups) Create(ctx context.Context, g core.Group) error {
	if g.Version == 0 {
		g.Version = 1
	}
	val, err := encodeGroup(g)
	if err != nil {
		return err
	}
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bGroups)
		if b.Get(key(g.CompanyID, g.ID)) != nil {
			return core.E(core.Conflict, "A group with ID %q already exists.", g.ID)
		}
		if err := checkGroupKeys(tx, g); err != nil {
			return err
		}
		if err := put(b, key(g.CompanyID, g.ID), val); err != nil {
			return err
		}
		if err := putGroupKeys(tx, g); err != nil {
			return err
		}
		return addCount(tx, 1, cntGroups, g.CompanyID)
	})
}

// Get returns a group of the company.
func (r groups) Get(ctx context.Context, cid, id string) (core.Group, error) {
	var g core.Group
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		var err error
		g, err = loadGroup(tx, cid, id)
		return err
	})
	return g, err
}

// ByDisplayName finds a group by its exact displayName.
func (r groups) ByDisplayName(ctx context.Context, cid, displayName string) (core.Group, error) {
	var g core.Group
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bGroupName).Get(key(cid, core.NormGroupName(displayName)))
		if id == nil {
			return core.E(core.NotFound, "No group named %q in this company.", displayName)
		}
		var err error
		g, err = loadGroup(tx, cid, string(id))
		return err
	})
	return g, err
}

// ByExternalID lists the groups with exactly this externalId, in ID order.
func (r groups) ByExternalID(ctx context.Context, cid, externalID string) ([]core.Group, error) {
	out := []core.Group{}
	if externalID == "" {
		return out, nil
	}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		return eachID(tx.Bucket(bGroupExt), prefix(cid, core.NormExternalID(externalID)), func(id string, _ []byte) (bool, error) {
			g, err := loadGroup(tx, cid, id)
			if err == nil && g.ExternalID == externalID {
				out = append(out, g)
			}
			return true, err
		})
	})
	return out, err
}

// Update applies fn and saves the group with the next Version, moving its keys.
func (r groups) Update(ctx context.Context, cid, id string, fn func(*core.Group) error) (core.Group, error) {
	var out core.Group
	err := r.a.write(ctx, func(tx *bolt.Tx) error {
		old, err := loadGroup(tx, cid, id)
		if err != nil {
			return err
		}
		g, _ := loadGroup(tx, cid, id) // a second copy, so fn shares nothing with old
		if err := fn(&g); err != nil {
			return err
		}
		g.ID, g.CompanyID, g.Version = id, cid, old.Version+1
		if err := checkGroupKeys(tx, g); err != nil {
			return err
		}
		val, err := encodeGroup(g)
		if err != nil {
			return err
		}
		if err := removeGroupKeys(tx, old); err != nil {
			return err
		}
		if err := putGroupKeys(tx, g); err != nil {
			return err
		}
		out = g
		return put(tx.Bucket(bGroups), key(cid, id), val)
	})
	return out, err
}

// Delete removes the group, its keys and every membership in it.
func (r groups) Delete(ctx context.Context, cid, id string) error {
	return r.a.write(ctx, func(tx *bolt.Tx) error {
		g, err := loadGroup(tx, cid, id)
		if err != nil {
			return err
		}
		if _, err := removeAllMembers(tx, cid, id); err != nil {
			return err
		}
		if err := removeGroupKeys(tx, g); err != nil {
			return err
		}
		if err := addCount(tx, -1, cntGroups, cid); err != nil {
			return err
		}
		return del(tx.Bucket(bGroups), key(cid, id))
	})
}

// List returns a page of the company's groups in ID order.
func (r groups) List(ctx context.Context, cid string, q ports.ListQuery) ([]core.Group, error) {
	out := []core.Group{}
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		return page(tx.Bucket(bGroups), prefix(cid), q, func(_ string, v []byte) error {
			g, err := decodeGroup(v)
			out = append(out, g)
			return err
		})
	})
	return out, err
}

// Count counts the company's groups.
func (r groups) Count(ctx context.Context, cid string) (int, error) {
	n := 0
	err := r.a.read(ctx, func(tx *bolt.Tx) error {
		n = count(tx, cntGroups, cid)
		return nil
	})
	return n, err
}

func checkGroupKeys(tx *bolt.Tx, g core.Group) error {
	name := key(g.CompanyID, core.NormGroupName(g.DisplayName))
	if err := checkKey("displayName", name); err != nil {
		return err
	}
	if err := checkKey("externalId", key(g.CompanyID, g.ExternalID, g.ID)); err != nil {
		return err
	}
	if owner := tx.Bucket(bGroupName).Get(name); owner != nil && string(owner) != g.ID {
		return conflict("displayName", "A group named %q already exists in this company.", g.DisplayName)
	}
	return nil
}

func putGroupKeys(tx *bolt.Tx, g core.Group) error {
	if err := put(tx.Bucket(bGroupName), key(g.CompanyID, core.NormGroupName(g.DisplayName)), []byte(g.ID)); err != nil {
		return err
	}
	if g.ExternalID == "" {
		return nil
	}
	return put(tx.Bucket(bGroupExt), key(g.CompanyID, core.NormExternalID(g.ExternalID), g.ID), present)
}

func removeGroupKeys(tx *bolt.Tx, g core.Group) error {
	if err := delIfOwner(tx.Bucket(bGroupName), key(g.CompanyID, core.NormGroupName(g.DisplayName)), g.ID); err != nil {
		return err
	}
	return del(tx.Bucket(bGroupExt), key(g.CompanyID, core.NormExternalID(g.ExternalID), g.ID))
}
